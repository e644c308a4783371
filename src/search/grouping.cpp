#include "search/grouping.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>
#include <tuple>
#include <utility>

#include "search/minhash.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace doithoai::search {

namespace {

unsigned thread_count(unsigned wanted) {
  if (wanted > 0) return wanted;
  return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

// ---- shingle sets ----

void ShingleSets::add(const std::vector<std::uint64_t>& shingles) {
  const std::size_t start = values_.size();
  for (const auto h : shingles) values_.push_back(static_cast<std::uint32_t>(h >> 32));
  // Sorted 64-bit values give sorted upper halves; only equal halves remain to drop.
  values_.erase(std::unique(values_.begin() + static_cast<std::ptrdiff_t>(start), values_.end()),
                values_.end());
  offsets_.push_back(values_.size());
}

void ShingleSets::append(const ShingleSets& other) {
  const std::size_t base = values_.size();
  values_.insert(values_.end(), other.values_.begin(), other.values_.end());
  for (std::size_t i = 1; i < other.offsets_.size(); ++i) {
    offsets_.push_back(base + other.offsets_[i]);
  }
}

namespace {

// |A ∩ B| of two sorted sets without repeats; stops early, with some count below `need`, once
// `need` can no longer be reached. With SSE2 (every x86-64), four values of each at a time:
// each value of A's block is compared with every value of B's block (B rotated), then the
// block with the smaller last value moves on; the rest goes one by one.
std::size_t common_count(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b,
                         std::size_t need = 0) {
  std::size_t i = 0, j = 0, common = 0;
#if defined(__SSE2__)
  const std::size_t na = a.size() & ~std::size_t{3};
  const std::size_t nb = b.size() & ~std::size_t{3};
  while (i < na && j < nb) {
    const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.data() + i));
    const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data() + j));
    __m128i eq = _mm_cmpeq_epi32(va, vb);
    eq = _mm_or_si128(eq, _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(0, 3, 2, 1))));
    eq = _mm_or_si128(eq, _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(1, 0, 3, 2))));
    eq = _mm_or_si128(eq, _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(2, 1, 0, 3))));
    constexpr std::array<std::uint8_t, 16> kBits = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
    common += kBits[static_cast<std::size_t>(_mm_movemask_ps(_mm_castsi128_ps(eq)))];
    const std::uint32_t last_a = a[i + 3];
    const std::uint32_t last_b = b[j + 3];
    i += last_a <= last_b ? 4 : 0;
    j += last_b <= last_a ? 4 : 0;
    if (common + std::min(a.size() - i, b.size() - j) < need) return common;
  }
#endif
  while (i < a.size() && j < b.size()) {
    const std::uint32_t x = a[i];
    const std::uint32_t y = b[j];
    common += x == y ? 1 : 0;
    i += x <= y ? 1 : 0;
    j += y <= x ? 1 : 0;
  }
  return common;
}

}  // namespace

double jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  if (a.empty() && b.empty()) return 0;
  const std::size_t common = common_count(a, b);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

