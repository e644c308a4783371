// Folds the WAL back into the database file on a thread of its own, so that a commit never pays
// for a checkpoint (SQLite's automatic checkpoint runs inside the COMMIT that crosses its
// threshold, copying thousands of pages and syncing the file while every waiting request waits).
//
// The writer's connection reports the WAL's size after each commit (install()); past
// `passive_pages` the checkpointer runs a PASSIVE checkpoint (never blocks the writer or the
// readers); past `restart_pages` it runs a RESTART one, which waits for the readers of the old
// frames and lets the next commit start the WAL from the beginning, so the file stays bounded
// under a load that never pauses. Private to the SQLite backend.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

class Checkpointer {
 public:
  // own: a connection of its own to the same database.
  Checkpointer(std::unique_ptr<Connection> own, int passive_pages, int restart_pages);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Makes the writer's commits report here (replaces SQLite's automatic checkpoint).
  void install(Connection& writer);
  // Stops the thread (a checkpoint in progress finishes first). Idempotent.
  void stop();

  // Called after each commit with the pages in the WAL.
  void committed(int wal_pages);

 private:
  void loop();

  std::unique_ptr<Connection> connection_;
  const int passive_pages_;
  const int restart_pages_;
  std::mutex mu_;
  std::condition_variable cv_;
  int pending_pages_ = 0;  // the WAL size last reported, 0 when nothing is asked
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace doithoai::store::sqlite
