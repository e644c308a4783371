#include "web/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace doithoai::web {

std::string format_date(const Date& d) {
  return d.vi();
}

std::string format_datetime(Timestamp t) {
  constexpr Timestamp kVietnamOffset = Timestamp{7} * 3600;
  const Timestamp local = t + kVietnamOffset;
  const std::int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const std::int64_t seconds = local - day * 86400;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds % 3600 / 60));
  return Date::from_days(day).vi().append(" ").append(hm);
}

std::string format_number(std::int64_t n) {
  const bool negative = n < 0;
  // Unsigned arithmetic, so that the lowest int64 value has a magnitude too.
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  std::string digits = std::to_string(v);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (negative) out += '-';
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

std::string format_percent(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const auto scaled = static_cast<std::int64_t>(std::llround(value * scale));
  const std::int64_t whole = scaled / static_cast<std::int64_t>(scale);
  std::int64_t frac = scaled % static_cast<std::int64_t>(scale);
  std::string out;
  if (scaled < 0 && whole == 0) out.push_back('-');
  out.append(format_number(whole));
  if (decimals > 0) {
    if (frac < 0) frac = -frac;
    const std::string f = std::to_string(frac);
    out.push_back(',');
    out.append(static_cast<std::size_t>(std::max(0, decimals - static_cast<int>(f.size()))), '0');
    out.append(f);
  }
  out.push_back('%');
  return out;
}

std::optional<Date> parse_date_vi(std::string_view s) {
  int parts[3] = {0, 0, 0};
  int index = 0, digits = 0;
  for (const char ch : s) {
    if (ch == '/') {
      if (digits == 0 || ++index > 2) return std::nullopt;
      digits = 0;
    } else if (ch >= '0' && ch <= '9') {
      if (++digits > 4) return std::nullopt;
      parts[index] = parts[index] * 10 + (ch - '0');
    } else {
      return std::nullopt;
    }
  }
  if (index != 2 || digits != 4) return std::nullopt;
  if (!is_valid_date(parts[2], parts[1], parts[0])) return std::nullopt;
  return Date{parts[2], parts[1], parts[0]};
}

}  // namespace doithoai::web
