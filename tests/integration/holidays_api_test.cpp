// The holiday calendar through the API, including every kind of bad input.
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

class HolidaysApi : public ::testing::Test {
 protected:
  // A server per test (ctest runs each test in its own process anyway); a failure to start
  // is a test failure, never a skip.
  void SetUp() override {
    // A commune-level admin: an admin, but not of the whole deployment.
    server_ = new LiveServer({{"admin", "admin", "--unit", "31"},
                              {"inspector", "inspector", "--unit", "31"},
                              {"communeadmin", "admin", "--unit", commune_code()}});
  }
  void TearDown() override {
    delete server_;
    server_ = nullptr;
  }
  // Any commune of the seed data will do; read it from the data file the server loads.
  static std::string commune_code() {
    std::ifstream in(kDataDir + "/units.tsv");
    std::string line;
    while (std::getline(in, line)) {
      if (line.find("\tVĩnh An\t") != std::string::npos) return line.substr(0, line.find('\t'));
    }
    throw std::runtime_error("Vĩnh An not in units.tsv");
  }
  static LiveServer& s() { return *server_; }
  static inline LiveServer* server_ = nullptr;
};

TEST_F(HolidaysApi, The2026CalendarIsSeeded) {
  const auto list = s().get_json("/api/v1/holidays?year=2026", "inspector");
  std::vector<std::string> dates;
  for (const auto& h : list["items"]) dates.push_back(h["date"]);
  EXPECT_NE(std::find(dates.begin(), dates.end(), "2026-09-02"), dates.end());
  EXPECT_NE(std::find(dates.begin(), dates.end(), "2026-01-01"), dates.end());
  for (const auto& d : dates) EXPECT_EQ(d.substr(0, 4), "2026");
}

TEST_F(HolidaysApi, AnAdminAddsAndRemovesAHolidayAndEachChangeIsAnEvent) {
  const std::string body =
      R"({"date":"2027-03-08","name":"Ngày nghỉ thử","source":"Quyết định thử"})";
  auto created = s().call("POST", "/api/v1/holidays", "admin", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["name"], "Ngày nghỉ thử");
  auto again = s().call("POST", "/api/v1/holidays", "admin", body);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(error_of(again)["code"], "holiday_exists");

  const auto year = s().get_json("/api/v1/holidays?year=2027", "admin");
  ASSERT_EQ(year["total"], 1);

  auto events = s().get_json("/api/v1/events?entity_type=holiday&limit=1", "admin");
  EXPECT_EQ(events["items"][0]["action"], "holiday.create");
  EXPECT_EQ(events["items"][0]["after"]["date"], "2027-03-08");

  EXPECT_EQ(s().call("DELETE", "/api/v1/holidays/2027-03-08", "admin").status, 204);
  EXPECT_EQ(s().call("DELETE", "/api/v1/holidays/2027-03-08", "admin").status, 404);
  events = s().get_json("/api/v1/events?entity_type=holiday&limit=1", "admin");
  EXPECT_EQ(events["items"][0]["action"], "holiday.delete");
  EXPECT_EQ(s().get_json("/api/v1/holidays?year=2027", "admin")["total"], 0);
}

TEST_F(HolidaysApi, OnlyAnAdminOfTheWholeDeploymentKeepsTheCalendar) {
  const auto before = s().last_event_id("admin");
  const std::string body = R"({"date":"2027-04-01","name":"Thử"})";
  EXPECT_EQ(s().call("POST", "/api/v1/holidays", "communeadmin", body).status, 403);
  EXPECT_EQ(s().call("POST", "/api/v1/holidays", "inspector", body).status, 403);
  EXPECT_EQ(s().call("DELETE", "/api/v1/holidays/2026-01-01", "inspector").status, 403);
  EXPECT_EQ(s().last_event_id("admin"), before);
}

struct BadInput {
  const char* name;
  std::string body;
  std::string content_type;
  int status;
  const char* code;
  const char* field;
};

TEST_F(HolidaysApi, BadInputGetsAClearErrorAndChangesNothing) {
  const std::vector<BadInput> cases = {
      {"malformed JSON", R"({"date": "2027-05-01", )", "application/json", 400, "malformed_json",
       ""},
      {"not an object", R"(["2027-05-01"])", "application/json", 400, "not_an_object", ""},
      {"unknown field", R"({"date":"2027-05-01","name":"x","colour":"red"})", "application/json",
       422, "unknown_field", "colour"},
      {"wrong type", R"({"date":"2027-05-01","name":42})", "application/json", 422, "wrong_type",
       "name"},
      {"missing name", R"({"date":"2027-05-01"})", "application/json", 422, "required", "name"},
      {"impossible date", R"({"date":"2027-02-29","name":"x"})", "application/json", 422,
       "bad_date", "date"},
      {"invalid UTF-8", "{\"date\":\"2027-05-01\",\"name\":\"\xC3\x28\"}", "application/json", 400,
       "invalid_utf8", ""},
      {"not JSON", "date=2027-05-01", "application/x-www-form-urlencoded", 415,
       "unsupported_media_type", ""},
      {"make-up day on a weekday", R"({"date":"2027-05-03","name":"x","working_day":true})",
       "application/json", 422, "not_a_weekend", "date"},
  };
  const auto before = s().last_event_id("admin");
  for (const auto& c : cases) {
    auto r =
        s().call("POST", "/api/v1/holidays", "admin", c.body, {{"Content-Type", c.content_type}});
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    const auto error = error_of(r);
    EXPECT_EQ(error["code"], c.code) << c.name;
    EXPECT_FALSE(error["message"].get<std::string>().empty()) << c.name;
    if (*c.field) {
      EXPECT_EQ(error["field"], c.field) << c.name;
    }
  }
  EXPECT_EQ(s().last_event_id("admin"), before);
  EXPECT_EQ(s().get_json("/api/v1/holidays?year=2027", "admin")["total"], 0);
}

TEST_F(HolidaysApi, ABodyOverTheLimitIs413) {
  const std::string huge =
      R"({"date":"2027-06-01","name":")" + std::string(2 * 1024 * 1024, 'a') + "\"}";
  auto r = s().call("POST", "/api/v1/holidays", "admin", huge);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(s().get_json("/api/v1/holidays?year=2027", "admin")["total"], 0);
}

TEST_F(HolidaysApi, AReversedPeriodIsRefused) {
  auto r = s().call("GET", "/api/v1/holidays?from=2026-12-31&to=2026-01-01", "admin");
  EXPECT_EQ(r.status, 422);
}

}  // namespace
}  // namespace doithoai::testsupport
