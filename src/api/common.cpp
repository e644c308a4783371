#include <algorithm>

#include "api/internal.hpp"
#include "domain/http_status.hpp"
#include "domain/text.hpp"
#include "store/store.hpp"

namespace doithoai::api {

Expected<std::optional<int>> optional_int(const Body& body, std::string_view key, int min,
                                          int max) {
  const json* v = body.find(key);
  if (v == nullptr) return std::optional<int>{};
  if (!v->is_number_integer() || v->get<long long>() < min || v->get<long long>() > max) {
    return invalid("bad_number",
                   std::string(key) + " phải là số nguyên từ " + std::to_string(min) + " đến " +
                       std::to_string(max),
                   std::string(key));
  }
  return std::optional<int>{v->get<int>()};
}

Expected<std::optional<Id>> optional_id(const Body& body, std::string_view key) {
  const json* v = body.find(key);
  if (v == nullptr) return std::optional<Id>{};
  if (!v->is_number_integer() || v->get<long long>() < 1) {
    return invalid("wrong_type", std::string(key) + " phải là số nguyên dương", std::string(key));
  }
  return std::optional<Id>{v->get<Id>()};
}

int status_for(ErrorKind kind) {
  return http_status(kind);
}

http::Response error_response(const Error& error) {
  auto response =
      http::error_response(status_for(error.kind), error.code, error.message, error.field);
  if (error.kind == ErrorKind::unauthorized) {
    response.header("WWW-Authenticate", "Bearer realm=\"doithoai\"");
  }
  return response;
}

http::Response cached_json_response(std::shared_ptr<const std::string> body) {
  http::Response r;
  r.shared_body = std::move(body);
  return r;
}

http::Response json_response(int status, const json& body) {
  return http::Response::json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

http::Response file_response(std::string bytes, std::string_view content_type,
                             std::string_view filename) {
  std::string safe;
  for (const char c : filename) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    safe.push_back(ok ? c : '-');
  }
  auto response = http::Response::text(200, std::move(bytes), std::string(content_type));
  response.header("Content-Disposition", "attachment; filename=\"" + safe + "\"");
  return response;
}

namespace {

using input::trim;
using input::wrong_type;

}  // namespace

Expected<Body> Body::parse(const http::Request& request,
                           std::initializer_list<std::string_view> allowed) {
  const auto type = request.header("content-type");
  if (!type || type->substr(0, 16) != "application/json") {
    return Error::make(ErrorKind::unsupported_media, "unsupported_media_type",
                       "Nội dung gửi lên phải là JSON (Content-Type: application/json)");
  }
  if (!text::valid_utf8(request.body)) {
    return Error::make(ErrorKind::bad_request, "invalid_utf8",
                       "Nội dung gửi lên không phải văn bản UTF-8 hợp lệ");
  }
  Body body;
  body.value_ = json::parse(request.body, nullptr, false);
  if (body.value_.is_discarded()) {
    return Error::make(ErrorKind::bad_request, "malformed_json",
                       "Nội dung gửi lên không phải JSON hợp lệ");
  }
  if (!body.value_.is_object()) {
    return Error::make(ErrorKind::bad_request, "not_an_object",
                       "Nội dung gửi lên phải là một đối tượng JSON");
  }
  for (const auto& [key, value] : body.value_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return invalid("unknown_field", "Trường không được hỗ trợ: \"" + key + "\"", key);
    }
  }
  return body;
}

const json* Body::find(std::string_view key) const {
  const auto it = value_.find(key);
  if (it == value_.end() || it->is_null()) return nullptr;
  return &*it;
}

Expected<std::optional<std::string_view>> Body::raw_string(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) return std::optional<std::string_view>{};
  if (!v->is_string()) return wrong_type(key, "chuỗi ký tự");
  return std::optional<std::string_view>{v->get_ref<const std::string&>()};
}

Expected<std::optional<long long>> Body::integer(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) return std::optional<long long>{};
  if (!v->is_number_integer()) return wrong_type(key, "số nguyên");
  return std::optional<long long>{v->get<long long>()};
}

Expected<std::optional<bool>> Body::optional_bool(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) return std::optional<bool>{};
  if (!v->is_boolean()) return wrong_type(key, "true hoặc false");
  return std::optional<bool>{v->get<bool>()};
}

Expected<std::vector<std::string>> Body::string_array(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr) return input::required(key);
  if (!v->is_array()) return wrong_type(key, "danh sách chuỗi ký tự");
  std::vector<std::string> out;
  for (const auto& item : *v) {
    if (!item.is_string()) return wrong_type(key, "danh sách chuỗi ký tự");
    out.push_back(text::nfc(trim(item.get_ref<const std::string&>())));
  }
  return out;
}

Expected<std::optional<Date>> query_date(const http::Request& request, std::string_view name) {
  const auto raw = request.query_param(name);
  if (!raw) return std::optional<Date>{};
  const auto d = Date::parse_iso(*raw);
  if (!d) {
    return input::bad_date(name);
  }
  return std::optional<Date>{*d};
}

