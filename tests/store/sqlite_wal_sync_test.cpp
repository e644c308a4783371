// WalSync, the writer's sync step in the server: it syncs the database's own log file, follows
// that file when it is replaced, and reports a log it cannot reach as an error.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/wal_sync.hpp"
#include "store/store_test_util.hpp"

namespace doithoai::store {
namespace {

using sqlite::Connection;
using sqlite::WalSync;
using testing::must;
using testing::TempDir;

std::unique_ptr<Connection> open_wal_db(const std::string& path) {
  auto c = must(Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), "open");
  must(c->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
               "CREATE TABLE IF NOT EXISTS t (v INTEGER);"
               "INSERT INTO t VALUES (1);"),
       "write");
  return c;
}

TEST(WalSync, SyncsTheLogAndFollowsItWhenTheFileIsReplaced) {
  TempDir dir;
  const std::string db = dir.file("w.db");
  auto c = open_wal_db(db);
  WalSync log(*c);
  ASSERT_TRUE(std::filesystem::exists(db + "-wal"));
  EXPECT_TRUE(log.sync().ok());
  EXPECT_TRUE(log.sync().ok());
  // The last connection's close deletes the log; the next one creates a new file.
  c.reset();
  ASSERT_FALSE(std::filesystem::exists(db + "-wal"));
  c = open_wal_db(db);
  ASSERT_TRUE(std::filesystem::exists(db + "-wal"));
  EXPECT_TRUE(log.sync().ok());
}

TEST(WalSync, ALogItCannotReachIsAnErrorNotASuccess) {
  TempDir dir;
  const std::string db = dir.file("w.db");
  auto c = open_wal_db(db);
  WalSync log(*c);
  ASSERT_TRUE(log.sync().ok());
  c.reset();  // deletes the log file
  const auto synced = log.sync();
  ASSERT_FALSE(synced.ok());
  EXPECT_EQ(synced.error().kind, ErrorKind::internal);
}

}  // namespace
}  // namespace doithoai::store
