// Civil dates without time zones (a receipt date, a deadline, a holiday) and UTC instants.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace doithoai {

// A proleptic Gregorian calendar date. Arithmetic goes through days since 1970-01-01.
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  static std::optional<Date> parse_iso(std::string_view s);  // "YYYY-MM-DD", validated
  static Date from_days(std::int64_t days_since_epoch);
  std::int64_t days() const;  // days since 1970-01-01
  int weekday() const;        // 0 = Monday .. 6 = Sunday
  Date plus_days(std::int64_t n) const { return from_days(days() + n); }
  std::string iso() const;  // 2026-11-25
  std::string vi() const;   // 25/11/2026

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>.
  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;
};

bool is_valid_date(int year, int month, int day);

// Seconds since the Unix epoch, UTC.
using Timestamp = std::int64_t;
Timestamp now_utc();
std::string iso_timestamp(Timestamp t);  // 2026-11-25T08:30:00Z
// The calendar date in Vietnam (UTC+7, no daylight saving) at instant t.
Date vietnam_date(Timestamp t);

}  // namespace doithoai
