// The single writer, with group commit. One thread owns the write connection and a queue of
// units of work. It takes everything queued (up to max_batch units), opens one BEGIN IMMEDIATE
// transaction, runs each unit inside its own SAVEPOINT (a unit that fails is rolled back to its
// savepoint alone and gets its own Error; the others go on), COMMITs once (one fsync for the
// whole batch), then wakes every caller with its result. Callers of submit() block until the
// batch holding their unit is durably committed. Just before the COMMIT the writer runs the
// before-commit step (the index work the units left pending, see index_upkeep.hpp) once for the
// whole batch; if it fails the batch is rolled back and every unit gets the error.
//
// With a sync step (the server's store: synchronous=NORMAL, see wal_sync.hpp) the COMMIT only
// writes the WAL and the fsync leaves the writer's path: the writer hands the committed batch to
// a sync thread and goes on with the next one; the sync thread makes the log durable (one sync
// covers every batch committed before it started) and only then answers the batch's units. A
// failed sync fails every unit it covered and every unit after it (the log's frames form one
// chain: nothing past a lost frame can be recovered), until the store is reopened. While a sync
// is in progress the writer keeps its transaction open and runs the units that arrive in it
// (they could not be answered before the next sync anyway), so batches stay as large as when
// the COMMIT itself waited for the disk; and with the sync idle, when the last commit held more
// than one unit, it still takes the units that arrive less than 150 us apart, for at most 4 ms
// (a commit's fixed cost, shared by more units).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

class Writer {
 public:
  using Work = std::function<Expected<void>(Connection&)>;
  using OnCommit = std::function<void(double seconds, int units)>;

  using BeforeCommit = Work;  // same shape: runs on the write connection
  // Makes everything committed so far durable; called on the sync thread, never concurrently.
  using Sync = std::function<Expected<void>()>;
  // Called on the writer's thread as soon as a COMMIT returns (before the sync): must be short.
  using AfterCommit = std::function<void()>;
  // on_commit gets the seconds from the start of the COMMIT until the batch is durable.
  Writer(std::unique_ptr<Connection> connection, int max_batch, OnCommit on_commit,
         BeforeCommit before_commit = {}, Sync sync = {}, AfterCommit after_commit = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs `work` as one unit of a group-committed transaction; returns once that transaction
  // is committed (or with the unit's error, or an internal error when the commit failed).
  Expected<void> submit(Work work);
  // Runs `work` alone, outside any transaction the writer opens (it manages its own, e.g. the
  // migrations; the before-commit step is not run for it). Waits for the units queued before
  // it.
  Expected<void> submit_exclusive(Work work);
  // Runs `work` as submit() does without waiting: `done` gets the same result on the writer's
  // thread (the sync thread, with a sync step) once the transaction is committed and durable (or
  // at once, on the caller's thread, when the writer has stopped). `done` must be short and must
  // not wait for the writer; it may queue more work with submit_async.
  using Done = std::function<void(Expected<void>)>;
  void submit_async(Work work, Done done);
  // Queues a unit nobody waits for. Dropped silently once the writer has stopped.
  void post(Work work);
  // The same for work that runs outside any transaction, as submit_exclusive().
  void post_exclusive(Work work);

  // Units waiting for the writer (not counting the batch being run).
  std::size_t queued();

  // Drains the queue, stops the thread and hands back the write connection (nullptr when
  // already stopped). Later submissions fail with an unavailable error.
  std::unique_ptr<Connection> stop();

 private:
  struct Job {
    Work work;
    bool exclusive = false;
    bool waited = true;
    std::promise<Expected<void>> done;
    Done callback;  // instead of `done`, for submit_async
  };
  // Units whose transaction is committed, waiting for the sync step before they are answered.
  struct Settled {
    std::vector<Job> jobs;
    std::vector<Expected<void>> results;
    std::chrono::steady_clock::time_point commit_started;
    int committed_units = 0;  // for on_commit; 0 when no COMMIT of units is reported
  };

  // Hands a unit its result: its callback, or the promise its caller waits on.
  static void answer(Job& job, Expected<void> result);
  // Answers the units now (no sync step) or hands them to the sync thread.
  void settle(Settled settled);
  // Waits for more queued units to run in the open transaction: while the sync thread is busy
  // (until it is done), and then while units keep coming at most kGatherGap apart (until
  // `until`); never past a full batch, an exclusive unit or the writer's stop. True when it
  // added some to `jobs`.
  bool gather_more(std::deque<Job>& jobs, std::chrono::steady_clock::time_point until);
  void set_sync_busy(bool busy);
  // Right after a COMMIT returns: raises the data version, then the after-commit hook.
  void after_commit();
  void report_commit(double seconds, int units);

  // Queues a job and wakes the writer; false, the job left as it was, once it has stopped.
  bool push(Job& job);
  Expected<void> enqueue(Work work, bool exclusive);
  void loop();
  void sync_loop();
  void run_batch(std::deque<Job>& jobs);
  Expected<void> run_unit(Job& job);
  // Runs a unit's work or the before-commit step; an exception becomes an internal error.
  static Expected<void> invoke(const Work& work, Connection& connection);

  std::unique_ptr<Connection> connection_;
  const std::size_t max_batch_;
  OnCommit on_commit_;
  BeforeCommit before_commit_;
  AfterCommit after_commit_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  bool sync_busy_ = false;  // (under mu_) a synced batch is not yet answered
  std::mutex stop_mu_;
  std::size_t last_batch_units_ = 0;  // (writer thread) units in the last commit

  Sync sync_;
  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::vector<Settled> settled_;      // committed, not yet synced
  std::optional<Error> sync_failed_;  // once set, every later unit fails with it
  bool sync_stopping_ = false;
  std::thread sync_thread_;  // only with a sync step

  std::thread thread_;  // last: starts once everything above is set up
};

}  // namespace doithoai::store::sqlite
