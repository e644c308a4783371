#include "report/xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace doithoai::report {

namespace {

constexpr const char* kFont = "Times New Roman";
constexpr std::uint8_t kPaperA4 = 9;

Error xlsx_failure(std::string_view what, lxw_error e) {
  return internal_error(
      std::string("Không tạo được tệp Excel (").append(what).append("): ").append(lxw_strerror(e)));
}

Expected<void> check_name(const std::string& name, std::set<std::string>& seen) {
  if (name.empty() || name.size() > std::size_t{31} * 4 ||
      name.find_first_of("[]:*?/\\") != std::string::npos) {
    return invalid("bad_sheet_name", "Tên trang tính không hợp lệ: \"" + name + "\"");
  }
  // Excel counts characters, not bytes.
  std::size_t chars = 0;
  for (const char ch : name) chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
  if (chars > 31) return invalid("bad_sheet_name", "Tên trang tính dài quá 31 ký tự: " + name);
  if (!seen.insert(name).second) {
    return invalid("bad_sheet_name", "Tên trang tính bị trùng: \"" + name + "\"");
  }
  return {};
}

struct Formats {
  lxw_format* title;
  lxw_format* subtitle;
  lxw_format* header;
  lxw_format* text;
  lxw_format* text_bold;
  lxw_format* integer;
  lxw_format* integer_bold;
  lxw_format* decimal;
  lxw_format* decimal_bold;
  lxw_format* date;
  lxw_format* date_bold;
  lxw_format* note;
};

lxw_format* base(lxw_workbook* wb, bool bold, bool border) {
  lxw_format* f = workbook_add_format(wb);
  format_set_font_name(f, kFont);
  format_set_font_size(f, 12);
  if (bold) format_set_bold(f);
  if (border) format_set_border(f, LXW_BORDER_THIN);
  format_set_text_wrap(f);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

Formats make_formats(lxw_workbook* wb) {
  Formats f{};
  f.title = base(wb, true, false);
  format_set_font_size(f.title, 14);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  f.subtitle = base(wb, false, false);
  format_set_italic(f.subtitle);
  format_set_align(f.subtitle, LXW_ALIGN_CENTER);
  f.header = base(wb, true, true);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(f.header, 0xE7E6E6);
  f.text = base(wb, false, true);
  f.text_bold = base(wb, true, true);
  // "#,##0" shows 6.247 where the decimal separator is a comma (Vietnamese Excel).
  for (auto* slot : {&f.integer, &f.integer_bold}) {
    *slot = base(wb, slot == &f.integer_bold, true);
    format_set_num_format(*slot, "#,##0");
  }
  for (auto* slot : {&f.decimal, &f.decimal_bold}) {
    *slot = base(wb, slot == &f.decimal_bold, true);
    format_set_num_format(*slot, "#,##0.00");
  }
  for (auto* slot : {&f.date, &f.date_bold}) {
    *slot = base(wb, slot == &f.date_bold, true);
    format_set_num_format(*slot, "dd/mm/yyyy");
    format_set_align(*slot, LXW_ALIGN_CENTER);
  }
  f.note = base(wb, false, false);
  format_set_italic(f.note);
  return f;
}

lxw_error write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const XlsxCell& cell,
                     const Formats& f) {
  return std::visit(
      [&](const auto& v) -> lxw_error {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return worksheet_write_blank(ws, r, c, cell.bold ? f.text_bold : f.text);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return worksheet_write_string(ws, r, c, v.c_str(), cell.bold ? f.text_bold : f.text);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return worksheet_write_number(ws, r, c, static_cast<double>(v),
                                        cell.bold ? f.integer_bold : f.integer);
        } else if constexpr (std::is_same_v<T, double>) {
          return worksheet_write_number(ws, r, c, v, cell.bold ? f.decimal_bold : f.decimal);
        } else {
          lxw_datetime dt{v.year, v.month, v.day, 0, 0, 0.0};
          return worksheet_write_datetime(ws, r, c, &dt, cell.bold ? f.date_bold : f.date);
        }
      },
      cell.value);
}

