// Token buckets for anything a client may only do so often: logins, public submissions.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/date.hpp"

namespace doithoai::auth {

// Token buckets keyed by string ("a:<address>", "u:<username>"): each holds up to `burst`
// tokens and regains `per_minute` a minute. At most `max_entries` buckets are kept; the least
// recently used are dropped first.
class RateLimiter {
 public:
  RateLimiter(int burst, double per_minute, std::size_t max_entries);

  // Takes one token from each key's bucket when every one of them has a token; otherwise takes
  // none and returns false.
  bool try_take(const std::vector<std::string>& keys, Timestamp now);
  std::size_t size() const;

 private:
  // Credit is counted in sixtieths of a token, so that whole rates per minute refill exactly
  // (a token a minute is one unit a second).
  struct Bucket {
    double credit = 0;
    Timestamp updated = 0;
    std::list<std::string>::iterator lru;
  };

  const double capacity_;    // burst, in sixtieths
  const double per_second_;  // per_minute, in sixtieths of a token a second
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::list<std::string> lru_;  // most recently used first
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace doithoai::auth
