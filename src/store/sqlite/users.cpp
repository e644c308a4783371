// Users with their grants, login sessions and API tokens. Events about them never carry a
// password hash, a token hash or a CSRF token.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "domain/permissions.hpp"
#include "store/sqlite/ops.hpp"

namespace doithoai::store::sqlite {

namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Roles are stored by the codes the permissions module defines, the same ones the API uses.
using permissions::parse_role;
using permissions::role_code;

std::string_view scope_text(Grant::ScopeKind k) {
  return k == Grant::ScopeKind::agency ? "agency" : "unit";
}

json user_json(const User& u) {
  json grants = json::array();
  for (const auto& g : u.grants) {
    grants.push_back(json{{"role", role_code(g.role)},
                          {"scope_kind", scope_text(g.scope_kind)},
                          {"scope_code", g.scope_code}});
  }
  return json{{"id", u.id},         {"username", u.username}, {"display_name", u.display_name},
              {"active", u.active}, {"grants", grants},       {"created_at", u.created_at}};
}

json session_json(const Session& s) {
  return json{
      {"user_id", s.user_id}, {"created_at", s.created_at}, {"last_seen_at", s.last_seen_at}};
}

json api_token_json(const ApiToken& t) {
  return json{{"id", t.id},
              {"user_id", t.user_id},
              {"name", t.name},
              {"created_at", t.created_at},
              {"revoked", t.revoked}};
}

Error user_not_found(const std::string& field = {}) {
  return not_found("user_not_found", "Không tìm thấy người dùng", field);
}

constexpr std::string_view kUserColumns =
    "SELECT id, username, display_name, password_hash, active, created_at FROM users";

User user_row(const Statement& q) {
  User u;
  u.id = q.int64(0);
  u.username = q.text(1);
  u.display_name = q.text(2);
  u.password_hash = q.text(3);
  u.active = q.boolean(4);
  u.created_at = q.int64(5);
  return u;
}

Expected<Grant> grant_row(const Statement& q, int first_col) {
  const auto role = parse_role(q.text(first_col));
  if (!role) {
    return internal_error("Vai trò không hợp lệ trong cơ sở dữ liệu: " + q.text(first_col));
  }
  Grant g;
  g.role = *role;
  g.scope_kind =
      q.text(first_col + 1) == "agency" ? Grant::ScopeKind::agency : Grant::ScopeKind::unit;
  g.scope_code = q.text(first_col + 2);
  return g;
}

Expected<void> load_grants(Connection& c, User& u) {
  auto q =
      TRY(c.cached("SELECT role, scope_kind, scope_code FROM user_grants WHERE user_id = ? "
                   "ORDER BY role, scope_kind, scope_code"));
  q->bind(1, u.id);
  while (TRY(q->step())) {
    u.grants.push_back(TRY(grant_row(*q, 0)));
  }
  return {};
}

// A user found by one of its unique keys, with its grants.
template <typename Key>
Expected<std::optional<User>> find_user(Connection& c, std::string_view where, const Key& key) {
  std::optional<User> u;
  {
    auto q = TRY(c.cached(std::string(kUserColumns) + " WHERE " + std::string(where)));
    q->bind(1, key);
    if (!TRY(q->step())) {
      return u;
    }
    u = user_row(*q);
  }
  TRY(load_grants(c, *u));
  return u;
}

Expected<bool> user_exists(Connection& c, Id id) {
  auto q = TRY(c.cached("SELECT 1 FROM users WHERE id = ?"));
  q->bind(1, id);
  return TRY(q->step());
}

Expected<std::optional<Session>> find_session(Connection& c, const std::string& token_hash) {
  auto q =
      TRY(c.cached("SELECT token_hash, user_id, csrf_token, created_at, last_seen_at FROM sessions "
                   "WHERE token_hash = ?"));
  q->bind(1, token_hash);
  if (!TRY(q->step())) {
    return std::optional<Session>{};
  }
  return std::optional<Session>{
      Session{q->text(0), q->int64(1), q->text(2), q->int64(3), q->int64(4)}};
}

}  // namespace

// ---- users ----

