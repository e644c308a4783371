// What the search module keeps in the store: MinHash signatures with their LSH buckets, the text
// of matters for similarity and training, and the full-text index (kept in step by the
// database itself; see migration 3). Part of the backend-neutral Store (Store::search()); the
// algorithms live in src/search/, which never sees the store.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.hpp"
#include "domain/result.hpp"
#include "store/matters.hpp"

namespace doithoai::store {

// A matter's MinHash signature as search/minhash computes it.
struct MatterSignature {
  Id matter_id = 0;
  int scheme = 0;                     // which hashing made it (search::kScheme)
  std::vector<std::uint32_t> minima;  // one per hash function
  std::vector<std::int64_t> buckets;  // one per LSH band
  int shingles = 0;                   // how many distinct shingles the text had
};

// Computes a new matter's signature from its title and summary (the search module's MinHash,
// handed to the store by whoever wires the services, so the store needs no search code).
using MatterSigner =
    std::function<MatterSignature(const std::string& title, const std::string& summary)>;

// The words of a matter used for similarity and field suggestion.
struct MatterText {
  Id matter_id = 0;
  std::string title;
  std::string summary;  // the first submission's content, shortened
  std::string field_code;
  Kind kind = Kind::phan_anh;
  std::string unit_code;
  Status status = Status::received;
};

// Which matters count as possible duplicates: open ones, and those answered on or after
// `answered_since` (recently answered), in these units (empty: any), within the caller's scope.
struct CandidateFilter {
  std::vector<std::string> unit_codes;
  std::optional<Date> answered_since;
  std::vector<std::string> scope_units;  // both empty: no scope limit
  std::vector<std::string> scope_agencies;
  Id exclude = 0;
  // When set, the caller's estimate of the similarity from the MinHash minima: a candidate
  // estimated below min_estimate is dropped before anything else of it is read, so that only
  // likely duplicates cost a read of their matter.
  std::function<double(const std::vector<std::uint32_t>& minima)> estimate;
  double min_estimate = 0;
  // When above 0, only this many candidates are returned: of those passing the filter, the
  // highest by estimate (then in the candidates' order), the ones a caller checks exactly. The
  // filter is then decided from a narrow index and only these have their matter row read.
  int best = 0;
};

// A matter sharing at least one LSH bucket with the query, with its signature and text.
struct Candidate {
  Matter matter;
  std::vector<std::uint32_t> minima;
  int shared_buckets = 0;
};

// One matter of a backlog as scan_signatures hands it over: its signature and the text it was
// made from. The views and the minima are valid only during the call.
struct SignatureScanRow {
  Id matter_id = 0;
  std::string_view unit_code;
  const std::vector<std::uint32_t>* minima = nullptr;
  std::string_view title;
  std::string_view summary;
  std::uint64_t rows_read = 0;  // rows read so far, those not passing the filter included
};

class SearchStore {
 public:
  virtual ~SearchStore() = default;

  // Stores (or replaces) signatures and their buckets, in one unit of work.
  virtual Expected<void> save_signatures(const std::vector<MatterSignature>& signatures) = 0;
  virtual Expected<std::optional<MatterSignature>> signature(Id matter_id) = 0;
  // Matters sharing a bucket with `buckets` that pass the filter, most shared buckets first (then
  // those sharing a smaller bucket, then the newest). The work is bounded whatever the buckets
  // hold: the newest `per_bucket` matters of each bucket are read from the index, and of those
  // the first `limit` in that order have their signature read (and, when its estimate reaches
  // the filter's min_estimate, their matter); at most `limit` are returned (`filter.best` when
  // set), in that order.
  virtual Expected<std::vector<Candidate>> candidates(const std::vector<std::int64_t>& buckets,
                                                      const CandidateFilter& filter, int per_bucket,
                                                      int limit) = 0;
  // Every signed matter that passes the filter (unit_codes ignored), in id order, in one read
  // (one snapshot): `each` is called per matter; an error it returns stops the scan.
  virtual Expected<void> scan_signatures(
      const CandidateFilter& filter,
      const std::function<Expected<void>(const SignatureScanRow&)>& each) = 0;
  // Matter texts in id order after `after_id`: all matters (not merged), or only those with no
  // signature of `scheme`, or only classified ones (a field), at most `limit`.
  enum class TextSelection { all, unsigned_only, classified };
  virtual Expected<std::vector<MatterText>> texts_after(Id after_id, TextSelection selection,
                                                        int scheme, int limit) = 0;
  virtual Expected<std::vector<MatterText>> texts(const std::vector<Id>& ids) = 0;
  virtual Expected<std::int64_t> count_texts(TextSelection selection, int scheme) = 0;

  // One step of merging the similarity index's segments into one (FTS5's 'merge' with a
  // negative page count: all segments taken as one level, about `pages` pages written), as a
  // unit of work of its own, so that writes go on between steps. Every group commit adds a
  // segment and a lookup reads each of its 20 buckets in every segment; FTS5's own automerge
  // leaves a dozen or more. True when the step merged something (call it again), false when
  // the index is one segment.
  virtual Expected<bool> merge_similarity_index(int pages) = 0;

  // Rebuilds the full-text index from the matters, submissions and answers (an Event
  // "search.reindex"), and checks it against them.
  virtual Expected<void> rebuild_text_index(const Actor& actor) = 0;
  virtual Expected<bool> text_index_consistent() = 0;
  // How many changes to matters the search indexes do not hold yet (the index is kept beside
  // the database by a thread of its own; a few rounds behind under load, 0 when idle).
  virtual Expected<std::int64_t> index_lag() = 0;
  // Records a maintenance step (training, grouping) in the event log: counts and figures only.
  virtual Expected<void> record(const std::string& action, const std::string& after_json,
                                const Actor& actor) = 0;
};

}  // namespace doithoai::store
