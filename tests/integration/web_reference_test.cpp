// The pages share one copy of the reference data between requests; an admin's change, through
// the API or from another process (the CLI while the server runs), shows on the next page.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <set>

#include "integration/fixture.hpp"
#include "integration/web_forms.hpp"

namespace doithoai::testsupport {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The working days left of each deadline still ahead, as the matter page words them.
std::vector<int> days_left(const std::string& html) {
  static const std::regex kLeft("còn ([0-9]+) ngày làm việc");
  std::vector<int> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kLeft);
       it != std::sregex_iterator(); ++it) {
    out.push_back(std::stoi((*it)[1].str()));
  }
  return out;
}

// Today in Vietnam (UTC+7) as days since 1970-01-01, and a day count back to YYYY-MM-DD.
long long vietnam_today() {
  const auto now = std::chrono::system_clock::now() + std::chrono::hours(7);
  return std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
}
std::string iso(long long days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}
bool weekend(long long days) {
  const std::chrono::weekday wd{std::chrono::sys_days{std::chrono::days{days}}};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

class WebReference : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(std::vector<Account>{
        {"quantri", "admin", "--unit", "31"}, {"tiepnhan", "intake", "--unit", "31"}});
    HttpClient client(server_->port());
    auto form = client.get("/dang-nhap");
    auto posted =
        client.request("POST", "/dang-nhap",
                       {{"Content-Type", "application/x-www-form-urlencoded"},
                        {"Cookie", "doithoai_csrf=" + cookie_value(form, "doithoai_csrf")}},
                       form_encode({{"csrf_token", csrf_in(form.body)},
                                    {"username", "quantri"},
                                    {"password", LiveServer::password("quantri")}}));
    ASSERT_EQ(posted.status, 303) << posted.body;
    session_ = cookie_value(posted, "doithoai_session");
  }
  void TearDown() override { server_.reset(); }

  HttpResponse page(const std::string& path) {
    HttpClient client(server_->port());
    return client.get(path, {{"Cookie", "doithoai_session=" + session_}});
  }

  std::unique_ptr<LiveServer> server_;
  std::string session_;
};

TEST_F(WebReference, UnitAddedThroughTheApiShowsOnTheNextPage) {
  const auto before = page("/can-bo/vu-viec");
  ASSERT_EQ(before.status, 200);
  EXPECT_FALSE(contains(before.body, "Thử Nghiệm Bộ Nhớ"));
  const json unit = {{"code", "TEST-REF-1"},
                     {"name", "Thử Nghiệm Bộ Nhớ"},
                     {"type_name", "xã"},
                     {"level", "commune"},
                     {"parent_code", "31"}};
  const auto added = server_->call("POST", "/api/v1/units", "quantri", unit.dump());
  ASSERT_EQ(added.status, 201) << added.body;
  const auto after = page("/can-bo/vu-viec");
  ASSERT_EQ(after.status, 200);
  EXPECT_TRUE(contains(after.body, R"(<option value="TEST-REF-1">xã Thử Nghiệm Bộ Nhớ</option>)"))
      << after.body;
}

TEST_F(WebReference, HolidayAddedByTheCliWhileServingShowsOnTheNextPage) {
  const long long today = vietnam_today();
  const json body = {{"kind", "kien_nghi"},
                     {"channel", "letter"},
                     {"received_at", iso(today)},
                     {"unit_code", "HP-2025-VINHBAO"},
                     {"title", "Đường làng xuống cấp"},
                     {"content", "Đề nghị sửa đường liên thôn."},
                     {"people", {{{"name", "Phạm Văn Minh"}}}}};
  const auto created = server_->call("POST", "/api/v1/matters", "tiepnhan", body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = std::to_string(json::parse(created.body)["id"].get<long long>());

  const auto before = days_left(page("/can-bo/vu-viec/" + id).body);
  ASSERT_FALSE(before.empty());
  // The next working day after today that is not already a holiday: every deadline still
  // ahead then has one working day less.
  std::set<std::string> holidays;
  for (const auto& h : server_->get_json("/api/v1/holidays", "quantri")["items"])
    holidays.insert(h["date"].get<std::string>());
  long long day = today + 1;
  while (weekend(day) || holidays.count(iso(day)) != 0) ++day;
  const auto added =
      cli(server_->db(), {"holiday", "add", "--date", iso(day), "--name", "Nghỉ thử nghiệm"});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  const auto after = days_left(page("/can-bo/vu-viec/" + id).body);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i] - 1) << i;
}

}  // namespace
}  // namespace doithoai::testsupport
