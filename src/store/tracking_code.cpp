#include "store/tracking_code.hpp"

#include <sodium.h>

#include <cstdint>
#include <stdexcept>

namespace doithoai::store {

namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kLength = 10;
}  // namespace

std::string new_tracking_code() {
  static const bool ready = sodium_init() >= 0;  // idempotent and thread-safe
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
  // 32 letters: 5 random bits each, all 50 from one call to the system's generator (a call per
  // letter was ten system calls for every public submission).
  static_assert(kAlphabet.size() == 32 && kLength * 5 <= 64);
  std::uint64_t bits = 0;
  randombytes_buf(&bits, sizeof bits);
  std::string code;
  code.reserve(kLength + 1);
  for (std::size_t i = 0; i < kLength; ++i) {
    if (i == kLength / 2) code += '-';
    code += kAlphabet[bits & 31U];
    bits >>= 5U;
  }
  return code;
}

std::optional<std::string> normalize_tracking_code(std::string_view typed) {
  std::string out;
  for (char ch : typed) {
    if (ch == '-' || ch == ' ') continue;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch == 'O') ch = '0';
    if (ch == 'I' || ch == 'L') ch = '1';
    if (kAlphabet.find(ch) == std::string_view::npos) return std::nullopt;
    out += ch;
    if (out.size() > kLength) return std::nullopt;
  }
  if (out.size() != kLength) return std::nullopt;
  out.insert(kLength / 2, 1, '-');
  return out;
}

}  // namespace doithoai::store
