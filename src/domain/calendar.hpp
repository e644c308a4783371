// The working-day calendar and the counting of legal periods (Bộ luật Dân sự 2015, Art.
// 147-148): the day of the event is not counted; N working days end on the N-th working day
// after it; N days end N calendar days after it, moved to the next working day when that day is
// a weekend or a public holiday.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/date.hpp"
#include "domain/model.hpp"

namespace doithoai {

// Working days are Monday to Friday, minus the holidays (Holiday::working_day == false), plus
// the make-up working days (Holiday::working_day == true, a Saturday or Sunday). A day listed
// both as a holiday and as a make-up day is a holiday. Immutable once built; every query is
// O(log h) in the number of listed days (add_working_days O(log(n) * log h)), whatever the span.
class WorkingCalendar {
 public:
  WorkingCalendar() = default;  // weekends only
  explicit WorkingCalendar(const std::vector<Holiday>& holidays);

  bool is_working_day(Date d) const;

  // The N-th working day after event_day (event_day itself not counted). n == 0 gives
  // event_day; n < 0 gives the |n|-th working day before event_day.
  Date add_working_days(Date event_day, int n) const;

  // event_day + n calendar days; when that day is not a working day, the first working day
  // after it.
  Date add_calendar_days(Date event_day, int n) const;

  // The number of working days in (from_exclusive, to_inclusive]; when to < from, minus the
  // number in (to, from]. So working_days_between(today, deadline) is "còn N ngày làm việc"
  // and working_days_between(deadline, today) > 0 is "quá hạn N ngày làm việc".
  int working_days_between(Date from_exclusive, Date to_inclusive) const;

  // The first working day strictly after d (== add_working_days(d, 1)).
  Date next_working_day(Date d) const;
  // The first working day on or after d.
  Date working_day_on_or_after(Date d) const;

 private:
  // Working days in (a, b] for a <= b, as day numbers since 1970-01-01.
  std::int64_t count(std::int64_t a, std::int64_t b) const;

  std::vector<std::int64_t> days_off_;  // sorted: holidays falling Monday..Friday
  std::vector<std::int64_t> makeup_;    // sorted: make-up working days on Saturday/Sunday
};

}  // namespace doithoai
