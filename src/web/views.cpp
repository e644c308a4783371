#include "web/views.hpp"

#include <vector>

#include "store/store.hpp"

namespace doithoai::web {

ViewCounter::ViewCounter(store::Store& store, std::chrono::seconds every)
    : store_(store), every_(every), thread_([this] { run(); }) {}

ViewCounter::~ViewCounter() {
  stop();
}

void ViewCounter::count(Id matter_id) {
  std::lock_guard lock(mutex_);
  if (pending_.size() < 100000) ++pending_[matter_id];  // bounded, whatever the traffic
}

void ViewCounter::flush() {
  std::lock_guard one(flush_mutex_);
  std::unordered_map<Id, std::int64_t> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(pending_);
  }
  if (taken.empty()) return;
  const std::vector<std::pair<Id, std::int64_t>> batch(taken.begin(), taken.end());
  if (!store_.add_views(batch).ok()) {
    std::lock_guard lock(mutex_);
    for (const auto& [id, n] : batch) pending_[id] += n;
  }
}

void ViewCounter::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  flush();
}

void ViewCounter::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, every_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    flush();
    lock.lock();
  }
}

}  // namespace doithoai::web
