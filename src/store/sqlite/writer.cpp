#include "store/sqlite/writer.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <vector>

#include "store/data_version.hpp"

namespace doithoai::store::sqlite {

namespace {

Error aborted_error() {
  return internal_error(
      "Giao dịch ghi bị huỷ do lỗi của một thao tác khác trong cùng lô, dữ liệu chưa được lưu");
}

// The writer whose thread this is, if any.
thread_local const Writer* current_writer = nullptr;

Error commit_error(const Error& cause) {
  return internal_error("Không ghi được dữ liệu xuống đĩa (COMMIT thất bại): " + cause.message);
}

// With the sync idle, how long the writer waits for one more unit before it commits, and for
// how long after its BEGIN a batch may go on gathering them. At 1,000,000 matters and 64
// connections the submissions' p99 was 15.7 to 16.0 ms against 18.6 to 19.3 without, at 0.19
// against 0.21 ms of CPU each; one client alone commits as before (BENCHMARKS.md, session 10).
constexpr std::chrono::microseconds kGatherGap{150};
constexpr std::chrono::microseconds kGatherMax{4000};

Error sync_error(const Error& cause) {
  return internal_error("Không ghi được dữ liệu xuống đĩa (đồng bộ nhật ký WAL thất bại): " +
                        cause.message);
}

}  // namespace

Writer::Writer(std::unique_ptr<Connection> connection, int max_batch, OnCommit on_commit,
               BeforeCommit before_commit, Sync sync, AfterCommit after_commit)
    : connection_(std::move(connection)),
      max_batch_(static_cast<std::size_t>(max_batch < 1 ? 1 : max_batch)),
      on_commit_(std::move(on_commit)),
      before_commit_(std::move(before_commit)),
      after_commit_(std::move(after_commit)),
      sync_(std::move(sync)),
      sync_thread_(sync_ ? std::thread([this] { sync_loop(); }) : std::thread()),
      thread_([this] { loop(); }) {}

Writer::~Writer() {
  stop();
}

Expected<void> Writer::submit(Work work) {
  return enqueue(std::move(work), false);
}

Expected<void> Writer::submit_exclusive(Work work) {
  return enqueue(std::move(work), true);
}

bool Writer::push(Job& job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return false;
    }
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

Expected<void> Writer::enqueue(Work work, bool exclusive) {
  if (current_writer == this) {
    // A unit (or on_commit) writing through the store would wait for itself.
    return internal_error("Lỗi lập trình: ghi lồng nhau từ luồng ghi của cơ sở dữ liệu");
  }
  Job job{std::move(work), exclusive, true, {}, {}};
  std::future<Expected<void>> done = job.done.get_future();
  if (!push(job)) {
    return closed_error();
  }
  return done.get();
}

void Writer::submit_async(Work work, Done done) {
  Job job{std::move(work), false, true, {}, std::move(done)};
  if (!push(job)) {
    job.callback(closed_error());
  }
}

void Writer::answer(Job& job, Expected<void> result) {
  if (!job.callback) {
    job.done.set_value(std::move(result));
    return;
  }
  try {
    job.callback(std::move(result));
  } catch (...) {  // a caller's callback must not break the writer
  }
}

void Writer::post(Work work) {
  Job job{std::move(work), false, false, {}, {}};
  (void)push(job);
}

void Writer::post_exclusive(Work work) {
  Job job{std::move(work), true, false, {}, {}};
  (void)push(job);
}

std::size_t Writer::queued() {
  std::lock_guard lock(mu_);
  return queue_.size();
}

std::unique_ptr<Connection> Writer::stop() {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
  {
    std::lock_guard lock(sync_mu_);
    sync_stopping_ = true;
  }
  sync_cv_.notify_one();
  if (sync_thread_.joinable()) {
    sync_thread_.join();  // answers every committed unit first
  }
  return std::move(connection_);
}

void Writer::report_commit(double seconds, int units) {
  if (!on_commit_ || units == 0) return;
  try {
    on_commit_(seconds, units);
  } catch (...) {  // an observer must not break the writer
  }
}

bool Writer::gather_more(std::deque<Job>& jobs, std::chrono::steady_clock::time_point until) {
  if (!sync_) return false;
  std::unique_lock lock(mu_);
  for (;;) {
    if (jobs.size() >= max_batch_ || stopping_) return false;
    if (!queue_.empty()) {
      if (queue_.front().exclusive) return false;
      while (!queue_.empty() && !queue_.front().exclusive && jobs.size() < max_batch_) {
        jobs.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      return true;
    }
    if (sync_busy_) {
      // A commit made now would be answered only after the sync in progress and the next one:
      // the units that arrive meanwhile may as well join it (a larger batch writes fewer pages
      // per unit, and syncs once for them all).
      cv_.wait(lock);
      continue;
    }
    // The sync is idle. Still wait a moment for another unit, and go on gathering while they
    // come, up to `until`: a commit rewrites some 150 pages whatever its size (the counters of
    // the current period, the units' indexes; BENCHMARKS.md, session 10), so under load fewer,
    // larger commits cost each unit less.
    // Only when the last commit held more than one unit: a client alone (one unit a commit)
    // would only wait.
    const auto now = std::chrono::steady_clock::now();
    if (last_batch_units_ < 2 || now >= until) return false;
    if (!cv_.wait_until(lock, std::min(until, now + kGatherGap),
                        [this] { return stopping_ || sync_busy_ || !queue_.empty(); })) {
      return false;
    }
  }
}

void Writer::after_commit() {
  note_commit();
  if (after_commit_) after_commit_();
}

void Writer::set_sync_busy(bool busy) {
  {
    std::lock_guard lock(mu_);
    sync_busy_ = busy;
  }
  if (!busy) cv_.notify_one();
}

void Writer::settle(Settled settled) {
  if (!sync_) {
    report_commit(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - settled.commit_started)
            .count(),
        settled.committed_units);
    for (std::size_t k = 0; k < settled.jobs.size(); ++k) {
      answer(settled.jobs[k], std::move(settled.results[k]));
    }
    return;
  }
  set_sync_busy(true);
  {
    std::lock_guard lock(sync_mu_);
    settled_.push_back(std::move(settled));
  }
  sync_cv_.notify_one();
}

void Writer::sync_loop() {
  current_writer = this;  // a callback writing through the store must not wait for this thread
  std::vector<Settled> group;
  for (;;) {
    std::optional<Error> failed;
    {
      std::unique_lock lock(sync_mu_);
      sync_cv_.wait(lock, [this] { return sync_stopping_ || !settled_.empty(); });
      if (settled_.empty()) {
        return;  // stopping, and every committed unit has been answered
      }
      group.swap(settled_);
      failed = sync_failed_;
    }
    set_sync_busy(true);
    const bool any_success = std::any_of(group.begin(), group.end(), [](const Settled& s) {
      return std::any_of(s.results.begin(), s.results.end(),
                         [](const Expected<void>& r) { return r.ok(); });
    });
    // Every batch of the group was written to the log before this sync starts, so it covers
    // them all.
    if (!failed && any_success) {
      Expected<void> synced = [this]() -> Expected<void> {
        try {
          return sync_();
        } catch (const std::exception& e) {
          return internal_error(e.what());
        } catch (...) {
          return internal_error("lỗi không xác định");
        }
      }();
      if (!synced.ok()) {
        failed = sync_error(synced.error());
        std::lock_guard lock(sync_mu_);
        sync_failed_ = failed;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    for (auto& settled : group) {
      if (!failed) {
        report_commit(std::chrono::duration<double>(now - settled.commit_started).count(),
                      settled.committed_units);
      }
      for (std::size_t k = 0; k < settled.jobs.size(); ++k) {
        Expected<void>& result = settled.results[k];
        answer(settled.jobs[k],
               failed && result.ok() ? Expected<void>(*failed) : std::move(result));
      }
    }
    group.clear();
    bool idle = false;
    {
      std::lock_guard lock(sync_mu_);
      idle = settled_.empty();
    }
    // (A batch settled just now may find the flag false: it is then committed without waiting
    // for more units, which costs a smaller batch, never a unit's durability.)
    if (idle) set_sync_busy(false);
  }
}

void Writer::loop() {
  current_writer = this;
  std::deque<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // stopping, and everything queued has been done
      }
      if (queue_.front().exclusive) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      } else {
        while (!queue_.empty() && !queue_.front().exclusive && batch.size() < max_batch_) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
    }
    std::optional<Error> failed;
    if (sync_) {
      std::lock_guard lock(sync_mu_);
      failed = sync_failed_;
    }
    if (failed) {
      // The log could not be made durable: nothing written from now on could be recovered.
      for (auto& job : batch) answer(job, *failed);
    } else if (batch.front().exclusive) {
      // An exclusive unit runs its own transactions: count it as a change, whatever it did.
      Settled settled;
      settled.commit_started = std::chrono::steady_clock::now();
      settled.results.push_back(invoke(batch.front().work, *connection_));
      settled.jobs.push_back(std::move(batch.front()));
      after_commit();
      settle(std::move(settled));
    } else {
      run_batch(batch);
    }
    batch.clear();
  }
}