namespace {

// The Jaccard index of a and b when it may reach `threshold`, else 0 (or anything below it).
// J ≥ t means |A ∩ B| ≥ t (|A| + |B|) / (1 + t): the count stops once that is out of reach (one
// less, against rounding).
double jaccard_from(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b,
                    double threshold) {
  if (a.empty() && b.empty()) return 0;
  const double bound = threshold * static_cast<double>(a.size() + b.size()) / (1.0 + threshold);
  const auto need = static_cast<std::size_t>(std::max(0.0, std::ceil(bound) - 1.0));
  const std::size_t common = common_count(a, b, need);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

// ---- shingling on worker threads ----

struct ParallelShingler::State {
  static constexpr std::size_t kBatch = 2048;

  struct Batch {
    std::size_t number = 0;
    std::vector<std::string> texts;
  };

  std::mutex mu;
  std::condition_variable work;  // a batch is queued, or the input ended
  std::condition_variable room;  // a batch was taken
  std::deque<Batch> queue;
  std::vector<ShingleSets> results;
  Batch filling;
  std::size_t batches = 0;
  std::size_t max_queued = 4;
  bool closed = false;
  std::exception_ptr failure;
  std::vector<std::thread> workers;

  void run() {
    Shingler shingler;
    for (;;) {
      Batch batch;
      {
        std::unique_lock lock(mu);
        work.wait(lock, [&] { return !queue.empty() || closed; });
        if (queue.empty()) return;
        batch = std::move(queue.front());
        queue.pop_front();
      }
      room.notify_one();
      ShingleSets sets;
      try {
        for (const auto& t : batch.texts) sets.add(shingler(t));
      } catch (...) {
        const std::lock_guard lock(mu);
        if (!failure) failure = std::current_exception();
      }
      const std::lock_guard lock(mu);
      if (results.size() <= batch.number) results.resize(batch.number + 1);
      results[batch.number] = std::move(sets);
    }
  }

  void submit() {
    if (filling.texts.empty()) return;
    filling.number = batches++;
    {
      std::unique_lock lock(mu);
      room.wait(lock, [&] { return queue.size() < max_queued; });
      queue.push_back(std::move(filling));
    }
    work.notify_one();
    filling = Batch{};
    filling.texts.reserve(kBatch);
  }

  void close() {
    {
      const std::lock_guard lock(mu);
      closed = true;
    }
    work.notify_all();
    for (auto& t : workers) {
      if (t.joinable()) t.join();
    }
  }
};

ParallelShingler::ParallelShingler(unsigned threads) : state_(std::make_unique<State>()) {
  const unsigned n = thread_count(threads);
  state_->max_queued = 2 * static_cast<std::size_t>(n);
  state_->filling.texts.reserve(State::kBatch);
  for (unsigned i = 0; i < n; ++i) state_->workers.emplace_back([s = state_.get()] { s->run(); });
}

ParallelShingler::~ParallelShingler() {
  state_->close();
}

void ParallelShingler::add(std::string text) {
  state_->filling.texts.push_back(std::move(text));
  if (state_->filling.texts.size() >= State::kBatch) state_->submit();
}

ShingleSets ParallelShingler::finish() {
  state_->submit();
  state_->close();
  if (state_->failure) std::rethrow_exception(state_->failure);
  ShingleSets out;
  std::size_t sets = 0, values = 0;
  for (const auto& r : state_->results) {
    sets += r.size();
    values += r.values();
  }
  out.reserve(sets, values);
  for (auto& r : state_->results) {
    out.append(r);
    r = ShingleSets{};
  }
  return out;
}

// ---- candidates and the exact check ----

namespace {

struct Entry {
  std::uint64_t bucket = 0;
  std::uint64_t key = 0;  // the first two minima after the band, for the order in big buckets
  std::uint32_t item = 0;
};

// Each minimum's low byte: a quarter of the memory to read for the estimates. Two different
// minima share it once in 256 times, so the count of equal bytes is at most a few too high:
// that lets a few more pairs through to the exact check, which alone decides.
// An item's fingerprints fill one cache line of kPrint bytes, the rest zeros.
constexpr std::size_t kPrint = 64;
static_assert(kHashes <= kPrint && kPrint % 16 == 0);

std::vector<std::uint8_t> fingerprints(const std::vector<std::uint32_t>& minima) {
  const std::size_t n = minima.size() / kHashes;
  std::vector<std::uint8_t> out(n * kPrint, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t h = 0; h < kHashes; ++h) {
      out[i * kPrint + h] = static_cast<std::uint8_t>(minima[i * kHashes + h]);
    }
  }
  return out;
}

std::size_t equal_bytes(const std::uint8_t* a, const std::uint8_t* b) {
#if defined(__SSE2__)
  __m128i count = _mm_setzero_si128();  // per byte: how many of its four lanes were equal
  for (std::size_t k = 0; k < kPrint; k += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + k));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + k));
    count = _mm_sub_epi8(count, _mm_cmpeq_epi8(x, y));  // equal lanes are -1
  }
  const __m128i sums = _mm_sad_epu8(count, _mm_setzero_si128());
  const auto all = static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
                   static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  return all - (kPrint - kHashes);  // the zeros after the fingerprints are always equal
#else
  std::size_t n = 0;
  for (std::size_t i = 0; i < kHashes; ++i) n += a[i] == b[i] ? 1 : 0;
  return n;
#endif
}

template <typename T>
bool same_band(const T* a, const T* b, std::size_t band) {
  for (std::size_t r = band * kRows; r < (band + 1) * kRows; ++r) {
    if (a[r] != b[r]) return false;
  }
  return true;
}

// What the bands share: the input, and which items sat in a bucket small enough for every pair
// (per band), so that a later band can leave a pair that an earlier one has already checked.
struct Shared {
  const std::vector<std::uint32_t>& minima;
  std::vector<std::uint8_t> prints;  // fingerprints(minima)
  const ShingleSets& sets;
  const GroupingOptions& options;
  const std::function<bool(std::size_t, std::size_t)>& allowed;
  std::size_t min_equal = 0;
  std::vector<std::uint8_t> small;  // [item * kBands + band]
};

// One thread's share of a band: the buckets whose hash falls to it.
struct Worker {
  Shared& shared;
  std::vector<Entry> entries;
  std::vector<Pair> found;
  GroupingStats stats;

