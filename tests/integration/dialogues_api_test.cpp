// Dialogues through the real server: planning by the host, public and staff registration with
// their limits, the conference (order, opinions and their outcomes entering the matters), the
// follow-up that keeps the dialogue open, the public page, and the permissions.
#include "domain/date.hpp"
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

const std::string kCommune = "HP-2025-VINHBAO";
const std::string kSecretary = "DU-HP-2025-VINHBAO";
const std::string kCommittee = "UBND-HP-2025-VINHBAO";

std::string today_iso() {
  return vietnam_date(now_utc()).iso();
}
std::string in_days(int n) {
  return vietnam_date(now_utc()).plus_days(n).iso();
}

class DialoguesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(
        std::vector<Account>{{"quantri", "admin", "--unit", "31"},
                             {"tiepnhan", "intake", "--unit", "31"},
                             {"bithu", "leader", "--agency", kSecretary},
                             {"chuyenvien", "officer", "--agency", kCommittee},
                             {"thanhtra", "inspector", "--unit", "31"}});
  }
  LiveServer& s() { return *server_; }

  json post(const std::string& path, const std::string& as, const json& body, int status) {
    auto r = s().call("POST", path, as, body.dump());
    EXPECT_EQ(r.status, status) << path << " " << r.body;
    return json::parse(r.body);
  }

  long long plan(int cap) {
    const json body = {{"title", "Hội nghị đối thoại của Bí thư Đảng ủy xã với Nhân dân"},
                       {"host_name", "Bí thư Đảng ủy xã Vĩnh Bảo"},
                       {"host_title", "Bí thư Đảng ủy xã"},
                       {"host_agency_code", kSecretary},
                       {"held_on", today_iso()},
                       {"starts_at", "08:00"},
                       {"venue", "Hội trường UBND xã"},
                       {"registration_cap", cap},
                       {"registration_closes_on", today_iso()},
                       {"board", {{{"name", "Bí thư Đảng ủy xã"}, {"role", "Chủ trì"}}}},
                       {"agenda", {{{"field_code", "nong_nghiep"}}, {{"title", "Ý kiến khác"}}}}};
    const auto d = post("/api/v1/dialogues", "bithu", body, 201);
    EXPECT_EQ(d["status"], "planned");
    EXPECT_EQ(d["agenda"][0]["title"], "Nông nghiệp và phát triển nông thôn");
    return d["id"].get<long long>();
  }

  std::string path(long long id, const std::string& rest = "") {
    return "/api/v1/dialogues/" + std::to_string(id) + rest;
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(DialoguesApi, FromPlanToFollowUp) {
  const auto id = plan(2);
  // Only the host's leaders plan and run the dialogue.
  auto r = s().call("POST", path(id, "/actions"), "tiepnhan", json{{"action", "hold"}}.dump());
  EXPECT_EQ(r.status, 403) << r.body;
  post(path(id, "/actions"), "bithu", {{"action", "open_registration"}}, 200);

  // Citizens register online; the list says registration is open.
  const auto list = s().get_json("/api/v1/public/dialogues?status=registration_open", "");
  ASSERT_EQ(list["total"], 1);
  EXPECT_TRUE(list["items"][0]["registration_open"].get<bool>());
  const auto reg = "/api/v1/public/dialogues/" + std::to_string(id) + "/registrations";
  const json an = {{"name", "Nguyễn Văn An"},
                   {"phone", "0912345678"},
                   {"unit_code", kCommune},
                   {"topic", "Giá vật tư nông nghiệp"},
                   {"field_code", "nong_nghiep"}};
  const auto a = post(reg, "", an, 201);
  EXPECT_EQ(a["status"], "registered");
  EXPECT_FALSE(a.contains("phone"));
  const auto before = s().last_event_id("quantri");
  json again = an;
  again["name"] = "NGUYỄN VĂN AN";
  EXPECT_EQ(error_of(s().call("POST", reg, "", again.dump()))["code"], "already_registered");
  json extra = an;
  extra["colour"] = "đỏ";
  EXPECT_EQ(s().call("POST", reg, "", extra.dump()).status, 422);
  EXPECT_EQ(s().last_event_id("quantri"), before);
  const auto b =
      post(reg, "", {{"name", "Trần Thị Bích"}, {"topic", "Đường giao thông nội đồng"}}, 201);
  auto full =
      s().call("POST", reg, "", json{{"name", "Lê Văn Cường"}, {"topic", "Trường học"}}.dump());
  EXPECT_EQ(full.status, 409);
  EXPECT_EQ(error_of(full)["code"], "registration_full");
  EXPECT_EQ(s().last_event_id("quantri"), before + 1);

  // The order, then the conference.
  r = s().call("PUT", path(id, "/order"), "tiepnhan",
               json{{"registration_ids", {b["registration_id"], a["registration_id"]}}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  post(path(id, "/actions"), "bithu", {{"action", "hold"}, {"attendance", 215}}, 200);
  EXPECT_EQ(
      error_of(s().call("POST", reg, "",
                        json{{"name", "Lê Văn Cường"}, {"topic", "Trường học"}}.dump()))["code"],
      "registration_not_open");

  const auto answered = post(path(id, "/opinions"), "tiepnhan",
                             {{"registration_id", a["registration_id"]},
                              {"content", "Giá phân bón tăng cao, đề nghị hỗ trợ."},
                              {"field_code", "nong_nghiep"},
                              {"outcome", "answered"},
                              {"answered_by", "Bí thư Đảng ủy xã"}},
                             201);
  EXPECT_EQ(answered["matter_status"], "answered");
  EXPECT_EQ(answered["speaker_name"], "Nguyễn Văn An");
  const auto assigned = post(path(id, "/opinions"), "tiepnhan",
                             {{"registration_id", b["registration_id"]},
                              {"content", "Đường nội đồng hẹp, máy gặt không vào được."},
                              {"field_code", "nong_thon_moi"},
                              {"outcome", "assigned"},
                              {"agency_code", kCommittee},
                              {"due_on", in_days(15)}},
                             201);
  EXPECT_EQ(assigned["matter_status"], "assigned");
  const auto forwarded =
      post(path(id, "/opinions"), "tiepnhan",
           {{"content", "Đề nghị thành phố điều chỉnh quy hoạch khu công nghiệp."},
            {"people", {{{"name", "Phạm Văn Minh"}}}},
            {"kind", "de_xuat"},
            {"outcome", "forwarded"},
            {"agency_code", "UBND-HP"}},
           201);
  EXPECT_EQ(forwarded["matter_status"], "forwarded_up");
  // An opinion without words, or with an outcome that lacks its facts, is refused.
  const auto quiet = s().last_event_id("quantri");
  EXPECT_EQ(s().call("POST", path(id, "/opinions"), "tiepnhan",
                     json{{"outcome", "assigned"}, {"content", "x"}}.dump())
                .status,
            422);
  EXPECT_EQ(s().last_event_id("quantri"), quiet);

  // The matter assigned at the conference is in the agency's hands.
  const auto matter = s().get_json(
      "/api/v1/matters/" + std::to_string(assigned["matter_id"].get<long long>()), "chuyenvien");
  EXPECT_EQ(matter["agency_code"], kCommittee);
  EXPECT_EQ(matter["channel"], "dialogue");

  // The staff page: speakers in order, opinions, progress.
  const auto page = s().get_json(path(id), "thanhtra");
  EXPECT_EQ(page["registrations"][0]["name"], "Trần Thị Bích");
  EXPECT_EQ(page["registrations"][0]["position"], 1);
  EXPECT_EQ(page["registrations"][1]["phone"], "0912345678");
  EXPECT_EQ(page["attendance"], 215);
  EXPECT_EQ(page["progress"]["matters"], 3);
  EXPECT_EQ(page["progress"]["outstanding"], 2);

  // It stays open while matters are outstanding.
  auto close = s().call("POST", path(id, "/actions"), "bithu", json{{"action", "close"}}.dump());
  EXPECT_EQ(close.status, 409);
  EXPECT_EQ(error_of(close)["code"], "matters_outstanding");
  post(path(id, "/actions"), "bithu", {{"action", "follow_up"}}, 200);

  // The public page shows progress and no personal data.
  const auto pub = s().call("GET", "/api/v1/public/dialogues/" + std::to_string(id));
  ASSERT_EQ(pub.status, 200);
  EXPECT_EQ(pub.body.find("0912345678"), std::string::npos);
  EXPECT_EQ(pub.body.find("Nguyễn Văn An"), std::string::npos);
  const auto p = json::parse(pub.body);
  EXPECT_EQ(p["status"], "following_up");
  EXPECT_EQ(p["progress"]["settled"], 1);
  EXPECT_EQ(p["opinions_list"].size(), 3u);

  // Every change is in the dialogue's log, with before and after.
  const auto events = s().get_json(path(id, "/events?limit=100"), "thanhtra")["items"];
  bool hold_seen = false;
  for (const auto& e : events) {
    if (e["action"] == "dialogue.hold") {
      hold_seen = true;
      EXPECT_EQ(e["before"]["status"], "registration_open");
      EXPECT_EQ(e["after"]["status"], "held");
      EXPECT_EQ(e["after"]["attendance"], 215);
    }
  }
  EXPECT_TRUE(hold_seen);
}

TEST_F(DialoguesApi, StaffRegistrationsVillageMeetingsAndScope) {
  const auto id = plan(50);
  post(path(id, "/actions"), "bithu", {{"action", "start_collecting"}}, 200);
  const auto meeting = post(path(id, "/village-meetings"), "tiepnhan",
                            {{"unit_code", kCommune},
                             {"held_on", in_days(-1)},
                             {"organisers", {kSecretary, "MTTQ-HP-2025-VINHBAO"}},
                             {"attendance", 90},
                             {"opinions",
                              {{{"kind", "kien_nghi"},
                                {"field_code", "giai_phong_mat_bang"},
                                {"title", "Đơn giá bồi thường"},
                                {"content", "Đề nghị xem xét lại đơn giá bồi thường hoa màu."},
                                {"people", {{{"name", "Đào Văn Long"}}}}}}}},
                            201);
  ASSERT_EQ(meeting["submission_ids"].size(), 1u);
  // Staff enter a registration while opinions are collected; citizens cannot yet.
  const auto reg = post(path(id, "/registrations"), "tiepnhan",
                        {{"name", "Đào Văn Long"},
                         {"topic", "Đơn giá bồi thường"},
                         {"submission_id", meeting["submission_ids"][0]},
                         {"registered_on", in_days(-1)}},
                        201);
  EXPECT_TRUE(reg["by_staff"].get<bool>());
  EXPECT_FALSE(reg["matter_id"].is_null());
  EXPECT_EQ(
      error_of(s().call("POST", "/api/v1/public/dialogues/" + std::to_string(id) + "/registrations",
                        "", json{{"name", "Ai đó"}, {"topic", "Việc gì đó"}}.dump()))["code"],
      "registration_not_open");
  // An officer of another agency neither reads nor records (officers see their agency's own).
  EXPECT_EQ(s().call("GET", path(id), "chuyenvien").status, 403);
  EXPECT_EQ(s().call("POST", path(id, "/registrations"), "chuyenvien",
                     json{{"name", "Ai đó"}, {"topic", "Việc gì đó"}}.dump())
                .status,
            403);
  EXPECT_EQ(s().call("GET", path(999999), "thanhtra").status, 404);
  // Counts for reports: only held dialogues count.
  const auto stats =
      s().get_json("/api/v1/dialogues/stats?from=2020-01-01&to=2030-12-31&unit=31", "thanhtra");
  EXPECT_EQ(stats["dialogues"], 0);
  EXPECT_EQ(
      s().call("GET", "/api/v1/dialogues/stats?from=2020-01-01&to=2030-12-31", "tiepnhan").status,
      403);  // intake officers do not read reports
}

}  // namespace
}  // namespace doithoai::testsupport
