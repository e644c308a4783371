// The SQLite SearchStore: signatures and LSH buckets (matter_signatures, and matter_lsh: an
// FTS5 index of each signature's buckets written as hex words, in the search index file kept by
// search_index.hpp), matter texts for similarity and training, and the upkeep of both indexes.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string_view>
#include <unordered_set>

#include "store/sqlite/access.hpp"
#include "store/sqlite/matter_ops.hpp"
#include "store/sqlite/ops.hpp"
#include "store/sqlite/search.hpp"

namespace doithoai::store::sqlite {

namespace {

std::string encode(const std::vector<std::uint32_t>& minima) {
  std::string out(minima.size() * 4, '\0');
  for (std::size_t i = 0; i < minima.size(); ++i) {
    for (int b = 0; b < 4; ++b) {
      out[i * 4 + static_cast<std::size_t>(b)] = static_cast<char>((minima[i] >> (8 * b)) & 0xFF);
    }
  }
  return out;
}

// Little-endian 4-byte minima, into `out` (reused: no allocation once it has grown).
void decode_into(std::string_view blob, std::vector<std::uint32_t>& out) {
  out.resize(blob.size() / 4);
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
  for (std::size_t i = 0; i < out.size(); ++i, p += 4) {
    out[i] = std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
             (std::uint32_t{p[3]} << 24);
  }
}

std::vector<std::uint32_t> decode(std::string_view blob) {
  std::vector<std::uint32_t> out;
  decode_into(blob, out);
  return out;
}

bool open_status(Status s) {
  switch (s) {
    case Status::received:
    case Status::classified:
    case Status::assigned:
    case Status::accepted:
    case Status::forwarded_up:
    case Status::reopened:
      return true;
    default:
      return false;
  }
}

bool answered_status(Status s) {
  return s == Status::answered || s == Status::published || s == Status::closed;
}

// What the filter says of a matter from its status, unit and agency (the columns of the index
// matters_search_filter): no, yes, or, for an answered matter when the filter wants recent
// answers, yes if its answered_on (on the matter's row) is recent enough.
enum class Pass { no, yes, if_recent };

Pass passes_columns(const CandidateFilter& f, Status status, std::string_view unit,
                    std::string_view agency, const std::unordered_set<std::string>& units,
                    const std::unordered_set<std::string>& scope_units,
                    const std::unordered_set<std::string>& scope_agencies) {
  if (status == Status::merged) return Pass::no;
  Pass out = Pass::yes;
  if (f.answered_since && !open_status(status)) {
    if (!answered_status(status)) return Pass::no;
    out = Pass::if_recent;
  }
  if (!units.empty() && units.count(std::string(unit)) == 0) return Pass::no;
  if (!scope_units.empty() || !scope_agencies.empty()) {
    if (scope_units.count(std::string(unit)) == 0 &&
        (agency.empty() || scope_agencies.count(std::string(agency)) == 0))
      return Pass::no;
  }
  return out;
}

bool recent_enough(const CandidateFilter& f, const std::optional<Date>& answered_on) {
  return f.answered_since && answered_on && !(*answered_on < *f.answered_since);
}

// Whether a matter may be proposed as a duplicate under the filter.
bool passes(const CandidateFilter& f, Status status, const std::optional<Date>& answered_on,
            std::string_view unit, std::string_view agency,
            const std::unordered_set<std::string>& units,
            const std::unordered_set<std::string>& scope_units,
            const std::unordered_set<std::string>& scope_agencies) {
  switch (passes_columns(f, status, unit, agency, units, scope_units, scope_agencies)) {
    case Pass::no:
      return false;
    case Pass::yes:
      return true;
    case Pass::if_recent:
      return recent_enough(f, answered_on);
  }
  return false;
}

struct FilterSets {
  explicit FilterSets(const CandidateFilter& f)
      : units(f.unit_codes.begin(), f.unit_codes.end()),
        scope_units(f.scope_units.begin(), f.scope_units.end()),
        scope_agencies(f.scope_agencies.begin(), f.scope_agencies.end()) {}
  std::unordered_set<std::string> units, scope_units, scope_agencies;
};

Error bad_code(std::string_view what, const std::string& value) {
  return internal_error(std::string("Giá trị không hợp lệ trong cơ sở dữ liệu (")
                            .append(what)
                            .append("): ")
                            .append(value));
}

constexpr std::string_view kTextColumns =
    "id, title, summary, coalesce(field_code, ''), kind, unit_code, status";

Expected<MatterText> text_row(const Statement& q) {
  MatterText t;
  t.matter_id = q.int64(0);
  t.title = q.text(1);
  t.summary = q.text(2);
  t.field_code = q.text(3);
  const auto kind = parse_kind(q.text(4));
  if (!kind) return bad_code("kind", q.text(4));
  t.kind = *kind;
  t.unit_code = q.text(5);
  const auto status = parse_status(q.text(6));
  if (!status) return bad_code("status", q.text(6));
  t.status = *status;
  return t;
}

std::string selection_where(SearchStore::TextSelection selection) {
  switch (selection) {
    case SearchStore::TextSelection::all:
      return " WHERE id > ?1 AND status <> 'merged' AND ?2 = ?2";
    case SearchStore::TextSelection::unsigned_only:
      return " WHERE id > ?1 AND NOT EXISTS (SELECT 1 FROM matter_signatures s "
             "WHERE s.matter_id = matters.id AND s.scheme = ?2)";
    case SearchStore::TextSelection::classified:
      return " WHERE id > ?1 AND status <> 'merged' AND field_code IS NOT NULL AND ?2 = ?2";
  }
  return " WHERE 0";
}

// A bucket as the word the FTS5 index holds: 16 lower-case hex digits of its 64 bits (the same
// as SQLite's printf('%016x'), which migration 6 used).
std::string bucket_word(std::int64_t bucket) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(static_cast<std::uint64_t>(bucket)));
  return std::string(buf, 16);
}

