// Cookie sessions: the cache in front of the store, idle and absolute expiry, activity
// recording, logout.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "auth/fixture.hpp"

namespace doithoai::auth {
namespace {

using test_support::AuthTest;
using test_support::kPassword;

class SessionTest : public AuthTest {
 protected:
  // 30 s cache, 30 min idle, 12 h absolute: the defaults.
  void SetUp() override {
    user_id = add_user("nguyen.van.a");
    start();
    auto result = service->login("nguyen.van.a", kPassword, "10.0.0.1");
    ASSERT_TRUE(result.ok());
    login = std::move(result).value();
  }
  Expected<Principal> authenticate() { return service->authenticate_session(login.session_token); }
  static void expect_error(const Expected<Principal>& result, const std::string& code) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
    EXPECT_EQ(result.error().code, code);
    EXPECT_FALSE(result.error().message.empty());
  }

  Id user_id = 0;
  LoginResult login;
};

TEST_F(SessionTest, UnknownOrEmptyTokenIsNotAuthenticated) {
  expect_error(service->authenticate_session(random_token()), "not_authenticated");
  expect_error(service->authenticate_session(""), "not_authenticated");
  expect_error(service->authenticate_session(std::string(10000, 'a')), "not_authenticated");
}

TEST_F(SessionTest, SteadyReadsAreServedFromTheCacheUntilItsTtl) {
  const int reads = store.session_reads();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(authenticate().ok());
  advance(29);
  ASSERT_TRUE(authenticate().ok());
  EXPECT_EQ(store.session_reads(), reads) << "login filled the cache";

  advance(1);
  ASSERT_TRUE(authenticate().ok());
  EXPECT_EQ(store.session_reads(), reads + 1);
  ASSERT_TRUE(authenticate().ok());
  EXPECT_EQ(store.session_reads(), reads + 1);
}

TEST_F(SessionTest, ExpiresAfterTheIdleTimeWithoutActivity) {
  advance(30 * 60 - 1);
  ASSERT_TRUE(authenticate().ok());
  advance(30 * 60 - 1);  // activity moved the idle deadline
  ASSERT_TRUE(authenticate().ok());
  advance(30 * 60);
  expect_error(authenticate(), "session_expired");
}

TEST_F(SessionTest, IdleExpiryAlsoAppliesWithinTheCacheTtl) {
  auto o = options();
  o.session_idle = std::chrono::seconds(10);
  start(o);
  auto result = service->login("nguyen.van.a", kPassword, "10.0.0.2");
  ASSERT_TRUE(result.ok());
  advance(9);
  ASSERT_TRUE(service->authenticate_session(result->session_token).ok());
  advance(10);
  const auto expired = service->authenticate_session(result->session_token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "session_expired");
}

TEST_F(SessionTest, ExpiresAtTheAbsoluteLimitDespiteActivity) {
  // Active every 20 minutes for 12 hours.
  for (int i = 0; i < 35; ++i) {
    advance(20 * 60);
    ASSERT_TRUE(authenticate().ok()) << "after " << (i + 1) * 20 << " min";
  }
  advance(12 * 3600 - 35 * 20 * 60 - 1);
  ASSERT_TRUE(authenticate().ok());
  advance(1);
  expect_error(authenticate(), "session_expired");
}

TEST_F(SessionTest, RecordsActivityInTheStoreAtMostOnceAMinute) {
  ASSERT_TRUE(authenticate().ok());
  advance(59);
  ASSERT_TRUE(authenticate().ok());
  EXPECT_TRUE(store.touches().empty()) << "the store already has the login time";

  advance(1);
  ASSERT_TRUE(authenticate().ok());
  ASSERT_EQ(store.touches().size(), 1u);
  EXPECT_EQ(store.touches()[0].first, token_digest(login.session_token));
  EXPECT_EQ(store.touches()[0].second, test_support::kStart + 60);

  advance(30);
  ASSERT_TRUE(authenticate().ok());  // a cache refresh too
  advance(29);
  ASSERT_TRUE(authenticate().ok());
  EXPECT_EQ(store.touches().size(), 1u);
  advance(1);
  ASSERT_TRUE(authenticate().ok());
  ASSERT_EQ(store.touches().size(), 2u);
  EXPECT_EQ(store.touches()[1].second, test_support::kStart + 120);
}

TEST_F(SessionTest, ActivityHeldInMemoryOutlivesACacheRefresh) {
  // The store is only told once a minute; a cache refresh must not roll last_seen back.
  auto o = options();
  o.session_idle = std::chrono::seconds(40);
  start(o);
  auto result = service->login("nguyen.van.a", kPassword, "10.0.0.2");
  ASSERT_TRUE(result.ok());
  advance(35);
  ASSERT_TRUE(service->authenticate_session(result->session_token).ok());  // refresh, seen at 35
  advance(35);  // 70 s after login, 35 s after the last activity; the store says 0 (no touch yet)
  const auto still = service->authenticate_session(result->session_token);
  EXPECT_TRUE(still.ok()) << still.error().code;
}

TEST_F(SessionTest, LogoutInvalidatesTheSession) {
  const auto principal = authenticate();
  ASSERT_TRUE(principal.ok());
  ASSERT_TRUE(service->logout(*principal).ok());
  EXPECT_FALSE(store.stored_session(token_digest(login.session_token)).has_value());
  expect_error(authenticate(), "not_authenticated");
}

TEST_F(SessionTest, ALookupRacingWithLogoutIsNotCached) {
  const auto principal = authenticate();
  ASSERT_TRUE(principal.ok());
  advance(30);  // the next lookup goes to the store
  bool logged_out = false;
  store.after_session_read = [&] {
    // The logout lands between the store read and the cache update.
    if (!logged_out) logged_out = service->logout(*principal).ok();
  };
  EXPECT_TRUE(authenticate().ok()) << "it read the session before the logout";
  ASSERT_TRUE(logged_out);
  store.after_session_read = nullptr;
  expect_error(authenticate(), "not_authenticated");
}

TEST_F(SessionTest, ManyThreadsAuthenticateAtOnce) {
  auto second = service->login("nguyen.van.a", kPassword, "10.0.0.9");
  ASSERT_TRUE(second.ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string& token = t % 2 == 0 ? login.session_token : second->session_token;
      for (int i = 0; i < 500; ++i) {
        if (t == 0 && i % 50 == 0) advance(7);  // cache refreshes and touches along the way
        if (!service->authenticate_session(token).ok()) ++failures;
        if (service->authenticate_session(random_token()).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_FALSE(store.touches().empty());
}

TEST_F(SessionTest, LogoutOfABearerPrincipalIsRefused) {
  Principal bearer = login.principal;
  bearer.via = Principal::Via::bearer;
  EXPECT_FALSE(service->logout(bearer).ok());
  EXPECT_TRUE(store.stored_session(token_digest(login.session_token)).has_value());
}

TEST_F(SessionTest, ADeactivatedUserLosesTheSessionOnceTheCacheExpires) {
  store.set_active(user_id, false);
  advance(30);
  expect_error(authenticate(), "account_disabled");
}

}  // namespace
}  // namespace doithoai::auth
