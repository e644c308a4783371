// The web's reports dashboard, admin screens, search and not-found page, through the real
// binary as a browser sees them: signed in with the login form, forms posted with their CSRF
// token, the HTML read back.
#include <gtest/gtest.h>

#include <regex>

#include "integration/fixture.hpp"
#include "integration/web_forms.hpp"

namespace doithoai::testsupport {
namespace {

// 6.247, as the pages write numbers.
std::string dotted(long long n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A browser of one signed-in user.
class Browser {
 public:
  Browser(LiveServer& server, const std::string& username) : server_(server) {
    HttpClient client(server.port());
    auto form = client.get("/dang-nhap");
    const auto anon = cookie_value(form, "doithoai_csrf");
    auto posted = client.request("POST", "/dang-nhap",
                                 {{"Content-Type", "application/x-www-form-urlencoded"},
                                  {"Cookie", "doithoai_csrf=" + anon}},
                                 form_encode({{"csrf_token", csrf_in(form.body)},
                                              {"username", username},
                                              {"password", LiveServer::password(username)}}));
    if (posted.status != 303) throw std::runtime_error("login failed: " + posted.body);
    session_ = cookie_value(posted, "doithoai_session");
    csrf_ = csrf_in(get("/can-bo").body);
  }

  HttpResponse get(const std::string& path) {
    HttpClient client(server_.port());
    return client.get(path, {{"Cookie", "doithoai_session=" + session_}});
  }
  HttpResponse post(const std::string& path,
                    std::vector<std::pair<std::string, std::string>> fields,
                    bool with_csrf = true) {
    if (with_csrf) fields.insert(fields.begin(), {"csrf_token", csrf_});
    HttpClient client(server_.port());
    return client.request("POST", path,
                          {{"Content-Type", "application/x-www-form-urlencoded"},
                           {"Cookie", "doithoai_session=" + session_}},
                          form_encode(fields));
  }

 private:
  LiveServer& server_;
  std::string session_;
  std::string csrf_;
};

// The demo data (huyện Vĩnh Bảo, 2016-2021) behind every test; an admin and a leader of the
// city, an officer of one agency.
class WebAdmin : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(
        std::vector<Account>{{"quantri", "admin", "--unit", "31"},
                             {"lanhdao", "leader", "--unit", "31"},
                             {"chuyenvien", "officer", "--agency", "UBND-HP"}},
        std::vector<std::string>{"--demo"});
  }
  void TearDown() override { server_.reset(); }

