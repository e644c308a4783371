// The summary's arithmetic over hand-made aggregates and a fake dialogue source: scopes rolled
// up through the unit tree and mergers, breakdowns, the dialogue seam, the prose, and the
// renderings.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "report/summary.hpp"
#include "zip_reader.hpp"

namespace doithoai::report {
namespace {

using nlohmann::json;

Unit unit(std::string code, std::string type, std::string name, std::optional<std::string> parent,
          std::vector<std::string> predecessors = {}) {
  Unit u;
  u.code = std::move(code);
  u.type_name = std::move(type);
  u.name = std::move(name);
  u.parent_code = std::move(parent);
  u.predecessor_codes = std::move(predecessors);
  return u;
}

// 31 (city) > 316 (district) > A (commune) > A1 (village); 316 > B (commune, merged into N);
// 31 > N (the commune made from B).
class SummaryTest : public ::testing::Test {
 protected:
  SummaryTest()
      : tree_({unit("31", "thành phố", "Hải Phòng", std::nullopt),
               unit("316", "huyện", "Vĩnh Bảo", "31"), unit("A", "xã", "Vĩnh An", "316"),
               unit("A1", "thôn", "Thôn 1", "A"), unit("B", "xã", "Trấn Dương", "316"),
               unit("N", "xã", "Nguyễn Bỉnh Khiêm", "31", {"B"})}),
        agencies_(
            {Agency{"HU-VB", "Huyện ủy Vĩnh Bảo", "party_committee", "316", {}, {}},
             Agency{
                 "UBND-VB", "Ủy ban nhân dân huyện Vĩnh Bảo", "people_committee", "316", {}, {}}}),
        fields_({Field{"f2", "Giải phóng mặt bằng", {}, 90, true},
                 Field{"f1", "Nông nghiệp và phát triển nông thôn", {}, 10, true}}),
        ref_{tree_, agencies_, fields_} {}

  // Matters or submissions sharing every dimension, as a test writes them down; the store hands
  // over each dimension's tallies apart (tallies_of below).
  struct Cell {
    std::string unit, field, agency;
    Kind kind;
    Channel channel;
    Status status;
    std::int64_t count, people;
  };
  static Cell cell(std::string unit, std::string field, std::string agency, Kind k, Channel c,
                   Status s, std::int64_t count, std::int64_t people) {
    return Cell{std::move(unit), std::move(field), std::move(agency), k, c, s, count, people};
  }

  static std::vector<store::ReportTally> tallies_of(const std::vector<Cell>& matters,
                                                    const std::vector<Cell>& submissions) {
    using D = store::ReportDimension;
    std::map<std::tuple<std::string, D, std::string>, store::ReportTally> out;
    auto add = [&](const Cell& c, bool submission) {
      for (const auto& [d, value] :
           {std::pair{D::kind, std::string(code(c.kind))}, std::pair{D::field, c.field},
            std::pair{D::channel, std::string(code(c.channel))},
            std::pair{D::status, std::string(code(c.status))}}) {
        auto& t = out[{c.unit, d, value}];
        t.unit_code = c.unit;
        t.dimension = d;
        t.value = value;
        (submission ? t.submissions : t.matters) += c.count;
        if (submission) t.people += c.people;
      }
    };
    for (const auto& c : matters) add(c, false);
    for (const auto& c : submissions) add(c, true);
    std::vector<store::ReportTally> v;
    for (auto& [key, t] : out) v.push_back(std::move(t));
    return v;
  }

