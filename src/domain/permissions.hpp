// The one place that decides who may do what, where. Every handler asks here; nothing else
// checks roles. A role is granted on a scope (an agency, or a unit with its subtree); an action
// is allowed when some grant's role permits the action and the grant's scope covers the target.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.hpp"
#include "domain/result.hpp"

namespace doithoai::permissions {

enum class Action {
  // reference data and administration
  read_reference,  // units, agencies, fields, holidays (any signed-in user)
  manage_units,    // add units, record mergers
  manage_agencies,
  manage_fields,
  manage_holidays,  // national calendar: needs an admin grant on a root unit
  manage_users,
  manage_deadline_rules,
  read_events,  // the event log of objects in scope
  // matters (vụ việc)
  read_matter,
  create_matter,  // staff intake
  classify_matter,
  assign_matter,
  accept_matter,  // thụ lý
  answer_matter,
  forward_matter,  // to the higher level
  guide_matter,    // to the competent body
  refuse_matter,
  merge_matter,
  extend_deadline,
  publish_answer,
  close_matter,
  reopen_matter,
  view_identity,  // a denouncer's identity (Luật Tố cáo Art. 47)
  // dialogues, reception, reports
  manage_dialogues,
  manage_receptions,
  read_reports,
  // added with dialogues and reception (appended: codes and the matrix are indexed by order)
  read_dialogue,    // a dialogue with its registrations (names, contacts) and opinions
  record_dialogue,  // village meetings, staff registrations, speaking order, opinions, attendance
  read_reception,   // schedules, sessions, bookings and the register (form 03, with ID numbers)
};

// What an action is done to. unit_path is the target's unit followed by its ancestors (nearest
// first); an empty path means the whole deployment (national data such as holidays).
// agency_code is the agency the object is assigned to or belongs to, if any; handler is the
// username of the assigned handler, if any.
struct Target {
  std::vector<std::string> unit_path;
  std::string agency_code;
  std::string handler;
};

// A grant as the permissions module needs it: the store resolves each agency grant's unit.
struct ScopedGrant {
  Role role = Role::inspector;
  Grant::ScopeKind scope_kind = Grant::ScopeKind::unit;
  std::string scope_code;
  std::string agency_unit_code;  // for agency grants: the agency's unit
  bool scope_is_root = false;    // for unit grants: the unit has no parent
};

struct Subject {
  std::string username;
  std::vector<ScopedGrant> grants;
};

struct Decision {
  bool allowed = false;
  std::string reason;  // why not, for logs and the 403 message (Vietnamese)
};

Decision decide(const Subject& subject, Action action, const Target& target);
inline bool can(const Subject& s, Action a, const Target& t) {
  return decide(s, a, t).allowed;
}
// The gate every front end (API, web pages) calls: forbidden, with decide()'s reason.
Expected<void> require(const Subject& subject, Action action, const Target& target);

// Whether a role ever permits an action, whatever the scope (the role x action matrix).
bool role_permits(Role role, Action action);

std::string_view role_code(Role role);  // "admin", "intake", "leader", "officer", "inspector"
std::optional<Role> parse_role(std::string_view code);
std::string_view action_code(Action action);
std::string_view role_name_vi(Role role);  // "Quản trị hệ thống", ...

// Added: every role and every action in declaration order (for tables, the UI and the matrix
// test), and the inverse of action_code.
std::span<const Role> all_roles();
std::span<const Action> all_actions();
std::optional<Action> parse_action(std::string_view code);

}  // namespace doithoai::permissions
