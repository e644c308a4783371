// Tracking codes: their shape, and that all 50 bits are random (every letter turns up in every
// position), so that no part of a code can be guessed.
#include "store/tracking_code.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>
#include <string_view>

namespace doithoai::store {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

TEST(TrackingCode, IsTenCrockfordLettersAroundAHyphen) {
  for (int i = 0; i < 1000; ++i) {
    const auto code = new_tracking_code();
    ASSERT_EQ(code.size(), 11u) << code;
    EXPECT_EQ(code[5], '-') << code;
    for (std::size_t p = 0; p < code.size(); ++p) {
      if (p == 5) continue;
      EXPECT_NE(kAlphabet.find(code[p]), std::string_view::npos) << code;
    }
    std::string typed;  // as read over the phone: lower case, no hyphen
    for (const char ch : code) {
      if (ch != '-') typed += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
    EXPECT_EQ(normalize_tracking_code(typed), code);
  }
}

TEST(TrackingCode, EveryLetterAppearsInEveryPositionAndCodesDoNotRepeat) {
  std::array<std::set<char>, 11> seen;
  std::set<std::string> codes;
  constexpr int kCodes = 5000;  // 5000 draws of 32 letters: a letter missing is ~1e-65 likely
  for (int i = 0; i < kCodes; ++i) {
    const auto code = new_tracking_code();
    codes.insert(code);
    for (std::size_t p = 0; p < code.size(); ++p) seen[p].insert(code[p]);
  }
  EXPECT_EQ(codes.size(), static_cast<std::size_t>(kCodes));
  for (std::size_t p = 0; p < seen.size(); ++p) {
    EXPECT_EQ(seen[p].size(), p == 5 ? 1u : 32u) << "position " << p;
  }
}

}  // namespace
}  // namespace doithoai::store
