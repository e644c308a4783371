// Citizen reception through the real server: a schedule and its refusal, the public schedule
// and the iCalendar feed, online booking and its limits, visits (one opening a matter, one
// refused on its ground, one on a day with no session), the register of form 03, and
// compliance across the November 2025 change for commune Party secretaries; a denouncer never
// named in the register, and named in a visit only to whom the law allows, each view an Event.
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

const std::string kCommune = "HP-2025-VINHBAO";
const std::string kSecretary = "DU-HP-2025-VINHBAO";

class ReceptionsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(
        std::vector<Account>{{"quantri", "admin", "--unit", "31"},
                             {"tiepnhan", "intake", "--unit", "31"},
                             {"bithu", "leader", "--agency", kSecretary},
                             {"chuyenvien", "officer", "--agency", "UBND-HP-2025-VINHBAO"},
                             {"thanhtra", "inspector", "--unit", "31"}});
  }
  LiveServer& s() { return *server_; }

  HttpResponse post(const std::string& path, const std::string& as, const json& body) {
    return s().call("POST", path, as, body.dump());
  }

  json visit(long long schedule, const std::string& on, json extra = json::object()) {
    json v = {
        {"schedule_id", schedule},     {"visited_on", on},
        {"name", "Phạm Văn Minh"},     {"address", "thôn 3, xã Vĩnh Bảo"},
        {"id_number", "031090001234"}, {"summary", "Đề nghị cấp giấy chứng nhận quyền sử dụng đất"},
        {"kind", "kien_nghi"}};
    for (const auto& [k, val] : extra.items()) v[k] = val;
    return v;
  }

  // The commune Party secretary's reception, the second Thursday of each month from October 2025.
  long long second_thursdays() {
    const auto r = post("/api/v1/receptions/schedules", "tiepnhan",
                        {{"leader_name", "Lê Văn Thắng"},
                         {"agency_code", kSecretary},
                         {"rule", "FREQ=MONTHLY;BYDAY=2TH"},
                         {"starts_on", "2025-10-01"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["id"].get<long long>();
  }

  // Someone who came on 9 October 2025 to denounce an official.
  json denunciation(long long schedule) {
    return visit(schedule, "2025-10-09",
                 {{"kind", "to_cao"},
                  {"name", "Đinh Văn Tố"},
                  {"address", "thôn 9, xã Vĩnh Bảo"},
                  {"phone", "0912345678"},
                  {"id_number", "031099998888"},
                  {"summary", "Tố cáo cán bộ địa chính nhận tiền"}});
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(ReceptionsApi, ScheduleBookingVisitsRegisterAndCompliance) {
  // The commune Party secretary receives on the second Thursday of each month.
  auto r = post("/api/v1/receptions/schedules", "tiepnhan",
                {{"leader_name", "Lê Văn Thắng"},
                 {"leader_title", "Bí thư Đảng ủy xã"},
                 {"agency_code", kSecretary},
                 {"rule", "FREQ=MONTHLY;BYDAY=2TH"},
                 {"starts_on", "2025-10-01"},
                 {"time_from", "07:30"},
                 {"time_to", "11:30"},
                 {"venue", "Trụ sở Đảng ủy xã Vĩnh Bảo"},
                 {"slots", 1}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto schedule = json::parse(r.body);
  const auto id = schedule["id"].get<long long>();
  EXPECT_EQ(schedule["rule_vi"], "Thứ Năm tuần thứ 2 hằng tháng");

  const auto before = s().last_event_id("quantri");
  r = post("/api/v1/receptions/schedules", "tiepnhan",
           {{"leader_name", "Lê Văn Thắng"},
            {"agency_code", kSecretary},
            {"rule", "FREQ=MONTHLY;BYMONTHDAY=31"},
            {"starts_on", "2026-04-01"},
            {"ends_on", "2026-04-30"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_of(r)["code"], "rule_yields_no_date");
  EXPECT_EQ(post("/api/v1/receptions/schedules", "chuyenvien",
                 {{"leader_name", "X"},
                  {"agency_code", kSecretary},
                  {"rule", "FREQ=WEEKLY"},
                  {"starts_on", "2026-01-01"}})
                .status,
            403);
  EXPECT_EQ(s().last_event_id("quantri"), before);

  // Published, and as an iCalendar feed.
  const auto published =
      s().get_json("/api/v1/public/receptions/schedules?agency=" + kSecretary, "");
  ASSERT_EQ(published["items"].size(), 1u);
  const auto next = published["items"][0]["next_dates"];
  ASSERT_FALSE(next.empty());
  const auto ics = s().call("GET", "/api/v1/public/receptions/calendar.ics?agency=" + kSecretary);
  ASSERT_EQ(ics.status, 200);
  EXPECT_EQ(ics.header("content-type").rfind("text/calendar", 0), 0u);
  EXPECT_NE(ics.body.find("BEGIN:VCALENDAR\r\n"), std::string::npos);
  EXPECT_NE(ics.body.find("RRULE:FREQ=MONTHLY;BYDAY=2TH"), std::string::npos) << ics.body;
  EXPECT_NE(ics.body.find("DTSTART:20251009T003000Z"), std::string::npos) << ics.body;
  EXPECT_NE(ics.body.find("END:VEVENT"), std::string::npos);

  // Booking online: one place per session.
  const json booking = {{"schedule_id", id},
                        {"date", next[0]},
                        {"name", "Vũ Thị Mai"},
                        {"phone", "0911222333"},
                        {"topic", "Hỏi thủ tục cấp đổi giấy chứng nhận"}};
  r = post("/api/v1/public/receptions/bookings", "", booking);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["position"], 1);
  EXPECT_EQ(error_of(post("/api/v1/public/receptions/bookings", "", booking))["code"],
            "already_booked");
  json other = booking;
  other["name"] = "Hoàng Văn Long";
  EXPECT_EQ(error_of(post("/api/v1/public/receptions/bookings", "", other))["code"],
            "session_full");

  // Visits: a Wednesday has no session; the second Thursday does.
  const auto quiet = s().last_event_id("quantri");
  r = post("/api/v1/receptions/visits", "tiepnhan", visit(id, "2025-10-08"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_of(r)["code"], "no_session_on_day");
  EXPECT_EQ(s().last_event_id("quantri"), quiet);
  r = post("/api/v1/receptions/visits", "tiepnhan",
           visit(id, "2025-10-09",
                 {{"direction", "accepted"},
                  {"open_matter", true},
                  {"field_code", "tai_nguyen_moi_truong"},
                  {"unit_code", kCommune}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto opened = json::parse(r.body);
  EXPECT_EQ(opened["number"], 1);
  ASSERT_FALSE(opened["matter_id"].is_null());
  const auto matter = s().get_json(
      "/api/v1/matters/" + std::to_string(opened["matter_id"].get<long long>()), "thanhtra");
  EXPECT_EQ(matter["channel"], "reception");
  EXPECT_EQ(matter["tracking_code"], opened["matter_tracking_code"]);

  r = post("/api/v1/receptions/visits", "tiepnhan",
           visit(id, "2025-11-13", {{"direction", "refused"}}));
  EXPECT_EQ(error_of(r)["code"], "ground_required");
  r = post("/api/v1/receptions/visits", "tiepnhan",
           visit(id, "2025-11-13", {{"direction", "refused"}, {"refusal_ground", "threatening"}}));
  ASSERT_EQ(r.status, 201) << r.body;
  r = post("/api/v1/receptions/visits", "tiepnhan",
           visit(id, "2025-12-11",
                 {{"kind", "khieu_nai"},
                  {"head_count", 4},
                  {"direction", "guided"},
                  {"direction_body", "UBND xã Vĩnh Bảo"},
                  {"direction_document", "12/ĐU"}}));
  ASSERT_EQ(r.status, 201) << r.body;

  // The register, columns in the order of form 03.
  const auto book = s().get_json(
      "/api/v1/receptions/register?agency=" + kSecretary + "&from=2025-01-01&to=2025-12-31",
      "thanhtra");
  ASSERT_EQ(book["columns"].size(), 10u);
  const std::vector<std::string> keys = {
      "number",         "date",     "name_and_address", "id_document", "summary",
      "classification", "ruled_by", "direction",        "follow_up",   "note"};
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(book["columns"][i]["key"], keys[i]);
  ASSERT_EQ(book["rows"].size(), 3u);
  EXPECT_EQ(book["rows"][0]["date"], "2025-10-09");
  EXPECT_EQ(book["rows"][0]["id_document"], "031090001234");
  EXPECT_EQ(book["rows"][1]["direction"].get<std::string>().rfind("Từ chối tiếp: Khoản 2", 0), 0u);
  EXPECT_EQ(book["rows"][2]["classification"], "Khiếu nại; số người: 4");
  EXPECT_EQ(book["rows"][2]["direction"],
            "Trả lại đơn, hướng dẫn gửi đến UBND xã Vĩnh Bảo, văn bản số 12/ĐU");
  EXPECT_EQ(
      s().call("GET", "/api/v1/receptions/register?agency=" + kSecretary, "chuyenvien").status,
      403);

  // Compliance: one day a month until KL 215 (23/11/2025), two from December.
  const auto c = s().get_json(
      "/api/v1/receptions/compliance?agency=" + kSecretary + "&from=2025-10&to=2026-01", "bithu");
  ASSERT_EQ(c["items"].size(), 4u);
  const std::vector<std::tuple<std::string, int, int, bool>> expected = {{"2025-10", 1, 1, true},
                                                                         {"2025-11", 1, 1, true},
                                                                         {"2025-12", 2, 1, false},
                                                                         {"2026-01", 2, 0, false}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [month, required, held, met] = expected[i];
    EXPECT_EQ(c["items"][i]["month"], month);
    EXPECT_EQ(c["items"][i]["required"], required) << month;
    EXPECT_EQ(c["items"][i]["held"], held) << month;
    EXPECT_EQ(c["items"][i]["met"], met) << month;
    EXPECT_EQ(c["items"][i]["leader_name"], "Lê Văn Thắng");
  }
  EXPECT_EQ(c["items"][2]["rule"], "bi_thu_xa_2025");
  EXPECT_EQ(
      s().call("GET", "/api/v1/receptions/compliance?agency=" + kSecretary, "tiepnhan").status,
      403);
  const auto sessions = s().get_json(
      "/api/v1/receptions/sessions?agency=" + kSecretary + "&from=2025-10-01&to=2025-12-31",
      "thanhtra");
  ASSERT_EQ(sessions["items"].size(), 3u);
  EXPECT_EQ(sessions["items"][0]["status"], "held");
}

TEST_F(ReceptionsApi, TheRegisterNeverNamesADenouncer) {
  const auto id = second_thursdays();
  auto r = post("/api/v1/receptions/visits", "tiepnhan", denunciation(id));
  ASSERT_EQ(r.status, 201) << r.body;
  r = post("/api/v1/receptions/visits", "tiepnhan", visit(id, "2025-11-13"));
  ASSERT_EQ(r.status, 201) << r.body;

  // Neither an inspector of the whole city nor the host leader reads the denouncer in the
  // register; the petitioner's row is as entered.
  for (const std::string as : {"thanhtra", "bithu", "quantri"}) {
    const auto raw = s().call(
        "GET",
        "/api/v1/receptions/register?agency=" + kSecretary + "&from=2025-01-01&to=2025-12-31", as);
    ASSERT_EQ(raw.status, 200) << as << ": " << raw.body;
    EXPECT_EQ(raw.body.find("Đinh Văn Tố"), std::string::npos) << as;
    EXPECT_EQ(raw.body.find("031099998888"), std::string::npos) << as;
    EXPECT_EQ(raw.body.find("thôn 9"), std::string::npos) << as;
    const auto book = json::parse(raw.body);
    ASSERT_EQ(book["rows"].size(), 2u);
    EXPECT_EQ(book["rows"][0]["name_and_address"], "Người tố cáo (được giữ bí mật)");
    EXPECT_EQ(book["rows"][0]["id_document"], "");
    EXPECT_EQ(book["rows"][0]["identity_withheld"], true);
    EXPECT_EQ(book["rows"][0]["summary"], "Tố cáo cán bộ địa chính nhận tiền");
    EXPECT_EQ(book["rows"][1]["name_and_address"], "Phạm Văn Minh, thôn 3, xã Vĩnh Bảo");
    EXPECT_EQ(book["rows"][1]["id_document"], "031090001234");
    EXPECT_EQ(book["rows"][1]["identity_withheld"], false);
  }
}

TEST_F(ReceptionsApi, AVisitNamesADenouncerOnlyToTheLeaderAndEachViewIsAnEvent) {
  const auto schedule = second_thursdays();
  auto r = post("/api/v1/receptions/visits", "tiepnhan", denunciation(schedule));
  ASSERT_EQ(r.status, 201) << r.body;
  // The answer to recording it does not repeat who came.
  for (const char* secret : {"Đinh Văn Tố", "thôn 9", "0912345678", "031099998888"}) {
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
  }
  const auto recorded = json::parse(r.body);
  EXPECT_EQ(recorded["identity_withheld"], true);
  EXPECT_EQ(recorded["name"], "Người tố cáo (được giữ bí mật)");
  EXPECT_EQ(recorded["summary"], "Tố cáo cán bộ địa chính nhận tiền");
  const std::string path = "/api/v1/receptions/visits/" + recorded["id"].dump();
  const std::string views =
      "/api/v1/events?entity_type=reception_visit&entity_id=" + recorded["id"].dump();
  r = post("/api/v1/receptions/visits", "tiepnhan", visit(schedule, "2025-11-13"));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto petition = json::parse(r.body);
  EXPECT_EQ(petition["name"], "Phạm Văn Minh");
  EXPECT_EQ(petition["identity_withheld"], false);

  // Who may read the visit but not the identity: the intake officer, the city's inspector, the
  // administrator. They get the visit withheld, and no view is recorded.
  const auto quiet = s().last_event_id("quantri");
  for (const std::string as : {"tiepnhan", "thanhtra", "quantri"}) {
    r = s().call("GET", path, as);
    ASSERT_EQ(r.status, 200) << as << ": " << r.body;
    EXPECT_EQ(r.body.find("Đinh Văn Tố"), std::string::npos) << as;
    EXPECT_EQ(r.body.find("031099998888"), std::string::npos) << as;
    EXPECT_EQ(json::parse(r.body)["identity_withheld"], true) << as;
  }
  EXPECT_EQ(s().call("GET", path, "chuyenvien").status, 403);
  EXPECT_EQ(s().last_event_id("quantri"), quiet);
  EXPECT_TRUE(s().get_json(views, "quantri")["items"].empty());

  // The session's list of visits withholds it from everyone, the host leader included.
  const auto sessions = s().get_json(
      "/api/v1/receptions/sessions?agency=" + kSecretary + "&from=2025-10-01&to=2025-10-31",
      "bithu");
  ASSERT_EQ(sessions["items"].size(), 1u);
  r = s().call("GET", "/api/v1/receptions/sessions/" + sessions["items"][0]["id"].dump(), "bithu");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("Đinh Văn Tố"), std::string::npos);
  EXPECT_EQ(json::parse(r.body)["visits_list"][0]["identity_withheld"], true);
  EXPECT_EQ(s().last_event_id("quantri"), quiet);

  // The host leader reads who came, and that read is on the record with who read it.
  const auto shown = s().get_json(path, "bithu");
  EXPECT_EQ(shown["identity_withheld"], false);
  EXPECT_EQ(shown["name"], "Đinh Văn Tố");
  EXPECT_EQ(shown["address"], "thôn 9, xã Vĩnh Bảo");
  EXPECT_EQ(shown["phone"], "0912345678");
  EXPECT_EQ(shown["id_number"], "031099998888");
  const auto events = s().get_json(views, "quantri")["items"];
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["action"], "reception_visit.identity_view");
  EXPECT_EQ(events[0]["actor"], "bithu");

  // A petitioner's visit is no secret: shown to the inspector, with no view recorded.
  const auto before = s().last_event_id("quantri");
  const auto plain = s().get_json("/api/v1/receptions/visits/" + petition["id"].dump(), "thanhtra");
  EXPECT_EQ(plain["name"], "Phạm Văn Minh");
  EXPECT_EQ(plain["id_number"], "031090001234");
  EXPECT_EQ(s().last_event_id("quantri"), before);
}

}  // namespace
}  // namespace doithoai::testsupport
