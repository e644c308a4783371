#include "report/format.hpp"

#include <utf8proc.h>

#include <cstdio>

#include "domain/text.hpp"

namespace doithoai::report {

std::string format_number(std::int64_t n) {
  const bool negative = n < 0;
  // Work on the unsigned magnitude so that the smallest int64 does not overflow.
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  std::string digits = std::to_string(v);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return negative ? std::string("-").append(out) : out;
}

std::string format_percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "0%";
  // Hundredths of a percent, rounded half up.
  const long double hundredths = static_cast<long double>(part) * 10000.0L / whole;
  const auto rounded = static_cast<std::int64_t>(hundredths + (hundredths < 0 ? -0.5L : 0.5L));
  const std::int64_t whole_part = rounded / 100;
  const std::int64_t fraction = (rounded < 0 ? -rounded : rounded) % 100;
  std::string out = format_number(whole_part);
  if (fraction != 0) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(fraction));
    std::string f(buf);
    if (f.back() == '0') f.pop_back();
    out.append(",").append(f);
  }
  return out.append("%");
}

std::string document_date(const Date& d) {
  char buf[64];
  std::snprintf(buf, sizeof buf,
                d.month <= 2 ? "ngày %02d tháng %02d năm %d" : "ngày %02d tháng %d năm %d", d.day,
                d.month, d.year);
  return buf;
}

std::string place_and_date(std::string_view place, const Date& d) {
  return std::string(place).append(", ").append(document_date(d));
}

std::string about(std::int64_t n) {
  if (n < 1000) return format_number(n);
  const std::int64_t down = n / 100 * 100;
  return down == n ? format_number(n) : std::string("trên ").append(format_number(down));
}

std::string upper_vi(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // an invalid byte: keep it as it is
      out.push_back(static_cast<char>(*p));
      n = 1;
    } else {
      utf8proc_uint8_t buf[4];
      const auto len = utf8proc_encode_char(utf8proc_toupper(cp), buf);
      out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
    }
    p += n;
    left -= n;
  }
  return text::nfc(out);
}

}  // namespace doithoai::report
