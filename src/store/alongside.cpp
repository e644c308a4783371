#include "store/alongside.hpp"

#include <memory>
#include <thread>
#include <vector>

namespace doithoai::store::alongside_detail {

namespace {

// A few threads that each wait for one side job at a time, started on first use and stopped
// when the process ends.
class SideWorkers {
 public:
  SideWorkers() {
    for (int i = 0; i < kWorkers; ++i) {
      auto w = std::make_unique<Worker>();
      Worker* worker = w.get();
      idle_.push_back(worker);
      workers_.push_back(std::move(w));
      worker->thread = std::thread([this, worker] { run(*worker); });
    }
  }
  ~SideWorkers() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    for (auto& w : workers_) {
      {
        std::lock_guard lock(w->mu);
        w->stop = true;
      }
      w->cv.notify_one();
    }
    for (auto& w : workers_) {
      if (w->thread.joinable()) w->thread.join();
    }
  }
  SideWorkers(const SideWorkers&) = delete;
  SideWorkers& operator=(const SideWorkers&) = delete;

  bool offer(Handoff& h) {
    Worker* worker = nullptr;
    {
      std::lock_guard lock(mu_);
      if (stopping_ || idle_.empty()) return false;
      worker = idle_.back();
      idle_.pop_back();
    }
    {
      std::lock_guard lock(worker->mu);
      worker->job = &h;
    }
    worker->cv.notify_one();
    return true;
  }

 private:
  struct Worker {
    std::thread thread;
    std::mutex mu;
    std::condition_variable cv;
    Handoff* job = nullptr;
    bool stop = false;
  };

  void run(Worker& worker) {
    for (;;) {
      Handoff* h = nullptr;
      {
        std::unique_lock lock(worker.mu);
        worker.cv.wait(lock, [&worker] { return worker.stop || worker.job != nullptr; });
        if (worker.job == nullptr) return;  // stopping, nothing handed over
        h = worker.job;
        worker.job = nullptr;
      }
      std::exception_ptr error;
      try {
        h->job();
      } catch (...) {
        error = std::current_exception();
      }
      // Idle again before the caller is told: its next offer may take this worker.
      {
        std::lock_guard lock(mu_);
        idle_.push_back(&worker);
      }
      {
        std::lock_guard lock(h->mu);
        h->error = error;
        h->finished = true;
        h->cv.notify_one();  // under the lock: the caller may destroy h once it sees finished
      }
    }
  }

  std::mutex mu_;
  std::vector<Worker*> idle_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;
};

SideWorkers& workers() {
  static SideWorkers pool;
  return pool;
}

}  // namespace

bool offer(Handoff& h) {
  return workers().offer(h);
}

void wait(Handoff& h) {
  std::unique_lock lock(h.mu);
  h.cv.wait(lock, [&h] { return h.finished; });
}

}  // namespace doithoai::store::alongside_detail
