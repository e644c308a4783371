// Cookie sessions, CSRF, bearer tokens, login rate limiting, and accounts.
#include <fstream>

#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

class SessionApi : public ::testing::Test {
 protected:
  // A server per test (ctest runs each test in its own process anyway); a failure to start
  // is a test failure, never a skip.
  void SetUp() override {
    dir_ = make_temp_dir("doithoai-config");
    const auto config = dir_ / "doithoai.toml";
    std::ofstream(config) << "[security]\nlogin_burst = 4\nlogin_per_minute = 1\n";
    server_ = new LiveServer({{"admin", "admin", "--unit", "31"},
                              {"clerk", "intake", "--unit", "31"},
                              {"other", "inspector", "--unit", "31"}},
                             {"--config", config.string()});
  }
  void TearDown() override {
    delete server_;
    server_ = nullptr;
    std::filesystem::remove_all(dir_);
  }
  static LiveServer& s() { return *server_; }

  struct Login {
    std::string cookie;  // "doithoai_session=..."
    std::string csrf;
    HttpResponse response;
  };
  static Login login(const std::string& username, const std::string& password,
                     const std::string& from = {}) {
    const json body = {{"username", username}, {"password", password}};
    std::vector<std::pair<std::string, std::string>> headers;
    if (!from.empty()) headers.emplace_back("X-Test-Client", from);
    Login l;
    l.response = s().call("POST", "/api/v1/session", "", body.dump(), headers);
    const auto set_cookie = l.response.header("set-cookie");
    l.cookie = set_cookie.substr(0, set_cookie.find(';'));
    if (l.response.status == 200) l.csrf = json::parse(l.response.body)["csrf_token"];
    return l;
  }

  static std::filesystem::path dir_;
  static inline LiveServer* server_ = nullptr;
};
std::filesystem::path SessionApi::dir_;

TEST_F(SessionApi, LoginSetsAnHttpOnlySameSiteCookieAndReturnsTheUser) {
  auto l = login("clerk", LiveServer::password("clerk"));
  ASSERT_EQ(l.response.status, 200) << l.response.body;
  const auto set_cookie = l.response.header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  const auto body = json::parse(l.response.body);
  EXPECT_EQ(body["user"]["username"], "clerk");
  EXPECT_EQ(body["user"]["grants"][0]["role"], "intake");
  EXPECT_FALSE(body.contains("password_hash"));
  EXPECT_GE(l.csrf.size(), 32u);

  auto me = s().call("GET", "/api/v1/session", "", "", {{"Cookie", l.cookie}});
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body)["user"]["username"], "clerk");
}

TEST_F(SessionApi, AWrongPasswordAndAnUnknownUserLookTheSame) {
  auto wrong = login("other", "not-the-password");
  auto unknown = login("nobody-here", "not-the-password");
  EXPECT_EQ(wrong.response.status, 401);
  EXPECT_EQ(unknown.response.status, 401);
  EXPECT_EQ(error_of(wrong.response), error_of(unknown.response));
  EXPECT_TRUE(wrong.response.header("set-cookie").empty());
}

TEST_F(SessionApi, WritesWithACookieNeedTheSessionsOwnCsrfToken) {
  auto admin = login("admin", LiveServer::password("admin"));
  auto other = login("other", LiveServer::password("other"));
  ASSERT_EQ(admin.response.status, 200);
  ASSERT_EQ(other.response.status, 200);
  const std::string body = R"({"date":"2028-01-02","name":"Thử CSRF"})";
  const auto before = s().last_event_id("admin");

  auto missing = s().call("POST", "/api/v1/holidays", "", body, {{"Cookie", admin.cookie}});
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(error_of(missing)["code"], "csrf_mismatch");
  auto foreign = s().call("POST", "/api/v1/holidays", "", body,
                          {{"Cookie", admin.cookie}, {"X-CSRF-Token", other.csrf}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(s().last_event_id("admin"), before);

  auto ok = s().call("POST", "/api/v1/holidays", "", body,
                     {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_F(SessionApi, LogoutEndsTheSession) {
  auto l = login("clerk", LiveServer::password("clerk"));
  ASSERT_EQ(l.response.status, 200);
  auto out = s().call("DELETE", "/api/v1/session", "", "",
                      {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  auto after = s().call("GET", "/api/v1/session", "", "", {{"Cookie", l.cookie}});
  EXPECT_EQ(after.status, 401);
}

TEST_F(SessionApi, RepeatedFailedLoginsAreRateLimited) {
  int limited = 0;
  for (int i = 0; i < 8; ++i) {
    if (login("admin", "wrong-password-" + std::to_string(i)).response.status == 429) ++limited;
  }
  EXPECT_GT(limited, 0);
  // The limit holds for the right password too while it lasts: guessing gains nothing.
  auto right = login("admin", LiveServer::password("admin"));
  EXPECT_EQ(right.response.status, 429);
  EXPECT_EQ(error_of(right.response)["code"], "too_many_attempts");
}

TEST_F(SessionApi, AnAdminCreatesAnAccountThatCanSignIn) {
  const json body = {{"username", "canbo.vinhan"},
                     {"display_name", "Nguyễn Văn A"},
                     {"password", "mat-khau-dai-du"},
                     {"grants", {{{"role", "officer"}, {"unit", "31"}}}}};
  auto created = s().call("POST", "/api/v1/users", "admin", body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["display_name"], "Nguyễn Văn A");
  EXPECT_FALSE(json::parse(created.body).contains("password"));
  EXPECT_EQ(s().call("POST", "/api/v1/users", "admin", body.dump()).status, 409);

  const auto users = s().get_json("/api/v1/users", "admin");
  bool listed = false;
  for (const auto& u : users["items"]) listed = listed || u["username"] == "canbo.vinhan";
  EXPECT_TRUE(listed);
  auto events = s().get_json("/api/v1/events?entity_type=user&limit=1", "admin");
  EXPECT_EQ(events["items"][0]["action"], "user.create");
  EXPECT_EQ(events["items"][0]["after"].dump().find("argon2"), std::string::npos);
}

TEST_F(SessionApi, AccountsAreValidatedAndOnlyAdminsCreateThem) {
  const auto before = s().last_event_id("admin");
  auto post = [&](const json& body, const std::string& as = "admin") {
    return s().call("POST", "/api/v1/users", as, body.dump());
  };
  const json grants = {{{"role", "officer"}, {"unit", "31"}}};
  EXPECT_EQ(post({{"username", "nguoidung.x1"}, {"password", "long-enough-1"}, {"grants", grants}},
                 "clerk")
                .status,
            403);
  EXPECT_EQ(post({{"username", "nguoidung.x2"}, {"password", "short"}, {"grants", grants}}).status,
            422);
  EXPECT_EQ(
      post({{"username", "nguoidung.x3"}, {"password", "long-enough-1"}, {"grants", json::array()}})
          .status,
      422);
  EXPECT_EQ(post({{"username", "nguoidung.x4"},
                  {"password", "long-enough-1"},
                  {"grants", {{{"role", "emperor"}, {"unit", "31"}}}}})
                .status,
            422);
  EXPECT_EQ(post({{"username", "nguoidung.x5"},
                  {"password", "long-enough-1"},
                  {"grants", {{{"role", "officer"}, {"unit", "NO-SUCH"}}}}})
                .status,
            422);
  EXPECT_EQ(
      post({{"username", "Bad Name!"}, {"password", "long-enough-1"}, {"grants", grants}}).status,
      422);
  EXPECT_EQ(s().last_event_id("admin"), before);
}

}  // namespace
}  // namespace doithoai::testsupport
