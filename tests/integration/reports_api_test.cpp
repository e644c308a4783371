// The summary report against the real binary: a dataset entered through the API (intake, the
// lifecycle, a merger of duplicates), figures computed by hand below, the XLSX export opened,
// the same report from the CLI, and bad input refused.
#include <set>

#include "domain/date.hpp"
#include "integration/fixture.hpp"
#include "report/zip_reader.hpp"

namespace doithoai::testsupport {
namespace {

const std::string kVinhAn = "11842";  // xã Vĩnh An (2021), merged into xã Vĩnh Thuận in 2025
const std::string kTranDuong = "11911";  // xã Trấn Dương, merged into xã Nguyễn Bỉnh Khiêm
const std::string kThiTran = "11824";    // thị trấn Vĩnh Bảo
const std::string kNguyenBinhKhiem = "HP-2025-NGUYENBINHKHIEM";

class ReportsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(
        std::vector<Account>{{"admin", "admin", "--unit", "31"},
                             {"tiepnhan", "intake", "--unit", "31"},
                             {"lanhdao", "leader", "--unit", "31"},
                             {"chuyenvien", "officer", "--agency", "UBND-HP"},
                             {"thanhtra", "inspector", "--unit", "316"}});
    today_ = vietnam_date(now_utc()).iso();
    build_dataset();
  }
  LiveServer& s() { return *server_; }

