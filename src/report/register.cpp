#include "report/register.hpp"

#include "report/format.hpp"
#include "report/minutes.hpp"

namespace doithoai::report {

namespace {

std::string period_line(const RegisterHeading& h) {
  return "Từ ngày " + h.from.vi() + " đến ngày " + h.to.vi();
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& register_columns() {
  static const std::vector<std::pair<std::string, std::string>> kColumns{
      {"number", "STT"},
      {"date", "Ngày tiếp"},
      {"name_and_address", "Họ tên, địa chỉ"},
      {"id_document", "Số CMND/CCCD"},
      {"summary", "Nội dung vụ việc"},
      {"classification", "Phân loại vụ việc, số người"},
      {"ruled_by", "Cơ quan đã giải quyết"},
      {"direction", "Hướng xử lý"},
      {"follow_up", "Theo dõi kết quả giải quyết"},
      {"note", "Ghi chú"}};
  return kColumns;
}

store::RegisterRow exported_row(const store::RegisterRow& row) {
  store::RegisterRow out = row;
  if (row.kind == Kind::to_cao) {
    out.name_and_address = std::string(kWithheldDenouncer);
    out.id_document.clear();
  }
  return out;
}

std::vector<std::string> register_cells(const store::RegisterRow& r) {
  return {std::to_string(r.number), r.date.vi(), r.name_and_address, r.id_document, r.summary,
          r.classification,         r.ruled_by,  r.direction,        r.follow_up,   r.note};
}

OfficialDocument register_document(const std::vector<store::RegisterRow>& rows,
                                   const RegisterHeading& h) {
  OfficialDocument doc;
  doc.parent_body = h.parent_body;
  doc.issuing_body = h.body;
  doc.place = h.place;
  doc.date = h.as_of;
  doc.kind = "Sổ tiếp công dân";
  doc.subject = period_line(h);
  doc.landscape = true;
  DocTable t;
  for (const auto& [key, title] : register_columns()) t.headers.push_back(title);
  t.widths = {1.2, 2.5, 3.4, 2.9, 4.1, 2.4, 2.3, 3.4, 2.3, 1.6};
  t.font_size = 9;
  for (const auto& r : rows) t.rows.push_back(register_cells(exported_row(r)));
  doc.body.push_back(Block::of_table(std::move(t)));
  Block count = Block::paragraph(
      "Tổng số: " + format_number(static_cast<std::int64_t>(rows.size())) + " lượt tiếp.");
  count.italic = true;
  doc.body.push_back(std::move(count));
  return doc;
}

XlsxWorkbook register_workbook(const std::vector<store::RegisterRow>& rows,
                               const RegisterHeading& h) {
  XlsxWorkbook wb;
  wb.title = "Sổ tiếp công dân - " + h.body;
  wb.author = h.body;
  XlsxSheet s;
  s.name = "Sổ tiếp công dân";
  s.title = "SỔ TIẾP CÔNG DÂN";
  s.subtitle = {h.body, period_line(h), "Mẫu số 03, Thông tư 04/2021/TT-TTCP"};
  static const double kWidths[] = {6, 12, 30, 16, 44, 18, 20, 36, 24, 16};
  std::size_t i = 0;
  for (const auto& [key, title] : register_columns()) s.columns.push_back({title, kWidths[i++]});
  for (const auto& raw : rows) {
    const auto r = exported_row(raw);
    s.rows.push_back({r.number, r.date, r.name_and_address, r.id_document, r.summary,
                      r.classification, r.ruled_by, r.direction, r.follow_up, r.note});
  }
  s.notes = {"Tổng số: " + format_number(static_cast<std::int64_t>(rows.size())) + " lượt tiếp.",
             "Thông tin người tố cáo được giữ bí mật (Luật Tố cáo 2018, Điều 47)."};
  wb.sheets.push_back(std::move(s));
  return wb;
}

}  // namespace doithoai::report
