// The one place that formats dates and numbers for Vietnamese readers: 25/11/2026, 08:30,
// 6.247, 12,41%. English pages keep the same day-first dates (they are Vietnamese records).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.hpp"

namespace doithoai::web {

std::string format_date(const Date& d);                  // 25/11/2026
std::string format_datetime(Timestamp t);                // 25/11/2026 08:30 (Vietnam time)
std::string format_number(std::int64_t n);               // 6.247, -1.000.000
std::string format_percent(double value, int decimals);  // 12,41%
// "dd/mm/yyyy" (also d/m/yyyy) as typed in a form; nullopt when it is no valid date.
std::optional<Date> parse_date_vi(std::string_view s);

}  // namespace doithoai::web
