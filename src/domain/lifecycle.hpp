// The matter lifecycle: which action is allowed in which status, and where it leads.
//
//   received -> classified -> assigned -> (accepted) -> answered -> published -> closed
//   side paths: forwarded_up -> answered (answer_from_higher); guided; refused; merged;
//   extend (deadline, same status); reopen (citizen not satisfied); rate (same status).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/matter.hpp"
#include "domain/permissions.hpp"

namespace doithoai::lifecycle {

enum class Action {
  classify,            // kind, field, unit
  assign,              // lead agency and handler
  accept,              // thụ lý (complaints and denunciations)
  answer,              // direct or written answer
  forward_up,          // to the higher level, awaiting its direction
  answer_from_higher,  // the answer once the higher level has directed
  guide,               // sent to the competent body, with a document number
  refuse,              // not accepted, on a legal ground
  merge,               // into another matter
  extend,              // a deadline extension by decision
  publish,             // the answer becomes public
  close,
  reopen,  // the citizen is not satisfied
  rate,    // the citizen's satisfaction
};

std::span<const Action> all_actions();
std::string_view code(Action a);
std::optional<Action> parse_action(std::string_view code);
std::string_view name_vi(Action a);

// The status an action leads to from `from`, or nullopt when the action is not allowed there.
std::optional<Status> next_status(Status from, Action action, Kind kind);
// Every action allowed in a status (for a 409's list and the UI's forms).
std::vector<Action> allowed_actions(Status from, Kind kind);
// The permission each action needs (checked by domain/permissions, in one place).
permissions::Action permission_for(Action action);

}  // namespace doithoai::lifecycle
