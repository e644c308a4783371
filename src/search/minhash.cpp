#include "search/minhash.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <tuple>
#include <utility>

#include "domain/text.hpp"

namespace doithoai::search {

namespace {

// splitmix64's finaliser: a fast, well-mixing 64-bit permutation.
constexpr std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t hash_bytes(std::string_view s) {
  std::uint64_t h = 0xCBF29CE484222325ULL;  // FNV-1a, then mixed
  for (const char ch : s) {
    h ^= static_cast<unsigned char>(ch);
    h *= 0x100000001B3ULL;
  }
  return mix(h);
}

constexpr std::array<std::uint64_t, kHashes> make_seeds() {
  std::array<std::uint64_t, kHashes> seeds{};
  std::uint64_t state = 0x646F6974686F6169ULL;  // "doithoai"
  for (auto& s : seeds) {
    state += 0x9E3779B97F4A7C15ULL;
    s = mix(state);
  }
  return seeds;
}
constexpr auto kSeeds = make_seeds();

}  // namespace

std::string dedup_text(std::string_view title, std::string_view content) {
  std::string out(title);
  out.push_back(' ');
  out.append(text::truncate_utf8(content, kTextBytes));
  return out;
}

std::vector<std::uint64_t> shingles(std::string_view text) {
  const auto words = text::words(text);
  std::vector<std::uint64_t> out;
  if (words.size() == 1) out.push_back(hash_bytes(words[0]));
  out.reserve(words.size());
  std::string pair;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    pair.assign(words[i]).append(" ").append(words[i + 1]);
    out.push_back(hash_bytes(pair));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::int64_t> buckets(const std::vector<std::uint32_t>& minima) {
  std::vector<std::int64_t> out;
  if (minima.size() != kHashes) return out;
  out.reserve(kBands);
  for (std::size_t b = 0; b < kBands; ++b) {
    std::uint64_t h = mix(b + 1);
    for (std::size_t r = 0; r < kRows; ++r) h = mix(h ^ minima[b * kRows + r]);
    out.push_back(static_cast<std::int64_t>(h));
  }
  return out;
}

Signature signature_of(const std::vector<std::uint64_t>& set) {
  Signature s;
  s.minima.assign(kHashes, 0xFFFFFFFFU);
  s.shingles = static_cast<int>(set.size());
  for (const std::uint64_t x : set) {
    for (std::size_t i = 0; i < kHashes; ++i) {
      const auto h = static_cast<std::uint32_t>(mix(x ^ kSeeds[i]) >> 32);
      s.minima[i] = std::min(s.minima[i], h);
    }
  }
  if (!set.empty()) s.buckets = buckets(s.minima);
  return s;
}

Signature signature(std::string_view text) {
  return signature_of(shingles(text));
}

double estimate(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.size() != b.size() || a.empty()) return 0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i] ? 1 : 0;
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::vector<std::pair<std::size_t, double>> exact_best(
    const std::vector<std::uint64_t>& own, const std::vector<std::uint32_t>& own_minima,
    std::size_t n, const std::function<const std::vector<std::uint32_t>&(std::size_t)>& minima_of,
    const std::function<std::vector<std::uint64_t>(std::size_t)>& shingles_of, double min_score,
    std::size_t checks) {
  std::vector<std::pair<double, std::size_t>> ranked;
  ranked.reserve(n);
  for (std::size_t i = 0; i < n; ++i) ranked.emplace_back(estimate(own_minima, minima_of(i)), i);
  const auto best = ranked.begin() + static_cast<std::ptrdiff_t>(std::min(checks, n));
  std::partial_sort(ranked.begin(), best, ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::pair<std::size_t, double>> out;
  for (auto it = ranked.begin(); it < best; ++it) {
    const double score = jaccard(own, shingles_of(it->second));
    if (score >= min_score) out.emplace_back(it->second, score);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Pair> candidate_pairs(const std::vector<std::vector<std::uint32_t>>& signatures,
                                  double min_estimate,
                                  const std::function<bool(std::size_t, std::size_t)>& allowed,
                                  std::size_t max_bucket,
                                  const std::function<void(std::size_t, std::size_t)>& progress) {
  // (bucket, item) for every band of every signature, sorted: equal buckets sit together.
  std::vector<std::pair<std::int64_t, std::uint32_t>> entries;
  entries.reserve(signatures.size() * kBands);
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    for (const auto b : buckets(signatures[i])) {
      entries.emplace_back(b, static_cast<std::uint32_t>(i));
    }
  }
  std::sort(entries.begin(), entries.end());
  std::vector<Pair> out;
  auto consider = [&](std::size_t a, std::size_t b) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    if (allowed && !allowed(a, b)) return;
    const double e = estimate(signatures[a], signatures[b]);
    if (e >= min_estimate) out.push_back({a, b, e});
  };
  constexpr std::size_t kPivots = 8;
  const std::size_t total = entries.size();
  std::size_t next_report = 0;
  for (std::size_t begin = 0; begin < total;) {
    std::size_t end = begin + 1;
    while (end < total && entries[end].first == entries[begin].first) ++end;
    const std::size_t size = end - begin;
    if (size > 1) {
      // Small buckets: every pair. Large ones: each member against a few pivots; linked items
      // still end up in one group, and the work stays linear in the bucket's size.
      const std::size_t pivots = size <= max_bucket ? size : kPivots;
      for (std::size_t i = 0; i < pivots; ++i) {
        for (std::size_t j = i + 1; j < size; ++j) {
          consider(entries[begin + i].second, entries[begin + j].second);
        }
      }
    }
    begin = end;
    if (progress && (begin >= next_report || begin == total)) {
      progress(begin, total);
      next_report = begin + total / 100 + 1;
    }
  }
  // The same pair found in several buckets: keep one.
  std::sort(out.begin(), out.end(),
            [](const Pair& x, const Pair& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Pair& x, const Pair& y) { return x.a == y.a && x.b == y.b; }),
            out.end());
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
