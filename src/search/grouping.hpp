// Grouping a whole backlog into likely duplicates (doithoai dedup): MinHash/LSH candidates from
// the stored signatures, bounded so that the work stays near linear whatever the texts look
// like, then the exact Jaccard check on the shingle sets.
//
// Per band, the items are sorted by their bucket. A bucket of at most `max_bucket` items gives
// every pair. A larger one (boilerplate or templated texts: one common shingle holds the minimum
// of every hash in the band) is ordered by the rest of the signature, read from the next band
// on, and each member is paired with the next `window` members only: members agreeing on more
// minima sit closer, so near duplicates inside a huge bucket still meet, identical texts form a
// chain (one group), and the work is at most n × kBands × window pairs. Each band starts its
// order at another place of the signature, so a pair gets up to kBands chances.
//
// A pair goes on to the exact check only when its estimate (equal minima) reaches `threshold -
// margin`; with kHashes = 60 the estimate's standard deviation is at most 0.065, so a margin of
// 0.15 lets through 99% of the pairs exactly at the threshold. Bands are shared among threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace doithoai::search {

// The shingle sets of many texts in one block. Each set is sorted and holds the upper 32 bits of
// its shingle hashes: two different shingles of a pair agree there with odds of about one in
// four billion, so the Jaccard index over them is as good as exact, in half the memory.
class ShingleSets {
 public:
  void add(const std::vector<std::uint64_t>& shingles);
  void append(const ShingleSets& other);
  void reserve(std::size_t sets, std::size_t values) {
    offsets_.reserve(sets + 1);
    values_.reserve(values);
  }
  std::size_t values() const { return values_.size(); }
  std::size_t size() const { return offsets_.size() - 1; }
  std::span<const std::uint32_t> operator[](std::size_t i) const {
    return {values_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]};
  }
  // Hints for the cache: where set i's bounds, then its values, lie.
  void prefetch_bounds(std::size_t i) const { __builtin_prefetch(offsets_.data() + i); }
  void prefetch_values(std::size_t i) const {
    for (std::size_t k = offsets_[i]; k < offsets_[i + 1]; k += 16) {
      __builtin_prefetch(values_.data() + k);  // a cache line of 16 values
    }
  }

 private:
  std::vector<std::size_t> offsets_{0};
  std::vector<std::uint32_t> values_;
};

// |A ∩ B| / |A ∪ B| of two sets of ShingleSets (0 when both are empty).
double jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

// Shingles many texts on worker threads while the caller is still reading them: add() the texts
// in order, then finish() gives their sets in the same order.
class ParallelShingler {
 public:
  explicit ParallelShingler(unsigned threads = 0);  // 0: one per hardware thread
  ~ParallelShingler();
  ParallelShingler(const ParallelShingler&) = delete;
  ParallelShingler& operator=(const ParallelShingler&) = delete;

  void add(std::string text);
  ShingleSets finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct Pair {
  std::size_t a = 0, b = 0;  // indexes of the items
  double score = 0;
};

struct GroupingOptions {
  double threshold = 0.5;        // the exact Jaccard index a pair must reach
  double margin = 0.15;          // estimates down to threshold - margin are checked exactly
  std::size_t max_bucket = 256;  // buckets up to this size: every pair
  std::size_t window = 16;       // larger buckets: each member with its next `window` members
  unsigned threads = 0;          // 0: one per hardware thread
};

struct GroupingStats {
  std::uint64_t compared = 0;  // pairs whose estimate was computed
  std::uint64_t checked = 0;   // pairs checked exactly (a pair met in several bands counts again)
  std::size_t largest_bucket = 0;
  std::uint64_t windowed = 0;  // items that sat in buckets larger than max_bucket
};

// The pairs of items (a < b, each once, ascending) whose exact Jaccard index reaches the
// threshold, among the LSH candidates. `minima` holds kHashes values per item; `sets` one set
// per item (an item with an empty set pairs with nobody). `allowed(a, b)` may veto a pair and
// is called from several threads at once. `progress(done, total)` is called on the calling
// thread.
std::vector<Pair> similar_pairs(const std::vector<std::uint32_t>& minima, const ShingleSets& sets,
                                const GroupingOptions& options,
                                const std::function<bool(std::size_t, std::size_t)>& allowed = {},
                                const std::function<void(std::size_t, std::size_t)>& progress = {},
                                GroupingStats* stats = nullptr);

// The connected groups (two or more members) of n items linked by the pairs, each group's
// indexes ascending, groups by their first index.
std::vector<std::vector<std::size_t>> groups(std::size_t n, const std::vector<Pair>& pairs);

}  // namespace doithoai::search
