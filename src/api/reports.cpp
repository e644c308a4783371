// /api/v1/reports: the summary report as JSON or XLSX, over a period and a unit (with its
// subtree and what merged into it) or an agency.
#include "api/internal.hpp"
#include "report/dialogue_source.hpp"
#include "report/summary.hpp"
#include "report/xlsx.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

Expected<Date> required_date(const http::Request& request, std::string_view name) {
  const auto d = TRY(query_date(request, name));
  if (!d) {
    return invalid("required",
                   "Thiếu \"" + std::string(name) + "\" (ngày dạng YYYY-MM-DD) của kỳ báo cáo",
                   std::string(name));
  }
  return *d;
}

Expected<report::SummaryRequest> read_request(const http::Request& request) {
  report::SummaryRequest r;
  r.from = TRY(required_date(request, "from"));
  r.to = TRY(required_date(request, "to"));
  const auto unit = request.query_param("unit");
  const auto agency = request.query_param("agency");
  if (unit && agency) {
    return invalid("one_scope", "Chỉ chọn một trong hai: đơn vị (unit) hoặc cơ quan (agency)",
                   "agency");
  }
  if (!unit && !agency) {
    return invalid("scope_required", "Cần chọn đơn vị (unit) hoặc cơ quan (agency) để báo cáo",
                   "unit");
  }
  r.scope = unit ? report::SummaryRequest::Scope::unit : report::SummaryRequest::Scope::agency;
  r.code = unit ? *unit : *agency;
  r.as_of = vietnam_date(now_utc());
  r.overdue_limit =
      static_cast<int>(TRY(query_int(request, "overdue_limit", 0, 1000)).value_or(100));
  return r;
}

enum class Format { json, xlsx };

Expected<http::Response> summary(Services& services, const http::Request& request, Format format) {
  const auto principal = TRY(authenticate(services.context, request));
  if (const auto f = request.query_param("format")) {
    if (*f == "xlsx") {
      format = Format::xlsx;
    } else if (*f != "json") {
      return invalid("bad_format", "format phải là json hoặc xlsx", "format");
    }
  }
  const auto r = TRY(read_request(request));
  auto& store = services.context.store;
  const auto tree = TRY(services.unit_tree());
  const auto agencies = TRY(store.agencies());
  const auto fields = TRY(store.fields());
  const report::Reference ref{*tree, agencies, fields};
  TRY(report::validate(r, ref));

  // The report of a unit covers its subtree: the grant must cover the unit. An agency's report
  // is the agency's own (its grant) or within the unit its grant covers.
  permissions::Target target;
  if (r.scope == report::SummaryRequest::Scope::unit) {
    target.unit_path = tree->path(r.code);
  } else {
    for (const auto& a : agencies) {
      if (a.code == r.code) target.unit_path = tree->path(a.unit_code);
    }
    target.agency_code = r.code;
  }
  TRY(require(principal, permissions::Action::read_reports, target));

  const auto source = report::dialogue_source_for(store);
  const auto s = TRY(report::build_summary(r, ref, store.reports(), *source));
  if (format == Format::json) return http::Response::json(200, report::summary_json(s));
  auto bytes = TRY(report::write_xlsx(report::summary_workbook(s)));
  return file_response(
      std::move(bytes), kXlsxType,
      "bao-cao-tong-hop-" + r.code + "-" + r.from.iso() + "-" + r.to.iso() + ".xlsx");
}

}  // namespace

void register_report_routes(http::Router& router, Services& services) {
  // Reports read much and write a file: they run on the blocking pool, not the I/O threads.
  router.add("GET", "/api/v1/reports/summary", handler([&services](http::Request& request) {
               return summary(services, request, Format::json);
             }),
             http::RouteOptions{true});
  router.add("GET", "/api/v1/reports/summary.xlsx", handler([&services](http::Request& request) {
               return summary(services, request, Format::xlsx);
             }),
             http::RouteOptions{true});
}

}  // namespace doithoai::api
