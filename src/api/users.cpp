// GET/POST /api/v1/users: accounts and their role grants.
#include "api/internal.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

// The permission target of a grant: an admin may only grant roles inside their own scope.
Expected<permissions::Target> grant_target(store::Store& store, const Grant& grant) {
  if (grant.scope_kind == Grant::ScopeKind::unit) {
    auto target = unit_target(store, grant.scope_code);
    if (!target.ok()) {
      return invalid("unknown_scope", "Đơn vị không tồn tại: \"" + grant.scope_code + "\"",
                     "grants");
    }
    return target;
  }
  auto agency = store.agency(grant.scope_code);
  if (!agency.ok()) {
    return invalid("unknown_scope", "Cơ quan không tồn tại: \"" + grant.scope_code + "\"",
                   "grants");
  }
  auto target = TRY(unit_target(store, agency->unit_code));
  target.agency_code = agency->code;
  return target;
}

Expected<std::vector<Grant>> read_grants(const Body& body) {
  const json* list = body.find("grants");
  if (list == nullptr || !list->is_array() || list->empty()) {
    return invalid(
        "required",
        "Cần ít nhất một vai trò: \"grants\": [{\"role\":..., \"unit\"|\"agency\": ...}]",
        "grants");
  }
  std::vector<Grant> grants;
  for (const auto& item : *list) {
    if (!item.is_object())
      return invalid("wrong_type", "Mỗi vai trò phải là một đối tượng", "grants");
    Grant grant;
    bool has_scope = false;
    bool has_role = false;
    for (const auto& [key, value] : item.items()) {
      if (!value.is_string())
        return invalid("wrong_type", "\"grants." + key + "\" phải là chuỗi ký tự", "grants");
      const auto& s = value.get_ref<const std::string&>();
      if (key == "role") {
        const auto role = permissions::parse_role(s);
        if (!role) return invalid("unknown_role", "Vai trò không tồn tại: \"" + s + "\"", "grants");
        grant.role = *role;
        has_role = true;
      } else if (key == "unit" || key == "agency") {
        if (has_scope)
          return invalid("bad_scope", "Mỗi vai trò chỉ gắn với một đơn vị hoặc một cơ quan",
                         "grants");
        grant.scope_kind = key == "unit" ? Grant::ScopeKind::unit : Grant::ScopeKind::agency;
        grant.scope_code = s;
        has_scope = true;
      } else {
        return invalid("unknown_field", "Trường không được hỗ trợ: \"grants." + key + "\"",
                       "grants");
      }
    }
    if (!has_role || !has_scope) {
      return invalid("required", "Mỗi vai trò cần \"role\" và \"unit\" hoặc \"agency\"", "grants");
    }
    grants.push_back(std::move(grant));
  }
  return grants;
}

}  // namespace

void register_user_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get("/api/v1/users",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               TRY(require(principal, permissions::Action::manage_users, {}));
               json items = json::array();
               for (const auto& u : TRY(store.users())) items.push_back(user_json(u));
               return json_response(200, json{{"items", items}, {"total", items.size()}});
             }));

  router.post("/api/v1/users",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const auto body =
                    TRY(Body::parse(request, {"username", "display_name", "password", "grants"}));
                User user;
                user.username = TRY(body.string("username", 64));
                user.display_name =
                    TRY(body.optional_string("display_name", 200)).value_or(user.username);
                const json* password = body.find("password");
                if (password == nullptr || !password->is_string()) {
                  return invalid("required", "Thiếu mật khẩu", "password");
                }
                user.grants = TRY(read_grants(body));
                for (const auto& grant : user.grants) {
                  TRY(require(principal, permissions::Action::manage_users,
                              TRY(grant_target(store, grant))));
                }
                const auto created = TRY(services.context.auth.create_user(
                    user, password->get_ref<const std::string&>(),
                    Actor{principal.user.id, principal.user.username}));
                return json_response(201, user_json(created));
              }));
}

}  // namespace doithoai::api
