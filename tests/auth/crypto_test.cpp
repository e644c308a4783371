// Password hashing, random tokens and token digests.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "auth/auth.hpp"
#include "auth/fixture.hpp"

namespace doithoai::auth {
namespace {

using test_support::kPassword;
using test_support::password_hash;

TEST(HashPassword, ProducesAnArgon2idStringThatVerifiesTheSamePassword) {
  const std::string& hash = password_hash();
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_NE(hash.find("m=65536,t=2"), std::string::npos) << "interactive limits: " << hash;
  EXPECT_TRUE(verify_password(hash, kPassword));
}

TEST(HashPassword, SaltsEveryHash) {
  const auto again = hash_password(kPassword);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, password_hash());
  EXPECT_TRUE(verify_password(*again, kPassword));
}

TEST(VerifyPassword, RejectsAnotherPassword) {
  EXPECT_FALSE(verify_password(password_hash(), "mật-khẩu-sai-2026"));
  EXPECT_FALSE(verify_password(password_hash(), std::string(kPassword) + "x"));
  EXPECT_FALSE(verify_password(password_hash(), ""));
}

TEST(VerifyPassword, ReturnsFalseForAMalformedHash) {
  EXPECT_FALSE(verify_password("", kPassword));
  EXPECT_FALSE(verify_password("not a hash", kPassword));
  const std::string& hash = password_hash();
  EXPECT_FALSE(verify_password(hash.substr(0, hash.size() - 10), kPassword));
  EXPECT_FALSE(verify_password(std::string(500, '$'), kPassword));
}

TEST(HashPassword, RefusesAPasswordShorterThanEightBytes) {
  const auto result = hash_password("1234567");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::invalid);
  EXPECT_EQ(result.error().code, "weak_password");
  EXPECT_EQ(result.error().field, "password");
  EXPECT_EQ(result.error().message, "Mật khẩu phải có ít nhất 8 ký tự");
}

TEST(HashPassword, RefusesAPasswordLongerThan1024Bytes) {
  const auto result = hash_password(std::string(1025, 'a'));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "weak_password");
  EXPECT_EQ(result.error().field, "password");
}

TEST(HashPassword, AcceptsTheBoundaryLengths) {
  const auto shortest = hash_password("12345678");
  ASSERT_TRUE(shortest.ok());
  EXPECT_TRUE(verify_password(*shortest, "12345678"));
  const std::string longest(1024, 'z');
  const auto longest_hash = hash_password(longest);
  ASSERT_TRUE(longest_hash.ok());
  EXPECT_TRUE(verify_password(*longest_hash, longest));
}

TEST(RandomToken, Is43UrlSafeBase64CharactersWithoutPadding) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string token = random_token();
    ASSERT_EQ(token.size(), 43u) << token;  // 32 bytes
    for (const char c : token) {
      const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
      ASSERT_TRUE(ok) << token;
    }
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(TokenDigest, IsTheHexOfBlake2b256) {
  EXPECT_EQ(token_digest(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(token_digest("abc"),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

}  // namespace
}  // namespace doithoai::auth
