// The summary report read from the counters of migration 9 against the same report counted
// from every row (the reference): equal on randomized datasets built through the store (intake,
// the lifecycle, further submissions, merges of matters, deadlines met on time and late,
// answers that guide or come from the higher level, a unit merged into another), for periods
// cut anywhere, scopes by unit and by agency, and any as-of day; and again after the counters
// are rebuilt from the rows by the migration (an existing database being upgraded).
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "cli/demo_rng.hpp"
#include "report/summary.hpp"
#include "store/matter_test_util.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::report {
namespace {

using lifecycle::Action;
using store::testing::d;
using store::testing::must;

using Rng = cli::DemoRng;  // splitmix64: the same stream on every machine

// Every figure of the store's aggregates, one per line, for a readable difference.
std::string dump(const store::ReportData& r) {
  std::ostringstream o;
  for (const auto& t : r.tallies) {
    o << "tally " << t.unit_code << ' ' << static_cast<int>(t.dimension) << " '" << t.value << "' "
      << t.matters << ' ' << t.submissions << ' ' << t.people << '\n';
  }
  for (const auto& t : r.timeliness) {
    o << "timeliness '" << t.agency_code << "' " << code(t.kind) << ' ' << t.on_time << ' '
      << t.late << ' ' << t.overdue << '\n';
  }
  for (const auto& m : r.overdue) {
    o << "overdue " << m.id << ' ' << m.due_on.iso() << ' ' << m.unit_code << '\n';
  }
  const auto& i = r.intake;
  o << "overdue_total " << r.overdue_total << "\nintake " << i.carried_over << ' ' << i.received
    << ' ' << i.duplicates << ' ' << i.new_matters << ' ' << i.merged << ' ' << i.refused << ' '
    << i.eligible << ' ' << i.complaints << ' ' << i.denunciations << ' ' << i.petitions << ' '
    << i.one_signer << ' ' << i.many_signers << ' ' << i.within_competence << ' ' << i.guided << ' '
    << i.forwarded_up << '\n';
  return o.str();
}

// The reference as a ReportStore, for build_summary.
class ScanReports final : public store::ReportStore {
 public:
  explicit ScanReports(store::ReportStore& inner) : inner_(inner) {}
  Expected<store::ReportData> summary_data(const store::ReportFilter& f) override {
    return inner_.summary_data_by_scan(f);
  }
  Expected<store::ReportData> summary_data_by_scan(const store::ReportFilter& f) override {
    return inner_.summary_data_by_scan(f);
  }
  // Month by month, each month's days of the period counted from every row.
  Expected<std::vector<store::MonthTimeliness>> monthly_timeliness(
      const store::ReportFilter& f) override {
    std::vector<store::MonthTimeliness> months;
    if (f.to < f.from) return months;  // an empty period touches no month
    for (Date m{f.from.year, f.from.month, 1}; m <= f.to;
         m = m.month == 12 ? Date{m.year + 1, 1, 1} : Date{m.year, m.month + 1, 1}) {
      const Date next = m.month == 12 ? Date{m.year + 1, 1, 1} : Date{m.year, m.month + 1, 1};
      auto part = f;
      part.from = std::max(m, f.from);
      part.to = std::min(next.plus_days(-1), f.to);
      part.overdue_limit = 0;
      const auto data = TRY(inner_.summary_data_by_scan(part));
      store::MonthTimeliness t{m.year, m.month, 0, 0};
      for (const auto& cell : data.timeliness) {
        t.on_time += cell.on_time;
        t.late += cell.late;
      }
      months.push_back(t);
    }
    return months;
  }