  long long intake(const std::string& unit, const std::string& kind, const std::string& channel,
                   const std::string& field, const std::string& received, int people = 1) {
    json body = {{"kind", kind},
                 {"channel", channel},
                 {"received_at", received},
                 {"unit_code", unit},
                 {"title", "Vụ việc " + kind + " nhận ngày " + received},
                 {"content", "Nội dung phản ánh, kiến nghị của công dân."},
                 {"people", json::array()},
                 {"head_count", people}};
    if (!field.empty()) body["field_code"] = field;
    for (int i = 0; i < people; ++i) {
      body["people"].push_back({{"name", "Công dân " + std::to_string(i + 1)}});
    }
    auto r = s().call("POST", "/api/v1/matters", "tiepnhan", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["id"].get<long long>();
  }

  void act(long long id, const std::string& as, json body) {
    auto r =
        s().call("POST", "/api/v1/matters/" + std::to_string(id) + "/actions", as, body.dump());
    ASSERT_EQ(r.status, 200) << body.dump() << " -> " << r.body;
  }

  void assign(long long id, const std::string& field) {
    act(id, "tiepnhan", {{"action", "classify"}, {"field_code", field}});
    act(id, "tiepnhan", {{"action", "assign"}, {"agency_code", "UBND-HP"}});
  }

  void answer(long long id) {
    act(id, "lanhdao",
        {{"action", "answer"},
         {"form", "written"},
         {"text", "Trả lời bằng văn bản."},
         {"document_number", "12/UBND-TCD"},
         {"date", today_}});
  }

  // Every matter has one submission unless merged; actions happen today.
  void build_dataset() {
    m1_ = intake(kVinhAn, "phan_anh", "online", "nong_nghiep", "2021-03-01");  // left open
    const auto m2 =
        intake(kVinhAn, "khieu_nai", "letter", "tai_nguyen_moi_truong", "2021-03-02", 3);
    assign(m2, "tai_nguyen_moi_truong");
    act(m2, "lanhdao", {{"action", "accept"}});
    answer(m2);  // resolve: 30 days from acceptance (today): on time
    const auto m3 =
        intake(kTranDuong, "kien_nghi", "dialogue", "giai_phong_mat_bang", "2021-04-05");
    const auto m4 =
        intake(kTranDuong, "kien_nghi", "village_meeting", "giai_phong_mat_bang", "2021-04-06", 2);
    act(m4, "tiepnhan", {{"action", "merge"}, {"into", m3}});  // a duplicate
    assign(m3, "giai_phong_mat_bang");
    answer(m3);  // resolve: 15 working days from 05/04/2021: late
    const auto m5 = intake(kVinhAn, "to_cao", "phone", "quoc_phong_an_ninh", "2021-05-10");
    act(m5, "tiepnhan", {{"action", "refuse"}, {"ground", "Tố cáo nặc danh"}});
    const auto m6 = intake(kThiTran, "gop_y", "online", "", "2021-06-01");
    act(m6, "tiepnhan",
        {{"action", "guide"}, {"text", "Hướng dẫn gửi Sở Xây dựng."}, {"document_number", "5/HD"}});
    const auto m7 = intake(kVinhAn, "to_cao", "online", "van_hoa_xa_hoi", "2021-09-01");
    assign(m7, "van_hoa_xa_hoi");
    act(m7, "lanhdao", {{"action", "accept"}});
    answer(m7);  // resolve: 30 days from acceptance (today): on time
    intake(kVinhAn, "phan_anh", "letter", "nong_nghiep", "2020-12-31");  // before the period
    intake("31", "phan_anh", "online", "nong_nghiep", "2021-08-01");     // the city's own
    const auto m10 = intake(kVinhAn, "kien_nghi", "referral", "chinh_sach", "2021-07-01");
    assign(m10, "chinh_sach");
    act(m10, "lanhdao", {{"action", "forward_up"}});
  }

  json report(const std::string& query, const std::string& as = "thanhtra") {
    return s().get_json("/api/v1/reports/summary?" + query, as);
  }

  static const json& row(const json& rows, const std::string& code) {
    for (const auto& r : rows) {
      if (r["code"] == code || (code.empty() && r["code"].is_null())) return r;
    }
    throw std::runtime_error("no row " + code + " in " + rows.dump());
  }

  std::unique_ptr<LiveServer> server_;
  std::string today_;
  long long m1_ = 0;
};

TEST_F(ReportsApi, TheDistrictSummaryMatchesTheFiguresComputedByHand) {
  const auto r = report("from=2021-01-01&to=" + today_ + "&unit=316");
  // In the period and the district: M1, M2, M3 (with M4 merged in), M5, M6, M7, M10.
  EXPECT_EQ(r["matters"], 7);
  EXPECT_EQ(r["submissions"], 8);  // M3 holds its own and M4's
  EXPECT_EQ(r["matter_submissions"], 8);
  EXPECT_EQ(r["people"], 1 + 3 + (1 + 2) + 1 + 1 + 1 + 1);
  EXPECT_EQ(r["dialogues"], 0);
  EXPECT_EQ(r["attendances"], 0);
  EXPECT_EQ(r["dialogues_recorded"], true);  // counted: none held in the test
  EXPECT_EQ(r["scope"]["name"], "huyện Vĩnh Bảo");

  EXPECT_EQ(row(r["by_unit"], kVinhAn)["matters"], 5);
  EXPECT_EQ(row(r["by_unit"], kVinhAn)["name"], "xã Vĩnh An");
  EXPECT_EQ(row(r["by_unit"], kTranDuong)["matters"], 1);
  EXPECT_EQ(row(r["by_unit"], kTranDuong)["submissions"], 2);
  EXPECT_EQ(row(r["by_unit"], kThiTran)["matters"], 1);
  // One row per unit directly below the district (zero or not), none of the city's.
  std::set<std::string> children;
  const auto units = s().get_json("/api/v1/units", "thanhtra");
  for (const auto& u : units["items"]) {
    if (u["parent_code"] == "316") children.insert(u["code"].get<std::string>());
  }
  ASSERT_GE(children.size(), 30u);
  std::set<std::string> rows;
  for (const auto& u : r["by_unit"]) rows.insert(u["code"].get<std::string>());
  EXPECT_EQ(rows, children);

  EXPECT_EQ(row(r["by_kind"], "phan_anh")["matters"], 1);
  EXPECT_EQ(row(r["by_kind"], "khieu_nai")["matters"], 1);
  EXPECT_EQ(row(r["by_kind"], "kien_nghi")["matters"], 2);
  EXPECT_EQ(row(r["by_kind"], "kien_nghi")["submissions"], 3);
  EXPECT_EQ(row(r["by_kind"], "to_cao")["matters"], 2);
  EXPECT_EQ(row(r["by_kind"], "gop_y")["matters"], 1);
  EXPECT_EQ(row(r["by_kind"], "de_xuat")["matters"], 0);

  EXPECT_EQ(row(r["by_channel"], "online")["matters"], 3);
  EXPECT_EQ(row(r["by_channel"], "village_meeting")["matters"], 0);
  EXPECT_EQ(row(r["by_channel"], "village_meeting")["submissions"], 1);
  EXPECT_EQ(row(r["by_channel"], "referral")["matters"], 1);

  EXPECT_EQ(row(r["by_status"], "received")["matters"], 1);
  EXPECT_EQ(row(r["by_status"], "answered")["matters"], 3);
  EXPECT_EQ(row(r["by_status"], "refused")["matters"], 1);
  EXPECT_EQ(row(r["by_status"], "guided")["matters"], 1);
  EXPECT_EQ(row(r["by_status"], "forwarded_up")["matters"], 1);

  EXPECT_EQ(row(r["by_field"], "nong_nghiep")["matters"], 1);
  EXPECT_EQ(row(r["by_field"], "giai_phong_mat_bang")["submissions"], 2);
  EXPECT_EQ(row(r["by_field"], "")["matters"], 1);  // M6, never classified

  // Resolve deadlines met in the period: M2 and M7 on time; M3 and M6 late.
  EXPECT_EQ(r["on_time"], 2);
  EXPECT_EQ(r["late"], 2);
  // Overdue today: M1, M10 and M8 (received before the period, still open).
  EXPECT_EQ(r["overdue"], 3);
  ASSERT_EQ(r["overdue_items"].size(), 3u);
  EXPECT_EQ(r["overdue_items"][0]["received_on"], "2020-12-31");
  EXPECT_EQ(r["overdue_items"][1]["id"], m1_);
  EXPECT_GT(r["overdue_items"][1]["days_overdue"].get<int>(), 1000);
  for (const auto& t : r["timeliness"]) {
    if (t["agency_code"] == "UBND-HP" && t["kind"] == "kien_nghi") {
      EXPECT_EQ(t["late"], 1);
      EXPECT_EQ(t["overdue"], 1);
    }
  }

  const auto& f = r["intake"];
  EXPECT_EQ(f["received"], 8);
  EXPECT_EQ(f["duplicates"], 1);
  EXPECT_EQ(f["new_matters"], 8);
  EXPECT_EQ(f["merged"], 1);
  EXPECT_EQ(f["refused"], 1);
  EXPECT_EQ(f["eligible"], 6);
  EXPECT_EQ(f["complaints"], 1);
  EXPECT_EQ(f["denunciations"], 1);  // M7; M5 was refused
  EXPECT_EQ(f["petitions"], 4);
  EXPECT_EQ(f["one_signer"], 4);
  EXPECT_EQ(f["many_signers"], 2);
  EXPECT_EQ(f["guided"], 1);
  EXPECT_EQ(f["forwarded_up"], 1);
  EXPECT_EQ(f["within_competence"], 4);
  EXPECT_EQ(f["carried_over"], 1);

  const auto prose = r["summary"].get<std::string>();
  EXPECT_NE(prose.find("trên địa bàn huyện Vĩnh Bảo đã tiếp nhận 8 lượt ý kiến, tổng hợp thành 7 "
                       "vụ việc. Đã giải quyết 4 vụ việc, trong đó 2 vụ việc đúng hạn (50%), 2 vụ "
                       "việc trễ hạn."),
            std::string::npos)
      << prose;
  EXPECT_NE(prose.find("còn 3 vụ việc quá hạn giải quyết."), std::string::npos) << prose;
}

TEST_F(ReportsApi, ACommuneOfTodayRollsUpTheCommunesMergedIntoIt) {
  const auto r = report("from=2021-01-01&to=" + today_ + "&unit=" + kNguyenBinhKhiem, "admin");
  EXPECT_EQ(r["matters"], 1);
  EXPECT_EQ(r["submissions"], 2);
  EXPECT_EQ(row(r["by_unit"], kTranDuong)["name"], "xã Trấn Dương");
  EXPECT_EQ(row(r["by_unit"], kTranDuong)["matters"], 1);
  // The city's report counts its own matter and the district's.
  const auto city = report("from=2021-01-01&to=" + today_ + "&unit=31", "admin");
  EXPECT_EQ(city["matters"], 8);
  EXPECT_EQ(row(city["by_unit"], "316")["matters"], 7);
  EXPECT_EQ(row(city["by_unit"], "31")["matters"], 1);
}

TEST_F(ReportsApi, AnAgencyReportCountsTheMattersItLeads) {
  const auto r = report("from=2021-01-01&to=" + today_ + "&agency=UBND-HP", "admin");
  EXPECT_EQ(r["scope"]["kind"], "agency");
  EXPECT_EQ(r["scope"]["name"], "Ủy ban nhân dân thành phố Hải Phòng");
  EXPECT_EQ(r["matters"], 4);  // M2, M3, M7, M10
  EXPECT_EQ(r["matter_submissions"], 5);
  EXPECT_EQ(r["submissions"], 0);  // opinions at its dialogues: none recorded yet
  EXPECT_EQ(r["on_time"], 2);
  EXPECT_EQ(r["late"], 1);
  EXPECT_EQ(r["overdue"], 1);
  // A period that ends before the answers were given counts none of them.
  const auto early = report("from=2021-01-01&to=2021-12-31&agency=UBND-HP", "admin");
  EXPECT_EQ(early["matters"], 4);
  EXPECT_EQ(early["on_time"], 0);
  EXPECT_EQ(early["late"], 0);
}

TEST_F(ReportsApi, BadInputGetsAClearError) {
  auto expect_error = [&](const std::string& query, int status, const std::string& code,
                          const std::string& field) {
    auto r = s().call("GET", "/api/v1/reports/summary?" + query, "admin");
    ASSERT_EQ(r.status, status) << query << " -> " << r.body;
    const auto e = error_of(r);
    EXPECT_EQ(e["code"], code) << query;
    if (!field.empty()) {
      EXPECT_EQ(e["field"], field) << query;
    }
    EXPECT_FALSE(e["message"].get<std::string>().empty());
  };
  expect_error("from=2021-12-31&to=2021-01-01&unit=316", 422, "bad_period", "to");
  expect_error("from=2021-01-01&to=2021-12-31&unit=nowhere", 422, "unknown_unit", "unit");
  expect_error("from=2021-01-01&to=2021-12-31&agency=NOPE", 422, "unknown_agency", "agency");
  expect_error("to=2021-12-31&unit=316", 422, "required", "from");
  expect_error("from=2021-02-30&to=2021-12-31&unit=316", 422, "bad_date", "from");
  expect_error("from=2021-01-01&to=2021-12-31", 422, "scope_required", "unit");
  expect_error("from=2021-01-01&to=2021-12-31&unit=316&agency=UBND-HP", 422, "one_scope", "agency");
  expect_error("from=2021-01-01&to=2021-12-31&unit=316&format=pdf", 422, "bad_format", "format");
  EXPECT_EQ(
      s().call("GET", "/api/v1/reports/summary?from=2021-01-01&to=2021-12-31&unit=316").status,
      401);
}

TEST_F(ReportsApi, ReportsAreReadOnlyWithinTheGrantedScope) {
  const std::string q = "from=2021-01-01&to=2021-12-31&unit=";
  EXPECT_EQ(s().call("GET", "/api/v1/reports/summary?" + q + "316", "thanhtra").status, 200);
  EXPECT_EQ(s().call("GET", "/api/v1/reports/summary?" + q + kVinhAn, "thanhtra").status, 200);
  auto outside = s().call("GET", "/api/v1/reports/summary?" + q + "31", "thanhtra");
  EXPECT_EQ(outside.status, 403);
  EXPECT_EQ(error_of(outside)["message"], "Ngoài phạm vi được phân quyền");
  auto officer = s().call("GET", "/api/v1/reports/summary?" + q + "316", "chuyenvien");
  EXPECT_EQ(officer.status, 403);
  EXPECT_EQ(error_of(officer)["message"], "Vai trò không được phép thực hiện thao tác này");
  EXPECT_EQ(s().call("GET", "/api/v1/reports/summary?" + q + "316", "tiepnhan").status, 403);
}

// Dialogues held today by hosts of three units, one not held: the rows by unit count the
// dialogues, attendances and opinions where they were held (figures by hand below).
TEST_F(ReportsApi, DialoguesAreCountedInTheRowOfTheUnitWhereTheyWereHeld) {
  auto held = [&](const std::string& host, int attendance, int opinions, bool hold = true) {
    auto r = s().call("POST", "/api/v1/dialogues", "lanhdao",
                      json{{"title", "Hội nghị đối thoại với Nhân dân"},
                           {"host_name", "Đồng chí chủ trì"},
                           {"host_agency_code", host},
                           {"held_on", today_}}
                          .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string base = "/api/v1/dialogues/" + json::parse(r.body)["id"].dump();
    if (!hold) return;
    r = s().call("POST", base + "/actions", "lanhdao",
                 json{{"action", "hold"}, {"attendance", attendance}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    for (int i = 0; i < opinions; ++i) {
      r = s().call("POST", base + "/opinions", "tiepnhan",
                   json{{"content", "Ý kiến số " + std::to_string(i + 1) + " tại hội nghị."},
                        {"people", {{{"name", "Công dân " + std::to_string(i + 1)}}}},
                        {"kind", "de_xuat"},
                        {"outcome", "forwarded"}}
                       .dump());
      ASSERT_EQ(r.status, 201) << r.body;
    }
  };
  const std::string vinh_bao = "HP-2025-VINHBAO";
  held("DU-HP-2025-VINHBAO", 100, 2);
  held("UBND-HP-2025-VINHBAO", 50, 1);
  held("DU-HP-2025-NGUYENBINHKHIEM", 70, 0);
  held("TU-HP", 300, 1);
  held("DU-HP-2025-VINHBAO", 999, 0, false);  // planned only: not counted

  const auto city = report("from=2021-01-01&to=" + today_ + "&unit=31", "admin");
  EXPECT_EQ(city["dialogues"], 4);
  EXPECT_EQ(city["attendances"], 520);
  EXPECT_EQ(row(city["by_unit"], "31")["dialogues"], 1);
  EXPECT_EQ(row(city["by_unit"], "31")["attendances"], 300);
  EXPECT_EQ(row(city["by_unit"], "31")["dialogue_submissions"], 1);
  EXPECT_EQ(row(city["by_unit"], vinh_bao)["dialogues"], 2);
  EXPECT_EQ(row(city["by_unit"], vinh_bao)["attendances"], 150);
  EXPECT_EQ(row(city["by_unit"], vinh_bao)["dialogue_submissions"], 3);
  EXPECT_EQ(row(city["by_unit"], kNguyenBinhKhiem)["dialogues"], 1);
  EXPECT_EQ(row(city["by_unit"], kNguyenBinhKhiem)["attendances"], 70);
  EXPECT_EQ(row(city["by_unit"], "316")["dialogues"], 0);
  std::int64_t sum = 0;
  for (const auto& u : city["by_unit"]) sum += u["dialogues"].get<std::int64_t>();
  EXPECT_EQ(sum, 4);

  // A commune's report has its own row; an agency's counts only what it hosted.
  const auto commune = report("from=2021-01-01&to=" + today_ + "&unit=" + vinh_bao, "admin");
  EXPECT_EQ(commune["dialogues"], 2);
  EXPECT_EQ(row(commune["by_unit"], vinh_bao)["attendances"], 150);
  const auto party = report("from=2021-01-01&to=" + today_ + "&agency=DU-HP-2025-VINHBAO", "admin");
  EXPECT_EQ(party["dialogues"], 1);
  EXPECT_EQ(row(party["by_unit"], vinh_bao)["dialogues"], 1);
  EXPECT_EQ(row(party["by_unit"], vinh_bao)["attendances"], 100);
  EXPECT_EQ(row(party["by_unit"], vinh_bao)["dialogue_submissions"], 2);

  // The same rows in the workbook ("Theo đơn vị") and the CLI's text.
  auto x = s().call("GET", "/api/v1/reports/summary.xlsx?from=2021-01-01&to=" + today_ + "&unit=31",
                    "admin");
  ASSERT_EQ(x.status, 200);
  bool found = false;
  for (int line = 6; line < 20 && !found; ++line) {
    const auto cells = report::test::row_texts(x.body, "xl/worksheets/sheet2.xml", line);
    if (cells.size() == 7 && cells[1] == "xã Vĩnh Bảo") {
      found = true;
      EXPECT_EQ(cells[2], "2");
      EXPECT_EQ(cells[3], "150");
      EXPECT_EQ(cells[4], "3");
    }
  }
  EXPECT_TRUE(found);
  auto text =
      cli(s().db(), {"report", "summary", "--from", "2021-01-01", "--to", today_, "--unit", "31"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("  xã Vĩnh Bảo: 2 / 150 / 3\n"), std::string::npos) << text.out;
}

TEST_F(ReportsApi, TheXlsxExportOpensWithItsSheetsAndVietnameseText) {
  const std::string q = "from=2021-01-01&to=" + today_ + "&unit=316";
  auto r = s().call("GET", "/api/v1/reports/summary.xlsx?" + q, "thanhtra");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(r.header("content-disposition").find(".xlsx"), std::string::npos);
  const auto sheets = report::test::all_of(report::test::zip_entry(r.body, "xl/workbook.xml"),
                                           R"re(<sheet name="([^"]+)")re");
  ASSERT_EQ(sheets.size(), 10u);
  EXPECT_EQ(sheets[0], "Tổng hợp");
  EXPECT_EQ(sheets[9], "Biểu 01-XLD");
  // Tổng hợp: the title, three subtitle lines, a blank row, the header, then the figures.
  EXPECT_EQ(report::test::row_texts(r.body, "xl/worksheets/sheet1.xml", 6),
            (std::vector<std::string>{"Chỉ tiêu", "Số lượng"}));
  EXPECT_EQ(report::test::row_texts(r.body, "xl/worksheets/sheet1.xml", 7),
            (std::vector<std::string>{"Số cuộc đối thoại", "0"}));
  EXPECT_EQ(report::test::row_texts(r.body, "xl/worksheets/sheet1.xml", 9),
            (std::vector<std::string>{"Lượt ý kiến", "8"}));
  EXPECT_EQ(report::test::row_texts(r.body, "xl/worksheets/sheet1.xml", 10),
            (std::vector<std::string>{"Số vụ việc tiếp nhận trong kỳ", "7"}));
  const auto strings = report::test::shared_strings(r.body);
  EXPECT_NE(std::find(strings.begin(), strings.end(), "Đơn vị: huyện Vĩnh Bảo"), strings.end());
  EXPECT_NE(std::find(strings.begin(), strings.end(), "xã Vĩnh An"), strings.end());
  // format=xlsx on the JSON route gives the same file.
  auto same = s().call("GET", "/api/v1/reports/summary?" + q + "&format=xlsx", "thanhtra");
  EXPECT_EQ(same.header("content-type"), r.header("content-type"));
}

TEST_F(ReportsApi, TheCliGivesTheSameReport) {
  const std::string to = today_;
  auto json_out = cli(s().db(), {"report", "summary", "--from", "2021-01-01", "--to", to, "--unit",
                                 "316", "--format", "json"});
  ASSERT_EQ(json_out.exit_code, 0) << json_out.err;
  const auto from_cli = json::parse(json_out.out);
  const auto from_api = report("from=2021-01-01&to=" + to + "&unit=316");
  for (const auto* key : {"matters", "submissions", "on_time", "late", "overdue", "intake",
                          "by_unit", "by_kind", "summary"}) {
    EXPECT_EQ(from_cli[key], from_api[key]) << key;
  }
  auto text = cli(s().db(),
                  {"report", "summary", "--from", "2021-01-01", "--to", to, "--agency", "UBND-HP"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Cơ quan: Ủy ban nhân dân thành phố Hải Phòng"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Biểu 01/XLD"), std::string::npos);

  const auto file = s().dir() / "bao-cao.xlsx";
  auto xlsx = cli(s().db(), {"report", "summary", "--from", "2021-01-01", "--to", to, "--unit",
                             "316", "--format", "xlsx", "--out", file.string()});
  ASSERT_EQ(xlsx.exit_code, 0) << xlsx.err;
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(report::test::row_texts(bytes, "xl/worksheets/sheet1.xml", 10),
            (std::vector<std::string>{"Số vụ việc tiếp nhận trong kỳ", "7"}));

  auto bad = cli(s().db(), {"report", "summary", "--from", "2021-12-31", "--to", "2021-01-01",
                            "--unit", "316"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("Ngày kết thúc kỳ báo cáo"), std::string::npos) << bad.err;
  auto unknown = cli(s().db(), {"report", "summary", "--from", "2021-01-01", "--to", "2021-12-31",
                                "--agency", "NOPE"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("NOPE"), std::string::npos);
  auto usage = cli(s().db(), {"report", "summary", "--from", "2021-01-01", "--to", "2021-12-31"});
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace doithoai::testsupport