  static store::ReportData data() {
    store::ReportData d;
    const std::vector<Cell> matters = {
        cell("A1", "f1", "UBND-VB", Kind::phan_anh, Channel::online, Status::received, 3, 4),
        cell("A", "f1", "", Kind::khieu_nai, Channel::letter, Status::assigned, 2, 2),
        cell("B", "", "HU-VB", Kind::to_cao, Channel::phone, Status::answered, 1, 5),
        cell("316", "f2", "UBND-VB", Kind::kien_nghi, Channel::dialogue, Status::closed, 4, 10),
    };
    const std::vector<Cell> submissions = {
        cell("A1", "f1", "UBND-VB", Kind::phan_anh, Channel::online, Status::received, 5, 6),
        cell("A1", "f1", "UBND-VB", Kind::phan_anh, Channel::reception, Status::received, 1, 1),
        cell("B", "", "HU-VB", Kind::to_cao, Channel::phone, Status::answered, 2, 2),
        cell("316", "f2", "UBND-VB", Kind::kien_nghi, Channel::dialogue, Status::closed, 7, 9),
    };
    d.tallies = tallies_of(matters, submissions);
    d.timeliness = {{"UBND-VB", Kind::kien_nghi, 2, 1, 0}, {"", Kind::khieu_nai, 0, 0, 2}};
    d.overdue_total = 2;
    store::OverdueMatter m;
    m.id = 7;
    m.tracking_code = "ABC123";
    m.title = "Đường liên xã xuống cấp";
    m.unit_code = "A";
    m.kind = Kind::khieu_nai;
    m.status = Status::assigned;
    m.received_on = Date{2020, 1, 2};
    m.due_on = Date{2020, 12, 28};
    d.overdue = {m};
    d.intake.received = 15;
    d.intake.new_matters = 11;
    d.intake.merged = 1;
    d.intake.eligible = 10;
    return d;
  }

  static DialogueFigures dialogues() {
    DialogueFigures f;
    f.recorded = true;
    f.total = {13, 2645, 587};
    f.by_unit = {{"A1", {2, 100, 20}}, {"A", {1, 40, 3}}, {"B", {1, 50, 7}}};
    f.by_host_agency = {{"HU-VB", {13, 2645, 587}}};
    return f;
  }

  SummaryRequest request(SummaryRequest::Scope scope, std::string code) const {
    SummaryRequest r;
    r.from = Date{2016, 1, 1};
    r.to = Date{2020, 12, 31};
    r.as_of = Date{2021, 1, 4};
    r.scope = scope;
    r.code = std::move(code);
    return r;
  }

  static const Row& row(const std::vector<Row>& rows, const std::string& code) {
    for (const auto& r : rows) {
      if (r.code == code) return r;
    }
    throw std::runtime_error("no row " + code);
  }

  UnitTree tree_;
  std::vector<Agency> agencies_;
  std::vector<Field> fields_;
  Reference ref_;
};

class FakeDialogues final : public DialogueSource {
 public:
  explicit FakeDialogues(DialogueFigures f) : figures_(std::move(f)) {}
  Expected<DialogueFigures> figures(const DialogueQuery& q) override {
    asked = q;
    return figures_;
  }
  DialogueQuery asked;

 private:
  DialogueFigures figures_;
};

class FakeReportStore final : public store::ReportStore {
 public:
  explicit FakeReportStore(store::ReportData d) : data_(std::move(d)) {}
  Expected<store::ReportData> summary_data(const store::ReportFilter& f) override {
    asked = f;
    return data_;
  }
  Expected<store::ReportData> summary_data_by_scan(const store::ReportFilter& f) override {
    return summary_data(f);
  }
  Expected<std::vector<store::MonthTimeliness>> monthly_timeliness(
      const store::ReportFilter& f) override {
    asked = f;
    return std::vector<store::MonthTimeliness>{};
  }
  store::ReportFilter asked;

