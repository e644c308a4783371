// GET /api/v1/events: the append-only log, newest first, paged by id.
#include "api/internal.hpp"
#include "store/store.hpp"

namespace doithoai::api {

void register_event_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get(
      "/api/v1/events",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        // The whole log spans every unit: it is for those whose scope is the whole
        // deployment.
        TRY(require(principal, permissions::Action::read_events, {}));
        store::EventQuery query;
        query.entity_type = request.query_param("entity_type").value_or("");
        query.entity_id = request.query_param("entity_id").value_or("");
        query.limit = static_cast<int>(TRY(query_int(request, "limit", 1, 500)).value_or(100));
        query.before_id = TRY(query_int(request, "before", 1, (1LL << 62))).value_or(0);
        json items = json::array();
        Id last = 0;
        for (const auto& e : TRY(store.events(query))) {
          items.push_back(event_json(e));
          last = e.id;
        }
        json body{{"items", items}};
        body["next_before"] =
            items.size() == static_cast<std::size_t>(query.limit) ? json(last) : json(nullptr);
        return json_response(200, body);
      }));
}

}  // namespace doithoai::api
