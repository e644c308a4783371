// The login rate limiter's token buckets and its bound on memory.
#include <gtest/gtest.h>

#include <string>

#include "auth/fixture.hpp"
#include "auth/internal.hpp"

namespace doithoai::auth {
namespace {

TEST(RateLimiter, TakesFromEveryKeyOrFromNone) {
  detail::RateLimiter limiter(2, 1.0, 1000);
  EXPECT_TRUE(limiter.try_take({"a:1", "u:x"}, 0));
  EXPECT_TRUE(limiter.try_take({"a:1", "u:y"}, 0));
  // a:1 is empty: u:z must keep both its tokens.
  EXPECT_FALSE(limiter.try_take({"a:1", "u:z"}, 0));
  EXPECT_TRUE(limiter.try_take({"a:2", "u:z"}, 0));
  EXPECT_TRUE(limiter.try_take({"a:3", "u:z"}, 0));
  EXPECT_FALSE(limiter.try_take({"a:4", "u:z"}, 0));
}

TEST(RateLimiter, RefillsUpToTheBurstOnly) {
  detail::RateLimiter limiter(2, 2.0, 1000);
  EXPECT_TRUE(limiter.try_take({"k"}, 0));
  EXPECT_TRUE(limiter.try_take({"k"}, 0));
  EXPECT_FALSE(limiter.try_take({"k"}, 29));
  EXPECT_TRUE(limiter.try_take({"k"}, 30));  // two a minute: one per 30 s
  EXPECT_FALSE(limiter.try_take({"k"}, 30));
  // A long pause refills the burst, not more.
  EXPECT_TRUE(limiter.try_take({"k"}, 10000));
  EXPECT_TRUE(limiter.try_take({"k"}, 10000));
  EXPECT_FALSE(limiter.try_take({"k"}, 10000));
}

TEST(RateLimiter, KeepsAtMostMaxEntriesDroppingTheLeastRecentlyUsed) {
  detail::RateLimiter limiter(1, 1.0, 100);
  EXPECT_TRUE(limiter.try_take({"a:busy"}, 0));
  for (int i = 0; i < 10000; ++i) {
    ASSERT_TRUE(limiter.try_take({"a:" + std::to_string(i)}, 0));
    ASSERT_LE(limiter.size(), 100u);
    if (i % 50 == 0) {
      // Kept in use, so never the one dropped: it stays empty.
      ASSERT_FALSE(limiter.try_take({"a:busy"}, 0)) << i;
    }
  }
  EXPECT_EQ(limiter.size(), 100u);
}

class ServiceRateEntriesTest : public test_support::AuthTest {};

TEST_F(ServiceRateEntriesTest, LoginBucketsStayWithinMaxRateEntries) {
  auto o = options();
  o.max_rate_entries = 20;
  start(o);
  // Over-long passwords are refused after the rate limit but before any hashing: cheap here.
  const std::string too_long(2000, 'p');
  for (int i = 0; i < 200; ++i) {
    const auto result =
        service->login("user" + std::to_string(i), too_long,
                       "10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256));
    ASSERT_FALSE(result.ok());
    ASSERT_EQ(result.error().code, "bad_credentials");
  }
  EXPECT_LE(service->rate_limit_entries(), 20u);
  EXPECT_GE(service->rate_limit_entries(), 2u);
}

}  // namespace
}  // namespace doithoai::auth
