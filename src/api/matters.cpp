// /api/v1/matters: staff intake, queries, the lifecycle actions and the event log of a matter.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "api/internal.hpp"
#include "domain/text.hpp"
#include "store/data_version.hpp"
#include "store/matter_service.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

using permissions::Action;
using store::matter_target;

Actor actor_of(const auth::Principal& p) {
  return Actor{p.user.id, p.user.username};
}

Expected<std::vector<Person>> read_people(const Body& body) {
  const json* list = body.find("people");
  if (list == nullptr || !list->is_array() || list->empty()) {
    return invalid("required", "Cần ít nhất một người gửi (họ và tên)", "people");
  }
  if (list->size() > 500) return invalid("too_many", "Tối đa 500 người trong một lượt", "people");
  std::vector<Person> people;
  for (const auto& item : *list) {
    if (!item.is_object())
      return invalid("wrong_type", "Mỗi người gửi phải là một đối tượng", "people");
    Person p;
    for (const auto& [key, value] : item.items()) {
      if (value.is_null()) continue;
      if (!value.is_string()) {
        return invalid("wrong_type", "\"people." + key + "\" phải là chuỗi ký tự", "people." + key);
      }
      std::string v = text::nfc(value.get<std::string>());
      if (v.size() > 500)
        return invalid("too_long", "\"people." + key + "\" quá dài", "people." + key);
      if (key == "name")
        p.name = std::move(v);
      else if (key == "phone")
        p.phone = std::move(v);
      else if (key == "email")
        p.email = std::move(v);
      else if (key == "address")
        p.address = std::move(v);
      else if (key == "id_number")
        p.id_number = std::move(v);
      else
        return invalid("unknown_field", "Trường không được hỗ trợ: \"people." + key + "\"",
                       "people." + key);
    }
    if (p.name.find_first_not_of(" \t") == std::string::npos) {
      return invalid("required", "Thiếu họ và tên người gửi", "people.name");
    }
    people.push_back(std::move(p));
  }
  return people;
}

Expected<store::MatterQuery> read_query(const http::Request& request, const UnitTree& tree) {
  store::MatterQuery q;
  if (const auto statuses = request.query_param("status")) {
    std::string_view rest = *statuses;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto code = rest.substr(0, comma);
      const auto s = parse_status(code);
      if (!s)
        return invalid("unknown_status", "Trạng thái không hợp lệ: \"" + std::string(code) + "\"",
                       "status");
      q.statuses.push_back(*s);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  if (const auto kind = request.query_param("kind")) {
    q.kind = parse_kind(*kind);
    if (!q.kind) return invalid("unknown_kind", "Loại vụ việc không hợp lệ", "kind");
  }
  if (const auto channel = request.query_param("channel")) {
    q.channel = parse_channel(*channel);
    if (!q.channel) return invalid("unknown_channel", "Kênh tiếp nhận không hợp lệ", "channel");
  }
  q.field_code = request.query_param("field").value_or("");
  q.agency_code = request.query_param("agency").value_or("");
  q.handler = request.query_param("handler").value_or("");
  if (const auto unit = request.query_param("unit")) {
    if (!tree.contains(*unit)) return invalid("unknown_unit", "Đơn vị không tồn tại", "unit");
    q.unit_codes = tree.rollup(*unit);
  }
  q.received_from = TRY(query_date(request, "received_from"));
  q.received_to = TRY(query_date(request, "received_to"));
  if (q.received_from && q.received_to && *q.received_to < *q.received_from) {
    return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "received_to");
  }
  const Date today = vietnam_date(now_utc());
  if (const auto overdue = request.query_param("overdue")) {
    if (*overdue == "true" || *overdue == "1") {
      q.overdue_on = today;
    } else if (*overdue != "false" && *overdue != "0") {
      return invalid("bad_flag", "overdue phải là true hoặc false", "overdue");
    }
  }
  if (const auto within = TRY(query_int(request, "due_within", 0, 365))) {
    q.due_by = today.plus_days(*within);
  }
  if (const auto sort = request.query_param("sort")) {
    if (*sort == "received_desc")
      q.sort = store::SortOrder::received_desc;
    else if (*sort == "received_asc")
      q.sort = store::SortOrder::received_asc;
    else if (*sort == "due")
      q.sort = store::SortOrder::due_asc;
    else if (*sort == "updated")
      q.sort = store::SortOrder::updated_desc;
    else
      return invalid("bad_sort", "sort: received_desc, received_asc, due hoặc updated", "sort");
  }
  q.text = TRY(read_search_text(request));
  q.page = static_cast<int>(TRY(query_int(request, "page", 1, 100000)).value_or(1));
  q.per_page = static_cast<int>(TRY(query_int(request, "per_page", 1, 100)).value_or(20));
  return q;
}

