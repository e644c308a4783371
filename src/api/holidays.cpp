// GET/POST/DELETE /api/v1/holidays: the working-day calendar (national, so admins of a root
// unit keep it).
#include "api/internal.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

json holiday_json(const Holiday& h) {
  return json{{"date", h.date.iso()},
              {"name", h.name},
              {"working_day", h.working_day},
              {"source", h.source}};
}

}  // namespace

void register_holiday_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get("/api/v1/holidays",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               TRY(require(principal, permissions::Action::read_reference, {}));
               auto from = TRY(query_date(request, "from"));
               auto to = TRY(query_date(request, "to"));
               if (const auto year = request.query_param("year")) {
                 const auto start = Date::parse_iso(*year + "-01-01");
                 if (year->size() != 4 || !start) {
                   return invalid("bad_year", "Năm không hợp lệ", "year");
                 }
                 from = *start;
                 to = Date{start->year, 12, 31};
               }
               if (from && to && *to < *from) {
                 return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "to");
               }
               json items = json::array();
               for (const auto& h : TRY(store.holidays(from, to))) items.push_back(holiday_json(h));
               return json_response(200, json{{"items", items}, {"total", items.size()}});
             }));

  router.post(
      "/api/v1/holidays",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        TRY(require(principal, permissions::Action::manage_holidays, {}));
        const auto body = TRY(Body::parse(request, {"date", "name", "working_day", "source"}));
        Holiday holiday;
        holiday.date = TRY(body.date("date"));
        holiday.name = TRY(body.string("name", 200));
        holiday.working_day = TRY(body.optional_bool("working_day")).value_or(false);
        holiday.source = TRY(body.optional_string("source", 500)).value_or("");
        const int weekday = holiday.date.weekday();
        if (holiday.working_day && weekday < 5) {
          return invalid("not_a_weekend", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật", "date");
        }
        const auto created =
            TRY(store.add_holiday(holiday, Actor{principal.user.id, principal.user.username}));
        services.reference_cache.invalidate();
        return json_response(201, holiday_json(created));
      }));

  router.del("/api/v1/holidays/{date}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               TRY(require(principal, permissions::Action::manage_holidays, {}));
               const auto date = Date::parse_iso(request.path_param("date"));
               if (!date)
                 return invalid("bad_date", "Ngày không hợp lệ (cần dạng YYYY-MM-DD)", "date");
               TRY(store.remove_holiday(*date, Actor{principal.user.id, principal.user.username}));
               services.reference_cache.invalidate();
               http::Response response;
               response.status = 204;
               response.content_type.clear();
               return response;
             }));
}

}  // namespace doithoai::api
