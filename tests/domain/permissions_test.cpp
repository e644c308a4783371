// The role x action x scope matrix. kExpected is an independent copy of the table at the top of
// src/domain/permissions.cpp; every role and every action is checked against it on every kind
// of scope.
#include "domain/permissions.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>

namespace doithoai::permissions {
namespace {

const std::map<Role, std::set<std::string>>& expected_matrix() {
  static const std::map<Role, std::set<std::string>> m{
      {Role::admin,
       {"read_reference", "manage_units", "manage_agencies", "manage_fields", "manage_holidays",
        "manage_users", "manage_deadline_rules", "read_events", "read_matter", "read_reports",
        "read_dialogue", "read_reception"}},
      {Role::intake,
       {"read_reference", "read_matter", "create_matter", "classify_matter", "assign_matter",
        "merge_matter", "refuse_matter", "guide_matter", "manage_receptions", "read_events",
        "read_dialogue", "record_dialogue", "read_reception"}},
      {Role::leader, {"read_reference",   "read_matter",       "create_matter", "classify_matter",
                      "assign_matter",    "accept_matter",     "answer_matter", "forward_matter",
                      "guide_matter",     "refuse_matter",     "merge_matter",  "extend_deadline",
                      "publish_answer",   "close_matter",      "reopen_matter", "view_identity",
                      "manage_dialogues", "manage_receptions", "read_reports",  "read_events",
                      "read_dialogue",    "record_dialogue",   "read_reception"}},
      {Role::officer,
       {"read_reference", "read_matter", "accept_matter", "answer_matter", "forward_matter",
        "guide_matter", "view_identity", "read_events", "read_dialogue"}},
      {Role::inspector,
       {"read_reference", "read_matter", "read_reports", "read_events", "read_dialogue",
        "read_reception"}},
  };
  return m;
}

bool expected(Role r, Action a) {
  return expected_matrix().at(r).count(std::string(action_code(a))) > 0;
}

constexpr std::string_view kOutOfScope = "Ngoài phạm vi được phân quyền";
constexpr std::string_view kRoleForbids = "Vai trò không được phép thực hiện thao tác này";
constexpr std::string_view kNotHandler =
    "Chỉ cán bộ được giao xử lý mới được xem danh tính người tố cáo";

// The tree used throughout: province HP (root) > district VB > communes VA, DT; and district
// KT > commune KT1 elsewhere in the province. Agencies: UBND_VB and PTNMT_VB (unit VB),
// UBND_KT (unit KT).
const std::vector<std::string> kCommuneVA{"VA", "VB", "HP"};
const std::vector<std::string> kDistrictVB{"VB", "HP"};
const std::vector<std::string> kCommuneKT1{"KT1", "KT", "HP"};
const std::vector<std::string> kDistrictKT{"KT", "HP"};

ScopedGrant unit_grant(Role r, std::string code, bool root = false) {
  ScopedGrant g;
  g.role = r;
  g.scope_kind = Grant::ScopeKind::unit;
  g.scope_code = std::move(code);
  g.scope_is_root = root;
  return g;
}

ScopedGrant agency_grant(Role r, std::string code, std::string unit) {
  ScopedGrant g;
  g.role = r;
  g.scope_kind = Grant::ScopeKind::agency;
  g.scope_code = std::move(code);
  g.agency_unit_code = std::move(unit);
  return g;
}

Subject subject(std::vector<ScopedGrant> grants, std::string username = "alice") {
  return Subject{std::move(username), std::move(grants)};
}

Target target(std::vector<std::string> path, std::string agency = {}, std::string handler = {}) {
  return Target{std::move(path), std::move(agency), std::move(handler)};
}

class MatrixTest : public ::testing::TestWithParam<std::tuple<Role, Action>> {
 protected:
  Role role() const { return std::get<0>(GetParam()); }
  Action action() const { return std::get<1>(GetParam()); }
  bool permitted() const { return expected(role(), action()); }