// The staff list's responses, reused while no commit has happened since they were read. An
// entry belongs to one data version (store/data_version.hpp, taken before the read began, so
// the body is at least as new as that version) and one unit tree; the key is everything else
// the response depends on: who asks (the subject's name and every grant, which decide the
// scope), the request target as received (the filters and the page), and today's date (the
// overdue filter and flags). The caller authenticates before looking here: a revoked session
// or token never reaches the cache. Writes by another process (a CLI command beside the server)
// do not raise the version: no body is kept longer than kMaxAge.
class ListCache {
 public:
  static constexpr std::size_t kMaxEntries = 256;
  static constexpr std::size_t kMaxBytes = 16u << 20;
  static constexpr std::chrono::seconds kMaxAge{1};

  std::shared_ptr<const std::string> find(const std::string& key, std::uint64_t version,
                                          const UnitTree* tree) {
    std::lock_guard lock(mu_);
    if (version != version_ || tree != tree_.get()) return nullptr;
    if (std::chrono::steady_clock::now() - since_ > kMaxAge) return nullptr;
    const auto it = bodies_.find(key);
    return it == bodies_.end() ? nullptr : it->second;
  }

  void put(std::string key, std::uint64_t version, std::shared_ptr<const UnitTree> tree,
           std::shared_ptr<const std::string> body) {
    std::lock_guard lock(mu_);
    if (version < version_) return;  // a newer commit has been seen: this body may be stale
    const auto now = std::chrono::steady_clock::now();
    if (version != version_ || tree != tree_ || now - since_ > kMaxAge) {
      bodies_.clear();
      bytes_ = 0;
      version_ = version;
      tree_ = std::move(tree);
      since_ = now;
    }
    if (bodies_.size() >= kMaxEntries || bytes_ + body->size() > kMaxBytes) return;
    bytes_ += body->size();
    bodies_.emplace(std::move(key), std::move(body));
  }

 private:
  std::mutex mu_;
  std::uint64_t version_ = 0;
  std::shared_ptr<const UnitTree> tree_;  // held, so that its address is not reused
  std::unordered_map<std::string, std::shared_ptr<const std::string>> bodies_;
  std::size_t bytes_ = 0;
  std::chrono::steady_clock::time_point since_;
};

std::string list_cache_key(const auth::Principal& principal, const http::Request& request,
                           Date today) {
  std::string key = principal.subject.username;
  for (const auto& g : principal.subject.grants) {
    key.append("\n").append(permissions::role_code(g.role));
    key.append(" ").append(std::to_string(static_cast<int>(g.scope_kind)));
    key.append(" ").append(g.scope_code);
    key.append(" ").append(g.agency_unit_code);
    key.append(g.scope_is_root ? " root" : " -");
  }
  key.append("\n").append(request.target).append("\n").append(today.iso());
  return key;
}

}  // namespace

