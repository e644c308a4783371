// create_user: validation, the Argon2id hash it stores, and the login it enables.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/fixture.hpp"

namespace doithoai::auth {
namespace {

using test_support::agency_grant;
using test_support::kPassword;
using test_support::unit_grant;

class CreateUserTest : public test_support::AuthTest {
 protected:
  void SetUp() override { start(); }
  static User candidate(const std::string& username) {
    User user;
    user.username = username;
    user.display_name = "Nguyễn Văn A";
    user.grants = {unit_grant(Role::officer, "00004"), agency_grant(Role::intake, "ubnd-00004")};
    return user;
  }
  void expect_invalid(const Expected<User>& result, const std::string& code,
                      const std::string& field) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::invalid);
    EXPECT_EQ(result.error().code, code);
    EXPECT_EQ(result.error().field, field);
    EXPECT_FALSE(result.error().message.empty());
    EXPECT_EQ(store.user_count(), 0);
  }
};

TEST_F(CreateUserTest, StoresAnArgon2idHashUnderTheLowerCasedName) {
  const auto created = service->create_user(candidate("Nguyen.Van_A-1"), kPassword, Actor::cli());
  ASSERT_TRUE(created.ok()) << created.error().code;
  EXPECT_EQ(created->username, "nguyen.van_a-1");
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->created_at, test_support::kStart);
  EXPECT_TRUE(created->password_hash.empty()) << "the hash is not handed back";

  const auto stored = store.stored_user("nguyen.van_a-1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(stored->password_hash, kPassword));
  EXPECT_EQ(stored->grants.size(), 2u);
  EXPECT_EQ(stored->display_name, "Nguyễn Văn A");
}

TEST_F(CreateUserTest, TheNewUserCanLogIn) {
  ASSERT_TRUE(service->create_user(candidate("tran.thi.b"), kPassword, Actor::cli()).ok());
  const auto login = service->login("tran.thi.b", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok()) << login.error().code;
  EXPECT_EQ(login->principal.subject.grants.size(), 2u);
}

TEST_F(CreateUserTest, RefusesBadUsernames) {
  const std::vector<std::string> names = {
      "ab", std::string(65, 'a'), "an ninh", "người.dùng", "a/b", "", "ab@c", "tab\tname"};
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    expect_invalid(service->create_user(candidate(name), kPassword, Actor::cli()), "bad_username",
                   "username");
  }
}

TEST_F(CreateUserTest, AcceptsTheUsernameLengthBounds) {
  EXPECT_TRUE(service->create_user(candidate("abc"), kPassword, Actor::cli()).ok());
  EXPECT_TRUE(service->create_user(candidate(std::string(64, 'z')), kPassword, Actor::cli()).ok());
}

TEST_F(CreateUserTest, RequiresAtLeastOneGrant) {
  User user = candidate("khong.quyen");
  user.grants.clear();
  expect_invalid(service->create_user(user, kPassword, Actor::cli()), "no_grants", "grants");
}

TEST_F(CreateUserTest, RefusesAGrantOnAnUnknownUnitOrAgency) {
  User unit_user = candidate("sai.don.vi");
  unit_user.grants.push_back(unit_grant(Role::admin, "99999"));
  expect_invalid(service->create_user(unit_user, kPassword, Actor::cli()), "unknown_scope",
                 "grants");

  User agency_user = candidate("sai.co.quan");
  agency_user.grants.push_back(agency_grant(Role::admin, "khong-co"));
  expect_invalid(service->create_user(agency_user, kPassword, Actor::cli()), "unknown_scope",
                 "grants");
}

TEST_F(CreateUserTest, RefusesAWeakPassword) {
  const auto result = service->create_user(candidate("mat.khau.yeu"), "1234567", Actor::cli());
  expect_invalid(result, "weak_password", "password");
  EXPECT_EQ(result.error().message, "Mật khẩu phải có ít nhất 8 ký tự");
}

TEST_F(CreateUserTest, ADuplicateUsernameIsTheStoresConflict) {
  ASSERT_TRUE(service->create_user(candidate("trung.ten"), kPassword, Actor::cli()).ok());
  const auto again = service->create_user(candidate("TRUNG.TEN"), kPassword, Actor::cli());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().code, "username_taken");
}

}  // namespace
}  // namespace doithoai::auth