  // x and y: positions in the bucket.
  void consider(std::size_t band, const Entry* run, std::size_t x, std::size_t y) {
    ++stats.compared;
    std::uint32_t a = run[x].item;
    std::uint32_t b = run[y].item;
    const std::uint8_t* px = &shared.prints[std::size_t{a} * kPrint];
    const std::uint8_t* py = &shared.prints[std::size_t{b} * kPrint];
    if (equal_bytes(px, py) < shared.min_equal) return;
    for (std::size_t j = 0; j < band; ++j) {
      if (same_band(px, py, j) && shared.small[std::size_t{a} * kBands + j] != 0 &&
          same_band(&shared.minima[std::size_t{a} * kHashes],
                    &shared.minima[std::size_t{b} * kHashes], j)) {
        return;  // checked in band j
      }
    }
    if (a > b) std::swap(a, b);
    check(a, b);
  }

  // The exact checks wait in two short queues while their sets are fetched into the cache:
  // first the bounds of the two sets, then their values.
  static constexpr std::size_t kAhead = 8;
  std::array<std::pair<std::uint32_t, std::uint32_t>, kAhead> bounds_wanted{}, values_wanted{};
  std::size_t n_bounds = 0, n_values = 0;

  void check(std::uint32_t a, std::uint32_t b) {
    shared.sets.prefetch_bounds(a);
    shared.sets.prefetch_bounds(b);
    bounds_wanted[n_bounds++] = {a, b};
    if (n_bounds == kAhead) move_on();
  }

  void move_on() {
    if (n_values > 0) check_values();
    for (std::size_t i = 0; i < n_bounds; ++i) {
      shared.sets.prefetch_values(bounds_wanted[i].first);
      shared.sets.prefetch_values(bounds_wanted[i].second);
      values_wanted[i] = bounds_wanted[i];
    }
    n_values = n_bounds;
    n_bounds = 0;
  }

  void check_values() {
    for (std::size_t i = 0; i < n_values; ++i) {
      const auto [a, b] = values_wanted[i];
      if (shared.allowed && !shared.allowed(a, b)) continue;
      ++stats.checked;
      const double score = jaccard_from(shared.sets[a], shared.sets[b], shared.options.threshold);
      if (score >= shared.options.threshold) found.push_back({a, b, score});
    }
    n_values = 0;
  }

  void flush() {
    move_on();
    check_values();
  }

  // The pairs of the buckets in `entries` (this worker's part of the band); `advance(n)` is
  // told of every n items done.
  template <typename Advance>
  void band(std::size_t band, Advance&& advance) {
    const auto& minima = shared.minima;
    const auto& o = shared.options;
    std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
      return std::tie(x.bucket, x.key, x.item) < std::tie(y.bucket, y.key, y.item);
    });
    // Ties on the key: the rest of the signature decides, read on cyclically.
    const std::size_t first = ((band + 1) * kRows) % kHashes;
    std::array<std::size_t, kHashes - 2> rest{};
    for (std::size_t h = 0; h < rest.size(); ++h) rest[h] = (first + 2 + h) % kHashes;
    const auto by_rest = [&](const Entry& x, const Entry& y) {
      const std::uint32_t* mx = &minima[std::size_t{x.item} * kHashes];
      const std::uint32_t* my = &minima[std::size_t{y.item} * kHashes];
      for (const std::size_t p : rest) {
        if (mx[p] != my[p]) return mx[p] < my[p];
      }
      return x.item < y.item;
    };
    auto& small = shared.small;
    const std::size_t total = entries.size();
    for (std::size_t begin = 0; begin < total;) {
      std::size_t end = begin + 1;
      while (end < total && entries[end].bucket == entries[begin].bucket) ++end;
      const std::size_t size = end - begin;
      stats.largest_bucket = std::max(stats.largest_bucket, size);
      const bool all_pairs = size <= o.max_bucket;
      if (!all_pairs) {
        stats.windowed += size;
        for (std::size_t s = begin; s < end;) {
          std::size_t t = s + 1;
          while (t < end && entries[t].key == entries[s].key) ++t;
          if (t - s > 2) {
            std::sort(entries.begin() + static_cast<std::ptrdiff_t>(s),
                      entries.begin() + static_cast<std::ptrdiff_t>(t), by_rest);
          }
          s = t;
        }
      }
      if (size > 1) {
        // A bucket's signatures stay in the cache while it is worked through (at most
        // max_bucket of them at once, or a sliding window), so they are read where they lie.
        const Entry* run = &entries[begin];
        // The fingerprints are fetched a little ahead of their first use.
        constexpr std::size_t kAheadItems = 32;
        const auto fetch = [&](std::size_t k) {
          if (k < size) __builtin_prefetch(&shared.prints[std::size_t{run[k].item} * kPrint]);
        };
        for (std::size_t k = 0; k < kAheadItems; ++k) fetch(k);
        for (std::size_t i = 0; i < size; ++i) {
          fetch(i + kAheadItems);
          const std::size_t last = all_pairs ? size : std::min(size, i + 1 + o.window);
          for (std::size_t j = i + 1; j < last; ++j) consider(band, run, i, j);
        }
      }
      if (all_pairs) {
        for (std::size_t i = begin; i < end; ++i)
          small[std::size_t{entries[i].item} * kBands + band] = 1;
      }
      advance(size);
      begin = end;
    }
    flush();
  }
};

}  // namespace

