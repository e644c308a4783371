// HTML form posts (application/x-www-form-urlencoded), parsed strictly: the right Content-Type
// (415), well-formed percent escapes (400), valid UTF-8 (400), each name at most once (400) and
// only the names the form has (422). Values are read through input::Source, so that the shared
// checks of store/matter_service apply to forms as to JSON bodies.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/input.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"

namespace doithoai::web {

class Form : public input::Source {
 public:
  static Expected<Form> parse(const http::Request& request,
                              std::initializer_list<std::string_view> allowed);
  // The same rules over a raw body, for tests.
  static Expected<Form> parse_body(std::string_view content_type, std::string_view body,
                                   std::initializer_list<std::string_view> allowed);

  Expected<std::optional<std::string_view>> raw_string(std::string_view key) const override;
  Expected<std::optional<long long>> integer(std::string_view key) const override;
  bool has(std::string_view key) const override;

  // The value as typed ("" when absent), to show it again when the form is re-rendered.
  std::string value(std::string_view key) const;
  // A day typed as dd/mm/yyyy is read as YYYY-MM-DD by optional_date/date; what was typed
  // stays in value().
  void accept_vietnamese_date(std::string_view key);

 private:
  std::vector<std::pair<std::string, std::string>> fields_;   // as sent
  std::vector<std::pair<std::string, std::string>> read_as_;  // overrides for reading
};

}  // namespace doithoai::web
