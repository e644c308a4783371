// Lock-free on the request path: each route gets a slot at first use (under a mutex), and each
// thread caches route -> slot in a thread-local map. A slot holds a few cache-line-aligned
// shards of atomic counters (a thread always uses the same shard), so two I/O threads rarely
// touch the same cache line. render() sums the shards.
#include "http/metrics.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

namespace doithoai::http {

namespace {

constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10};
constexpr std::array<const char*, 14> kBucketLabels = {"0.0005", "0.001", "0.0025", "0.005", "0.01",
                                                       "0.025",  "0.05",  "0.1",    "0.25",  "0.5",
                                                       "1",      "2.5",   "5",      "10"};
constexpr std::size_t kShards = 4;
constexpr std::size_t kStatusSlots = 32;  // distinct (method, status) pairs per route and shard
constexpr std::size_t kMaxRoutes = 1000;  // beyond this, new routes are counted as "other"

constexpr std::array<std::string_view, 8> kMethods = {"GET",    "HEAD",  "POST",    "PUT",
                                                      "DELETE", "PATCH", "OPTIONS", "other"};

std::size_t method_index(std::string_view method) {
  for (std::size_t i = 0; i + 1 < kMethods.size(); ++i) {
    if (kMethods[i] == method) return i;
  }
  return kMethods.size() - 1;
}

std::size_t bucket_index(double seconds) {
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  return i;  // kBuckets.size() is +Inf
}

std::uint64_t to_nanos(double seconds) {
  if (!(seconds > 0)) return 0;
  if (seconds > 1e9) return static_cast<std::uint64_t>(1e18);
  return static_cast<std::uint64_t>(seconds * 1e9);
}

std::size_t this_thread_shard() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t shard = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return shard;
}

struct Histogram {
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> counts{};  // not cumulative
  std::atomic<std::uint64_t> sum_nanos{0};

  void observe(double seconds) {
    counts[bucket_index(seconds)].fetch_add(1, std::memory_order_relaxed);
    sum_nanos.fetch_add(to_nanos(seconds), std::memory_order_relaxed);
  }
};

struct alignas(64) Shard {
  Histogram latency;
  // key: (method index << 16) | status, 0 = free; claimed once with a CAS, never released.
  std::array<std::atomic<std::uint32_t>, kStatusSlots> keys{};
  std::array<std::atomic<std::uint64_t>, kStatusSlots> counts{};

  bool count(std::uint32_t key) {
    for (std::size_t i = 0; i < kStatusSlots; ++i) {
      std::uint32_t k = keys[i].load(std::memory_order_acquire);
      if (k == 0) {
        std::uint32_t expected = 0;
        if (keys[i].compare_exchange_strong(expected, key, std::memory_order_acq_rel)) {
          k = key;
        } else {
          k = expected;
        }
      }
      if (k == key) {
        counts[i].fetch_add(1, std::memory_order_relaxed);
        return true;
      }
    }
    return false;
  }
};

struct RouteSlot {
  std::array<Shard, kShards> shards;
  std::mutex overflow_mutex;  // more than kStatusSlots distinct pairs: rare
  std::map<std::uint32_t, std::uint64_t> overflow;

  void observe(std::size_t method, int status, double seconds) {
    Shard& shard = shards[this_thread_shard()];
    shard.latency.observe(seconds);
    const auto clamped = static_cast<std::uint32_t>(std::clamp(status, 0, 999));
    const std::uint32_t key = (static_cast<std::uint32_t>(method + 1) << 16) | clamped;
    if (!shard.count(key)) {
      std::lock_guard lock(overflow_mutex);
      ++overflow[key];
    }
  }
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

using SlotCache = std::unordered_map<std::string, RouteSlot*, StringHash, std::equal_to<>>;

std::atomic<std::uint64_t> next_instance_id{1};

void append_double(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_label_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

void render_histogram(std::string& out, std::string_view name, std::string_view labels,
                      const std::array<std::uint64_t, kBuckets.size() + 1>& counts,
                      std::uint64_t sum_nanos) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
    cumulative += counts[i];
    out += name;
    out += "_bucket{";
    out += labels;
    if (!labels.empty()) out += ',';
    out += "le=\"";
    out += i < kBuckets.size() ? kBucketLabels[i] : "+Inf";
    out += "\"} ";
    append_uint(out, cumulative);
    out += '\n';
  }
  const auto suffix_labels = [&] {
    if (!labels.empty()) {
      out += '{';
      out += labels;
      out += '}';
    }
  };
  out += name;
  out += "_sum";
  suffix_labels();
  out += ' ';
  append_double(out, static_cast<double>(sum_nanos) / 1e9);
  out += '\n';
  out += name;
  out += "_count";
  suffix_labels();
  out += ' ';
  append_uint(out, cumulative);
  out += '\n';
}

}  // namespace

struct Metrics::Impl {
  const std::uint64_t id = next_instance_id.fetch_add(1);
  mutable std::shared_mutex mutex;  // guards `routes` (the map, not the slots)
  std::map<std::string, std::unique_ptr<RouteSlot>, std::less<>> routes;