Expected<void> write_sheet(lxw_workbook* wb, const XlsxSheet& s, const Formats& f) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
  if (ws == nullptr) return invalid("bad_sheet_name", "Tên trang tính không hợp lệ: " + s.name);
  if (s.landscape) worksheet_set_landscape(ws);
  worksheet_set_paper(ws, kPaperA4);
  worksheet_set_margins(ws, 0.5, 0.4, 0.6, 0.6);
  worksheet_center_horizontally(ws);
  worksheet_fit_to_pages(ws, 1, 0);  // all columns on one page width, as many pages as needed
  const auto last_col = static_cast<lxw_col_t>(s.columns.empty() ? 0 : s.columns.size() - 1);
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    worksheet_set_column(ws, col, col, s.columns[c].width, nullptr);
  }
  lxw_row_t row = 0;
  auto merged_line = [&](const std::string& text, lxw_format* format) -> Expected<void> {
    const lxw_error e = last_col > 0
                            ? worksheet_merge_range(ws, row, 0, row, last_col, text.c_str(), format)
                            : worksheet_write_string(ws, row, 0, text.c_str(), format);
    if (e != LXW_NO_ERROR) return xlsx_failure("title", e);
    ++row;
    return {};
  };
  if (!s.title.empty()) TRY(merged_line(s.title, f.title));
  for (const auto& line : s.subtitle) TRY(merged_line(line, f.subtitle));
  if (!s.title.empty() || !s.subtitle.empty()) ++row;
  const lxw_row_t header_row = row;
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    const lxw_error e = worksheet_write_string(ws, row, static_cast<lxw_col_t>(c),
                                               s.columns[c].header.c_str(), f.header);
    if (e != LXW_NO_ERROR) return xlsx_failure("header", e);
  }
  worksheet_repeat_rows(ws, header_row, header_row);
  worksheet_freeze_panes(ws, header_row + 1, 0);
  ++row;
  for (const auto& cells : s.rows) {
    for (lxw_col_t c = 0; c < cells.size() && c < std::max<std::size_t>(s.columns.size(), 1); ++c) {
      const lxw_error e = write_cell(ws, row, c, cells[c], f);
      if (e != LXW_NO_ERROR) return xlsx_failure("cell", e);
    }
    ++row;
  }
  if (!s.notes.empty()) ++row;
  for (const auto& note : s.notes) {
    const lxw_error e = worksheet_write_string(ws, row++, 0, note.c_str(), f.note);
    if (e != LXW_NO_ERROR) return xlsx_failure("note", e);
  }
  return {};
}

}  // namespace

Expected<std::string> write_xlsx(const XlsxWorkbook& workbook) {
  if (workbook.sheets.empty()) return invalid("no_sheets", "Tệp Excel cần ít nhất một trang tính");
  std::set<std::string> names;
  for (const auto& s : workbook.sheets) {
    TRY(check_name(s.name, names));
    if (s.columns.size() > 1000) return invalid("too_many_columns", "Quá nhiều cột: " + s.name);
  }

  // libxlsxwriter writes to a file: a private temporary one, read back and removed.
  std::string path = (std::filesystem::temp_directory_path() / "doithoai-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return internal_error("Không tạo được tệp tạm cho Excel");
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } remove{path};

  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return internal_error("Không khởi tạo được tệp Excel");
  lxw_doc_properties props{};
  std::string title = workbook.title, author = workbook.author;
  props.title = title.data();
  props.author = author.data();
  props.company = author.data();
  workbook_set_properties(wb, &props);
  const Formats formats = make_formats(wb);
  for (const auto& s : workbook.sheets) {
    auto written = write_sheet(wb, s, formats);
    if (!written.ok()) {
      workbook_close(wb);
      return std::move(written).error();
    }
  }
  if (const lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) return xlsx_failure("close", e);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return internal_error("Không đọc được tệp Excel vừa tạo");
  return bytes.str();
}

}  // namespace doithoai::report
