// Bearer tokens for API clients.
#include <gtest/gtest.h>

#include "auth/fixture.hpp"

namespace doithoai::auth {
namespace {

using test_support::AuthTest;

class BearerTest : public AuthTest {
 protected:
  void SetUp() override {
    user_id = add_user("api.client");
    start();
  }
  static void expect_unauthorized(const Expected<Principal>& result, const std::string& code) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
    EXPECT_EQ(result.error().code, code);
  }
  Id user_id = 0;
};

TEST_F(BearerTest, ACreatedTokenAuthenticatesAsBearer) {
  const auto token = service->create_api_token("API.Client", "báo cáo tháng", Actor::cli());
  ASSERT_TRUE(token.ok()) << token.error().code;
  EXPECT_EQ(token->size(), 43u);

  const auto principal = service->authenticate_bearer(*token);
  ASSERT_TRUE(principal.ok()) << principal.error().code;
  EXPECT_EQ(principal->via, Principal::Via::bearer);
  EXPECT_EQ(principal->user.id, user_id);
  EXPECT_TRUE(principal->user.password_hash.empty());
  EXPECT_TRUE(principal->csrf_token.empty());
  EXPECT_TRUE(principal->session_token_hash.empty());
  ASSERT_EQ(principal->subject.grants.size(), 1u);
  // CSRF does not apply to bearer tokens: nothing matches.
  EXPECT_FALSE(Service::csrf_matches(*principal, ""));
  EXPECT_FALSE(Service::csrf_matches(*principal, *token));
}

TEST_F(BearerTest, TheStoreHoldsOnlyTheDigest) {
  const auto token = service->create_api_token("api.client", "báo cáo", Actor::cli());
  ASSERT_TRUE(token.ok());
  const auto tokens = store.all_tokens();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].token_hash, token_digest(*token));
  EXPECT_EQ(tokens[0].user_id, user_id);
  EXPECT_EQ(tokens[0].name, "báo cáo");
  EXPECT_EQ(tokens[0].created_at, test_support::kStart);
  EXPECT_FALSE(tokens[0].revoked);
}

TEST_F(BearerTest, AnUnknownTokenIsRefused) {
  expect_unauthorized(service->authenticate_bearer(random_token()), "bad_token");
  expect_unauthorized(service->authenticate_bearer(""), "bad_token");
}

TEST_F(BearerTest, ARevokedTokenIsRefused) {
  const auto token = service->create_api_token("api.client", "cũ", Actor::cli());
  ASSERT_TRUE(token.ok());
  store.revoke_token(token_digest(*token));
  expect_unauthorized(service->authenticate_bearer(*token), "token_revoked");
}

TEST_F(BearerTest, RevocationTakesEffectWhenTheCacheExpires) {
  const auto token = service->create_api_token("api.client", "cũ", Actor::cli());
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(service->authenticate_bearer(*token).ok());
  const int reads = store.token_reads();
  ASSERT_TRUE(service->authenticate_bearer(*token).ok());
  EXPECT_EQ(store.token_reads(), reads) << "served from the cache";

  store.revoke_token(token_digest(*token));
  advance(30);
  expect_unauthorized(service->authenticate_bearer(*token), "token_revoked");
}

TEST_F(BearerTest, TokensAreOnlyMadeForExistingActiveUsers) {
  const auto unknown = service->create_api_token("khong.co.ai", "x", Actor::cli());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
  EXPECT_EQ(unknown.error().code, "unknown_user");

  add_user("da.nghi", /*active=*/false);
  const auto inactive = service->create_api_token("da.nghi", "x", Actor::cli());
  ASSERT_FALSE(inactive.ok());
  EXPECT_EQ(inactive.error().code, "user_inactive");
  EXPECT_TRUE(store.all_tokens().empty());
}

TEST_F(BearerTest, ATokenOfADeactivatedUserIsRefused) {
  const auto token = service->create_api_token("api.client", "x", Actor::cli());
  ASSERT_TRUE(token.ok());
  store.set_active(user_id, false);
  expect_unauthorized(service->authenticate_bearer(*token), "account_disabled");
}

}  // namespace
}  // namespace doithoai::auth
