// Near-duplicate detection: MinHash signatures over syllable shingles, LSH bands to find
// candidates without comparing every pair, and an exact Jaccard check on the shingle sets.
//
// A matter's text for this is its title and the start of what was written (dedup_text), folded
// (domain/text), cut into syllables; a shingle is two consecutive syllables. Two texts are as
// similar as the Jaccard index of their shingle sets. The signature keeps, for each of kHashes
// hash functions, the least hash of any shingle: the fraction of equal minima estimates the
// Jaccard index. Cut into kBands bands of kRows, two texts share at least one band with
// probability 1 - (1 - J^kRows)^kBands: 0.15 at J = 0.2, 0.73 at J = 0.4, 0.93 at J = 0.5,
// 0.9998 at J = 0.7.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace doithoai::search {

inline constexpr int kScheme = 1;  // bump when any hashing below changes
inline constexpr std::size_t kHashes = 60;
inline constexpr std::size_t kBands = 20;
inline constexpr std::size_t kRows = kHashes / kBands;
inline constexpr std::size_t kTextBytes = 300;  // how much of the content counts (as a summary)

// The text compared for duplicates: the title and the first kTextBytes of the content.
std::string dedup_text(std::string_view title, std::string_view content);

// The hashed shingles of a text, sorted and unique: syllable bigrams of its folded words (the
// word itself for a one-word text; none for a text without words).
std::vector<std::uint64_t> shingles(std::string_view text);

// shingles() over many texts: the folding of each whitespace-separated token is remembered, so
// a backlog with a small vocabulary is folded once per distinct token rather than once per
// text. Gives exactly what shingles() gives. One per thread (not thread-safe).
class Shingler {
 public:
  std::vector<std::uint64_t> operator()(std::string_view text);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>> words_;
  std::vector<std::string_view> sequence_;
  std::string pair_;
};

struct Signature {
  std::vector<std::uint32_t> minima;  // kHashes values
  std::vector<std::int64_t> buckets;  // kBands values; empty when there is no shingle
  int shingles = 0;
};

Signature signature(std::string_view text);
Signature signature_of(const std::vector<std::uint64_t>& shingles);
// The LSH buckets of a signature: one hash per band, the band's number mixed in.
std::vector<std::int64_t> buckets(const std::vector<std::uint32_t>& minima);
// The bucket of one band of kHashes minima (what buckets() gives for that band).
std::int64_t bucket(const std::uint32_t* minima, std::size_t band);

// The fraction of equal minima (0 when the sizes differ).
double estimate(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);
// |A ∩ B| / |A ∪ B| of two sorted, unique shingle sets (0 when both are empty).
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// ---- the duplicates of one text ----

// Of n candidates, the `checks` whose minima (minima_of(i)) estimate the highest similarity to
// `own_minima` (ties: the lower index) are checked exactly against `own` (the text's shingles;
// shingles_of(i) the candidate's); those reaching min_score are returned as (index, Jaccard
// index), in index order. The estimate ranks; only the few best are re-shingled.
std::vector<std::pair<std::size_t, double>> exact_best(
    const std::vector<std::uint64_t>& own, const std::vector<std::uint32_t>& own_minima,
    std::size_t n, const std::function<const std::vector<std::uint32_t>&(std::size_t)>& minima_of,
    const std::function<std::vector<std::uint64_t>(std::size_t)>& shingles_of, double min_score,
    std::size_t checks);

}  // namespace doithoai::search