 private:
  store::ReportStore& inner_;
};

// The matter test's reference data, with commune C9 (ended 2025-06-30) merged into C2.
store::ReferenceData merged_reference() {
  auto data = store::testing::matter_reference();
  for (auto& u : data.units) {
    if (u.code == "C2") u.predecessor_codes = {"C9"};
  }
  return data;
}

class ReportCounts : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("reports.db");
    open();
    must(store_->seed_reference(reference_, Actor::system()), "seed");
    must(store_->add_user(store::testing::make_user("officer1"), store::testing::admin_actor()),
         "user");
  }

  void open() {
    store::Options options;
    options.secret_key = store::testing::test_key();
    store_ = store::testing::open_migrated(path_, options);
  }

  store::MatterStore& matters() { return store_->matters(); }

  static Date random_day(Rng& rng, const Date& from, const Date& to) {
    return from.plus_days(rng.between(0, static_cast<int>(to.days() - from.days())));
  }

  // A dataset through the store: matters received 2024-11 to 2026-09 in every unit, further
  // submissions (some dated before the matter), and random allowed actions on random days.
  void build(std::uint64_t seed, int n) {
    Rng rng(seed);
    const std::vector<std::string> units = {"V1", "C1", "C2", "C3", "C9", "P1"};
    const std::vector<std::string> agencies = {"UB-C1", "UB-C1-VP", "UB-C2", "UB-C9"};
    const std::vector<std::string> fields = {"", "dat-dai", "dat-dai-tranh-chap", "moi-truong"};
    const std::vector<Kind> kinds(all_kinds().begin(), all_kinds().end());
    const std::vector<Channel> channels(all_channels().begin(), all_channels().end());
    const Date today = vietnam_date(now_utc());
    for (int i = 0; i < n; ++i) {
      const std::string unit = rng.pick(units);
      const Date last = unit == "C9" ? d("2025-06-30") : d("2026-09-30");
      const Date received = random_day(rng, d("2024-11-01"), last);
      auto nm =
          store::testing::make_new_matter("RC-" + std::to_string(seed) + "-" + std::to_string(i),
                                          rng.pick(kinds), received.iso(), unit);
      nm.field_code = rng.pick(fields);
      nm.submission.channel = rng.pick(channels);
      nm.submission.head_count = rng.chance(20) ? rng.between(2, 9) : 1;
      auto created = matters().create_record(nm, Actor{2, "intake1"});
      if (created.ok()) ids_.push_back(created->matter.id);
    }
    ASSERT_GT(ids_.size(), static_cast<std::size_t>(n / 2));
    for (int step = 0; step < n * 4; ++step) {
      const Id id = rng.pick(ids_);
      auto record = matters().get(id);
      if (!record.ok()) continue;
      const auto& m = record->matter;
      if (rng.chance(12)) {
        Submission s;
        s.channel = rng.pick(channels);
        s.received_on = std::min(today, m.received_on.plus_days(rng.between(-40, 90)));
        s.title = "Ý kiến thêm";
        s.content = "Người dân tiếp tục phản ánh nội dung này.";
        s.people = {store::testing::make_person("Lê Thị Hoa")};
        s.head_count = rng.between(1, 4);
        s.recorded_by = "intake1";
        (void)matters().add_submission(id, s, Actor{2, "intake1"});
        continue;
      }
      const auto allowed = lifecycle::allowed_actions(m.status, m.kind);
      if (allowed.empty()) continue;
      store::ActionCommand c;
      c.matter_id = id;
      c.expected_version = m.version;
      c.action = rng.pick(allowed);
      c.on = std::min(today, m.received_on.plus_days(rng.between(0, 150)));
      Answer a;
      a.document_number = "12/UBND";
      a.date = c.on;
      a.signed_by = "Chủ tịch UBND";
      a.text = "Trả lời công dân.";
      switch (c.action) {
        case Action::classify:
          if (rng.chance(30)) c.kind = rng.pick(kinds);
          c.field_code = rng.pick(fields);
          if (rng.chance(15)) c.unit_code = rng.pick(units);
          break;
        case Action::assign:
          c.agency_code = rng.pick(agencies);
          c.handler = "officer1";
          break;
        case Action::answer:
          a.form = rng.chance(50) ? "written" : "direct";
          c.answer = a;
          break;
        case Action::answer_from_higher:
          a.form = "from_higher";
          c.answer = a;
          break;
        case Action::guide:
          a.form = "guide";
          a.agency_code = rng.pick(agencies);
          c.answer = a;
          break;
        case Action::refuse:
          c.ground = "Đơn không đủ điều kiện thụ lý";
          break;
        case Action::merge:
          c.merge_into = rng.pick(ids_);
          break;
        case Action::extend:
          c.decision_number = "5/QĐ-UBND";
          break;
        case Action::rate:
          c.rating = rng.between(1, 3);
          break;
        default:
          break;
      }
      if (matters().apply(c, Actor{3, "officer1"}).ok()) ++applied_;
    }
  }

  std::vector<store::ReportFilter> filters(std::uint64_t seed) const {
    Rng rng(seed * 7 + 1);
    std::vector<std::pair<Date, Date>> periods = {
        {d("2024-01-01"), d("2026-12-31")}, {d("2025-01-01"), d("2025-12-31")},
        {d("2025-03-01"), d("2025-05-31")}, {d("2024-12-15"), d("2026-02-10")},
        {d("2025-06-10"), d("2025-06-20")}, {d("2025-02-01"), d("2026-01-31")},
        {d("2025-07-01"), d("2025-07-31")}, {d("2026-02-01"), d("2026-02-28")},
        {d("2025-12-31"), d("2026-01-01")}, {d("2026-03-05"), d("2026-03-04")},
    };
    for (int i = 0; i < 12; ++i) {
      const Date a = random_day(rng, d("2024-06-01"), d("2027-01-31"));
      const Date b = random_day(rng, d("2024-06-01"), d("2027-01-31"));
      periods.emplace_back(std::min(a, b), std::max(a, b));
    }
    const std::vector<std::vector<std::string>> unit_scopes = {
        {}, {"C1", "V1"}, {"C2", "C9"}, {"C3"}, {"C1", "C2", "C3", "C9", "P1", "V1"}};
    const std::vector<Date> as_ofs = {d("2025-06-30"), d("2026-01-01"), vietnam_date(now_utc()),
                                      d("2027-06-01")};
    std::vector<store::ReportFilter> out;
    for (const auto& [from, to] : periods) {
      store::ReportFilter f;
      f.from = from;
      f.to = to;
      f.overdue_limit = 7;
      f.as_of = as_ofs[out.size() % as_ofs.size()];
      for (const auto& units : unit_scopes) {
        f.unit_codes = units;
        out.push_back(f);
      }
      f.unit_codes.clear();
      for (const std::string agency : {"UB-C1", "UB-C2"}) {
        f.agency_code = agency;
        out.push_back(f);
      }
      f.agency_code.clear();
    }
    return out;
  }

  static std::string describe(const store::ReportFilter& f) {
    std::string units;
    for (const auto& u : f.unit_codes) units += u + ",";
    return f.from.iso() + ".." + f.to.iso() + " as of " + f.as_of.iso() + " units [" + units +
           "] agency '" + f.agency_code + "'";
  }

  // Every filter: the counters give exactly what the rows give, for the whole period and month
  // by month.
  void expect_counts_equal_scan(std::uint64_t seed) {
    auto& reports = store_->reports();
    ScanReports scan(reports);
    int compared = 0;
    std::int64_t decided = 0;
    for (const auto& f : filters(seed)) {
      const auto counted = must(reports.summary_data(f), "summary_data");
      const auto scanned = must(reports.summary_data_by_scan(f), "summary_data_by_scan");
      EXPECT_EQ(dump(counted), dump(scanned)) << describe(f);
      EXPECT_TRUE(counted == scanned) << describe(f);
      const auto monthly = must(reports.monthly_timeliness(f), "monthly_timeliness");
      const auto monthly_scanned = must(scan.monthly_timeliness(f), "monthly by scan");
      EXPECT_EQ(monthly, monthly_scanned) << describe(f);
      for (const auto& m : monthly) decided += m.on_time + m.late;
      ++compared;
    }
    EXPECT_GT(compared, 100);
    EXPECT_GT(decided, 0);  // the months carry figures, not only zeros
  }

  // The whole summary, rolled up through the tree and the merger of C9 into C2, as the API
  // renders it.
  void expect_summaries_equal() {
    const UnitTree tree(reference_.units);
    const Reference ref{tree, reference_.agencies, reference_.fields};
    ScanReports scan(store_->reports());
    NoDialogueSource none;
    for (const auto& [scope, code] : std::vector<std::pair<SummaryRequest::Scope, std::string>>{
             {SummaryRequest::Scope::unit, "P1"},
             {SummaryRequest::Scope::unit, "C2"},
             {SummaryRequest::Scope::unit, "C1"},
             {SummaryRequest::Scope::agency, "UB-C1"}}) {
      for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
               {"2025-01-01", "2025-12-31"}, {"2024-11-20", "2026-03-09"}}) {
        SummaryRequest r;
        r.scope = scope;
        r.code = code;
        r.from = d(from);
        r.to = d(to);
        r.as_of = vietnam_date(now_utc());
        const auto counted = must(build_summary(r, ref, store_->reports(), none), "summary");
        const auto scanned = must(build_summary(r, ref, scan, none), "summary by scan");
        EXPECT_EQ(summary_json(counted), summary_json(scanned)) << code << ' ' << from;
        EXPECT_GT(scanned.matters, 0) << code << ' ' << from;
      }
    }
  }

  // The non-zero counter rows, in key order.
  std::vector<std::string> counter_rows() {
    auto c = must(store::sqlite::Connection::open(path_, SQLITE_OPEN_READONLY), "open");
    auto q = must(c->prepare(
        "SELECT unit_code, dim, bucket, value, agency_code, matters, submissions, people "
        "FROM report_counts WHERE matters <> 0 OR submissions <> 0 OR people <> 0 "
        "ORDER BY 1, 2, 3, 4, 5"));
    std::vector<std::string> rows;
    while (must(q.step())) {
      std::string row;
      for (int i = 0; i < 8; ++i) row.append(q.text(i)).append("|");
      rows.push_back(row);
    }
    return rows;
  }

  store::testing::TempDir dir_;
  std::string path_;
  store::ReferenceData reference_ = merged_reference();
  std::unique_ptr<store::Store> store_;
  std::vector<Id> ids_;
  int applied_ = 0;
};

