// Listing matters: every filter, the caller's scope, sorting and pagination with exact totals,
// checked against a model of ~200 generated matters.
#include <algorithm>
#include <functional>
#include <set>

#include "domain/calendar.hpp"
#include "store/matter_test_util.hpp"

namespace doithoai::store {
namespace {

using lifecycle::Action;
using testing::d;
using testing::make_new_matter;
using testing::must;

constexpr int kMatters = 200;

// What the test expects of one generated matter.
struct Expected {
  Id id = 0;
  Kind kind = Kind::phan_anh;
  std::string unit;
  std::string field;
  Channel channel = Channel::online;
  Date received_on;
  Status status = Status::received;
  std::string agency;
  std::string handler;
  bool published = false;
  std::optional<Date> next_due_on;
};

class SqliteMatterList : public testing::MatterStoreTest {
 protected:
  void SetUp() override {
    MatterStoreTest::SetUp();
    const WorkingCalendar calendar(testing::sample_reference().holidays);
    const std::vector<std::string> units{"C1", "C2", "C3"};
    const std::vector<std::string> fields{"", "dat-dai", "moi-truong", "dat-dai-tranh-chap"};
    const auto kinds = all_kinds();
    const auto channels = all_channels();
    for (int i = 0; i < kMatters; ++i) {
      Expected e;
      e.kind = kinds[static_cast<std::size_t>(i) % kinds.size()];
      e.unit = units[static_cast<std::size_t>(i) % units.size()];
      e.field = fields[static_cast<std::size_t>(i / 3) % fields.size()];
      e.channel = channels[static_cast<std::size_t>(i / 2) % channels.size()];
      e.received_on = d("2026-03-01").plus_days(i);
      auto nm = make_new_matter("L-" + std::to_string(i), e.kind, e.received_on.iso(), e.unit);
      nm.field_code = e.field;
      nm.submission.channel = e.channel;
      Matter m = create(nm);
      e.id = m.id;
      // The earliest deadline: a denunciation's 7-day acceptance, else the 10-day notice.
      e.next_due_on = calendar.add_working_days(e.received_on, e.kind == Kind::to_cao ? 7 : 10);

      if (i % 5 == 0) {
        m = apply(command(m, Action::classify));
        auto assign = command(m, Action::assign);
        assign.agency_code = i % 10 == 0 ? "UB-C1" : "UB-C2";
        assign.handler = i % 20 == 0 ? "officer1" : "";
        m = apply(assign);
        e.status = Status::assigned;
        e.agency = assign.agency_code;
        e.handler = assign.handler;
        if (i % 10 == 0 && !is_statutory(e.kind)) {
          auto answer = command(m, Action::answer, e.received_on.plus_days(3).iso());
          answer.answer = written_answer(e.received_on.plus_days(3).iso());
          m = apply(answer);
          m = apply(command(m, Action::publish));
          e.status = Status::published;
          e.published = true;
          e.next_due_on.reset();
        }
      }
      expected_.push_back(e);
    }
  }

  // The ids the model says a query returns, in received_desc order.
  std::vector<Id> model(const std::function<bool(const Expected&)>& keep) const {
    std::vector<const Expected*> kept;
    for (const auto& e : expected_) {
      if (keep(e)) kept.push_back(&e);
    }
    std::sort(kept.begin(), kept.end(), [](const Expected* a, const Expected* b) {
      return a->received_on != b->received_on ? b->received_on < a->received_on : b->id < a->id;
    });
    std::vector<Id> ids;
    for (const auto* e : kept) ids.push_back(e->id);
    return ids;
  }

  // Every page of a query, checking that each page reports the same total.
  std::vector<Id> all_pages(MatterQuery q, std::int64_t* total = nullptr) {
    std::vector<Id> ids;
    q.page = 1;
    for (;; ++q.page) {
      const auto page = must(matters().list(q));
      if (total != nullptr) {
        if (q.page == 1) *total = page.total;
        EXPECT_EQ(page.total, *total) << "page " << q.page;
      }
      EXPECT_EQ(page.page, q.page);
      EXPECT_LE(static_cast<int>(page.items.size()), q.per_page);
      for (const auto& m : page.items) ids.push_back(m.id);
      if (page.items.empty() || q.page > 1000) break;
    }
    return ids;
  }