Expected<User> add_user(Connection& c, const User& user, const Actor& actor) {
  if (user.username.empty()) {
    return invalid("username_required", "Tên đăng nhập không được để trống", "username");
  }
  if (user.password_hash.empty()) {
    return invalid("password_required", "Mật khẩu không được để trống", "password");
  }
  for (const auto& g : user.grants) {
    if (g.scope_code.empty()) {
      return invalid("scope_required", "Phạm vi của quyền không được để trống", "grants");
    }
  }
  if (TRY(find_user(c, "username = ?", user.username))) {
    return conflict("username_taken", "Tên đăng nhập đã được sử dụng", "username");
  }
  {
    auto q = TRY(
        c.cached("INSERT INTO users (username, display_name, password_hash, active, created_at) "
                 "VALUES (?, ?, ?, ?, ?)"));
    q->bind_all(user.username, user.display_name, user.password_hash, user.active,
                user.created_at != 0 ? user.created_at : now_utc());
    TRY(q->run());
  }
  const Id id = c.last_insert_rowid();
  {
    auto q =
        TRY(c.cached("INSERT OR IGNORE INTO user_grants (user_id, role, scope_kind, scope_code) "
                     "VALUES (?, ?, ?, ?)"));
    for (const auto& g : user.grants) {
      q->bind_all(id, role_code(g.role), scope_text(g.scope_kind), g.scope_code);
      TRY(q->run());
      q->reset();
    }
  }
  auto created = TRY(find_user(c, "id = ?", id));
  if (!created) {
    return internal_error("Người dùng vừa tạo không đọc lại được");
  }
  TRY(append_event(c, actor, "user.create", "user", std::to_string(id), "",
                   dump(user_json(*created))));
  return std::move(*created);
}

Expected<User> read_user_by_username(Connection& c, const std::string& username) {
  auto u = TRY(find_user(c, "username = ?", username));
  if (!u) {
    return user_not_found("username");
  }
  return std::move(*u);
}

Expected<User> read_user_by_id(Connection& c, Id id) {
  auto u = TRY(find_user(c, "id = ?", id));
  if (!u) {
    return user_not_found("id");
  }
  return std::move(*u);
}

Expected<std::vector<User>> read_users(Connection& c) {
  std::vector<User> users;
  std::map<Id, std::size_t> index;
  {
    auto q = TRY(c.cached(std::string(kUserColumns) + " ORDER BY id"));
    while (TRY(q->step())) {
      users.push_back(user_row(*q));
      index.emplace(users.back().id, users.size() - 1);
    }
  }
  auto q =
      TRY(c.cached("SELECT user_id, role, scope_kind, scope_code FROM user_grants "
                   "ORDER BY user_id, role, scope_kind, scope_code"));
  while (TRY(q->step())) {
    if (auto it = index.find(q->int64(0)); it != index.end()) {
      users[it->second].grants.push_back(TRY(grant_row(*q, 1)));
    }
  }
  return users;
}

// ---- sessions ----

Expected<void> create_session(Connection& c, const Session& session, const Actor& actor) {
  if (session.token_hash.empty()) {
    return invalid("token_required", "Thiếu mã phiên đăng nhập", "token_hash");
  }
  if (!TRY(user_exists(c, session.user_id))) {
    return user_not_found("user_id");
  }
  if (TRY(find_session(c, session.token_hash))) {
    return conflict("session_exists", "Phiên đăng nhập đã tồn tại", "token_hash");
  }
  Session s = session;
  if (s.created_at == 0) {
    s.created_at = now_utc();
  }
  s.last_seen_at = std::max(s.last_seen_at, s.created_at);
  auto q = TRY(
      c.cached("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) "
               "VALUES (?, ?, ?, ?, ?)"));
  q->bind_all(s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at);
  TRY(q->run());
  // The session is identified in the log by its user: the hash itself never goes there.
  TRY(append_event(c, actor, "session.create", "user", std::to_string(s.user_id), "",
                   dump(session_json(s))));
  return {};
}

Expected<Session> read_session(Connection& c, const std::string& token_hash) {
  auto s = TRY(find_session(c, token_hash));
  if (!s) {
    return not_found("session_not_found", "Không tìm thấy phiên đăng nhập", "token_hash");
  }
  return std::move(*s);
}

Expected<void> touch_session(Connection& c, const std::string& token_hash, Timestamp at) {
  auto q = TRY(
      c.cached("UPDATE sessions SET last_seen_at = max(last_seen_at, ?2) WHERE token_hash = ?1"));
  q->bind_all(token_hash, at);
  return q->run();
}

Expected<void> delete_session(Connection& c, const std::string& token_hash, const Actor& actor) {
  const Session s = TRY(read_session(c, token_hash));
  auto q = TRY(c.cached("DELETE FROM sessions WHERE token_hash = ?"));
  q->bind(1, token_hash);
  TRY(q->run());
  TRY(append_event(c, actor, "session.delete", "user", std::to_string(s.user_id),
                   dump(session_json(s)), ""));
  return {};
}

