// How numbers and dates read in reports and official documents: the one place that formats them
// for Vietnamese readers (UI.md: 6.247, 12,41%, 25/11/2026, "ngày 15 tháng 5 năm 2021").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/date.hpp"

namespace doithoai::report {

// 6247 -> "6.247", -1234567 -> "-1.234.567".
std::string format_number(std::int64_t n);

// A share with two decimals and a decimal comma: (1241, 10000) -> "12,41%"; 0 of 0 -> "0%".
std::string format_percent(std::int64_t part, std::int64_t whole);

// The date in the place-and-date line of an official document (Nghị định 30/2020, Phụ lục I):
// days below 10 and the months 1 and 2 take a leading zero.
//   document_date(2021-05-15) -> "ngày 15 tháng 5 năm 2021"
//   document_date(2021-02-03) -> "ngày 03 tháng 02 năm 2021"
std::string document_date(const Date& d);

// "Vĩnh Bảo, ngày 15 tháng 5 năm 2021".
std::string place_and_date(std::string_view place, const Date& d);

// A count as press releases write it: exact below 1.000; from 1.000 on, rounded down to the
// hundred, with "trên" when that dropped something.
//   about(587) -> "587", about(2600) -> "2.600", about(2645) -> "trên 2.600"
std::string about(std::int64_t n);

// Upper case of a Vietnamese UTF-8 string (for document headings: "Ủy ban" -> "ỦY BAN").
std::string upper_vi(std::string_view s);

}  // namespace doithoai::report
