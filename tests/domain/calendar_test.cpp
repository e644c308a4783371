// The working-day calendar and the counting of periods (Bộ luật Dân sự 2015, Art. 147-148).
#include "domain/calendar.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <random>
#include <set>
#include <utility>

namespace doithoai {
namespace {

Date d(const char* iso) {
  const auto parsed = Date::parse_iso(iso);
  EXPECT_TRUE(parsed.has_value()) << iso;
  return parsed.value_or(Date{});
}

Holiday off(const char* iso, const char* name = "nghỉ") {
  return Holiday{d(iso), name, false, ""};
}
Holiday makeup(const char* iso) {
  return Holiday{d(iso), "làm bù", true, ""};
}

// Tết Nguyên đán 2026 as given for these tests: Saturday 14/02 to Sunday 22/02/2026.
std::vector<Holiday> tet_2026() {
  std::vector<Holiday> h;
  for (int day = 14; day <= 22; ++day)
    h.push_back({Date{2026, 2, day}, "Tết Nguyên đán", false, ""});
  return h;
}

// The naive definition, day by day, to check the fast one against.
struct Naive {
  std::set<std::int64_t> off;
  std::set<std::int64_t> work;
  explicit Naive(const std::vector<Holiday>& hs) {
    for (const auto& h : hs) (h.working_day ? work : off).insert(h.date.days());
  }
  bool working(std::int64_t x) const {
    if (off.count(x)) return false;
    if (work.count(x)) return true;
    return Date::from_days(x).weekday() < 5;
  }
  std::int64_t add(std::int64_t e, int n) const {
    std::int64_t x = e;
    while (n > 0) {
      ++x;
      if (working(x)) --n;
    }
    while (n < 0) {
      --x;
      if (working(x)) ++n;
    }
    return x;
  }
  int between(std::int64_t a, std::int64_t b) const {
    int c = 0;
    for (std::int64_t x = std::min(a, b) + 1; x <= std::max(a, b); ++x) c += working(x) ? 1 : 0;
    return b >= a ? c : -c;
  }
};

TEST(Calendar, TheWeekdaysOfTheExamples) {
  EXPECT_EQ(d("2026-11-20").weekday(), 4);  // Friday
  EXPECT_EQ(d("2026-12-04").weekday(), 4);
  EXPECT_EQ(d("2026-02-14").weekday(), 5);  // Saturday
  EXPECT_EQ(d("2026-02-22").weekday(), 6);  // Sunday
  EXPECT_EQ(d("2026-12-20").weekday(), 6);
}

TEST(Calendar, WeekendsAreNotWorkingDays) {
  const WorkingCalendar cal;
  EXPECT_TRUE(cal.is_working_day(d("2026-11-16")));   // Monday
  EXPECT_TRUE(cal.is_working_day(d("2026-11-20")));   // Friday
  EXPECT_FALSE(cal.is_working_day(d("2026-11-21")));  // Saturday
  EXPECT_FALSE(cal.is_working_day(d("2026-11-22")));  // Sunday
}

TEST(Calendar, TenWorkingDaysFromAFriday) {
  const WorkingCalendar cal(tet_2026());
  EXPECT_EQ(cal.add_working_days(d("2026-11-20"), 10), d("2026-12-04"));
  EXPECT_EQ(WorkingCalendar{}.add_working_days(d("2026-11-20"), 10), d("2026-12-04"));
}

TEST(Calendar, TheDayOfTheEventIsNotCounted) {
  const WorkingCalendar cal;
  EXPECT_EQ(cal.add_working_days(d("2026-11-16"), 1), d("2026-11-17"));  // Monday -> Tuesday
  EXPECT_EQ(cal.add_working_days(d("2026-11-20"), 1), d("2026-11-23"));  // Friday -> Monday
  EXPECT_EQ(cal.add_working_days(d("2026-11-21"), 1), d("2026-11-23"));  // Saturday -> Monday
  EXPECT_EQ(cal.add_working_days(d("2026-11-22"), 5), d("2026-11-27"));  // Sunday -> Friday
  EXPECT_EQ(cal.add_working_days(d("2026-11-16"), 0), d("2026-11-16"));
  EXPECT_EQ(cal.add_working_days(d("2026-11-21"), 0), d("2026-11-21"));
}

TEST(Calendar, ReceiptJustBeforeTetSkipsTheWholeWeek) {
  const WorkingCalendar cal(tet_2026());
  for (int day = 14; day <= 22; ++day) EXPECT_FALSE(cal.is_working_day(Date{2026, 2, day}));
  EXPECT_TRUE(cal.is_working_day(d("2026-02-13")));
  EXPECT_TRUE(cal.is_working_day(d("2026-02-23")));
  EXPECT_EQ(cal.add_working_days(d("2026-02-13"), 1), d("2026-02-23"));
  EXPECT_EQ(cal.add_working_days(d("2026-02-12"), 2), d("2026-02-23"));
  EXPECT_EQ(cal.add_working_days(d("2026-02-13"), 5), d("2026-02-27"));
  // 10 working days from Thursday 12/02: 13/02, then 23/02..27/02 and 02/03..05/03.
  EXPECT_EQ(cal.add_working_days(d("2026-02-12"), 10), d("2026-03-05"));
  // Without the holidays it would have been two weeks earlier.
  EXPECT_EQ(WorkingCalendar{}.add_working_days(d("2026-02-12"), 10), d("2026-02-26"));
  EXPECT_EQ(cal.next_working_day(d("2026-02-13")), d("2026-02-23"));
  EXPECT_EQ(cal.working_days_between(d("2026-02-13"), d("2026-02-22")), 0);
  EXPECT_EQ(cal.working_days_between(d("2026-02-12"), d("2026-02-27")), 6);
}

TEST(Calendar, CalendarDaysEndingOnASundayMoveToMonday) {
  const WorkingCalendar cal(tet_2026());
  EXPECT_EQ(d("2026-11-20").plus_days(30), d("2026-12-20"));  // a Sunday
  EXPECT_EQ(cal.add_calendar_days(d("2026-11-20"), 30), d("2026-12-21"));
  EXPECT_EQ(cal.add_calendar_days(d("2026-11-19"), 30), d("2026-12-21"));  // Saturday
  EXPECT_EQ(cal.add_calendar_days(d("2026-11-18"), 30), d("2026-12-18"));  // Friday stays
  EXPECT_EQ(cal.add_calendar_days(d("2026-11-20"), 0), d("2026-11-20"));
}

TEST(Calendar, CalendarDaysEndingOnAHolidayMovePastIt) {
  const WorkingCalendar cal(tet_2026());
  // 20/01 + 30 days = Thursday 19/02, in the middle of Tết: ends Monday 23/02.
  EXPECT_EQ(cal.add_calendar_days(d("2026-01-20"), 30), d("2026-02-23"));
  EXPECT_EQ(cal.add_calendar_days(d("2026-01-15"), 30), d("2026-02-23"));  // 14/02, Saturday
  EXPECT_EQ(cal.add_calendar_days(d("2026-01-14"), 30), d("2026-02-13"));  // the Friday before
  // 2 September, a single weekday holiday.
  const WorkingCalendar national({off("2026-09-02", "Quốc khánh")});
  EXPECT_EQ(national.add_calendar_days(d("2026-08-03"), 30), d("2026-09-03"));
}

TEST(Calendar, AMakeUpSaturdayCountsAsAWorkingDay) {
  // Monday 23/11 is a bridge day off, worked back on Saturday 28/11.
  const WorkingCalendar cal({off("2026-11-23"), makeup("2026-11-28")});
  EXPECT_FALSE(cal.is_working_day(d("2026-11-23")));
  EXPECT_TRUE(cal.is_working_day(d("2026-11-28")));
  EXPECT_FALSE(cal.is_working_day(d("2026-11-29")));
  EXPECT_EQ(cal.add_working_days(d("2026-11-20"), 1), d("2026-11-24"));
  EXPECT_EQ(cal.add_working_days(d("2026-11-20"), 5), d("2026-11-28"));
  EXPECT_EQ(cal.add_working_days(d("2026-11-20"), 6), d("2026-11-30"));
  EXPECT_EQ(cal.add_working_days(d("2026-11-20"), 10), d("2026-12-04"));
  EXPECT_EQ(cal.next_working_day(d("2026-11-27")), d("2026-11-28"));
  EXPECT_EQ(cal.working_days_between(d("2026-11-20"), d("2026-11-30")), 6);
  // Calendar days ending on the make-up Saturday end there.
  EXPECT_EQ(cal.add_calendar_days(d("2026-10-29"), 30), d("2026-11-28"));
  // A make-up day on a weekday changes nothing.
  const WorkingCalendar weekday_makeup({makeup("2026-11-25")});
  EXPECT_EQ(weekday_makeup.add_working_days(d("2026-11-20"), 10), d("2026-12-04"));
}

TEST(Calendar, AHolidayWinsOverAMakeUpDayOnTheSameDate) {
  const WorkingCalendar cal({makeup("2026-11-28"), off("2026-11-28")});
  EXPECT_FALSE(cal.is_working_day(d("2026-11-28")));
  EXPECT_EQ(cal.add_working_days(d("2026-11-27"), 1), d("2026-11-30"));
  // A holiday on a weekend changes nothing; duplicates are harmless.
  const WorkingCalendar dup({off("2026-11-21"), off("2026-11-23"), off("2026-11-23")});
  EXPECT_EQ(dup.add_working_days(d("2026-11-20"), 1), d("2026-11-24"));
  EXPECT_EQ(dup.working_days_between(d("2026-11-20"), d("2026-11-27")), 4);
}

TEST(Calendar, WorkingDaysBetween) {
  const WorkingCalendar cal;
  EXPECT_EQ(cal.working_days_between(d("2026-11-20"), d("2026-12-04")), 10);
  EXPECT_EQ(cal.working_days_between(d("2026-12-04"), d("2026-11-20")), -10);
  EXPECT_EQ(cal.working_days_between(d("2026-11-20"), d("2026-11-20")), 0);
  EXPECT_EQ(cal.working_days_between(d("2026-11-20"), d("2026-11-22")), 0);
  EXPECT_EQ(cal.working_days_between(d("2026-11-20"), d("2026-11-23")), 1);
  EXPECT_EQ(cal.working_days_between(d("2026-11-23"), d("2026-11-20")), -1);
  // "còn 3 ngày làm việc": today Tuesday 01/12, deadline Friday 04/12.
  EXPECT_EQ(cal.working_days_between(d("2026-12-01"), d("2026-12-04")), 3);
  // "quá hạn 2 ngày": deadline Friday 04/12, today Tuesday 08/12.
  EXPECT_EQ(cal.working_days_between(d("2026-12-04"), d("2026-12-08")), 2);
  EXPECT_EQ(cal.working_days_between(d("2026-12-08"), d("2026-12-04")), -2);
  // A whole year: 2026 has 261 weekdays.
  EXPECT_EQ(cal.working_days_between(d("2025-12-31"), d("2026-12-31")), 261);
  EXPECT_EQ(WorkingCalendar(tet_2026()).working_days_between(d("2025-12-31"), d("2026-12-31")),
            256);
}

TEST(Calendar, NegativeWorkingDaysCountBackwards) {
  const WorkingCalendar cal(tet_2026());
  EXPECT_EQ(cal.add_working_days(d("2026-11-23"), -1), d("2026-11-20"));
  EXPECT_EQ(cal.add_working_days(d("2026-12-04"), -10), d("2026-11-20"));
  EXPECT_EQ(cal.add_working_days(d("2026-02-24"), -2), d("2026-02-13"));
  EXPECT_EQ(cal.add_working_days(d("2026-11-22"), -1), d("2026-11-20"));
}

TEST(Calendar, NextWorkingDay) {
  const WorkingCalendar cal;
  EXPECT_EQ(cal.next_working_day(d("2026-11-16")), d("2026-11-17"));  // strictly after
  EXPECT_EQ(cal.next_working_day(d("2026-11-20")), d("2026-11-23"));
  EXPECT_EQ(cal.next_working_day(d("2026-11-21")), d("2026-11-23"));
  EXPECT_EQ(cal.working_day_on_or_after(d("2026-11-16")), d("2026-11-16"));
  EXPECT_EQ(cal.working_day_on_or_after(d("2026-11-21")), d("2026-11-23"));
}

TEST(Calendar, AgreesWithTheDayByDayDefinition) {
  std::mt19937 rng(147148);
  std::vector<Holiday> hs = tet_2026();
  std::uniform_int_distribution<int> offset(0, 3 * 365);
  const std::int64_t base = d("2025-01-01").days();
  for (int i = 0; i < 60; ++i) {
    const Date day = Date::from_days(base + offset(rng));
    hs.push_back({day, "", day.weekday() >= 5 && i % 3 == 0, ""});
  }
  const WorkingCalendar cal(hs);
  const Naive naive(hs);
  std::uniform_int_distribution<int> span(-40, 40);
  for (int i = 0; i < 3000; ++i) {
    const std::int64_t e = base - 30 + offset(rng);
    const int n = span(rng);
    const Date event = Date::from_days(e);
    ASSERT_EQ(cal.is_working_day(event), naive.working(e)) << event.iso();
    const Date end = cal.add_working_days(event, n);
    ASSERT_EQ(end.days(), naive.add(e, n)) << event.iso() << " " << n;
    if (n != 0) {
      ASSERT_TRUE(cal.is_working_day(end));
    }
    // Forwards, (event, end] holds exactly n working days; backwards, [end, event) holds -n,
    // so (end, event] holds -n - 1 plus the event day if it is a working day.
    const int expected_between = n >= 0 ? n : n + 1 - (naive.working(e) ? 1 : 0);
    ASSERT_EQ(cal.working_days_between(event, end), expected_between) << event.iso() << " " << n;
    const std::int64_t other = base - 30 + offset(rng);
    ASSERT_EQ(cal.working_days_between(event, Date::from_days(other)), naive.between(e, other));
    const Date cal_end = cal.add_calendar_days(event, n);
    std::int64_t expect = e + n;
    while (!naive.working(expect)) ++expect;
    ASSERT_EQ(cal_end.days(), expect);
  }
}

TEST(Calendar, PeriodsSpanningYearsMatchTheDayByDayCount) {
  // Sixteen years of holidays, and periods spanning years. (Speed is measured in bench/, not
  // asserted here.)
  std::vector<Holiday> hs;
  for (int y = 2020; y <= 2035; ++y) {
    for (const auto& [m, day] :
         std::initializer_list<std::pair<int, int>>{{1, 1}, {4, 30}, {5, 1}, {9, 1}, {9, 2}}) {
      hs.push_back({Date{y, m, day}, "", false, ""});
    }
    for (int k = 0; k < 7; ++k) hs.push_back({Date{y, 2, 5 + k}, "Tết", false, ""});
  }
  const WorkingCalendar cal(hs);
  const Naive naive(hs);
  EXPECT_EQ(cal.add_working_days(d("2020-01-01"), 2500).days(),
            naive.add(d("2020-01-01").days(), 2500));
  for (int i = 0; i < 2000; i += 7) {
    const auto from = d("2020-01-01").days() + i % 365;
    const int n = 1000 + i % 1000;
    EXPECT_EQ(cal.add_working_days(Date::from_days(from), n).days(), naive.add(from, n)) << i;
  }
}

}  // namespace
}  // namespace doithoai
