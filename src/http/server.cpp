// The HTTP/1.1 server. One coroutine per connection, on its own strand; Beast parses requests,
// responses are serialised by hand into a reused buffer (one gathered write per response).
//
// Timeouts: one steady_timer per connection, re-armed lazily. The connection keeps a deadline
// for its current phase (idle: idle_timeout; reading a request: read_timeout for header and
// body together; writing: write timeout); the timer sleeps until the earliest deadline it was
// armed for and, when it wakes early, re-arms for the current one. So a keep-alive connection
// under load touches the timer queue about once per read_timeout rather than several times per
// request. On expiry it cancels the socket's pending operation and the coroutine answers 408 (if
// a request had begun) or closes. beast::tcp_stream is not used because its timeout closes the
// socket, which would make the 408 impossible.
#include <utility>  // before Asio: boost/asio/awaitable.hpp misses it in 1.74

// Beast is confined to this translation unit, so it may use std::string_view throughout.
#define BOOST_BEAST_USE_STD_STRING_VIEW 1

#include "http/server.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/basic_signal_set.hpp>
#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <typeinfo>
#include <vector>

#include "http/detail/static_files.hpp"
#include "http/metrics.hpp"

namespace doithoai::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;
using Strand = asio::strand<asio::io_context::executor_type>;
using Socket = asio::basic_stream_socket<tcp, Strand>;
using Acceptor = asio::basic_socket_acceptor<tcp, Strand>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Strand>;
using SignalSet = asio::basic_signal_set<Strand>;

constexpr std::size_t kFirstReadSize = 4096;
constexpr std::size_t kMaxLingerBytes = std::size_t{16} * 1024 * 1024;
constexpr std::size_t kKeepBufferCapacity = std::size_t{64} * 1024;
constexpr std::string_view kRouteUnmatched = "unmatched";
constexpr std::string_view kRouteStatic = "/static/{path}";
constexpr std::string_view kStaticPrefix = "/static/";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// ---------------------------------------------------------------------------------------------
// Small helpers

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", formatted at most once a second per thread.
std::string_view date_line() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached = -1;
  thread_local char buf[64];
  thread_local std::size_t len = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(buf, sizeof buf, "Date: %s, %02d %s %04d %02d:%02d:%02d GMT\r\n",
                                kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    len = n > 0 ? static_cast<std::size_t>(n) : 0;
    cached = now;
  }
  return {buf, len};
}

std::string_view reason_phrase(int status) {
  const auto s = bhttp::int_to_status(static_cast<unsigned>(status));
  if (s == bhttp::status::unknown) return "Unknown";
  return bhttp::obsolete_reason(s);
}

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool valid_header(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!is_token_char(c)) return false;
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

