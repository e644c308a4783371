#include "domain/calendar.hpp"

#include <algorithm>
#include <iterator>

namespace doithoai {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Monday = 0 .. Sunday = 6 for a day number (1970-01-01 was a Thursday).
int weekday_of(std::int64_t day) {
  return static_cast<int>(day + 3 - floor_div(day + 3, 7) * 7);
}

// Mondays..Fridays up to and including `day`, counted from a fixed origin; only differences
// are meaningful.
std::int64_t weekdays_through(std::int64_t day) {
  const std::int64_t k = day + 3;  // k mod 7 == weekday
  const std::int64_t q = floor_div(k, 7);
  const std::int64_t r = k - q * 7;
  return 5 * q + std::min<std::int64_t>(r + 1, 5);
}

// How many elements of the sorted vector v lie in (a, b].
std::int64_t in_range(const std::vector<std::int64_t>& v, std::int64_t a, std::int64_t b) {
  const auto first = std::upper_bound(v.begin(), v.end(), a);
  const auto last = std::upper_bound(first, v.end(), b);
  return last - first;
}

void sort_unique(std::vector<std::int64_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

WorkingCalendar::WorkingCalendar(const std::vector<Holiday>& holidays) {
  std::vector<std::int64_t> weekend_off;
  for (const Holiday& h : holidays) {
    const std::int64_t day = h.date.days();
    const bool weekend = weekday_of(day) >= 5;
    if (!h.working_day) {
      (weekend ? weekend_off : days_off_).push_back(day);
    } else if (weekend) {
      makeup_.push_back(day);
    }
  }
  sort_unique(days_off_);
  sort_unique(makeup_);
  sort_unique(weekend_off);
  // A day listed both as a holiday and as a make-up working day is a holiday.
  std::vector<std::int64_t> makeup;
  std::set_difference(makeup_.begin(), makeup_.end(), weekend_off.begin(), weekend_off.end(),
                      std::back_inserter(makeup));
  makeup_ = std::move(makeup);
}

bool WorkingCalendar::is_working_day(Date d) const {
  const std::int64_t day = d.days();
  if (weekday_of(day) < 5) return !std::binary_search(days_off_.begin(), days_off_.end(), day);
  return std::binary_search(makeup_.begin(), makeup_.end(), day);
}

std::int64_t WorkingCalendar::count(std::int64_t a, std::int64_t b) const {
  return weekdays_through(b) - weekdays_through(a) - in_range(days_off_, a, b) +
         in_range(makeup_, a, b);
}

Date WorkingCalendar::add_working_days(Date event_day, int n) const {
  const std::int64_t e = event_day.days();
  if (n == 0) return event_day;
  if (n > 0) {
    // Smallest d > e with count(e, d) >= n: that day is the n-th working day.
    std::int64_t lo = e;  // count(e, lo) < n
    std::int64_t hi = e + n;
    while (count(e, hi) < n) {
      lo = hi;
      hi = e + 2 * (hi - e);
    }
    while (hi - lo > 1) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      (count(e, mid) >= n ? hi : lo) = mid;
    }
    return Date::from_days(hi);
  }
  // Largest d < e with at least m working days in [d, e), i.e. count(d - 1, e - 1) >= m.
  const std::int64_t m = -static_cast<std::int64_t>(n);
  std::int64_t hi = e;  // fewer than m working days in [hi, e)
  std::int64_t lo = e - m;
  while (count(lo - 1, e - 1) < m) {
    hi = lo;
    lo = e - 2 * (e - lo);
  }
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    (count(mid - 1, e - 1) >= m ? lo : hi) = mid;
  }
  return Date::from_days(lo);
}

Date WorkingCalendar::add_calendar_days(Date event_day, int n) const {
  return working_day_on_or_after(event_day.plus_days(n));
}

int WorkingCalendar::working_days_between(Date from_exclusive, Date to_inclusive) const {
  const std::int64_t a = from_exclusive.days();
  const std::int64_t b = to_inclusive.days();
  return static_cast<int>(b >= a ? count(a, b) : -count(b, a));
}

Date WorkingCalendar::next_working_day(Date d) const {
  return add_working_days(d, 1);
}

Date WorkingCalendar::working_day_on_or_after(Date d) const {
  return is_working_day(d) ? d : next_working_day(d);
}

}  // namespace doithoai
