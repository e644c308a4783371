// subject_for: a user's grants resolved into the permissions module's Subject.
#include <gtest/gtest.h>

#include "auth/fixture.hpp"

namespace doithoai::auth {
namespace {

using test_support::agency_grant;
using test_support::unit_grant;

class SubjectTest : public test_support::AuthTest {
 protected:
  void SetUp() override { start(); }
};

TEST_F(SubjectTest, ResolvesAgencyUnitsAndTheRootFlag) {
  User user;
  user.username = "lanh.dao";
  user.grants = {agency_grant(Role::leader, "ubnd-00004"), unit_grant(Role::admin, "01"),
                 unit_grant(Role::officer, "00004")};
  const auto subject = service->subject_for(user);
  ASSERT_TRUE(subject.ok()) << subject.error().code;
  EXPECT_EQ(subject->username, "lanh.dao");
  ASSERT_EQ(subject->grants.size(), 3u);

  const auto& agency = subject->grants[0];
  EXPECT_EQ(agency.role, Role::leader);
  EXPECT_EQ(agency.scope_kind, Grant::ScopeKind::agency);
  EXPECT_EQ(agency.scope_code, "ubnd-00004");
  EXPECT_EQ(agency.agency_unit_code, "00004");
  EXPECT_FALSE(agency.scope_is_root);

  const auto& root = subject->grants[1];
  EXPECT_EQ(root.role, Role::admin);
  EXPECT_EQ(root.scope_kind, Grant::ScopeKind::unit);
  EXPECT_EQ(root.scope_code, "01");
  EXPECT_TRUE(root.scope_is_root);
  EXPECT_TRUE(root.agency_unit_code.empty());

  const auto& commune = subject->grants[2];
  EXPECT_EQ(commune.scope_code, "00004");
  EXPECT_FALSE(commune.scope_is_root);
}

TEST_F(SubjectTest, AGrantOnAScopeThatNoLongerExistsConfersNothing) {
  User user;
  user.username = "can.bo";
  user.grants = {unit_grant(Role::admin, "99999"), agency_grant(Role::admin, "khong-co"),
                 unit_grant(Role::officer, "00004")};
  const auto subject = service->subject_for(user);
  ASSERT_TRUE(subject.ok());
  ASSERT_EQ(subject->grants.size(), 1u);
  EXPECT_EQ(subject->grants[0].scope_code, "00004");
}

TEST_F(SubjectTest, AUserWithoutGrantsHasAnEmptySubject) {
  User user;
  user.username = "khong.quyen";
  const auto subject = service->subject_for(user);
  ASSERT_TRUE(subject.ok());
  EXPECT_TRUE(subject->grants.empty());
}

}  // namespace
}  // namespace doithoai::auth
