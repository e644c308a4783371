// The group-commit writer on its own: batching, per-unit savepoints, commit failure, draining.
// A first "blocker" unit holds the writer until the other units are queued, so that the batch
// they form is known exactly (no timing assumptions).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/writer.hpp"
#include "store/store_test_util.hpp"

namespace doithoai::store {
namespace {

using sqlite::Connection;
using sqlite::Writer;
using testing::must;
using testing::TempDir;

std::unique_ptr<Connection> open_test_db(const std::string& path) {
  auto c = must(Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), "open");
  must(c->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
               "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL);"
               "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
               "CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY "
               "DEFERRED);"),
       "schema");
  return c;
}

Expected<void> insert(Connection& c, const std::string& k) {
  auto q = TRY(c.cached("INSERT INTO t (k, v) VALUES (?, 1)"));
  q->bind(1, k);
  return q->run();
}

// (Not "k" + std::to_string(i): g++ 12 -O3 warns falsely on it.)
std::string key(std::string prefix, int i) {
  return prefix.append(std::to_string(i));
}

std::vector<std::string> keys(Connection& c) {
  auto q = must(c.prepare("SELECT k FROM t ORDER BY k"));
  std::vector<std::string> out;
  while (must(q.step())) out.push_back(q.text(0));
  return out;
}

struct Commits {
  std::mutex mu;
  std::vector<int> units;
  Writer::OnCommit observer() {
    return [this](double seconds, int n) {
      EXPECT_GE(seconds, 0.0);
      std::lock_guard lock(mu);
      units.push_back(n);
    };
  }
  std::vector<int> get() {
    std::lock_guard lock(mu);
    return units;
  }
};

// Rows a, b and c submitted from three threads; their results once each has an answer.
std::vector<std::future<Expected<void>>> submit_abc(Writer& writer) {
  std::vector<std::future<Expected<void>>> results;
  for (const char* k : {"a", "b", "c"}) {
    results.push_back(std::async(std::launch::async, [&writer, k] {
      return writer.submit([k](Connection& c) { return insert(c, k); });
    }));
  }
  for (auto& r : results) r.wait();
  return results;
}

// Holds the writer inside a unit until `queued` more units wait behind it.
class Blocker {
 public:
  Blocker(Writer& writer, std::size_t queued) {
    auto running = started_.get_future();
    thread_ = std::thread([&writer, queued, this] {
      result_ = writer.submit([&](Connection& c) -> Expected<void> {
        started_.set_value();
        while (writer.queued() < queued) std::this_thread::yield();
        return insert(c, "blocker");
      });
    });
    running.wait();
  }
  ~Blocker() { (void)join(); }
  Expected<void> join() {
    if (thread_.joinable()) thread_.join();
    return result_;
  }

 private:
  std::promise<void> started_;
  std::thread thread_;
  Expected<void> result_;
};

TEST(SqliteWriter, QueuedUnitsCommitTogetherAndAFailedUnitIsRolledBackAlone) {
  TempDir dir;
  Commits commits;
  Writer writer(open_test_db(dir.file("w.db")), 512, commits.observer());
  constexpr int kUnits = 20;
  constexpr int kFailing = 7;
  std::vector<Expected<void>> results(kUnits);
  std::vector<std::thread> threads;
  {
    Blocker blocker(writer, kUnits);
    for (int i = 0; i < kUnits; ++i) {
      threads.emplace_back([&, i] {
        const std::string k = key("k", 100 + i);
        results[i] = writer.submit([&, i](Connection& c) -> Expected<void> {
          TRY(insert(c, k));
          if (i == kFailing) {
            // Its own insert above must go back out, and only it.
            return conflict("test_failure", "thất bại có chủ ý");
          }
          return {};
        });
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_TRUE(blocker.join().ok());
  }
  for (int i = 0; i < kUnits; ++i) {
    if (i == kFailing) {
      ASSERT_FALSE(results[i].ok());
      EXPECT_EQ(results[i].error().code, "test_failure");
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].error().message;
    }
  }
  EXPECT_EQ(commits.get(), (std::vector<int>{1, kUnits}));  // the blocker, then one batch
  auto c = writer.stop();
  const auto k = keys(*c);
  EXPECT_EQ(k.size(), static_cast<std::size_t>(kUnits));  // blocker + 19
  EXPECT_EQ(std::count(k.begin(), k.end(), key("k", 100 + kFailing)), 0);
}

TEST(SqliteWriter, SqlErrorAndExceptionFailOnlyTheirUnit) {
  TempDir dir;
  Commits commits;
  Writer writer(open_test_db(dir.file("w.db")), 512, commits.observer());
  must(writer.submit([](Connection& c) { return insert(c, "taken"); }));
  std::vector<std::future<Expected<void>>> results;
  {
    Blocker blocker(writer, 4);
    results.push_back(std::async(std::launch::async, [&] {
      return writer.submit([](Connection& c) { return insert(c, "a"); });
    }));
    results.push_back(std::async(std::launch::async, [&] {
      return writer.submit([](Connection& c) -> Expected<void> {
        TRY(insert(c, "b-partial"));
        return insert(c, "taken");  // primary key clash
      });
    }));
    results.push_back(std::async(std::launch::async, [&] {
      return writer.submit([](Connection& c) -> Expected<void> {
        TRY(insert(c, "c-partial"));
        throw std::runtime_error("bug");
      });
    }));
    results.push_back(std::async(std::launch::async, [&] {
      return writer.submit([](Connection& c) { return insert(c, "d"); });
    }));
    for (auto& r : results) r.wait();
  }
  EXPECT_TRUE(results[0].get().ok());
  const auto clash = results[1].get();
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().kind, ErrorKind::conflict);
  const auto thrown = results[2].get();
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().kind, ErrorKind::internal);
  EXPECT_TRUE(results[3].get().ok());
  EXPECT_EQ(commits.get(), (std::vector<int>{1, 1, 4}));
  auto c = writer.stop();
  EXPECT_EQ(keys(*c), (std::vector<std::string>{"a", "blocker", "d", "taken"}));
}

