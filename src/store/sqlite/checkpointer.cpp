#include "store/sqlite/checkpointer.hpp"

#include <sqlite3.h>

namespace doithoai::store::sqlite {

namespace {

int on_wal_commit(void* self, sqlite3* /*db*/, const char* /*name*/, int pages) {
  static_cast<Checkpointer*>(self)->committed(pages);
  return SQLITE_OK;
}

}  // namespace

Checkpointer::Checkpointer(std::unique_ptr<Connection> own, int passive_pages, int restart_pages)
    : connection_(std::move(own)),
      passive_pages_(passive_pages),
      restart_pages_(restart_pages),
      thread_([this] { loop(); }) {}

Checkpointer::~Checkpointer() {
  stop();
}

void Checkpointer::install(Connection& writer) {
  sqlite3_wal_hook(writer.raw(), &on_wal_commit, this);
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
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || pending_pages_ > 0; });
      if (stopping_) return;
      pages = pending_pages_;
      pending_pages_ = 0;
    }
    const int mode =
        pages >= restart_pages_ ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
    int log = 0;
    int done = 0;
    // A checkpoint that fails (busy, I/O) is simply tried again after a later commit; the WAL
    // keeps everything committed meanwhile.
    (void)sqlite3_wal_checkpoint_v2(connection_->raw(), nullptr, mode, &log, &done);
  }
}

}  // namespace doithoai::store::sqlite
