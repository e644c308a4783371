// GET /api/v1/events: the append-only log, newest first, paged by id.
#include "api/internal.hpp"
#include "store/store.hpp"

namespace doithoai::api {

void register_event_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get("/api/v1/events",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               // The whole log spans every unit: it is for those whose scope is the whole
               // deployment.
               TRY(require(principal, permissions::Action::read_events, {}));
               store::EventQuery query;
               query.entity_type = request.query_param("entity_type").value_or("");
               query.entity_id = request.query_param("entity_id").value_or("");
               if (const auto limit = request.query_param("limit")) {
                 try {
                   query.limit = std::stoi(*limit);
                 } catch (const std::exception&) {
                   query.limit = -1;
                 }
                 if (query.limit < 1 || query.limit > 500) {
                   return invalid("bad_limit", "limit phải từ 1 đến 500", "limit");
                 }
               }
               if (const auto before = request.query_param("before")) {
                 try {
                   query.before_id = std::stoll(*before);
                 } catch (const std::exception&) {
                   return invalid("bad_cursor", "before phải là một số", "before");
                 }
               }
               json items = json::array();
               Id last = 0;
               for (const auto& e : TRY(store.events(query))) {
                 items.push_back(event_json(e));
                 last = e.id;
               }
               json body{{"items", items}};
               body["next_before"] = items.size() == static_cast<std::size_t>(query.limit)
                                         ? json(last)
                                         : json(nullptr);
               return json_response(200, body);
             }));
}

}  // namespace doithoai::api
