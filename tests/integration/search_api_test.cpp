// Search through the API and the CLI, against the real binary: q on the staff and public
// lists, similar matters before and after intake, merging a duplicate, field suggestion, and
// the reindex, dedup and train commands on the server's database.
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

const std::string kVinhBao = "HP-2025-VINHBAO";
const std::string kVinhThuan = "HP-2025-VINHTHUAN";

const std::string kGpmbTitle = "Chậm chi trả tiền bồi thường giải phóng mặt bằng";
const std::string kGpmbContent =
    "Đã bàn giao mặt bằng cho dự án đường trục nhưng các hộ thôn Đông chưa nhận đủ tiền bồi "
    "thường, hỗ trợ. Đề nghị chi trả dứt điểm.";

class SearchApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(
        std::vector<Account>{{"tiepnhan", "intake", "--unit", "31"},
                             {"tuphap", "officer", "--agency", "UBND-HP-2025-VINHTHUAN"}});
  }
  LiveServer& s() { return *server_; }

  long long intake(const std::string& title, const std::string& content,
                   const std::string& unit = kVinhBao) {
    const json body = {{"kind", "kien_nghi"},
                       {"channel", "letter"},
                       {"received_at", "2026-03-02"},
                       {"unit_code", unit},
                       {"title", title},
                       {"content", content},
                       {"people", {{{"name", "Phạm Văn Minh"}}}}};
    auto r = s().call("POST", "/api/v1/matters", "tiepnhan", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["id"].get<long long>();
  }

  std::vector<long long> found(const std::string& path, const std::string& as) {
    std::vector<long long> ids;
    const auto body = s().get_json(path, as);
    for (const auto& item : body.at("items")) ids.push_back(item.value("id", 0LL));
    return ids;
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(SearchApi, QFindsWordsWithoutTonesRanksAndMarksThem) {
  const auto gpmb = intake(kGpmbTitle, kGpmbContent);
  const auto road = intake("Đường liên thôn xuống cấp", "Đường Đông - Tây nhiều ổ gà.");
  const auto other = intake("Trợ cấp người cao tuổi", "Chưa nhận trợ cấp.", kVinhThuan);

  auto body = s().get_json("/api/v1/matters?q=giai%20phong%20mat%20bang", "tiepnhan");
  ASSERT_EQ(body["total"], 1);
  EXPECT_EQ(body["items"][0]["id"], gpmb);
  EXPECT_NE(body["items"][0]["snippet"].get<std::string>().find("<mark>"), std::string::npos);

  // "duong" finds "Đường" (title) and "đường" (in another's text); the title match first.
  EXPECT_EQ(found("/api/v1/matters?q=duong", "tiepnhan"), (std::vector<long long>{road, gpmb}));
  // Filters apply with the text, and so does the caller's scope.
  EXPECT_TRUE(found("/api/v1/matters?q=duong&status=closed", "tiepnhan").empty());
  EXPECT_EQ(found("/api/v1/matters?q=tro%20cap", "tiepnhan"), (std::vector<long long>{other}));
  EXPECT_TRUE(found("/api/v1/matters?q=giai%20phong", "tuphap").empty());
  // Type-ahead: the last word is a prefix.
  EXPECT_EQ(found("/api/v1/matters?q=nguoi%20ca", "tiepnhan"), (std::vector<long long>{other}));
  // Without q the list is the plain one, with no snippets.
  body = s().get_json("/api/v1/matters", "tiepnhan");
  EXPECT_EQ(body["total"], 3);
  EXPECT_FALSE(body["items"][0].contains("snippet"));
}

TEST_F(SearchApi, HostileOrBrokenQueriesAreRefusedOrHarmless) {
  intake(kGpmbTitle, kGpmbContent);
  for (const char* q : {"%22%20OR%201%3D1%20--", "%27%3B%20DROP%20TABLE%20matters%3B%20--", "%2A",
                        "NEAR%28a%29", "title%3Agiai", "%7Btitle%7D%3A%20giai", "%22%22%22"}) {
    const auto r = s().call("GET", std::string("/api/v1/matters?q=").append(q), "tiepnhan");
    EXPECT_EQ(r.status, 200) << q << " " << r.body;
    EXPECT_TRUE(json::parse(r.body)["items"].empty()) << q;
  }
  // "title:giai" is two words, and one of them matches nothing, so nothing; but quotes around
  // a real word only separate it.
  EXPECT_EQ(found("/api/v1/matters?q=%22giai%22", "tiepnhan").size(), 1u);
  const auto bad = s().call("GET", "/api/v1/matters?q=%FF%FE", "tiepnhan");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(error_of(bad)["field"], "q");
  const auto long_q = s().call("GET", "/api/v1/matters?q=" + std::string(501, 'a'), "tiepnhan");
  EXPECT_EQ(long_q.status, 422);
  EXPECT_EQ(error_of(long_q)["code"], "q_too_long");
  EXPECT_EQ(s().get_json("/api/v1/matters", "tiepnhan")["total"], 1);  // nothing dropped
}

TEST_F(SearchApi, ThePublicFindsOnlyPublishedMatters) {
  intake(kGpmbTitle, kGpmbContent);
  auto r = s().call("GET", "/api/v1/public/matters?q=giai%20phong%20mat%20bang");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["total"], 0);  // received, not answered: not public
  EXPECT_EQ(s().call("GET", "/api/v1/public/matters?q=%FF").status, 400);
}

TEST_F(SearchApi, SimilarMattersAreSuggestedAndTheDuplicateMerged) {
  const auto first = intake(kGpmbTitle, kGpmbContent);
  const auto unrelated = intake("Trạm y tế thiếu thuốc", "Trạm y tế xã thiếu thuốc bảo hiểm.");
  // Before entering the same matter again, the officer asks.
  const json probe = {{"title", "Chậm chi trả bồi thường giải phóng mặt bằng"},
                      {"content",
                       "Các hộ thôn Đông đã bàn giao mặt bằng cho dự án đường trục nhưng chưa "
                       "nhận đủ tiền bồi thường, hỗ trợ. Đề nghị chi trả dứt điểm trước Tết."},
                      {"unit_code", kVinhBao}};
  auto r = s().call("POST", "/api/v1/matters/similar", "tiepnhan", probe.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  ASSERT_EQ(body["items"].size(), 1u) << r.body;
  EXPECT_EQ(body["items"][0]["id"], first);
  EXPECT_GE(body["items"][0]["score"].get<double>(), 0.5);
  EXPECT_LT(body["items"][0]["score"].get<double>(), 1.0);

  // Entered anyway: the new matter lists the first as similar, never itself or the unrelated.
  const auto second = intake(probe["title"], probe["content"]);
  EXPECT_EQ(found("/api/v1/matters?q=truoc%20tet", "tiepnhan"), (std::vector<long long>{second}));
  body = s().get_json("/api/v1/matters/" + std::to_string(second) + "/similar", "tiepnhan");
  ASSERT_EQ(body["items"].size(), 1u) << body.dump();
  EXPECT_EQ(body["items"][0]["id"], first);
  EXPECT_EQ(body["matter_id"], second);
  body = s().get_json("/api/v1/matters/" + std::to_string(unrelated) + "/similar", "tiepnhan");
  EXPECT_TRUE(body["items"].empty());
  // Someone who may not see the matter may not ask either.
  EXPECT_EQ(
      s().call("GET", "/api/v1/matters/" + std::to_string(second) + "/similar", "tuphap").status,
      403);
  EXPECT_EQ(s().call("GET", "/api/v1/matters/999999/similar", "tiepnhan").status, 404);
  EXPECT_EQ(s().call("GET", "/api/v1/matters/" + std::to_string(second) + "/similar?min_score=101",
                     "tiepnhan")
                .status,
            422);

  // Merge the duplicate: it is no longer offered, and its words now find the first.
  r = s().call("POST", "/api/v1/matters/" + std::to_string(second) + "/actions", "tiepnhan",
               json{{"action", "merge"}, {"into", first}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  body = s().get_json("/api/v1/matters/" + std::to_string(first) + "/similar", "tiepnhan");
  EXPECT_TRUE(body["items"].empty()) << body.dump();
  EXPECT_EQ(found("/api/v1/matters?q=truoc%20tet", "tiepnhan"), (std::vector<long long>{first}));

  // The CLI sees the same: dedup over the whole database finds no group left; reindex keeps
  // the index in step.
  auto dedup = cli(s().db(), {"dedup", "--all", "--json"});
  ASSERT_EQ(dedup.exit_code, 0) << dedup.err;
  EXPECT_TRUE(json::parse(dedup.out)["groups"].empty()) << dedup.out;
  auto reindex = cli(s().db(), {"reindex"});
  EXPECT_EQ(reindex.exit_code, 0) << reindex.err;
  EXPECT_NE(reindex.out.find("chỉ mục khớp dữ liệu"), std::string::npos) << reindex.out;
}

TEST_F(SearchApi, DedupGroupsTheBacklogAndTrainReportsHeldOutAccuracy) {
  const auto a = intake(kGpmbTitle, kGpmbContent);
  const auto b = intake(kGpmbTitle, kGpmbContent + " Xin cảm ơn.");
  intake("Trạm y tế thiếu thuốc", "Trạm y tế xã thiếu thuốc bảo hiểm.");
  auto dedup = cli(s().db(), {"dedup", "--json"});
  ASSERT_EQ(dedup.exit_code, 0) << dedup.err;
  const auto report = json::parse(dedup.out);
  ASSERT_EQ(report["groups"].size(), 1u) << dedup.out;
  std::vector<long long> members;
  for (const auto& m : report["groups"][0]["matters"]) members.push_back(m["id"]);
  EXPECT_EQ(members, (std::vector<long long>{a, b}));
  // Not a terminal: plain progress lines on stderr.
  EXPECT_EQ(dedup.err.find('\r'), std::string::npos);

  // Nothing classified yet: the lexicon stays; its held-out accuracy is still reported.
  auto train = cli(s().db(), {"train"});
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_NE(train.out.find("Chưa đủ dữ liệu"), std::string::npos) << train.out;
  EXPECT_NE(train.out.find("để riêng đánh giá"), std::string::npos) << train.out;
}

TEST_F(SearchApi, FieldSuggestionFallsBackToTheLexicon) {
  auto r = s().call("POST", "/api/v1/matters/suggest", "tiepnhan",
                    json{{"title", kGpmbTitle}, {"content", kGpmbContent}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  EXPECT_EQ(body["field_code"], "giai_phong_mat_bang");
  EXPECT_EQ(body["source"], "lexicon");
  EXPECT_EQ(body["kind"], "kien_nghi");
  EXPECT_GT(body["confidence"].get<double>(), 0.3);

  r = s().call("POST", "/api/v1/matters/suggest", "tiepnhan",
               json{{"title", "Khiếu nại việc thu học phí"}}.dump());
  body = json::parse(r.body);
  EXPECT_EQ(body["field_code"], "van_hoa_xa_hoi");
  EXPECT_EQ(body["kind"], "khieu_nai");

  r = s().call("POST", "/api/v1/matters/suggest", "tiepnhan", json{{"title", "Xin chào"}}.dump());
  EXPECT_TRUE(json::parse(r.body)["field_code"].is_null());
  EXPECT_EQ(s().call("POST", "/api/v1/matters/suggest", "tiepnhan",
                     json{{"title", "x"}, {"field", "y"}}.dump())
                .status,
            422);
  EXPECT_EQ(s().call("POST", "/api/v1/matters/suggest", "", json{{"title", "x"}}.dump()).status,
            401);
}

}  // namespace
}  // namespace doithoai::testsupport
