// The SQLite Store as a whole: the event log, concurrent writers and group commit, durability
// across reopen, online backup under load, and closing.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <latch>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/store_test_util.hpp"

namespace doithoai::store {
namespace {

using testing::d;
using testing::must;
using testing::TempDir;

std::int64_t scalar(const std::string& path, const std::string& sql) {
  auto c = must(sqlite::Connection::open(path, SQLITE_OPEN_READONLY), "open");
  auto q = must(c->prepare(sql), "prepare");
  if (!must(q.step(), "step")) throw std::runtime_error("no row: " + sql);
  return q.int64(0);
}

// A distinct valid date per (thread, index): thread t writes from 2100-01-01 + t * 10000 days.
Date date_for(int thread, int index) {
  return d("2100-01-01").plus_days(thread * 10000 + index);
}

struct CommitLog {
  std::mutex mu;
  int commits = 0;
  int units = 0;
  void add(int n) {
    std::lock_guard lock(mu);
    ++commits;
    units += n;
  }
};

TEST(SqliteStore, EventsAreWrittenWithTheChangeAndCannotBeAlteredOrDeleted) {
  TempDir dir;
  const auto path = dir.file("events.db");
  auto store = testing::open_migrated(path);
  must(store->add_holiday({d("2026-09-02"), "Quốc khánh", false, "BLLĐ"}, testing::admin_actor()));
  const auto events = must(store->events({}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, 1);
  EXPECT_EQ(events[0].action, "holiday.create");
  EXPECT_EQ(events[0].entity_type, "holiday");
  EXPECT_EQ(events[0].entity_id, "2026-09-02");
  EXPECT_GT(events[0].at, 0);

  auto c = must(sqlite::Connection::open(path, SQLITE_OPEN_READWRITE), "open");
  const auto updated = c->exec("UPDATE events SET actor = 'someone else'");
  ASSERT_FALSE(updated.ok());
  EXPECT_NE(updated.error().message.find("append-only"), std::string::npos);
  EXPECT_FALSE(c->exec("DELETE FROM events").ok());
  EXPECT_EQ(scalar(path, "SELECT count(*) FROM events WHERE actor = 'admin'"), 1);
  EXPECT_TRUE(must(store->check()).events_chain_ok);
}

TEST(SqliteStore, CheckNoticesEventsRemovedBehindItsBack) {
  TempDir dir;
  const auto path = dir.file("tampered.db");
  auto store = testing::open_migrated(path);
  must(store->add_holiday({d("2026-09-02"), "A", false, ""}, Actor::cli()));
  must(store->add_holiday({d("2026-09-03"), "B", false, ""}, Actor::cli()));
  {
    auto c = must(sqlite::Connection::open(path, SQLITE_OPEN_READWRITE), "open");
    must(c->exec("DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 2;"));
  }
  const auto report = must(store->check());
  EXPECT_TRUE(report.integrity_ok);
  EXPECT_FALSE(report.events_chain_ok);
}

TEST(SqliteStore, AFailingWriterAmongManyConcurrentOnesFailsAlone) {
  TempDir dir;
  CommitLog log;
  Options options;
  options.on_commit = [&log](double, int n) { log.add(n); };
  auto store = testing::open_migrated(dir.file("concurrent.db"), options);
  must(store->add_holiday({d("2026-01-01"), "Tết Dương lịch", false, ""}, Actor::cli()));

  constexpr int kThreads = 16, kPerThread = 10;
  std::latch start(kThreads + 1);
  std::atomic<int> failures{0};
  Expected<Holiday> duplicate = internal_error("not run");
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        if (t == 3 && i == 5) {
          duplicate = store->add_holiday({d("2026-01-01"), "trùng", false, ""}, Actor::cli());
        }
        if (!store->add_holiday({date_for(t, i), "Nghỉ", false, ""}, Actor::cli()).ok()) {
          ++failures;
        }
      }
    });
  }
  start.arrive_and_wait();
  for (auto& t : threads) t.join();

  EXPECT_EQ(failures.load(), 0);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, "holiday_exists");
  const auto all = must(store->holidays(std::nullopt, std::nullopt));
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread + 1));
  EXPECT_EQ(all[0].name, "Tết Dương lịch");  // the duplicate changed nothing
  EventQuery q;
  q.limit = 10000;
  EXPECT_EQ(must(store->events(q)).size(), static_cast<std::size_t>(kThreads * kPerThread + 1));
  EXPECT_TRUE(must(store->check()).events_chain_ok);
  std::lock_guard lock(log.mu);
  EXPECT_EQ(log.units, kThreads * kPerThread + 2);  // the failed unit is still a unit
}

