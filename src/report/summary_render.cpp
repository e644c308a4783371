// The summary as JSON (the API and `doithoai report summary --format json`), as text for a
// terminal, and as an XLSX workbook.
#include <nlohmann/json.hpp>

#include <sstream>

#include "report/format.hpp"
#include "report/summary.hpp"

namespace doithoai::report {

namespace {

using nlohmann::json;

json rows_json(const std::vector<Row>& rows, bool with_dialogues) {
  json out = json::array();
  for (const auto& r : rows) {
    json row{{"code", r.code.empty() ? json(nullptr) : json(r.code)},
             {"name", r.name},
             {"matters", r.matters},
             {"submissions", r.submissions}};
    if (with_dialogues) {
      row["dialogues"] = r.dialogues;
      row["attendances"] = r.attendances;
      row["dialogue_submissions"] = r.dialogue_submissions;
    }
    out.push_back(std::move(row));
  }
  return out;
}

json host_json(const std::vector<Row>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back(json{{"code", r.code},
                       {"name", r.name},
                       {"dialogues", r.dialogues},
                       {"attendances", r.attendances},
                       {"submissions", r.dialogue_submissions}});
  }
  return out;
}

json intake_json(const store::IntakeFigures& f) {
  return json{{"carried_over", f.carried_over},
              {"received", f.received},
              {"duplicates", f.duplicates},
              {"new_matters", f.new_matters},
              {"merged", f.merged},
              {"refused", f.refused},
              {"eligible", f.eligible},
              {"complaints", f.complaints},
              {"denunciations", f.denunciations},
              {"petitions", f.petitions},
              {"one_signer", f.one_signer},
              {"many_signers", f.many_signers},
              {"within_competence", f.within_competence},
              {"guided", f.guided},
              {"forwarded_up", f.forwarded_up}};
}

std::string scope_line(const Summary& s) {
  return (s.request.scope == SummaryRequest::Scope::unit ? "Đơn vị: " : "Cơ quan: ") + s.scope_name;
}

std::string period_line(const Summary& s) {
  return "Từ ngày " + s.request.from.vi() + " đến ngày " + s.request.to.vi();
}

// Columns of the form (Biểu 01/XLD), in the order the form prints them.
struct IntakeColumn {
  const char* header;
  std::int64_t store::IntakeFigures::*value;
};
constexpr IntakeColumn kIntakeColumns[] = {
    {"Kỳ trước chuyển sang", &store::IntakeFigures::carried_over},
    {"Tiếp nhận trong kỳ (lượt)", &store::IntakeFigures::received},
    {"Trùng lặp", &store::IntakeFigures::duplicates},
    {"Vụ việc mới", &store::IntakeFigures::new_matters},
    {"Đã gộp (trùng vụ việc)", &store::IntakeFigures::merged},
    {"Không đủ điều kiện xử lý", &store::IntakeFigures::refused},
    {"Đủ điều kiện xử lý", &store::IntakeFigures::eligible},
    {"Khiếu nại", &store::IntakeFigures::complaints},
    {"Tố cáo", &store::IntakeFigures::denunciations},
    {"Kiến nghị, phản ánh", &store::IntakeFigures::petitions},
    {"Một người đứng tên", &store::IntakeFigures::one_signer},
    {"Nhiều người đứng tên", &store::IntakeFigures::many_signers},
    {"Thuộc thẩm quyền", &store::IntakeFigures::within_competence},
    {"Hướng dẫn, chuyển đơn", &store::IntakeFigures::guided},
    {"Chuyển cấp trên", &store::IntakeFigures::forwarded_up},
};

XlsxSheet breakdown_sheet(const Summary& s, std::string name, std::string title, std::string what,
                          const std::vector<Row>& rows, bool with_dialogues) {
  XlsxSheet sheet;
  sheet.name = std::move(name);
  sheet.title = std::move(title);
  sheet.subtitle = {scope_line(s), period_line(s)};
  sheet.columns = {{"STT", 6}, {std::move(what), 40}};
  if (with_dialogues) {
    sheet.columns.push_back({"Số cuộc đối thoại", 14});
    sheet.columns.push_back({"Lượt người tham dự", 14});
    sheet.columns.push_back({"Lượt ý kiến tại đối thoại", 14});
  }
  sheet.columns.push_back({"Số vụ việc", 12});
  sheet.columns.push_back({"Lượt ý kiến", 12});
  std::int64_t matters = 0, submissions = 0, dialogues = 0, attendances = 0, opinions = 0;
  int n = 0;
  for (const auto& r : rows) {
    std::vector<XlsxCell> cells{++n, r.name};
    if (with_dialogues) {
      cells.emplace_back(r.dialogues);
      cells.emplace_back(r.attendances);
      cells.emplace_back(r.dialogue_submissions);
    }
    cells.emplace_back(r.matters);
    cells.emplace_back(r.submissions);
    sheet.rows.push_back(std::move(cells));
    matters += r.matters;
    submissions += r.submissions;
    dialogues += r.dialogues;
    attendances += r.attendances;
    opinions += r.dialogue_submissions;
  }
  std::vector<XlsxCell> total{XlsxCell{}, XlsxCell::strong("Tổng cộng")};
  if (with_dialogues) {
    total.push_back(XlsxCell::strong(dialogues));
    total.push_back(XlsxCell::strong(attendances));
    total.push_back(XlsxCell::strong(opinions));
  }
  total.push_back(XlsxCell::strong(matters));
  total.push_back(XlsxCell::strong(submissions));
  sheet.rows.push_back(std::move(total));
  return sheet;
}

}  // namespace

