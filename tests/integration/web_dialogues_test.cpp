// The dialogue and reception pages through the real server: the public list, page and
// registration form of a dialogue (errors beside the fields, the duplicate refused, CSRF, no
// personal data), the staff pages with the conference mode recording an opinion and its
// outcome, the reception schedule with booking, recording a visit (a refusal needs its ground,
// a visit can open a matter), and the register of form 03 (a denouncer never named).
#include <regex>

#include "domain/date.hpp"
#include "integration/fixture.hpp"
#include "integration/web_forms.hpp"

namespace doithoai::testsupport {
namespace {

const std::string kSecretary = "DU-HP-2025-VINHBAO";
const std::string kCommittee = "UBND-HP-2025-VINHBAO";
const std::string kForm = "application/x-www-form-urlencoded";

std::string in_days(int n) {
  return vietnam_date(now_utc()).plus_days(n).iso();
}
std::string vi_date(const std::string& iso) {  // 2026-11-25 -> 25/11/2026
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// A browser: its cookies and the CSRF token its forms carry.
struct Browser {
  std::string cookie;
  std::string csrf;
};

class WebDialogues : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(
        std::vector<Account>{{"quantri", "admin", "--unit", "31"},
                             {"tiepnhan", "intake", "--unit", "31"},
                             {"bithu", "leader", "--agency", kSecretary}});
  }
  LiveServer& s() { return *server_; }

  json api(const std::string& method, const std::string& path, const std::string& as,
           const json& body, int status) {
    auto r = s().call(method, path, as, body.is_null() ? "" : body.dump());
    EXPECT_EQ(r.status, status) << path << " " << r.body;
    return r.body.empty() ? json() : json::parse(r.body);
  }

  // A citizen: the anonymous CSRF cookie from a first page.
  Browser citizen(const std::string& path) {
    auto r = s().call("GET", path);
    EXPECT_EQ(r.status, 200);
    Browser b;
    const auto set = r.header("set-cookie");
    b.cookie = set.substr(0, set.find(';'));
    b.csrf = b.cookie.substr(b.cookie.find('=') + 1);
    return b;
  }