 private:
  store::ReportData data_;
};

TEST_F(SummaryTest, AUnitScopeRollsUpItsSubtreeAndWhatMergedIntoIt) {
  using S = SummaryRequest::Scope;
  EXPECT_EQ(report_filter(request(S::unit, "316"), ref_).unit_codes,
            (std::vector<std::string>{"316", "A", "A1", "B"}));
  EXPECT_EQ(report_filter(request(S::unit, "N"), ref_).unit_codes,
            (std::vector<std::string>{"B", "N"}));
  EXPECT_EQ(report_filter(request(S::unit, "31"), ref_).unit_codes,
            (std::vector<std::string>{"31", "316", "A", "A1", "B", "N"}));
  const auto agency = report_filter(request(S::agency, "HU-VB"), ref_);
  EXPECT_TRUE(agency.unit_codes.empty());
  EXPECT_EQ(agency.agency_code, "HU-VB");
  EXPECT_EQ(dialogue_query(request(S::agency, "HU-VB"), ref_).host_agency, "HU-VB");
  EXPECT_EQ(dialogue_query(request(S::unit, "N"), ref_).unit_codes,
            (std::vector<std::string>{"B", "N"}));
}

TEST_F(SummaryTest, BadPeriodsAndUnknownCodesAreRefused) {
  auto r = request(SummaryRequest::Scope::unit, "316");
  r.to = Date{2015, 12, 31};
  auto v = validate(r, ref_);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, "bad_period");
  EXPECT_EQ(v.error().field, "to");
  EXPECT_EQ(validate(request(SummaryRequest::Scope::unit, "999"), ref_).error().code,
            "unknown_unit");
  EXPECT_EQ(validate(request(SummaryRequest::Scope::agency, "XX"), ref_).error().code,
            "unknown_agency");
  EXPECT_TRUE(validate(request(SummaryRequest::Scope::unit, "316"), ref_).ok());
  FakeReportStore store(data());
  NoDialogueSource none;
  auto bad = request(SummaryRequest::Scope::unit, "nowhere");
  EXPECT_FALSE(build_summary(bad, ref_, store, none).ok());
}

TEST_F(SummaryTest, BreakdownsAddUpToTheTotals) {
  FakeReportStore store(data());
  FakeDialogues dialogue_source(dialogues());
  const auto s =
      build_summary(request(SummaryRequest::Scope::unit, "316"), ref_, store, dialogue_source);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(store.asked.as_of, (Date{2021, 1, 4}));
  EXPECT_EQ(s->matters, 3 + 2 + 1 + 4);
  EXPECT_EQ(s->submissions, 5 + 1 + 2 + 7);  // a unit counts every submission in its scope
  EXPECT_EQ(s->matter_submissions, 15);
  EXPECT_EQ(s->people, 6 + 1 + 2 + 9);
  EXPECT_EQ(s->dialogues, 13);
  EXPECT_EQ(s->attendances, 2645);
  EXPECT_EQ(s->scope_name, "huyện Vĩnh Bảo");

  // By unit: the village counts in its commune, the district's own matters in its row.
  EXPECT_EQ(s->by_unit.front().code, "316");
  EXPECT_EQ(row(s->by_unit, "316").matters, 4);
  EXPECT_EQ(row(s->by_unit, "A").matters, 5);
  EXPECT_EQ(row(s->by_unit, "A").submissions, 6);
  EXPECT_EQ(row(s->by_unit, "A").dialogues, 3);
  EXPECT_EQ(row(s->by_unit, "A").attendances, 140);
  EXPECT_EQ(row(s->by_unit, "B").matters, 1);
  EXPECT_EQ(row(s->by_unit, "B").dialogues, 1);
  EXPECT_EQ(s->by_unit.size(), 3u);
  // Children in Vietnamese order: Trấn Dương before Vĩnh An.
  EXPECT_EQ(s->by_unit[1].code, "B");

  // By field: in the taxonomy's order, the unclassified last.
  ASSERT_EQ(s->by_field.size(), 3u);
  EXPECT_EQ(s->by_field[0].code, "f1");
  EXPECT_EQ(s->by_field[0].matters, 5);
  EXPECT_EQ(s->by_field[1].code, "f2");
  EXPECT_EQ(s->by_field[2].code, "");
  EXPECT_EQ(s->by_field[2].name, "Chưa phân loại lĩnh vực");
  EXPECT_EQ(s->by_field[2].submissions, 2);

  // Every kind, channel and status is listed, zero or not; merged matters are not a status here.
  ASSERT_EQ(s->by_kind.size(), 6u);
  EXPECT_EQ(row(s->by_kind, "phan_anh").matters, 3);
  EXPECT_EQ(row(s->by_kind, "phan_anh").name, "Phản ánh");
  EXPECT_EQ(row(s->by_kind, "gop_y").matters, 0);
  ASSERT_EQ(s->by_channel.size(), 7u);
  EXPECT_EQ(row(s->by_channel, "reception").submissions, 1);
  EXPECT_EQ(row(s->by_channel, "reception").matters, 0);
  EXPECT_EQ(row(s->by_channel, "online").submissions, 5);
  EXPECT_EQ(s->by_status.size(), 11u);
  EXPECT_EQ(row(s->by_status, "closed").matters, 4);
  for (const auto* rows : {&s->by_kind, &s->by_channel, &s->by_status, &s->by_field}) {
    std::int64_t m = 0, sub = 0;
    for (const auto& r : *rows) {
      m += r.matters;
      sub += r.submissions;
    }
    EXPECT_EQ(m, s->matters);
    EXPECT_EQ(sub, s->matter_submissions);
  }

  // Timeliness: agencies by name, the unassigned last.
  ASSERT_EQ(s->timeliness.size(), 2u);
  EXPECT_EQ(s->timeliness[0].agency_name, "Ủy ban nhân dân huyện Vĩnh Bảo");
  EXPECT_EQ(s->timeliness[1].agency_name, "Chưa giao cơ quan chủ trì");
  EXPECT_EQ(s->on_time, 2);
  EXPECT_EQ(s->late, 1);
  EXPECT_EQ(s->overdue, 2);
  ASSERT_EQ(s->overdue_items.size(), 1u);
  EXPECT_EQ(s->overdue_items[0].days_overdue, 7);  // due 28/12/2020, as of 04/01/2021
  EXPECT_EQ(s->overdue_items[0].unit_name, "xã Vĩnh An");

  EXPECT_EQ(s->prose,
            "Từ năm 2016-2020, trên địa bàn huyện Vĩnh Bảo đã tổ chức 13 cuộc đối thoại với trên "
            "2.600 lượt người tham dự; đã tiếp nhận 15 lượt ý kiến, tổng hợp thành 10 vụ việc. "
            "Đã giải quyết 3 vụ việc, trong đó 2 vụ việc đúng hạn (66,67%), 1 vụ việc trễ hạn. "
            "Đến ngày 04/01/2021, còn 2 vụ việc quá hạn giải quyết.");
}

TEST_F(SummaryTest, AnAgencyCountsTheOpinionsRaisedAtTheDialoguesItHosted) {
  FakeReportStore store(data());
  FakeDialogues dialogue_source(dialogues());
  const auto s =
      build_summary(request(SummaryRequest::Scope::agency, "HU-VB"), ref_, store, dialogue_source);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(dialogue_source.asked.host_agency, "HU-VB");
  EXPECT_EQ(s->submissions, 587);
  EXPECT_EQ(s->matter_submissions, 15);
  ASSERT_EQ(s->by_host_agency.size(), 1u);
  EXPECT_EQ(s->by_host_agency[0].name, "Huyện ủy Vĩnh Bảo");
  EXPECT_EQ(s->by_host_agency[0].attendances, 2645);
  EXPECT_EQ(s->prose.substr(0, 160),
            std::string("Từ năm 2016-2020, người đứng đầu Huyện ủy Vĩnh Bảo đã tổ chức 13 cuộc đối "
                        "thoại với trên 2.600 lượt người tham dự, có 587 lượt ý kiến.")
                .substr(0, 160));
  EXPECT_NE(s->prose.find("Huyện ủy Vĩnh Bảo chủ trì giải quyết 10 vụ việc tiếp nhận trong kỳ."),
            std::string::npos)
      << s->prose;
}

TEST_F(SummaryTest, WithoutADialogueSourceNoDialogueFigureIsClaimed) {
  FakeReportStore store(data());
  NoDialogueSource none;
  auto r = request(SummaryRequest::Scope::unit, "316");
  r.from = Date{2021, 1, 1};
  r.to = Date{2021, 9, 30};
  const auto s = build_summary(r, ref_, store, none);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->dialogues_recorded);
  EXPECT_EQ(s->dialogues, 0);
  EXPECT_EQ(s->prose.find("đối thoại"), std::string::npos) << s->prose;
  EXPECT_EQ(s->prose.rfind("Từ ngày 01/01/2021 đến ngày 30/09/2021, trên địa bàn huyện Vĩnh Bảo "
                           "đã tiếp nhận 15 lượt ý kiến, tổng hợp thành 10 vụ việc.",
                           0),
            0u)
      << s->prose;
}