std::string strip_line_breaks(std::string s) {
  std::erase_if(s, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
  return s;
}

// Writes each line with fwrite and leaves flushing to the periodic flush (and to stdout's own
// buffering), so that request logging does not cost a flush per request.
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

// The defaults every response carries (a handler's own header of the same name wins).
struct DefaultHeader {
  std::string name;
  std::string line;  // "Name: value\r\n"
};

enum class Phase { idle, reading, handling, writing, lingering };

class Core;

// ---------------------------------------------------------------------------------------------
// One connection. Everything here runs on the connection's strand.

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Core& core, Socket socket)
      : core(core), socket(std::move(socket)), timer(this->socket.get_executor()) {}

  Core& core;
  Socket socket;
  Timer timer;
  beast::flat_buffer buffer;
  Phase phase = Phase::idle;
  bool timed_out = false;
  bool closed = false;
  std::string remote;
  Request request;   // reused: keeps its capacity between requests
  std::string head;  // reused response header buffer
  std::uint64_t requests_served = 0;
  std::list<Connection*>::iterator registry_entry;

  void set_deadline(Clock::time_point d) {
    deadline_ = d;
    if (d < armed_) arm(d);
  }

  // Cancels the pending operation if the connection is waiting between requests; an active
  // request is left to finish (its response will carry Connection: close).
  void shutdown_notice() {
    if (closed) return;
    if (phase == Phase::idle || phase == Phase::lingering) {
      error_code ignored;
      socket.cancel(ignored);
    }
  }

  void close() {
    if (closed) return;
    closed = true;
    error_code ignored;
    timer.cancel(ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

 private:
  void arm(Clock::time_point at) {
    armed_ = at;
    const unsigned generation = ++generation_;
    timer.expires_at(at);
    timer.async_wait([self = shared_from_this(), generation](const error_code& ec) {
      self->on_timer(ec, generation);
    });
  }

  void on_timer(const error_code& ec, unsigned generation) {
    if (ec || closed || generation != generation_) return;  // superseded or cancelled
    armed_ = Clock::time_point::max();
    const auto now = Clock::now();
    if (deadline_ > now) {
      arm(deadline_);
      return;
    }
    if (phase == Phase::handling) {
      // A slow handler is not the client's fault: look again later.
      deadline_ = now + std::chrono::seconds(1);
      arm(deadline_);
      return;
    }
    deadline_ = Clock::time_point::max();
    timed_out = true;
    error_code ignored;
    socket.cancel(ignored);
  }

  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point armed_ = Clock::time_point::max();
  unsigned generation_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The server state shared by the acceptor, the connections and Server.

class Core {
 public:
  Core(ServerConfig cfg, const Router& router, Metrics& metrics)
      : config(std::move(cfg)), router(router), metrics(metrics) {
    config.io_threads = std::max(1, config.io_threads);
    config.blocking_threads = std::max(1, config.blocking_threads);
    config.max_connections = std::max<std::size_t>(1, config.max_connections);
    write_timeout = std::max(config.read_timeout, config.idle_timeout);
    linger_time = std::min<Clock::duration>(config.read_timeout, std::chrono::seconds(5));

    auto add_default = [this](std::string name, std::string value) {
      value = strip_line_breaks(std::move(value));
      if (value.empty()) return;
      std::string lower = name;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      defaults.push_back({std::move(lower), name + ": " + value + "\r\n"});
    };
    add_default("Content-Security-Policy", config.content_security_policy);
    add_default("X-Content-Type-Options", "nosniff");
    add_default("Referrer-Policy", "same-origin");
    add_default("X-Frame-Options", "DENY");
    add_default("Cross-Origin-Opener-Policy", "same-origin");
    add_default("Cross-Origin-Resource-Policy", "same-origin");
    add_default("Permissions-Policy",
                "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()");
    for (const auto& d : defaults) default_block += d.line;

    ioc.emplace(config.io_threads);
    accept_strand.emplace(asio::make_strand(*ioc));

    if (!config.static_dir.empty()) {
      statics.emplace(config.static_dir);
      if (!statics->valid()) {
        spdlog::warn("http: static_dir {} is not a directory; /static/ is disabled",
                     config.static_dir);
        statics.reset();
      }
    }
    if (config.log_requests) {
      access_log =
          std::make_shared<spdlog::logger>("http.access", std::make_shared<BufferedStdoutSink>());
      access_log->set_formatter(std::make_unique<spdlog::pattern_formatter>(
          R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ",%v})", spdlog::pattern_time_type::utc, "\n"));
    }

    Response busy =
        error_response(503, "server_busy", "Máy chủ đang quá tải, vui lòng thử lại sau giây lát");
    busy.header("Retry-After", "1");
    busy_response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + busy.content_type +
                    "\r\nContent-Length: " + std::to_string(busy.body.size()) +
                    "\r\nRetry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n" +
                    default_block + "\r\n" + busy.body;
  }

  ~Core() {
    destroying = true;
    if (pool) {
      pool->stop();
      pool->join();
    }
    {
      std::unique_lock lock(async_mutex);
      async_done.wait(lock, [this] { return async_pending == 0; });
    }
    signals.reset();
    acceptor.reset();
    grace_timer.reset();
    flush_timer.reset();
    backoff_timer.reset();
    accept_strand.reset();
    ioc.reset();  // destroys the coroutines still suspended, while the rest of Core lives
    pool.reset();
  }

  bool stopping() const { return shutting_down.load(); }

  void begin_shutdown();
  void finish();
  void connection_done();

  ServerConfig config;
  const Router& router;
  Metrics& metrics;
  Clock::duration write_timeout{};
  Clock::duration linger_time{};
  std::vector<DefaultHeader> defaults;
  std::string default_block;
  std::string busy_response;
  std::optional<detail::StaticFiles> statics;
  std::shared_ptr<spdlog::logger> access_log;

  std::optional<asio::io_context> ioc;
  std::optional<Strand> accept_strand;
  std::optional<Acceptor> acceptor;
  std::optional<SignalSet> signals;
  std::optional<Timer> grace_timer;
  std::optional<Timer> flush_timer;
  std::optional<Timer> backoff_timer;
  std::optional<asio::thread_pool> pool;

  unsigned short bound_port = 0;
  std::atomic<bool> shutting_down{false};
  std::atomic<bool> finished{false};
  std::atomic<bool> destroying{false};
  std::atomic<std::size_t> active{0};

  std::mutex registry_mutex;
  std::list<Connection*> registry;

  // Asynchronous handlers that have not answered yet: their answer is posted to ioc, which
  // must outlive them.
  std::mutex async_mutex;
  std::condition_variable async_done;
  std::size_t async_pending = 0;
};

void Core::begin_shutdown() {
  if (shutting_down.exchange(true)) return;
  spdlog::info("http: shutting down: no new connections, finishing requests in flight");
  asio::post(*accept_strand, [this] {
    error_code ignored;
    if (acceptor) acceptor->close(ignored);
    if (signals) signals->cancel(ignored);
    if (backoff_timer) backoff_timer->cancel(ignored);
  });
  {
    std::lock_guard lock(registry_mutex);
    for (Connection* c : registry) {
      if (auto self = c->weak_from_this().lock()) {
        asio::post(c->socket.get_executor(), [self] { self->shutdown_notice(); });
      }
    }
  }
  grace_timer.emplace(*accept_strand);
  grace_timer->expires_after(config.shutdown_grace);
  grace_timer->async_wait([this](const error_code& ec) {
    if (ec) return;
    spdlog::warn("http: shutdown grace of {} s over; closing {} connection(s)",
                 config.shutdown_grace.count(), active.load());
    finish();
  });
  if (active.load() == 0) finish();
}

void Core::finish() {
  if (finished.exchange(true)) return;
  ioc->stop();
}

void Core::connection_done() {
  if (active.fetch_sub(1) == 1 && shutting_down.load() && !destroying.load()) {
    asio::post(*accept_strand, [this] { finish(); });
  }
}

// Registers the connection for shutdown notices and counts it; undone however the coroutine
// ends (also when its frame is destroyed with the io_context).
class ConnectionScope {
 public:
  explicit ConnectionScope(Connection& c) : c_(c) {
    {
      std::lock_guard lock(c_.core.registry_mutex);
      c_.core.registry.push_front(&c_);
      c_.registry_entry = c_.core.registry.begin();
    }
    c_.core.metrics.connection_opened();
  }
  ~ConnectionScope() {
    c_.close();
    {
      std::lock_guard lock(c_.core.registry_mutex);
      c_.core.registry.erase(c_.registry_entry);
    }
    c_.core.metrics.connection_closed();
    c_.core.connection_done();
  }
  ConnectionScope(const ConnectionScope&) = delete;
  ConnectionScope& operator=(const ConnectionScope&) = delete;

 private:
  Connection& c_;
};

// ---------------------------------------------------------------------------------------------
// Running a blocking handler on the pool: the coroutine suspends; the pool thread runs the
// handler, then posts the completion back to the coroutine's own executor (its strand), so the
// coroutine never resumes on a pool thread.

struct BlockingCall {
  const Handler* handler;
  Request* request;
  Response* response;
  std::exception_ptr* error;
};

template <typename CompletionToken>
auto async_run_blocking(asio::thread_pool& pool, BlockingCall call, CompletionToken&& token) {
  return asio::async_initiate<CompletionToken, void()>(
      [&pool, call](auto completion) {
        auto home = asio::prefer(asio::get_associated_executor(completion),
                                 asio::execution::outstanding_work.tracked);
        asio::post(pool, [call, completion = std::move(completion), home]() mutable {
          try {
            *call.response = (*call.handler)(*call.request);
          } catch (...) {
            *call.error = std::current_exception();
          }
          asio::post(home, std::move(completion));
        });
      },
      token);
}

// Running an asynchronous handler: it starts on the connection's strand and hands its work on;
// whichever thread finishes that work calls respond, which posts the completion back to the
// strand (no thread waits in between). The Reply is run there, after the coroutine resumes.
struct AsyncCall {
  const AsyncHandler* handler;
  Request* request;
  Reply* reply;
  std::exception_ptr* error;
  Core* core;
};

// What an asynchronous call keeps until it is answered.
template <typename Completion, typename Home>
struct AsyncState {
  AsyncState(Completion c, Home h) : completion(std::move(c)), executor(std::move(h)) {}
  Completion completion;
  Home executor;
  std::atomic<bool> answered{false};
};

template <typename CompletionToken>
auto async_run_handler(AsyncCall call, CompletionToken&& token) {
  return asio::async_initiate<CompletionToken, void()>(
      [call](auto completion) {
        auto home = asio::prefer(asio::get_associated_executor(completion),
                                 asio::execution::outstanding_work.tracked);
        auto state = std::make_shared<AsyncState<decltype(completion), decltype(home)>>(
            std::move(completion), std::move(home));
        {
          std::lock_guard lock(call.core->async_mutex);
          ++call.core->async_pending;
        }
        // Answers once; later calls (a handler that answered, then threw) are ignored.
        auto finish = [state, call](Reply reply, std::exception_ptr error) {
          if (state->answered.exchange(true)) return;
          *call.reply = std::move(reply);
          *call.error = std::move(error);
          asio::post(state->executor, std::move(state->completion));
          std::lock_guard lock(call.core->async_mutex);
          if (--call.core->async_pending == 0) call.core->async_done.notify_all();
        };
        try {
          (*call.handler)(*call.request,
                          [finish](Reply reply) mutable { finish(std::move(reply), nullptr); });
        } catch (...) {
          finish(Reply{}, std::current_exception());
        }
      },
      token);
}

// ---------------------------------------------------------------------------------------------
// Responses

struct Outgoing {
  const Response* response = nullptr;
  std::string_view body;  // the bytes to send (may point into a cached static file)
  bool dynamic = true;    // adds Cache-Control: no-store unless the handler set one
};

// Serialises the status line and headers into c.head.
void serialize_head(Connection& c, const Outgoing& out, bool keep_alive, bool http10) {
  const Response& r = *out.response;
  const Core& core = c.core;
  std::string& h = c.head;
  h.clear();
  h += "HTTP/1.1 ";
  append_uint(h, static_cast<std::uint64_t>(r.status));
  h += ' ';
  h += reason_phrase(r.status);
  h += "\r\n";
  h += date_line();

  // Which defaults the handler overrides, and whether it set Cache-Control / Content-Type.
  std::uint32_t overridden = 0;
  bool own_cache_control = false;
  bool own_content_type = false;
  for (const auto& [name, value] : r.headers) {
    if (iequals(name, "cache-control")) own_cache_control = true;
    if (iequals(name, "content-type")) own_content_type = true;
    for (std::size_t i = 0; i < core.defaults.size() && i < 32; ++i) {
      if (iequals(name, core.defaults[i].name)) overridden |= 1u << i;
    }
  }
  const bool bodyless = r.status < 200 || r.status == 204 || r.status == 304;
  if (!bodyless) {
    if (!own_content_type && !r.content_type.empty()) {
      h += "Content-Type: ";
      h += r.content_type;
      h += "\r\n";
    }
    h += "Content-Length: ";
    append_uint(h, out.body.size());
    h += "\r\n";
  }
  if (overridden == 0) {
    h += core.default_block;
  } else {
    for (std::size_t i = 0; i < core.defaults.size(); ++i) {
      if (i >= 32 || (overridden & (1u << i)) == 0) h += core.defaults[i].line;
    }
  }
  if (out.dynamic && !own_cache_control) h += "Cache-Control: no-store\r\n";
  for (const auto& [name, value] : r.headers) {
    if (!valid_header(name, value) || iequals(name, "content-length") ||
        iequals(name, "transfer-encoding") || iequals(name, "connection") ||
        (bodyless && iequals(name, "content-type"))) {
      continue;
    }
    h += name;
    h += ": ";
    h += value;
    h += "\r\n";
  }
  if (!keep_alive) {
    h += "Connection: close\r\n";
  } else if (http10) {
    h += "Connection: keep-alive\r\n";
  }
  h += "\r\n";
}

asio::awaitable<bool> write_response(Connection* c, Outgoing out, bool keep_alive, bool http10,
                                     bool head_only) {
  const Response& r = *out.response;
  const bool bodyless = r.status < 200 || r.status == 204 || r.status == 304;
  serialize_head(*c, out, keep_alive, http10);
  c->phase = Phase::writing;
  c->timed_out = false;
  c->set_deadline(Clock::now() + c->core.write_timeout);
  const std::size_t body_size = head_only || bodyless ? 0 : out.body.size();
  const std::array<asio::const_buffer, 2> buffers = {asio::buffer(c->head),
                                                     asio::buffer(out.body.data(), body_size)};
  error_code ec;
  co_await asio::async_write(c->socket, buffers, asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec && !c->timed_out;
}

// After an error answer: stop sending, read and discard what the client still sends for a
// moment (so that closing does not reset the connection before the client reads the answer),
// then close.
asio::awaitable<void> linger_and_close(Connection* c, Clock::duration linger) {
  error_code ec;
  c->socket.shutdown(tcp::socket::shutdown_send, ec);
  c->phase = Phase::lingering;
  c->timed_out = false;
  c->set_deadline(Clock::now() + linger);
  std::size_t drained = 0;
  while (!ec && !c->timed_out && !c->core.stopping() && drained < kMaxLingerBytes) {
    c->buffer.clear();
    drained += co_await c->socket.async_read_some(c->buffer.prepare(16 * 1024),
                                                  asio::redirect_error(asio::use_awaitable, ec));
  }
  c->buffer.clear();
  c->close();
}

std::string_view normalized_method(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",    "HEAD",  "POST",   "PUT",
                                                "DELETE", "PATCH", "OPTIONS"};
  for (auto m : kKnown) {
    if (m == method) return m;
  }
  return "other";
}

void log_request(Core& core, std::string_view method, std::string_view route, int status,
                 double seconds) {
  if (!core.access_log && status < 500) return;
  thread_local std::string line;
  line.clear();
  line += R"("method":")";
  append_json_escaped(line, normalized_method(method));
  line += R"(","route":")";
  append_json_escaped(line, route);
  line += R"(","status":)";
  append_uint(line, static_cast<std::uint64_t>(status));
  char ms[32];
  const int n = std::snprintf(ms, sizeof ms, ",\"ms\":%.3f", seconds * 1000.0);
  if (n > 0) line.append(ms, static_cast<std::size_t>(n));
  if (core.access_log) {
    core.access_log->info(line);
  } else {
    spdlog::warn("http: {{{}}}", line);
  }
}

