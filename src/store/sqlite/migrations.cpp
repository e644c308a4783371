#include "store/sqlite/migrations.hpp"

#include <array>
#include <string>

#include "domain/date.hpp"

namespace doithoai::store::sqlite {

namespace {

// Conventions: dates are 'YYYY-MM-DD' text (checked with date(x) IS x, which also rejects
// 2025-02-30), instants are integer UTC seconds, booleans are 0/1 integers.
constexpr std::array<Migration, 1> kMigrations{{
    {1, "initial schema", R"sql(
CREATE TABLE unit_levels (
  code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  rank INTEGER NOT NULL CHECK (rank >= 1)
) STRICT;

CREATE TABLE units (
  code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  type_name TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL REFERENCES unit_levels (code),
  parent_code TEXT REFERENCES units (code),
  valid_from TEXT NOT NULL CHECK (date(valid_from) IS valid_from),
  valid_to TEXT CHECK (valid_to IS NULL OR (date(valid_to) IS valid_to AND valid_to >= valid_from)),
  sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  CHECK (parent_code IS NULL OR parent_code <> code)
) STRICT;
CREATE INDEX units_parent ON units (parent_code);
CREATE INDEX units_level ON units (level);

-- Links are stored once, predecessor -> successor; both directions are filled when reading.
CREATE TABLE unit_links (
  predecessor_code TEXT NOT NULL REFERENCES units (code),
  successor_code TEXT NOT NULL REFERENCES units (code),
  PRIMARY KEY (predecessor_code, successor_code),
  CHECK (predecessor_code <> successor_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX unit_links_successor ON unit_links (successor_code, predecessor_code);

CREATE TABLE agencies (
  code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  kind TEXT NOT NULL CHECK (kind <> ''),
  unit_code TEXT NOT NULL REFERENCES units (code),
  parent_code TEXT REFERENCES agencies (code),
  valid_to TEXT CHECK (valid_to IS NULL OR date(valid_to) IS valid_to),
  CHECK (parent_code IS NULL OR parent_code <> code)
) STRICT;
CREATE INDEX agencies_unit ON agencies (unit_code);
CREATE INDEX agencies_parent ON agencies (parent_code);

CREATE TABLE fields (
  code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  parent_code TEXT REFERENCES fields (code),
  sort_order INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  CHECK (parent_code IS NULL OR parent_code <> code)
) STRICT;
CREATE INDEX fields_parent ON fields (parent_code);

CREATE TABLE holidays (
  date TEXT PRIMARY KEY NOT NULL CHECK (date(date) IS date),
  name TEXT NOT NULL CHECK (name <> ''),
  working_day INTEGER NOT NULL DEFAULT 0 CHECK (working_day IN (0, 1)),
  source TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE CHECK (username <> ''),
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE user_grants (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'intake', 'leader', 'officer', 'inspector')),
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('unit', 'agency')),
  scope_code TEXT NOT NULL CHECK (scope_code <> ''),
  PRIMARY KEY (user_id, role, scope_kind, scope_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_grants_scope ON user_grants (scope_kind, scope_code);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY NOT NULL CHECK (token_hash <> ''),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_created ON sessions (created_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE CHECK (token_hash <> ''),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The append-only log. AUTOINCREMENT: ids are never reused.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action <> ''),
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
) STRICT;
CREATE INDEX events_entity ON events (entity_type, entity_id, id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
)sql"},
}};

constexpr bool ordered() {
  for (std::size_t i = 0; i < kMigrations.size(); ++i) {
    if (kMigrations[i].number != static_cast<int>(i) + 1) {
      return false;
    }
  }
  return true;
}
static_assert(ordered(), "migrations are numbered 1, 2, 3, ... in order");

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT;
)sql";

Expected<void> apply_one(Connection& c, const Migration& m) {
  TRY(c.exec("BEGIN IMMEDIATE"));
  auto applied = [&]() -> Expected<void> {
    TRY(c.exec(m.sql));
    auto insert = TRY(
        c.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
    TRY(insert.bind_all(m.number, m.name, now_utc()).run());
    return c.exec("COMMIT");
  }();
  if (!applied.ok()) {
    if (c.in_transaction()) {
      (void)c.exec("ROLLBACK");
    }
    Error e = std::move(applied).error();
    e.message = "Migration " + std::to_string(m.number) + " (" + std::string(m.name) +
                ") thất bại: " + e.message;
    e.kind = ErrorKind::internal;
    return e;
  }
  return {};
}

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_migration() {
  return kMigrations.back().number;
}

Expected<MigrationState> migration_state(Connection& c) {
  MigrationState state;
  state.latest = latest_migration();
  auto exists = TRY(c.cached(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"));
  if (TRY(exists->step()) && exists->int64(0) == 0) {
    return state;
  }
  auto current = TRY(c.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  if (TRY(current.step())) {
    state.current = current.int32(0);
  }
  return state;
}

Expected<MigrationState> apply_migrations(Connection& c) {
  TRY(c.exec(kCreateMigrationsTable));
  MigrationState state = TRY(migration_state(c));
  if (state.current > state.latest) {
    return conflict("schema_too_new",
                    "Cơ sở dữ liệu đã được nâng cấp bởi một phiên bản mới hơn của chương trình "
                    "(migration " +
                        std::to_string(state.current) + ", chương trình này biết đến " +
                        std::to_string(state.latest) + ")");
  }
  for (const Migration& m : kMigrations) {
    if (m.number <= state.current) {
      continue;
    }
    TRY(apply_one(c, m));
    state.current = m.number;
  }
  return state;
}

}  // namespace doithoai::store::sqlite
