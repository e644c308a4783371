// Báo cáo, thống kê: the reports dashboard of the staff workspace. A period and a scope (a unit
// with its subtree and what merged into it, or an agency), the figures of the summary report
// (report/summary.hpp, the same as GET /api/v1/reports/summary), charts drawn as SVG on the
// server with a table beside each, the overdue list, and the summary as XLSX, DOCX and PDF.
#include <algorithm>
#include <map>

#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "report/dialogue_source.hpp"
#include "report/document.hpp"
#include "report/format.hpp"
#include "report/summary.hpp"
#include "report/xlsx.hpp"
#include "store/alongside.hpp"
#include "store/store.hpp"
#include "web/charts.hpp"
#include "web/format.hpp"
#include "web/internal.hpp"
#include "web/page_helpers.hpp"

namespace doithoai::web {

namespace {

using permissions::Action;

constexpr int kMaxBars = 12;    // a breakdown shows its largest rows, the rest as "Khác"
constexpr int kMaxMonths = 24;  // the on-time series covers at most the last 24 months

Date today() {
  return vietnam_date(now_utc());
}

struct ReportForm {
  Date from, to;
  bool agency = false;
  std::string unit, agency_code;
  std::string from_text, to_text;
  std::optional<Error> error;

  report::SummaryRequest request() const {
    report::SummaryRequest r;
    r.from = from;
    r.to = to;
    r.as_of = today();
    r.scope = agency ? report::SummaryRequest::Scope::agency : report::SummaryRequest::Scope::unit;
    r.code = agency ? agency_code : unit;
    r.overdue_limit = 50;
    return r;
  }
  std::vector<std::pair<std::string, std::string>> query() const {
    return {{"from", from.vi()},
            {"to", to.vi()},
            {"scope", agency ? "agency" : "unit"},
            {"unit", unit},
            {"agency", agency_code}};
  }
};

// The unit (or agency) a user reports on when nothing is chosen: their first grant that may
// read reports.
void default_scope(const auth::Principal& p, const Reference& ref, ReportForm& f) {
  for (const auto& g : p.subject.grants) {
    if (!permissions::role_permits(g.role, Action::read_reports)) continue;
    if (g.scope_kind == Grant::ScopeKind::unit) {
      f.unit = g.scope_code;
      return;
    }
    if (f.agency_code.empty()) f.agency_code = g.scope_code;
  }
  if (!f.agency_code.empty()) {
    f.agency = true;
    return;
  }
  for (const auto& u : ref.units) {
    if (!u.parent_code && !u.valid_to) f.unit = u.code;
  }
}

ReportForm read_form(const http::Request& request, const auth::Principal& p, const Reference& ref) {
  ReportForm f;
  const Date t = today();
  f.from = Date{t.year, 1, 1};
  f.to = t;
  const auto param = [&request](std::string_view k) { return request.query_param(k).value_or(""); };
  f.from_text = param("from");
  f.to_text = param("to");
  f.unit = param("unit");
  f.agency_code = param("agency");
  f.agency = param("scope") == "agency";
  if (f.unit.empty() && f.agency_code.empty()) default_scope(p, ref, f);
  if (!f.agency && f.unit.empty() && !f.agency_code.empty()) f.agency = true;
  for (auto& [text, date, field] :
       {std::tuple{&f.from_text, &f.from, "from"}, std::tuple{&f.to_text, &f.to, "to"}}) {
    if (text->empty()) {
      *text = date->vi();
    } else if (const auto d = parse_date_vi(*text)) {
      *date = *d;
    } else {
      f.error = invalid("bad_date", "Ngày không hợp lệ", field);
    }
  }
  if (!f.error && f.to < f.from)
    f.error = invalid("bad_period", "Ngày kết thúc của kỳ báo cáo phải sau ngày bắt đầu", "to");
  return f;
}

Expected<permissions::Target> scope_target(const ReportForm& f, const Reference& ref) {
  permissions::Target target;
  if (!f.agency) {
    if (!ref.tree.contains(f.unit)) return invalid("unknown_unit", "Đơn vị không tồn tại", "unit");
    target.unit_path = ref.tree.path(f.unit);
    return target;
  }
  for (const auto& a : ref.agencies) {
    if (a.code == f.agency_code) {
      target.unit_path = ref.tree.path(a.unit_code);
      target.agency_code = a.code;
      return target;
    }
  }
  return invalid("unknown_agency", "Cơ quan không tồn tại", "agency");
}

struct Built {
  ReportForm form;
  report::Summary summary;
  std::vector<store::MonthTimeliness> months;  // of the on-time chart, when asked for
};

// The period of the on-time chart: the form's, or its last kMaxMonths months.
report::SummaryRequest chart_request(const ReportForm& f) {
  auto r = f.request();
  if ((r.to.year - r.from.year) * 12 + r.to.month - r.from.month >= kMaxMonths) {
    const int first = r.to.year * 12 + r.to.month - 1 - (kMaxMonths - 1);
    r.from = Date{first / 12, first % 12 + 1, 1};
  }
  return r;
}

// The form read, the permission checked, the summary built (and the chart's months read at the
// same time, with `months`); or the error to show.
Expected<Built> build(Services& services, const http::Request& request, const Page& page,
                      const Reference& ref, bool months = false) {
  Built b{read_form(request, *page.principal, ref), {}, {}};
  if (b.form.error) return *b.form.error;
  const auto target = TRY(scope_target(b.form, ref));
  TRY(permissions::require(page.principal->subject, Action::read_reports, target));
  auto& store = services.context.store;
  const report::Reference rr{ref.tree, ref.agencies, ref.fields};
  const auto source = report::dialogue_source_for(store);
  Expected<std::vector<store::MonthTimeliness>> read = std::vector<store::MonthTimeliness>{};
  b.summary = TRY(store::alongside(
      [&] {
        if (months) read = report::monthly_timeliness(chart_request(b.form), rr, store.reports());
      },
      [&] { return report::build_summary(b.form.request(), rr, store.reports(), *source); }));
  b.months = TRY(std::move(read));
  return b;
}

// A breakdown as bars: the largest rows, then the rest added up as one "Khác" row.
std::vector<Bar> top_bars(Lang lang, std::vector<std::pair<std::string, std::int64_t>> rows) {
  rows.erase(std::remove_if(rows.begin(), rows.end(), [](const auto& r) { return r.second <= 0; }),
             rows.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<Bar> bars;
  std::int64_t rest = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (static_cast<int>(i) < kMaxBars - 1 || rows.size() == kMaxBars) {
      bars.push_back(Bar{rows[i].first, rows[i].second, format_number(rows[i].second)});
    } else {
      rest += rows[i].second;
    }
  }
  if (rest > 0)
    bars.push_back(Bar{std::string(msg(lang, "report_other")), rest, format_number(rest)});
  return bars;
}

Data chart_data(const std::string& id, const std::string& title, const std::string& svg,
                const std::string& label_heading, const std::string& value_heading,
                const std::vector<std::pair<std::string, std::string>>& rows) {
  Data d;
  d.set("id", id);
  d.set("title", title);
  d.set("svg", svg);
  d.set("label_heading", label_heading);
  d.set("value_heading", value_heading);
  List table;
  for (const auto& [label, value] : rows) {
    Data r;
    r.set("label", label);
    r.set("value", value);
    table.push_back(r);
  }
  d.set("rows", table);
  d.set("empty", rows.empty());
  return d;
}

Data bars_chart(Lang lang, const std::string& id, std::string_view title_key,
                std::string_view label_key, std::string_view value_key,
                const std::vector<std::pair<std::string, std::int64_t>>& rows,
                std::string_view tone) {
  const auto bars = top_bars(lang, rows);
  const std::string title(msg(lang, title_key));
  std::string description;
  for (const auto& b : bars) {
    description.append(description.empty() ? "" : "; ")
        .append(b.label)
        .append(": ")
        .append(b.value_text);
  }
  std::vector<std::pair<std::string, std::string>> table;
  table.reserve(bars.size());
  for (const auto& b : bars) table.emplace_back(b.label, b.value_text);
  return chart_data(
      id, title, bars.empty() ? std::string() : bar_chart_svg(id, title, description, bars, tone),
      std::string(msg(lang, label_key)), std::string(msg(lang, value_key)), table);
}

// The on-time rate month by month over the period (its last kMaxMonths months), from one read
// of the monthly counters.
Data monthly_chart(Lang lang, const std::vector<store::MonthTimeliness>& months) {
  std::vector<Column> columns;
  std::vector<std::pair<std::string, std::string>> table;
  std::string description;
  for (const auto& m : months) {
    char label[16];
    std::snprintf(label, sizeof label, "%02d/%04d", m.month, m.year);
    Column c;
    c.label = label;
    const auto decided = m.on_time + m.late;
    if (decided > 0) {
      c.value = 100.0 * static_cast<double>(m.on_time) / static_cast<double>(decided);
      c.value_text = format_percent(*c.value, 2);
    } else {
      c.value_text = "—";
    }
    table.emplace_back(c.label, c.value_text + (decided > 0 ? " (" + format_number(m.on_time) +
                                                                  "/" + format_number(decided) + ")"
                                                            : std::string()));
    description.append(description.empty() ? "" : "; ")
        .append(c.label)
        .append(": ")
        .append(c.value_text);
    columns.push_back(std::move(c));
  }
  const std::string title(msg(lang, "report_chart_monthly"));
  return chart_data("chart-monthly", title,
                    percent_columns_svg("chart-monthly", title, description, columns),
                    std::string(msg(lang, "report_col_month")),
                    std::string(msg(lang, "report_col_on_time_rate")), table);
}

Data figure(const std::string& label, const std::string& value, std::string_view tone = "") {
  Data d;
  d.set("label", label);
  d.set("value", value);
  if (!tone.empty()) d.set("tone", std::string(tone));
  return d;
}

http::Response dashboard(Services& services, Page& page, const http::Request& request) {
  const Lang lang = page.lang;
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  Data d;
  auto built = build(services, request, page, *ref, true);
  const ReportForm form = built.ok() ? built->form : read_form(request, *page.principal, *ref);
  // The form, as chosen.
  d.set("from", form.from_text);
  d.set("to", form.to_text);
  d.set("scope_unit", !form.agency);
  d.set("scope_agency", form.agency);
  d.set("units", unit_options(lang, *ref, form.unit, std::nullopt, false));
  // Every agency, those that have ended too: a report may cover the years they served.
  d.set("agencies",
        helpers::agency_options_if(*ref, form.agency_code, [](const Agency&) { return true; }));
  int status = 200;
  if (!built.ok()) {
    const auto& e = built.error();
    if (e.kind == ErrorKind::forbidden) return error_page(services, page, e);
    const std::string label(msg(lang, e.field == "from" ? "report_from"
                                      : e.field == "to" ? "report_to"
                                                        : "label_unit"));
    const auto text = field_error_message(lang, e, label);
    d.set("err_" + e.field, text);
    d.set("error", text);
    status = status_for(e.kind);
    page.section = "reports";
    return render(services, page, "reports", d, std::string(msg(lang, "reports_title")), status);
  }
  const auto& s = built->summary;
  d.set("has_report", true);
  d.set("scope_name", s.scope_name);
  d.set("period",
        msg(lang, "report_period", {format_date(s.request.from), format_date(s.request.to)}));
  d.set("as_of", msg(lang, "report_as_of", {format_date(s.request.as_of)}));
  d.set("prose", s.prose);
  List figures;
  if (s.dialogues_recorded) {
    figures.push_back(
        figure(std::string(msg(lang, "report_dialogues")), format_number(s.dialogues)));
    figures.push_back(
        figure(std::string(msg(lang, "report_attendances")), format_number(s.attendances)));
  }
  figures.push_back(
      figure(std::string(msg(lang, "report_submissions")), format_number(s.submissions)));
  figures.push_back(figure(std::string(msg(lang, "report_matters")), format_number(s.matters)));
  figures.push_back(
      figure(std::string(msg(lang, "report_on_time")), format_number(s.on_time), "ok"));
  figures.push_back(figure(std::string(msg(lang, "report_late")), format_number(s.late), "warn"));
  figures.push_back(
      figure(std::string(msg(lang, "report_overdue")), format_number(s.overdue), "bad"));
  const auto decided = s.on_time + s.late;
  figures.push_back(figure(
      std::string(msg(lang, "report_on_time_rate")),
      decided > 0
          ? format_percent(100.0 * static_cast<double>(s.on_time) / static_cast<double>(decided), 2)
          : "—"));
  d.set("figures", figures);

  List charts;
  {
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (const auto& r : s.by_field)
      rows.emplace_back(r.name.empty() ? std::string(msg(lang, "not_classified")) : r.name,
                        r.matters);
    charts.push_back(bars_chart(lang, "chart-field", "report_chart_field", "label_field",
                                "report_col_matters", rows, "navy"));
  }
  {
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (const auto& r : s.by_unit) rows.emplace_back(ref->unit_name(r.code), r.matters);
    charts.push_back(bars_chart(lang, "chart-unit", "report_chart_unit", "label_unit",
                                "report_col_matters", rows, "navy"));
  }
  charts.push_back(monthly_chart(lang, built->months));
  {
    std::map<std::string, std::int64_t> overdue;
    for (const auto& t : s.timeliness) {
      if (t.overdue > 0)
        overdue[t.agency_name.empty() ? std::string(msg(lang, "not_assigned")) : t.agency_name] +=
            t.overdue;
    }
    charts.push_back(bars_chart(lang, "chart-overdue", "report_chart_overdue", "label_agency",
                                "report_col_overdue", {overdue.begin(), overdue.end()}, "red"));
  }
  d.set("charts", charts);

  List overdue_rows;
  for (const auto& o : s.overdue_items) {
    Data r;
    r.set("href", "/can-bo/vu-viec/" + std::to_string(o.matter.id));
    r.set("code", o.matter.tracking_code);
    r.set("title", o.matter.title);
    r.set("unit", o.unit_name);
    r.set("agency", o.agency_name.empty() ? std::string(msg(lang, "not_assigned")) : o.agency_name);
    r.set("due_on", format_date(o.matter.due_on));
    r.set("days", msg(lang, "report_days_overdue", {format_number(o.days_overdue)}));
    overdue_rows.push_back(r);
  }
  d.set("overdue_rows", overdue_rows);
  d.set("has_overdue", !s.overdue_items.empty());
  d.set("overdue_count", msg(lang, "report_overdue_count", {format_number(s.overdue)}));
  const auto q = form.query();
  d.set("xlsx_href", url_with("/can-bo/bao-cao/tong-hop.xlsx", q));
  d.set("docx_href", url_with("/can-bo/bao-cao/tong-hop.docx", q));
  d.set("pdf_href", url_with("/can-bo/bao-cao/tong-hop.pdf", q));
  page.section = "reports";
  return render(services, page, "reports", d, std::string(msg(lang, "reports_title")), status);
}

enum class FileKind { xlsx, docx, pdf };

http::Response download(Services& services, const http::Request& request, FileKind kind) {
  auto page = page_for(services, request);
  if (auto login = require_login(services, page, request)) return std::move(*login);
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  auto built = build(services, request, page, *ref);
  if (!built.ok()) return error_page(services, page, built.error());
  const auto& s = built->summary;
  Expected<std::string> bytes = std::string();
  std::string type, ext;
  switch (kind) {
    case FileKind::xlsx:
      bytes = report::write_xlsx(report::summary_workbook(s));
      type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      ext = "xlsx";
      break;
    case FileKind::docx:
    case FileKind::pdf: {
      const auto doc = report::summary_document(s, report::upper_vi(s.scope_name), "");
      bytes = kind == FileKind::docx ? report::write_docx(doc) : report::write_pdf(doc);
      type = kind == FileKind::docx
                 ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                 : "application/pdf";
      ext = kind == FileKind::docx ? "docx" : "pdf";
      break;
    }
  }
  if (!bytes.ok()) return error_page(services, page, bytes.error());
  http::Response r;
  r.status = 200;
  r.content_type = type;
  r.body = std::move(bytes).value();
  r.header("Cache-Control", "no-store");
  r.header("Content-Disposition", "attachment; filename=\"bao-cao-tong-hop-" + s.request.code +
                                      "-" + s.request.from.iso() + "-" + s.request.to.iso() + "." +
                                      ext + "\"");
  return r;
}

}  // namespace

void register_report_pages(http::Router& router, Services& services) {
  // Reports read much: they run on the blocking pool, as the API's do.
  router.add(
      "GET", "/can-bo/bao-cao",
      [&services](http::Request& request) {
        auto page = page_for(services, request);
        if (auto login = require_login(services, page, request)) return std::move(*login);
        return dashboard(services, page, request);
      },
      http::RouteOptions{true});
  for (const auto& [path, kind] : {std::pair{"/can-bo/bao-cao/tong-hop.xlsx", FileKind::xlsx},
                                   std::pair{"/can-bo/bao-cao/tong-hop.docx", FileKind::docx},
                                   std::pair{"/can-bo/bao-cao/tong-hop.pdf", FileKind::pdf}}) {
    router.add(
        "GET", path,
        [&services, file = kind](http::Request& request) {
          return download(services, request, file);
        },
        http::RouteOptions{true});
  }
}

}  // namespace doithoai::web
