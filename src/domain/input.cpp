#include "domain/input.hpp"

#include "domain/text.hpp"

namespace doithoai::input {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

Error wrong_type(std::string_view key, std::string_view expected) {
  return invalid("wrong_type",
                 "Trường \"" + std::string(key) + "\" phải là " + std::string(expected),
                 std::string(key));
}

Error required(std::string_view key) {
  return invalid("required", "Thiếu thông tin bắt buộc: \"" + std::string(key) + "\"",
                 std::string(key));
}

Error too_long(std::string_view key, std::size_t max_bytes) {
  return invalid(
      "too_long",
      "Trường \"" + std::string(key) + "\" dài quá " + std::to_string(max_bytes) + " byte",
      std::string(key));
}

Error bad_date(std::string_view key) {
  return invalid("bad_date",
                 "Ngày không hợp lệ (cần dạng YYYY-MM-DD): \"" + std::string(key) + "\"",
                 std::string(key));
}

Expected<std::optional<std::string>> Source::optional_string(std::string_view key,
                                                             std::size_t max_bytes) const {
  const auto raw = TRY(raw_string(key));
  if (!raw) return std::optional<std::string>{};
  const auto trimmed = trim(*raw);
  if (trimmed.empty()) return std::optional<std::string>{};
  if (trimmed.size() > max_bytes) return too_long(key, max_bytes);
  return std::optional<std::string>{text::nfc(trimmed)};
}

Expected<std::string> Source::string(std::string_view key, std::size_t max_bytes) const {
  auto value = TRY(optional_string(key, max_bytes));
  if (!value) return required(key);
  return std::move(*value);
}

Expected<std::optional<Date>> Source::optional_date(std::string_view key) const {
  const auto raw = TRY(raw_string(key));
  if (!raw || trim(*raw).empty()) return std::optional<Date>{};
  const auto d = Date::parse_iso(trim(*raw));
  if (!d) return bad_date(key);
  return std::optional<Date>{*d};
}

Expected<Date> Source::date(std::string_view key) const {
  const auto d = TRY(optional_date(key));
  if (!d) return required(key);
  return *d;
}

}  // namespace doithoai::input
