#include "web/format.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace doithoai::web {
namespace {

TEST(Format, DatesAreDayMonthYear) {
  EXPECT_EQ(format_date(Date{2026, 11, 25}), "25/11/2026");
  EXPECT_EQ(format_date(Date{2021, 3, 5}), "05/03/2021");
}

TEST(Format, DateTimesAreInVietnamTime) {
  // 2026-11-25T01:30:00Z is 08:30 in Vietnam (UTC+7).
  EXPECT_EQ(format_datetime(1795570200), "25/11/2026 08:30");
  // 17:00Z is already the next day in Vietnam.
  EXPECT_EQ(format_datetime(1795539600), "25/11/2026 00:00");
}

TEST(Format, NumbersGroupThousandsWithDots) {
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(587), "587");
  EXPECT_EQ(format_number(6247), "6.247");
  EXPECT_EQ(format_number(1725000), "1.725.000");
  EXPECT_EQ(format_number(-1000), "-1.000");
  EXPECT_EQ(format_number(std::numeric_limits<std::int64_t>::min()), "-9.223.372.036.854.775.808");
}

TEST(Format, PercentagesUseADecimalComma) {
  EXPECT_EQ(format_percent(12.41, 2), "12,41%");
  EXPECT_EQ(format_percent(83.1, 1), "83,1%");
  EXPECT_EQ(format_percent(5, 0), "5%");
  EXPECT_EQ(format_percent(0.05, 2), "0,05%");
}

TEST(Format, TypedVietnameseDatesAreParsed) {
  EXPECT_EQ(parse_date_vi("25/11/2026"), (Date{2026, 11, 25}));
  EXPECT_EQ(parse_date_vi("5/3/2021"), (Date{2021, 3, 5}));
  EXPECT_FALSE(parse_date_vi("31/02/2026"));
  EXPECT_FALSE(parse_date_vi("2026-11-25"));
  EXPECT_FALSE(parse_date_vi("25/11/26"));
  EXPECT_FALSE(parse_date_vi("25/11/2026/1"));
  EXPECT_FALSE(parse_date_vi(""));
  EXPECT_FALSE(parse_date_vi("//2026"));
}

}  // namespace
}  // namespace doithoai::web
