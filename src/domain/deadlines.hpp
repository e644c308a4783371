// The deadline engine: rule rows (data/deadline_rules.tsv, editable by admins, versioned by
// date) applied with the working-day calendar. Pure: the caller supplies the dates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/matter.hpp"
#include "domain/result.hpp"

namespace doithoai::deadlines {

enum class DayCount { working, calendar };
enum class Anchor { received, accepted };

// One rule row: for a kind (or every kind) and a step, N working or calendar days from receipt
// or acceptance, with the extensions the law allows. The row in force for a matter is the one
// with the latest valid_from on or before the matter's receipt date.
struct Rule {
  std::optional<Kind> kind;  // empty: every kind
  std::string step;          // "notify", "accept", "resolve"
  int days = 0;
  DayCount count = DayCount::working;
  Anchor from = Anchor::received;
  int extension_days = 0;  // each extension adds this many (same count) to the due date
  int max_extensions = 0;
  Date valid_from;
  std::string source;  // the article of law, or "CHƯA XÁC NHẬN"
  bool confirmed = true;

  std::string id() const;  // "to_cao/resolve@2019-01-01"
};

struct Facts {
  Kind kind = Kind::phan_anh;
  Date received_on;
  std::optional<Date> accepted_on;
  int extensions = 0;  // extensions granted so far
  // When each step was met, if it was: step name -> date.
  std::vector<std::pair<std::string, Date>> met;
};

struct Deadline {
  std::string step;
  Date due_on;
  std::string rule;  // Rule::id()
  std::optional<Date> met_on;
  int extensions = 0;
};

// The rules in force for a kind on a date, one per step (a kind-specific row beats a row for
// every kind).
std::vector<Rule> rules_in_force(const std::vector<Rule>& rules, Kind kind, Date on);

// Every deadline of a matter. A step anchored on acceptance has no deadline until accepted.
std::vector<Deadline> compute(const std::vector<Rule>& rules, const WorkingCalendar& calendar,
                              const Facts& facts);

// Whether one more extension is allowed for the resolve step; the Error says why not.
Expected<void> may_extend(const std::vector<Rule>& rules, const Facts& facts);

// Validates a rule row (positive days, known step, extension figures).
Expected<void> validate(const Rule& rule);

}  // namespace doithoai::deadlines