  Histogram commit_latency;
  std::atomic<std::uint64_t> commit_units{0};
  std::atomic<std::int64_t> connections{0};

  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };
  std::mutex gauges_mutex;
  std::vector<Gauge> gauges;

  RouteSlot& slot(std::string_view route) {
    // One cache per thread, for the last Metrics instance it served (ids are never reused).
    thread_local std::uint64_t cache_owner = 0;
    thread_local SlotCache cache;
    if (cache_owner != id) {
      cache.clear();
      cache_owner = id;
    }
    if (const auto it = cache.find(route); it != cache.end()) return *it->second;
    RouteSlot* found = nullptr;
    {
      std::shared_lock lock(mutex);
      if (const auto it = routes.find(route); it != routes.end()) found = it->second.get();
    }
    if (!found) {
      std::unique_lock lock(mutex);
      auto it = routes.find(route);
      if (it == routes.end()) {
        const std::string_view name = routes.size() >= kMaxRoutes ? "other" : route;
        it = routes.find(name);
        if (it == routes.end()) {
          it = routes.emplace(std::string(name), std::make_unique<RouteSlot>()).first;
        }
      }
      found = it->second.get();
    }
    cache.emplace(std::string(route), found);
    return *found;
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::observe_request(std::string_view route, std::string_view method, int status,
                              double seconds) {
  impl_->slot(route).observe(method_index(method), status, seconds);
}

void Metrics::observe_commit(double seconds, int units) {
  impl_->commit_latency.observe(seconds);
  if (units > 0) impl_->commit_units.fetch_add(static_cast<std::uint64_t>(units));
}

void Metrics::connection_opened() {
  impl_->connections.fetch_add(1);
}
void Metrics::connection_closed() {
  impl_->connections.fetch_sub(1);
}

std::string Metrics::render() const {
  struct Snapshot {
    std::string labels;  // route="..."
    std::map<std::uint32_t, std::uint64_t> counts;
    std::array<std::uint64_t, kBuckets.size() + 1> buckets{};
    std::uint64_t sum_nanos = 0;
  };
  std::vector<Snapshot> snapshots;
  {
    std::shared_lock lock(impl_->mutex);
    snapshots.reserve(impl_->routes.size());
    for (const auto& [route, slot] : impl_->routes) {
      Snapshot s;
      s.labels = "route=\"";
      append_label_value(s.labels, route);
      s.labels += '"';
      for (const auto& shard : slot->shards) {
        for (std::size_t i = 0; i < s.buckets.size(); ++i) {
          s.buckets[i] += shard.latency.counts[i].load(std::memory_order_relaxed);
        }
        s.sum_nanos += shard.latency.sum_nanos.load(std::memory_order_relaxed);
        for (std::size_t i = 0; i < kStatusSlots; ++i) {
          const auto key = shard.keys[i].load(std::memory_order_acquire);
          if (key == 0) break;
          s.counts[key] += shard.counts[i].load(std::memory_order_relaxed);
        }
      }
      {
        std::lock_guard overflow_lock(slot->overflow_mutex);
        for (const auto& [key, n] : slot->overflow) s.counts[key] += n;
      }
      snapshots.push_back(std::move(s));
    }
  }

  std::string out;
  out.reserve(1024 + snapshots.size() * 2048);
  out +=
      "# HELP doithoai_http_requests_total HTTP requests by route pattern, method and status.\n"
      "# TYPE doithoai_http_requests_total counter\n";
  for (const auto& s : snapshots) {
    for (const auto& [key, n] : s.counts) {
      out += "doithoai_http_requests_total{";
      out += s.labels;
      out += ",method=\"";
      out += kMethods[(key >> 16) - 1];
      out += "\",status=\"";
      append_uint(out, key & 0xFFFF);
      out += "\"} ";
      append_uint(out, n);
      out += '\n';
    }
  }
  out +=
      "# HELP doithoai_http_request_duration_seconds Time to answer an HTTP request, by route "
      "pattern.\n"
      "# TYPE doithoai_http_request_duration_seconds histogram\n";
  for (const auto& s : snapshots) {
    render_histogram(out, "doithoai_http_request_duration_seconds", s.labels, s.buckets,
                     s.sum_nanos);
  }

  std::array<std::uint64_t, kBuckets.size() + 1> commit{};
  for (std::size_t i = 0; i < commit.size(); ++i) {
    commit[i] = impl_->commit_latency.counts[i].load(std::memory_order_relaxed);
  }
  out +=
      "# HELP doithoai_db_commit_duration_seconds Time to commit one database transaction "
      "(a batch of units of work).\n"
      "# TYPE doithoai_db_commit_duration_seconds histogram\n";
  render_histogram(out, "doithoai_db_commit_duration_seconds", {}, commit,
                   impl_->commit_latency.sum_nanos.load(std::memory_order_relaxed));
  out +=
      "# HELP doithoai_db_commit_units_total Units of work committed (sum of batch sizes).\n"
      "# TYPE doithoai_db_commit_units_total counter\n"
      "doithoai_db_commit_units_total ";
  append_uint(out, impl_->commit_units.load(std::memory_order_relaxed));
  out +=
      "\n# HELP doithoai_http_connections_open Open HTTP connections.\n"
      "# TYPE doithoai_http_connections_open gauge\n"
      "doithoai_http_connections_open ";
  out += std::to_string(impl_->connections.load(std::memory_order_relaxed));
  out += '\n';
  std::lock_guard lock(impl_->gauges_mutex);
  for (const auto& g : impl_->gauges) {
    const double value = g.read();
    out.append("# HELP ").append(g.name).append(" ").append(g.help).append("\n# TYPE ");
    out.append(g.name).append(" gauge\n").append(g.name).append(" ");
    if (std::isnan(value)) {
      out += "NaN";  // to_chars would write "nan", which the format does not know
    } else {
      append_double(out, value);
    }
    out += '\n';
  }
  return out;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(impl_->gauges_mutex);
  impl_->gauges.push_back({std::move(name), std::move(help), std::move(read)});
}

}  // namespace doithoai::http