Expected<void> Writer::invoke(const Work& work, Connection& connection) {
  try {
    return work(connection);
  } catch (const std::exception& e) {
    return internal_error(std::string("Lỗi không lường trước khi ghi dữ liệu: ") + e.what());
  } catch (...) {
    return internal_error("Lỗi không lường trước khi ghi dữ liệu");
  }
}

Expected<void> Writer::run_unit(Job& job) {
  Connection& c = *connection_;
  TRY(c.exec_cached("SAVEPOINT unit"));
  Expected<void> result = invoke(job.work, c);
  if (!c.in_transaction()) {
    // SQLite rolled the whole transaction back (I/O error, disk full, ...).
    return result.ok() ? Expected<void>(aborted_error()) : result;
  }
  if (result.ok()) {
    auto released = c.exec_cached("RELEASE unit");
    if (released.ok()) {
      return {};
    }
    result = std::move(released).error();
  }
  auto rolled_back = c.exec_cached("ROLLBACK TO unit");
  auto released = c.exec_cached("RELEASE unit");
  if (!rolled_back.ok() && c.in_transaction()) {
    // Could not undo this unit alone: give up on the transaction so nothing half-done commits.
    (void)c.exec("ROLLBACK");
  }
  (void)released;
  return result;
}

void Writer::run_batch(std::deque<Job>& jobs) {
  Connection& c = *connection_;
  std::size_t n = jobs.size();
  std::vector<std::optional<Expected<void>>> results(n);
  auto commit_started = std::chrono::steady_clock::now();
  int committed_units = 0;
  std::size_t start = 0;
  while (start < n) {
    auto begun = c.exec_cached("BEGIN IMMEDIATE");
    const auto gather_until = std::chrono::steady_clock::now() + kGatherMax;
    if (!begun.ok()) {
      for (std::size_t k = start; k < n; ++k) {
        results[k] = begun.error();
      }
      break;
    }
    std::size_t i = start;
    bool aborted = false;
    for (; i < n; ++i) {
      results[i] = run_unit(jobs[i]);
      if (!c.in_transaction()) {
        // The transaction is gone: units before this one are lost with it. Those after it
        // get a fresh transaction.
        for (std::size_t k = start; k < i; ++k) {
          if (results[k]->ok()) {
            results[k] = aborted_error();
          }
        }
        aborted = true;
        ++i;
        break;
      }
      if (i + 1 == n && gather_more(jobs, gather_until)) {
        n = jobs.size();
        results.resize(n);
      }
    }
    if (!aborted) {
      const auto t0 = std::chrono::steady_clock::now();
      Expected<void> committed = before_commit_ ? invoke(before_commit_, c) : Expected<void>{};
      if (committed.ok()) committed = c.exec_cached("COMMIT");
      if (committed.ok()) {
        after_commit();
        commit_started = t0;
        committed_units += static_cast<int>(i - start);
        last_batch_units_ = i - start;
      } else {
        if (c.in_transaction()) {
          (void)c.exec("ROLLBACK");
        }
        // Units that failed on their own keep their error (nothing of theirs was kept either).
        for (std::size_t k = start; k < i; ++k) {
          if (results[k]->ok()) {
            results[k] = commit_error(committed.error());
          }
        }
      }
    }
    start = i;
  }
  Settled settled;
  settled.commit_started = commit_started;
  settled.committed_units = committed_units;
  settled.jobs.reserve(n);
  settled.results.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    settled.jobs.push_back(std::move(jobs[k]));
    settled.results.push_back(results[k] ? std::move(*results[k]) : aborted_error());
  }
  settle(std::move(settled));
}

}  // namespace doithoai::store::sqlite
