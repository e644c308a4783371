// The WAL checkpointer under writes that never pause: the log is caught up and restarted by the
// writer between two batches. Without that it was never started again here (a passive
// checkpoint never copies the frames written while it runs): 33 MB after these 3,000 rows.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/writer.hpp"
#include "store/store_test_util.hpp"

namespace doithoai::store {
namespace {

using sqlite::Blob;
using sqlite::Checkpointer;
using sqlite::Connection;
using sqlite::Writer;
using testing::must;
using testing::TempDir;

TEST(SqliteCheckpointer, UnderWritesThatNeverPauseTheWriterRestartsTheLogAndItStaysBounded) {
  TempDir dir;
  const std::string path = dir.file("c.db");
  auto writer_connection =
      must(Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), "open");
  must(writer_connection->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                               "PRAGMA journal_size_limit = 0;"
                               "CREATE TABLE t (v BLOB NOT NULL);"),
       "schema");
  auto own = must(Connection::open(path, SQLITE_OPEN_READWRITE), "own");
  sqlite3_busy_timeout(own->raw(), 5000);
  must(own->exec("SELECT count(*) FROM sqlite_schema"), "read");
  // Passive past 16 pages, a restart from its own thread only past 1,000,000 (never here), the
  // writer's restart past 64 pages once at most 16 are left to copy.
  Checkpointer checkpointer(std::move(own), 16, 1000000, 64, 16);
  checkpointer.install(*writer_connection);
  Writer writer(std::move(writer_connection), 512, {});
  std::atomic<int> restarts = 0;
  checkpointer.restart_through([&] {
    writer.post_exclusive([&](Connection& c) -> Expected<void> {
      checkpointer.restart(c);
      ++restarts;
      return {};
    });
  });
  // A 4,000-byte row each: without the writer's restarts the log grew to 33 MB and more here.
  constexpr int kCommits = 3000;
  const std::string row(4000, 'x');
  std::uintmax_t size = 0;
  int shrank = 0;  // times the log was started again (journal_size_limit 0 truncates it then)
  for (int i = 0; i < kCommits; ++i) {
    must(writer.submit([&](Connection& c) -> Expected<void> {
      auto q = TRY(c.cached("INSERT INTO t (v) VALUES (?)"));
      q->bind(1, Blob{row});
      return q->run();
    }));
    const auto now = std::filesystem::file_size(path + "-wal");
    if (now < size) ++shrank;
    size = now;
  }
  auto c = writer.stop();
  checkpointer.stop();
  EXPECT_GT(restarts.load(), 0);
  EXPECT_GT(shrank, 0);
  auto q = must(c->prepare("SELECT count(*) FROM t"));
  ASSERT_TRUE(must(q.step()));
  EXPECT_EQ(q.int64(0), kCommits);
}

}  // namespace
}  // namespace doithoai::store
