// Counting views of published answers without a write on the page's path: a view adds one in
// memory (a mutex and a hash map); a background thread adds the counts to the store every
// `every` (one unit of work, one Event a batch), and stop() writes what is left.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "domain/model.hpp"

namespace doithoai::store {
class Store;
}

namespace doithoai::web {

class ViewCounter {
 public:
  ViewCounter(store::Store& store, std::chrono::seconds every);
  ~ViewCounter();
  ViewCounter(const ViewCounter&) = delete;
  ViewCounter& operator=(const ViewCounter&) = delete;

  void count(Id matter_id);
  // Adds what was counted to the store now; what fails to be written is kept for next time.
  void flush();
  // Flushes and stops the thread (idempotent).
  void stop();

 private:
  void run();

  store::Store& store_;
  std::chrono::seconds every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::unordered_map<Id, std::int64_t> pending_;
  std::mutex flush_mutex_;  // one flush at a time
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace doithoai::web
