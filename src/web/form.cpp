#include "web/form.hpp"

#include <algorithm>

#include "domain/text.hpp"
#include "web/format.hpp"

namespace doithoai::web {

namespace {

constexpr std::size_t kMaxFields = 64;

Error bad_form(std::string message) {
  return Error::make(ErrorKind::bad_request, "malformed_form", std::move(message));
}

}  // namespace

Expected<Form> Form::parse(const http::Request& request,
                           std::initializer_list<std::string_view> allowed) {
  return parse_body(request.header("content-type").value_or(""), request.body, allowed);
}

Expected<Form> Form::parse_body(std::string_view content_type, std::string_view body,
                                std::initializer_list<std::string_view> allowed) {
  constexpr std::string_view kType = "application/x-www-form-urlencoded";
  const auto semicolon = content_type.find(';');
  auto type = input::trim(content_type.substr(0, semicolon));
  std::string lower(type);
  for (auto& ch : lower) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
  if (lower != kType) {
    return Error::make(ErrorKind::unsupported_media, "unsupported_media_type",
                       "Biểu mẫu phải gửi dạng application/x-www-form-urlencoded");
  }
  Form form;
  std::string_view rest = body;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto name = http::percent_decode(pair.substr(0, eq), true);
    const auto value = http::percent_decode(
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!name || !value || name->empty()) return bad_form("Biểu mẫu gửi lên không hợp lệ");
    if (!text::valid_utf8(*name) || !text::valid_utf8(*value)) {
      return Error::make(ErrorKind::bad_request, "invalid_utf8",
                         "Nội dung gửi lên không phải văn bản UTF-8 hợp lệ");
    }
    if (std::find(allowed.begin(), allowed.end(), *name) == allowed.end()) {
      return invalid("unknown_field", "Trường không được hỗ trợ: \"" + *name + "\"", *name);
    }
    if (form.has(*name)) return bad_form("Trường \"" + *name + "\" gửi lên hai lần");
    if (form.fields_.size() >= kMaxFields) return bad_form("Biểu mẫu có quá nhiều trường");
    form.fields_.emplace_back(*name, *value);
  }
  return form;
}

bool Form::has(std::string_view key) const {
  return std::any_of(fields_.begin(), fields_.end(),
                     [key](const auto& f) { return f.first == key; });
}

Expected<std::optional<std::string_view>> Form::raw_string(std::string_view key) const {
  for (const auto& [name, value] : read_as_) {
    if (name == key) return std::optional<std::string_view>{value};
  }
  for (const auto& [name, value] : fields_) {
    if (name == key) return std::optional<std::string_view>{value};
  }
  return std::optional<std::string_view>{};
}

Expected<std::optional<long long>> Form::integer(std::string_view key) const {
  const auto raw = TRY(raw_string(key));
  if (!raw) return std::optional<long long>{};
  const auto v = input::trim(*raw);
  if (v.empty()) return std::optional<long long>{};
  if (v.size() > 15 ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return input::wrong_type(key, "số nguyên");
  long long n = 0;
  for (const char c : v) n = n * 10 + (c - '0');
  return std::optional<long long>{n};
}

std::string Form::value(std::string_view key) const {
  for (const auto& [name, value] : fields_) {
    if (name == key) return value;
  }
  return {};
}

void Form::accept_vietnamese_date(std::string_view key) {
  const auto typed = value(key);
  if (const auto d = parse_date_vi(input::trim(typed))) {
    read_as_.emplace_back(std::string(key), d->iso());
  }
}

}  // namespace doithoai::web
