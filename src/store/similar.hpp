// The likely duplicates of a text, as the API's /similar and the staff matter page both ask for
// them: LSH candidates from the stored signatures (store::SearchStore::candidates), the MinHash
// estimate to choose the few whose matter is read, then the exact Jaccard index of their
// shingles (search::exact_best).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "store/search.hpp"

namespace doithoai::store {

struct SimilarMatter {
  Matter matter;
  double score = 0;  // the Jaccard index of the two texts' shingles
};

// The matters passing `filter` (units, scope, exclude, answered since; its estimate, min_estimate
// and best are set here) whose text shares at least `min_score` of its shingles with `text`, best
// first (then the newest). The `checks` best by estimate are checked exactly.
Expected<std::vector<SimilarMatter>> similar_matters(SearchStore& search, const std::string& text,
                                                     CandidateFilter filter, double min_score,
                                                     std::size_t checks);

}  // namespace doithoai::store
