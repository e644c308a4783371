// Matters through the API, against the real binary: public submission and tracking, staff
// intake, the lifecycle with its permissions, versions, confidentiality and merges.
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

// Two communes of the two-level government (from 01/07/2025), whose agencies are in office.
const std::string kVinhBao = "HP-2025-VINHBAO";
const std::string kVinhThuan = "HP-2025-VINHTHUAN";
const std::string kTanLien2021 = "11860";  // xã Tân Liên, merged into xã Vĩnh Bảo in 2025

class MattersApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(
        std::vector<Account>{{"admin", "admin", "--unit", "31"},
                             {"tiepnhan", "intake", "--unit", "31"},
                             {"lanhdao", "leader", "--agency", "DU-HP-2025-VINHBAO"},
                             {"chuyenvien", "officer", "--agency", "UBND-HP-2025-VINHBAO"},
                             {"tuphap", "officer", "--agency", "UBND-HP-2025-VINHTHUAN"},
                             {"thanhtra", "inspector", "--unit", "31"}});
  }
  LiveServer& s() { return *server_; }

  json intake(const std::string& kind, const std::string& unit = kVinhBao,
              const std::string& received = "2026-03-02") {
    const json body = {
        {"kind", kind},
        {"channel", "letter"},
        {"received_at", received},
        {"unit_code", unit},
        {"field_code", "tai_nguyen_moi_truong"},
        {"title", "Ô nhiễm nguồn nước kênh Đồng"},
        {"content", "Đề nghị kiểm tra việc xả thải ra kênh."},
        {"people",
         {{{"name", "Phạm Văn Minh"}, {"phone", "0912345678"}, {"id_number", "031090001234"}}}}};
    auto r = s().call("POST", "/api/v1/matters", "tiepnhan", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body);
  }

  HttpResponse act(long long id, const std::string& as, json body) {
    return s().call("POST", "/api/v1/matters/" + std::to_string(id) + "/actions", as, body.dump());
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(MattersApi, ACitizenSubmitsAndTracksWithTheCode) {
  const json body = {
      {"name", "Nguyễn Thị Lan"},       {"phone", "0987654321"},
      {"unit_code", "HP-2025-VINHBAO"}, {"kind", "phan_anh"},
      {"title", "Đèn đường hỏng"},      {"content", "Đèn đường thôn 3 hỏng đã hai tuần."}};
  auto r = s().call("POST", "/api/v1/public/submissions", "", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const auto code = json::parse(r.body)["tracking_code"].get<std::string>();
  EXPECT_EQ(code.size(), 11u);
  EXPECT_EQ(code[5], '-');
  EXPECT_FALSE(json::parse(r.body)["deadlines"].empty());

  // Typed over the phone: lower case, no hyphen.
  std::string typed;
  for (char c : code) {
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto tracked = s().call("GET", "/api/v1/public/matters/" + typed);
  ASSERT_EQ(tracked.status, 200) << tracked.body;
  const auto t = json::parse(tracked.body);
  EXPECT_EQ(t["tracking_code"], code);
  EXPECT_EQ(t["status"], "received");
  EXPECT_EQ(t["status_name"], "Mới tiếp nhận");
  EXPECT_EQ(tracked.body.find("Nguyễn Thị Lan"), std::string::npos);
  EXPECT_EQ(tracked.body.find("0987654321"), std::string::npos);
  EXPECT_EQ(s().call("GET", "/api/v1/public/matters/ZZZZZ-ZZZZZ").status, 404);
  EXPECT_EQ(s().call("GET", "/api/v1/public/matters/not-a-code").status, 404);
}

TEST_F(MattersApi, ALetterGetsItsDeadlinesFromTheDayItArrived) {
  const auto m = intake("kien_nghi");
  EXPECT_EQ(m["status"], "received");
  EXPECT_EQ(m["received_on"], "2026-03-02");
  bool notify = false;
  for (const auto& d : m["deadlines"]) {
    if (d["step"] == "notify") {
      notify = true;
      EXPECT_EQ(d["due_on"], "2026-03-16");  // 10 working days after Monday 02/03
    }
  }
  EXPECT_TRUE(notify);
  EXPECT_EQ(m["submissions"][0]["people"][0]["phone"], "0912345678");
}

TEST_F(MattersApi, TheLifecycleRunsFromIntakeToAPublishedAnswerAndARating) {
  const auto m = intake("kien_nghi");
  const auto id = m["id"].get<long long>();
  auto r = act(id, "tiepnhan", {{"action", "classify"}, {"field_code", "tai_nguyen_moi_truong"}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = act(
      id, "tiepnhan",
      {{"action", "assign"}, {"agency_code", "UBND-HP-2025-VINHBAO"}, {"handler", "chuyenvien"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["status"], "assigned");
  r = act(id, "chuyenvien",
          {{"action", "answer"},
           {"form", "written"},
           {"text", "Đã kiểm tra và xử lý."},
           {"document_number", "123/UBND"},
           {"date", "2026-03-10"},
           {"signed_by", "Trưởng phòng"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["status"], "answered");
  // An officer may not publish; the leader may.
  EXPECT_EQ(act(id, "chuyenvien", {{"action", "publish"}}).status, 403);
  r = act(id, "lanhdao", {{"action", "publish"}});
  ASSERT_EQ(r.status, 200) << r.body;

  const auto code = m["tracking_code"].get<std::string>();
  auto pub = s().call("GET", "/api/v1/public/matters/" + code);
  const auto p = json::parse(pub.body);
  EXPECT_EQ(p["status"], "published");
  EXPECT_EQ(p["answer"]["document_number"], "123/UBND");
  EXPECT_GE(p["timeline"].size(), 4u);
  auto rated =
      s().call("POST", "/api/v1/public/matters/" + code + "/rating", "", R"({"rating":3})");
  EXPECT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(json::parse(rated.body)["rating"], 3);
  const auto listed = s().get_json("/api/v1/public/matters", "");
  EXPECT_EQ(listed["total"], 1);

  const auto events = s().get_json("/api/v1/matters/" + std::to_string(id) + "/events", "thanhtra");
  std::vector<std::string> actions;
  for (const auto& e : events["items"]) actions.push_back(e["action"]);
  for (const auto* a : {"matter.create", "matter.classify", "matter.assign", "matter.answer",
                        "matter.publish", "matter.rate"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), a), actions.end()) << a;
  }
  EXPECT_EQ(events.dump().find("0912345678"), std::string::npos);
}

TEST_F(MattersApi, AnActionInTheWrongStateIsA409ListingWhatIsAllowed) {
  const auto m = intake("phan_anh");
  auto r = act(m["id"], "lanhdao", {{"action", "publish"}});
  EXPECT_EQ(r.status, 409);
  const auto e = error_of(r);
  EXPECT_EQ(e["code"], "action_not_allowed");
  EXPECT_NE(e["message"].get<std::string>().find("Phân loại"), std::string::npos);
  EXPECT_EQ(act(m["id"], "lanhdao", {{"action", "fly"}}).status, 422);
}

TEST_F(MattersApi, TwoOfficersActingOnTheSameVersionOneWins) {
  const auto m = intake("kien_nghi");
  const auto id = m["id"].get<long long>();
  const int version = m["version"];
  auto first = act(id, "tiepnhan",
                   {{"action", "classify"}, {"field_code", "chinh_sach"}, {"version", version}});
  auto second =
      act(id, "lanhdao",
          {{"action", "classify"}, {"field_code", "van_hoa_xa_hoi"}, {"version", version}});
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(error_of(second)["code"], "stale_version");
  const auto now = s().get_json("/api/v1/matters/" + std::to_string(id), "thanhtra");
  EXPECT_EQ(now["field_code"], "chinh_sach");
}

TEST_F(MattersApi, ADenouncersIdentityIsShownOnlyToTheHandlerAndLeadersAndEachViewIsLogged) {
  const auto m = intake("to_cao");
  const auto id = std::to_string(m["id"].get<long long>());
  EXPECT_TRUE(m["identity_protected"]);
  auto seen_by = [&](const std::string& who) { return s().get_json("/api/v1/matters/" + id, who); };
  auto inspector = seen_by("thanhtra");
  EXPECT_TRUE(inspector["submissions"][0]["people"].empty());
  EXPECT_TRUE(inspector["submissions"][0]["people_redacted"]);
  EXPECT_EQ(inspector.dump().find("Phạm Văn Minh"), std::string::npos);

  auto leader = seen_by("lanhdao");
  EXPECT_EQ(leader["submissions"][0]["people"][0]["name"], "Phạm Văn Minh");
  const auto events = s().get_json("/api/v1/events?entity_type=matter&entity_id=" + id, "admin");
  EXPECT_EQ(events["items"][0]["action"], "matter.identity_view");
  EXPECT_EQ(events["items"][0]["actor"], "lanhdao");

  ASSERT_EQ(
      act(m["id"], "lanhdao", {{"action", "classify"}, {"field_code", "tai_nguyen_moi_truong"}})
          .status,
      200);
  ASSERT_EQ(act(m["id"], "lanhdao",
                {{"action", "assign"},
                 {"agency_code", "UBND-HP-2025-VINHBAO"},
                 {"handler", "chuyenvien"}})
                .status,
            200);
  EXPECT_EQ(seen_by("chuyenvien")["submissions"][0]["people"][0]["name"], "Phạm Văn Minh");
  // An officer of another agency cannot read it at all.
  EXPECT_EQ(s().call("GET", "/api/v1/matters/" + id, "tuphap").status, 403);
}

// The public list shows a published matter's answer and deadlines, never the people behind it
// nor what they wrote, a denunciation's least of all; each item is what tracking the matter
// shows, without its timeline.
TEST_F(MattersApi, ThePublicListShowsAPublishedDenunciationWithoutItsPeople) {
  const auto m = intake("to_cao");
  const auto id = m["id"].get<long long>();
  ASSERT_EQ(
      act(id, "lanhdao", {{"action", "classify"}, {"field_code", "tai_nguyen_moi_truong"}}).status,
      200);
  ASSERT_EQ(act(id, "lanhdao",
                {{"action", "assign"},
                 {"agency_code", "UBND-HP-2025-VINHBAO"},
                 {"handler", "chuyenvien"}})
                .status,
            200);
  ASSERT_EQ(act(id, "lanhdao", {{"action", "accept"}}).status, 200);
  auto r = act(id, "chuyenvien",
               {{"action", "answer"},
                {"form", "written"},
                {"text", "Kết luận nội dung tố cáo về xả thải."},
                {"document_number", "45/KL-UBND"},
                {"date", "2026-03-20"},
                {"signed_by", "Chủ tịch UBND xã"}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(act(id, "lanhdao", {{"action", "publish"}}).status, 200);

  const auto code = m["tracking_code"].get<std::string>();
  auto tracked = s().get_json("/api/v1/public/matters/" + code, "");
  tracked.erase("timeline");
  for (const std::string path : {"/api/v1/public/matters", "/api/v1/public/matters?q=xa+thai"}) {
    const auto listed = s().call("GET", path);
    ASSERT_EQ(listed.status, 200) << listed.body;
    auto body = json::parse(listed.body);
    ASSERT_EQ(body["items"].size(), 1u) << listed.body;
    body["items"][0].erase("snippet");
    EXPECT_EQ(body["items"][0], tracked) << path;
    EXPECT_EQ(body["items"][0]["answer"]["document_number"], "45/KL-UBND");
    EXPECT_FALSE(body["items"][0]["deadlines"].empty());
    for (const auto* secret : {"Phạm Văn Minh", "0912345678", "031090001234",
                               "Đề nghị kiểm tra việc xả thải ra kênh", "people", "submissions"}) {
      EXPECT_EQ(listed.body.find(secret), std::string::npos) << path << ": " << secret;
    }
  }
}

TEST_F(MattersApi, BadIntakeIsRefusedAndCreatesNothing) {
  const auto before = s().get_json("/api/v1/matters", "thanhtra")["total"];
  json good = {{"kind", "kien_nghi"},        {"channel", "letter"}, {"received_at", "2026-03-02"},
               {"unit_code", kVinhBao},      {"title", "t"},        {"content", "c"},
               {"people", {{{"name", "A"}}}}};
  auto with = [&](const std::string& key, json value) {
    json b = good;
    if (value.is_null())
      b.erase(key);
    else
      b[key] = value;
    return s().call("POST", "/api/v1/matters", "tiepnhan", b.dump());
  };
  EXPECT_EQ(with("kind", "gossip").status, 422);
  EXPECT_EQ(with("channel", "pigeon").status, 422);
  EXPECT_EQ(with("unit_code", "NOWHERE").status, 422);
  EXPECT_EQ(with("field_code", "astrology").status, 422);
  EXPECT_EQ(with("received_at", "2099-01-01").status, 422);
  EXPECT_EQ(with("people", json::array()).status, 422);
  EXPECT_EQ(with("content", nullptr).status, 422);
  EXPECT_EQ(with("colour", "red").status, 422);
  EXPECT_EQ(s().call("POST", "/api/v1/matters", "thanhtra", good.dump()).status, 403);
  EXPECT_EQ(s().get_json("/api/v1/matters", "thanhtra")["total"], before);
}

TEST_F(MattersApi, ListsFilterByScopeStatusAndDeadline) {
  const auto a = intake("kien_nghi", kVinhBao);
  const auto b = intake("phan_anh", kVinhThuan);
  ASSERT_EQ(act(b["id"], "tiepnhan", {{"action", "classify"}, {"field_code", "chinh_sach"}}).status,
            200);
  EXPECT_EQ(s().get_json("/api/v1/matters", "thanhtra")["total"], 2);
  EXPECT_EQ(s().get_json("/api/v1/matters?status=classified", "thanhtra")["total"], 1);
  EXPECT_EQ(s().get_json("/api/v1/matters?status=received,classified", "thanhtra")["total"], 2);
  EXPECT_EQ(s().get_json("/api/v1/matters?unit=" + kVinhBao, "thanhtra")["total"], 1);
  // A 2021 matter of a commune merged into xã Vĩnh Bảo rolls up into it.
  intake("kien_nghi", kTanLien2021, "2021-06-01");
  EXPECT_EQ(s().get_json("/api/v1/matters?unit=" + kVinhBao, "thanhtra")["total"], 2);
  EXPECT_EQ(s().get_json("/api/v1/matters?unit=" + kTanLien2021, "thanhtra")["total"], 1);
  EXPECT_EQ(s().get_json("/api/v1/matters?kind=kien_nghi", "thanhtra")["total"], 2);
  // Received months ago and not answered: overdue today.
  EXPECT_EQ(s().get_json("/api/v1/matters?overdue=true", "thanhtra")["total"], 3);
  // An officer sees only what is assigned to their agency.
  EXPECT_EQ(s().get_json("/api/v1/matters", "chuyenvien")["total"], 0);
  ASSERT_EQ(act(a["id"], "tiepnhan", {{"action", "classify"}, {"field_code", "chinh_sach"}}).status,
            200);
  ASSERT_EQ(
      act(a["id"], "tiepnhan", {{"action", "assign"}, {"agency_code", "UBND-HP-2025-VINHBAO"}})
          .status,
      200);
  EXPECT_EQ(s().get_json("/api/v1/matters", "chuyenvien")["total"], 1);
  const auto page = s().get_json("/api/v1/matters?per_page=1&page=2", "thanhtra");
  EXPECT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["page"], 2);
  EXPECT_EQ(s().call("GET", "/api/v1/matters?status=lost", "thanhtra").status, 422);
  EXPECT_EQ(s().call("GET", "/api/v1/matters?per_page=1000", "thanhtra").status, 422);
}

// The list's responses are reused until the next commit (api/matters.cpp, ListCache): the same
// request after a write sees the write, and users with other scopes never get each other's.
TEST_F(MattersApi, ARepeatedListSeesEveryWriteAndOnlyItsOwnScope) {
  const std::string url = "/api/v1/matters?status=received,classified,assigned";
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(s().get_json(url, "thanhtra")["total"], 0);
    EXPECT_EQ(s().get_json(url, "chuyenvien")["total"], 0);
  }
  const auto a = intake("kien_nghi", kVinhBao);
  EXPECT_EQ(s().get_json(url, "thanhtra")["total"], 1);
  EXPECT_EQ(s().get_json(url, "chuyenvien")["total"], 0);
  EXPECT_EQ(s().get_json(url + "&per_page=1", "thanhtra")["items"][0]["status"], "received");
  ASSERT_EQ(act(a["id"], "tiepnhan", {{"action", "classify"}, {"field_code", "chinh_sach"}}).status,
            200);
  EXPECT_EQ(s().get_json(url + "&per_page=1", "thanhtra")["items"][0]["status"], "classified");
  ASSERT_EQ(
      act(a["id"], "tiepnhan", {{"action", "assign"}, {"agency_code", "UBND-HP-2025-VINHBAO"}})
          .status,
      200);
  for (int i = 0; i < 2; ++i) {
    // Same request, same data: each user gets the list of their own scope.
    EXPECT_EQ(s().get_json(url, "chuyenvien")["total"], 1);
    EXPECT_EQ(s().get_json(url, "tuphap")["total"], 0);
    EXPECT_EQ(s().get_json(url, "thanhtra")["total"], 1);
  }
  EXPECT_EQ(s().call("GET", url).status, 401);
}

TEST_F(MattersApi, AMergedMattersCodeLeadsToTheMatterItWentInto) {
  const auto a = intake("kien_nghi");
  const auto b = intake("kien_nghi");
  EXPECT_EQ(act(a["id"], "tiepnhan", {{"action", "merge"}, {"into", a["id"]}}).status, 422);
  auto r = act(a["id"], "tiepnhan", {{"action", "merge"}, {"into", b["id"]}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto target =
      s().get_json("/api/v1/matters/" + std::to_string(b["id"].get<long long>()), "thanhtra");
  EXPECT_EQ(target["submission_count"], 2);
  auto tracked = s().call("GET", "/api/v1/public/matters/" + a["tracking_code"].get<std::string>());
  EXPECT_EQ(json::parse(tracked.body)["tracking_code"], b["tracking_code"]);
  EXPECT_EQ(act(b["id"], "tiepnhan", {{"action", "merge"}, {"into", a["id"]}}).status, 409);
}

}  // namespace
}  // namespace doithoai::testsupport
