// Reference data in the SQLite store: seeding, units over time and mergers, holidays.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/reference_files.hpp"
#include "store/store_test_util.hpp"

namespace doithoai::store {
namespace {

using testing::d;
using testing::must;
using testing::TempDir;

std::vector<std::string> codes(const std::vector<Unit>& units) {
  std::vector<std::string> out;
  for (const auto& u : units) out.push_back(u.code);
  return out;
}

class SqliteReference : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::open_migrated(dir_.file("ref.db"));
    must(store_->seed_reference(testing::sample_reference(), Actor::system()), "seed");
  }

  std::size_t event_count() {
    EventQuery q;
    q.limit = 10000;
    return must(store_->events(q)).size();
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST(SqliteSeed, SeedsEachTableOnceWithOneEvent) {
  TempDir dir;
  auto store = testing::open_migrated(dir.file("seed.db"));
  const auto data = testing::sample_reference();
  const auto first = must(store->seed_reference(data, Actor::system()));
  EXPECT_TRUE(first.seeded);
  EXPECT_EQ(first.levels, 3);
  EXPECT_EQ(first.units, 5);
  EXPECT_EQ(first.agencies, 2);
  EXPECT_EQ(first.fields, 3);
  EXPECT_EQ(first.holidays, 3);

  auto more = data;
  more.holidays.push_back({d("2026-09-02"), "Quốc khánh", false, ""});
  const auto second = must(store->seed_reference(more, Actor::system()));
  EXPECT_FALSE(second.seeded);
  EXPECT_EQ(second.units + second.holidays + second.levels, 0);
  EXPECT_EQ(must(store->holidays(std::nullopt, std::nullopt)).size(), 3u);
  EXPECT_EQ(must(store->units(std::nullopt)).size(), 5u);

  EventQuery q;
  q.entity_type = "reference";
  const auto events = must(store->events(q));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "reference.seed");
  EXPECT_NE(events[0].after_json.find("\"units\":5"), std::string::npos) << events[0].after_json;
}

TEST(SqliteSeed, SeedsTheDeadlineRulesOnceAndCountsThem) {
  TempDir dir;
  auto store = testing::open_migrated(dir.file("rules.db"));
  auto data = testing::sample_reference();
  data.deadline_rules = testing::shipped_deadline_rules();
  ASSERT_FALSE(data.deadline_rules.empty());
  const auto first = must(store->seed_reference(data, Actor::system()));
  EXPECT_EQ(first.deadline_rules, static_cast<int>(data.deadline_rules.size()));
  const auto stored = must(store->matters().deadline_rules());
  ASSERT_EQ(stored.size(), data.deadline_rules.size());
  std::vector<std::string> want, got;
  for (const auto& r : data.deadline_rules) want.push_back(r.id() + " " + r.source);
  for (const auto& r : stored) got.push_back(r.id() + " " + r.source);
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);

  EventQuery q;
  q.entity_type = "reference";
  const auto events = must(store->events(q));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(
      events[0].after_json.find("\"deadline_rules\":" + std::to_string(data.deadline_rules.size())),
      std::string::npos)
      << events[0].after_json;

  // A second seed, even with other rules, leaves the table as it is.
  auto other = data;
  other.deadline_rules.resize(1);
  other.deadline_rules[0].valid_from = d("2030-01-01");
  const auto second = must(store->seed_reference(other, Actor::system()));
  EXPECT_EQ(second.deadline_rules, 0);
  EXPECT_FALSE(second.seeded);
  EXPECT_EQ(must(store->matters().deadline_rules()).size(), data.deadline_rules.size());
}

TEST(SqliteSeed, AnInvalidDeadlineRuleSeedsNothing) {
  TempDir dir;
  auto store = testing::open_migrated(dir.file("badrule.db"));
  auto data = testing::sample_reference();
  data.deadline_rules = testing::shipped_deadline_rules();
  data.deadline_rules.back().days = 0;
  const auto report = store->seed_reference(data, Actor::system());
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("deadline_rules"), std::string::npos)
      << report.error().message;
  EXPECT_TRUE(must(store->matters().deadline_rules()).empty());
  EXPECT_TRUE(must(store->unit_levels()).empty());
}

TEST(SqliteSeed, SeedsOnlyTheEmptyTables) {
  TempDir dir;
  auto store = testing::open_migrated(dir.file("partial.db"));
  must(store->add_holiday({d("2026-09-02"), "Quốc khánh", false, ""}, Actor::cli()));
  const auto report = must(store->seed_reference(testing::sample_reference(), Actor::system()));
  EXPECT_TRUE(report.seeded);
  EXPECT_EQ(report.units, 5);
  EXPECT_EQ(report.holidays, 0);
  EXPECT_EQ(must(store->holidays(std::nullopt, std::nullopt)).size(), 1u);
}

