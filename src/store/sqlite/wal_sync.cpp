#include "store/sqlite/wal_sync.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace doithoai::store::sqlite {

namespace {

Error io_error(const std::string& what, const std::string& path, int err) {
  return internal_error(
      std::string(what).append(" ").append(path).append(": ").append(std::strerror(err)));
}

}  // namespace

WalSync::WalSync(Connection& writer) {
  const char* db = sqlite3_db_filename(writer.raw(), "main");
  if (db != nullptr && *db != '\0') path_ = sqlite3_filename_wal(db);
}

WalSync::~WalSync() {
  if (fd_ >= 0) ::close(fd_);
}

Expected<void> WalSync::open_log() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  // Read-only is enough: fdatasync flushes the file, whatever the descriptor's mode.
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("Không mở được nhật ký WAL", path_, errno);
  // The log's directory entry: SQLite would have synced it at the first sync of a new log.
  const std::string dir = std::filesystem::path(path_).parent_path().string();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const int rc = dfd < 0 ? -1 : ::fsync(dfd);
  const int err = errno;
  if (dfd >= 0) ::close(dfd);
  if (rc != 0) {
    ::close(fd);
    return io_error("Không đồng bộ được thư mục của nhật ký WAL", dir, err);
  }
  fd_ = fd;
  return {};
}

Expected<void> WalSync::sync() {
  if (path_.empty()) return {};  // an in-memory or temporary database: nothing to make durable
  struct stat at_path {};
  struct stat open_file {};
  if (fd_ < 0 || ::stat(path_.c_str(), &at_path) != 0 || ::fstat(fd_, &open_file) != 0 ||
      at_path.st_ino != open_file.st_ino || at_path.st_dev != open_file.st_dev) {
    TRY(open_log());
  }
  if (::fdatasync(fd_) != 0) return io_error("Không đồng bộ được nhật ký WAL", path_, errno);
  return {};
}

}  // namespace doithoai::store::sqlite
