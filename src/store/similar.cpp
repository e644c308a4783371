#include "store/similar.hpp"

#include <algorithm>
#include <utility>

#include "search/minhash.hpp"

namespace doithoai::store {

namespace {

// Each step of a lookup is bounded: the newest kPerBucket matters of each of the 20 buckets; of
// those, the kCandidates sharing the most buckets have their signature read; only those whose
// MinHash estimate comes within kEstimateSlack of min_score are filtered.
constexpr int kPerBucket = 200;
constexpr int kCandidates = 64;
constexpr double kEstimateSlack = 0.15;  // 2.5 standard deviations of a 60-hash estimate at 0.3

}  // namespace

Expected<std::vector<SimilarMatter>> similar_matters(SearchStore& search, const std::string& text,
                                                     CandidateFilter filter, double min_score,
                                                     std::size_t checks) {
  const auto own = search::shingles(text);
  const auto signature = search::signature_of(own);
  filter.estimate = [&](const std::vector<std::uint32_t>& minima) {
    return search::estimate(signature.minima, minima);
  };
  filter.min_estimate = min_score - kEstimateSlack;
  // Only the candidates exact_best will check have their matter read: the same choice, by the
  // same estimate, made in the store.
  filter.best = static_cast<int>(checks);
  auto candidates = TRY(search.candidates(signature.buckets, filter, kPerBucket, kCandidates));
  std::vector<SimilarMatter> out;
  for (const auto& [i, score] : search::exact_best(
           own, signature.minima, candidates.size(),
           [&](std::size_t i) -> const std::vector<std::uint32_t>& { return candidates[i].minima; },
           [&](std::size_t i) {
             return search::shingles(
                 search::dedup_text(candidates[i].matter.title, candidates[i].matter.summary));
           },
           min_score, checks)) {
    out.push_back({std::move(candidates[i].matter), score});
  }
  std::sort(out.begin(), out.end(), [](const SimilarMatter& a, const SimilarMatter& b) {
    return a.score != b.score ? a.score > b.score : a.matter.id > b.matter.id;
  });
  return out;
}

}  // namespace doithoai::store
