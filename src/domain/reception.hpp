// Citizen reception (tiếp công dân): a leader's schedule as a recurrence rule, and compliance
// with the legal reception duty (required vs held reception days per month), by rules that are
// data (data/reception_duties.tsv), versioned by the day they take effect.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace doithoai {
class WorkingCalendar;
}

namespace doithoai::reception {

// A subset of the iCalendar RRULE (RFC 5545), enough for reception schedules and exported as
// is in the .ics feed:
//   FREQ=WEEKLY[;INTERVAL=n][;BYDAY=MO,TH]             every Thursday; every other Monday
//   FREQ=MONTHLY[;INTERVAL=n][;BYMONTHDAY=10,25,-1]    the 10th and 25th; the last day
//   FREQ=MONTHLY[;BYDAY=2TH,4TH|-1FR|TU]               2nd and 4th Thursday; last Friday
// Without BYDAY (weekly) or BYDAY/BYMONTHDAY (monthly), the start date's weekday or day of the
// month is used. COUNT and UNTIL are not part of the rule: a schedule has its own start and
// end dates. Month days that do not exist in a month (31 in April) are skipped, as in RFC 5545.
struct Recurrence {
  enum class Freq { weekly, monthly };
  Freq freq = Freq::weekly;
  int interval = 1;                           // 1..12
  std::vector<int> weekdays;                  // weekly: 0 = Monday .. 6 = Sunday
  std::vector<std::pair<int, int>> nth_days;  // monthly BYDAY: (ordinal, weekday); 0 = every
  std::vector<int> month_days;                // monthly BYMONTHDAY: 1..31 or -1..-31

  // Refuses anything else with invalid "bad_rule" naming the part at fault (field "rule").
  static Expected<Recurrence> parse(std::string_view rrule);
  std::string rrule() const;        // canonical text, e.g. "FREQ=WEEKLY;BYDAY=TH"
  std::string describe_vi() const;  // "Thứ Năm hằng tuần", "Ngày 10, 25 hằng tháng"
};

// The dates the rule yields in [from, to], counting intervals from `start` (the schedule's
// first day; nothing before it). With a calendar, days that are not working days are left out.
std::vector<Date> occurrences(const Recurrence& rule, Date start, Date from, Date to,
                              const WorkingCalendar* working_only = nullptr);
// Whether the rule yields `day` (on or after start).
bool occurs_on(const Recurrence& rule, Date start, Date day,
               const WorkingCalendar* working_only = nullptr);

// A legal reception duty: the head of an agency of `agency_kind` at a unit of `unit_level`
// receives citizens at least `days` days a week or a month, from `valid_from`.
struct DutyRule {
  enum class Per { week, month };
  std::string code;         // "ubnd_xa", "bi_thu_xa", ...
  std::string holder;       // "Chủ tịch UBND cấp xã"
  std::string agency_kind;  // "people_committee", "party_committee"
  std::string unit_level;   // "commune", "district", "province"
  int days = 1;
  Per per = Per::month;
  Date valid_from;
  bool confirmed = true;
  std::string source;
};
Expected<void> validate(const DutyRule& rule);
std::string_view code(DutyRule::Per per);  // "week", "month"

// The rule in force on `on` for the head of such an agency: among the rows of that kind and
// level, the one with the latest valid_from not after `on`.
std::optional<DutyRule> duty_for(const std::vector<DutyRule>& rules, std::string_view agency_kind,
                                 std::string_view unit_level, Date on);

// Weeks (Monday to Sunday) that belong to a month: those whose Thursday falls in it (as ISO
// weeks belong to years). Every week belongs to exactly one month; a month has 4 or 5.
std::vector<Date> weeks_of_month(int year, int month);  // their Mondays

// One month of a leader's reception duty. The rule is the one in force on the month's first
// day: a rule that takes effect mid-month applies from the following month.
struct MonthCompliance {
  int year = 0;
  int month = 0;
  std::optional<DutyRule> rule;  // none: no duty for this kind of agency then
  int required = 0;              // days required in the month (weekly: weeks of the month)
  int held = 0;                  // distinct days with a held session, in the month
  int weeks_missed = 0;          // weekly duty: weeks of the month without a held day
  bool met = true;
};
MonthCompliance month_compliance(const std::vector<DutyRule>& rules, std::string_view agency_kind,
                                 std::string_view unit_level, int year, int month,
                                 const std::vector<Date>& held_days);

// The legal grounds for refusing to receive someone (Luật Tiếp công dân 2013, Art. 9).
struct RefusalGround {
  std::string_view code;
  std::string_view text;
};
std::vector<RefusalGround> refusal_grounds();
std::optional<RefusalGround> refusal_ground(std::string_view code);

// A visit's direction (hướng xử lý, form 03): accepted for handling, returned with guidance to
// the competent body, transferred to the competent body, or refused reception.
enum class Direction { accepted, guided, transferred, refused };
std::string_view code(Direction d);
std::string_view name_vi(Direction d);
std::optional<Direction> parse_direction(std::string_view code);

}  // namespace doithoai::reception
