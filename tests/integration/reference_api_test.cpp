// Units, agencies, fields and the observability endpoints, against the real binary.
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

const std::string kHaiPhong = "31";

class ReferenceApi : public ::testing::Test {
 protected:
  // A server per test (ctest runs each test in its own process anyway); a failure to start
  // is a test failure, never a skip.
  void SetUp() override {
    server_ = new LiveServer({{"admin", "admin", "--unit", kHaiPhong},
                              {"leader", "leader", "--unit", kHaiPhong},
                              {"inspector", "inspector", "--unit", kHaiPhong}});
  }
  void TearDown() override {
    delete server_;
    server_ = nullptr;
  }
  static LiveServer& s() { return *server_; }

  // Finds a unit by its name among those valid on a date.
  static json find_unit(const std::string& at, const std::string& name) {
    const auto units = s().get_json("/api/v1/units?at=" + at, "admin");
    for (const auto& u : units["items"]) {
      if (u["name"] == name) return u;
    }
    return nullptr;
  }

  static inline LiveServer* server_ = nullptr;
};

TEST_F(ReferenceApi, HealthzAnswersOk) {
  auto r = s().call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["status"], "ok");
}

TEST_F(ReferenceApi, EveryResponseCarriesTheSecurityHeaders) {
  for (const auto& path : {"/healthz", "/api/v1/units", "/no/such/page"}) {
    auto r = s().call("GET", path);
    EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos)
        << path;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << path;
    EXPECT_FALSE(r.header("referrer-policy").empty()) << path;
  }
}

TEST_F(ReferenceApi, UnknownPathIsAJsonNotFound) {
  auto r = s().call("GET", "/api/v1/nothing-here", "admin");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error_of(r)["code"], "not_found");
}

TEST_F(ReferenceApi, MetricsCountRequestsByRouteAndStatus) {
  s().call("GET", "/healthz");
  auto r = s().call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("doithoai_http_requests_total{"), std::string::npos);
  EXPECT_NE(r.body.find("route=\"/healthz\""), std::string::npos);
  EXPECT_NE(r.body.find("doithoai_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(r.body.find("doithoai_db_commit_duration_seconds"), std::string::npos);
  // The search index file's lag behind the database, read at each scrape.
  EXPECT_NE(r.body.find("\ndoithoai_search_index_lag "), std::string::npos);
}

TEST_F(ReferenceApi, UnitsNeedAuthentication) {
  auto r = s().call("GET", "/api/v1/units");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(error_of(r)["code"], "not_authenticated");
  auto bad = s().call("GET", "/api/v1/units", "", "", {{"Authorization", "Bearer not-a-token"}});
  EXPECT_EQ(bad.status, 401);
}

TEST_F(ReferenceApi, VinhBaoHadThirtyCommuneLevelUnitsIn2021) {
  const auto district = find_unit("2021-06-01", "Vĩnh Bảo");
  ASSERT_FALSE(district.is_null());
  int communes = 0;
  const auto units = s().get_json("/api/v1/units?at=2021-06-01", "admin");
  for (const auto& u : units["items"]) {
    if (u["parent_code"] == district["code"] && u["level"] == "commune") ++communes;
  }
  EXPECT_EQ(communes, 30);
}

TEST_F(ReferenceApi, UnitsAnswerForADateAcrossThe2025Reform) {
  const auto old_unit = find_unit("2021-06-01", "Trấn Dương");
  ASSERT_FALSE(old_unit.is_null());
  EXPECT_TRUE(find_unit("2021-06-01", "Nguyễn Bỉnh Khiêm").is_null());
  const auto successor = find_unit("2025-08-01", "Nguyễn Bỉnh Khiêm");
  ASSERT_FALSE(successor.is_null());
  EXPECT_TRUE(find_unit("2025-08-01", "Trấn Dương").is_null());
  EXPECT_EQ(successor["predecessors"].size(), 3u);
  EXPECT_NE(
      std::find(old_unit["successors"].begin(), old_unit["successors"].end(), successor["code"]),
      old_unit["successors"].end());
  EXPECT_EQ(old_unit["valid_to"], "2025-06-30");
}

TEST_F(ReferenceApi, AMalformedDateIsRefused) {
  auto r = s().call("GET", "/api/v1/units?at=2021-13-01", "admin");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_of(r)["field"], "at");
}