TEST(SqliteStore, ConcurrentWritersShareCommits) {
  TempDir dir;
  constexpr int kThreads = 16;
  std::latch arrived(kThreads);
  std::atomic<bool> armed{false};
  CommitLog log;
  Options options;
  // The first commit of the test waits until every writer has arrived, so that the others
  // queue up behind it meanwhile.
  options.on_commit = [&](double, int n) {
    if (armed.exchange(false)) arrived.wait();
    log.add(n);
  };
  auto store = testing::open_migrated(dir.file("group.db"), options);
  armed = true;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      arrived.count_down();
      must(store->add_holiday({date_for(t, 0), "Nghỉ", false, ""}, Actor::cli()));
    });
  }
  for (auto& t : threads) t.join();
  std::lock_guard lock(log.mu);
  EXPECT_EQ(log.units, kThreads);
  EXPECT_LT(log.commits, kThreads);
}

TEST(SqliteStore, CommittedDataSurvivesCloseAndReopen) {
  TempDir dir;
  const auto path = dir.file("durable.db");
  Id user_id = 0;
  {
    auto store = testing::open_migrated(path);
    must(store->seed_reference(testing::sample_reference(), Actor::system()));
    user_id = must(store->add_user(testing::make_user("bền"), Actor::cli())).id;
    must(store->create_session({"h1", user_id, "c1", 10, 10}, Actor::system()));
    store->touch_session_later("h1", 99);  // close() drains it
    store->close();
  }
  EXPECT_FALSE(std::filesystem::exists(path + "-wal") &&
               std::filesystem::file_size(path + "-wal") > 0);
  Options options;
  options.create_if_missing = false;
  auto store = testing::open_store(path, options);
  const auto state = must(store->migration_state());
  EXPECT_EQ(state.current, state.latest);
  EXPECT_EQ(must(store->units(std::nullopt)).size(), 5u);
  EXPECT_EQ(must(store->user_by_username("bền")).id, user_id);
  EXPECT_EQ(must(store->session_by_hash("h1")).last_seen_at, 99);
  EXPECT_TRUE(must(store->check()).integrity_ok);
}

TEST(SqliteStore, BackupWhileFourThreadsWriteIsCompleteAndConsistent) {
  TempDir dir;
  const auto path = dir.file("live.db");
  const auto copy = dir.file("copy.db");
  auto store = testing::open_migrated(path);
  // Enough data for the copy to take several steps.
  auto data = testing::sample_reference();
  for (int i = 0; i < 3000; ++i) {
    // (std::string(...).append: g++ 12 -O3 warns falsely on "literal" + std::string.)
    auto u =
        testing::make_unit(std::string("B").append(std::to_string(i)),
                           std::string("Thôn ").append(std::to_string(i)), "thôn", "village", "C2");
    u.note = std::string(1000, 'x');
    data.units.push_back(std::move(u));
  }
  must(store->seed_reference(data, Actor::system()));

  constexpr int kWriters = 4;
  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  std::latch warmed_up(kWriters);
  std::vector<std::thread> writers;
  for (int t = 0; t < kWriters; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 5000 && !stop; ++i) {
        must(store->add_holiday({date_for(t, i), "Nghỉ", false, ""}, Actor::cli()));
        ++committed;
        if (i == 4) warmed_up.count_down();
      }
    });
  }
  warmed_up.wait();
  const int committed_before = committed.load();
  must(store->backup_to(copy), "backup");
  const int committed_after = committed.load();
  stop = true;
  for (auto& t : writers) t.join();

  Options options;
  options.create_if_missing = false;
  auto copied = testing::open_store(copy, options);
  const auto report = must(copied->check());
  EXPECT_TRUE(report.integrity_ok) << report.integrity_message;
  EXPECT_EQ(report.migrations.current, report.migrations.latest);
  EXPECT_TRUE(report.events_chain_ok);
  const auto holidays = must(copied->holidays(std::nullopt, std::nullopt)).size();
  EXPECT_GE(holidays, 3u + committed_before);
  EXPECT_LE(holidays, 3u + committed_after + kWriters);
  EXPECT_EQ(must(copied->units(std::nullopt)).size(), 3005u);
  // Every holiday in the copy has its event (the change and its log entry commit together).
  EventQuery q;
  q.entity_type = "holiday";
  q.limit = 100000;
  EXPECT_EQ(must(copied->events(q)).size(), holidays - 3);

  // Never overwrites.
  const auto size = std::filesystem::file_size(copy);
  const auto again = store->backup_to(copy);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().code, "backup_exists");
  EXPECT_EQ(std::filesystem::file_size(copy), size);
}