TEST(Period, PhrasesFollowThePressReleases) {
  EXPECT_EQ(period_phrase(Date{2016, 1, 1}, Date{2020, 12, 31}), "Từ năm 2016-2020");
  EXPECT_EQ(period_phrase(Date{2021, 1, 1}, Date{2021, 12, 31}), "Năm 2021");
  EXPECT_EQ(period_phrase(Date{2021, 1, 1}, Date{2021, 9, 30}),
            "Từ ngày 01/01/2021 đến ngày 30/09/2021");
}

TEST_F(SummaryTest, JsonCarriesIntegerTotalsAndBreakdowns) {
  FakeReportStore store(data());
  FakeDialogues dialogue_source(dialogues());
  const auto s =
      build_summary(request(SummaryRequest::Scope::unit, "316"), ref_, store, dialogue_source);
  ASSERT_TRUE(s.ok());
  const auto j = json::parse(summary_json(*s));
  for (const auto* key : {"dialogues", "attendances", "submissions", "matters"}) {
    ASSERT_TRUE(j[key].is_number_integer()) << key;
  }
  EXPECT_EQ(j["matters"], 10);
  EXPECT_EQ(j["scope"]["name"], "huyện Vĩnh Bảo");
  EXPECT_EQ(j["by_unit"][1]["name"], "xã Trấn Dương");
  EXPECT_EQ(j["by_field"][2]["code"], nullptr);
  EXPECT_EQ(j["intake"]["received"], 15);
  EXPECT_EQ(j["overdue_items"][0]["due_on"], "2020-12-28");
  EXPECT_EQ(j["summary"], s->prose);
}