  json summary(const std::string& unit) {
    return server_->get_json("/api/v1/reports/summary?from=2016-01-01&to=2021-12-31&unit=" + unit,
                             "quantri");
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(WebAdmin, TheDashboardShowsTheSummaryWithChartsTablesAndDownloads) {
  Browser leader(*server_, "lanhdao");
  const auto api = summary("316");
  ASSERT_GT(api["matters"].get<long long>(), 100);  // the demo's matters of 2016-2021
  auto page = leader.get("/can-bo/bao-cao?from=01/01/2016&to=31/12/2021&scope=unit&unit=316");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto& html = page.body;
  EXPECT_TRUE(contains(html, "huyện Vĩnh Bảo"));
  EXPECT_TRUE(contains(html, "Kỳ báo cáo: từ 01/01/2016 đến 31/12/2021"));
  // The figure as the API counts it, written 6.247-style.
  const auto matters = dotted(api["matters"].get<long long>());
  EXPECT_TRUE(contains(html, "<dt>Vụ việc tiếp nhận trong kỳ</dt><dd>" + matters + "</dd>"))
      << matters;
  // Four charts, each an accessible SVG with a table beside it.
  for (const auto* id : {"chart-field", "chart-unit", "chart-monthly", "chart-overdue"}) {
    EXPECT_TRUE(contains(html, std::string("aria-labelledby=\"") + id + "-t " + id + "-d\"")) << id;
  }
  EXPECT_TRUE(contains(html, "<title id=\"chart-monthly-t\">Tỷ lệ giải quyết đúng hạn theo tháng"));
  EXPECT_TRUE(contains(html, "Xem số liệu dạng bảng"));
  // The on-time series: each month of 2021 in the table with the API's figures for that month.
  int months_with_figures = 0;
  for (int month = 1; month <= 12; ++month) {
    char from[16], to[16], label[16];
    std::snprintf(from, sizeof from, "2021-%02d-01", month);
    std::snprintf(to, sizeof to, "2021-%02d-%02d", month,
                  month == 2                                              ? 28
                  : month == 4 || month == 6 || month == 9 || month == 11 ? 30
                                                                          : 31);
    std::snprintf(label, sizeof label, "%02d/2021", month);
    const auto one = server_->get_json(std::string("/api/v1/reports/summary?unit=316&from=")
                                           .append(from)
                                           .append("&to=")
                                           .append(to),
                                       "quantri");
    const auto on_time = one["on_time"].get<long long>();
    const auto decided = on_time + one["late"].get<long long>();
    const std::string row =
        std::string("<th scope=\"row\">").append(label).append("</th><td class=\"num\">");
    const auto at = html.find(row);
    ASSERT_NE(at, std::string::npos) << label;
    const auto start = at + row.size();
    const auto cell = html.substr(start, html.find("</td>", start) - start);
    if (decided == 0) {
      EXPECT_EQ(cell, "—") << label;
    } else {
      ++months_with_figures;
      const auto figures =
          std::string("(").append(dotted(on_time)).append("/").append(dotted(decided)).append(")");
      EXPECT_TRUE(cell.ends_with(figures)) << label << ": " << cell << " against " << figures;
    }
  }
  EXPECT_GT(months_with_figures, 0);
  EXPECT_FALSE(contains(html, "<script>"));

  auto xlsx = leader.get("/can-bo/bao-cao/tong-hop.xlsx?from=01/01/2016&to=31/12/2021&unit=316");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_TRUE(contains(xlsx.header("content-disposition"), "bao-cao-tong-hop-316-2016-01-01"));
  auto docx = leader.get("/can-bo/bao-cao/tong-hop.docx?from=01/01/2016&to=31/12/2021&unit=316");
  ASSERT_EQ(docx.status, 200);
  EXPECT_EQ(docx.body.substr(0, 2), "PK");
  auto pdf = leader.get("/can-bo/bao-cao/tong-hop.pdf?from=01/01/2016&to=31/12/2021&unit=316");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");

  // A bad date comes back beside its field; an officer of one agency may not see the city.
  auto bad = leader.get("/can-bo/bao-cao?from=31/02/2021&to=31/12/2021&unit=316");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "aria-invalid=\"true\" aria-describedby=\"e-from\""));
  Browser officer(*server_, "chuyenvien");
  EXPECT_EQ(officer.get("/can-bo/bao-cao?unit=316").status, 403);
}

TEST_F(WebAdmin, AnAdminMergesTwoCommunesAndTheReportsStillAddUp) {
  const auto a = summary("HP-2025-VINHAM");
  const auto b = summary("HP-2025-VINHHAI");
  const auto matters = a["matters"].get<long long>() + b["matters"].get<long long>();
  const auto submissions = a["submissions"].get<long long>() + b["submissions"].get<long long>();
  ASSERT_GT(matters, 0);

  Browser admin(*server_, "quantri");
  const auto before = server_->last_event_id("quantri");
  // Without the form's token nothing happens.
  auto forged = admin.post("/can-bo/quan-tri/don-vi/sap-nhap",
                           {{"from_1", "HP-2025-VINHAM"}, {"into_code", "HP-2026-X"}}, false);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(server_->last_event_id("quantri"), before);
  // A merger without its resolution: the form again, the message beside the field.
  auto missing = admin.post("/can-bo/quan-tri/don-vi/sap-nhap", {{"from_1", "HP-2025-VINHAM"},
                                                                 {"from_2", "HP-2025-VINHHAI"},
                                                                 {"into_code", "HP-2026-VINHHAIAM"},
                                                                 {"into_type_name", "xã"},
                                                                 {"into_name", "Vĩnh Hải Am"},
                                                                 {"into_level", "commune"},
                                                                 {"into_parent", "31"},
                                                                 {"effective", "01/01/2026"}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(contains(missing.body, "Số, ký hiệu nghị quyết"));
  EXPECT_TRUE(contains(missing.body, "value=\"Vĩnh Hải Am\""));
  EXPECT_EQ(server_->last_event_id("quantri"), before);

  auto merged =
      admin.post("/can-bo/quan-tri/don-vi/sap-nhap", {{"from_1", "HP-2025-VINHAM"},
                                                      {"from_2", "HP-2025-VINHHAI"},
                                                      {"into_code", "HP-2026-VINHHAIAM"},
                                                      {"into_type_name", "xã"},
                                                      {"into_name", "Vĩnh Hải Am"},
                                                      {"into_level", "commune"},
                                                      {"into_parent", "31"},
                                                      {"effective", "01/01/2026"},
                                                      {"decision", "Nghị quyết 99/NQ-UBTVQH15"}});
  ASSERT_EQ(merged.status, 303) << merged.body;
  auto tree = admin.get("/can-bo/quan-tri/don-vi?ok=1");
  EXPECT_TRUE(contains(tree.body, "Đã lưu thay đổi."));
  EXPECT_TRUE(contains(tree.body, "Hợp nhất từ: xã Vĩnh Am, xã Vĩnh Hải"));
  EXPECT_TRUE(contains(tree.body, "Sáp nhập vào: xã Vĩnh Hải Am"));

  // The API sees the merger at once (its cache of units was told), and the successor's report
  // is the sum of the two before.
  const auto old = server_->get_json("/api/v1/units/HP-2025-VINHAM", "quantri");
  EXPECT_EQ(old["valid_to"], "2025-12-31");
  const auto after = summary("HP-2026-VINHHAIAM");
  EXPECT_EQ(after["matters"].get<long long>(), matters);
  EXPECT_EQ(after["submissions"].get<long long>(), submissions);
  auto page =
      admin.get("/can-bo/bao-cao?from=01/01/2016&to=31/12/2021&scope=unit&unit=HP-2026-VINHHAIAM");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "xã Vĩnh Hải Am"));
  EXPECT_TRUE(
      contains(page.body, "<dt>Vụ việc tiếp nhận trong kỳ</dt><dd>" + dotted(matters) + "</dd>"));
}

TEST_F(WebAdmin, AnAdminCreatesAndLocksAUserAndOthersMayNotAdminister) {
  Browser admin(*server_, "quantri");
  auto created = admin.post("/can-bo/quan-tri/nguoi-dung", {{"username", "canbo-moi"},
                                                            {"display_name", "Trần Thị Mai"},
                                                            {"password", "mat-khau-rat-dai"},
                                                            {"role", "intake"},
                                                            {"scope", "unit"},
                                                            {"unit_code", "HP-2025-VINHBAO"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const auto users = server_->get_json("/api/v1/users", "quantri");
  long long id = 0;
  for (const auto& u : users["items"]) {
    if (u["username"] == "canbo-moi") id = u["id"].get<long long>();
  }
  ASSERT_GT(id, 0);
  auto list = admin.get("/can-bo/quan-tri/nguoi-dung");
  EXPECT_TRUE(contains(list.body, "Trần Thị Mai"));
  EXPECT_TRUE(contains(list.body, "Cán bộ tiếp nhận · xã Vĩnh Bảo"));

  const std::string user_path = "/can-bo/quan-tri/nguoi-dung/" + std::to_string(id);
  ASSERT_EQ(admin
                .post(user_path + "/vai-tro",
                      {{"role", "leader"}, {"scope", "unit"}, {"unit_code", "HP-2025-VINHBAO"}})
                .status,
            303);
  ASSERT_EQ(admin.post(user_path + "/khoa", {{"active", "0"}}).status, 303);
  auto page = admin.get(user_path);
  EXPECT_TRUE(contains(page.body, "Đã khóa"));
  EXPECT_TRUE(contains(page.body, "Lãnh đạo · xã Vĩnh Bảo"));
  auto events = server_->get_json("/api/v1/events?limit=5", "quantri");
  EXPECT_EQ(events["items"][0]["action"], "user.deactivate");
  EXPECT_EQ(events["items"][1]["action"], "user.grants");

  // A password too short: the form again, nothing created.
  auto short_pw = admin.post("/can-bo/quan-tri/nguoi-dung", {{"username", "ngan"},
                                                             {"password", "123"},
                                                             {"role", "intake"},
                                                             {"scope", "unit"},
                                                             {"unit_code", "31"}});
  EXPECT_EQ(short_pw.status, 422);
  EXPECT_TRUE(contains(short_pw.body, "Mật khẩu cần ít nhất 10 ký tự"));

  Browser officer(*server_, "chuyenvien");
  EXPECT_EQ(officer.get("/can-bo/quan-tri/don-vi").status, 403);
  EXPECT_FALSE(contains(officer.get("/can-bo").body, "/can-bo/quan-tri"));  // not in the menu
  EXPECT_EQ(
      officer.post("/can-bo/quan-tri/ngay-nghi", {{"date", "02/01/2026"}, {"name", "Nghỉ"}}).status,
      403);
}

TEST_F(WebAdmin, HolidaysFieldsAndAgenciesAreKeptFromTheirScreens) {
  Browser admin(*server_, "quantri");
  ASSERT_EQ(admin
                .post("/can-bo/quan-tri/ngay-nghi", {{"date", "09/01/2027"},
                                                     {"name", "Ngày làm bù thử"},
                                                     {"working_day", "1"},
                                                     {"source", "Thông báo 01/TB-BNV"}})
                .status,
            303);
  auto holidays = admin.get("/can-bo/quan-tri/ngay-nghi?nam=2027");
  EXPECT_TRUE(contains(holidays.body, "Thứ Bảy, 09/01/2027"));
  EXPECT_TRUE(contains(holidays.body, "Ngày làm bù thử"));
  auto twice = admin.post("/can-bo/quan-tri/ngay-nghi", {{"date", "09/01/2027"}, {"name", "Lại"}});
  EXPECT_EQ(twice.status, 409);

  ASSERT_EQ(admin
                .post("/can-bo/quan-tri/linh-vuc",
                      {{"code", "chuyen-doi-so"}, {"name", "Chuyển đổi số"}, {"sort_order", "500"}})
                .status,
            303);
  EXPECT_TRUE(contains(admin.get("/can-bo/quan-tri/linh-vuc").body, "Chuyển đổi số"));
  ASSERT_EQ(admin
                .post("/can-bo/quan-tri/co-quan", {{"code", "PHONG-VHXH-VB"},
                                                   {"name", "Phòng Văn hóa - Xã hội xã Vĩnh Bảo"},
                                                   {"kind", "department"},
                                                   {"unit_code", "HP-2025-VINHBAO"}})
                .status,
            303);
  const auto agency = server_->get_json("/api/v1/agencies", "quantri");
  bool found = false;
  for (const auto& a : agency["items"]) found = found || a["code"] == "PHONG-VHXH-VB";
  EXPECT_TRUE(found);  // the API's cached list was refreshed
  ASSERT_EQ(admin
                .post("/can-bo/quan-tri/thoi-han", {{"kind", "kien_nghi"},
                                                    {"step", "resolve"},
                                                    {"days", "20"},
                                                    {"count", "working"},
                                                    {"from", "received"},
                                                    {"valid_from", "01/07/2026"},
                                                    {"source", "Quyết định thử nghiệm"}})
                .status,
            303);
  EXPECT_TRUE(contains(admin.get("/can-bo/quan-tri/thoi-han").body, "Quyết định thử nghiệm"));
}

TEST_F(WebAdmin, SearchMarksTheWordsEscapesTheRestAndUnknownPagesSayNotFound) {
  Browser leader(*server_, "lanhdao");
  auto found = leader.get("/can-bo/vu-viec?q=%C4%91%C6%B0%E1%BB%9Dng");  // "đường"
  ASSERT_EQ(found.status, 200);
  EXPECT_TRUE(contains(found.body, "<mark>"));
  EXPECT_TRUE(contains(found.body, "từ khóa “đường”"));
  auto odd = leader.get("/can-bo/vu-viec?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_EQ(odd.status, 200);
  EXPECT_FALSE(contains(odd.body, "<script>alert"));
  EXPECT_TRUE(contains(odd.body, "&lt;script&gt;"));
  auto public_search = HttpClient(server_->port()).get("/ket-qua?q=%C4%91%C6%B0%E1%BB%9Dng");
  ASSERT_EQ(public_search.status, 200);
  EXPECT_TRUE(contains(public_search.body, "value=\"đường\""));

  auto missing = HttpClient(server_->port()).get("/khong-co-trang-nay");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(contains(missing.header("content-type"), "text/html"));
  EXPECT_TRUE(contains(missing.body, "Không tìm thấy trang bạn yêu cầu"));
  auto api = HttpClient(server_->port()).get("/api/v1/khong-co");
  EXPECT_EQ(api.status, 404);
  EXPECT_TRUE(contains(api.header("content-type"), "application/json"));
}

}  // namespace
}  // namespace doithoai::testsupport