TEST_F(ReferenceApi, FieldsOfTheArticleAndAgenciesAreListed) {
  const auto fields = s().get_json("/api/v1/fields", "inspector");
  std::vector<std::string> names;
  for (const auto& f : fields["items"]) names.push_back(f["name"]);
  for (const auto* expected : {"Giải phóng mặt bằng", "Tài nguyên - môi trường", "Chính sách"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  const auto agencies = s().get_json("/api/v1/agencies", "inspector");
  bool huyen_uy = false;
  for (const auto& a : agencies["items"]) {
    if (a["name"].get<std::string>().find("Huyện ủy Vĩnh Bảo") != std::string::npos)
      huyen_uy = true;
  }
  EXPECT_TRUE(huyen_uy);
  EXPECT_GT(agencies["total"].get<int>(), 90);
}

TEST_F(ReferenceApi, AnAdminRecordsAMergerAndUnitsAnswerForEachDate) {
  const auto a = find_unit("2023-12-31", "Tân Hưng");
  const auto b = find_unit("2023-12-31", "Tân Liên");
  ASSERT_FALSE(a.is_null());
  ASSERT_FALSE(b.is_null());
  const json merger = {{"from", {a["code"], b["code"]}},
                       {"into",
                        {{"code", "T-TANHUNGLIEN"},
                         {"name", "Tân Hưng Liên"},
                         {"type_name", "xã"},
                         {"level", "commune"},
                         {"parent_code", kHaiPhong}}},
                       {"effective", "2024-01-01"},
                       {"decision", "Nghị quyết thử nghiệm"}};
  auto r = s().call("POST", "/api/v1/units/mergers", "admin", merger.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["predecessors"].size(), 2u);
  EXPECT_FALSE(find_unit("2023-12-31", "Tân Hưng").is_null());
  EXPECT_TRUE(find_unit("2024-01-01", "Tân Hưng").is_null());
  EXPECT_FALSE(find_unit("2024-01-01", "Tân Hưng Liên").is_null());
  const auto events = s().get_json("/api/v1/events?entity_type=unit&limit=5", "admin");
  ASSERT_FALSE(events["items"].empty());
  EXPECT_EQ(events["items"][0]["action"], "unit.merge");
  EXPECT_EQ(events["items"][0]["actor"], "admin");
}

TEST_F(ReferenceApi, ALeaderMayNotRecordAMergerAndNothingChanges) {
  const auto before = s().last_event_id("admin");
  const auto unit = find_unit("2023-12-31", "Vĩnh An");
  ASSERT_FALSE(unit.is_null());
  const json merger = {{"from", {unit["code"]}},
                       {"into",
                        {{"code", "T-X"},
                         {"name", "X"},
                         {"type_name", "xã"},
                         {"level", "commune"},
                         {"parent_code", kHaiPhong}}},
                       {"effective", "2024-01-01"},
                       {"decision", "thử"}};
  auto r = s().call("POST", "/api/v1/units/mergers", "leader", merger.dump());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(s().last_event_id("admin"), before);
  EXPECT_FALSE(find_unit("2024-01-01", "Vĩnh An").is_null());
}

TEST_F(ReferenceApi, BadMergersAreRefusedAndChangeNothing) {
  const auto before = s().last_event_id("admin");
  const auto unit = find_unit("2023-12-31", "Cổ Am");
  ASSERT_FALSE(unit.is_null());
  auto merge = [&](json from, json into, std::string effective) {
    json body = {{"from", from}, {"into", into}, {"effective", effective}, {"decision", "thử"}};
    return s().call("POST", "/api/v1/units/mergers", "admin", body.dump());
  };
  const json into = {{"code", "T-Y"},
                     {"name", "Y"},
                     {"type_name", "xã"},
                     {"level", "commune"},
                     {"parent_code", kHaiPhong}};
  EXPECT_EQ(merge(json::array({"NO-SUCH-UNIT"}), into, "2024-01-01").status, 422);
  EXPECT_EQ(merge(json::array(), into, "2024-01-01").status, 422);
  EXPECT_EQ(merge(json::array({unit["code"]}), into, "2024-02-30").status, 422);
  json bad_level = into;
  bad_level["level"] = "galaxy";
  EXPECT_EQ(merge(json::array({unit["code"]}), bad_level, "2024-01-01").status, 422);
  json self = into;
  self["code"] = unit["code"];
  const auto into_itself = merge(json::array({unit["code"]}), self, "2024-01-01");
  EXPECT_TRUE(into_itself.status == 409 || into_itself.status == 422) << into_itself.body;
  EXPECT_EQ(s().last_event_id("admin"), before);
  EXPECT_FALSE(find_unit("2024-01-01", "Cổ Am").is_null());
}

}  // namespace
}  // namespace doithoai::testsupport