std::string summary_json(const Summary& s) {
  json timeliness = json::array();
  for (const auto& t : s.timeliness) {
    timeliness.push_back(
        json{{"agency_code", t.agency_code.empty() ? json(nullptr) : json(t.agency_code)},
             {"agency_name", t.agency_name},
             {"kind", code(t.kind)},
             {"kind_name", name_vi(t.kind)},
             {"on_time", t.on_time},
             {"late", t.late},
             {"overdue", t.overdue}});
  }
  json overdue = json::array();
  for (const auto& o : s.overdue_items) {
    const auto& m = o.matter;
    overdue.push_back(
        json{{"id", m.id},
             {"tracking_code", m.tracking_code},
             {"title", m.title},
             {"unit_code", m.unit_code},
             {"unit_name", o.unit_name},
             {"agency_code", m.agency_code.empty() ? json(nullptr) : json(m.agency_code)},
             {"agency_name", o.agency_name.empty() ? json(nullptr) : json(o.agency_name)},
             {"kind", code(m.kind)},
             {"status", code(m.status)},
             {"received_on", m.received_on.iso()},
             {"due_on", m.due_on.iso()},
             {"days_overdue", o.days_overdue}});
  }
  const auto& r = s.request;
  json out{
      {"period", {{"from", r.from.iso()}, {"to", r.to.iso()}}},
      {"as_of", r.as_of.iso()},
      {"scope",
       {{"kind", r.scope == SummaryRequest::Scope::unit ? "unit" : "agency"},
        {"code", r.code},
        {"name", s.scope_name}}},
      {"dialogues", s.dialogues},
      {"attendances", s.attendances},
      {"submissions", s.submissions},
      {"matters", s.matters},
      {"matter_submissions", s.matter_submissions},
      {"people", s.people},
      {"dialogues_recorded", s.dialogues_recorded},
      {"by_unit", rows_json(s.by_unit, true)},
      {"by_field", rows_json(s.by_field, false)},
      {"by_kind", rows_json(s.by_kind, false)},
      {"by_channel", rows_json(s.by_channel, false)},
      {"by_status", rows_json(s.by_status, false)},
      {"by_host_agency", host_json(s.by_host_agency)},
      {"timeliness", timeliness},
      {"on_time", s.on_time},
      {"late", s.late},
      {"overdue", s.overdue},
      {"overdue_items", overdue},
      {"intake", intake_json(s.intake)},
      {"summary", s.prose},
  };
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string summary_text(const Summary& s) {
  std::ostringstream out;
  out << "BÁO CÁO TỔNG HỢP\n" << scope_line(s) << '\n' << period_line(s) << '\n';
  out << "Số liệu tính đến ngày " << s.request.as_of.vi() << "\n\n" << s.prose << "\n\n";
  auto line = [&](const std::string& label, const std::string& value) {
    out << "  " << label << ": " << value << '\n';
  };
  if (s.dialogues_recorded) {
    line("Số cuộc đối thoại", format_number(s.dialogues));
    line("Lượt người tham dự", format_number(s.attendances));
  } else {
    line("Số cuộc đối thoại", "chưa có số liệu");
  }
  line("Lượt ý kiến", format_number(s.submissions));
  line("Số vụ việc", format_number(s.matters));
  line("Giải quyết đúng hạn", format_number(s.on_time));
  line("Giải quyết trễ hạn", format_number(s.late));
  line("Quá hạn", format_number(s.overdue));
  auto section = [&](const std::string& title, const std::vector<Row>& rows) {
    out << '\n' << title << " (vụ việc / lượt ý kiến)\n";
    for (const auto& r : rows) {
      if (r.matters == 0 && r.submissions == 0) continue;
      out << "  " << r.name << ": " << format_number(r.matters) << " / "
          << format_number(r.submissions) << '\n';
    }
  };
  section("Theo đơn vị", s.by_unit);
  if (s.dialogues_recorded && s.dialogues > 0) {
    out << "\nĐối thoại theo đơn vị (cuộc / lượt người tham dự / lượt ý kiến)\n";
    for (const auto& r : s.by_unit) {
      if (r.dialogues == 0) continue;
      out << "  " << r.name << ": " << format_number(r.dialogues) << " / "
          << format_number(r.attendances) << " / " << format_number(r.dialogue_submissions) << '\n';
    }
  }
  section("Theo lĩnh vực", s.by_field);
  section("Theo loại", s.by_kind);
  section("Theo kênh tiếp nhận", s.by_channel);
  section("Theo trạng thái", s.by_status);
  out << "\nBiểu 01/XLD\n";
  for (const auto& c : kIntakeColumns) line(c.header, format_number(s.intake.*c.value));
  if (!s.overdue_items.empty()) {
    out << "\nVụ việc quá hạn\n";
    for (const auto& o : s.overdue_items) {
      out << "  " << o.matter.tracking_code << "  " << o.matter.title << "  (" << o.unit_name
          << ", hạn " << o.matter.due_on.vi() << ", quá hạn " << o.days_overdue << " ngày)\n";
    }
  }
  return out.str();
}

XlsxWorkbook summary_workbook(const Summary& s) {
  XlsxWorkbook wb;
  wb.title = "Báo cáo tổng hợp - " + s.scope_name;
  wb.author = s.scope_name;

  XlsxSheet overview;
  overview.name = "Tổng hợp";
  overview.title = "BÁO CÁO TỔNG HỢP KẾT QUẢ ĐỐI THOẠI, TIẾP NHẬN VÀ XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ";
  overview.subtitle = {scope_line(s), period_line(s),
                       "Số liệu tính đến ngày " + s.request.as_of.vi()};
  overview.columns = {{"Chỉ tiêu", 50}, {"Số lượng", 16}};
  auto figure = [&](const char* label, std::int64_t v) { overview.rows.push_back({label, v}); };
  if (s.dialogues_recorded) {
    figure("Số cuộc đối thoại", s.dialogues);
    figure("Lượt người tham dự", s.attendances);
  } else {
    overview.rows.push_back({"Số cuộc đối thoại", "Chưa có số liệu"});
    overview.rows.push_back({"Lượt người tham dự", "Chưa có số liệu"});
  }
  figure("Lượt ý kiến", s.submissions);
  figure("Số vụ việc tiếp nhận trong kỳ", s.matters);
  figure("Lượt ý kiến của các vụ việc", s.matter_submissions);
  figure("Giải quyết đúng hạn", s.on_time);
  figure("Giải quyết trễ hạn", s.late);
  figure("Vụ việc quá hạn", s.overdue);
  overview.notes = {s.prose};
  wb.sheets.push_back(std::move(overview));

  wb.sheets.push_back(
      breakdown_sheet(s, "Theo đơn vị", "SỐ LIỆU THEO ĐƠN VỊ", "Đơn vị", s.by_unit, true));
  wb.sheets.push_back(
      breakdown_sheet(s, "Theo lĩnh vực", "SỐ LIỆU THEO LĨNH VỰC", "Lĩnh vực", s.by_field, false));
  wb.sheets.push_back(breakdown_sheet(s, "Theo loại", "SỐ LIỆU THEO LOẠI VỤ VIỆC", "Loại vụ việc",
                                      s.by_kind, false));
  wb.sheets.push_back(breakdown_sheet(s, "Theo kênh", "SỐ LIỆU THEO KÊNH TIẾP NHẬN",
                                      "Kênh tiếp nhận", s.by_channel, false));
  wb.sheets.push_back(breakdown_sheet(s, "Theo trạng thái", "SỐ LIỆU THEO TRẠNG THÁI", "Trạng thái",
                                      s.by_status, false));

  XlsxSheet hosts;
  hosts.name = "Theo cơ quan chủ trì";
  hosts.title = "HỘI NGHỊ ĐỐI THOẠI THEO CƠ QUAN CHỦ TRÌ";
  hosts.subtitle = {scope_line(s), period_line(s)};
  hosts.columns = {{"STT", 6},
                   {"Cơ quan chủ trì", 44},
                   {"Số cuộc đối thoại", 14},
                   {"Lượt người tham dự", 14},
                   {"Lượt ý kiến", 12}};
  int n = 0;
  for (const auto& r : s.by_host_agency) {
    hosts.rows.push_back({++n, r.name, r.dialogues, r.attendances, r.dialogue_submissions});
  }
  if (!s.dialogues_recorded) hosts.notes = {"Chưa có số liệu hội nghị đối thoại."};
  wb.sheets.push_back(std::move(hosts));

  XlsxSheet timely;
  timely.name = "Đúng hạn, trễ hạn";
  timely.title = "KẾT QUẢ GIẢI QUYẾT THEO THỜI HẠN";
  timely.subtitle = {scope_line(s), period_line(s)};
  timely.columns = {{"STT", 6},       {"Cơ quan chủ trì", 40}, {"Loại vụ việc", 14},
                    {"Đúng hạn", 11}, {"Trễ hạn", 11},         {"Quá hạn", 11}};
  n = 0;
  for (const auto& t : s.timeliness) {
    timely.rows.push_back(
        {++n, t.agency_name, std::string(name_vi(t.kind)), t.on_time, t.late, t.overdue});
  }
  timely.rows.push_back({XlsxCell{}, XlsxCell::strong("Tổng cộng"), XlsxCell{},
                         XlsxCell::strong(s.on_time), XlsxCell::strong(s.late),
                         XlsxCell::strong(s.overdue)});
  wb.sheets.push_back(std::move(timely));

  XlsxSheet late;
  late.name = "Quá hạn";
  late.title = "DANH SÁCH VỤ VIỆC QUÁ HẠN";
  late.subtitle = {scope_line(s), "Tính đến ngày " + s.request.as_of.vi()};
  late.columns = {{"STT", 6},
                  {"Mã tra cứu", 14},
                  {"Vụ việc", 40},
                  {"Đơn vị", 20},
                  {"Cơ quan chủ trì", 28},
                  {"Loại", 11},
                  {"Trạng thái", 16},
                  {"Ngày nhận", 12},
                  {"Hạn giải quyết", 13},
                  {"Số ngày quá hạn", 10}};
  n = 0;
  for (const auto& o : s.overdue_items) {
    const auto& m = o.matter;
    late.rows.push_back({++n, m.tracking_code, m.title, o.unit_name, o.agency_name,
                         std::string(name_vi(m.kind)), std::string(name_vi(m.status)),
                         m.received_on, m.due_on, o.days_overdue});
  }
  if (s.overdue > static_cast<std::int64_t>(s.overdue_items.size())) {
    late.notes = {"Danh sách gồm " +
                  format_number(static_cast<std::int64_t>(s.overdue_items.size())) +
                  " trong tổng số " + format_number(s.overdue) + " vụ việc quá hạn."};
  }
  wb.sheets.push_back(std::move(late));

  XlsxSheet form;
  form.name = "Biểu 01-XLD";
  form.title = "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN (Biểu 01/XLD)";
  form.subtitle = {scope_line(s), period_line(s)};
  std::vector<XlsxCell> numbers, values;
  int column = 0;
  for (const auto& c : kIntakeColumns) {
    form.columns.push_back({c.header, 12});
    numbers.emplace_back("(" + std::to_string(++column) + ")");
    values.emplace_back(s.intake.*c.value);
  }
  form.rows = {numbers, values};
  form.notes = {"(2) = số lượt ý kiến (đơn) nhận trong kỳ; (3) là lượt nêu lại vụ việc đã nhận.",
                "(7) = (4) - (5) - (6) = (8) + (9) + (10) = (11) + (12) = (13) + (14) + (15)."};
  wb.sheets.push_back(std::move(form));
  return wb;
}

}  // namespace doithoai::report
