// Files under ServerConfig::static_dir, served at /static/<path>: validated relative paths,
// an in-memory cache revalidated by stat(), strong content-hash ETags. Private to src/http.
#pragma once

#include <cstddef>
#include <ctime>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace doithoai::http::detail {

struct StaticFile {
  std::string content;
  std::string etag;  // quoted, strong: "\"<hash>-<size>\""
  std::string_view content_type;
  // What stat() said when the content was read, to notice a change.
  std::size_t size = 0;
  std::time_t mtime_sec = 0;
  long mtime_nsec = 0;
  unsigned long inode = 0;
};

class StaticFiles {
 public:
  // root must name a directory; if it does not, valid() is false and nothing is served.
  explicit StaticFiles(const std::string& root);
  bool valid() const { return !root_.empty(); }

  // `relative` is the percent-decoded path after "/static/". Returns nullptr when the path is
  // refused (empty or dot segments, hidden files, escaping the root) or names no regular file.
  std::shared_ptr<const StaticFile> find(std::string_view relative);

 private:
  std::string root_;  // canonical, ends with '/'
  std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const StaticFile>> cache_;
  std::size_t cached_bytes_ = 0;
};

// The Content-Type for a file name, by extension.
std::string_view content_type_for(std::string_view name);
// If-None-Match against an entity tag (weak comparison, as RFC 9110 asks for this header).
bool etag_matches(std::string_view if_none_match, std::string_view etag);
// True when a relative static path is acceptable: no empty, "." or ".." segment, no segment
// starting with '.', no backslash or NUL, not absolute.
bool safe_relative_path(std::string_view relative);

}  // namespace doithoai::http::detail
