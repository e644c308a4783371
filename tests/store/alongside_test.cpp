// store::alongside: both sides run, at the same time, and the caller gets main's result only
// once the side has finished.
#include "store/alongside.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>

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

}  // namespace
}  // namespace doithoai::store
