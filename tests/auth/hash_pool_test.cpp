// The bounded Argon2id pool: at most hash_threads hashes at once, at most hash_queue callers
// waiting, everyone else turned away at once.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "auth/fixture.hpp"
#include "auth/internal.hpp"

namespace doithoai::auth {
namespace {

using test_support::AuthTest;
using test_support::kPassword;

class HashPoolTest : public AuthTest {};

TEST_F(HashPoolTest, LoginsBeyondTheRunningHashAndTheQueueGetServerBusy) {
  add_user("nguyen.van.a");
  std::latch first_hashing(1);
  std::latch second_waiting(1);
  std::promise<void> release_first;
  std::shared_future<void> released = release_first.get_future().share();
  std::atomic<int> admitted{0};

  auto o = options();
  o.hash_threads = 1;
  o.hash_queue = 1;
  o.on_hash_queued = [&] { second_waiting.count_down(); };
  o.on_hash_admitted = [&] {
    if (admitted++ == 0) {
      first_hashing.count_down();
      released.wait();  // holds the only slot
    }
  };
  start(o);

  auto first = std::async(std::launch::async,
                          [&] { return service->login("nguyen.van.a", kPassword, "10.0.0.1"); });
  first_hashing.wait();
  auto second = std::async(std::launch::async,
                           [&] { return service->login("nguyen.van.a", kPassword, "10.0.0.2"); });
  second_waiting.wait();

  // One hashing, one waiting: the third is refused without waiting.
  const auto third = service->login("nguyen.van.a", kPassword, "10.0.0.3");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(third.error().code, "server_busy");
  EXPECT_EQ(third.error().message, "Hệ thống đang bận, vui lòng thử lại");
  // create_user hashes through the same pool.
  User user;
  user.username = "tran.thi.b";
  user.grants = {test_support::unit_grant(Role::officer, "00004")};
  const auto created = service->create_user(user, kPassword, Actor::cli());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, "server_busy");

  release_first.set_value();
  EXPECT_TRUE(first.get().ok());
  EXPECT_TRUE(second.get().ok());
  EXPECT_EQ(admitted.load(), 2);
  // With the pool free again, logins go through.
  EXPECT_TRUE(service->login("nguyen.van.a", kPassword, "10.0.0.3").ok());
}

TEST(HashGate, AdmitsUpToThreadsAtOnceAndRefusesPastTheQueue) {
  detail::HashGate gate(2, 0, {});
  auto a = gate.acquire();
  auto b = gate.acquire();
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(gate.running(), 2);
  EXPECT_FALSE(gate.acquire().has_value()) << "no queue";
  a.reset();
  EXPECT_EQ(gate.running(), 1);
  EXPECT_TRUE(gate.acquire().has_value());
  EXPECT_EQ(gate.running(), 1) << "the permit released on scope exit";
}

TEST(HashGate, WaitersAreAdmittedInArrivalOrder) {
  std::vector<int> order;
  std::mutex order_mutex;
  std::counting_semaphore<> queued(0);
  detail::HashGate gate(1, 3, {[&] { queued.release(); }, {}});

  auto held = gate.acquire();
  ASSERT_TRUE(held.has_value());
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      auto permit = gate.acquire();
      std::lock_guard lock(order_mutex);
      order.push_back(i);
    });
    queued.acquire();  // waiter i is in line before waiter i + 1 starts
  }
  EXPECT_EQ(gate.waiting(), 3);
  EXPECT_FALSE(gate.acquire().has_value()) << "the line of 3 is full";
  held.reset();
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(gate.running(), 0);
  EXPECT_EQ(gate.waiting(), 0);
}

}  // namespace
}  // namespace doithoai::auth
