#include "store/field_cipher.hpp"

#include <sodium.h>

namespace doithoai::store {

namespace {

Error no_key() {
  return Error::make(ErrorKind::internal, "no_encryption_key",
                     "Chưa cấu hình khóa mã hóa (secret_key): không lưu hay đọc được số điện "
                     "thoại, số giấy tờ tùy thân");
}

Error cannot_open() {
  return Error::make(ErrorKind::internal, "decrypt_failed",
                     "Không giải mã được số điện thoại, số giấy tờ tùy thân: khóa mã hóa không "
                     "đúng hoặc dữ liệu đã bị sửa");
}

}  // namespace

FieldCipher::FieldCipher(std::string_view key) {
  if (key.size() == kKeyBytes) {
    key_.assign(key);
  }
}

FieldCipher::~FieldCipher() {
  if (!key_.empty()) {
    sodium_memzero(key_.data(), key_.size());
  }
}

Expected<std::string> FieldCipher::seal(std::string_view plain) const {
  if (!has_key()) {
    return no_key();
  }
  if (sodium_init() < 0) {
    return internal_error("Không khởi tạo được thư viện mã hóa libsodium");
  }
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  const int rc = crypto_secretbox_easy(
      nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
      plain.size(), nonce, reinterpret_cast<const unsigned char*>(key_.data()));
  if (rc != 0) {
    return internal_error("Mã hóa dữ liệu thất bại");
  }
  return out;
}

Expected<std::string> FieldCipher::open(std::string_view sealed) const {
  if (!has_key()) {
    return no_key();
  }
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return cannot_open();
  }
  if (sodium_init() < 0) {
    return internal_error("Không khởi tạo được thư viện mã hóa libsodium");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const std::size_t cipher_len = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string out(cipher_len - crypto_secretbox_MACBYTES, '\0');
  const int rc = crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                            nonce + crypto_secretbox_NONCEBYTES, cipher_len, nonce,
                                            reinterpret_cast<const unsigned char*>(key_.data()));
  if (rc != 0) {
    return cannot_open();
  }
  return out;
}

}  // namespace doithoai::store