TEST(SqliteStore, CallsAfterCloseFailCleanly) {
  TempDir dir;
  auto store = testing::open_migrated(dir.file("closed.db"));
  must(store->add_holiday({d("2026-09-02"), "Quốc khánh", false, ""}, Actor::cli()));
  store->close();
  const auto read = store->holidays(std::nullopt, std::nullopt);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(read.error().code, "store_closed");
  const auto write = store->add_holiday({d("2026-09-03"), "Nghỉ", false, ""}, Actor::cli());
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(store->migrate().error().kind, ErrorKind::unavailable);
  EXPECT_EQ(store->check().error().kind, ErrorKind::unavailable);
  EXPECT_EQ(store->backup_to(dir.file("b.db")).error().kind, ErrorKind::unavailable);
  EXPECT_FALSE(std::filesystem::exists(dir.file("b.db")));
  store->touch_session_later("h", 1);  // dropped, no crash
  store->close();                      // idempotent
}

TEST(SqliteStore, CloseWhileWritingKeepsEveryAcknowledgedWrite) {
  TempDir dir;
  const auto path = dir.file("closing.db");
  auto store = testing::open_migrated(path);
  constexpr int kThreads = 6;
  std::latch started(kThreads + 1);
  std::mutex mu;
  std::set<std::string> acknowledged, refused;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      started.arrive_and_wait();
      for (int i = 0; i < 200; ++i) {
        const Date date = date_for(t, i);
        const auto r = store->add_holiday({date, "Nghỉ", false, ""}, Actor::cli());
        std::lock_guard lock(mu);
        if (r.ok()) {
          acknowledged.insert(date.iso());
        } else {
          EXPECT_EQ(r.error().kind, ErrorKind::unavailable);
          refused.insert(date.iso());
        }
      }
    });
  }
  started.arrive_and_wait();
  store->close();
  for (auto& t : threads) t.join();
  store.reset();

  auto reopened = testing::open_store(path);
  std::set<std::string> stored;
  for (const auto& h : must(reopened->holidays(std::nullopt, std::nullopt))) {
    stored.insert(h.date.iso());
  }
  EXPECT_EQ(stored, acknowledged);
  EXPECT_EQ(acknowledged.size() + refused.size(), static_cast<std::size_t>(kThreads * 200));
}

TEST(SqliteStore, SeveralStoresInOneProcessAreIndependent) {
  TempDir dir;
  auto a = testing::open_migrated(dir.file("a.db"));
  auto b = testing::open_migrated(dir.file("b.db"));
  std::thread ta([&] { must(a->add_holiday({d("2026-01-01"), "A", false, ""}, Actor::cli())); });
  std::thread tb([&] { must(b->add_holiday({d("2026-01-02"), "B", false, ""}, Actor::cli())); });
  ta.join();
  tb.join();
  a->close();
  const auto in_b = must(b->holidays(std::nullopt, std::nullopt));
  ASSERT_EQ(in_b.size(), 1u);
  EXPECT_EQ(in_b[0].name, "B");
  must(b->add_holiday({d("2026-01-03"), "B2", false, ""}, Actor::cli()));
  EXPECT_EQ(must(b->holidays(std::nullopt, std::nullopt)).size(), 2u);
}

}  // namespace
}  // namespace doithoai::store
