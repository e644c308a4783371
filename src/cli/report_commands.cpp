#include "cli/report_commands.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "domain/unit_tree.hpp"
#include "report/dialogue_source.hpp"
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
  if (!done.ok()) return fail(done.error());
  if (o.out.empty()) {
    std::cout << *done;
    return 0;
  }
  std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
  out << *done;
  out.close();
  if (!out) return fail(internal_error("Không ghi được tệp " + o.out));
  std::cout << "Đã ghi " << o.out << '\n';
  return 0;
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
}

bool ReportCommand::parsed() const {
  return summary_->parsed();
}

int ReportCommand::run(const Options& options) const {
  return summary(options, *options_);
}

}  // namespace doithoai::cli