TEST_F(ReportCounts, CountersGiveTheFiguresOfTheRowsOnRandomDatasets) {
  for (const std::uint64_t seed : {1U, 2U}) {
    build(seed, 90);
    EXPECT_GT(applied_, 150);
    expect_counts_equal_scan(seed);
  }
  expect_summaries_equal();
  // The dataset has what the counters must follow: merges, refusals, guided and forwarded
  // matters, deadlines met on time and late, duplicates, overdue matters.
  const auto all = must(store_->reports().summary_data_by_scan(
      store::ReportFilter{d("2024-01-01"), d("2026-12-31"), {}, "", d("2026-01-01"), 0}));
  EXPECT_GT(all.intake.merged, 0);
  EXPECT_GT(all.intake.refused, 0);
  EXPECT_GT(all.intake.guided, 0);
  EXPECT_GT(all.intake.duplicates, 0);
  EXPECT_GT(all.overdue_total, 0);
  EXPECT_GT(all.intake.carried_over + all.intake.received, 0);
  std::int64_t on_time = 0, late = 0;
  for (const auto& t : all.timeliness) {
    on_time += t.on_time;
    late += t.late;
  }
  EXPECT_GT(on_time, 0);
  EXPECT_GT(late, 0);
}

TEST_F(ReportCounts, TheMigrationCountsTheRowsOfAnExistingDatabase) {
  build(3, 80);
  const auto kept = counter_rows();
  ASSERT_FALSE(kept.empty());
  store_->close();
  store_.reset();
  {
    // The database as it was before migration 9.
    auto c = must(store::sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE), "open");
    std::vector<std::string> triggers;
    {
      auto q = must(c->prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'report\\_%' "
          "ESCAPE '\\'"));
      while (must(q.step())) triggers.push_back(q.text(0));
    }
    EXPECT_GE(triggers.size(), 10u);
    for (const auto& t : triggers) must(c->exec("DROP TRIGGER " + t));
    must(
        c->exec("DROP VIEW report_delta; DROP TABLE report_counts; DROP INDEX matters_answered; "
                "DELETE FROM schema_migrations WHERE version = 9;"));
  }
  open();
  EXPECT_EQ(counter_rows(), kept);
  expect_counts_equal_scan(3);
}

}  // namespace
}  // namespace doithoai::report