  void expect_query(const std::string& name, MatterQuery q,
                    const std::function<bool(const Expected&)>& keep) {
    const auto want = model(keep);
    ASSERT_FALSE(want.empty()) << name << ": the model selects nothing, so proves nothing";
    ASSERT_LT(want.size(), expected_.size()) << name << ": the filter must leave some out";
    q.per_page = 9;
    std::int64_t total = -1;
    const auto got = all_pages(q, &total);
    EXPECT_EQ(total, static_cast<std::int64_t>(want.size())) << name;
    EXPECT_EQ(got, want) << name;
  }

  std::vector<Expected> expected_;
};

TEST_F(SqliteMatterList, TheDefaultListIsEveryMatterNewestFirst) {
  MatterQuery q;
  const auto first = must(matters().list(q));
  EXPECT_EQ(first.total, kMatters);
  EXPECT_EQ(first.per_page, 20);
  ASSERT_EQ(first.items.size(), 20u);
  EXPECT_EQ(first.items[0].tracking_code, "L-199");
  q.per_page = 9;
  std::int64_t total = -1;
  const auto ids = all_pages(q, &total);
  EXPECT_EQ(ids, model([](const Expected&) { return true; }));
  EXPECT_EQ(std::set<Id>(ids.begin(), ids.end()).size(), ids.size());
}

TEST_F(SqliteMatterList, EachFilterSelectsExactlyItsMatters) {
  MatterQuery q;
  q.statuses = {Status::assigned};
  expect_query("status", q, [](const Expected& e) { return e.status == Status::assigned; });

  q = {};
  q.statuses = {Status::received, Status::published};
  expect_query("two statuses", q, [](const Expected& e) {
    return e.status == Status::received || e.status == Status::published;
  });

  q = {};
  q.kind = Kind::khieu_nai;
  expect_query("kind", q, [](const Expected& e) { return e.kind == Kind::khieu_nai; });

  q = {};
  q.field_code = "dat-dai";
  expect_query("field", q, [](const Expected& e) { return e.field == "dat-dai"; });

  q = {};
  q.unit_codes = {"C1", "C3"};
  expect_query("unit set", q, [](const Expected& e) { return e.unit == "C1" || e.unit == "C3"; });

  q = {};
  q.agency_code = "UB-C2";
  expect_query("agency", q, [](const Expected& e) { return e.agency == "UB-C2"; });

  q = {};
  q.handler = "officer1";
  expect_query("handler", q, [](const Expected& e) { return e.handler == "officer1"; });

  q = {};
  q.channel = Channel::letter;
  expect_query("channel", q, [](const Expected& e) { return e.channel == Channel::letter; });

  q = {};
  q.received_from = d("2026-04-10");
  q.received_to = d("2026-05-20");
  expect_query("received range", q, [](const Expected& e) {
    return !(e.received_on < d("2026-04-10")) && !(d("2026-05-20") < e.received_on);
  });

  q = {};
  q.published_only = true;
  expect_query("published only", q, [](const Expected& e) { return e.published; });

  q = {};
  q.kind = Kind::kien_nghi;
  q.unit_codes = {"C2"};
  q.statuses = {Status::received};
  expect_query("combined", q, [](const Expected& e) {
    return e.kind == Kind::kien_nghi && e.unit == "C2" && e.status == Status::received;
  });
}

TEST_F(SqliteMatterList, OverdueAndDueByUseTheEarliestUnmetDeadline) {
  MatterQuery q;
  q.overdue_on = d("2026-05-01");
  expect_query("overdue", q,
               [](const Expected& e) { return e.next_due_on && *e.next_due_on < d("2026-05-01"); });
  q = {};
  q.due_by = d("2026-05-01");
  expect_query("due by", q, [](const Expected& e) {
    return e.next_due_on && !(d("2026-05-01") < *e.next_due_on);
  });
  // The day itself separates the two.
  const Date edge = *expected_[40].next_due_on;
  MatterQuery before, by;
  before.overdue_on = edge;
  by.due_by = edge;
  EXPECT_LT(must(matters().list(before)).total, must(matters().list(by)).total);
}

TEST_F(SqliteMatterList, DueFromLeavesOutWhatIsAlreadyOverdue) {
  // The inbox's "due soon": from today to a few days ahead, nothing already late, in due order.
  std::vector<Date> dues;
  for (const auto& e : expected_) {
    if (e.next_due_on) dues.push_back(*e.next_due_on);
  }
  ASSERT_GT(dues.size(), 10U);
  std::sort(dues.begin(), dues.end());
  const Date from = dues[dues.size() / 3];
  const Date to = dues[dues.size() * 2 / 3];
  MatterQuery q;
  q.due_from = from;
  q.due_by = to;
  expect_query("due from", q, [&](const Expected& e) {
    return e.next_due_on && !(*e.next_due_on < from) && !(to < *e.next_due_on);
  });
  q.sort = SortOrder::due_asc;
  q.per_page = 500;
  const auto page = must(matters().list(q));
  ASSERT_FALSE(page.items.empty());
  for (std::size_t i = 1; i < page.items.size(); ++i) {
    EXPECT_FALSE(*page.items[i].next_due_on < *page.items[i - 1].next_due_on) << i;
  }
}

TEST_F(SqliteMatterList, TheScopeIsItsUnitsOrItsAgencies) {
  MatterQuery q;
  q.scope_units = {"C3"};
  q.scope_agencies = {"UB-C1"};
  expect_query("scope units or agencies", q,
               [](const Expected& e) { return e.unit == "C3" || e.agency == "UB-C1"; });
  q = {};
  q.scope_agencies = {"UB-C2"};
  expect_query("scope agencies only", q, [](const Expected& e) { return e.agency == "UB-C2"; });
  q = {};
  q.scope_units = {"C1"};
  q.kind = Kind::gop_y;
  expect_query("scope and a filter", q,
               [](const Expected& e) { return e.unit == "C1" && e.kind == Kind::gop_y; });
}

TEST_F(SqliteMatterList, SortOrdersAndPagesBeyondTheEnd) {
  MatterQuery q;
  q.sort = SortOrder::received_asc;
  q.per_page = 50;
  auto ids = all_pages(q);
  auto want = model([](const Expected&) { return true; });
  std::reverse(want.begin(), want.end());
  EXPECT_EQ(ids, want);

  q.sort = SortOrder::due_asc;
  std::vector<Matter> due;
  for (q.page = 1; q.page <= 4; ++q.page) {
    const auto page = must(matters().list(q));
    due.insert(due.end(), page.items.begin(), page.items.end());
  }
  ASSERT_EQ(due.size(), static_cast<std::size_t>(kMatters));
  EXPECT_TRUE(due.front().next_due_on.has_value());
  EXPECT_FALSE(due.back().next_due_on.has_value());  // nothing due: last
  for (std::size_t i = 1; i < due.size(); ++i) {
    const auto& a = due[i - 1].next_due_on;
    const auto& b = due[i].next_due_on;
    if (a && b) {
      EXPECT_FALSE(*b < *a) << i;
    }
    if (!a) {
      EXPECT_FALSE(b.has_value()) << i;
    }
  }

  q = {};
  q.sort = SortOrder::updated_desc;
  q.per_page = kMatters;
  const auto updated = must(matters().list(q));
  ASSERT_EQ(updated.items.size(), static_cast<std::size_t>(kMatters));
  for (std::size_t i = 1; i < updated.items.size(); ++i) {
    EXPECT_GE(updated.items[i - 1].updated_at, updated.items[i].updated_at);
  }

  q = {};
  q.page = 100;
  const auto beyond = must(matters().list(q));
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, kMatters);
  q.page = 0;
  q.per_page = -3;
  const auto clamped = must(matters().list(q));
  EXPECT_EQ(clamped.page, 1);
  EXPECT_EQ(clamped.per_page, 1);
  EXPECT_EQ(clamped.items.size(), 1u);
}

// The totals of unit, status and kind filters come from counters kept by triggers: they follow
// a change of status, of unit and of kind.
TEST_F(SqliteMatterList, CountedTotalsFollowEveryChangeOfStatusUnitAndKind) {
  auto total = [&](std::vector<std::string> units, std::vector<Status> statuses,
                   std::optional<Kind> kind = std::nullopt) {
    MatterQuery q;
    q.unit_codes = std::move(units);
    q.statuses = std::move(statuses);
    q.kind = kind;
    return must(matters().list(q)).total;
  };
  const auto model_count = [&](const std::string& unit, Status status, std::optional<Kind> kind) {
    return static_cast<std::int64_t>(model([&](const Expected& e) {
                                       return e.unit == unit && e.status == status &&
                                              (!kind || e.kind == *kind);
                                     }).size());
  };
  const Expected& e = expected_[1];  // received, in C2
  ASSERT_EQ(e.status, Status::received);
  ASSERT_EQ(e.unit, "C2");
  const auto c2_received = model_count("C2", Status::received, std::nullopt);
  const auto c3_classified = model_count("C3", Status::classified, std::nullopt);
  const auto c3_classified_gop_y = model_count("C3", Status::classified, Kind::gop_y);
  EXPECT_EQ(total({"C2"}, {Status::received}), c2_received);
  EXPECT_EQ(total({"C3"}, {Status::classified}), c3_classified);

  const auto m = must(matters().get(e.id)).matter;
  auto classify = command(m, Action::classify);
  classify.unit_code = "C3";
  classify.kind = Kind::gop_y;
  apply(classify);
  EXPECT_EQ(total({"C2"}, {Status::received}), c2_received - 1);
  EXPECT_EQ(total({"C3"}, {Status::classified}), c3_classified + 1);
  EXPECT_EQ(total({"C3"}, {Status::classified}, Kind::gop_y), c3_classified_gop_y + 1);
  // Moved within the set: the set's total is unchanged.
  EXPECT_EQ(total({"C2", "C3"}, {Status::received, Status::classified}),
            c2_received + c3_classified + model_count("C2", Status::classified, std::nullopt) +
                model_count("C3", Status::received, std::nullopt));
  EXPECT_EQ(must(matters().list({})).total, kMatters);
}

// Lists of some units in some statuses merge each (unit, status) in received order; the pages
// are the same as the model's, newest and oldest first, to the last page.
TEST_F(SqliteMatterList, UnitAndStatusListsPageInOrderBothWays) {
  MatterQuery q;
  q.unit_codes = {"C1", "C2", "C3"};
  q.statuses = {Status::received, Status::assigned, Status::published};
  q.per_page = 7;
  std::int64_t total = -1;
  const auto want = model([](const Expected& e) { return e.status != Status::classified; });
  EXPECT_EQ(all_pages(q, &total), want);
  EXPECT_EQ(total, static_cast<std::int64_t>(want.size()));
  q.sort = SortOrder::received_asc;
  auto asc = want;
  std::reverse(asc.begin(), asc.end());
  EXPECT_EQ(all_pages(q), asc);
  // Out of scope units are left out; a scope with no unit asked for lists nothing.
  q.sort = SortOrder::received_desc;
  q.scope_units = {"C2"};
  EXPECT_EQ(all_pages(q), model([](const Expected& e) {
              return e.unit == "C2" && e.status != Status::classified;
            }));
  q.unit_codes = {"C1"};
  const auto none = must(matters().list(q));
  EXPECT_EQ(none.total, 0);
  EXPECT_TRUE(none.items.empty());
}

// A total that no counter answers is counted only up to the cap, and says so; the pages still
// go on to the last match.
TEST_F(SqliteMatterList, ATotalPastTheCapSaysSoAndThePagesGoOn) {
  MatterQuery q;
  q.field_code = "dat-dai";
  const auto want = model([](const Expected& e) { return e.field == "dat-dai"; });
  ASSERT_GT(want.size(), 10u);
  q.count_cap = 10;
  q.per_page = 4;
  const auto first = must(matters().list(q));
  EXPECT_EQ(first.total, 10);
  EXPECT_TRUE(first.total_capped);
  EXPECT_EQ(all_pages(q), want);
  q.count_cap = 10000;
  const auto exact = must(matters().list(q));
  EXPECT_EQ(exact.total, static_cast<std::int64_t>(want.size()));
  EXPECT_FALSE(exact.total_capped);
}

TEST_F(SqliteMatterList, MergedMattersAreListedOnlyWhenAsked) {
  const Expected& target = expected_[1];
  for (const int i : {7, 13}) {
    const auto m = must(matters().get(expected_[static_cast<std::size_t>(i)].id)).matter;
    auto merge = command(m, Action::merge);
    merge.merge_into = target.id;
    apply(merge);
  }
  EXPECT_EQ(must(matters().list({})).total, kMatters - 2);
  MatterQuery all;
  all.include_merged = true;
  EXPECT_EQ(must(matters().list(all)).total, kMatters);
  MatterQuery merged;
  merged.statuses = {Status::merged};
  const auto page = must(matters().list(merged));
  ASSERT_EQ(page.total, 2);
  EXPECT_EQ(page.items[0].merged_into, target.id);
  EXPECT_EQ(must(matters().get(target.id)).matter.submissions, 3);
}

}  // namespace
}  // namespace doithoai::store
