// Opening, migrating and checking a SQLite database file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/search_index.hpp"
#include "store/store_test_util.hpp"

namespace doithoai::store {
namespace {

using testing::must;
using testing::TempDir;

std::int64_t scalar(const std::string& path, const std::string& sql) {
  auto c = must(sqlite::Connection::open(path, SQLITE_OPEN_READONLY), "open");
  auto q = must(c->prepare(sql), "prepare");
  if (!must(q.step(), "step")) throw std::runtime_error("no row: " + sql);
  return q.int64(0);
}

TEST(SqliteMigrations, OpenDoesNotMigrateAndMigrateCreatesEveryTable) {
  TempDir dir;
  const auto path = dir.file("fresh.db");
  auto store = testing::open_store(path);
  const auto before = must(store->migration_state());
  EXPECT_EQ(before.current, 0);
  EXPECT_EQ(before.latest, sqlite::latest_migration());
  EXPECT_FALSE(store->unit_levels().ok());  // no schema yet

  const auto after = must(store->migrate());
  EXPECT_EQ(after.current, after.latest);
  EXPECT_GE(after.latest, 1);
  store->close();

  for (const char* table : {"unit_levels",
                            "units",
                            "unit_links",
                            "agencies",
                            "fields",
                            "holidays",
                            "users",
                            "user_grants",
                            "sessions",
                            "api_tokens",
                            "events",
                            "schema_migrations",
                            "matters",
                            "submissions",
                            "submission_people",
                            "answers",
                            "matter_deadlines",
                            "deadline_rules",
                            "calendar_state",
                            "matter_counts"}) {
    EXPECT_EQ(scalar(path, std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                       "AND name = '") +
                               table + "'"),
              1)
        << table;
  }
  // The events' append-only guards, the six that mark the deadline calendar as changed, and the
  // three that keep the matter counters.
  EXPECT_EQ(scalar(path,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name "
                   "IN ('events_no_update', 'events_no_delete')"),
            2);
  EXPECT_EQ(scalar(path,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN "
                   "('holidays', 'deadline_rules') AND name NOT LIKE 'reference_changed_%'"),
            6);
  // Migration 13: insert, update and delete on each of the eight reference tables move the
  // reference version.
  EXPECT_EQ(scalar(path,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE "
                   "'reference_changed_%'"),
            24);
  EXPECT_EQ(scalar(path, "SELECT version FROM reference_state WHERE id = 1"), 1);
  EXPECT_EQ(scalar(path,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE "
                   "'matters_count_%'"),
            3);
  // Since migration 19 the search indexes live in a file of their own; the database keeps the
  // log of what they must follow: a trigger on each write to matters, submissions, answers and
  // signatures that changes a document (insert, update, delete of each).
  EXPECT_EQ(scalar(path,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE "
                   "'search\\_changes\\_%' ESCAPE '\\'"),
            12);
  EXPECT_EQ(scalar(path,
                   "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'matter\\_search%' "
                   "ESCAPE '\\' AND name <> 'matter_search_source' OR name LIKE "
                   "'matter\\_lsh%' ESCAPE '\\' OR name LIKE 'pending\\_%' ESCAPE '\\'"),
            0);
  for (const char* table :
       {"search_changes", "search_index_state", "matter_signatures", "matter_search_source"}) {
    EXPECT_EQ(scalar(path, std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") +
                               table + "'"),
              1)
        << table;
  }
  EXPECT_EQ(scalar(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'events_entity'"), 1);
  for (const char* index :
       {"matters_status_received", "matters_unit_status_received", "matters_agency_status",
        "matters_overdue", "matters_field", "deadline_rules_key"}) {
    EXPECT_EQ(scalar(path, std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                       "AND name = '") +
                               index + "'"),
              1)
        << index;
  }
}

TEST(SqliteMigrations, MigrateTwiceAppliesEachMigrationOnce) {
  TempDir dir;
  const auto path = dir.file("twice.db");
  {
    auto store = testing::open_migrated(path);
    const auto again = must(store->migrate());
    EXPECT_EQ(again.current, sqlite::latest_migration());
  }
  {
    auto store = testing::open_store(path);  // a later start of the server
    const auto state = must(store->migration_state());
    EXPECT_EQ(state.current, state.latest);
    EXPECT_EQ(must(store->migrate()).current, state.latest);
  }
  EXPECT_EQ(scalar(path, "SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(sqlite::migrations().size()));
  EXPECT_GT(scalar(path, "SELECT min(applied_at) FROM schema_migrations"), 0);
}

TEST(SqliteMigrations, ADatabaseOfMigrationOneUpgradesAndKeepsItsData) {
  TempDir dir;
  const auto path = dir.file("v1.db");
  {
    auto c = must(sqlite::Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    must(
        c->exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                "NULL, applied_at INTEGER NOT NULL) STRICT;"));
    must(c->exec(sqlite::migrations()[0].sql));
    must(
        c->exec("INSERT INTO schema_migrations VALUES (1, 'initial schema', 1);"
                "INSERT INTO holidays VALUES ('2026-09-02', 'Quốc khánh', 0, '');"));
  }
  auto store = testing::open_store(path);
  EXPECT_EQ(must(store->migration_state()).current, 1);
  EXPECT_EQ(must(store->migrate()).current, sqlite::latest_migration());
  EXPECT_EQ(must(store->holidays(std::nullopt, std::nullopt)).size(), 1u);
  EXPECT_TRUE(must(store->matters().deadline_rules()).empty());
  EXPECT_TRUE(must(store->check()).integrity_ok);
}

// Migration 6 moved the LSH buckets from a table of (bucket, matter_id) rows into words of
// matter_signatures.lsh indexed by FTS5: the buckets of a database of migration 5 are kept, read
// back the same, and found by the index.
TEST(SqliteMigrations, LshBucketsOfMigrationFiveMoveIntoTheIndex) {
  TempDir dir;
  const auto path = dir.file("v5.db");
  {
    auto c = must(sqlite::Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    must(
        c->exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                "NULL, applied_at INTEGER NOT NULL) STRICT;"));
    for (const auto& m : sqlite::migrations()) {
      if (m.number > 5) break;
      must(c->exec(m.sql));
      must(c->exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.number) +
                   ", 'm', 1)"));
    }
    // Signatures only (no matter rows: the foreign keys are off for this set-up).
    must(
        c->exec("PRAGMA foreign_keys = OFF;"
                "INSERT INTO matter_signatures VALUES (42, 1, x'01000000', 3);"
                "INSERT INTO matter_lsh VALUES (-5, 42), (255, 42), (255, 43);"
                "INSERT INTO matter_signatures VALUES (43, 1, x'02000000', 2);"));
  }
  auto store = testing::open_store(path);
  EXPECT_EQ(must(store->migrate()).current, sqlite::latest_migration());
  const auto sig = must(store->search().signature(42));
  ASSERT_TRUE(sig.has_value());
  std::vector<std::int64_t> buckets = sig->buckets;
  std::sort(buckets.begin(), buckets.end());
  EXPECT_EQ(buckets, (std::vector<std::int64_t>{-5, 255}));
  // Migration 19 left the index to the index file, which the store built from the signatures.
  ASSERT_TRUE(must(store->search().text_index_consistent()));
  const auto index = sqlite::SearchIndexer::file_for(path);
  EXPECT_EQ(scalar(index,
                   "SELECT count(*) FROM matter_lsh WHERE matter_lsh MATCH '\"fffffffffffffffb\"'"),
            1);
  EXPECT_EQ(scalar(index,
                   "SELECT count(*) FROM matter_lsh WHERE matter_lsh MATCH "
                   "'\"00000000000000ff\"'"),
            2);
  EXPECT_EQ(scalar(index,
                   "SELECT count(*) FROM matter_lsh WHERE matter_lsh MATCH "
                   "'\"00000000000000fe\"'"),
            0);
}

// Increasing from 1.
TEST(SqliteMigrations, MigrationsAreNumberedInOrder) {
  int previous = 0;
  for (const auto& m : sqlite::migrations()) {
    EXPECT_GT(m.number, previous);
    if (previous == 0) {
      EXPECT_EQ(m.number, 1);
    }
    previous = m.number;
    EXPECT_FALSE(m.name.empty());
    EXPECT_FALSE(m.sql.empty());
  }
}

TEST(SqliteMigrations, DatabaseFromNewerBinaryIsRefused) {
  TempDir dir;
  const auto path = dir.file("newer.db");
  testing::open_migrated(path)->close();
  {
    auto c = must(sqlite::Connection::open(path, SQLITE_OPEN_READWRITE), "open");
    must(c->exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)"));
  }
  auto store = testing::open_store(path);
  const auto state = store->migrate();
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, "schema_too_new");
}

TEST(SqliteMigrations, OpenWithoutCreateFailsOnMissingFile) {
  TempDir dir;
  Options options;
  options.path = dir.file("missing.db");
  options.create_if_missing = false;
  const auto opened = open_sqlite(options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::not_found);
  EXPECT_FALSE(std::filesystem::exists(options.path));
}

TEST(SqliteMigrations, OpenRefusesAFileThatIsNotADatabase) {
  TempDir dir;
  const auto path = dir.file("text.db");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not a database, just some text that is long enough to look like a header",
               f);
    std::fclose(f);
  }
  Options options;
  options.path = path;
  EXPECT_FALSE(open_sqlite(options).ok());
}

TEST(SqliteMigrations, OpenUsesWalAndFullSync) {
  TempDir dir;
  const auto path = dir.file("wal.db");
  auto store = testing::open_migrated(path);
  must(store->add_holiday({testing::d("2026-09-02"), "Quốc khánh", false, ""}, Actor::cli()));
  // While the store is open its WAL holds the commit.
  EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
  EXPECT_EQ(scalar(path, "SELECT count(*) FROM holidays"), 1);
  auto c = must(sqlite::Connection::open(path, SQLITE_OPEN_READONLY), "open");
  EXPECT_EQ(must(c->query_text("PRAGMA journal_mode")), "wal");
}

TEST(SqliteMigrations, CheckReportsAHealthyDatabase) {
  TempDir dir;
  auto store = testing::open_migrated(dir.file("check.db"));
  must(store->seed_reference(testing::sample_reference(), Actor::system()));
  const auto report = must(store->check());
  EXPECT_TRUE(report.integrity_ok) << report.integrity_message;
  EXPECT_EQ(report.integrity_message, "ok");
  EXPECT_EQ(report.migrations.current, report.migrations.latest);
  EXPECT_TRUE(report.events_chain_ok);
}

}  // namespace
}  // namespace doithoai::store
