// Who may do what, where. This comment is the specification; kMatrix below must match it and
// tests/domain/permissions_test.cpp checks both against an independent copy of the table.
//
// Roles: A = admin (Quản trị hệ thống), I = intake (Cán bộ tiếp nhận), L = leader (Lãnh đạo),
//        O = officer (Cán bộ chuyên môn), S = inspector (Thanh tra, giám sát).
//
//   action                  A  I  L  O  S
//   read_reference          x  x  x  x  x   any subject with at least one grant, any scope
//   manage_units            x  .  .  .  .
//   manage_agencies         x  .  .  .  .
//   manage_fields           x  .  .  .  .
//   manage_holidays         x  .  .  .  .   national data: the target's unit_path is empty, so
//                                           only an admin grant on a root unit covers it
//   manage_users            x  .  .  .  .
//   manage_deadline_rules   x  .  .  .  .
//   read_events             x  x  x  x  x
//   read_matter             x  x  x  x  x
//   create_matter           .  x  x  .  .
//   classify_matter         .  x  x  .  .
//   assign_matter           .  x  x  .  .
//   accept_matter           .  .  x  x  .
//   answer_matter           .  .  x  x  .
//   forward_matter          .  .  x  x  .
//   guide_matter            .  x  x  x  .
//   refuse_matter           .  x  x  .  .
//   merge_matter            .  x  x  .  .
//   extend_deadline         .  .  x  .  .
//   publish_answer          .  .  x  .  .
//   close_matter            .  .  x  .  .
//   reopen_matter           .  .  x  .  .
//   view_identity           .  .  x  h  .   h: only when target.handler == subject.username
//   manage_dialogues        .  .  x  .  .
//   manage_receptions       .  x  x  .  .
//   read_reports            x  .  x  .  x
//   read_dialogue           x  x  x  x  x
//   record_dialogue         .  x  x  .  .   intake officers (office, Fatherland Front) keep the
//                                           lists and the minutes; the leader hosts
//   read_reception          x  x  x  .  x   the register carries ID numbers: not for officers
//
// manage_dialogues (plan, edit, lifecycle) is the host's: leaders only. manage_receptions
// (schedules, sessions, visits, bookings) is also the intake officers' (the reception board).
//
// Admins run the system: they read matters (without the denouncer's identity) but never
// handle them. Inspectors read and change nothing.
//
// Scope: an action is allowed when some grant's role permits it AND the grant covers the target.
//   - unit grant: covers a target whose unit_path contains scope_code; a target with an empty
//     unit_path (deployment-wide, e.g. national holidays) only when scope_is_root.
//   - agency grant: covers a target whose agency_code == scope_code; for every role except
//     officer also a target whose unit_path contains the agency's unit (agency_unit_code).
//     Officers of an agency see only what is assigned to that agency.
//   - read_reference needs no covering grant, only some grant.
// Refusals (Decision::reason, shown in the 403):
//   no grant at all                      -> "Tài khoản chưa được phân quyền"
//   no granted role permits the action   -> "Vai trò không được phép thực hiện thao tác này"
//   permitted, but no grant covers it    -> "Ngoài phạm vi được phân quyền"
//   officer in scope but not the handler -> "Chỉ cán bộ được giao xử lý mới được xem danh tính
//                                            người tố cáo"
#include "domain/permissions.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace doithoai::permissions {

