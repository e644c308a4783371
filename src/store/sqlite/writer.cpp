#include "store/sqlite/writer.hpp"

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

}  // namespace

Writer::Writer(std::unique_ptr<Connection> connection, int max_batch, OnCommit on_commit,
               BeforeCommit before_commit)
    : connection_(std::move(connection)),
      max_batch_(static_cast<std::size_t>(max_batch < 1 ? 1 : max_batch)),
      on_commit_(std::move(on_commit)),
      before_commit_(std::move(before_commit)),
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

Expected<void> Writer::enqueue(Work work, bool exclusive) {
  if (current_writer == this) {
    // A unit (or on_commit) writing through the store would wait for itself.
    return internal_error("Lỗi lập trình: ghi lồng nhau từ luồng ghi của cơ sở dữ liệu");
  }
  std::future<Expected<void>> done;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return closed_error();
    }
    queue_.push_back(Job{std::move(work), exclusive, true, {}, {}});
    done = queue_.back().done.get_future();
  }
  cv_.notify_one();
  return done.get();
}

void Writer::submit_async(Work work, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(Job{std::move(work), false, true, {}, std::move(done)});
      done = nullptr;
    }
  }
  if (done) {
    done(closed_error());
    return;
  }
  cv_.notify_one();
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
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return;
    }
    queue_.push_back(Job{std::move(work), false, false, {}, {}});
  }
  cv_.notify_one();
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
  return std::move(connection_);
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
    if (batch.front().exclusive) {
      // An exclusive unit runs its own transactions: count it as a change, whatever it did.
      auto result = invoke(batch.front().work, *connection_);
      note_commit();
      answer(batch.front(), std::move(result));
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
  const std::size_t n = jobs.size();
  std::vector<std::optional<Expected<void>>> results(n);
  std::size_t start = 0;
  while (start < n) {
    auto begun = c.exec_cached("BEGIN IMMEDIATE");
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
    }
    if (!aborted) {
      const auto t0 = std::chrono::steady_clock::now();
      Expected<void> committed = before_commit_ ? invoke(before_commit_, c) : Expected<void>{};
      if (committed.ok()) committed = c.exec_cached("COMMIT");
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (committed.ok()) {
        note_commit();
        if (on_commit_) {
          try {
            on_commit_(seconds, static_cast<int>(i - start));
          } catch (...) {  // an observer must not break the writer
          }
        }
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
  for (std::size_t k = 0; k < n; ++k) {
    if (!results[k]) {
      results[k] = aborted_error();
    }
    answer(jobs[k], std::move(*results[k]));
  }
}

}  // namespace doithoai::store::sqlite