TEST(SqliteSeed, BadReferenceDataSeedsNothing) {
  TempDir dir;
  auto store = testing::open_migrated(dir.file("bad.db"));
  auto data = testing::sample_reference();
  data.units.push_back(testing::make_unit("X1", "Lạc", "xã", "commune", "NO-SUCH-PARENT"));
  const auto report = store->seed_reference(data, Actor::system());
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("X1"), std::string::npos) << report.error().message;
  // The whole seed is one unit of work: the levels went back out with the units.
  EXPECT_TRUE(must(store->unit_levels()).empty());
  EXPECT_TRUE(must(store->events({})).empty());
}

TEST(SqliteSeed, TheShippedReferenceDataSeedsAndPassesCheck) {
  const auto data = must(load_reference_data(DOITHOAI_SOURCE_DIR "/data"), "load data/");
  TempDir dir;
  auto store = testing::open_migrated(dir.file("shipped.db"));
  const auto report = must(store->seed_reference(data, Actor::system()));
  EXPECT_EQ(report.levels, static_cast<int>(data.levels.size()));
  EXPECT_EQ(report.units, static_cast<int>(data.units.size()));
  EXPECT_EQ(report.agencies, static_cast<int>(data.agencies.size()));
  EXPECT_EQ(report.fields, static_cast<int>(data.fields.size()));
  EXPECT_EQ(report.holidays, static_cast<int>(data.holidays.size()));
  // Links read back in both directions exactly as the loader derived them.
  const auto units = must(store->units(std::nullopt));
  ASSERT_EQ(units.size(), data.units.size());
  for (const auto& expected : data.units) {
    const auto got = must(store->unit(expected.code));
    auto preds = expected.predecessor_codes, succs = expected.successor_codes;
    std::sort(preds.begin(), preds.end());
    std::sort(succs.begin(), succs.end());
    EXPECT_EQ(got.predecessor_codes, preds) << expected.code;
    EXPECT_EQ(got.successor_codes, succs) << expected.code;
    EXPECT_EQ(got.valid_to, expected.valid_to) << expected.code;
  }
  const auto report_check = must(store->check());
  EXPECT_TRUE(report_check.integrity_ok) << report_check.integrity_message;
}

TEST_F(SqliteReference, ReadsBackWhatWasSeeded) {
  const auto levels = must(store_->unit_levels());
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_EQ(levels[0].code, "province");
  EXPECT_EQ(levels[2].rank, 3);

  const auto c1 = must(store_->unit("C1"));
  EXPECT_EQ(c1.name, "Vĩnh An");
  EXPECT_EQ(c1.full_name(), "xã Vĩnh An");
  EXPECT_EQ(c1.parent_code, std::optional<std::string>("P1"));
  EXPECT_EQ(c1.valid_from, d("2000-01-01"));
  EXPECT_FALSE(c1.valid_to);

  const auto missing = store_->unit("NOPE");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  EXPECT_EQ(missing.error().code, "unit_not_found");

  const auto agencies = must(store_->agencies());
  ASSERT_EQ(agencies.size(), 2u);
  EXPECT_EQ(must(store_->agency("UB-C1-VP")).parent_code, std::optional<std::string>("UB-C1"));
  EXPECT_EQ(store_->agency("X").error().code, "agency_not_found");

  const auto fields = must(store_->fields());
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].code, "dat-dai");  // sort_order, then code
}

TEST_F(SqliteReference, UnitsAreOrderedByLevelRankThenCode) {
  EXPECT_EQ(codes(must(store_->units(std::nullopt))),
            (std::vector<std::string>{"P1", "C1", "C2", "C3", "V1"}));
}