  // Staff: a session from the login API.
  Browser staff(const std::string& username) {
    const json body = {{"username", username}, {"password", LiveServer::password(username)}};
    auto r = s().call("POST", "/api/v1/session", "", body.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    Browser b;
    const auto set = r.header("set-cookie");
    b.cookie = set.substr(0, set.find(';'));
    b.csrf = json::parse(r.body)["csrf_token"];
    return b;
  }

  HttpResponse get(const Browser& b, const std::string& path) {
    return s().call("GET", path, "", "", {{"Cookie", b.cookie}});
  }
  HttpResponse post(const Browser& b, const std::string& path,
                    std::vector<std::pair<std::string, std::string>> fields,
                    bool with_csrf = true) {
    if (with_csrf) fields.insert(fields.begin(), {"csrf_token", b.csrf});
    return s().call("POST", path, "", form_encode(fields),
                    {{"Cookie", b.cookie}, {"Content-Type", kForm}});
  }

  long long plan(int cap) {
    const json body = {{"title", "Hội nghị đối thoại của Bí thư Đảng ủy xã với Nhân dân"},
                       {"host_name", "Lê Văn Thắng"},
                       {"host_title", "Bí thư Đảng ủy xã"},
                       {"host_agency_code", kSecretary},
                       {"held_on", in_days(0)},
                       {"starts_at", "08:00"},
                       {"venue", "Hội trường UBND xã"},
                       {"registration_cap", cap},
                       {"registration_closes_on", in_days(0)},
                       {"agenda", {{{"field_code", "nong_nghiep"}}, {{"title", "Ý kiến khác"}}}}};
    const auto d = api("POST", "/api/v1/dialogues", "bithu", body, 201);
    return d["id"].get<long long>();
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(WebDialogues, CitizenRegistersToSpeakWithErrorsBesideTheFields) {
  const auto id = plan(5);
  const std::string page = "/hoi-nghi-doi-thoai/" + std::to_string(id);
  // Not open yet: the page says so, and a registration is refused with the reason.
  auto b = citizen(page + "/dang-ky");
  auto r = get(b, page + "/dang-ky");
  EXPECT_NE(r.body.find("Hội nghị này hiện không nhận đăng ký phát biểu"), std::string::npos);
  EXPECT_EQ(r.body.find("name=\"topic\""), std::string::npos);

  api("POST", "/api/v1/dialogues/" + std::to_string(id) + "/actions", "bithu",
      {{"action", "open_registration"}}, 200);
  r = s().call("GET", "/hoi-nghi-doi-thoai");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Có 1 hội nghị sắp diễn ra"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"" + page + "\""), std::string::npos);
  r = s().call("GET", page);
  EXPECT_NE(r.body.find("Nông nghiệp và phát triển nông thôn"), std::string::npos);
  EXPECT_NE(r.body.find("Lê Văn Thắng (Bí thư Đảng ủy xã)"), std::string::npos);
  EXPECT_NE(r.body.find("Hạn đăng ký " + vi_date(in_days(0))), std::string::npos);

  // Without a name: 422, the message beside the field, what was typed kept.
  r = post(b, page + "/dang-ky", {{"topic", "Kênh tưới bị bồi lắng <b>nặng</b>"}, {"name", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("<p class=\"field-error\" id=\"e-name\">Vui lòng nhập Họ và tên</p>"),
            std::string::npos);
  EXPECT_NE(r.body.find("Kênh tưới bị bồi lắng &lt;b&gt;nặng&lt;/b&gt;"), std::string::npos);
  // Without the CSRF token: refused, nothing registered.
  r = post(b, page + "/dang-ky", {{"name", "Nguyễn Văn Nam"}, {"topic", "Kênh tưới"}}, false);
  EXPECT_EQ(r.status, 403);
  r = post(
      b, page + "/dang-ky",
      {{"name", "Nguyễn Văn Nam"}, {"phone", "0912000111"}, {"topic", "Kênh tưới bị bồi lắng"}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), page + "?da-dang-ky=1");
  // Twice: a clear message, not a second registration.
  r = post(b, page + "/dang-ky",
           {{"name", "Nguyễn Văn Nam"}, {"phone", "0912000111"}, {"topic", "Kênh tưới"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("Bạn đã đăng ký phát biểu tại hội nghị này rồi"), std::string::npos);
  const auto record = api("GET", "/api/v1/dialogues/" + std::to_string(id), "bithu", nullptr, 200);
  ASSERT_EQ(record["registrations"].size(), 1u);
  EXPECT_EQ(record["registrations"][0]["name"], "Nguyễn Văn Nam");
  EXPECT_FALSE(record["registrations"][0]["by_staff"].get<bool>());

  // The public page counts them and names no one.
  r = s().call("GET", page + "?da-dang-ky=1");
  EXPECT_NE(r.body.find("Đã ghi nhận đăng ký phát biểu của bạn"), std::string::npos);
  EXPECT_NE(r.body.find("Số người đăng ký: 1"), std::string::npos);
  EXPECT_EQ(r.body.find("Nguyễn Văn Nam"), std::string::npos);
  EXPECT_EQ(r.body.find("0912000111"), std::string::npos);
  // The home page lists the dialogue among the upcoming ones.
  r = s().call("GET", "/");
  EXPECT_NE(r.body.find("href=\"" + page + "\""), std::string::npos);
}

TEST_F(WebDialogues, ConferenceModeRecordsOpinionsAndTheirOutcomes) {
  const auto id = plan(5);
  const std::string base = "/can-bo/doi-thoai/" + std::to_string(id);
  // Staff pages need a login.
  auto anonymous = s().call("GET", base);
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.header("location").rfind("/dang-nhap?ve=", 0), 0u);

  const auto leader = staff("bithu");
  auto r = post(leader, base + "/thao-tac", {{"action", "open_registration"}});
  EXPECT_EQ(r.status, 303) << r.body;
  r = post(leader, base + "/dang-ky",
           {{"name", "Trần Thị Lan"},
            {"topic", "Hỗ trợ giống lúa"},
            {"field_code", "nong_nghiep"},
            {"registered_on", vi_date(in_days(0))}});
  EXPECT_EQ(r.status, 303) << r.body;
  r = post(leader, base + "/dang-ky", {{"name", "Vũ Văn Hải"}, {"topic", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"e-topic\""), std::string::npos);
  // The conference is held today: the lifecycle allows marking it so.
  r = post(leader, base + "/thao-tac", {{"action", "hold"}, {"attendance", "180"}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), base + "?ok=hold");
  r = get(leader, base + "?ok=hold");
  EXPECT_NE(r.body.find("Đã thực hiện: Ghi nhận đã tổ chức"), std::string::npos);
  EXPECT_NE(r.body.find("status-dlg-held"), std::string::npos);

  // The secretary (an intake officer) sees the queue and records the outcome.
  const auto secretary = staff("tiepnhan");
  r = get(secretary, base + "/hoi-nghi");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Đang phát biểu: Trần Thị Lan"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(r.body, m, std::regex("name=\"registration_id\" value=\"([0-9]+)\"")));
  const std::string rid = m[1];
  // Assigned without an agency: the message beside the field, nothing recorded.
  r = post(secretary, base + "/hoi-nghi/y-kien",
           {{"registration_id", rid},
            {"speaker_name", "Trần Thị Lan"},
            {"content", "Đề nghị hỗ trợ giống lúa cho vụ xuân"},
            {"field_code", "nong_nghiep"},
            {"kind", "kien_nghi"},
            {"outcome", "assigned"},
            {"answered_by", ""},
            {"answer_text", ""},
            {"agency_code", ""},
            {"due_on", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"e-agency_code\">Cần chọn cơ quan được giao giải quyết"),
            std::string::npos);
  EXPECT_NE(r.body.find("Đề nghị hỗ trợ giống lúa cho vụ xuân"), std::string::npos);
  r = post(secretary, base + "/hoi-nghi/y-kien",
           {{"registration_id", rid},
            {"speaker_name", "Trần Thị Lan"},
            {"content", "Đề nghị hỗ trợ giống lúa cho vụ xuân"},
            {"field_code", "nong_nghiep"},
            {"kind", "kien_nghi"},
            {"outcome", "assigned"},
            {"answered_by", "ignored"},
            {"answer_text", ""},
            {"agency_code", kCommittee},
            {"due_on", vi_date(in_days(15))}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), base + "/hoi-nghi?ok=opinion");
  // From the floor, answered on the spot.
  r = post(secretary, base + "/hoi-nghi/y-kien",
           {{"registration_id", "0"},
            {"speaker_name", "Đỗ Văn Tâm"},
            {"content", "Đèn đường thôn 2 hỏng"},
            {"field_code", "nong_nghiep"},
            {"outcome", "answered"},
            {"answered_by", "Bí thư Đảng ủy xã"}});
  EXPECT_EQ(r.status, 303) << r.body;

  const auto record = api("GET", "/api/v1/dialogues/" + std::to_string(id), "bithu", nullptr, 200);
  ASSERT_EQ(record["opinions_list"].size(), 2u);
  EXPECT_EQ(record["opinions_list"][0]["outcome"], "assigned");
  EXPECT_EQ(record["opinions_list"][0]["agency_code"], kCommittee);
  EXPECT_EQ(record["opinions_list"][0]["due_on"], in_days(15));
  EXPECT_EQ(record["opinions_list"][0]["answered_by"], nullptr);
  EXPECT_EQ(record["opinions_list"][1]["outcome"], "answered");
  EXPECT_EQ(record["registrations"][0]["outcome"], "spoke");
  EXPECT_EQ(record["attendance"], 180);
  EXPECT_EQ(record["progress"]["settled"], 1);

  // The queue is empty now; the public page shows the results without names.
  r = get(secretary, base + "/hoi-nghi");
  EXPECT_NE(r.body.find("Không còn người đăng ký chờ phát biểu"), std::string::npos);
  r = s().call("GET", "/hoi-nghi-doi-thoai/" + std::to_string(id));
  EXPECT_NE(r.body.find("Đã trả lời 1/2 vụ việc được nêu tại hội nghị"), std::string::npos);
  EXPECT_NE(r.body.find("Giao cơ quan giải quyết"), std::string::npos);
  EXPECT_NE(r.body.find("hạn " + vi_date(in_days(15))), std::string::npos);
  EXPECT_EQ(r.body.find("Trần Thị Lan"), std::string::npos);
  EXPECT_EQ(r.body.find("Đỗ Văn Tâm"), std::string::npos);
}

TEST_F(WebDialogues, ReceptionScheduleBookingVisitAndRegister) {
  // Every working day, from a month ago, five bookings a day.
  const auto schedule = api("POST", "/api/v1/receptions/schedules", "tiepnhan",
                            {{"leader_name", "Lê Văn Thắng"},
                             {"leader_title", "Bí thư Đảng ủy xã"},
                             {"agency_code", kSecretary},
                             {"rule", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
                             {"starts_on", in_days(-30)},
                             {"time_from", "07:30"},
                             {"time_to", "11:30"},
                             {"venue", "Trụ sở Đảng ủy xã"},
                             {"slots", 5}},
                            201);
  const auto sid = std::to_string(schedule["id"].get<long long>());
  auto r = s().call("GET", "/lich-tiep-cong-dan");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Lê Văn Thắng"), std::string::npos);
  EXPECT_NE(r.body.find("/api/v1/public/receptions/calendar.ics"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.body, m,
                                std::regex("dat-lich\\?lich=" + sid + "&amp;ngay=([0-9-]{10})")));
  const std::string day = m[1];
  EXPECT_NE(r.body.find(vi_date(day)), std::string::npos);

  // Booking: the topic is required; then a code on the confirmation, nothing personal.
  auto b = citizen("/lich-tiep-cong-dan/dat-lich?lich=" + sid + "&ngay=" + day);
  r = post(b, "/lich-tiep-cong-dan/dat-lich",
           {{"schedule_id", sid}, {"date", day}, {"name", "Phạm Văn Minh"}, {"topic", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"e-topic\""), std::string::npos);
  r = post(b, "/lich-tiep-cong-dan/dat-lich",
           {{"schedule_id", sid},
            {"date", day},
            {"name", "Phạm Văn Minh"},
            {"phone", "0913000999"},
            {"topic", "Cấp giấy chứng nhận quyền sử dụng đất"}});
  ASSERT_EQ(r.status, 303) << r.body;
  const auto confirmation = r.header("location");
  EXPECT_EQ(confirmation.rfind("/lich-tiep-cong-dan/da-dat-lich?ma=", 0), 0u);
  r = s().call("GET", confirmation);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("id=\"booking-code\""), std::string::npos);
  EXPECT_EQ(r.body.find("Phạm Văn Minh"), std::string::npos);

  // Staff: the last session day up to today; a refusal needs its ground.
  const auto dates = api(
      "GET",
      "/api/v1/receptions/schedules/" + sid + "/dates?from=" + in_days(-14) + "&to=" + in_days(0),
      "tiepnhan", nullptr, 200)["dates"];
  ASSERT_FALSE(dates.empty());
  const std::string visit_day = dates.back();
  const auto officer = staff("tiepnhan");
  const std::string session = "/can-bo/tiep-cong-dan/buoi?lich=" + sid + "&ngay=" + visit_day;
  r = get(officer, session);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Ghi lượt tiếp công dân"), std::string::npos);
  std::vector<std::pair<std::string, std::string>> visit = {
      {"schedule_id", sid},
      {"visited_on", visit_day},
      {"name", "Hoàng Văn Long"},
      {"address", "thôn 3, xã Vĩnh Bảo"},
      {"id_number", "031090001234"},
      {"summary", "Khiếu nại việc thu hồi đất đã được giải quyết đúng pháp luật"},
      {"kind", "khieu_nai"},
      {"head_count", "1"},
      {"direction", "refused"},
      {"refusal_ground", ""}};
  r = post(officer, "/can-bo/tiep-cong-dan/luot-tiep", visit);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"e-refusal_ground\""), std::string::npos);
  visit.back().second = "already_resolved";
  r = post(officer, "/can-bo/tiep-cong-dan/luot-tiep", visit);
  ASSERT_EQ(r.status, 303) << r.body;
  // A visit that opens a matter in the same step.
  r = post(officer, "/can-bo/tiep-cong-dan/luot-tiep",
           {{"schedule_id", sid},
            {"visited_on", visit_day},
            {"name", "Ngô Thị Mai"},
            {"summary", "Đề nghị sửa đường vào thôn 5"},
            {"kind", "kien_nghi"},
            {"direction", "accepted"},
            {"open_matter", "1"},
            {"field_code", "nong_nghiep"},
            {"unit_code", "HP-2025-VINHBAO"}});
  ASSERT_EQ(r.status, 303) << r.body;
  const auto location = r.header("location");
  ASSERT_TRUE(std::regex_search(location, m, std::regex("ma=([0-9A-Z-]+)")));
  r = get(officer, location.substr(0, location.find('#')));
  EXPECT_NE(r.body.find("mở vụ việc " + std::string(m[1])), std::string::npos);
  EXPECT_NE(r.body.find("Hoàng Văn Long"), std::string::npos);
  // A denunciation: its visitor is never named in the register.
  r = post(officer, "/can-bo/tiep-cong-dan/luot-tiep",
           {{"schedule_id", sid},
            {"visited_on", visit_day},
            {"name", "Đinh Văn Tố"},
            {"address", "thôn 9, xã Vĩnh Bảo"},
            {"id_number", "031099998888"},
            {"summary", "Tố cáo cán bộ địa chính nhận tiền"},
            {"kind", "to_cao"},
            {"head_count", "1"},
            {"direction", "refused"},
            {"refusal_ground", "already_resolved"}});
  ASSERT_EQ(r.status, 303) << r.body;
  // Nor in the session's list of visits, where the others are as entered.
  r = get(officer, session);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Hoàng Văn Long"), std::string::npos);
  EXPECT_NE(r.body.find("Người tố cáo (được giữ bí mật)"), std::string::npos);
  EXPECT_NE(r.body.find("Tố cáo cán bộ địa chính nhận tiền"), std::string::npos);
  EXPECT_EQ(r.body.find("Đinh Văn Tố"), std::string::npos);
  EXPECT_EQ(r.body.find("thôn 9"), std::string::npos);

  // The register: form 03's columns in order, both visits, the refusal's ground.
  r = get(officer,
          "/can-bo/tiep-cong-dan/so?tu=" + vi_date(in_days(-30)) + "&den=" + vi_date(in_days(0)));
  ASSERT_EQ(r.status, 200) << r.body;
  const char* columns[] = {"STT",
                           "Ngày tiếp",
                           "Họ tên, địa chỉ",
                           "Số CMND/CCCD",
                           "Nội dung vụ việc",
                           "Phân loại vụ việc, số người",
                           "Cơ quan đã giải quyết",
                           "Hướng xử lý",
                           "Theo dõi kết quả giải quyết",
                           "Ghi chú"};
  std::size_t at = 0;
  for (const char* c : columns) {
    const auto found = r.body.find(std::string("<th scope=\"col\">") + c + "</th>", at);
    ASSERT_NE(found, std::string::npos) << c;
    at = found;
  }
  EXPECT_NE(r.body.find("Có 3 lượt tiếp"), std::string::npos);
  EXPECT_NE(r.body.find("031090001234"), std::string::npos);
  EXPECT_NE(r.body.find("Ngô Thị Mai"), std::string::npos);
  EXPECT_NE(r.body.find("Tố cáo cán bộ địa chính nhận tiền"), std::string::npos);
  EXPECT_NE(r.body.find("Người tố cáo (được giữ bí mật)"), std::string::npos);
  EXPECT_EQ(r.body.find("Đinh Văn Tố"), std::string::npos);
  EXPECT_EQ(r.body.find("031099998888"), std::string::npos);
  EXPECT_EQ(r.body.find("thôn 9"), std::string::npos);
  r = get(officer, "/can-bo/tiep-cong-dan/so?tu=32/13/2026");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"e-tu\""), std::string::npos);
  // The stylesheet prints the register in landscape.
  r = s().call("GET", "/static/site.css");
  EXPECT_NE(r.body.find("size: A4 landscape"), std::string::npos);
}

}  // namespace
}  // namespace doithoai::testsupport
