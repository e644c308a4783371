// The summary report as an official document (BÁO CÁO, Nghị định 30/2020 layout), for the DOCX
// and PDF downloads of the reports dashboard: the same figures as the XLSX overview, the
// Vietnamese sentence, and the breakdowns by unit, field and timeliness as tables.
#include <algorithm>

#include "report/format.hpp"
#include "report/summary.hpp"

namespace doithoai::report {

namespace {

DocTable breakdown_table(const std::string& label, const std::vector<Row>& rows) {
  DocTable t;
  t.headers = {"STT", label, "Số vụ việc", "Lượt ý kiến"};
  t.widths = {0.6, 4, 1.4, 1.4};
  int n = 0;
  std::int64_t matters = 0, submissions = 0;
  for (const auto& r : rows) {
    if (r.matters == 0 && r.submissions == 0) continue;
    t.rows.push_back({std::to_string(++n), r.name.empty() ? r.code : r.name,
                      format_number(r.matters), format_number(r.submissions)});
    matters += r.matters;
    submissions += r.submissions;
  }
  t.rows.push_back({"", "Tổng cộng", format_number(matters), format_number(submissions)});
  return t;
}

}  // namespace

OfficialDocument summary_document(const Summary& s, const std::string& issuing_body,
                                  const std::string& place) {
  OfficialDocument d;
  d.issuing_body = issuing_body;
  d.place = place;
  d.date = s.request.as_of;
  d.kind = "BÁO CÁO";
  d.subject =
      "Tổng hợp kết quả đối thoại, tiếp nhận và xử lý phản ánh, kiến nghị của " + s.scope_name;
  d.body.push_back(Block::paragraph(period_phrase(s.request.from, s.request.to) +
                                    " (số liệu tính đến " + document_date(s.request.as_of) + ")."));
  d.body.push_back(Block::paragraph(s.prose));
  d.body.push_back(Block::heading("1. Số liệu chung"));
  DocTable figures;
  figures.headers = {"Chỉ tiêu", "Số lượng"};
  figures.widths = {4, 1.4};
  auto add = [&figures](const char* label, std::int64_t v) {
    figures.rows.push_back({label, format_number(v)});
  };
  if (s.dialogues_recorded) {
    add("Số cuộc đối thoại", s.dialogues);
    add("Lượt người tham dự", s.attendances);
  }
  add("Lượt ý kiến", s.submissions);
  add("Số vụ việc tiếp nhận trong kỳ", s.matters);
  add("Giải quyết đúng hạn", s.on_time);
  add("Giải quyết trễ hạn", s.late);
  add("Vụ việc quá hạn", s.overdue);
  figures.rows.push_back(
      {"Tỷ lệ giải quyết đúng hạn", format_percent(s.on_time, s.on_time + s.late)});
  d.body.push_back(Block::of_table(figures));
  d.body.push_back(Block::heading("2. Theo đơn vị"));
  d.body.push_back(Block::of_table(breakdown_table("Đơn vị", s.by_unit)));
  d.body.push_back(Block::heading("3. Theo lĩnh vực"));
  d.body.push_back(Block::of_table(breakdown_table("Lĩnh vực", s.by_field)));
  d.body.push_back(Block::heading("4. Kết quả giải quyết theo cơ quan chủ trì"));
  DocTable timely;
  timely.headers = {"Cơ quan chủ trì", "Đúng hạn", "Trễ hạn", "Quá hạn"};
  timely.widths = {4, 1.2, 1.2, 1.2};
  // Several kinds per agency: added up, in the summary's order of agencies.
  struct Tally {
    std::int64_t on_time = 0, late = 0, overdue = 0;
  };
  std::vector<std::pair<std::string, Tally>> agencies;
  for (const auto& t : s.timeliness) {
    const std::string name = t.agency_name.empty() ? "Chưa giao cơ quan chủ trì" : t.agency_name;
    auto it = std::find_if(agencies.begin(), agencies.end(),
                           [&name](const auto& a) { return a.first == name; });
    if (it == agencies.end()) it = agencies.insert(agencies.end(), {name, Tally{}});
    it->second.on_time += t.on_time;
    it->second.late += t.late;
    it->second.overdue += t.overdue;
  }
  for (const auto& [name, t] : agencies) {
    timely.rows.push_back(
        {name, format_number(t.on_time), format_number(t.late), format_number(t.overdue)});
  }
  d.body.push_back(Block::of_table(timely));
  d.recipients = {"Như trên;", "Lưu: VT."};
  d.signatures = {Signature{"", "NGƯỜI LẬP BÁO CÁO", ""}};
  return d;
}

}  // namespace doithoai::report