TEST_F(SqliteReference, MergerEndsOldUnitsAndCreatesTheSuccessor) {
  UnitMerger m;
  m.from_codes = {"C1", "C2"};
  m.into = testing::make_unit("C9", "Vĩnh Hòa", "xã", "commune", "P1", "2025-07-01");
  m.decision = "Nghị quyết 1669/NQ-UBTVQH15";
  const auto created = must(store_->merge_units(m, testing::admin_actor()));
  EXPECT_EQ(created.code, "C9");
  EXPECT_EQ(created.valid_from, d("2025-07-01"));
  EXPECT_EQ(created.predecessor_codes, (std::vector<std::string>{"C1", "C2"}));

  EXPECT_EQ(codes(must(store_->units(d("2025-06-30")))),
            (std::vector<std::string>{"P1", "C1", "C2", "C3", "V1"}));
  EXPECT_EQ(codes(must(store_->units(d("2025-07-01")))),
            (std::vector<std::string>{"P1", "C3", "C9", "V1"}));
  EXPECT_EQ(codes(must(store_->units(std::nullopt))),
            (std::vector<std::string>{"P1", "C1", "C2", "C3", "C9", "V1"}));

  const auto c1 = must(store_->unit("C1"));
  EXPECT_EQ(c1.valid_to, std::optional<Date>(d("2025-06-30")));
  EXPECT_EQ(c1.successor_codes, std::vector<std::string>{"C9"});
  // Both directions are filled in list reads too.
  for (const auto& u : must(store_->units(std::nullopt))) {
    if (u.code == "C2") {
      EXPECT_EQ(u.successor_codes, std::vector<std::string>{"C9"});
    }
    if (u.code == "C9") {
      EXPECT_EQ(u.predecessor_codes, (std::vector<std::string>{"C1", "C2"}));
    }
  }

  EventQuery q;
  q.entity_type = "unit";
  q.entity_id = "C9";
  const auto events = must(store_->events(q));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "unit.merge");
  EXPECT_EQ(events[0].actor, "admin");
  EXPECT_EQ(events[0].actor_id, std::optional<Id>(1));
  EXPECT_NE(events[0].after_json.find("1669/NQ-UBTVQH15"), std::string::npos);
  EXPECT_NE(events[0].before_json.find("\"valid_to\":null"), std::string::npos);
}

TEST_F(SqliteReference, MergerIntoAnExistingUnitExtendsIt) {
  UnitMerger m;
  m.from_codes = {"C1"};
  m.into = testing::make_unit("C2", "Vĩnh Bình", "xã", "commune", "P1", "2025-07-01");
  const auto extended = must(store_->merge_units(m, testing::admin_actor()));
  EXPECT_EQ(extended.valid_from, d("2000-01-01"));  // goes on existing, unchanged
  EXPECT_FALSE(extended.valid_to);
  EXPECT_EQ(extended.predecessor_codes, std::vector<std::string>{"C1"});
  EXPECT_EQ(codes(must(store_->units(d("2025-07-01")))),
            (std::vector<std::string>{"P1", "C2", "C3", "V1"}));
}

TEST_F(SqliteReference, InvalidMergersChangeNothing) {
  const auto units_before = must(store_->units(std::nullopt));
  const auto events_before = event_count();

  struct Case {
    std::vector<std::string> from;
    std::string into_code;
    std::string level;
    std::string expected_code;
  };
  const std::vector<Case> cases = {
      {{}, "C9", "commune", "merger_empty"},
      {{"C1", "NOPE"}, "C9", "commune", "unit_not_found"},
      {{"C1", "C2"}, "C1", "commune", "merge_into_itself"},
      {{"C1", "C1"}, "C9", "commune", "duplicate_unit"},
      {{"C1", "C2"}, "P1", "commune", "unit_exists"},  // a province's code, not this commune
      {{"C1", "P1"}, "C9", "commune", "level_mismatch"},
      {{"C1"}, "C9", "no-such-level", "unknown_level"},
  };
  for (const auto& c : cases) {
    UnitMerger m;
    m.from_codes = c.from;
    m.into = testing::make_unit(c.into_code, "Mới", "xã", c.level, "P1", "2025-07-01");
    const auto r = store_->merge_units(m, testing::admin_actor());
    ASSERT_FALSE(r.ok()) << c.expected_code;
    EXPECT_EQ(r.error().code, c.expected_code);
    EXPECT_FALSE(r.error().message.empty());
  }

  // A unit already ended before the effective date cannot be merged again.
  UnitMerger first;
  first.from_codes = {"C1"};
  first.into = testing::make_unit("C8", "Tám", "xã", "commune", "P1", "2020-01-01");
  must(store_->merge_units(first, testing::admin_actor()));
  const auto after_first = must(store_->units(std::nullopt));
  const auto events_after_first = event_count();
  UnitMerger again;
  again.from_codes = {"C1", "C2"};
  again.into = testing::make_unit("C9", "Chín", "xã", "commune", "P1", "2025-07-01");
  const auto r = store_->merge_units(again, testing::admin_actor());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "unit_not_current");
  // The new code clashes with a unit that has ended.
  UnitMerger clash;
  clash.from_codes = {"C2"};
  clash.into = testing::make_unit("C1", "Lại", "xã", "commune", "P1", "2025-07-01");
  EXPECT_EQ(store_->merge_units(clash, testing::admin_actor()).error().code, "unit_exists");

  const auto units_after = must(store_->units(std::nullopt));
  ASSERT_EQ(units_after.size(), after_first.size());
  for (std::size_t i = 0; i < units_after.size(); ++i) {
    EXPECT_EQ(units_after[i].code, after_first[i].code);
    EXPECT_EQ(units_after[i].valid_to, after_first[i].valid_to);
    EXPECT_EQ(units_after[i].successor_codes, after_first[i].successor_codes);
  }
  EXPECT_EQ(event_count(), events_after_first);
  EXPECT_EQ(events_after_first, events_before + 1);
  EXPECT_EQ(units_before.size() + 1, units_after.size());
}