Expected<auth::Principal> authenticate(const Context& context, const http::Request& request) {
  if (const auto header = request.header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (header->size() <= kBearer.size() || header->substr(0, kBearer.size()) != kBearer) {
      return Error::make(ErrorKind::unauthorized, "bad_authorization",
                         "Tiêu đề Authorization phải có dạng \"Bearer <mã>\"");
    }
    return context.auth.authenticate_bearer(trim(header->substr(kBearer.size())));
  }
  const auto cookie = request.cookie(kSessionCookie);
  if (!cookie) {
    return Error::make(ErrorKind::unauthorized, "not_authenticated",
                       "Cần đăng nhập để thực hiện thao tác này");
  }
  auto principal = TRY(context.auth.authenticate_session(*cookie));
  if (request.method != "GET" && request.method != "HEAD") {
    const auto token = request.header("x-csrf-token");
    if (!token || !auth::Service::csrf_matches(principal, *token)) {
      return Error::make(ErrorKind::forbidden, "csrf_mismatch",
                         "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token)");
    }
  }
  return principal;
}

Expected<void> require(const auth::Principal& principal, permissions::Action action,
                       const permissions::Target& target) {
  return permissions::require(principal.subject, action, target);
}

Expected<permissions::Target> unit_target(store::Store& store, const std::string& unit_code) {
  permissions::Target target;
  std::string code = unit_code;
  // Units nest a handful of levels deep; the bound guards against a cycle in bad data.
  for (int depth = 0; depth < 16 && !code.empty(); ++depth) {
    auto unit = TRY(store.unit(code));
    target.unit_path.push_back(unit.code);
    code = unit.parent_code.value_or("");
  }
  return target;
}

json unit_json(const Unit& unit) {
  return json{{"code", unit.code},
              {"name", unit.name},
              {"type_name", unit.type_name},
              {"full_name", unit.full_name()},
              {"level", unit.level},
              {"parent_code", unit.parent_code ? json(*unit.parent_code) : json(nullptr)},
              {"valid_from", unit.valid_from.iso()},
              {"valid_to", unit.valid_to ? json(unit.valid_to->iso()) : json(nullptr)},
              {"predecessors", unit.predecessor_codes},
              {"successors", unit.successor_codes},
              {"sample", unit.sample}};
}

json user_json(const User& user) {
  json grants = json::array();
  for (const auto& g : user.grants) {
    grants.push_back(
        {{"role", permissions::role_code(g.role)},
         {g.scope_kind == Grant::ScopeKind::agency ? "agency" : "unit", g.scope_code}});
  }
  return json{{"id", user.id},
              {"username", user.username},
              {"display_name", user.display_name},
              {"active", user.active},
              {"grants", grants}};
}

json event_json(const Event& event) {
  auto parse_or_null = [](const std::string& s) {
    if (s.empty()) return json(nullptr);
    auto v = json::parse(s, nullptr, false);
    return v.is_discarded() ? json(nullptr) : v;
  };
  return json{{"id", event.id},
              {"at", iso_timestamp(event.at)},
              {"actor", event.actor},
              {"action", event.action},
              {"entity_type", event.entity_type},
              {"entity_id", event.entity_id},
              {"before", parse_or_null(event.before_json)},
              {"after", parse_or_null(event.after_json)}};
}

Expected<std::shared_ptr<const UnitTree>> Services::unit_tree() {
  const auto generation = reference_cache.generation();
  {
    std::lock_guard lock(tree_mutex_);
    if (tree_ && tree_generation_ == generation) return tree_;
  }
  auto tree = std::make_shared<const UnitTree>(TRY(context.store.units(std::nullopt)));
  std::lock_guard lock(tree_mutex_);
  tree_ = tree;
  tree_generation_ = generation;
  return std::shared_ptr<const UnitTree>(tree);
}

std::optional<long long> parse_int(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  long long v = 0;
  for (const char ch : s) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  return v;
}

Expected<std::optional<long long>> query_int(const http::Request& request, std::string_view name,
                                             long long min, long long max) {
  const auto raw = request.query_param(name);
  if (!raw) return std::optional<long long>{};
  const auto v = parse_int(*raw);
  if (!v || *v < min || *v > max) {
    return invalid("bad_number",
                   std::string(name) + " phải là số nguyên từ " + std::to_string(min) + " đến " +
                       std::to_string(max),
                   std::string(name));
  }
  return std::optional<long long>{*v};
}

std::shared_ptr<const std::string> BodyCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto it = bodies_.find(key);
  if (it == bodies_.end()) return nullptr;
  return it->second;
}

std::shared_ptr<const std::string> BodyCache::put(const std::string& key, std::string body,
                                                  std::uint64_t generation) {
  auto shared = std::make_shared<const std::string>(std::move(body));
  std::lock_guard lock(mutex_);
  // A body rendered before an invalidation is stale: answer with it, but do not keep it.
  if (generation != generation_) return shared;
  if (bodies_.size() >= 256) bodies_.clear();
  bodies_[key] = shared;
  return shared;
}

std::uint64_t BodyCache::generation() {
  std::lock_guard lock(mutex_);
  return generation_;
}

void BodyCache::invalidate() {
  std::lock_guard lock(mutex_);
  ++generation_;
  bodies_.clear();
}

}  // namespace doithoai::api