std::string bucket_words(const std::vector<std::int64_t>& buckets) {
  std::string out;
  out.reserve(buckets.size() * 17);
  for (const auto b : buckets) {
    if (!out.empty()) out += ' ';
    out += bucket_word(b);
  }
  return out;
}

std::vector<std::int64_t> buckets_of(std::string_view words) {
  std::vector<std::int64_t> out;
  std::size_t i = 0;
  while (i < words.size()) {
    const auto end = std::min(words.find(' ', i), words.size());
    out.push_back(
        static_cast<std::int64_t>(std::stoull(std::string(words.substr(i, end - i)), nullptr, 16)));
    i = end + 1;
  }
  return out;
}

}  // namespace

Expected<void> save_signature(Connection& c, const MatterSignature& s) {
  auto q = TRY(c.cached(
      "INSERT INTO matter_signatures (matter_id, scheme, minima, shingles, lsh) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (matter_id) DO UPDATE SET scheme = excluded.scheme, "
      "minima = excluded.minima, shingles = excluded.shingles, lsh = excluded.lsh"));
  const std::string blob = encode(s.minima);
  q->bind_all(s.matter_id, s.scheme, Blob{blob}, s.shingles, bucket_words(s.buckets));
  return q->run();
}

namespace {

class SqliteSearchStore final : public SearchStore {
 public:
  SqliteSearchStore(ReaderPool& readers, Writer& writer, SearchIndexer& indexer)
      : readers_(readers), writer_(writer), indexer_(indexer) {}

  Expected<void> save_signatures(const std::vector<MatterSignature>& signatures) override {
    return writer_.submit([&](Connection& c) -> Expected<void> {
      for (const auto& s : signatures) TRY(save_signature(c, s));
      return {};
    });
  }

