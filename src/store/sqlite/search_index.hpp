// The search indexes' own file and the thread that keeps them (docs/architecture.md, Search).
//
// Both FTS5 indexes (matter_search, the full text; matter_lsh, the similarity buckets) live in a
// second database file beside the main one, `<db>.search`, attached to every reader connection
// as the schema `search`. Their merges used to run inside the writer's COMMIT, and SQLite lets
// one writer at a time into a file: the group commit of every submission waited for them. Now
// the writer only appends the matter's id to `search_changes` (migration 19); this thread reads
// what was appended since the index's mark (`search_state.applied`, in the index file), puts those
// matters' documents in the index as they are at that moment, and moves the mark, in one
// transaction of the index file, so a crash at any point leaves the index and its mark in step:
// what follows the mark is done again, and doing it again gives the same documents.
//
// The index file is derived data: it is not backed up, and it is built again from the database
// when it is missing, belongs to another database (a token in search_index_state), or is ahead
// of the database's log (the database was restored from an older copy).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

class SearchIndexer {
 public:
  using Task = std::function<Expected<void>(Connection&)>;

  // The index file of the database at db_path.
  static std::string file_for(const std::string& db_path);

  // Opens the index file beside db_path (creating it and its tables when missing) on a
  // connection of its own, and starts the thread.
  static Expected<std::unique_ptr<SearchIndexer>> open(const std::string& db_path);

  ~SearchIndexer();
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;

  // Attaches the index file to a reader's connection as the schema `search`, and tells the
  // connection to wait for this indexer before it searches (wait_until_indexed).
  Expected<void> attach(Connection& c);

  // Something may have been appended to search_changes (the writer committed).
  void notify();

  // Returns once every change up to `seq` is in the index. After `timeout`, or at once while
  // the indexer's rounds fail, it returns anyway (a search sees the index as it is), unless the
  // index has never been built: then an unavailable error, since a search would find nothing.
  Expected<void> wait_for(std::int64_t seq, std::chrono::milliseconds timeout);

  // The newest change in the index (0 before the first). The log's rows before it may go.
  std::int64_t applied() const { return applied_.load(std::memory_order_acquire); }

  // Runs `task` on the indexer's connection and thread once the index has caught up with the
  // database, and returns its result.
  Expected<void> run(Task task);
  // Runs `task` in the transaction that brings the index up to date with the database: it sees
  // both files in one snapshot in which the index holds every change (a consistency check).
  Expected<void> run_in_step(Task task);

  // Builds both indexes again from the database, in one transaction of the index file (readers
  // see the old ones until it commits), each left as one segment, their settings kept.
  Expected<void> rebuild();

  // Stops the thread, abandoning a round or a rebuild in progress (its transaction rolls back).
  void stop();

 private:
  struct Job {
    Task task;
    bool in_step = false;
    std::promise<Expected<void>> done;
  };
  Expected<void> enqueue(Task task, bool in_step);
  Expected<void> run_job(Job& job);

  explicit SearchIndexer(std::unique_ptr<Connection> connection);
  void loop();
  // Checks the index belongs to the database (rebuilding it when not), then indexes what was
  // appended since its mark, in rounds.
  Expected<void> catch_up();
  // One transaction: at most kRoundLimit changes after the mark. True when more are waiting.
  Expected<bool> round();
  // A round's work in the caller's transaction; `to` gets the new mark.
  Expected<bool> round_in(std::int64_t& to, std::int64_t limit);
  Expected<void> build();
  void publish(std::int64_t applied);

  std::unique_ptr<Connection> connection_;  // the indexer thread's only
  bool ready_ = false;                      // main has migration 19 (thread only)
  bool verified_ = false;                   // the index file is this database's (thread only)
  std::atomic<std::int64_t> applied_{0};
  std::atomic<bool> built_{false};
  std::atomic<bool> abandon_{false};  // stop(): interrupt what runs (a progress handler)

  std::mutex mu_;
  std::condition_variable cv_;       // the thread waits for work
  std::condition_variable done_cv_;  // wait_for waits for applied_
  bool wake_ = false;
  bool stopping_ = false;
  std::optional<Error> failure_;  // the last round's error, until one succeeds
  std::vector<Job> jobs_;
  std::thread thread_;
};

// Before a search on c: waits until the index holds every change c's snapshot of the database
// holds (nothing when c has no indexer: a bare connection of a test or a tool).
Expected<void> wait_until_indexed(Connection& c);

// The newest change appended to search_changes, as c's snapshot of the database holds it (0 when
// none): what the index must reach to be up to date with that snapshot.
Expected<std::int64_t> newest_search_change(Connection& c);

}  // namespace doithoai::store::sqlite