void record(Core& core, std::string_view method, std::string_view route, int status,
            Clock::time_point started) {
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  core.metrics.observe_request(route, normalized_method(method), status, seconds);
  log_request(core, method, route, status, seconds);
}

// Splits the request target into a decoded path and the raw query. False if unusable.
bool split_target(std::string_view target, Request& req) {
  if (target.empty()) return false;
  if (target.front() != '/') {
    // absolute-form: scheme://authority/path?query
    const auto scheme = target.find("://");
    if (scheme == std::string_view::npos) return false;
    const auto slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  const auto q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  const auto hash = raw_path.find('#');
  if (hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  if (q == std::string_view::npos) {
    req.query.clear();
  } else {
    std::string_view query = target.substr(q + 1);
    const auto fragment = query.find('#');
    req.query.assign(query.substr(0, fragment));
  }
  if (raw_path.find('%') == std::string_view::npos) {
    req.path.assign(raw_path);
  } else {
    auto decoded = percent_decode(raw_path, false);
    if (!decoded) return false;
    req.path = std::move(*decoded);
  }
  return req.path.find('\0') == std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// The connection coroutine

asio::awaitable<void> serve_connection(std::shared_ptr<Connection> self) {
  Connection* c = self.get();
  Core& core = c->core;
  ConnectionScope scope(*c);
  error_code ec;
  {
    const auto endpoint = c->socket.remote_endpoint(ec);
    if (!ec) c->remote = endpoint.address().to_string();
  }
  try {
    for (;;) {
      // 1. Wait (up to idle_timeout) for the first byte of the next request.
      if (c->buffer.size() == 0) {
        if (core.stopping()) break;
        if (c->buffer.capacity() > kKeepBufferCapacity) c->buffer.shrink_to_fit();
        c->phase = Phase::idle;
        c->timed_out = false;
        // A new connection that has sent nothing yet gets no more than read_timeout.
        c->set_deadline(Clock::now() + (c->requests_served == 0 ? std::min(core.config.idle_timeout,
                                                                           core.config.read_timeout)
                                                                : core.config.idle_timeout));
        const std::size_t n = co_await c->socket.async_read_some(
            c->buffer.prepare(kFirstReadSize), asio::redirect_error(asio::use_awaitable, ec));
        if (ec || c->timed_out) break;
        c->buffer.commit(n);
      }

      // 2. The whole request (header and body) within read_timeout.
      c->phase = Phase::reading;
      c->timed_out = false;
      const auto started = Clock::now();
      c->set_deadline(started + core.config.read_timeout);
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(
          static_cast<std::uint32_t>(std::min<std::size_t>(core.config.header_limit, UINT32_MAX)));
      parser.body_limit(static_cast<std::uint64_t>(core.config.body_limit));
      co_await bhttp::async_read_header(c->socket, c->buffer, parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      if (!ec && !c->timed_out && !parser.is_done()) {
        if (iequals(parser.get()[bhttp::field::expect], "100-continue")) {
          co_await asio::async_write(c->socket, asio::buffer(kContinue.data(), kContinue.size()),
                                     asio::redirect_error(asio::use_awaitable, ec));
        }
        if (!ec && !c->timed_out) {
          co_await bhttp::async_read(c->socket, c->buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
        }
      }
      if (c->timed_out || ec) {
        const std::string_view method =
            parser.is_header_done() ? parser.get().method_string() : std::string_view{};
        int status = 400;
        std::string_view code = "bad_request";
        std::string_view message = "Yêu cầu HTTP không hợp lệ";
        if (c->timed_out) {
          status = 408;
          code = "request_timeout";
          message = "Yêu cầu không được gửi đến đủ trong thời gian cho phép";
        } else if (ec == bhttp::error::body_limit) {
          status = 413;
          code = "payload_too_large";
          message = "Nội dung gửi lên vượt quá giới hạn cho phép";
        } else if (ec == bhttp::error::header_limit) {
          status = 431;
          code = "header_too_large";
          message = "Phần đầu (header) của yêu cầu quá lớn";
        } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
                   ec == asio::error::eof || ec == asio::error::connection_reset ||
                   ec == asio::error::operation_aborted || ec == asio::error::broken_pipe) {
          break;  // the client went away: nobody to answer
        }
        const Response reply = error_response(status, code, message);
        Outgoing out{&reply, reply.body, true};
        record(core, method, kRouteUnmatched, status, started);
        const bool written = co_await write_response(c, out, false, false, false);
        if (written) {
          co_await linger_and_close(
              c, status == 408
                     ? std::min<Clock::duration>(core.linger_time, std::chrono::milliseconds(250))
                     : core.linger_time);
        }
        break;
      }

      // 3. The request as a plain value.
      auto& msg = parser.get();
      Request& req = c->request;
      req.method.assign(msg.method_string());
      req.target.assign(msg.target());
      req.headers.clear();
      for (const auto& field : msg) {
        std::string name(field.name_string());
        for (auto& ch : name) {
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
        }
        req.headers.emplace_back(std::move(name), std::string(field.value()));
      }
      req.body = std::move(msg.body());
      req.remote_address = c->remote;
      req.path_params.clear();
      req.route.clear();
      const bool http10 = msg.version() < 11;
      bool keep_alive = msg.keep_alive();
      const bool head_only = msg.method() == bhttp::verb::head;

      // 4. Route and run.
      Response response;
      Match match;
      Outgoing out{&response, {}, true};
      std::shared_ptr<const detail::StaticFile> file;
      std::string_view route = kRouteUnmatched;
      if (!split_target(req.target, req)) {
        response = error_response(400, "bad_request", "Đường dẫn yêu cầu không hợp lệ");
        keep_alive = false;
      } else if (core.statics && req.path.starts_with(kStaticPrefix)) {
        route = kRouteStatic;
        if (req.method != "GET" && req.method != "HEAD") {
          response = error_response(405, "method_not_allowed",
                                    "Phương thức không được hỗ trợ cho địa chỉ này");
          response.header("Allow", "GET, HEAD");
        } else if ((file = core.statics->find(
                        std::string_view(req.path).substr(kStaticPrefix.size())))) {
          out.dynamic = false;
          const auto inm = req.header("if-none-match");
          response.status = inm && detail::etag_matches(*inm, file->etag) ? 304 : 200;
          response.content_type = std::string(file->content_type);
          response.header("ETag", file->etag);
          response.header("Cache-Control", "public, max-age=3600");
          if (response.status == 200) out.body = file->content;
        } else {
          response = error_response(404, "not_found", "Không tìm thấy tệp");
        }
      } else {
        match = core.router.match(req.method, req.path);
        if (match.handler || match.async_handler) {
          route = match.pattern;
          req.route.assign(match.pattern);
          req.path_params = std::move(match.params);
          std::exception_ptr error;
          if (match.async_handler) {
            c->phase = Phase::handling;
            Reply reply;
            co_await async_run_handler(AsyncCall{match.async_handler, &req, &reply, &error, &core},
                                       asio::use_awaitable);
            if (!error) {
              try {
                response =
                    reply ? reply() : error_response(500, "internal", "Lỗi nội bộ của máy chủ");
              } catch (...) {
                error = std::current_exception();
              }
            }
          } else if (match.options.blocking) {
            c->phase = Phase::handling;
            co_await async_run_blocking(*core.pool,
                                        BlockingCall{match.handler, &req, &response, &error},
                                        asio::use_awaitable);
          } else {
            try {
              response = (*match.handler)(req);
            } catch (...) {
              error = std::current_exception();
            }
          }
          if (error) {
            const char* what = "unknown";
            try {
              std::rethrow_exception(error);
            } catch (const std::exception& e) {
              what = typeid(e).name();
            } catch (...) {
            }
            spdlog::error("http: handler for {} {} threw (exception type {})",
                          normalized_method(req.method), req.route, what);
            response = error_response(500, "internal", "Lỗi nội bộ của máy chủ");
          } else if (response.status < 100 || response.status > 599) {
            spdlog::error("http: handler for {} {} returned status {}",
                          normalized_method(req.method), req.route, response.status);
            response = error_response(500, "internal", "Lỗi nội bộ của máy chủ");
          }
        } else if (!match.allowed_methods.empty()) {
          response = error_response(405, "method_not_allowed",
                                    "Phương thức không được hỗ trợ cho địa chỉ này");
          std::string allow;
          for (const auto& m : match.allowed_methods) {
            if (!allow.empty()) allow += ", ";
            allow += m;
          }
          response.header("Allow", std::move(allow));
        } else {
          response = error_response(404, "not_found", "Không tìm thấy địa chỉ yêu cầu");
        }
      }
      if (!file) out.body = response.body_view();

      // 5. Answer.
      if (core.stopping()) keep_alive = false;
      ++c->requests_served;
      // Recorded before the write, so that a client that has its answer also sees it counted.
      record(core, req.method, route, response.status, started);
      const bool written = co_await write_response(c, out, keep_alive, http10, head_only);
      if (!written || !keep_alive) break;
    }
  } catch (const std::exception& e) {
    spdlog::error("http: connection failed: {}", e.what());
  }
  c->close();
}

asio::awaitable<void> accept_loop(Core* core) {
  for (;;) {
    error_code ec;
    Strand strand = asio::make_strand(*core->ioc);
    Socket socket = co_await core->acceptor->async_accept(
        strand, asio::redirect_error(asio::use_awaitable, ec));
    if (core->stopping() || !core->acceptor->is_open()) {
      error_code ignored;
      socket.close(ignored);
      co_return;
    }
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of descriptors or similar: back off rather than spin.
      spdlog::warn("http: accept failed: {}", ec.message());
      core->backoff_timer->expires_after(std::chrono::milliseconds(50));
      co_await core->backoff_timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (core->active.load() >= core->config.max_connections) {
      // Over the limit: a short 503 written without blocking, then close. Never queued.
      error_code ignored;
      socket.non_blocking(true, ignored);
      socket.write_some(asio::buffer(core->busy_response), ignored);
      socket.shutdown(tcp::socket::shutdown_send, ignored);
      char sink[4096];
      socket.read_some(asio::buffer(sink), ignored);  // what has arrived, so close sends FIN
      socket.close(ignored);
      core->metrics.observe_request(kRouteUnmatched, "other", 503, 0.0);
      continue;
    }
    core->active.fetch_add(1);
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(*core, std::move(socket));
    asio::co_spawn(strand, serve_connection(std::move(connection)), asio::detached);
  }
}

asio::awaitable<void> flush_loop(Core* core) {
  for (;;) {
    error_code ec;
    core->flush_timer->expires_after(std::chrono::seconds(1));
    co_await core->flush_timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (core->access_log) core->access_log->flush();
    if (ec || core->finished.load()) co_return;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct Server::Impl : Core {
  using Core::Core;
  bool ran = false;
};

Server::Server(ServerConfig config, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(config), router, metrics)) {}

Server::~Server() = default;

bool Server::listen(std::string& error) {
  Core& core = *impl_;
  if (core.acceptor && core.acceptor->is_open()) return true;
  error_code ec;
  auto address = asio::ip::make_address(core.config.host, ec);
  if (ec) {
    tcp::resolver resolver(*core.ioc);
    const auto results = resolver.resolve(core.config.host, "", ec);
    if (ec || results.empty()) {
      error = "không phân giải được địa chỉ " + core.config.host;
      return false;
    }
    address = results.begin()->endpoint().address();
  }
  const tcp::endpoint endpoint(address, core.config.port);
  core.acceptor.emplace(*core.accept_strand);
  core.acceptor->open(endpoint.protocol(), ec);
  if (!ec) core.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) core.acceptor->bind(endpoint, ec);
  if (!ec) core.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error = ec.message();
    error_code ignored;
    core.acceptor->close(ignored);
    return false;
  }
  core.bound_port = core.acceptor->local_endpoint(ec).port();
  return true;
}

unsigned short Server::port() const {
  return impl_->bound_port;
}

void Server::run() {
  Impl& core = *impl_;
  if (core.ran) return;  // one run per Server
  core.ran = true;
  if (!core.acceptor || !core.acceptor->is_open()) {
    std::string error;
    if (!listen(error)) {
      spdlog::error("http: cannot listen on {}:{}: {}", core.config.host, core.config.port, error);
      return;
    }
  }
  core.pool.emplace(static_cast<std::size_t>(core.config.blocking_threads));
  core.backoff_timer.emplace(*core.accept_strand);
  core.signals.emplace(*core.accept_strand, SIGINT, SIGTERM);
  core.signals->async_wait([&core](const error_code& ec, int signal_number) {
    if (ec) return;
    spdlog::info("http: received signal {}", signal_number);
    core.begin_shutdown();
  });
  asio::co_spawn(*core.accept_strand, accept_loop(&core), asio::detached);
  if (core.access_log) {
    core.flush_timer.emplace(*core.accept_strand);
    asio::co_spawn(*core.accept_strand, flush_loop(&core), asio::detached);
  }
  if (on_ready) on_ready();

  std::vector<std::thread> threads;
  for (int i = 1; i < core.config.io_threads; ++i) {
    threads.emplace_back([&core] { core.ioc->run(); });
  }
  core.ioc->run();
  for (auto& t : threads) t.join();

  // Whatever is still open after the grace period is closed now; no I/O thread runs any more.
  {
    std::lock_guard lock(core.registry_mutex);
    for (Connection* c : core.registry) {
      error_code ignored;
      c->socket.close(ignored);
    }
  }
  error_code ignored;
  if (core.acceptor) core.acceptor->close(ignored);
  core.pool->stop();
  core.pool->join();
  if (core.access_log) core.access_log->flush();
}

void Server::stop() {
  Core* core = impl_.get();
  asio::post(*core->ioc, [core] { core->begin_shutdown(); });
}

}  // namespace doithoai::http
