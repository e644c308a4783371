#include "http/detail/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <mutex>

namespace doithoai::http::detail {

namespace {

constexpr std::size_t kMaxFileSize = std::size_t{64} * 1024 * 1024;  // larger files are not served
constexpr std::size_t kMaxCachedFile =
    std::size_t{4} * 1024 * 1024;  // larger files are read each time
constexpr std::size_t kMaxCachedTotal =
    std::size_t{128} * 1024 * 1024;  // then new files are not cached

std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

void append_hex(std::string& out, std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[16];
  int n = 0;
  do {
    buf[n++] = kHex[v & 0xF];
    v >>= 4;
  } while (v != 0);
  while (n > 0) out += buf[--n];
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool same_file(const StaticFile& f, const struct stat& st) {
  return f.size == static_cast<std::size_t>(st.st_size) && f.mtime_sec == st.st_mtim.tv_sec &&
         f.mtime_nsec == st.st_mtim.tv_nsec && f.inode == static_cast<unsigned long>(st.st_ino);
}

bool read_all(int fd, std::string& out, std::size_t size) {
  out.resize(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, out.data() + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  if (root.empty()) return;
  char resolved[PATH_MAX];
  if (::realpath(root.c_str(), resolved) == nullptr) return;
  struct stat st {};
  if (::stat(resolved, &st) != 0 || !S_ISDIR(st.st_mode)) return;
  root_ = resolved;
  if (root_.back() != '/') root_ += '/';
}

std::shared_ptr<const StaticFile> StaticFiles::find(std::string_view relative) {
  if (!valid() || !safe_relative_path(relative)) return nullptr;
  std::string full = root_;
  full.append(relative);
  struct stat st {};
  if (::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
  if (static_cast<std::size_t>(st.st_size) > kMaxFileSize) return nullptr;
  const std::string key(relative);
  {
    std::shared_lock lock(mutex_);
    if (const auto it = cache_.find(key); it != cache_.end() && same_file(*it->second, st)) {
      return it->second;
    }
  }
  // A symbolic link may lead out of the root: resolve and check before reading.
  char resolved[PATH_MAX];
  if (::realpath(full.c_str(), resolved) == nullptr) return nullptr;
  if (std::string_view(resolved).substr(0, root_.size()) != root_) return nullptr;
  const int fd = ::open(resolved, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return nullptr;
  struct stat opened {};
  auto file = std::make_shared<StaticFile>();
  const bool ok = ::fstat(fd, &opened) == 0 && S_ISREG(opened.st_mode) &&
                  static_cast<std::size_t>(opened.st_size) <= kMaxFileSize &&
                  read_all(fd, file->content, static_cast<std::size_t>(opened.st_size));
  ::close(fd);
  if (!ok) return nullptr;
  file->size = static_cast<std::size_t>(opened.st_size);
  file->mtime_sec = opened.st_mtim.tv_sec;
  file->mtime_nsec = opened.st_mtim.tv_nsec;
  file->inode = static_cast<unsigned long>(opened.st_ino);
  file->content_type = content_type_for(relative);
  std::string etag(1, '"');
  append_hex(etag, fnv1a(file->content));
  etag.push_back('-');
  append_hex(etag, file->size);
  etag.push_back('"');
  file->etag = std::move(etag);
  if (file->size <= kMaxCachedFile) {
    std::unique_lock lock(mutex_);
    auto& slot = cache_[key];
    if (slot) cached_bytes_ -= slot->size;
    if (cached_bytes_ + file->size <= kMaxCachedTotal) {
      slot = file;
      cached_bytes_ += file->size;
    } else {
      cache_.erase(key);
    }
  }
  return file;
}

std::string_view content_type_for(std::string_view name) {
  struct Type {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr std::array<Type, 19> kTypes = {{
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".pdf", "application/pdf"},
      {".webmanifest", "application/manifest+json"},
  }};
  const auto slash = name.rfind('/');
  const auto base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const auto dot = base.rfind('.');
  if (dot != std::string_view::npos) {
    const auto ext = base.substr(dot);
    for (const auto& t : kTypes) {
      if (ext.size() != t.ext.size()) continue;
      bool equal = true;
      for (std::size_t i = 0; i < ext.size() && equal; ++i) {
        const char c = ext[i] >= 'A' && ext[i] <= 'Z' ? static_cast<char>(ext[i] + 32) : ext[i];
        equal = c == t.ext[i];
      }
      if (equal) return t.type;
    }
  }
  return "application/octet-stream";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  const auto opaque = [](std::string_view tag) {
    tag = trim(tag);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    return tag;
  };
  const auto mine = opaque(etag);
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    const auto candidate = trim(if_none_match.substr(0, comma));
    if_none_match =
        comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    if (candidate == "*" || (!candidate.empty() && opaque(candidate) == mine)) return true;
  }
  return false;
}

bool safe_relative_path(std::string_view relative) {
  if (relative.empty() || relative.size() > 1024) return false;
  while (true) {
    const auto slash = relative.find('/');
    const auto segment = relative.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return false;  // also "." and ".."
    for (char c : segment) {
      if (c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20) return false;
    }
    if (slash == std::string_view::npos) return true;
    relative = relative.substr(slash + 1);
  }
}

}  // namespace doithoai::http::detail
