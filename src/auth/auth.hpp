// Authentication: Argon2id passwords hashed on a small bounded pool, server-side sessions with
// idle and absolute expiry, CSRF tokens, bearer tokens for API clients, login rate limiting.
// Authorisation is not here: it is domain/permissions.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/model.hpp"
#include "domain/permissions.hpp"
#include "domain/result.hpp"

namespace doithoai::store {
class Store;
}

namespace doithoai::auth {

struct Options {
  std::chrono::seconds session_idle{std::chrono::minutes(30)};
  std::chrono::seconds session_absolute{std::chrono::hours(12)};
  int hash_threads = 2;  // Argon2id runs at most this many at once (64 MiB each)
  int hash_queue = 64;   // further logins wait here; past it they get 503
  // Login attempts: per client address and per username, a burst then a steady rate.
  int login_burst = 10;
  double login_per_minute = 10.0;
  // At most this many login buckets (addresses and usernames) are kept; the least recently
  // used go first, so a flood of new addresses cannot grow memory without limit.
  std::size_t max_rate_entries = 100000;
  // How long a looked-up session, API token, agency or unit is trusted before the store is
  // asked again (a logout, a revoked token or a deactivated user takes effect within it).
  std::chrono::seconds cache_ttl{30};
  // The time, as seconds since the epoch (UTC). Injectable for tests.
  std::function<Timestamp()> clock = now_utc;
  // Test hooks, both optional. on_hash_queued runs, with the hash pool's lock held, when a
  // caller starts waiting for a slot; it must not call into the Service. on_hash_admitted runs
  // in the caller's thread once it holds a slot, just before hashing.
  std::function<void()> on_hash_queued;
  std::function<void()> on_hash_admitted;
};

// Who is making a request, once authenticated.
struct Principal {
  User user;
  permissions::Subject subject;  // for permissions::decide
  enum class Via { session, bearer } via = Via::session;
  std::string csrf_token;          // sessions only
  std::string session_token_hash;  // sessions only
};

struct LoginResult {
  std::string session_token;  // the cookie value (shown once, stored hashed)
  std::string csrf_token;
  Principal principal;
};

class Service {
 public:
  Service(store::Store& store, Options options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Blocking (hashes the password): call from the blocking pool, never an I/O thread.
  // Wrong username and wrong password give the same error (unauthorized, "bad_credentials").
  // Too many attempts: rate_limited. Hash pool full: unavailable.
  Expected<LoginResult> login(std::string_view username, std::string_view password,
                              std::string_view client_address);
  Expected<void> logout(const Principal& principal);
  // Fast (an in-memory cache in front of the store); safe on I/O threads.
  Expected<Principal> authenticate_session(std::string_view cookie_token);
  Expected<Principal> authenticate_bearer(std::string_view token);
  // Compares in constant time.
  static bool csrf_matches(const Principal& principal, std::string_view presented);

  // Creates a user with an Argon2id hash of the password (blocking).
  Expected<User> create_user(const User& user, std::string_view password, const Actor& actor);
  // Returns the plaintext bearer token, shown once.
  Expected<std::string> create_api_token(std::string_view username, std::string_view name,
                                         const Actor& actor);

  // Resolves a user's grants into the permissions module's Subject.
  Expected<permissions::Subject> subject_for(const User& user);

  // How many login rate-limit buckets are held (for metrics and tests).
  std::size_t rate_limit_entries() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Password hashing, exposed for the CLI and tests.
Expected<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view encoded, std::string_view password);
// A hex digest of a token, as stored. Tokens are 256-bit random, so a plain hash suffices.
std::string token_digest(std::string_view token);
// 32 random bytes, URL-safe base64 without padding.
std::string random_token();

}  // namespace doithoai::auth