TEST(SqliteWriter, BatchesAreCappedAtMaxBatch) {
  TempDir dir;
  Commits commits;
  Writer writer(open_test_db(dir.file("w.db")), 4, commits.observer());
  std::vector<std::thread> threads;
  {
    Blocker blocker(writer, 10);
    for (int i = 0; i < 10; ++i) {
      threads.emplace_back(
          [&, i] { must(writer.submit([i](Connection& c) { return insert(c, key("k", i)); })); });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(commits.get(), (std::vector<int>{1, 4, 4, 2}));
}

TEST(SqliteWriter, FailedCommitFailsEveryUnitOfTheBatch) {
  TempDir dir;
  Commits commits;
  Writer writer(open_test_db(dir.file("w.db")), 512, commits.observer());
  std::vector<std::future<Expected<void>>> results;
  {
    Blocker blocker(writer, 3);
    results.push_back(std::async(std::launch::async, [&] {
      return writer.submit([](Connection& c) { return insert(c, "a"); });
    }));
    // A deferred foreign key violation passes its unit but makes COMMIT fail.
    results.push_back(std::async(std::launch::async, [&] {
      return writer.submit([](Connection& c) { return c.exec("INSERT INTO child VALUES (999)"); });
    }));
    results.push_back(std::async(std::launch::async, [&] {
      return writer.submit([](Connection& c) { return insert(c, "b"); });
    }));
    for (auto& r : results) r.wait();
  }
  for (auto& r : results) {
    const auto result = r.get();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::internal);
  }
  EXPECT_EQ(commits.get(), std::vector<int>{1});  // only the blocker's commit was observed
  // The writer goes on with the next batch.
  must(writer.submit([](Connection& c) { return insert(c, "after"); }));
  auto c = writer.stop();
  EXPECT_EQ(keys(*c), (std::vector<std::string>{"after", "blocker"}));
  EXPECT_FALSE(c->in_transaction());
}

TEST(SqliteWriter, TheBeforeCommitStepRunsOncePerBatchInsideItsTransaction) {
  TempDir dir;
  Commits commits;
  std::atomic<int> runs = 0;
  // The step sees every unit of the batch (still uncommitted) and its own writes commit with
  // them: here it records how many rows the batch left.
  Writer writer(open_test_db(dir.file("w.db")), 512, commits.observer(),
                [&](Connection& c) -> Expected<void> {
                  ++runs;
                  EXPECT_TRUE(c.in_transaction());
                  return c.exec("INSERT INTO t (k, v) SELECT 'step' || count(*), 1 FROM t");
                });
  std::vector<std::future<Expected<void>>> results;
  {
    Blocker blocker(writer, 3);
    results = submit_abc(writer);
  }
  for (auto& r : results) EXPECT_TRUE(r.get().ok());
  EXPECT_EQ(runs.load(), 2);  // the blocker's batch, then the batch of three
  EXPECT_EQ(commits.get(), (std::vector<int>{1, 3}));
  auto c = writer.stop();
  EXPECT_EQ(keys(*c), (std::vector<std::string>{"a", "b", "blocker", "c", "step1", "step5"}));
}

TEST(SqliteWriter, AFailedBeforeCommitStepFailsTheWholeBatch) {
  TempDir dir;
  Commits commits;
  std::atomic<bool> fail = true;
  Writer writer(open_test_db(dir.file("w.db")), 512, commits.observer(),
                [&](Connection&) -> Expected<void> {
                  if (fail) return conflict("step_failed", "bước trước khi ghi thất bại");
                  return {};
                });
  std::vector<std::future<Expected<void>>> results;
  {
    Blocker blocker(writer, 2);
    for (const char* k : {"a", "b"}) {
      results.push_back(std::async(std::launch::async, [&writer, k] {
        return writer.submit([k](Connection& c) { return insert(c, k); });
      }));
    }
    for (auto& r : results) r.wait();
    EXPECT_FALSE(blocker.join().ok());
  }
  EXPECT_TRUE(commits.get().empty());
  for (auto& r : results) {
    const auto result = r.get();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::internal);
  }
  fail = false;
  must(writer.submit([](Connection& c) { return insert(c, "after"); }));
  auto c = writer.stop();
  EXPECT_EQ(keys(*c), (std::vector<std::string>{"after"}));
  EXPECT_FALSE(c->in_transaction());
}