TEST_F(SqliteReference, AddUnitWritesItsEventAndRefusesDuplicates) {
  auto u = testing::make_unit("C4", "Tân Lập", "xã", "commune", "P1", "2024-01-01");
  u.note = "thử";
  const auto created = must(store_->add_unit(u, testing::admin_actor()));
  EXPECT_EQ(created.note, "thử");
  EventQuery q;
  q.entity_type = "unit";
  q.entity_id = "C4";
  const auto events = must(store_->events(q));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "unit.create");
  EXPECT_TRUE(events[0].before_json.empty());
  EXPECT_NE(events[0].after_json.find("Tân Lập"), std::string::npos);

  const auto dup = store_->add_unit(u, testing::admin_actor());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::conflict);
  EXPECT_EQ(dup.error().code, "unit_exists");
  auto orphan = testing::make_unit("C5", "Mồ Côi", "xã", "commune", "NOPE");
  EXPECT_EQ(store_->add_unit(orphan, testing::admin_actor()).error().code, "unknown_parent");
  EXPECT_EQ(must(store_->events(q)).size(), 1u);
}

TEST_F(SqliteReference, HolidayRangesAreInclusiveAndOpenEnded) {
  must(store_->add_holiday({d("2026-02-16"), "Tết Nguyên đán", false, "QĐ"}, Actor::cli()));
  must(store_->add_holiday({d("2026-01-03"), "Làm bù", true, "QĐ"}, Actor::cli()));
  // Seeded: 2026-01-01, 2026-04-30, 2026-05-01.
  const auto all = must(store_->holidays(std::nullopt, std::nullopt));
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all.front().date, d("2026-01-01"));
  EXPECT_EQ(all.back().date, d("2026-05-01"));

  const auto jan = must(store_->holidays(d("2026-01-01"), d("2026-01-03")));
  ASSERT_EQ(jan.size(), 2u);
  EXPECT_TRUE(jan[1].working_day);
  EXPECT_EQ(jan[1].source, "QĐ");
  EXPECT_EQ(must(store_->holidays(d("2026-02-16"), std::nullopt)).size(), 3u);
  EXPECT_EQ(must(store_->holidays(std::nullopt, d("2026-02-15"))).size(), 2u);
  EXPECT_TRUE(must(store_->holidays(d("2026-06-01"), d("2026-12-31"))).empty());
}

TEST_F(SqliteReference, HolidayAddAndRemoveConflictsAndEvents) {
  const Holiday h{d("2026-09-02"), "Quốc khánh", false, "Bộ luật Lao động"};
  must(store_->add_holiday(h, testing::admin_actor()));
  const auto again = store_->add_holiday(h, testing::admin_actor());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().code, "holiday_exists");
  EXPECT_EQ(again.error().field, "date");

  must(store_->remove_holiday(h.date, testing::admin_actor()));
  const auto missing = store_->remove_holiday(h.date, testing::admin_actor());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);

  EventQuery q;
  q.entity_type = "holiday";
  q.entity_id = "2026-09-02";
  const auto events = must(store_->events(q));  // newest first
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "holiday.delete");
  EXPECT_NE(events[0].before_json.find("Quốc khánh"), std::string::npos);
  EXPECT_TRUE(events[0].after_json.empty());
  EXPECT_EQ(events[1].action, "holiday.create");
  EXPECT_GT(events[0].id, events[1].id);
}

TEST_F(SqliteReference, EventsPageBackwardsById) {
  for (int i = 1; i <= 5; ++i) {
    must(
        store_->add_holiday({d("2027-01-0" + std::to_string(i)), "Nghỉ", false, ""}, Actor::cli()));
  }
  EventQuery q;
  q.entity_type = "holiday";
  q.limit = 2;
  const auto page1 = must(store_->events(q));
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].entity_id, "2027-01-05");
  q.before_id = page1.back().id;
  const auto page2 = must(store_->events(q));
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(page2[0].entity_id, "2027-01-03");
  EXPECT_LT(page2[0].id, page1.back().id);
}

}  // namespace
}  // namespace doithoai::store
