// Login: credentials, sessions and CSRF tokens it hands out, and the rate limit in front of it.
#include <gtest/gtest.h>

#include <atomic>

#include "auth/fixture.hpp"

namespace doithoai::auth {
namespace {

using test_support::AuthTest;
using test_support::kPassword;

class LoginTest : public AuthTest {};

TEST_F(LoginTest, RightPasswordYieldsASessionThatAuthenticates) {
  const Id id = add_user("nguyen.van.a");
  start();

  const auto login = service->login("nguyen.van.a", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok()) << login.error().code;
  EXPECT_EQ(login->principal.user.id, id);
  EXPECT_EQ(login->principal.user.username, "nguyen.van.a");
  EXPECT_TRUE(login->principal.user.password_hash.empty()) << "the hash never leaves auth";
  EXPECT_EQ(login->principal.via, Principal::Via::session);
  EXPECT_EQ(login->principal.csrf_token, login->csrf_token);
  EXPECT_EQ(login->principal.subject.username, "nguyen.van.a");
  ASSERT_EQ(login->principal.subject.grants.size(), 1u);
  EXPECT_EQ(login->principal.subject.grants[0].scope_code, "00004");

  const auto session = service->authenticate_session(login->session_token);
  ASSERT_TRUE(session.ok()) << session.error().code;
  EXPECT_EQ(session->user.id, id);
  EXPECT_EQ(session->via, Principal::Via::session);
  EXPECT_EQ(session->csrf_token, login->csrf_token);
  EXPECT_EQ(session->session_token_hash, token_digest(login->session_token));
}

TEST_F(LoginTest, StoresOnlyTheDigestOfTheSessionToken) {
  add_user("nguyen.van.a");
  start();
  const auto login = service->login("nguyen.van.a", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok());

  const auto sessions = store.all_sessions();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].token_hash, token_digest(login->session_token));
  EXPECT_NE(sessions[0].token_hash, login->session_token);
  EXPECT_EQ(sessions[0].csrf_token, login->csrf_token);
  EXPECT_EQ(sessions[0].created_at, test_support::kStart);
  EXPECT_EQ(sessions[0].last_seen_at, test_support::kStart);
  EXPECT_NE(login->csrf_token, login->session_token);
}

TEST_F(LoginTest, UsernameIsCaseInsensitive) {
  add_user("nguyen.van.a");
  start();
  EXPECT_TRUE(service->login("Nguyen.Van.A", kPassword, "10.0.0.1").ok());
}

TEST_F(LoginTest, CsrfMatchesOnlyTheSessionsOwnToken) {
  add_user("nguyen.van.a");
  start();
  const auto login = service->login("nguyen.van.a", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok());
  const auto principal = service->authenticate_session(login->session_token);
  ASSERT_TRUE(principal.ok());

  EXPECT_TRUE(Service::csrf_matches(*principal, login->csrf_token));
  EXPECT_FALSE(Service::csrf_matches(*principal, random_token()));
  EXPECT_FALSE(Service::csrf_matches(*principal, ""));
  EXPECT_FALSE(Service::csrf_matches(*principal, login->csrf_token.substr(1)));
  EXPECT_FALSE(Service::csrf_matches(*principal, login->csrf_token + "x"));
  EXPECT_FALSE(Service::csrf_matches(*principal, login->session_token));

  Principal without_token = *principal;
  without_token.csrf_token.clear();
  EXPECT_FALSE(Service::csrf_matches(without_token, ""));
}

TEST_F(LoginTest, WrongPasswordAndUnknownUserGiveTheSameError) {
  add_user("nguyen.van.a");
  start();
  const auto wrong = service->login("nguyen.van.a", "mật-khẩu-sai-2026", "10.0.0.1");
  const auto unknown = service->login("khong.co.ai", kPassword, "10.0.0.2");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(wrong.error().code, "bad_credentials");
  EXPECT_EQ(wrong.error().message, "Tên đăng nhập hoặc mật khẩu không đúng");
  EXPECT_EQ(unknown.error().kind, wrong.error().kind);
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(unknown.error().field, wrong.error().field);
  EXPECT_TRUE(store.all_sessions().empty());
}

