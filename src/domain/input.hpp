// Named input values, whatever carried them: a JSON body (api) or an HTML form (web). The
// checks and the Vietnamese messages of a missing, mistyped, too long or malformed value are
// written once here, so that both front ends refuse the same input with the same words.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace doithoai::input {

class Source {
 public:
  virtual ~Source() = default;

  // The value as sent: nullopt when absent (or JSON null); wrong_type when it is not text.
  virtual Expected<std::optional<std::string_view>> raw_string(std::string_view key) const = 0;
  // A whole number: nullopt when absent (or an empty form field); wrong_type otherwise.
  virtual Expected<std::optional<long long>> integer(std::string_view key) const = 0;
  virtual bool has(std::string_view key) const = 0;

  // Trimmed and NFC-normalised; empty after trimming counts as absent; too_long past max_bytes.
  Expected<std::optional<std::string>> optional_string(std::string_view key,
                                                       std::size_t max_bytes = 10000) const;
  // As optional_string, but absent is 422 "required".
  Expected<std::string> string(std::string_view key, std::size_t max_bytes = 10000) const;
  // "YYYY-MM-DD"; absent is nullopt (optional_date) or "required" (date).
  Expected<std::optional<Date>> optional_date(std::string_view key) const;
  Expected<Date> date(std::string_view key) const;
};

// The errors every reader gives, with the field named.
Error wrong_type(std::string_view key, std::string_view expected);
Error required(std::string_view key);
Error too_long(std::string_view key, std::size_t max_bytes);
Error bad_date(std::string_view key);

// Leading and trailing spaces, tabs and line breaks removed.
std::string_view trim(std::string_view s);

}  // namespace doithoai::input
