// GET/POST /api/v1/deadline-rules: the rule rows behind every deadline, versioned by date.
// A new row applies to matters received from its valid_from on; nothing is recomputed
// retroactively.
#include "api/internal.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

json rule_json(const deadlines::Rule& r) {
  return json{{"id", r.id()},
              {"kind", r.kind ? json(code(*r.kind)) : json("*")},
              {"step", r.step},
              {"days", r.days},
              {"count", r.count == deadlines::DayCount::working ? "working" : "calendar"},
              {"from", r.from == deadlines::Anchor::received ? "received" : "accepted"},
              {"extension_days", r.extension_days},
              {"max_extensions", r.max_extensions},
              {"valid_from", r.valid_from.iso()},
              {"confirmed", r.confirmed},
              {"source", r.source}};
}

Expected<int> int_field(const Body& body, std::string_view key, bool required) {
  const std::string name(key);
  const json* v = body.find(key);
  if (v == nullptr) {
    if (required) {
      return invalid("required", std::string("Thiếu thông tin bắt buộc: ").append(name), name);
    }
    return 0;
  }
  if (!v->is_number_integer()) {
    return invalid("wrong_type", std::string(name).append(" phải là số nguyên"), name);
  }
  return v->get<int>();
}

}  // namespace

void register_deadline_rule_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get("/api/v1/deadline-rules",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               TRY(require(principal, permissions::Action::read_reference, {}));
               json items = json::array();
               for (const auto& r : TRY(store.matters().deadline_rules()))
                 items.push_back(rule_json(r));
               return json_response(200, json{{"items", items}, {"total", items.size()}});
             }));

  router.post(
      "/api/v1/deadline-rules",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        // Deadlines are national law: admins of the whole deployment keep them.
        TRY(require(principal, permissions::Action::manage_deadline_rules, {}));
        const auto body =
            TRY(Body::parse(request, {"kind", "step", "days", "count", "from", "extension_days",
                                      "max_extensions", "valid_from", "confirmed", "source"}));
        deadlines::Rule r;
        const auto kind = TRY(body.string("kind", 32));
        if (kind != "*") {
          r.kind = parse_kind(kind);
          if (!r.kind)
            return invalid("unknown_kind", "Loại vụ việc không hợp lệ (hoặc * cho mọi loại)",
                           "kind");
        }
        r.step = TRY(body.string("step", 16));
        r.days = TRY(int_field(body, "days", true));
        const auto count = TRY(body.string("count", 16));
        if (count != "working" && count != "calendar")
          return invalid("bad_count", "count: working hoặc calendar", "count");
        r.count = count == "working" ? deadlines::DayCount::working : deadlines::DayCount::calendar;
        const auto from = TRY(body.string("from", 16));
        if (from != "received" && from != "accepted")
          return invalid("bad_anchor", "from: received hoặc accepted", "from");
        r.from = from == "received" ? deadlines::Anchor::received : deadlines::Anchor::accepted;
        r.extension_days = TRY(int_field(body, "extension_days", false));
        r.max_extensions = TRY(int_field(body, "max_extensions", false));
        r.valid_from = TRY(body.date("valid_from"));
        r.confirmed = TRY(body.optional_bool("confirmed")).value_or(true);
        r.source = TRY(body.string("source", 500));
        TRY(deadlines::validate(r));
        const auto created = TRY(store.matters().add_deadline_rule(
            r, Actor{principal.user.id, principal.user.username}));
        return json_response(201, rule_json(created));
      }));
}

}  // namespace doithoai::api