Expected<int> delete_sessions_before(Connection& c, Timestamp created_before,
                                     Timestamp seen_before) {
  auto q = TRY(c.cached("DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?"));
  q->bind_all(created_before, seen_before);
  TRY(q->run());
  const int deleted = c.changes();
  if (deleted > 0) {
    // One summary event per sweep that removed something.
    const json after{
        {"deleted", deleted}, {"created_before", created_before}, {"seen_before", seen_before}};
    TRY(append_event(c, Actor::system(), "session.expire", "session", "", "", dump(after)));
  }
  return deleted;
}

// ---- API tokens ----

Expected<ApiToken> create_api_token(Connection& c, const ApiToken& token, const Actor& actor) {
  if (token.token_hash.empty()) {
    return invalid("token_required", "Thiếu mã truy cập API", "token_hash");
  }
  if (!TRY(user_exists(c, token.user_id))) {
    return user_not_found("user_id");
  }
  {
    auto existing = read_api_token(c, token.token_hash);
    if (existing.ok()) {
      return conflict("api_token_exists", "Mã truy cập API đã tồn tại", "token_hash");
    }
    if (existing.error().kind != ErrorKind::not_found) {
      return existing.error();
    }
  }
  {
    auto q =
        TRY(c.cached("INSERT INTO api_tokens (token_hash, user_id, name, created_at, revoked) "
                     "VALUES (?, ?, ?, ?, ?)"));
    q->bind_all(token.token_hash, token.user_id, token.name,
                token.created_at != 0 ? token.created_at : now_utc(), token.revoked);
    TRY(q->run());
  }
  const ApiToken created = TRY(read_api_token(c, token.token_hash));
  TRY(append_event(c, actor, "api_token.create", "api_token", std::to_string(created.id), "",
                   dump(api_token_json(created))));
  return created;
}

Expected<ApiToken> read_api_token(Connection& c, const std::string& token_hash) {
  auto q =
      TRY(c.cached("SELECT id, token_hash, user_id, name, created_at, revoked FROM api_tokens "
                   "WHERE token_hash = ?"));
  q->bind(1, token_hash);
  if (!TRY(q->step())) {
    return not_found("api_token_not_found", "Không tìm thấy mã truy cập API", "token_hash");
  }
  return ApiToken{q->int64(0), q->text(1), q->int64(2), q->text(3), q->int64(4), q->boolean(5)};
}

}  // namespace doithoai::store::sqlite

namespace doithoai::store::sqlite {

// ---- changing a user (the admin screens) ----

Expected<User> set_user_active(Connection& c, Id id, bool active, const Actor& actor) {
  const User before = TRY(read_user_by_id(c, id));
  auto q = TRY(c.cached("UPDATE users SET active = ? WHERE id = ?"));
  q->bind_all(active, id);
  TRY(q->run());
  if (!active) {
    // A locked account's sessions end with it.
    auto s = TRY(c.cached("DELETE FROM sessions WHERE user_id = ?"));
    s->bind(1, id);
    TRY(s->run());
  }
  User after = TRY(read_user_by_id(c, id));
  TRY(append_event(c, actor, active ? "user.activate" : "user.deactivate", "user",
                   std::to_string(id), dump(user_json(before)), dump(user_json(after))));
  return after;
}

Expected<User> set_user_grants(Connection& c, Id id, const std::vector<Grant>& grants,
                               const Actor& actor) {
  for (const auto& g : grants) {
    if (g.scope_code.empty()) {
      return invalid("scope_required", "Phạm vi của quyền không được để trống", "grants");
    }
  }
  const User before = TRY(read_user_by_id(c, id));
  {
    auto q = TRY(c.cached("DELETE FROM user_grants WHERE user_id = ?"));
    q->bind(1, id);
    TRY(q->run());
  }
  {
    auto q =
        TRY(c.cached("INSERT OR IGNORE INTO user_grants (user_id, role, scope_kind, scope_code) "
                     "VALUES (?, ?, ?, ?)"));
    for (const auto& g : grants) {
      q->bind_all(id, role_code(g.role), scope_text(g.scope_kind), g.scope_code);
      TRY(q->run());
      q->reset();
    }
  }
  User after = TRY(read_user_by_id(c, id));
  TRY(append_event(c, actor, "user.grants", "user", std::to_string(id), dump(user_json(before)),
                   dump(user_json(after))));
  return after;
}

}  // namespace doithoai::store::sqlite
