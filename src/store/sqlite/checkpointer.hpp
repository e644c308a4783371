// Folds the WAL back into the database file on a thread of its own, so that a commit never pays
// for a checkpoint (SQLite's automatic checkpoint runs inside the COMMIT that crosses its
// threshold, copying thousands of pages and syncing the file while every waiting request waits).
//
// The writer's connection reports the WAL's size after each commit (install()); past
// `passive_pages` the checkpointer runs a PASSIVE checkpoint (never blocks the writer or the
// readers); past `restart_pages` it runs a RESTART one, which waits for the readers of the old
// frames and lets the next commit start the WAL from the beginning, so the file stays bounded
// under a load that never pauses. Private to the SQLite backend.
//
// Under writes that never pause a PASSIVE checkpoint never copies the frames written while it
// runs, and a RESTART from this thread must wait for the write lock, which the busy writer
// almost never leaves free: the log grew to hundreds of MB, and the RESTART that finally got in
// copied all of it while every write waited. So past `restart_after_pages` the checkpointer runs
// passive passes until at most `catch_up_pages` are left to copy (or a few passes are done), then
// asks the writer (restart_through) to run the RESTART itself between two batches: it copies only
// the rest.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

class Checkpointer {
 public:
  // own: a connection of its own to the same database. The defaults: 64 MiB (the writer's
  // journal_size_limit) and 4 MiB of 4 KiB pages.
  Checkpointer(std::unique_ptr<Connection> own, int passive_pages, int restart_pages,
               int restart_after_pages = 16384, int catch_up_pages = 1024);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Makes the writer's commits report here (replaces SQLite's automatic checkpoint).
  void install(Connection& writer);
  // How to have the writer run a RESTART checkpoint between two batches (see above); without
  // it the log is restarted only past restart_pages, from this thread.
  void restart_through(std::function<void()> ask_writer);
  // Runs on the writer's connection, outside any transaction.
  void restart(Connection& writer);
  // Stops the thread (a checkpoint in progress finishes first). Idempotent.
  void stop();

  // Called after each commit with the pages in the WAL.
  void committed(int wal_pages);

 private:
  void loop();

  std::unique_ptr<Connection> connection_;
  const int passive_pages_;
  const int restart_pages_;
  const int restart_after_pages_;
  const int catch_up_pages_;
  std::mutex mu_;
  std::condition_variable cv_;
  int pending_pages_ = 0;  // the WAL size last reported, 0 when nothing is asked
  bool stopping_ = false;
  std::function<void()> ask_writer_;
  std::atomic<bool> restart_asked_ = false;  // until the writer has run it
  std::thread thread_;
};

}  // namespace doithoai::store::sqlite