TEST(SqliteWriter, StopDrainsQueuedUnitsThenRefusesNewOnes) {
  TempDir dir;
  Writer writer(open_test_db(dir.file("w.db")), 512, {});
  std::unique_ptr<Connection> c;
  {
    Blocker blocker(writer, 3);
    for (int i = 0; i < 3; ++i) {
      writer.post([i](Connection& conn) { return insert(conn, key("posted", i)); });
    }
    // The three posted units are queued: stop() must run them before it returns.
    c = writer.stop();
  }
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(keys(*c), (std::vector<std::string>{"blocker", "posted0", "posted1", "posted2"}));
  const auto late = writer.submit([](Connection& conn) { return insert(conn, "late"); });
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().kind, ErrorKind::unavailable);
  writer.post([](Connection& conn) { return insert(conn, "late"); });  // dropped, no crash
  EXPECT_EQ(writer.stop(), nullptr);
}

TEST(SqliteWriter, WritingFromInsideAUnitIsAnErrorNotADeadlock) {
  TempDir dir;
  Writer writer(open_test_db(dir.file("w.db")), 512, {});
  Expected<void> inner;
  must(writer.submit([&](Connection&) -> Expected<void> {
    inner = writer.submit([](Connection& c) { return insert(c, "nested"); });
    return {};
  }));
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().kind, ErrorKind::internal);
}

TEST(SqliteWriter, AsyncUnitsAnswerAfterTheirCommitAndMayQueueMore) {
  TempDir dir;
  Commits commits;
  Writer writer(open_test_db(dir.file("w.db")), 512, commits.observer());
  constexpr int kUnits = 5;
  std::vector<std::promise<Expected<void>>> answered(kUnits + 1);
  {
    Blocker blocker(writer, kUnits);
    for (int i = 0; i < kUnits; ++i) {
      writer.submit_async(
          [i](Connection& c) -> Expected<void> {
            TRY(insert(c, key("a", i)));
            if (i == 2) return conflict("test_failure", "thất bại có chủ ý");
            return {};
          },
          [&, i](Expected<void> result) {
            // Answered on the writer's thread once the batch is committed: the commit is seen.
            if (result.ok()) {
              EXPECT_EQ(commits.get().size(), 2u);
            }
            if (i == 0) {
              // A callback may queue more work without waiting for it.
              writer.submit_async([](Connection& c) { return insert(c, "again"); },
                                  [&](Expected<void> r) { answered[kUnits].set_value(r); });
            }
            answered[i].set_value(std::move(result));
          });
    }
    EXPECT_TRUE(blocker.join().ok());
  }
  for (int i = 0; i < kUnits; ++i) {
    const auto result = answered[i].get_future().get();
    if (i == 2) {
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.error().code, "test_failure");
    } else {
      EXPECT_TRUE(result.ok()) << i;
    }
  }
  EXPECT_TRUE(answered[kUnits].get_future().get().ok());
  auto c = writer.stop();
  EXPECT_EQ(keys(*c), (std::vector<std::string>{"a0", "a1", "a3", "a4", "again", "blocker"}));
  // Once stopped, the callback gets the error at once, on the caller's thread.
  Expected<void> late;
  writer.submit_async([](Connection& conn) { return insert(conn, "late"); },
                      [&](Expected<void> r) { late = std::move(r); });
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().kind, ErrorKind::unavailable);
}

