// The authentication Service: logins (rate limited, hashed on a bounded pool), cookie sessions
// behind a short-lived cache, bearer tokens, and the resolution of grants into a Subject.
#include "auth/auth.hpp"

#include <sodium.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auth/internal.hpp"
#include "store/store.hpp"

namespace doithoai::auth {

namespace {

using detail::kMaxPassword;
constexpr std::size_t kMinUsername = 3;
constexpr std::size_t kMaxUsername = 64;
constexpr std::size_t kMaxTokenLength = 256;  // ours are 43 characters
constexpr std::size_t kMaxTokenName = 200;
constexpr Timestamp kTouchInterval = 60;  // seconds between store.touch_session_later calls
constexpr std::size_t kMaxCachedCredentials = 50000;
constexpr std::size_t kMaxCachedReferences = 4096;

// Verified in place of a real hash when the username is unknown, so that the answer takes as
// long as for a known user. Made with crypto_pwhash_str_alg at the interactive limits from a
// random password nobody knows; replaced at start-up if libsodium's limits ever differ.
constexpr const char* kDummyHash =
    "$argon2id$v=19$m=65536,t=2,p=1$PO47ev0g9QRtvGhRV6hE0w$"
    "NNvaLuTOE0P7Ji7JPoru0T85fja+GJ5bP4qOPTbpEB0";

Error unauthorized(std::string code, std::string message) {
  return Error::make(ErrorKind::unauthorized, std::move(code), std::move(message));
}
Error bad_credentials() {
  return unauthorized("bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng");
}
Error not_authenticated() {
  return unauthorized("not_authenticated", "Cần đăng nhập để thực hiện thao tác này");
}
Error session_expired() {
  return unauthorized("session_expired", "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại");
}
Error account_disabled() {
  return unauthorized("account_disabled", "Tài khoản đã bị khóa");
}
Error bad_token() {
  return unauthorized("bad_token", "Mã truy cập API không hợp lệ");
}
Error server_busy() {
  return Error::make(ErrorKind::unavailable, "server_busy", "Hệ thống đang bận, vui lòng thử lại");
}
Error too_many_attempts() {
  return Error::make(ErrorKind::rate_limited, "too_many_attempts",
                     "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau");
}

bool is_not_found(const Error& e) {
  return e.kind == ErrorKind::not_found;
}

template <typename T>
Expected<void> status_of(const Expected<T>& e) {
  if (e) return {};
  return e.error();
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool valid_username(std::string_view name) {
  if (name.size() < kMinUsername || name.size() > kMaxUsername) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

User without_secret(User user) {
  user.password_hash.clear();
  return user;
}

Actor actor_of(const User& user) {
  return Actor{user.id, user.username};
}

}  // namespace

struct Service::Impl {
  struct CachedSession {
    Session session;  // last_seen_at is kept current here; the store lags by up to a minute
    Principal principal;
    Timestamp cached_at = 0;   // when it was read from the store
    Timestamp touched_at = 0;  // the last_seen_at the store has (or has been asked to take)
  };
  struct CachedToken {
    Principal principal;
    Timestamp cached_at = 0;
  };
  template <typename T>
  struct CachedReference {
    T value;
    Timestamp cached_at = 0;
  };

  Impl(store::Store& s, Options o)
      : store(s),
        options(std::move(o)),
        gate(options.hash_threads, options.hash_queue,
             detail::HashGate::Hooks{options.on_hash_queued, options.on_hash_admitted}),
        limiter(options.login_burst, options.login_per_minute, options.max_rate_entries) {
    detail::ensure_sodium();
    if (!options.clock) options.clock = now_utc;
    if (crypto_pwhash_str_needs_rehash(kDummyHash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0) {
      dummy_hash = kDummyHash;
    } else {
      auto made = hash_password(random_token());
      if (!made) throw std::runtime_error("could not make the dummy password hash");
      dummy_hash = std::move(made).value();
    }
  }

  Timestamp now() const { return options.clock(); }
  Timestamp ttl() const { return static_cast<Timestamp>(options.cache_ttl.count()); }
  bool fresh(Timestamp cached_at, Timestamp at) const { return at - cached_at < ttl(); }

  Expected<void> check_expiry(const Session& session, Timestamp at) const {
    if (at >= session.created_at + static_cast<Timestamp>(options.session_absolute.count()) ||
        at >= session.last_seen_at + static_cast<Timestamp>(options.session_idle.count())) {
      return session_expired();
    }
    return {};
  }

  // Reference lookups, cached for cache_ttl: a subject is resolved at every cache refresh.
  template <typename T, typename Fetch>
  Expected<T> cached_lookup(std::unordered_map<std::string, CachedReference<T>>& cache,
                            const std::string& code, Fetch fetch) {
    const Timestamp at = now();
    {
      std::lock_guard lock(reference_mutex);
      const auto it = cache.find(code);
      if (it != cache.end() && fresh(it->second.cached_at, at)) return it->second.value;
    }
    auto value = TRY(fetch());
    std::lock_guard lock(reference_mutex);
    if (cache.size() >= kMaxCachedReferences) cache.clear();
    cache[code] = CachedReference<T>{value, at};
    return value;
  }
  Expected<Agency> agency(const std::string& code) {
    return cached_lookup(agencies, code, [&] { return store.agency(code); });
  }
  Expected<Unit> unit(const std::string& code) {
    return cached_lookup(units, code, [&] { return store.unit(code); });
  }

  // The Principal of an active user, without secrets, with their grants resolved. A user who
  // no longer exists gets `missing` (the caller says which credential failed).
  Expected<Principal> principal_for(Id user_id, Principal::Via via, const Error& missing) {
    auto user = store.user_by_id(user_id);
    if (!user) {
      if (user.error().kind == ErrorKind::not_found) return missing;
      return std::move(user).error();
    }
    if (!user->active) return account_disabled();
    Principal principal;
    principal.user = without_secret(std::move(user).value());
    principal.subject = TRY(subject_for(principal.user));
    principal.via = via;
    return principal;
  }

  Expected<permissions::Subject> subject_for(const User& user) {
    permissions::Subject subject;
    subject.username = user.username;
    for (const Grant& grant : user.grants) {
      permissions::ScopedGrant scoped;
      scoped.role = grant.role;
      scoped.scope_kind = grant.scope_kind;
      scoped.scope_code = grant.scope_code;
      if (grant.scope_kind == Grant::ScopeKind::agency) {
        auto found = agency(grant.scope_code);
        if (!found) {
          // A grant on a scope that no longer exists confers nothing.
          if (is_not_found(found.error())) continue;
          return std::move(found).error();
        }
        scoped.agency_unit_code = found->unit_code;
      } else {
        auto found = unit(grant.scope_code);
        if (!found) {
          if (is_not_found(found.error())) continue;
          return std::move(found).error();
        }
        scoped.scope_is_root = !found->parent_code.has_value();
      }
      subject.grants.push_back(std::move(scoped));
    }
    return subject;
  }

  // Inserts into a credential cache unless a logout happened since `generation` was read (the
  // entry could then be one the logout removed). Called with cache_mutex held.
  template <typename Entry>
  void remember(std::unordered_map<std::string, Entry>& cache, const std::string& key, Entry entry,
                std::uint64_t generation, Timestamp at,
                std::vector<std::pair<std::string, Timestamp>>& touches) {
    if (generation != invalidations) return;
    if (cache.size() >= kMaxCachedCredentials && cache.find(key) == cache.end()) {
      evict_stale(cache, at, touches);
      if (cache.size() >= kMaxCachedCredentials) {
        drop(cache, cache.begin(), touches);
      }
    }
    cache.insert_or_assign(key, std::move(entry));
  }
  template <typename Entry>
  void evict_stale(std::unordered_map<std::string, Entry>& cache, Timestamp at,
                   std::vector<std::pair<std::string, Timestamp>>& touches) {
    for (auto it = cache.begin(); it != cache.end();) {
      it = fresh(it->second.cached_at, at) ? std::next(it) : drop(cache, it, touches);
    }
  }
  // Removes an entry; a session's activity not yet sent to the store is sent on the way out.
  template <typename Entry>
  typename std::unordered_map<std::string, Entry>::iterator drop(
      std::unordered_map<std::string, Entry>& cache,
      typename std::unordered_map<std::string, Entry>::iterator it,
      std::vector<std::pair<std::string, Timestamp>>& touches) {
    if constexpr (std::is_same_v<Entry, CachedSession>) {
      const Session& s = it->second.session;
      if (s.last_seen_at > it->second.touched_at)
        touches.emplace_back(s.token_hash, s.last_seen_at);
    }
    return cache.erase(it);
  }

  void send_touches(const std::vector<std::pair<std::string, Timestamp>>& touches) {
    for (const auto& [hash, at] : touches) store.touch_session_later(hash, at);
  }

  store::Store& store;
  Options options;
  detail::HashGate gate;
  detail::RateLimiter limiter;
  std::string dummy_hash;

  std::mutex cache_mutex;
  std::unordered_map<std::string, CachedSession> sessions;  // by token hash
  std::unordered_map<std::string, CachedToken> tokens;      // by token hash
  std::uint64_t invalidations = 0;                          // bumped by every logout

  std::mutex reference_mutex;
  std::unordered_map<std::string, CachedReference<Agency>> agencies;
  std::unordered_map<std::string, CachedReference<Unit>> units;
};

Service::Service(store::Store& store, Options options)
    : impl_(std::make_unique<Impl>(store, std::move(options))) {}

Service::~Service() = default;

Expected<LoginResult> Service::login(std::string_view username, std::string_view password,
                                     std::string_view client_address) {
  Impl& im = *impl_;
  const std::string name = lower_ascii(username.substr(0, kMaxUsername + 1));
  // Before any hashing: a refused attempt costs nothing.
  if (!im.limiter.try_take(
          {"a:" + std::string(client_address.substr(0, kMaxTokenLength)), "u:" + name}, im.now())) {
    return too_many_attempts();
  }
  // No stored password is this long, and hashing one would only burn time.
  if (password.size() > kMaxPassword) return bad_credentials();

  std::optional<User> user;
  if (valid_username(name)) {
    auto found = im.store.user_by_username(name);
    if (found) {
      user = std::move(found).value();
    } else if (!is_not_found(found.error())) {
      return std::move(found).error();
    }
  }
  // An unknown user is verified against the dummy hash: the same work, the same answer.
  const std::string& encoded = user ? user->password_hash : im.dummy_hash;
  bool verified = false;
  {
    const auto permit = im.gate.acquire();  // the calling thread hashes once admitted
    if (!permit) return server_busy();
    verified = verify_password(encoded, password);
  }
  if (!user || !verified || !user->active) return bad_credentials();

  const User public_user = without_secret(std::move(*user));
  auto subject = TRY(im.subject_for(public_user));

  LoginResult result;
  result.session_token = random_token();
  result.csrf_token = random_token();
  const Timestamp at = im.now();
  Session session;
  session.token_hash = token_digest(result.session_token);
  session.user_id = public_user.id;
  session.csrf_token = result.csrf_token;
  session.created_at = at;
  session.last_seen_at = at;
  TRY(im.store.create_session(session, actor_of(public_user)));

  result.principal.user = public_user;
  result.principal.subject = std::move(subject);
  result.principal.via = Principal::Via::session;
  result.principal.csrf_token = result.csrf_token;
  result.principal.session_token_hash = session.token_hash;

  std::vector<std::pair<std::string, Timestamp>> touches;
  {
    std::lock_guard lock(im.cache_mutex);
    im.remember(im.sessions, session.token_hash,
                Impl::CachedSession{session, result.principal, at, at}, im.invalidations, at,
                touches);
  }
  im.send_touches(touches);
  return result;
}

Expected<void> Service::logout(const Principal& principal) {
  Impl& im = *impl_;
  if (principal.via != Principal::Via::session || principal.session_token_hash.empty()) {
    return invalid("not_a_session", "Mã truy cập API không phải phiên đăng nhập");
  }
  const std::string& hash = principal.session_token_hash;
  const auto forget = [&] {
    std::lock_guard lock(im.cache_mutex);
    im.sessions.erase(hash);
    ++im.invalidations;
  };
  forget();
  auto deleted = im.store.delete_session(hash, actor_of(principal.user));
  // Also after the store answers: a lookup that raced with the delete must not be cached.
  forget();
  if (!deleted && !is_not_found(deleted.error())) return std::move(deleted).error();
  return {};
}

Expected<Principal> Service::authenticate_session(std::string_view cookie_token) {
  Impl& im = *impl_;
  if (cookie_token.empty() || cookie_token.size() > kMaxTokenLength) return not_authenticated();
  const std::string hash = token_digest(cookie_token);
  Timestamp at = im.now();
  std::uint64_t generation = 0;

  // The fast path: a fresh cache entry, no store read.
  {
    std::optional<Principal> hit;
    bool touch = false;
    {
      std::lock_guard lock(im.cache_mutex);
      generation = im.invalidations;
      const auto it = im.sessions.find(hash);
      if (it != im.sessions.end() && im.fresh(it->second.cached_at, at)) {
        auto& entry = it->second;
        if (auto alive = im.check_expiry(entry.session, at); !alive) {
          im.sessions.erase(it);
          return std::move(alive).error();
        }
        entry.session.last_seen_at = std::max(entry.session.last_seen_at, at);
        if (at - entry.touched_at >= kTouchInterval) {
          entry.touched_at = at;
          touch = true;
        }
        hit = entry.principal;
      }
    }
    if (hit) {
      if (touch) im.store.touch_session_later(hash, at);
      return std::move(*hit);
    }
  }

  // From the store.
  auto session = im.store.session_by_hash(hash);
  if (!session) {
    if (is_not_found(session.error())) return not_authenticated();
    return std::move(session).error();
  }
  auto principal =
      TRY(im.principal_for(session->user_id, Principal::Via::session, not_authenticated()));
  principal.csrf_token = session->csrf_token;
  principal.session_token_hash = hash;

  at = im.now();
  Impl::CachedSession entry{session.value(), principal, at, session->last_seen_at};
  std::vector<std::pair<std::string, Timestamp>> touches;
  {
    std::lock_guard lock(im.cache_mutex);
    // Activity seen here may be newer than what the store has been told.
    if (const auto it = im.sessions.find(hash); it != im.sessions.end()) {
      entry.session.last_seen_at =
          std::max(entry.session.last_seen_at, it->second.session.last_seen_at);
      entry.touched_at = std::max(entry.touched_at, it->second.touched_at);
    }
    if (auto alive = im.check_expiry(entry.session, at); !alive) {
      im.sessions.erase(hash);
      return std::move(alive).error();
    }
    entry.session.last_seen_at = std::max(entry.session.last_seen_at, at);
    if (at - entry.touched_at >= kTouchInterval) {
      entry.touched_at = at;
      touches.emplace_back(hash, at);
    }
    im.remember(im.sessions, hash, std::move(entry), generation, at, touches);
  }
  im.send_touches(touches);
  return principal;
}

Expected<Principal> Service::authenticate_bearer(std::string_view token) {
  Impl& im = *impl_;
  if (token.empty() || token.size() > kMaxTokenLength) return bad_token();
  const std::string hash = token_digest(token);
  Timestamp at = im.now();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(im.cache_mutex);
    generation = im.invalidations;
    const auto it = im.tokens.find(hash);
    if (it != im.tokens.end() && im.fresh(it->second.cached_at, at)) return it->second.principal;
  }

  auto api_token = im.store.api_token_by_hash(hash);
  if (!api_token) {
    if (is_not_found(api_token.error())) return bad_token();
    return std::move(api_token).error();
  }
  if (api_token->revoked) {
    return unauthorized("token_revoked", "Mã truy cập API đã bị thu hồi");
  }
  auto principal = TRY(im.principal_for(api_token->user_id, Principal::Via::bearer, bad_token()));

  at = im.now();
  std::vector<std::pair<std::string, Timestamp>> touches;
  {
    std::lock_guard lock(im.cache_mutex);
    im.remember(im.tokens, hash, Impl::CachedToken{principal, at}, generation, at, touches);
  }
  return principal;
}

bool Service::csrf_matches(const Principal& principal, std::string_view presented) {
  if (principal.via != Principal::Via::session) return false;
  const std::string& expected = principal.csrf_token;
  if (expected.empty() || presented.empty() || presented.size() != expected.size()) return false;
  detail::ensure_sodium();
  return sodium_memcmp(expected.data(), presented.data(), expected.size()) == 0;
}

Expected<User> Service::create_user(const User& user, std::string_view password,
                                    const Actor& actor) {
  Impl& im = *impl_;
  User created = user;
  created.username = lower_ascii(user.username);
  if (!valid_username(created.username)) {
    return invalid("bad_username",
                   "Tên đăng nhập phải dài từ 3 đến 64 ký tự, chỉ gồm chữ cái không dấu, chữ số "
                   "và các dấu . _ -",
                   "username");
  }
  if (created.grants.empty()) {
    return invalid("no_grants", "Người dùng phải được cấp ít nhất một vai trò", "grants");
  }
  TRY(detail::check_password(password));
  for (const Grant& grant : created.grants) {
    const bool agency = grant.scope_kind == Grant::ScopeKind::agency;
    auto exists =
        agency ? status_of(im.agency(grant.scope_code)) : status_of(im.unit(grant.scope_code));
    if (!exists) {
      if (!is_not_found(exists.error())) return std::move(exists).error();
      return invalid("unknown_scope",
                     std::string(agency ? "Không tìm thấy cơ quan được cấp quyền: "
                                        : "Không tìm thấy đơn vị hành chính được cấp quyền: ") +
                         grant.scope_code,
                     "grants");
    }
  }
  {
    const auto permit = im.gate.acquire();
    if (!permit) return server_busy();
    created.password_hash = TRY(hash_password(password));
  }
  created.id = 0;
  created.created_at = im.now();
  auto stored = TRY(im.store.add_user(created, actor));
  return without_secret(std::move(stored));
}

Expected<std::string> Service::create_api_token(std::string_view username, std::string_view name,
                                                const Actor& actor) {
  Impl& im = *impl_;
  if (name.size() > kMaxTokenName) {
    return invalid("bad_token_name", "Tên mã truy cập không được dài quá 200 byte", "name");
  }
  auto user = im.store.user_by_username(lower_ascii(username));
  if (!user) {
    if (is_not_found(user.error())) {
      return not_found("unknown_user",
                       "Không tìm thấy người dùng \"" + std::string(username) + "\"", "username");
    }
    return std::move(user).error();
  }
  if (!user->active) {
    return conflict("user_inactive", "Tài khoản \"" + user->username + "\" đã bị khóa", "username");
  }
  std::string token = random_token();
  ApiToken api_token;
  api_token.token_hash = token_digest(token);
  api_token.user_id = user->id;
  api_token.name = std::string(name);
  api_token.created_at = im.now();
  TRY(im.store.create_api_token(api_token, actor));
  return token;
}

Expected<permissions::Subject> Service::subject_for(const User& user) {
  return impl_->subject_for(user);
}

std::size_t Service::rate_limit_entries() const {
  return impl_->limiter.size();
}

}  // namespace doithoai::auth
