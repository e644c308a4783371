// The XLSX table writer (libxlsxwriter): one or more sheets, each a title, a few lines under it,
// a header row and typed cells, in Times New Roman with Vietnamese text intact, set up to print
// on A4 (landscape by default) with the header row repeated on every page. Plain structs in,
// the bytes of the .xlsx out.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace doithoai::report {

// A cell: empty, text, a whole number (shown 6.247 in Vietnamese Excel), a decimal, or a date
// (shown dd/mm/yyyy). Bold marks totals.
struct XlsxCell {
  std::variant<std::monostate, std::string, std::int64_t, double, Date> value;
  bool bold = false;

  XlsxCell() = default;
  XlsxCell(std::string s) : value(std::move(s)) {}          // NOLINT(google-explicit-constructor)
  XlsxCell(const char* s) : value(std::string(s)) {}        // NOLINT(google-explicit-constructor)
  XlsxCell(std::int64_t n) : value(n) {}                    // NOLINT(google-explicit-constructor)
  XlsxCell(int n) : value(static_cast<std::int64_t>(n)) {}  // NOLINT(google-explicit-constructor)
  XlsxCell(double d) : value(d) {}                          // NOLINT(google-explicit-constructor)
  XlsxCell(Date d) : value(d) {}                            // NOLINT(google-explicit-constructor)
  static XlsxCell strong(XlsxCell c) {
    c.bold = true;
    return c;
  }
};

struct XlsxColumn {
  std::string header;
  double width = 14;  // in characters, as Excel counts them
};

struct XlsxSheet {
  std::string name;                   // tab name: at most 31 characters, none of []:*?/\ .
  std::string title;                  // bold, centred across the columns, above the table
  std::vector<std::string> subtitle;  // lines under the title (period, scope, as-of date)
  std::vector<XlsxColumn> columns;
  std::vector<std::vector<XlsxCell>> rows;
  std::vector<std::string> notes;  // lines under the table
  bool landscape = true;
};

struct XlsxWorkbook {
  std::string title;   // document properties
  std::string author;  // the issuing agency or user
  std::vector<XlsxSheet> sheets;
};

// The .xlsx bytes. Invalid sheet names (too long, forbidden characters, duplicates) are an
// invalid error; no file is left behind.
Expected<std::string> write_xlsx(const XlsxWorkbook& workbook);

}  // namespace doithoai::report
