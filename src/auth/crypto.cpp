// Password hashing (Argon2id), token generation and token digests, all through libsodium.
#include <sodium.h>

#include <stdexcept>

#include "auth/auth.hpp"
#include "auth/internal.hpp"

namespace doithoai::auth {

namespace {

using detail::kMaxPassword;
constexpr std::size_t kTokenBytes = 32;

const char* bytes_of(std::string_view s) {
  return s.empty() ? "" : s.data();
}

}  // namespace

namespace detail {

void ensure_sodium() {
  // sodium_init is itself safe to call from several threads; the static makes it run once.
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

Expected<void> check_password(std::string_view password) {
  if (password.size() < kMinPassword) {
    return invalid("weak_password", "Mật khẩu phải có ít nhất 8 ký tự", "password");
  }
  if (password.size() > kMaxPassword) {
    return invalid("weak_password", "Mật khẩu không được dài quá 1024 byte", "password");
  }
  return {};
}

}  // namespace detail

Expected<std::string> hash_password(std::string_view password) {
  detail::ensure_sodium();
  TRY(detail::check_password(password));
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, bytes_of(password), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return internal_error("Không đủ bộ nhớ để băm mật khẩu");
  }
  return std::string(out);
}

bool verify_password(std::string_view encoded, std::string_view password) {
  detail::ensure_sodium();
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  if (password.size() > kMaxPassword) return false;
  const std::string terminated(encoded);  // libsodium reads a C string
  return crypto_pwhash_str_verify(terminated.c_str(), bytes_of(password), password.size()) == 0;
}

std::string token_digest(std::string_view token) {
  detail::ensure_sodium();
  unsigned char digest[crypto_generichash_BYTES];  // BLAKE2b-256
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes_of(token)),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

std::string random_token() {
  detail::ensure_sodium();
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  char encoded[sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof encoded, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes, sizeof bytes);
  return std::string(encoded);
}

}  // namespace doithoai::auth