  Expected<std::optional<MatterSignature>> signature(Id matter_id) override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<std::optional<MatterSignature>> {
      auto q = TRY(c.cached(
          "SELECT scheme, minima, shingles, lsh FROM matter_signatures WHERE matter_id = ?"));
      q->bind(1, matter_id);
      if (!TRY(q->step())) return std::optional<MatterSignature>{};
      MatterSignature s;
      s.matter_id = matter_id;
      s.scheme = q->int32(0);
      s.minima = decode(q->blob(1));
      s.shingles = q->int32(2);
      s.buckets = buckets_of(q->text(3));
      return std::optional<MatterSignature>{std::move(s)};
    });
  }

  Expected<std::vector<Candidate>> candidates(const std::vector<std::int64_t>& buckets,
                                              const CandidateFilter& filter, int per_bucket,
                                              int limit) override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<std::vector<Candidate>> {
      TRY(wait_until_indexed(c));
      // Per matter over the buckets, each bucket's newest matters read from the index: how many
      // buckets it shares, and the size of the smallest (a bucket read to its end is as big as
      // what was read; one cut at per_bucket counts as per_bucket).
      struct Hits {
        int buckets = 0;
        int smallest = 0;
      };
      struct Ranked {
        Hits hits;
        Id id;
      };
      // Every (matter, bucket size) read, sorted by matter: a run per matter. (A sort of a few
      // thousand pairs costs less than a hash map's allocation per matter.)
      std::vector<std::pair<Id, int>> postings;
      postings.reserve(buckets.size() * static_cast<std::size_t>(std::max(per_bucket, 0)));
      {
        auto q = TRY(
            c.cached("SELECT rowid FROM matter_lsh WHERE matter_lsh MATCH ? ORDER BY rowid DESC "
                     "LIMIT ?"));
        std::vector<Id> members;
        for (const auto b : buckets) {
          members.clear();
          q->bind_all('"' + bucket_word(b) + '"', per_bucket);
          while (TRY(q->step())) members.push_back(q->int64(0));
          q->reset();
          const int size = static_cast<int>(members.size());
          for (const Id id : members) {
            if (id != filter.exclude) postings.emplace_back(id, size);
          }
        }
      }
      std::sort(postings.begin(), postings.end());
      // The `limit` sharing the most buckets are read; among equals, those sharing a smaller
      // bucket first (a band few matters share says more than boilerplate text everybody
      // writes), then the newest.
      std::vector<Ranked> order;
      for (std::size_t i = 0; i < postings.size();) {
        Ranked r{{0, postings[i].second}, postings[i].first};
        for (; i < postings.size() && postings[i].first == r.id; ++i) {
          ++r.hits.buckets;
          r.hits.smallest = std::min(r.hits.smallest, postings[i].second);
        }
        order.push_back(r);
      }
      const auto before = [](const Ranked& a, const Ranked& b) {
        if (a.hits.buckets != b.hits.buckets) return a.hits.buckets > b.hits.buckets;
        if (a.hits.smallest != b.hits.smallest) return a.hits.smallest < b.hits.smallest;
        return a.id > b.id;
      };
      const auto checked =
          order.begin() + std::min<std::ptrdiff_t>(std::max(0, limit), std::ssize(order));
      std::partial_sort(order.begin(), checked, order.end(), before);
      const FilterSets sets(filter);
      // Each candidate's signature; those whose estimate falls short are dropped here.
      struct Read {
        Candidate cand;
        double estimate = 0;
      };
      std::vector<Read> read;
      {
        auto sig = TRY(c.cached("SELECT minima FROM matter_signatures WHERE matter_id = ?"));
        for (auto it = order.begin(); it < checked; ++it) {
          sig->bind(1, it->id);
          if (!TRY(sig->step())) {
            sig->reset();
            continue;
          }
          Read r;
          r.cand.minima = decode(sig->blob(0));
          sig->reset();
          if (filter.estimate) {
            r.estimate = filter.estimate(r.cand.minima);
            if (r.estimate < filter.min_estimate) continue;
          }
          r.cand.matter.id = it->id;
          r.cand.shared_buckets = it->hits.buckets;
          read.push_back(std::move(r));
        }
      }
      std::vector<Candidate> out;
      if (filter.best <= 0) {  // every candidate passing the filter, read from its row
        for (auto& r : read) {
          auto m = TRY(matter_ops::find_matter(c, r.cand.matter.id));
          if (!m || !passes(filter, m->status, m->answered_on, m->unit_code, m->agency_code,
                            sets.units, sets.scope_units, sets.scope_agencies)) {
            continue;
          }
          r.cand.matter = std::move(*m);
          out.push_back(std::move(r.cand));
        }
        return out;
      }
      // Only the best: the filter from the covering index (a few pages for 64 matters, which
      // stay cached), then the rows of the best passing it by estimate, in turn, until there are
      // enough (an answered matter's row also says whether it was answered recently enough).
      {
        auto cols =
            TRY(c.cached("SELECT status, unit_code, coalesce(agency_code, '') FROM matters "
                         "INDEXED BY matters_search_filter WHERE id = ?"));
        std::vector<Read> kept;
        kept.reserve(read.size());
        for (auto& r : read) {
          cols->bind(1, r.cand.matter.id);
          if (!TRY(cols->step())) {
            cols->reset();
            continue;
          }
          const auto status_code = cols->text_view(0);
          const auto status = parse_status(status_code);
          if (!status) return bad_code("status", std::string(status_code));
          const Pass pass = passes_columns(filter, *status, cols->text_view(1), cols->text_view(2),
                                           sets.units, sets.scope_units, sets.scope_agencies);
          cols->reset();
          if (pass != Pass::no) kept.push_back(std::move(r));
        }
        read = std::move(kept);
      }
      std::vector<std::size_t> by_estimate(read.size());
      for (std::size_t i = 0; i < read.size(); ++i) by_estimate[i] = i;
      std::stable_sort(by_estimate.begin(), by_estimate.end(), [&](std::size_t a, std::size_t b) {
        return read[a].estimate > read[b].estimate;
      });
      std::vector<std::size_t> chosen;
      for (const std::size_t i : by_estimate) {
        if (std::ssize(chosen) >= filter.best) break;
        auto m = TRY(matter_ops::find_matter(c, read[i].cand.matter.id));
        if (!m || !passes(filter, m->status, m->answered_on, m->unit_code, m->agency_code,
                          sets.units, sets.scope_units, sets.scope_agencies)) {
          continue;
        }
        read[i].cand.matter = std::move(*m);
        chosen.push_back(i);
      }
      std::sort(chosen.begin(), chosen.end());
      out.reserve(chosen.size());
      for (const std::size_t i : chosen) out.push_back(std::move(read[i].cand));
      return out;
    });
  }

  Expected<void> scan_signatures(
      const CandidateFilter& filter,
      const std::function<Expected<void>(const SignatureScanRow&)>& each) override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<void> {
      auto q = TRY(c.cached(
          "SELECT s.matter_id, m.unit_code, coalesce(m.agency_code, ''), m.status, "
          "m.answered_on, s.minima, m.title, m.summary FROM matter_signatures s "
          "JOIN matters m ON m.id = s.matter_id WHERE m.status <> 'merged' ORDER BY s.matter_id"));
      CandidateFilter no_units = filter;
      no_units.unit_codes.clear();
      const FilterSets sets(no_units);
      std::vector<std::uint32_t> minima;
      SignatureScanRow row;
      row.minima = &minima;
      while (TRY(q->step())) {
        ++row.rows_read;
        const auto status_code = q->text_view(3);
        const auto status = parse_status(status_code);
        if (!status) return bad_code("status", std::string(status_code));
        if (!passes(no_units, *status, TRY(q->opt_date(4)), q->text_view(1), q->text_view(2),
                    sets.units, sets.scope_units, sets.scope_agencies)) {
          continue;
        }
        row.matter_id = q->int64(0);
        decode_into(q->blob_view(5), minima);
        row.title = q->text_view(6);
        row.summary = q->text_view(7);
        row.unit_code = q->text_view(1);
        TRY(each(row));
      }
      return {};
    });
  }

  Expected<std::vector<MatterText>> texts_after(Id after_id, TextSelection selection, int scheme,
                                                int limit) override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<std::vector<MatterText>> {
      auto q = TRY(c.cached(std::string("SELECT ")
                                .append(kTextColumns)
                                .append(" FROM matters")
                                .append(selection_where(selection))
                                .append(" ORDER BY id LIMIT ?3")));
      q->bind_all(after_id, scheme, limit);
      std::vector<MatterText> out;
      while (TRY(q->step())) out.push_back(TRY(text_row(*q)));
      return out;
    });
  }

  Expected<std::vector<MatterText>> texts(const std::vector<Id>& ids) override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<std::vector<MatterText>> {
      auto q = TRY(c.cached(
          std::string("SELECT ").append(kTextColumns).append(" FROM matters WHERE id = ?")));
      std::vector<MatterText> out;
      out.reserve(ids.size());
      for (const Id id : ids) {
        q->bind(1, id);
        if (TRY(q->step())) out.push_back(TRY(text_row(*q)));
        q->reset();
      }
      return out;
    });
  }

  Expected<std::int64_t> count_texts(TextSelection selection, int scheme) override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<std::int64_t> {
      auto q = TRY(
          c.cached(std::string("SELECT count(*) FROM matters").append(selection_where(selection))));
      q->bind_all(std::int64_t{0}, scheme);
      return TRY(q->step()) ? q->int64(0) : std::int64_t{0};
    });
  }

  Expected<bool> merge_similarity_index(int pages) override {
    bool merged = false;
    TRY(indexer_.run([&](Connection& c) -> Expected<void> {
      // FTS5 says a 'merge' did work when it changed the total of changes by 2 or more.
      const auto before = sqlite3_total_changes64(c.raw());
      auto q =
          TRY(c.cached("INSERT INTO search.matter_lsh (matter_lsh, rank) VALUES ('merge', ?)"));
      q->bind(1, -std::max(pages, 1));
      TRY(q->run());
      merged = sqlite3_total_changes64(c.raw()) - before >= 2;
      return {};
    }));
    return merged;
  }

  Expected<void> rebuild_text_index(const Actor& actor) override {
    TRY(indexer_.rebuild());
    return writer_.submit([&](Connection& c) -> Expected<void> {
      std::int64_t documents = 0;
      {
        auto q = TRY(c.cached("SELECT count(*) FROM matters"));
        if (TRY(q->step())) documents = q->int64(0);
      }
      const nlohmann::json after{{"documents", documents}};
      TRY(append_event(c, actor, "search.reindex", "search", "matter_search", "", after.dump()));
      return {};
    });
  }

  Expected<bool> text_index_consistent() override {
    bool ok = true;
    TRY(indexer_.run_in_step([&](Connection& c) -> Expected<void> {
      // In one snapshot of both files, the index up to date: each index agrees with itself
      // (FTS5's own check of its postings against its stored documents) and its documents are
      // those the database gives now.
      auto checked = [&]() -> Expected<bool> {
        for (const char* sql :
             {"INSERT INTO search.matter_search (matter_search) VALUES ('integrity-check')",
              "INSERT INTO search.matter_lsh (matter_lsh) VALUES ('integrity-check')"}) {
          if (!c.exec(sql).ok()) return false;
        }
        auto differ =
            TRY(c.prepare("SELECT (SELECT count(*) FROM main.matter_search_source s "
                          "LEFT JOIN search.matter_search_content d ON d.id = s.id "
                          "WHERE d.id IS NULL OR d.c0 IS NOT s.title OR d.c1 IS NOT s.body "
                          "OR d.c2 IS NOT s.answer) + "
                          "(SELECT count(*) FROM search.matter_search_content d "
                          "WHERE NOT EXISTS (SELECT 1 FROM main.matters m WHERE m.id = d.id)) + "
                          "(SELECT count(*) FROM main.matter_signatures g "
                          "LEFT JOIN search.matter_lsh_content d ON d.id = g.matter_id "
                          "WHERE d.id IS NULL OR d.c0 IS NOT g.lsh) + "
                          "(SELECT count(*) FROM search.matter_lsh_content d WHERE NOT EXISTS "
                          "(SELECT 1 FROM main.matter_signatures g WHERE g.matter_id = d.id))"));
        return TRY(differ.step()) && differ.int64(0) == 0;
      }();
      ok = TRY(std::move(checked));
      return {};
    }));
    return ok;
  }

  Expected<std::int64_t> index_lag() override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<std::int64_t> {
      return std::max<std::int64_t>(0, TRY(newest_search_change(c)) - indexer_.applied());
    });
  }

  Expected<void> record(const std::string& action, const std::string& after_json,
                        const Actor& actor) override {
    return writer_.submit([&](Connection& c) -> Expected<void> {
      TRY(append_event(c, actor, action, "search", action, "", after_json));
      return {};
    });
  }

 private:
  ReaderPool& readers_;
  Writer& writer_;
  SearchIndexer& indexer_;
};

}  // namespace

std::unique_ptr<SearchStore> make_search_store(ReaderPool& readers, Writer& writer,
                                               SearchIndexer& indexer) {
  return std::make_unique<SqliteSearchStore>(readers, writer, indexer);
}

}  // namespace doithoai::store::sqlite