  // The outcome expected in scope: the role's permission, with the officer's identity rule.
  void expect_in_scope(const Subject& s, const Target& t, bool is_handler) {
    const Decision d = decide(s, action(), t);
    bool allow = permitted();
    std::string_view reason = kRoleForbids;
    if (role() == Role::officer && action() == Action::view_identity && !is_handler) {
      allow = false;
      reason = kNotHandler;
    }
    EXPECT_EQ(d.allowed, allow);
    EXPECT_EQ(can(s, action(), t), allow);
    if (allow) {
      EXPECT_TRUE(d.reason.empty());
    } else {
      EXPECT_EQ(d.reason, reason);
    }
  }

  // Outside every grant: only read_reference passes.
  void expect_out_of_scope(const Subject& s, const Target& t) {
    const Decision d = decide(s, action(), t);
    if (action() == Action::read_reference) {
      EXPECT_TRUE(d.allowed);
      return;
    }
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.reason, permitted() ? kOutOfScope : kRoleForbids);
  }
};

TEST_P(MatrixTest, RolePermitsMatchesTheTable) {
  EXPECT_EQ(role_permits(role(), action()), permitted());
}

TEST_P(MatrixTest, UnitGrantCoversItsSubtree) {
  const Subject s = subject({unit_grant(role(), "VB")});
  SCOPED_TRACE(std::string(role_code(role())) + " " + std::string(action_code(action())));
  expect_in_scope(s, target(kCommuneVA, "UBND_VA", "alice"), true);
  expect_in_scope(s, target(kDistrictVB, "", "alice"), true);
  expect_in_scope(s, target(kCommuneVA, "UBND_VA", "bob"), false);
  expect_in_scope(s, target(kCommuneVA), false);
}

TEST_P(MatrixTest, UnitGrantDoesNotCoverOtherUnitsOrAncestors) {
  const Subject s = subject({unit_grant(role(), "VB")});
  expect_out_of_scope(s, target(kCommuneKT1, "", "alice"));
  expect_out_of_scope(s, target(kDistrictKT, "UBND_KT", "alice"));
  expect_out_of_scope(s, target({"HP"}, "", "alice"));  // the parent province
  // A grant on a commune does not cover its district.
  expect_out_of_scope(subject({unit_grant(role(), "VA")}), target(kDistrictVB, "", "alice"));
}

TEST_P(MatrixTest, DeploymentWideTargetsNeedARootUnitGrant) {
  // National data (holidays): an empty unit path.
  expect_out_of_scope(subject({unit_grant(role(), "VB")}), target({}));
  expect_out_of_scope(subject({agency_grant(role(), "UBND_VB", "VB")}), target({}));
  // A grant on the root unit without scope_is_root is not enough either.
  expect_out_of_scope(subject({unit_grant(role(), "HP", false)}), target({}));
  expect_in_scope(subject({unit_grant(role(), "HP", true)}), target({}, "", "alice"), true);
  // and the root grant covers everything below it.
  expect_in_scope(subject({unit_grant(role(), "HP", true)}), target(kCommuneKT1, "", "alice"),
                  true);
}

TEST_P(MatrixTest, AgencyGrantCoversTheAgencysObjects) {
  const Subject s = subject({agency_grant(role(), "UBND_VB", "VB")});
  expect_in_scope(s, target(kDistrictVB, "UBND_VB", "alice"), true);
  expect_in_scope(s, target(kCommuneVA, "UBND_VB", "bob"), false);
  // Assigned to the agency, wherever it is filed.
  expect_in_scope(s, target(kCommuneKT1, "UBND_VB", "alice"), true);
  // Another agency elsewhere.
  expect_out_of_scope(s, target(kCommuneKT1, "UBND_KT", "alice"));
  expect_out_of_scope(s, target(kDistrictKT, "", "alice"));
}

TEST_P(MatrixTest, AgencyGrantCoversItsUnitSubtreeExceptForOfficers) {
  const Subject s = subject({agency_grant(role(), "UBND_VB", "VB")});
  // Another agency of the same district, a matter of a commune below it, nothing assigned.
  for (const Target& t : {target(kCommuneVA, "PTNMT_VB", "alice"), target(kCommuneVA, "", "alice"),
                          target(kDistrictVB, "", "alice")}) {
    if (role() == Role::officer) {
      expect_out_of_scope(s, t);
    } else {
      expect_in_scope(s, t, true);
    }
  }
}

TEST_P(MatrixTest, NoGrantsDeniesEverything) {
  const Subject s = subject({});
  for (const Target& t : {target({}), target(kCommuneVA, "UBND_VB", "alice")}) {
    const Decision d = decide(s, action(), t);
    EXPECT_FALSE(d.allowed);
    EXPECT_FALSE(d.reason.empty());
  }
}

TEST_P(MatrixTest, AnyCoveringGrantSuffices) {
  // An out-of-scope grant of the role plus an in-scope inspector grant: the inspector's
  // read-only actions pass, the role's actions only where its own grant covers.
  const Subject s = subject({unit_grant(role(), "KT"), unit_grant(Role::inspector, "VB")});
  const Decision d = decide(s, action(), target(kCommuneVA, "UBND_VA", "alice"));
  EXPECT_EQ(d.allowed, expected(Role::inspector, action()));
  // Where only the role's own grant covers (alice handles it), the inspector grant adds nothing.
  const Decision there = decide(s, action(), target(kCommuneKT1, "UBND_KT", "alice"));
  EXPECT_EQ(there.allowed, permitted());
}

std::string param_name(const ::testing::TestParamInfo<MatrixTest::ParamType>& info) {
  return std::string(role_code(std::get<0>(info.param))) + "_" +
         std::string(action_code(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(
    AllRolesAllActions, MatrixTest,
    ::testing::Combine(::testing::ValuesIn(all_roles().begin(), all_roles().end()),
                       ::testing::ValuesIn(all_actions().begin(), all_actions().end())),
    param_name);

TEST(Permissions, TheTableCoversEveryRoleAndAction) {
  EXPECT_EQ(all_roles().size(), 5U);
  EXPECT_EQ(all_actions().size(), 29U);
  std::size_t listed = 0;
  for (const auto& [role, actions] : expected_matrix()) {
    for (const auto& code : actions) {
      EXPECT_TRUE(parse_action(code).has_value()) << code;
      ++listed;
    }
  }
  std::size_t permitted = 0;
  for (Role r : all_roles()) {
    for (Action a : all_actions()) permitted += role_permits(r, a) ? 1 : 0;
  }
  EXPECT_EQ(permitted, listed);
}

TEST(Permissions, AdminsNeverHandleMattersNorSeeIdentities) {
  const Subject root_admin = subject({unit_grant(Role::admin, "HP", true)});
  const Target matter = target(kCommuneVA, "UBND_VB", "alice");
  EXPECT_TRUE(can(root_admin, Action::read_matter, matter));
  for (Action a : {Action::create_matter, Action::accept_matter, Action::answer_matter,
                   Action::close_matter, Action::view_identity, Action::publish_answer}) {
    const Decision d = decide(root_admin, a, matter);
    EXPECT_FALSE(d.allowed) << action_code(a);
    EXPECT_EQ(d.reason, kRoleForbids);
  }
}

TEST(Permissions, InspectorsChangeNothing) {
  const Subject s = subject({unit_grant(Role::inspector, "HP", true)});
  for (Action a : all_actions()) {
    const std::string code(action_code(a));
    const bool reads = code.rfind("read_", 0) == 0;
    EXPECT_EQ(can(s, a, target(kCommuneVA, "UBND_VB", "alice")), reads) << code;
  }
}

TEST(Permissions, OfficerSeesIdentityOnlyAsTheAssignedHandler) {
  const Subject officer = subject({agency_grant(Role::officer, "PTNMT_VB", "VB")}, "alice");
  EXPECT_TRUE(can(officer, Action::view_identity, target(kCommuneVA, "PTNMT_VB", "alice")));
  EXPECT_FALSE(can(officer, Action::view_identity, target(kCommuneVA, "PTNMT_VB", "bob")));
  EXPECT_FALSE(can(officer, Action::view_identity, target(kCommuneVA, "PTNMT_VB", "")));
  EXPECT_EQ(decide(officer, Action::view_identity, target(kCommuneVA, "PTNMT_VB", "")).reason,
            kNotHandler);
  // Being named handler does not reach outside the grant.
  EXPECT_FALSE(can(officer, Action::view_identity, target(kCommuneVA, "UBND_VB", "alice")));
  EXPECT_EQ(decide(officer, Action::view_identity, target(kCommuneVA, "UBND_VB", "alice")).reason,
            kOutOfScope);
  // A user without a username never matches an unassigned matter.
  const Subject nameless = subject({agency_grant(Role::officer, "PTNMT_VB", "VB")}, "");
  EXPECT_FALSE(can(nameless, Action::view_identity, target(kCommuneVA, "PTNMT_VB", "")));
  // Leaders in scope see it whoever handles the matter.
  const Subject leader = subject({unit_grant(Role::leader, "VB")});
  EXPECT_TRUE(can(leader, Action::view_identity, target(kCommuneVA, "PTNMT_VB", "bob")));
  // An officer who is also an in-scope leader elsewhere: the leader grant decides.
  const Subject both = subject(
      {agency_grant(Role::officer, "PTNMT_VB", "VB"), unit_grant(Role::leader, "VA")}, "alice");
  EXPECT_TRUE(can(both, Action::view_identity, target(kCommuneVA, "PTNMT_VB", "bob")));
  EXPECT_FALSE(can(both, Action::view_identity, target(kDistrictVB, "PTNMT_VB", "bob")));
}

TEST(Permissions, HolidaysAreManagedOnlyByRootAdmins) {
  const Target national = target({});
  EXPECT_TRUE(
      can(subject({unit_grant(Role::admin, "HP", true)}), Action::manage_holidays, national));
  const Decision district =
      decide(subject({unit_grant(Role::admin, "VB")}), Action::manage_holidays, national);
  EXPECT_FALSE(district.allowed);
  EXPECT_EQ(district.reason, kOutOfScope);
  EXPECT_FALSE(
      can(subject({unit_grant(Role::leader, "HP", true)}), Action::manage_holidays, national));
  // Everyone with a grant reads them.
  for (Role r : all_roles()) {
    EXPECT_TRUE(can(subject({agency_grant(r, "UBND_KT", "KT")}), Action::read_reference, national));
  }
  EXPECT_FALSE(can(subject({}), Action::read_reference, national));
}

TEST(Permissions, EmptyCodesNeverMatch) {
  // An agency grant with no code must not match objects assigned to no agency.
  EXPECT_FALSE(can(subject({agency_grant(Role::leader, "", "")}), Action::read_matter,
                   target(kCommuneVA, "", "")));
  EXPECT_FALSE(can(subject({unit_grant(Role::leader, "")}), Action::read_matter,
                   target({"", "HP"}, "", "")));
}

TEST(Permissions, RoleCodesRoundTrip) {
  const std::map<Role, std::pair<std::string_view, std::string_view>> names{
      {Role::admin, {"admin", "Quản trị hệ thống"}},
      {Role::intake, {"intake", "Cán bộ tiếp nhận"}},
      {Role::leader, {"leader", "Lãnh đạo"}},
      {Role::officer, {"officer", "Cán bộ chuyên môn"}},
      {Role::inspector, {"inspector", "Thanh tra, giám sát"}},
  };
  for (Role r : all_roles()) {
    EXPECT_EQ(role_code(r), names.at(r).first);
    EXPECT_EQ(role_name_vi(r), names.at(r).second);
    EXPECT_EQ(parse_role(role_code(r)), r);
  }
  for (std::string_view bad : {"", "Admin", "ADMIN", " admin", "admin ", "root", "lãnh đạo"}) {
    EXPECT_FALSE(parse_role(bad).has_value()) << bad;
  }
}

TEST(Permissions, ActionCodesRoundTrip) {
  std::set<std::string_view> seen;
  for (Action a : all_actions()) {
    const std::string_view code = action_code(a);
    EXPECT_FALSE(code.empty());
    EXPECT_TRUE(seen.insert(code).second) << "duplicate " << code;
    EXPECT_EQ(parse_action(code), a);
    for (char c : code) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << code;
  }
  EXPECT_EQ(action_code(Action::manage_holidays), "manage_holidays");
  EXPECT_EQ(action_code(Action::view_identity), "view_identity");
  EXPECT_FALSE(parse_action("").has_value());
  EXPECT_FALSE(parse_action("View_identity").has_value());
  EXPECT_FALSE(parse_action("delete_everything").has_value());
}

}  // namespace
}  // namespace doithoai::permissions
