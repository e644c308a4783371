// Two independent reads at once: each borrows its own connection of the reader pool, so a page
// that needs both (the reports dashboard: matters, dialogues, the monthly series) takes about as
// long as the longer one instead of their sum on a machine with more than one core. Neither
// side may hold a lease of the pool while it waits for the other.
//
// The side runs on one of a few threads kept for this (starting a thread costs 0.1 to 0.5 ms on
// the virtual machines this runs on); when none is idle it runs on the caller's thread before
// main, so a burst of reports never queues behind itself.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>

namespace doithoai::store {

namespace alongside_detail {

// The threads kept for side jobs.
constexpr int kWorkers = 4;

// One side job handed to a worker, and how it ended.
struct Handoff {
  std::function<void()> job;
  std::mutex mu;
  std::condition_variable cv;
  bool finished = false;
  std::exception_ptr error;
};

// Gives `h` to an idle worker; false when every worker is busy.
bool offer(Handoff& h);
// Waits until the worker that took `h` has run it.
void wait(Handoff& h);

}  // namespace alongside_detail

// Runs `side` while `main` runs on this thread, and returns main's result once both have
// finished (side's result is left where side puts it; an exception from either is rethrown,
// main's first).
template <typename Side, typename Main>
auto alongside(Side&& side, Main&& main) -> decltype(main()) {
  alongside_detail::Handoff h;
  h.job = [&side] { side(); };
  const bool away = alongside_detail::offer(h);
  if (!away) side();
  // h lives on this stack: it is waited for however main ends.
  struct WaitAtExit {
    alongside_detail::Handoff* h;
    ~WaitAtExit() {
      if (h != nullptr) alongside_detail::wait(*h);
    }
  } waiting{away ? &h : nullptr};
  auto result = main();
  if (away) {
    waiting.h = nullptr;
    alongside_detail::wait(h);
    if (h.error) std::rethrow_exception(h.error);
  }
  return result;
}

}  // namespace doithoai::store