TEST_F(LoginTest, UnknownUserStillCostsAPasswordHash) {
  std::atomic<int> hashes{0};
  auto o = options();
  o.on_hash_admitted = [&] { ++hashes; };
  start(o);
  EXPECT_FALSE(service->login("khong.co.ai", kPassword, "10.0.0.1").ok());
  EXPECT_EQ(hashes.load(), 1);
  // Even a name that could never exist.
  EXPECT_FALSE(service->login("x", kPassword, "10.0.0.1").ok());
  EXPECT_EQ(hashes.load(), 2);
}

TEST_F(LoginTest, InactiveUserIsRefusedLikeAWrongPassword) {
  add_user("da.nghi.viec", /*active=*/false);
  start();
  const auto login = service->login("da.nghi.viec", kPassword, "10.0.0.1");
  ASSERT_FALSE(login.ok());
  EXPECT_EQ(login.error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(login.error().code, "bad_credentials");
  EXPECT_TRUE(store.all_sessions().empty());
}

class LoginRateLimitTest : public AuthTest {
 protected:
  void SetUp() override {
    add_user("nguyen.van.a");
    auto o = options();
    o.login_burst = 3;
    o.login_per_minute = 1.0;
    o.on_hash_admitted = [this] { ++hashes; };
    start(o);
  }
  static void expect_rate_limited(const Expected<LoginResult>& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::rate_limited);
    EXPECT_EQ(result.error().code, "too_many_attempts");
    EXPECT_EQ(result.error().message, "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau");
  }
  static void expect_bad_credentials(const Expected<LoginResult>& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "bad_credentials");
  }
  std::atomic<int> hashes{0};
};

TEST_F(LoginRateLimitTest, AnAddressIsLimitedAfterTheBurstWithoutHashing) {
  expect_bad_credentials(service->login("user1", "sai-mat-khau", "10.0.0.1"));
  expect_bad_credentials(service->login("user2", "sai-mat-khau", "10.0.0.1"));
  expect_bad_credentials(service->login("user3", "sai-mat-khau", "10.0.0.1"));
  EXPECT_EQ(hashes.load(), 3);

  expect_rate_limited(service->login("user4", "sai-mat-khau", "10.0.0.1"));
  // Even the right password is refused while limited, and nothing was hashed.
  expect_rate_limited(service->login("nguyen.van.a", kPassword, "10.0.0.1"));
  EXPECT_EQ(hashes.load(), 3);

  // Another address is unaffected.
  EXPECT_TRUE(service->login("nguyen.van.a", kPassword, "10.0.0.2").ok());
}

TEST_F(LoginRateLimitTest, AUsernameIsLimitedAfterTheBurstFromAnyAddress) {
  expect_bad_credentials(service->login("nguyen.van.a", "sai-mat-khau", "10.0.0.1"));
  expect_bad_credentials(service->login("nguyen.van.a", "sai-mat-khau", "10.0.0.2"));
  expect_bad_credentials(service->login("NGUYEN.VAN.A", "sai-mat-khau", "10.0.0.3"));

  expect_rate_limited(service->login("nguyen.van.a", kPassword, "10.0.0.4"));
  EXPECT_EQ(hashes.load(), 3);
  // Address 10.0.0.4 itself is fine for another username.
  expect_bad_credentials(service->login("tran.thi.b", "sai-mat-khau", "10.0.0.4"));
}

TEST_F(LoginRateLimitTest, TheBucketRefillsAtTheConfiguredRate) {
  for (int i = 0; i < 3; ++i) {
    expect_bad_credentials(service->login("nguyen.van.a", "sai-mat-khau", "10.0.0.1"));
  }
  expect_rate_limited(service->login("nguyen.van.a", kPassword, "10.0.0.1"));
  advance(59);
  expect_rate_limited(service->login("nguyen.van.a", kPassword, "10.0.0.1"));
  advance(1);  // one token a minute
  EXPECT_TRUE(service->login("nguyen.van.a", kPassword, "10.0.0.1").ok());
  expect_rate_limited(service->login("nguyen.van.a", kPassword, "10.0.0.1"));
}

}  // namespace
}  // namespace doithoai::auth