namespace {

constexpr std::array kRoles{Role::admin, Role::intake, Role::leader, Role::officer,
                            Role::inspector};

constexpr std::array kActions{
    Action::read_reference,        Action::manage_units,    Action::manage_agencies,
    Action::manage_fields,         Action::manage_holidays, Action::manage_users,
    Action::manage_deadline_rules, Action::read_events,     Action::read_matter,
    Action::create_matter,         Action::classify_matter, Action::assign_matter,
    Action::accept_matter,         Action::answer_matter,   Action::forward_matter,
    Action::guide_matter,          Action::refuse_matter,   Action::merge_matter,
    Action::extend_deadline,       Action::publish_answer,  Action::close_matter,
    Action::reopen_matter,         Action::view_identity,   Action::manage_dialogues,
    Action::manage_receptions,     Action::read_reports,    Action::read_dialogue,
    Action::record_dialogue,       Action::read_reception,
};

// Codes in declaration order of Action; index = static_cast<int>(action).
constexpr std::array<std::string_view, kActions.size()> kActionCodes{
    "read_reference",    "manage_units",  "manage_agencies",       "manage_fields",
    "manage_holidays",   "manage_users",  "manage_deadline_rules", "read_events",
    "read_matter",       "create_matter", "classify_matter",       "assign_matter",
    "accept_matter",     "answer_matter", "forward_matter",        "guide_matter",
    "refuse_matter",     "merge_matter",  "extend_deadline",       "publish_answer",
    "close_matter",      "reopen_matter", "view_identity",         "manage_dialogues",
    "manage_receptions", "read_reports",  "read_dialogue",         "record_dialogue",
    "read_reception",
};

constexpr std::size_t index_of(Action a) {
  return static_cast<std::size_t>(a);
}
constexpr std::size_t index_of(Role r) {
  return static_cast<std::size_t>(r);
}

using Mask = std::uint64_t;
static_assert(kActions.size() <= 64);

constexpr Mask mask(std::initializer_list<Action> actions) {
  Mask m = 0;
  for (Action a : actions) m |= Mask{1} << index_of(a);
  return m;
}

using A = Action;
// The role x action matrix, index = static_cast<int>(role).
constexpr std::array<Mask, kRoles.size()> kMatrix{
    // admin
    mask({A::read_reference, A::manage_units, A::manage_agencies, A::manage_fields,
          A::manage_holidays, A::manage_users, A::manage_deadline_rules, A::read_events,
          A::read_matter, A::read_reports, A::read_dialogue, A::read_reception}),
    // intake
    mask({A::read_reference, A::read_matter, A::create_matter, A::classify_matter, A::assign_matter,
          A::merge_matter, A::refuse_matter, A::guide_matter, A::manage_receptions, A::read_events,
          A::read_dialogue, A::record_dialogue, A::read_reception}),
    // leader
    mask({A::read_reference,   A::read_matter,       A::create_matter, A::classify_matter,
          A::assign_matter,    A::accept_matter,     A::answer_matter, A::forward_matter,
          A::guide_matter,     A::refuse_matter,     A::merge_matter,  A::extend_deadline,
          A::publish_answer,   A::close_matter,      A::reopen_matter, A::view_identity,
          A::manage_dialogues, A::manage_receptions, A::read_reports,  A::read_events,
          A::read_dialogue,    A::record_dialogue,   A::read_reception}),
    // officer (view_identity further limited to the assigned handler in decide)
    mask({A::read_reference, A::read_matter, A::accept_matter, A::answer_matter, A::forward_matter,
          A::guide_matter, A::view_identity, A::read_events, A::read_dialogue}),
    // inspector
    mask({A::read_reference, A::read_matter, A::read_reports, A::read_events, A::read_dialogue,
          A::read_reception}),
};

constexpr std::string_view kNoGrants = "Tài khoản chưa được phân quyền";
constexpr std::string_view kRoleForbids = "Vai trò không được phép thực hiện thao tác này";
constexpr std::string_view kOutOfScope = "Ngoài phạm vi được phân quyền";
constexpr std::string_view kNotHandler =
    "Chỉ cán bộ được giao xử lý mới được xem danh tính người tố cáo";

bool path_contains(const std::vector<std::string>& path, const std::string& code) {
  return !code.empty() && std::find(path.begin(), path.end(), code) != path.end();
}

bool covers(const ScopedGrant& grant, const Target& target) {
  if (grant.scope_kind == Grant::ScopeKind::unit) {
    if (target.unit_path.empty()) return grant.scope_is_root;
    return path_contains(target.unit_path, grant.scope_code);
  }
  if (!grant.scope_code.empty() && target.agency_code == grant.scope_code) return true;
  return grant.role != Role::officer && path_contains(target.unit_path, grant.agency_unit_code);
}

Decision deny(std::string_view reason) {
  return Decision{false, std::string(reason)};
}

}  // namespace

bool role_permits(Role role, Action action) {
  const auto r = index_of(role);
  const auto a = index_of(action);
  if (r >= kMatrix.size() || a >= kActions.size()) return false;
  return (kMatrix[r] >> a) & 1U;
}

Decision decide(const Subject& subject, Action action, const Target& target) {
  if (subject.grants.empty()) return deny(kNoGrants);
  bool permitted = false;  // some grant's role permits the action
  bool covered = false;    // ... and covers the target, but failed a further condition
  for (const ScopedGrant& grant : subject.grants) {
    if (!role_permits(grant.role, action)) continue;
    permitted = true;
    if (action == Action::read_reference) return Decision{true, {}};
    if (!covers(grant, target)) continue;
    if (grant.role == Role::officer && action == Action::view_identity &&
        (subject.username.empty() || target.handler != subject.username)) {
      covered = true;
      continue;
    }
    return Decision{true, {}};
  }
  if (!permitted) return deny(kRoleForbids);
  return deny(covered ? kNotHandler : kOutOfScope);
}

std::string_view role_code(Role role) {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::intake:
      return "intake";
    case Role::leader:
      return "leader";
    case Role::officer:
      return "officer";
    case Role::inspector:
      return "inspector";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view code) {
  for (Role r : kRoles) {
    if (role_code(r) == code) return r;
  }
  return std::nullopt;
}

std::string_view action_code(Action action) {
  const auto a = index_of(action);
  return a < kActionCodes.size() ? kActionCodes[a] : std::string_view{};
}

std::optional<Action> parse_action(std::string_view code) {
  for (Action a : kActions) {
    if (action_code(a) == code) return a;
  }
  return std::nullopt;
}

std::string_view role_name_vi(Role role) {
  switch (role) {
    case Role::admin:
      return "Quản trị hệ thống";
    case Role::intake:
      return "Cán bộ tiếp nhận";
    case Role::leader:
      return "Lãnh đạo";
    case Role::officer:
      return "Cán bộ chuyên môn";
    case Role::inspector:
      return "Thanh tra, giám sát";
  }
  return "";
}

std::span<const Role> all_roles() {
  return kRoles;
}
std::span<const Action> all_actions() {
  return kActions;
}

// kActions and kActionCodes must follow the declaration order of Action.
static_assert([] {
  for (std::size_t i = 0; i < kActions.size(); ++i) {
    if (index_of(kActions[i]) != i) return false;
  }
  return index_of(Action::read_reception) + 1 == kActions.size();
}());
static_assert([] {
  for (std::size_t i = 0; i < kRoles.size(); ++i) {
    if (index_of(kRoles[i]) != i) return false;
  }
  return true;
}());

Expected<void> require(const Subject& subject, Action action, const Target& target) {
  auto decision = decide(subject, action, target);
  if (!decision.allowed) {
    return Error::make(ErrorKind::forbidden, "forbidden", std::move(decision.reason));
  }
  return {};
}

}  // namespace doithoai::permissions
