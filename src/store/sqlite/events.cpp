#include <algorithm>
#include <cstdint>
#include <string>

#include "store/sqlite/ops.hpp"

namespace doithoai::store::sqlite {

namespace {

std::optional<std::string> null_if_empty(const std::string& s) {
  if (s.empty()) {
    return std::nullopt;
  }
  return s;
}

}  // namespace

Expected<bool> table_exists(Connection& c, std::string_view table) {
  auto q = TRY(
      c.cached("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?)"));
  q->bind(1, table);
  return TRY(q->step()) && q->boolean(0);
}

Expected<Id> append_event(Connection& c, const Actor& actor, std::string_view action,
                          std::string_view entity_type, std::string_view entity_id,
                          const std::string& before_json, const std::string& after_json) {
  auto q = TRY(c.cached(
      "INSERT INTO events (at, actor_id, actor, action, entity_type, entity_id, before_json, "
      "after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  q->bind_all(now_utc(), actor.user_id, actor.name, action, entity_type, entity_id,
              null_if_empty(before_json), null_if_empty(after_json));
  TRY(q->run());
  return c.last_insert_rowid();
}

Expected<std::vector<Event>> read_events(Connection& c, const EventQuery& query) {
  std::string sql =
      "SELECT id, at, actor_id, actor, action, entity_type, entity_id, before_json, after_json "
      "FROM events WHERE id < ?1";
  if (!query.entity_type.empty()) {
    sql += " AND entity_type = ?2";
  }
  if (!query.entity_id.empty()) {
    sql += " AND entity_id = ?3";
  }
  sql += " ORDER BY id DESC LIMIT ?4";
  auto q = TRY(c.cached(sql));
  const Id before = query.before_id > 0 ? query.before_id : INT64_MAX;
  const int limit = query.limit <= 0 ? 100 : std::min(query.limit, 10000);
  q->bind(1, before);
  if (!query.entity_type.empty()) {
    q->bind(2, query.entity_type);
  }
  if (!query.entity_id.empty()) {
    q->bind(3, query.entity_id);
  }
  q->bind(4, limit);
  std::vector<Event> out;
  while (TRY(q->step())) {
    Event e;
    e.id = q->int64(0);
    e.at = q->int64(1);
    e.actor_id = q->opt_int64(2);
    e.actor = q->text(3);
    e.action = q->text(4);
    e.entity_type = q->text(5);
    e.entity_id = q->text(6);
    e.before_json = q->text(7);
    e.after_json = q->text(8);
    out.push_back(std::move(e));
  }
  return out;
}

Expected<bool> events_chain_ok(Connection& c) {
  if (!TRY(table_exists(c, "events"))) {
    return true;
  }
  auto q = TRY(
      c.cached("SELECT count(*), coalesce(min(id), 0), coalesce(max(id), 0), "
               "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) FROM events"));
  if (!TRY(q->step())) {
    return false;
  }
  const std::int64_t count = q->int64(0), min = q->int64(1), max = q->int64(2), seq = q->int64(3);
  if (count == 0) {
    return seq == 0;
  }
  return min == 1 && max == count && seq == max;
}

}  // namespace doithoai::store::sqlite