std::vector<Pair> similar_pairs(const std::vector<std::uint32_t>& minima, const ShingleSets& sets,
                                const GroupingOptions& options,
                                const std::function<bool(std::size_t, std::size_t)>& allowed,
                                const std::function<void(std::size_t, std::size_t)>& progress,
                                GroupingStats* stats) {
  const std::size_t n = std::min(sets.size(), minima.size() / kHashes);
  std::vector<std::uint32_t> items;
  for (std::size_t i = 0; i < n; ++i) {
    if (!sets[i].empty()) items.push_back(static_cast<std::uint32_t>(i));
  }
  const std::size_t total = items.size() * kBands;
  const double lowest = std::max(0.0, options.threshold - options.margin);
  Shared shared{minima,
                fingerprints(minima),
                sets,
                options,
                allowed,
                static_cast<std::size_t>(std::ceil(lowest * static_cast<double>(kHashes) - 1e-9)),
                std::vector<std::uint8_t>(n * kBands, 0)};

  const unsigned threads = thread_count(options.threads);
  std::vector<Worker> workers;
  workers.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) workers.push_back(Worker{shared, {}, {}, {}});
  std::atomic<std::size_t> done{0};
  std::size_t next_report = 0;
  std::mutex failure_mu;
  std::exception_ptr failure;
  for (std::size_t band = 0; band < kBands && !failure; ++band) {
    // Each bucket goes whole to one worker, by its hash.
    for (auto& w : workers) w.entries.clear();
    const std::size_t first = ((band + 1) * kRows) % kHashes;
    for (const std::uint32_t i : items) {
      const std::uint32_t* m = &minima[std::size_t{i} * kHashes];
      const auto b = static_cast<std::uint64_t>(bucket(m, band));
      workers[b % threads].entries.push_back(
          Entry{b, (std::uint64_t{m[first]} << 32) | m[(first + 1) % kHashes], i});
    }
    const auto work = [&](Worker& w, bool report) {
      try {
        std::size_t pending = 0;
        w.band(band, [&](std::size_t k) {
          pending += k;
          if (pending < 4096) return;
          const std::size_t now = done += pending;
          pending = 0;
          if (report && progress && now >= next_report) {
            progress(now, total);
            next_report = now + total / 200 + 1;
          }
        });
        done += pending;
      } catch (...) {
        const std::lock_guard lock(failure_mu);
        if (!failure) failure = std::current_exception();
      }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(work, std::ref(workers[t]), false);
    work(workers[0], true);
    for (auto& h : helpers) h.join();
  }
  if (failure) std::rethrow_exception(failure);
  if (progress) progress(total, total);

  std::vector<Pair> out;
  GroupingStats sum;
  for (auto& w : workers) {
    out.insert(out.end(), w.found.begin(), w.found.end());
    sum.compared += w.stats.compared;
    sum.checked += w.stats.checked;
    sum.windowed += w.stats.windowed;
    sum.largest_bucket = std::max(sum.largest_bucket, w.stats.largest_bucket);
  }
  // A pair met again in a big bucket of another band: keep one.
  std::sort(out.begin(), out.end(),
            [](const Pair& x, const Pair& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Pair& x, const Pair& y) { return x.a == y.a && x.b == y.b; }),
            out.end());
  if (stats != nullptr) *stats = sum;
  return out;
}

std::vector<std::vector<std::size_t>> groups(std::size_t n, const std::vector<Pair>& pairs) {
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (const auto& p : pairs) {
    const auto ra = find(p.a);
    const auto rb = find(p.b);
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::vector<std::vector<std::size_t>> by_root(n);
  for (std::size_t i = 0; i < n; ++i) by_root[find(i)].push_back(i);
  std::vector<std::vector<std::size_t>> out;
  for (auto& g : by_root) {
    if (g.size() > 1) out.push_back(std::move(g));
  }
  return out;
}

}  // namespace doithoai::search