void register_matter_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.post(
      "/api/v1/matters",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const auto body =
            TRY(Body::parse(request, {"kind", "channel", "received_at", "unit_code", "field_code",
                                      "title", "content", "people", "head_count"}));
        const auto tree = TRY(services.unit_tree());
        auto m = TRY(store::read_staff_matter(body, *tree));
        permissions::Target target;
        target.unit_path = tree->path(m.unit_code);
        TRY(require(principal, Action::create_matter, target));
        m.submission.people = TRY(read_people(body));
        m.submission.head_count = static_cast<int>(m.submission.people.size());
        if (const json* h = body.find("head_count")) {
          if (!h->is_number_integer() || h->get<long long>() < 1 || h->get<long long>() > 100000) {
            return invalid("bad_head_count", "head_count phải là số nguyên dương", "head_count");
          }
          m.submission.head_count = h->get<int>();
        }
        m.submission.recorded_by = principal.user.username;
        const auto record =
            TRY(store::create_with_code(store.matters(), std::move(m), actor_of(principal)));
        return json_response(
            201, matter_record_json(record, *tree, !record.matter.identity_protected, {}));
      }));

  auto list_cache = std::make_shared<ListCache>();
  router.get(
      "/api/v1/matters",
      handler([&services, &store, list_cache](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const std::uint64_t version = store::data_version();
        const auto tree = TRY(services.unit_tree());
        auto key = list_cache_key(principal, request, vietnam_date(now_utc()));
        http::Response response;
        response.shared_body = list_cache->find(key, version, tree.get());
        if (response.shared_body) return response;
        auto query = TRY(read_query(request, *tree));
        TRY(store::restrict_to_scope(query, principal.subject, *tree));
        const auto page = TRY(store.matters().list(query));
        response.shared_body = std::make_shared<const std::string>(matter_page_json(page, *tree));
        list_cache->put(std::move(key), version, tree, response.shared_body);
        return response;
      }));

  router.get("/api/v1/matters/{id}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto id = parse_int(request.path_param("id"));
               if (!id) return not_found("matter_not_found", "Không tìm thấy vụ việc");
               const auto tree = TRY(services.unit_tree());
               const auto record = TRY(store.matters().get(*id));
               const auto target = matter_target(*tree, record.matter);
               TRY(require(principal, Action::read_matter, target));
               // A denouncer's identity: only for the handler and authorised leaders, and each view
               // is an Event. Everyone else gets the matter with the people left out.
               const bool show_people = TRY(store::reveal_people(
                   store.matters(), principal.subject, *tree, record.matter, actor_of(principal)));
               store::EventQuery eq;
               eq.entity_type = "matter";
               eq.entity_id = std::to_string(*id);
               eq.limit = 200;
               const auto events = TRY(store.events(eq));
               return json_response(200, matter_record_json(record, *tree, show_people, events));
             }));

  router.get("/api/v1/matters/{id}/events",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto id = parse_int(request.path_param("id"));
               if (!id) return not_found("matter_not_found", "Không tìm thấy vụ việc");
               const auto tree = TRY(services.unit_tree());
               const auto record = TRY(store.matters().get(*id));
               TRY(require(principal, Action::read_events, matter_target(*tree, record.matter)));
               store::EventQuery eq;
               eq.entity_type = "matter";
               eq.entity_id = std::to_string(*id);
               eq.limit = static_cast<int>(TRY(query_int(request, "limit", 1, 500)).value_or(100));
               json items = json::array();
               for (const auto& e : TRY(store.events(eq))) items.push_back(event_json(e));
               return json_response(200, json{{"items", items}});
             }));

  router.post("/api/v1/matters/{id}/actions",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const auto id = parse_int(request.path_param("id"));
                if (!id) return not_found("matter_not_found", "Không tìm thấy vụ việc");
                const auto body = TRY(Body::parse(
                    request, {"action", "version", "kind", "field_code", "unit_code", "agency_code",
                              "handler", "form", "text", "document_number", "signed_by", "date",
                              "ground", "into", "decision_number", "rating", "note"}));
                const auto action_code = TRY(body.string("action", 32));
                const auto action = lifecycle::parse_action(action_code);
                if (!action)
                  return invalid("unknown_action",
                                 "Thao tác không tồn tại: \"" + action_code + "\"", "action");
                const auto tree = TRY(services.unit_tree());
                TRY(store::perform_action(store.matters(), *tree, principal.subject,
                                          actor_of(principal), *id, *action, body));
                const auto after = TRY(store.matters().get(*id));
                return json_response(
                    200, matter_record_json(after, *tree, !after.matter.identity_protected, {}));
              }));
}

}  // namespace doithoai::api
