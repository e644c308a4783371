// Encryption at rest of the personal numbers the store keeps (phone and ID numbers): libsodium's
// crypto_secretbox (XSalsa20-Poly1305) with a fresh random nonce per value. A sealed value is
// nonce || ciphertext (with its 16-byte tag), stored as a BLOB. Opening with another key, or a
// tampered value, fails: it never yields garbage.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace doithoai::store {

class FieldCipher {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // key: exactly kKeyBytes raw bytes, or empty (then seal and open fail with
  // internal "no_encryption_key"). Other lengths are refused by valid_key().
  explicit FieldCipher(std::string_view key);
  ~FieldCipher();
  FieldCipher(const FieldCipher&) = delete;
  FieldCipher& operator=(const FieldCipher&) = delete;

  static bool valid_key(std::string_view key) { return key.empty() || key.size() == kKeyBytes; }
  bool has_key() const { return !key_.empty(); }

  Expected<std::string> seal(std::string_view plain) const;
  Expected<std::string> open(std::string_view sealed) const;

 private:
  std::string key_;
};

}  // namespace doithoai::store
