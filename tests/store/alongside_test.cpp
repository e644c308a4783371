// store::alongside: both sides run, at the same time, and the caller gets main's result only
// once the side has finished.
#include "store/alongside.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace doithoai::store {
namespace {

TEST(Alongside, TheSideRunsWhileMainRunsAndHasFinishedWhenItReturns) {
  std::promise<void> main_started;
  std::shared_future<void> started = main_started.get_future().share();
  bool side_saw_main = false;
  std::string side_result;
  const int got = alongside(
      [&] {
        // Only a side running at the same time as main sees main start; one run before main
        // would wait in vain (bounded, so that a broken alongside fails instead of hanging).
        side_saw_main = started.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
        side_result = "done";
      },
      [&] {
        main_started.set_value();
        return 42;
      });
  EXPECT_EQ(got, 42);
  EXPECT_TRUE(side_saw_main);
  EXPECT_EQ(side_result, "done");  // written by the side, visible once alongside returned
}

TEST(Alongside, WhenMainThrowsTheSideIsStillWaitedFor) {
  bool side_done = false;
  EXPECT_THROW(alongside([&] { side_done = true; },
                         []() -> int { throw std::runtime_error("main failed"); }),
               std::runtime_error);
  EXPECT_TRUE(side_done);
}

TEST(Alongside, WhenEveryWorkerIsBusyTheSideRunsOnTheCallersThread) {
  // Every worker held by a side that waits to be released.
  std::mutex mu;
  std::condition_variable cv;
  int started = 0;
  bool release = false;
  std::vector<std::thread> holders;
  for (int i = 0; i < alongside_detail::kWorkers; ++i) {
    holders.emplace_back([&] {
      alongside(
          [&] {
            std::unique_lock lock(mu);
            ++started;
            cv.notify_all();
            cv.wait(lock, [&] { return release; });
          },
          [] { return 0; });
    });
  }
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10),
                            [&] { return started == alongside_detail::kWorkers; }));
  }
  std::thread::id side_thread;
  const int got = alongside([&] { side_thread = std::this_thread::get_id(); }, [] { return 7; });
  EXPECT_EQ(got, 7);
  EXPECT_EQ(side_thread, std::this_thread::get_id());
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  for (auto& t : holders) t.join();

  // The workers are idle again: the next side runs on one of them.
  alongside([&] { side_thread = std::this_thread::get_id(); }, [] { return 0; });
  EXPECT_NE(side_thread, std::this_thread::get_id());
}

}  // namespace
}  // namespace doithoai::store