// A sync step that the test holds shut: each call is counted and waits for the gate.
class GatedSync {
 public:
  Writer::Sync step() {
    return [this]() -> Expected<void> {
      {
        std::lock_guard lock(mu_);
        ++calls_;
      }
      cv_.notify_all();
      gate_.wait();
      return {};
    };
  }
  void wait_for_calls(int n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return calls_ >= n; });
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }
  void open() { opened_.set_value(); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int calls_ = 0;
  std::promise<void> opened_;
  std::shared_future<void> gate_ = opened_.get_future().share();
};

bool visible(Connection& reader, const std::string& k) {
  auto q = must(reader.prepare("SELECT 1 FROM t WHERE k = ?"));
  q.bind(1, k);
  return must(q.step());
}

TEST(SqliteWriter, WithASyncStepNoUnitIsAnsweredBeforeTheSyncAfterItsCommit) {
  TempDir dir;
  GatedSync sync;
  Commits commits;
  Writer writer(open_test_db(dir.file("w.db")), 512, commits.observer(), {}, sync.step());
  auto reader = must(Connection::open(dir.file("w.db"), SQLITE_OPEN_READONLY), "reader");
  std::promise<Expected<void>> first;
  writer.submit_async([](Connection& c) { return insert(c, "a"); },
                      [&](Expected<void> r) { first.set_value(std::move(r)); });
  sync.wait_for_calls(1);
  // Committed (a reader sees it) but not answered while its sync has not returned.
  EXPECT_TRUE(visible(*reader, "a"));
  auto first_answer = first.get_future();
  EXPECT_EQ(first_answer.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  EXPECT_TRUE(commits.get().empty());  // the commit is reported once durable
  // Meanwhile the writer runs the units that arrive, in one transaction that it commits once
  // the sync is done (they could not be answered sooner): they are seen together, answered
  // after a second sync.
  std::atomic<int> ran = 0;
  std::vector<std::future<Expected<void>>> later;
  for (const char* k : {"b", "c", "d"}) {
    later.push_back(std::async(std::launch::async, [&writer, &ran, k] {
      return writer.submit([&ran, k](Connection& c) {
        ++ran;
        return insert(c, k);
      });
    }));
    while (ran.load() < static_cast<int>(later.size())) std::this_thread::yield();
  }
  EXPECT_FALSE(visible(*reader, "b"));
  for (auto& r : later) {
    EXPECT_EQ(r.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  }
  EXPECT_EQ(sync.calls(), 1);
  sync.open();
  EXPECT_TRUE(first_answer.get().ok());
  for (auto& r : later) EXPECT_TRUE(r.get().ok());
  EXPECT_TRUE(visible(*reader, "d"));
  EXPECT_EQ(sync.calls(), 2);
  EXPECT_EQ(commits.get(), (std::vector<int>{1, 3}));
  // An exclusive unit's own transactions are synced before it is answered too.
  must(writer.submit_exclusive([](Connection& c) { return insert(c, "x"); }));
  EXPECT_EQ(sync.calls(), 3);
}

TEST(SqliteWriter, AFailedSyncFailsEveryUnitItCoveredAndEveryLaterOne) {
  TempDir dir;
  std::atomic<int> syncs = 0;
  Commits commits;
  Writer writer(open_test_db(dir.file("w.db")), 512, commits.observer(), {},
                [&]() -> Expected<void> {
                  ++syncs;
                  return internal_error("fdatasync: Input/output error");
                });
  std::vector<std::future<Expected<void>>> results;
  {
    Blocker blocker(writer, 3);
    results = submit_abc(writer);
    EXPECT_FALSE(blocker.join().ok());
  }
  for (auto& r : results) {
    const auto result = r.get();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::internal);
  }
  // Frames after a lost one cannot be recovered: later units fail without being run or synced.
  const int syncs_before = syncs.load();
  std::atomic<bool> ran = false;
  const auto later = writer.submit([&](Connection& c) {
    ran = true;
    return insert(c, "later");
  });
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().kind, ErrorKind::internal);
  EXPECT_FALSE(ran.load());
  std::promise<Expected<void>> async_answer;
  writer.submit_async([](Connection& c) { return insert(c, "later_async"); },
                      [&](Expected<void> r) { async_answer.set_value(std::move(r)); });
  EXPECT_FALSE(async_answer.get_future().get().ok());
  EXPECT_FALSE(writer.submit_exclusive([](Connection&) -> Expected<void> { return {}; }).ok());
  EXPECT_EQ(syncs.load(), syncs_before);
  EXPECT_TRUE(commits.get().empty());  // nothing was ever durable
}

}  // namespace
}  // namespace doithoai::store
