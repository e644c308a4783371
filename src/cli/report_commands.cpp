#include "cli/report_commands.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "domain/unit_tree.hpp"
#include "report/dialogue_source.hpp"
#include "report/document.hpp"
#include "report/minutes.hpp"
#include "report/register.hpp"
#include "report/summary.hpp"
#include "report/xlsx.hpp"
#include "store/store.hpp"

namespace doithoai::cli {

namespace {

int usage(const std::string& message) {
  std::cerr << "doithoai: " << message << '\n';
  return 2;
}

Expected<std::string> render(const report::Summary& s, const std::string& format) {
  if (format == "json") return report::summary_json(s) + "\n";
  if (format == "xlsx") return report::write_xlsx(report::summary_workbook(s));
  return report::summary_text(s);
}

// Writes the bytes to --out, or to standard output.
int emit(const Expected<std::string>& done, const std::string& path) {
  if (!done.ok()) return fail(done.error());
  if (path.empty()) {
    std::cout << *done;
    return 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << *done;
  out.close();
  if (!out) return fail(internal_error("Không ghi được tệp " + path));
  std::cout << "Đã ghi " << path << '\n';
  return 0;
}

int minutes(const Options& options, const ReportOptions& o) {
  if (o.format != "pdf" && o.format != "docx") return usage("--format phải là pdf hoặc docx");
  if (o.out.empty()) return usage("cần --out TỆP");
  auto store = open_store(options);
  if (!store.ok()) return fail(store.error());
  auto& st = **store;
  auto done = [&]() -> Expected<std::string> {
    const auto record = TRY(st.dialogues().record(static_cast<Id>(o.dialogue)));
    const UnitTree tree(TRY(st.units(std::nullopt)));
    const auto agencies = TRY(st.agencies());
    const auto fields = TRY(st.fields());
    const auto doc =
        TRY(report::dialogue_minutes(record, report::Reference{tree, agencies, fields}));
    return o.format == "pdf" ? report::write_pdf(doc) : report::write_docx(doc);
  }();
  st.close();
  return emit(done, o.out);
}

int register_book(const Options& options, const ReportOptions& o) {
  const auto from = Date::parse_iso(o.from);
  const auto to = Date::parse_iso(o.to);
  if (!from || !to) return usage("--from và --to là ngày dạng YYYY-MM-DD");
  if (*to < *from) return usage("--to phải sau hoặc bằng --from");
  if (o.unit.empty() == o.agency.empty()) return usage("cần đúng một trong --unit hoặc --agency");
  if (o.format != "pdf" && o.format != "xlsx") return usage("--format phải là xlsx hoặc pdf");
  if (o.out.empty()) return usage("cần --out TỆP");
  auto store = open_store(options);
  if (!store.ok()) return fail(store.error());
  auto& st = **store;
  auto done = [&]() -> Expected<std::string> {
    const UnitTree tree(TRY(st.units(std::nullopt)));
    report::RegisterHeading h;
    h.from = *from;
    h.to = *to;
    h.as_of = vietnam_date(now_utc());
    std::string unit_code = o.unit;
    if (!o.agency.empty()) {
      const auto agency = TRY(st.agency(o.agency));
      h.body = agency.name;
      if (agency.parent_code) {
        if (auto parent = st.agency(*agency.parent_code); parent.ok()) h.parent_body = parent->name;
      }
      unit_code = agency.unit_code;
    } else if (!tree.contains(o.unit)) {
      return invalid("unknown_unit", "Đơn vị không tồn tại: \"" + o.unit + "\"", "unit");
    }
    if (const Unit* u = tree.find(unit_code)) {
      if (h.body.empty()) h.body = u->full_name();
      h.place = u->name;
    }
    store::RegisterQuery q;
    q.agency_code = o.agency;
    q.unit_code = o.unit;
    q.from = *from;
    q.to = *to;
    const auto rows = TRY(st.receptions().register_rows(q));
    return o.format == "pdf" ? report::write_pdf(report::register_document(rows, h))
                             : report::write_xlsx(report::register_workbook(rows, h));
  }();
  st.close();
  return emit(done, o.out);
}

int summary(const Options& options, const ReportOptions& o) {
  report::SummaryRequest r;
  const auto from = Date::parse_iso(o.from);
  const auto to = Date::parse_iso(o.to);
  if (!from || !to) return usage("--from và --to là ngày dạng YYYY-MM-DD");
  if (o.unit.empty() == o.agency.empty()) return usage("cần đúng một trong --unit hoặc --agency");
  if (o.format != "json" && o.format != "xlsx" && o.format != "text") {
    return usage("--format phải là json, xlsx hoặc text");
  }
  if (o.format == "xlsx" && o.out.empty()) return usage("--format xlsx cần --out TỆP");
  r.from = *from;
  r.to = *to;
  r.scope =
      o.unit.empty() ? report::SummaryRequest::Scope::agency : report::SummaryRequest::Scope::unit;
  r.code = o.unit.empty() ? o.agency : o.unit;
  r.as_of = vietnam_date(now_utc());
  r.overdue_limit = o.overdue_limit;

  auto store = open_store(options);
  if (!store.ok()) return fail(store.error());
  auto& st = **store;
  auto done = [&]() -> Expected<std::string> {
    const UnitTree tree(TRY(st.units(std::nullopt)));
    const auto agencies = TRY(st.agencies());
    const auto fields = TRY(st.fields());
    const report::Reference ref{tree, agencies, fields};
    const auto source = report::dialogue_source_for(st);
    const auto s = TRY(report::build_summary(r, ref, st.reports(), *source));
    return render(s, o.format);
  }();
  st.close();
  return emit(done, o.out);
}

}  // namespace

ReportCommand::ReportCommand(CLI::App& app) {
  auto* report = app.add_subcommand("report", "Báo cáo, thống kê");
  report->require_subcommand(1);
  summary_ = report->add_subcommand(
      "summary", "Báo cáo tổng hợp: đối thoại, lượt ý kiến, vụ việc, thời hạn, Biểu 01/XLD");
  auto& o = *options_;
  summary_->add_option("--from", o.from, "Ngày đầu kỳ báo cáo, YYYY-MM-DD")->required();
  summary_->add_option("--to", o.to, "Ngày cuối kỳ báo cáo, YYYY-MM-DD")->required();
  auto* unit = summary_->add_option("--unit", o.unit,
                                    "Mã đơn vị (gồm cấp dưới và đơn vị cũ đã "
                                    "sáp nhập vào)");
  auto* agency = summary_->add_option("--agency", o.agency, "Mã cơ quan chủ trì");
  unit->excludes(agency);
  summary_->add_option("--format", o.format, "json | xlsx | text (mặc định text)");
  summary_->add_option("--out", o.out, "Ghi vào tệp thay vì ra màn hình (bắt buộc với xlsx)");
  summary_->add_option("--overdue-limit", o.overdue_limit,
                       "Số vụ việc quá hạn liệt kê (mặc định 100)");

  auto& m = *minutes_options_;
  m.format = "pdf";
  minutes_ = report->add_subcommand("minutes", "Biên bản hội nghị đối thoại (PDF hoặc DOCX)");
  minutes_->add_option("--dialogue", m.dialogue, "Số (id) của hội nghị đối thoại")->required();
  minutes_->add_option("--format", m.format, "pdf | docx (mặc định pdf)");
  minutes_->add_option("--out", m.out, "Tệp ghi ra")->required();

  auto& g = *register_options_;
  g.format = "xlsx";
  register_ = report->add_subcommand(
      "register", "Sổ tiếp công dân (mẫu 03) của một cơ quan hoặc đơn vị, XLSX hoặc PDF");
  register_->add_option("--from", g.from, "Ngày đầu kỳ, YYYY-MM-DD")->required();
  register_->add_option("--to", g.to, "Ngày cuối kỳ, YYYY-MM-DD")->required();
  auto* g_unit = register_->add_option("--unit", g.unit, "Mã đơn vị (gồm cấp dưới)");
  auto* g_agency = register_->add_option("--agency", g.agency, "Mã cơ quan");
  g_unit->excludes(g_agency);
  register_->add_option("--format", g.format, "xlsx | pdf (mặc định xlsx)");
  register_->add_option("--out", g.out, "Tệp ghi ra")->required();
}

bool ReportCommand::parsed() const {
  return summary_->parsed() || minutes_->parsed() || register_->parsed();
}

int ReportCommand::run(const Options& options) const {
  if (minutes_->parsed()) return minutes(options, *minutes_options_);
  if (register_->parsed()) return register_book(options, *register_options_);
  return summary(options, *options_);
}

}  // namespace doithoai::cli
