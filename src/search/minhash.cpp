#include "search/minhash.hpp"

#include <algorithm>
#include <array>
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

std::vector<std::uint64_t> Shingler::operator()(std::string_view text) {
  // text::words cuts at whitespace whatever surrounds it (no mark or composition crosses an
  // ASCII space or control), so the words of a text are the words of its tokens in turn.
  constexpr std::size_t kMaxTokens = std::size_t{1} << 18;
  if (words_.size() > kMaxTokens) words_.clear();
  sequence_.clear();
  const auto is_blank = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && is_blank(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_blank(text[i])) ++i;
    if (i == start) break;
    const std::string_view token = text.substr(start, i - start);
    auto it = words_.find(token);
    if (it == words_.end()) it = words_.emplace(std::string(token), text::words(token)).first;
    for (const auto& w : it->second) sequence_.emplace_back(w);
  }
  std::vector<std::uint64_t> out;
  if (sequence_.size() == 1) out.push_back(hash_bytes(sequence_[0]));
  out.reserve(sequence_.size());
  for (std::size_t i = 0; i + 1 < sequence_.size(); ++i) {
    pair_.assign(sequence_[i]).append(" ").append(sequence_[i + 1]);
    out.push_back(hash_bytes(pair_));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::int64_t bucket(const std::uint32_t* minima, std::size_t band) {
  std::uint64_t h = mix(band + 1);
  for (std::size_t r = 0; r < kRows; ++r) h = mix(h ^ minima[band * kRows + r]);
  return static_cast<std::int64_t>(h);
}

std::vector<std::int64_t> buckets(const std::vector<std::uint32_t>& minima) {
  std::vector<std::int64_t> out;
  if (minima.size() != kHashes) return out;
  out.reserve(kBands);
  for (std::size_t b = 0; b < kBands; ++b) out.push_back(bucket(minima.data(), b));
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

}  // namespace doithoai::search
