// The deadline engine against worked examples: weekends, holidays, a Tết week, extensions,
// and rule versions.
#include "domain/deadlines.hpp"

#include <gtest/gtest.h>

namespace doithoai::deadlines {
namespace {

Date d(const char* iso) {
  return Date::parse_iso(iso).value();
}

std::vector<Rule> default_rules() {
  return {
      {std::nullopt, "notify", 10, DayCount::working, Anchor::received, 0, 0, d("2019-02-18"),
       "QĐ 11", true},
      {Kind::khieu_nai, "accept", 10, DayCount::working, Anchor::received, 0, 0, d("2012-07-01"),
       "LKN Đ27", true},
      {Kind::khieu_nai, "resolve", 30, DayCount::calendar, Anchor::accepted, 15, 1, d("2012-07-01"),
       "LKN Đ28", true},
      {Kind::to_cao, "resolve", 30, DayCount::calendar, Anchor::accepted, 30, 2, d("2019-01-01"),
       "LTC Đ30", true},
      {Kind::phan_anh, "resolve", 15, DayCount::working, Anchor::received, 0, 0, d("2019-01-01"),
       "", false},
  };
}

// Tết Bính Ngọ 2026: 14/02 to 22/02.
WorkingCalendar tet_2026() {
  std::vector<Holiday> hs;
  for (int day = 14; day <= 22; ++day) hs.push_back({Date{2026, 2, day}, "Tết", false, ""});
  hs.push_back({d("2026-01-01"), "Tết Dương lịch", false, ""});
  return WorkingCalendar(hs);
}

const Deadline* find(const std::vector<Deadline>& ds, const std::string& step) {
  for (const auto& x : ds) {
    if (x.step == step) return &x;
  }
  return nullptr;
}

TEST(Deadlines, TenWorkingDaysFromAFridaySkipTwoWeekends) {
  Facts f{Kind::kien_nghi, d("2026-11-20"), std::nullopt, 0, {}};
  const auto ds = compute(default_rules(), WorkingCalendar{}, f);
  ASSERT_NE(find(ds, "notify"), nullptr);
  EXPECT_EQ(find(ds, "notify")->due_on, d("2026-12-04"));
  EXPECT_EQ(find(ds, "resolve"), nullptr);  // only phản ánh has a resolve rule here
}

TEST(Deadlines, ATetWeekIsSkipped) {
  // Received Thursday 12/02/2026: working days 13/02, then Tết until 22/02, then 23/02 onward.
  Facts f{Kind::phan_anh, d("2026-02-12"), std::nullopt, 0, {}};
  const auto ds = compute(default_rules(), tet_2026(), f);
  EXPECT_EQ(find(ds, "notify")->due_on, d("2026-03-05"));
  EXPECT_EQ(find(ds, "resolve")->due_on, d("2026-03-12"));
}

TEST(Deadlines, AComplaintsResolutionRunsFromAcceptanceInCalendarDays) {
  Facts f{Kind::khieu_nai, d("2026-03-02"), std::nullopt, 0, {}};
  auto ds = compute(default_rules(), WorkingCalendar{}, f);
  EXPECT_EQ(find(ds, "accept")->due_on, d("2026-03-16"));
  EXPECT_EQ(find(ds, "resolve"), nullptr);  // not accepted yet
  f.accepted_on = d("2026-03-06");
  ds = compute(default_rules(), WorkingCalendar{}, f);
  // 30 days after 06/03 is Sunday 05/04: the period ends on Monday 06/04.
  EXPECT_EQ(find(ds, "resolve")->due_on, d("2026-04-06"));
}

TEST(Deadlines, ExtensionsMoveOnlyTheResolveDeadline) {
  Facts f{Kind::to_cao, d("2026-03-02"), d("2026-03-03"), 0, {}};
  const auto before = compute(default_rules(), WorkingCalendar{}, f);
  f.extensions = 1;
  const auto after = compute(default_rules(), WorkingCalendar{}, f);
  EXPECT_EQ(find(before, "notify")->due_on, find(after, "notify")->due_on);
  EXPECT_EQ(find(before, "resolve")->due_on, d("2026-04-02"));
  EXPECT_EQ(find(after, "resolve")->due_on, d("2026-05-04"));  // 02/05 is a Saturday
  EXPECT_EQ(find(after, "resolve")->extensions, 1);
}

TEST(Deadlines, ExtensionsStopWhereTheLawStops) {
  Facts f{Kind::to_cao, d("2026-03-02"), d("2026-03-03"), 0, {}};
  EXPECT_TRUE(may_extend(default_rules(), f).ok());
  f.extensions = 2;
  const auto third = may_extend(default_rules(), f);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, "extension_limit");
  Facts feedback{Kind::phan_anh, d("2026-03-02"), std::nullopt, 0, {}};
  EXPECT_EQ(may_extend(default_rules(), feedback).error().code, "extension_not_allowed");
  Facts complaint{Kind::khieu_nai, d("2026-03-02"), d("2026-03-03"), 1, {}};
  EXPECT_EQ(may_extend(default_rules(), complaint).error().code, "extension_limit");
}

TEST(Deadlines, TheRuleInForceOnTheReceiptDateApplies) {
  auto rules = default_rules();
  rules.push_back({std::nullopt, "notify", 5, DayCount::working, Anchor::received, 0, 0,
                   d("2026-07-01"), "new", true});
  Facts old_matter{Kind::gop_y, d("2026-06-30"), std::nullopt, 0, {}};
  Facts new_matter{Kind::gop_y, d("2026-07-01"), std::nullopt, 0, {}};
  EXPECT_EQ(find(compute(rules, WorkingCalendar{}, old_matter), "notify")->rule,
            "*/notify@2019-02-18");
  EXPECT_EQ(find(compute(rules, WorkingCalendar{}, new_matter), "notify")->rule,
            "*/notify@2026-07-01");
  // A kind-specific row beats an older or newer row for every kind.
  rules.push_back({Kind::gop_y, "notify", 3, DayCount::working, Anchor::received, 0, 0,
                   d("2020-01-01"), "specific", true});
  EXPECT_EQ(find(compute(rules, WorkingCalendar{}, new_matter), "notify")->rule,
            "gop_y/notify@2020-01-01");
}

TEST(Deadlines, MetDatesAreReported) {
  Facts f{Kind::phan_anh, d("2026-11-20"), std::nullopt, 0, {{"notify", d("2026-11-23")}}};
  const auto ds = compute(default_rules(), WorkingCalendar{}, f);
  ASSERT_TRUE(find(ds, "notify")->met_on.has_value());
  EXPECT_EQ(*find(ds, "notify")->met_on, d("2026-11-23"));
  EXPECT_FALSE(find(ds, "resolve")->met_on.has_value());
}

TEST(Deadlines, BadRulesAreRefused) {
  Rule r{std::nullopt,    "notify", 0,   DayCount::working, Anchor::received, 0, 0,
         d("2026-01-01"), "",       true};
  EXPECT_FALSE(validate(r).ok());
  r.days = 10;
  EXPECT_TRUE(validate(r).ok());
  r.max_extensions = 1;
  EXPECT_FALSE(validate(r).ok());  // only resolve may be extended
  r.step = "celebrate";
  EXPECT_FALSE(validate(r).ok());
}

}  // namespace
}  // namespace doithoai::deadlines
