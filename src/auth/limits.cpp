#include "auth/internal.hpp"

#include <algorithm>

namespace doithoai::auth::detail {

HashGate::HashGate(int threads, int queue, Hooks hooks)
    : threads_(std::max(1, threads)), queue_(std::max(0, queue)), hooks_(std::move(hooks)) {}

std::optional<HashGate::Permit> HashGate::acquire() {
  std::unique_lock lock(mutex_);
  // Newcomers do not overtake callers already in line.
  if (waiting_ == 0 && running_ < threads_) {
    ++running_;
  } else {
    if (waiting_ >= queue_) return std::nullopt;
    ++waiting_;
    const std::uint64_t ticket = next_ticket_++;
    if (hooks_.on_queued) hooks_.on_queued();
    cv_.wait(lock, [&] { return ticket == serving_ && running_ < threads_; });
    ++serving_;
    --waiting_;
    ++running_;
    // The next in line may fit too when several slots are free.
    cv_.notify_all();
  }
  lock.unlock();
  Permit permit(this);
  if (hooks_.on_admitted) hooks_.on_admitted();
  return std::optional<Permit>(std::move(permit));
}

void HashGate::release() {
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  cv_.notify_all();
}

int HashGate::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

int HashGate::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_;
}

}  // namespace doithoai::auth::detail

namespace doithoai::auth {

RateLimiter::RateLimiter(int burst, double per_minute, std::size_t max_entries)
    : capacity_(60.0 * std::max(1, burst)),
      per_second_(std::max(0.0, per_minute)),
      max_entries_(std::max<std::size_t>(16, max_entries)) {}

bool RateLimiter::try_take(const std::vector<std::string>& keys, Timestamp now) {
  std::lock_guard lock(mutex_);
  std::vector<Bucket*> taken;
  taken.reserve(keys.size());
  bool allowed = true;
  for (const auto& key : keys) {
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
      lru_.push_front(key);
      it = buckets_.emplace(key, Bucket{capacity_, now, lru_.begin()}).first;
    } else {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
    }
    Bucket& bucket = it->second;
    if (now > bucket.updated) {
      bucket.credit = std::min(
          capacity_, bucket.credit + static_cast<double>(now - bucket.updated) * per_second_);
      bucket.updated = now;
    }
    if (bucket.credit < 60.0) allowed = false;
    taken.push_back(&bucket);
  }
  if (allowed) {
    for (Bucket* bucket : taken) bucket->credit -= 60.0;
  }
  // The keys just used sit at the front, and max_entries_ is well above their number.
  while (buckets_.size() > max_entries_) {
    buckets_.erase(lru_.back());
    lru_.pop_back();
  }
  return allowed;
}

std::size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace doithoai::auth
