// Reception schedules (the RRULE subset), the weeks of a month, and compliance with the
// reception duty across the change of November 2025 (Kết luận 215-KL/TW: commune Party
// secretaries from 1 to 2 days a month), with worked examples.
#include "domain/reception.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/calendar.hpp"

namespace doithoai::reception {
namespace {

Date d(int y, int m, int day) {
  return Date{y, m, day};
}

std::vector<std::string> isos(const std::vector<Date>& dates) {
  std::vector<std::string> out;
  for (const auto& x : dates) out.push_back(x.iso());
  return out;
}

Recurrence rule(std::string_view text) {
  auto r = Recurrence::parse(text);
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return *r;
}

TEST(Recurrence, EveryThursday) {
  const auto r = rule("FREQ=WEEKLY;BYDAY=TH");
  EXPECT_EQ(r.rrule(), "FREQ=WEEKLY;BYDAY=TH");
  EXPECT_EQ(r.describe_vi(), "Thứ Năm hằng tuần");
  EXPECT_EQ(isos(occurrences(r, d(2025, 11, 1), d(2025, 11, 1), d(2025, 11, 30))),
            (std::vector<std::string>{"2025-11-06", "2025-11-13", "2025-11-20", "2025-11-27"}));
}

TEST(Recurrence, TheSecondAndFourthThursdayOfTheMonth) {
  const auto r = rule("FREQ=MONTHLY;BYDAY=4TH,2TH");
  EXPECT_EQ(r.rrule(), "FREQ=MONTHLY;BYDAY=2TH,4TH");
  EXPECT_EQ(isos(occurrences(r, d(2025, 1, 1), d(2025, 11, 1), d(2025, 12, 31))),
            (std::vector<std::string>{"2025-11-13", "2025-11-27", "2025-12-11", "2025-12-25"}));
}

TEST(Recurrence, TheLastFridayAndMonthDays) {
  EXPECT_EQ(isos(occurrences(rule("FREQ=MONTHLY;BYDAY=-1FR"), d(2026, 1, 1), d(2026, 1, 1),
                             d(2026, 2, 28))),
            (std::vector<std::string>{"2026-01-30", "2026-02-27"}));
  EXPECT_EQ(isos(occurrences(rule("FREQ=MONTHLY;BYMONTHDAY=10,25"), d(2026, 1, 1), d(2026, 1, 1),
                             d(2026, 2, 28))),
            (std::vector<std::string>{"2026-01-10", "2026-01-25", "2026-02-10", "2026-02-25"}));
  // The 31st does not exist in April: skipped, as in RFC 5545.
  EXPECT_TRUE(
      occurrences(rule("FREQ=MONTHLY;BYMONTHDAY=31"), d(2026, 4, 1), d(2026, 4, 1), d(2026, 4, 30))
          .empty());
  EXPECT_EQ(isos(occurrences(rule("FREQ=MONTHLY;BYMONTHDAY=-1"), d(2024, 1, 1), d(2024, 2, 1),
                             d(2024, 2, 29))),
            (std::vector<std::string>{"2024-02-29"}));
}

TEST(Recurrence, IntervalsCountFromTheStart) {
  // Every other Monday from Monday 05/01/2026.
  EXPECT_EQ(isos(occurrences(rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"), d(2026, 1, 5), d(2026, 1, 10),
                             d(2026, 2, 10))),
            (std::vector<std::string>{"2026-01-19", "2026-02-02"}));
  // Every third month, on the start's day of the month.
  EXPECT_EQ(isos(occurrences(rule("FREQ=MONTHLY;INTERVAL=3"), d(2026, 1, 15), d(2026, 1, 1),
                             d(2026, 12, 31))),
            (std::vector<std::string>{"2026-01-15", "2026-04-15", "2026-07-15", "2026-10-15"}));
}

TEST(Recurrence, NothingBeforeTheStart) {
  EXPECT_EQ(isos(occurrences(rule("FREQ=WEEKLY;BYDAY=TH"), d(2025, 11, 14), d(2025, 11, 1),
                             d(2025, 11, 30))),
            (std::vector<std::string>{"2025-11-20", "2025-11-27"}));
}

TEST(Recurrence, HolidaysAreLeftOutWhenAsked) {
  const WorkingCalendar calendar({Holiday{d(2026, 4, 30), "Ngày Chiến thắng", false, ""}});
  const auto r = rule("FREQ=WEEKLY;BYDAY=TH");
  EXPECT_EQ(occurrences(r, d(2026, 4, 1), d(2026, 4, 1), d(2026, 4, 30)).size(), 5U);
  EXPECT_EQ(isos(occurrences(r, d(2026, 4, 1), d(2026, 4, 1), d(2026, 4, 30), &calendar)),
            (std::vector<std::string>{"2026-04-02", "2026-04-09", "2026-04-16", "2026-04-23"}));
  EXPECT_FALSE(occurs_on(r, d(2026, 4, 1), d(2026, 4, 30), &calendar));
  EXPECT_TRUE(occurs_on(r, d(2026, 4, 1), d(2026, 4, 23), &calendar));
}

TEST(Recurrence, BadRulesAreRefusedWithTheirReason) {
  for (const char* bad :
       {"", "FREQ=DAILY", "BYDAY=TH", "FREQ=WEEKLY;BYDAY=2TH", "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=MONTHLY;BYMONTHDAY=0", "FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=WEEKLY;COUNT=3",
        "FREQ=WEEKLY;INTERVAL=13", "FREQ=WEEKLY;FREQ=MONTHLY", "FREQ=MONTHLY;BYDAY=6TH",
        "FREQ=WEEKLY;BYMONTHDAY=1", "FREQ"}) {
    const auto r = Recurrence::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "bad_rule") << bad;
    EXPECT_EQ(r.error().field, "rule");
    EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  }
}

TEST(WeeksOfMonth, AWeekBelongsToTheMonthOfItsThursday) {
  // November 2025 starts on a Saturday: its weeks start on 3, 10, 17, 24 November.
  EXPECT_EQ(isos(weeks_of_month(2025, 11)),
            (std::vector<std::string>{"2025-11-03", "2025-11-10", "2025-11-17", "2025-11-24"}));
  // October 2025 has five, the first starting on Monday 29 September.
  EXPECT_EQ(isos(weeks_of_month(2025, 10)),
            (std::vector<std::string>{"2025-09-29", "2025-10-06", "2025-10-13", "2025-10-20",
                                      "2025-10-27"}));
  int weeks = 0;
  for (int m = 1; m <= 12; ++m) weeks += static_cast<int>(weeks_of_month(2026, m).size());
  EXPECT_EQ(weeks, 53);  // 2026 has 53 ISO weeks
}

// The rules as shipped in data/reception_duties.tsv, for the holders used here.
std::vector<DutyRule> rules() {
  DutyRule commune_chair{"ubnd_xa",
                         "Chủ tịch UBND cấp xã",
                         "people_committee",
                         "commune",
                         1,
                         DutyRule::Per::week,
                         d(2014, 7, 1),
                         true,
                         "Luật Tiếp công dân 2013"};
  DutyRule secretary_old{"bi_thu_xa",
                         "Bí thư cấp ủy cấp xã",
                         "party_committee",
                         "commune",
                         1,
                         DutyRule::Per::month,
                         d(2019, 2, 18),
                         false,
                         "QĐ 11-QĐi/TW"};
  DutyRule secretary_new{"bi_thu_xa_2025",
                         "Bí thư cấp ủy cấp xã",
                         "party_committee",
                         "commune",
                         2,
                         DutyRule::Per::month,
                         d(2025, 11, 23),
                         true,
                         "KL 215-KL/TW"};
  return {commune_chair, secretary_new, secretary_old};
}

TEST(Compliance, TheRuleInForceOnTheFirstDayOfTheMonthApplies) {
  EXPECT_EQ(duty_for(rules(), "party_committee", "commune", d(2025, 11, 22))->days, 1);
  EXPECT_EQ(duty_for(rules(), "party_committee", "commune", d(2025, 11, 23))->days, 2);
  EXPECT_FALSE(duty_for(rules(), "party_committee", "commune", d(2019, 1, 1)));
  EXPECT_FALSE(duty_for(rules(), "department", "commune", d(2025, 1, 1)));
}

TEST(Compliance, ACommunePartySecretaryAcrossTheNovember2025Change) {
  // Held: 9/10, 13/11, 11/12/2025, then 8 and 22/01/2026.
  const std::vector<Date> held{d(2025, 10, 9), d(2025, 11, 13), d(2025, 12, 11), d(2026, 1, 8),
                               d(2026, 1, 22)};
  const auto oct = month_compliance(rules(), "party_committee", "commune", 2025, 10, held);
  EXPECT_EQ(oct.required, 1);
  EXPECT_EQ(oct.held, 1);
  EXPECT_TRUE(oct.met);
  EXPECT_EQ(oct.rule->code, "bi_thu_xa");
  // KL 215 took effect on 23/11: November is still counted by the old rule.
  const auto nov = month_compliance(rules(), "party_committee", "commune", 2025, 11, held);
  EXPECT_EQ(nov.required, 1);
  EXPECT_TRUE(nov.met);
  const auto dec = month_compliance(rules(), "party_committee", "commune", 2025, 12, held);
  EXPECT_EQ(dec.rule->code, "bi_thu_xa_2025");
  EXPECT_EQ(dec.required, 2);
  EXPECT_EQ(dec.held, 1);
  EXPECT_FALSE(dec.met);
  const auto jan = month_compliance(rules(), "party_committee", "commune", 2026, 1, held);
  EXPECT_EQ(jan.required, 2);
  EXPECT_EQ(jan.held, 2);
  EXPECT_TRUE(jan.met);
}

TEST(Compliance, ARuleTakingEffectOnTheFirstAppliesThatMonth) {
  auto r = rules();
  r[1].valid_from = d(2025, 11, 1);
  const auto nov = month_compliance(r, "party_committee", "commune", 2025, 11, {d(2025, 11, 13)});
  EXPECT_EQ(nov.required, 2);
  EXPECT_FALSE(nov.met);
}

TEST(Compliance, AWeeklyDutyIsMetOnlyWhenEveryWeekHasItsDay) {
  // October 2025: weeks from 29/09, 06/10, 13/10, 20/10, 27/10. Nothing held in the week of 20/10.
  const std::vector<Date> gap{d(2025, 10, 2), d(2025, 10, 9), d(2025, 10, 16), d(2025, 10, 30)};
  const auto c = month_compliance(rules(), "people_committee", "commune", 2025, 10, gap);
  EXPECT_EQ(c.required, 5);
  EXPECT_EQ(c.held, 4);
  EXPECT_EQ(c.weeks_missed, 1);
  EXPECT_FALSE(c.met);
  // Tuesday 30/09 falls in October's first week: that week is covered, but the day is
  // September's, so October holds 4 days.
  const std::vector<Date> full{d(2025, 9, 30), d(2025, 10, 7), d(2025, 10, 14), d(2025, 10, 21),
                               d(2025, 10, 28)};
  const auto ok = month_compliance(rules(), "people_committee", "commune", 2025, 10, full);
  EXPECT_EQ(ok.weeks_missed, 0);
  EXPECT_EQ(ok.held, 4);
  EXPECT_TRUE(ok.met);
  // Two days in the same week count once towards the weeks.
  const std::vector<Date> doubled{d(2025, 10, 6), d(2025, 10, 7)};
  EXPECT_EQ(
      month_compliance(rules(), "people_committee", "commune", 2025, 10, doubled).weeks_missed, 4);
}

TEST(Compliance, NoDutyNoRequirement) {
  const auto c = month_compliance(rules(), "department", "district", 2025, 10, {});
  EXPECT_FALSE(c.rule);
  EXPECT_EQ(c.required, 0);
  EXPECT_TRUE(c.met);
}

TEST(DutyRules, ValidatedLikeData) {
  DutyRule r{"x",  "",     "people_committee", "commune", 8, DutyRule::Per::week, d(2014, 7, 1),
             true, "nguồn"};
  EXPECT_EQ(validate(r).error().code, "bad_days");
  r.days = 1;
  EXPECT_TRUE(validate(r).ok());
  r.source.clear();
  EXPECT_EQ(validate(r).error().code, "source_required");
}

TEST(Refusals, EveryGroundOfArticle9) {
  EXPECT_EQ(refusal_grounds().size(), 5U);
  for (const auto& g : refusal_grounds()) {
    EXPECT_NE(std::string(g.text).find("Điều 9 Luật Tiếp công dân 2013"), std::string::npos);
    EXPECT_EQ(refusal_ground(g.code)->text, g.text);
  }
  EXPECT_FALSE(refusal_ground("no_reason"));
  EXPECT_EQ(parse_direction("transferred"), Direction::transferred);
  EXPECT_FALSE(parse_direction("lost"));
}

}  // namespace
}  // namespace doithoai::reception
