// Numbered schema migrations compiled into the binary. schema_migrations(version, name,
// applied_at) records which ones a database has; migrate applies each pending one in its own
// transaction, in order. A migration, once released, is never edited: changes go in a new one.
#pragma once

#include <span>
#include <string_view>

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace doithoai::store::sqlite {

struct Migration {
  int number;
  std::string_view name;
  std::string_view sql;
};

// Every migration, in increasing number order.
std::span<const Migration> migrations();
int latest_migration();

// What the database has applied (0 when it has no schema_migrations table).
Expected<MigrationState> migration_state(Connection& connection);
// Applies the pending migrations on a connection outside any transaction. Refuses a database
// migrated by a newer binary.
Expected<MigrationState> apply_migrations(Connection& connection);

}  // namespace doithoai::store::sqlite
