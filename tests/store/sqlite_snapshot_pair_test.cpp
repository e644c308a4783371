// read_snapshot_pair: the two parts of a read see the same committed state, on two connections
// when two are idle, else one after the other on one; an error in either part is the result.
#include "store/sqlite/snapshot_pair.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/store_test_util.hpp"

namespace doithoai::store {
namespace {

using sqlite::Connection;
using sqlite::ReaderPool;
using testing::must;
using testing::TempDir;

class SnapshotPair : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("pair.db");
    writer_ = must(Connection::open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), "open");
    must(writer_->exec("PRAGMA journal_mode = WAL;"
                       "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT);"
                       "CREATE TABLE t (n INTEGER NOT NULL);"
                       "INSERT INTO t VALUES (1), (2);"
                       "INSERT INTO events (what) VALUES ('two rows');"),
         "schema");
  }

  std::unique_ptr<ReaderPool> pool(int size) {
    std::vector<std::unique_ptr<Connection>> readers;
    for (int i = 0; i < size; ++i) {
      readers.push_back(must(Connection::open(path_, SQLITE_OPEN_READONLY), "open reader"));
    }
    return std::make_unique<ReaderPool>(std::move(readers));
  }

  // The rows of t as one reader sees them.
  static Expected<std::int64_t> rows(Connection& c) {
    auto q = TRY(c.cached("SELECT count(*) FROM t"));
    return TRY(q->step()) ? q->int64(0) : -1;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Connection> writer_;
};

TEST_F(SnapshotPair, BothPartsReadTheSameStateOnTwoConnectionsWhenTwoAreIdle) {
  auto readers = pool(2);
  const Connection* seen_first = nullptr;
  const Connection* seen_second = nullptr;
  std::int64_t first_rows = 0;
  std::int64_t second_rows = 0;
  must(sqlite::read_snapshot_pair(
           *readers,
           [&](Connection& c) -> Expected<void> {
             seen_first = &c;
             first_rows = TRY(rows(c));
             return {};
           },
           [&](Connection& c) -> Expected<void> {
             seen_second = &c;
             second_rows = TRY(rows(c));
             return {};
           }),
       "pair");
  EXPECT_NE(seen_first, nullptr);
  EXPECT_NE(seen_first, seen_second);
  EXPECT_EQ(first_rows, 2);
  EXPECT_EQ(second_rows, 2);

  // A later commit is seen by both parts of the next pair.
  must(writer_->exec("INSERT INTO t VALUES (3); INSERT INTO events (what) VALUES ('three');"),
       "write");
  must(sqlite::read_snapshot_pair(
           *readers,
           [&](Connection& c) -> Expected<void> {
             first_rows = TRY(rows(c));
             return {};
           },
           [&](Connection& c) -> Expected<void> {
             second_rows = TRY(rows(c));
             return {};
           }),
       "pair after the write");
  EXPECT_EQ(first_rows, 3);
  EXPECT_EQ(second_rows, 3);
}

TEST_F(SnapshotPair, WithOneIdleConnectionBothPartsRunOnItOneAfterTheOther) {
  auto readers = pool(1);
  std::vector<const Connection*> seen;
  std::vector<std::int64_t> counted;
  const auto part = [&](Connection& c) -> Expected<void> {
    seen.push_back(&c);
    counted.push_back(TRY(rows(c)));
    return {};
  };
  must(sqlite::read_snapshot_pair(*readers, part, part), "pair");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_EQ(counted, (std::vector<std::int64_t>{2, 2}));
}

TEST_F(SnapshotPair, AnErrorInEitherPartIsTheResult) {
  auto readers = pool(2);
  const auto fine = [](Connection&) -> Expected<void> { return {}; };
  const auto broken = [](Connection& c) -> Expected<void> {
    TRY(c.cached("SELECT * FROM no_such_table"));
    return {};
  };
  EXPECT_FALSE(sqlite::read_snapshot_pair(*readers, fine, broken).ok());
  EXPECT_FALSE(sqlite::read_snapshot_pair(*readers, broken, fine).ok());
  // Both connections went back to the pool, out of their transactions.
  EXPECT_TRUE(sqlite::read_snapshot_pair(*readers, fine, fine).ok());
}

}  // namespace
}  // namespace doithoai::store
