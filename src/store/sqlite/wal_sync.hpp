// Makes the write-ahead log durable apart from the COMMIT, for the writer's sync step.
//
// The server's writer commits with synchronous=NORMAL: SQLite writes the transaction's frames
// into `<db>-wal` and returns without an fsync. WalSync then calls fdatasync on a descriptor of
// its own to that file: fsync acts on the file (the inode), not on the descriptor, so it covers
// every frame any connection wrote before it started. That is all FULL would have done at the
// COMMIT (see docs/architecture.md, "Durability"). On the first sync of a log file it also syncs
// the directory, so that the file itself survives a power loss. Private to the SQLite backend.
#pragma once

#include <string>

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

class WalSync {
 public:
  // The log of `writer`'s main database (the file may not exist yet).
  explicit WalSync(Connection& writer);
  ~WalSync();
  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;

  // fdatasync of the log; reopens it when the file at the path is another one than last time.
  Expected<void> sync();

 private:
  Expected<void> open_log();

  std::string path_;
  int fd_ = -1;
};

}  // namespace doithoai::store::sqlite