TEST_F(SummaryTest, TheWorkbookHasOneSheetPerBreakdownAndTheIntakeForm) {
  FakeReportStore store(data());
  FakeDialogues dialogue_source(dialogues());
  const auto s =
      build_summary(request(SummaryRequest::Scope::unit, "316"), ref_, store, dialogue_source);
  ASSERT_TRUE(s.ok());
  const auto bytes = write_xlsx(summary_workbook(*s));
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const auto names =
      test::all_of(test::zip_entry(*bytes, "xl/workbook.xml"), R"re(<sheet name="([^"]+)")re");
  EXPECT_EQ(names,
            (std::vector<std::string>{"Tổng hợp", "Theo đơn vị", "Theo lĩnh vực", "Theo loại",
                                      "Theo kênh", "Theo trạng thái", "Theo cơ quan chủ trì",
                                      "Đúng hạn, trễ hạn", "Quá hạn", "Biểu 01-XLD"}));
  // Theo đơn vị: title, two subtitle lines, a blank row, the header in row 5, then the rows.
  EXPECT_EQ(test::row_texts(*bytes, "xl/worksheets/sheet2.xml", 5),
            (std::vector<std::string>{"STT", "Đơn vị", "Số cuộc đối thoại", "Lượt người tham dự",
                                      "Lượt ý kiến tại đối thoại", "Số vụ việc", "Lượt ý kiến"}));
  EXPECT_EQ(test::row_texts(*bytes, "xl/worksheets/sheet2.xml", 6),
            (std::vector<std::string>{"1", "huyện Vĩnh Bảo", "0", "0", "0", "4", "7"}));
  const auto form = test::row_texts(*bytes, "xl/worksheets/sheet10.xml", 5);
  ASSERT_EQ(form.size(), 15u);
  EXPECT_EQ(form[0], "Kỳ trước chuyển sang");
  EXPECT_EQ(form[6], "Đủ điều kiện xử lý");
  EXPECT_EQ(form[14], "Chuyển cấp trên");
  const auto values = test::row_texts(*bytes, "xl/worksheets/sheet10.xml", 7);
  ASSERT_EQ(values.size(), 15u);
  EXPECT_EQ(values[1], "15");
  EXPECT_EQ(values[6], "10");
}

}  // namespace
}  // namespace doithoai::report
