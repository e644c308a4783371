// Private to auth: libsodium set-up, password rules, the bounded Argon2id pool and the login
// rate limiter.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/rate_limiter.hpp"
#include "domain/date.hpp"
#include "domain/result.hpp"

namespace doithoai::auth::detail {

// Initialises libsodium once (thread-safe); throws if it cannot.
void ensure_sodium();

inline constexpr std::size_t kMinPassword = 8;
inline constexpr std::size_t kMaxPassword = 1024;
// A password's length is within kMinPassword..kMaxPassword bytes (invalid "weak_password").
Expected<void> check_password(std::string_view password);

// A counting semaphore with a bounded, first-come-first-served waiting line. Admitted callers
// do the hashing in their own thread; when `threads` hashes run and `queue` callers already
// wait, acquire() refuses at once.
class HashGate {
 public:
  struct Hooks {
    std::function<void()> on_queued;    // called with the lock held
    std::function<void()> on_admitted;  // called without the lock, holding a slot
  };

  class Permit {
   public:
    Permit(Permit&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() {
      if (gate_ != nullptr) gate_->release();
    }

   private:
    friend class HashGate;
    explicit Permit(HashGate* gate) : gate_(gate) {}
    HashGate* gate_;
  };

  HashGate(int threads, int queue, Hooks hooks);

  // A slot, after waiting in line if need be; nullopt when the line is full.
  std::optional<Permit> acquire();

  int running() const;
  int waiting() const;

 private:
  void release();

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  const int threads_;
  const int queue_;
  const Hooks hooks_;
  int running_ = 0;
  int waiting_ = 0;
  std::uint64_t next_ticket_ = 0;  // handed to the next caller that has to wait
  std::uint64_t serving_ = 0;      // the ticket whose turn it is
};

using RateLimiter = ::doithoai::auth::RateLimiter;

}  // namespace doithoai::auth::detail
