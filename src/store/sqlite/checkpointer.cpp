#include "store/sqlite/checkpointer.hpp"

#include <sqlite3.h>

namespace doithoai::store::sqlite {

namespace {

constexpr int kCatchUpPasses = 4;

int on_wal_commit(void* self, sqlite3* /*db*/, const char* /*name*/, int pages) {
  static_cast<Checkpointer*>(self)->committed(pages);
  return SQLITE_OK;
}

}  // namespace

Checkpointer::Checkpointer(std::unique_ptr<Connection> own, int passive_pages, int restart_pages,
                           int restart_after_pages, int catch_up_pages)
    : connection_(std::move(own)),
      passive_pages_(passive_pages),
      restart_pages_(restart_pages),
      restart_after_pages_(restart_after_pages),
      catch_up_pages_(catch_up_pages),
      thread_([this] { loop(); }) {}

Checkpointer::~Checkpointer() {
  stop();
}

void Checkpointer::install(Connection& writer) {
  sqlite3_wal_hook(writer.raw(), &on_wal_commit, this);
}

void Checkpointer::restart_through(std::function<void()> ask_writer) {
  std::lock_guard lock(mu_);
  ask_writer_ = std::move(ask_writer);
}

void Checkpointer::restart(Connection& writer) {
  int log = 0;
  int done = 0;
  // Busy (a reader kept the old frames past the timeout) or failed: a later round asks again.
  (void)sqlite3_wal_checkpoint_v2(writer.raw(), nullptr, SQLITE_CHECKPOINT_RESTART, &log, &done);
  restart_asked_ = false;
}

void Checkpointer::committed(int wal_pages) {
  if (wal_pages < passive_pages_) return;
  {
    std::lock_guard lock(mu_);
    pending_pages_ = wal_pages;
  }
  cv_.notify_one();
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  connection_.reset();
}

void Checkpointer::loop() {
  for (;;) {
    int pages = 0;
    std::function<void()> ask_writer;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || pending_pages_ > 0; });
      if (stopping_) return;
      pages = pending_pages_;
      pending_pages_ = 0;
      ask_writer = ask_writer_;
    }
    // The writer's restart is queued: a checkpoint here would make it fail (one at a time).
    if (restart_asked_) continue;
    const int mode =
        pages >= restart_pages_ ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
    int log = 0;
    int done = 0;
    // A checkpoint that fails (busy, I/O) is simply tried again after a later commit; the WAL
    // keeps everything committed meanwhile.
    int rc = sqlite3_wal_checkpoint_v2(connection_->raw(), nullptr, mode, &log, &done);
    if (mode != SQLITE_CHECKPOINT_PASSIVE || !ask_writer || log < restart_after_pages_) continue;
    for (int pass = 0; rc == SQLITE_OK && log - done > catch_up_pages_ && pass < kCatchUpPasses;
         ++pass) {
      rc = sqlite3_wal_checkpoint_v2(connection_->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log,
                                     &done);
    }
    // Caught up or not (a writer faster than the passes), the restart copies what is left.
    if (rc == SQLITE_OK && !restart_asked_.exchange(true)) {
      ask_writer();
    }
  }
}

}  // namespace doithoai::store::sqlite
