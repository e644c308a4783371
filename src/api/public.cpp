// /api/v1/public: what citizens use without an account. Never carries personal data out.
#include "api/internal.hpp"
#include "api/tracking_code.hpp"
#include "store/matter_service.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

Expected<store::MatterRecord> find_by_code(store::Store& store, const std::string& typed) {
  const auto code = normalize_tracking_code(typed);
  if (!code) return not_found("matter_not_found", "Không tìm thấy vụ việc với mã tra cứu này");
  return store.matters().get_by_tracking_code(*code);
}

std::vector<Event> matter_events(store::Store& store, Id id) {
  store::EventQuery q;
  q.entity_type = "matter";
  q.entity_id = std::to_string(id);
  q.limit = 200;
  auto events = store.events(q);
  return events.ok() ? std::move(events).value() : std::vector<Event>{};
}

}  // namespace

void register_public_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  // A submission is parsed and checked on the I/O thread, then handed to the writer; the
  // answer goes back to the connection after the group commit, with no thread waiting for it.
  router.post_async(
      "/api/v1/public/submissions",
      [&services, &store](http::Request& request, const http::Respond& respond) {
        auto read = [&]() -> Expected<store::NewMatter> {
          if (!services.public_submissions.try_take({"s:" + request.remote_address}, now_utc())) {
            return Error::make(
                ErrorKind::rate_limited, "too_many_submissions",
                "Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn, vui lòng thử lại sau");
          }
          const auto body =
              TRY(Body::parse(request, {"name", "phone", "email", "address", "unit_code", "kind",
                                        "title", "content", "field_code"}));
          const auto tree = TRY(services.unit_tree());
          return store::read_public_submission(body, *tree, vietnam_date(now_utc()));
        };
        auto m = read();
        if (!m.ok()) {
          respond([error = std::move(m).error()] { return error_response(error); });
          return;
        }
        store::create_with_code_async(
            store.matters(), std::move(m).value(), Actor{std::nullopt, "public"},
            [respond](Expected<store::MatterRecord> record) {
              respond([record = std::move(record)]() -> http::Response {
                if (!record.ok()) return error_response(record.error());
                const auto& created = record->matter;
                json deadlines = json::array();
                for (const auto& d : record->deadlines) deadlines.push_back(deadline_json(d));
                return json_response(201, json{{"tracking_code", created.tracking_code},
                                               {"status", code(created.status)},
                                               {"status_name", name_vi(created.status)},
                                               {"received_on", created.received_on.iso()},
                                               {"deadlines", deadlines}});
              });
            });
      });

  router.get("/api/v1/public/matters/{code}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto tree = TRY(services.unit_tree());
               const auto record = TRY(find_by_code(store, request.path_param("code")));
               return json_response(
                   200, public_matter_json(record, *tree, matter_events(store, record.matter.id)));
             }));

  router.post(
      "/api/v1/public/matters/{code}/rating",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto body = TRY(Body::parse(request, {"rating"}));
        const auto record = TRY(find_by_code(store, request.path_param("code")));
        TRY(store::rate_matter(store.matters(), record.matter, body, vietnam_date(now_utc())));
        const auto tree = TRY(services.unit_tree());
        const auto after = TRY(store.matters().get(record.matter.id));
        return json_response(
            200, public_matter_json(after, *tree, matter_events(store, after.matter.id)));
      }));

  router.get("/api/v1/public/matters",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto tree = TRY(services.unit_tree());
               store::MatterQuery q;
               q.published_only = true;
               q.field_code = request.query_param("field").value_or("");
               if (const auto unit = request.query_param("unit")) {
                 if (!tree->contains(*unit))
                   return invalid("unknown_unit", "Đơn vị không tồn tại", "unit");
                 q.unit_codes = tree->rollup(*unit);
               }
               if (const auto kind = request.query_param("kind")) {
                 q.kind = parse_kind(*kind);
                 if (!q.kind) return invalid("unknown_kind", "Loại vụ việc không hợp lệ", "kind");
               }
               q.sort = store::SortOrder::updated_desc;
               q.text = TRY(read_search_text(request));
               q.page = static_cast<int>(TRY(query_int(request, "page", 1, 100000)).value_or(1));
               q.per_page =
                   static_cast<int>(TRY(query_int(request, "per_page", 1, 100)).value_or(20));
               // Each item's answers and deadlines come with the page: its submissions (and
               // the people behind them) are never read for the public list.
               q.with_outcomes = true;
               auto page = TRY(store.matters().list(q));
               json items = json::array();
               for (std::size_t i = 0; i < page.items.size() && i < page.outcomes.size(); ++i) {
                 store::MatterRecord record;
                 record.matter = std::move(page.items[i]);
                 record.answers = std::move(page.outcomes[i].answers);
                 record.deadlines = std::move(page.outcomes[i].deadlines);
                 json item = public_matter_json(record, *tree, {});
                 item.erase("timeline");
                 items.push_back(std::move(item));
               }
               add_snippets(page, items);
               return json_response(200, json{{"items", items},
                                              {"total", page.total},
                                              {"total_capped", page.total_capped},
                                              {"page", page.page},
                                              {"per_page", page.per_page}});
             }));
}

}  // namespace doithoai::api
