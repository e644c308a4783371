// Full-text search of matters: the query, its filters and the snippets.
#include "store/sqlite/search.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>

#include "domain/text.hpp"
#include "store/sqlite/matter_ops.hpp"

namespace doithoai::store::sqlite {

namespace {

constexpr int kMaxPerPage = 500;
constexpr std::size_t kMaxTerms = 16;
constexpr std::size_t kMaxTermBytes = 64;
constexpr std::size_t kMinPrefixBytes = 2;  // the index keeps prefixes of 2 to 6 letters
// The bound of one text search (search_matters, MatterQuery::text_cap): passing matches ranked
// at most, and how many matches are read for each of them at most.
constexpr int kMaxRanked = 500;
constexpr int kReadPerRanked = 10;
// And the postings of the words FTS5 may walk for each match ranked (see search_matters).
constexpr double kPostingsPerRanked = 60;
// Postings read at most to count the matches of several words above the bound, and how many
// documents holding them all among their newest postings make that count needless
// (matches_above).
constexpr std::int64_t kCountPostings = 24000;
constexpr std::int64_t kTogetherOften = 8;
// Newest postings read to estimate a word's document frequency.
constexpr int kFrequencySample = 512;

struct QueryWords {
  std::vector<std::string> terms;
  bool prefix_last = false;
};

QueryWords query_words(const std::string& text) {
  QueryWords q;
  for (auto& w : text::words(text)) {
    if (q.terms.size() == kMaxTerms) break;
    if (w.size() > kMaxTermBytes) w = text::truncate_utf8(w, kMaxTermBytes);
    if (std::find(q.terms.begin(), q.terms.end(), w) == q.terms.end()) q.terms.push_back(w);
  }
  // Type-ahead: the word being typed matches as a prefix, unless the user ended it with a space.
  const bool ends_with_space =
      !text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n');
  q.prefix_last = !q.terms.empty() && !ends_with_space && q.terms.back().size() >= kMinPrefixBytes;
  return q;
}

std::string quoted(const std::string& term) {
  std::string out = "\"";
  for (const char ch : term) {
    if (ch == '"') out.push_back('"');  // never happens for a word; quoting stays safe anyway
    out.push_back(ch);
  }
  return out.append("\"");
}

std::string expression(const QueryWords& q, bool public_only) {
  if (q.terms.empty()) return {};
  std::string out = public_only ? "{title answer} : (" : "(";
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out.append(quoted(q.terms[i]));
    if (i + 1 == q.terms.size() && q.prefix_last) out.push_back('*');
  }
  return out.append(")");
}

// Estimates of common words' document frequencies, kept a few minutes per database: a word
// common enough to be estimated changes its frequency slowly, and reading its postings costs
// about a fifth of a search. Rare words are counted every time (exact, and they change fast).
// With each, the ids of the word's newest documents that the estimate came from (ascending).
struct Sample {
  double documents = 0;
  std::vector<std::int64_t> newest;
};

class FrequencyCache {
 public:
  std::optional<Sample> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end() || Clock::now() - it->second.at > kKeep) return std::nullopt;
    return it->second.sample;
  }
  void keep(const std::string& key, const Sample& sample) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[key] = {sample, Clock::now()};
  }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kKeep = std::chrono::minutes(5);
  static constexpr std::size_t kMaxEntries = 4000;  // about 4 KiB each
  struct Entry {
    Sample sample;
    Clock::time_point at;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

FrequencyCache& frequency_cache() {
  static FrequencyCache cache;
  return cache;
}

// How many documents hold each word of the query (the last as a prefix when it is one), in the
// order of the phrases of expression(): exact for a word with fewer than kFrequencySample
// documents, otherwise estimated from the id range its newest kFrequencySample documents span
// (ids are dense: matters are never renumbered and seldom deleted).
struct Frequencies {
  std::vector<double> documents;  // per word
  double newest_id = 0;           // the ids are 1..newest_id
  // Per word, the ids of its newest documents (all of them when fewer than kFrequencySample),
  // ascending; and above which id every word's list is complete (0: all lists are).
  std::vector<std::vector<std::int64_t>> newest;
  std::int64_t complete_above = 0;
};

Expected<Frequencies> document_frequencies(Connection& c, const QueryWords& q, bool public_only) {
  Frequencies out;
  {
    auto top = TRY(c.cached("SELECT coalesce(max(id), 0) FROM matters"));
    if (TRY(top->step())) out.newest_id = static_cast<double>(top->int64(0));
  }
  auto sample = TRY(c.cached(
      "SELECT rowid FROM matter_search WHERE matter_search MATCH ? ORDER BY rowid DESC LIMIT ?"));
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    QueryWords one;
    one.terms = {q.terms[i]};
    one.prefix_last = q.prefix_last && i + 1 == q.terms.size();
    const std::string phrase = expression(one, public_only);
    const std::string key = std::string(c.path()).append(1, '\0').append(phrase);
    Sample got;
    if (auto kept = frequency_cache().find(key)) {
      got = std::move(*kept);
    } else {
      sample->bind_all(phrase, kFrequencySample);
      while (TRY(sample->step())) got.newest.push_back(sample->int64(0));
      sample->reset();
      std::reverse(got.newest.begin(), got.newest.end());
      got.documents = static_cast<double>(got.newest.size());
      if (std::ssize(got.newest) >= kFrequencySample) {
        const double span =
            std::max(1.0, out.newest_id - static_cast<double>(got.newest.front()) + 1);
        got.documents = std::max(got.documents, got.documents * out.newest_id / span);
        frequency_cache().keep(key, got);
      }
    }
    if (std::ssize(got.newest) >= kFrequencySample) {
      out.complete_above = std::max(out.complete_above, got.newest.front() - 1);
    }
    out.documents.push_back(got.documents);
    out.newest.push_back(std::move(got.newest));
  }
  return out;
}

// How many documents with an id above `above` match every word of the query (the public: each
// in the title or the answer), when the words are seldom together and counting is cheap;
// nothing otherwise.
//
// FTS5 walks several words' posting lists together and checks a rowid bound only on a document
// that holds all of them (and, under a column filter, holds them in those columns): when no
// document above the bound matches, or after the last one that does, the walk goes on down to
// the next match below the bound, or to the oldest posting of the index when there is none. At
// 1,000,000 matters "cap giay chung nhan" (four common words never all together) cost 16 to
// 40 ms that way. Words often together need no count: the walk past the bound soon meets the
// next match, and the search mostly stops at its bound on the matches ranked before. The
// words' newest documents (read for their frequencies) tell which case it is. For words seldom
// together, each word's postings above the bound are read alone (which stops at the bound),
// rarest first, and intersected, stopping as soon as no id holds all the words read so far; and
// search_matters steps exactly that many matches, never past the last one.
Expected<std::optional<std::int64_t>> matches_above(Connection& c, const QueryWords& q,
                                                    const Frequencies& frequencies,
                                                    bool public_only, std::int64_t above) {
  const std::optional<std::int64_t> kUncounted;
  // The documents holding every word among the newest of each (all complete above
  // complete_above). Several: the words are often together, and a walk past the bound soon
  // meets the next match. The words are read rarest first, then each time the one seen least
  // with those read before, so that an empty intersection shows early.
  auto intersect = [](const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    std::vector<std::int64_t> both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    return both;
  };
  const std::size_t n = q.terms.size();
  std::vector<std::size_t> order;
  std::vector<bool> taken(n, false);
  std::vector<std::int64_t> together;
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t best = n;
    std::vector<std::int64_t> best_together;
    for (std::size_t i = 0; i < n; ++i) {
      if (taken[i]) continue;
      auto with = k == 0 ? frequencies.newest[i] : intersect(together, frequencies.newest[i]);
      std::erase_if(with, [&](std::int64_t id) { return id <= frequencies.complete_above; });
      const bool better = best == n || with.size() < best_together.size() ||
                          (with.size() == best_together.size() &&
                           frequencies.documents[i] < frequencies.documents[best]);
      if (better) {
        best = i;
        best_together = std::move(with);
      }
    }
    taken[best] = true;
    order.push_back(best);
    together = std::move(best_together);
  }
  const auto seen = std::ssize(together);
  if (frequencies.complete_above == 0) {  // every list was read whole: the count is exact
    return std::optional<std::int64_t>(std::count_if(together.begin(), together.end(),
                                                     [&](std::int64_t id) { return id > above; }));
  }
  if (seen >= kTogetherOften) return kUncounted;
  auto postings = TRY(c.cached(
      "SELECT rowid FROM matter_search WHERE matter_search MATCH ? AND rowid > ? ORDER BY rowid"));
  std::vector<std::int64_t> common;  // ids holding every word read so far, ascending
  std::vector<std::int64_t> ids;
  std::int64_t read = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    QueryWords one;
    one.terms = {q.terms[i]};
    one.prefix_last = q.prefix_last && i + 1 == q.terms.size();
    postings->bind_all(expression(one, public_only), above);
    ids.clear();
    while (TRY(postings->step())) {
      if (++read > kCountPostings) {
        postings->reset();
        return kUncounted;  // too many: the search goes as it would without the count
      }
      ids.push_back(postings->int64(0));
    }
    postings->reset();
    if (k == 0) {
      common.swap(ids);
    } else {
      std::vector<std::int64_t> both;
      std::set_intersection(common.begin(), common.end(), ids.begin(), ids.end(),
                            std::back_inserter(both));
      common.swap(both);
    }
    if (common.empty()) break;
  }
  return std::optional<std::int64_t>(std::ssize(common));
}

// `sql` with each bare "?" numbered in turn from `first` ("?" followed by digits is kept).
std::string numbered(const std::string& sql, int first) {
  std::string out;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    out.push_back(sql[i]);
    const bool bare =
        sql[i] == '?' && (i + 1 == sql.size() || sql[i + 1] < '0' || sql[i + 1] > '9');
    if (bare) out.append(std::to_string(first++));
  }
  return out;
}

std::string json_list(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

void escape_html(std::string_view s, std::string& out) {
  for (const char ch : s) {
    switch (ch) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      default:
        out.push_back(ch);
    }
  }
}

// The texts a snippet may come from, best first: for staff what the people wrote, then the
// answers; for the public the published answer only. The title is the last resort.
Expected<std::vector<std::string>> snippet_sources(Connection& c, const Matter& m,
                                                   bool public_only) {
  std::vector<std::string> out;
  if (!public_only) {
    auto q = TRY(c.cached("SELECT content FROM submissions WHERE matter_id = ? ORDER BY id"));
    q->bind(1, m.id);
    while (TRY(q->step())) out.push_back(q->text(0));
  }
  if (!public_only || m.published) {
    auto q = TRY(c.cached("SELECT form, text FROM answers WHERE matter_id = ? ORDER BY id"));
    q->bind(1, m.id);
    while (TRY(q->step())) {
      if (public_only && q->text(0) == "guide") continue;
      out.push_back(q->text(1));
    }
  }
  out.push_back(m.title);
  return out;
}

}  // namespace

std::string match_expression(const std::string& text, bool public_only) {
  return expression(query_words(text), public_only);
}

std::string snippet(const std::string& text, const std::vector<std::string>& terms,
                    bool prefix_last, std::size_t max_words) {
  return snippet(text, terms, prefix_last, max_words, nullptr);
}

std::string snippet(const std::string& text, const std::vector<std::string>& terms,
                    bool prefix_last, std::size_t max_words, std::size_t* terms_found) {
  // The words of the text with their byte ranges, and whether each matches a term.
  struct Word {
    std::size_t begin, end;
    bool match;
  };
  std::vector<bool> found(terms.size(), false);
  std::vector<Word> words;
  std::size_t first_match = std::string::npos;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    char32_t cp = text::next_code_point(text, i);
    if (!text::is_word_char(cp)) continue;
    std::size_t end = i;
    while (end < text.size()) {
      std::size_t next = end;
      cp = text::next_code_point(text, next);
      if (!text::is_word_char(cp)) break;
      end = next;
    }
    i = end;
    const std::string folded = text::fold(std::string_view(text).substr(start, end - start));
    bool match = false;
    for (std::size_t t = 0; t < terms.size() && !match; ++t) {
      match = folded == terms[t] ||
              (prefix_last && t + 1 == terms.size() && folded.rfind(terms[t], 0) == 0);
      if (match) found[t] = true;
    }
    if (match && first_match == std::string::npos) first_match = words.size();
    words.push_back({start, end, match});
  }
  if (terms_found != nullptr) {
    *terms_found = static_cast<std::size_t>(std::count(found.begin(), found.end(), true));
  }
  if (first_match == std::string::npos) return {};
  // The window holding the most matches, starting a few words before one of them.
  constexpr std::size_t kBefore = 6;
  std::size_t from = 0;
  std::size_t best = 0;
  for (std::size_t k = first_match; k < words.size(); ++k) {
    if (!words[k].match) continue;
    const std::size_t start = k > kBefore ? k - kBefore : 0;
    std::size_t count = 0;
    for (std::size_t j = start; j < std::min(words.size(), start + max_words); ++j) {
      count += words[j].match ? 1 : 0;
    }
    if (count > best) {
      best = count;
      from = start;
    }
  }
  // A text that fits is shown from its start.
  from = std::min(from, words.size() > max_words ? words.size() - max_words : std::size_t{0});
  const std::size_t to = std::min(words.size(), from + max_words);
  std::string out;
  if (from > 0) {
    out.append("… ");
  } else {
    escape_html(std::string_view(text).substr(0, words[0].begin), out);
  }
  for (std::size_t k = from; k < to; ++k) {
    const Word& w = words[k];
    if (k > from)
      escape_html(std::string_view(text).substr(words[k - 1].end, w.begin - words[k - 1].end), out);
    const auto word = std::string_view(text).substr(w.begin, w.end - w.begin);
    if (w.match) out.append("<mark>");
    escape_html(word, out);
    if (w.match) out.append("</mark>");
  }
  if (to < words.size()) {
    // Keep the punctuation right after the last word ("bằng." rather than "bằng").
    const std::size_t stop = words[to].begin;
    std::size_t tail = words[to - 1].end;
    while (tail < stop && text[tail] != ' ' && text[tail] != '\n') ++tail;
    escape_html(std::string_view(text).substr(words[to - 1].end, tail - words[to - 1].end), out);
    out.append(" …");
  } else {
    escape_html(std::string_view(text).substr(words[to - 1].end), out);
  }
  return out;
}

Expected<MatterPage> search_matters(Connection& c, const MatterQuery& query) {
  TRY(wait_until_indexed(c));
  const QueryWords words = query_words(query.text);
  MatterPage page;
  page.page = std::max(1, query.page);
  page.per_page = std::clamp(query.per_page, 1, kMaxPerPage);
  const std::string match = expression(words, query.published_only);
  if (match.empty()) return page;  // nothing searchable (only punctuation): nothing found

  // The same filters as the plain list (matter_read.cpp), on the joined matters row.
  using Param = std::variant<std::int64_t, std::string>;
  std::string where;
  std::vector<Param> params;
  auto add = [&](std::string_view clause, Param value) {
    where.append(" AND ").append(clause);
    params.push_back(std::move(value));
  };
  if (!query.statuses.empty()) {
    std::vector<std::string> codes;
    for (const auto s : query.statuses) codes.emplace_back(code(s));
    add("m.status IN (SELECT value FROM json_each(?))", json_list(codes));
  }
  const bool merged_asked = std::find(query.statuses.begin(), query.statuses.end(),
                                      Status::merged) != query.statuses.end();
  if (!query.include_merged && !merged_asked) where.append(" AND m.status <> 'merged'");
  if (query.kind) add("m.kind = ?", std::string(code(*query.kind)));
  if (!query.field_code.empty()) add("m.field_code = ?", query.field_code);
  if (!query.unit_codes.empty()) {
    add("m.unit_code IN (SELECT value FROM json_each(?))", json_list(query.unit_codes));
  }
  if (!query.agency_code.empty()) add("m.agency_code = ?", query.agency_code);
  if (!query.handler.empty()) add("m.handler = ?", query.handler);
  if (query.channel) add("m.channel = ?", std::string(code(*query.channel)));
  if (query.received_from) add("m.received_on >= ?", query.received_from->iso());
  if (query.received_to) add("m.received_on <= ?", query.received_to->iso());
  if (query.overdue_on) add("m.next_due_on < ?", query.overdue_on->iso());
  if (query.due_by) add("m.next_due_on <= ?", query.due_by->iso());
  if (query.due_from) add("m.next_due_on >= ?", query.due_from->iso());
  if (query.published_only) where.append(" AND m.published = 1");
  if (!query.scope_units.empty() || !query.scope_agencies.empty()) {
    where.append(
        " AND (m.unit_code IN (SELECT value FROM json_each(?)) OR "
        "m.agency_code IN (SELECT value FROM json_each(?)))");
    params.emplace_back(json_list(query.scope_units));
    params.emplace_back(json_list(query.scope_agencies));
  }
  auto bind_params = [&](Statement& s) {
    int i = 2;  // ?1 is the MATCH expression
    for (const auto& p : params) {
      std::visit([&](const auto& v) { s.bind(i++, v); }, p);
    }
    return i;
  };

  // Each word's document frequency, for its IDF (bm25_df, fts_rank.hpp).
  const Frequencies frequencies = TRY(document_frequencies(c, words, query.published_only));
  const int max_ranked = std::clamp(query.text_cap, 1, kMaxRanked);
  const int max_read = max_ranked * kReadPerRanked;

  // The matches newest first (FTS5 yields its posting lists in id order, no sort), each checked
  // against the filters (CROSS JOIN keeps the index as the outer loop: no scan of matters) and,
  // when it passes, scored. At most text_cap passing ones are kept and ten times as many matches
  // read, so neither a common word nor a filter that rejects most matches can make a request
  // read a million rows; the total is then a lower bound (total_capped).
  //
  // FTS5's own work is bounded too. For several words it walks their posting lists together,
  // and words that are each common but seldom together make it walk the whole index for few
  // matches. So only the newest ids are searched in which the words' postings (estimated from
  // their frequencies) add up to kPostingsPerRanked per ranked match asked for.
  double density = 0;  // postings an id, all words together
  for (const double df : frequencies.documents) {
    density += df / std::max(1.0, frequencies.newest_id);
  }
  std::int64_t above = 0;  // the ids searched are those above this
  if (frequencies.documents.size() > 1 && density > 0) {
    const double span = kPostingsPerRanked * max_ranked / density;
    if (span < frequencies.newest_id) {
      above = static_cast<std::int64_t>(frequencies.newest_id - span);
    }
  }

  // Filters on the columns of matters_search_filter (migration 11) read that narrow index
  // instead of the matters' rows. bm25 weights: title 4, body 1, answer 2. The filters and
  // scores come before "?1" in the text, so every parameter is numbered.
  const bool covered = !query.channel && query.handler.empty() && !query.received_from &&
                       !query.received_to && !query.overdue_on && !query.due_by;
  std::string score = "bm25_df(matter_search, 4.0, 1.0, 2.0";
  for (std::size_t i = 0; i < frequencies.documents.size(); ++i) score.append(", ?");
  score.append(")");
  const std::string sql =
      numbered(std::string("SELECT f.rowid, CASE WHEN 1")
                   .append(where)
                   .append(" THEN ")
                   .append(score)
                   .append(" END FROM matter_search f CROSS JOIN matters m ")
                   .append(covered ? "INDEXED BY matters_search_filter " : "")
                   .append("ON m.id = f.rowid WHERE f.matter_search MATCH ?1 AND f.rowid > ? "
                           "ORDER BY f.rowid DESC"),
               2);
  auto q = TRY(c.cached(sql));
  q->bind(1, match);
  int next = bind_params(*q);
  for (const double df : frequencies.documents) q->bind(next++, df);
  q->bind(next, above);
  struct Ranked {
    double score;
    Id id;
  };
  std::vector<Ranked> ranked;
  std::int64_t examined = 0;
  page.total_capped = above > 0;  // older matters were not searched
  // For several words, the matches above the bound are counted first (matches_above), and the
  // query below steps no further than the last of them.
  std::int64_t matches = std::numeric_limits<std::int64_t>::max();
  if (words.terms.size() > 1) {
    const auto counted = TRY(matches_above(c, words, frequencies, query.published_only, above));
    if (counted) matches = *counted;
  }
  while (examined < matches && TRY(q->step())) {
    if (examined == max_read || std::ssize(ranked) == max_ranked) {
      page.total_capped = true;  // more matches than were looked at
      break;
    }
    ++examined;
    if (!q->is_null(1)) ranked.push_back({q->real(1), q->int64(0)});
  }
  q->reset();
  page.total = std::ssize(ranked);
  const std::int64_t offset =
      static_cast<std::int64_t>(page.page - 1) * static_cast<std::int64_t>(page.per_page);
  if (offset >= page.total) return page;
  const auto end = ranked.begin() + std::min<std::int64_t>(offset + page.per_page, page.total);
  std::partial_sort(ranked.begin(), end, ranked.end(), [](const Ranked& a, const Ranked& b) {
    return a.score != b.score ? a.score < b.score : a.id > b.id;
  });
  std::vector<Id> ids;
  for (auto it = ranked.begin() + offset; it < end; ++it) ids.push_back(it->id);
  for (const Id id : ids) {
    auto m = TRY(matter_ops::find_matter(c, id));
    if (!m) continue;
    // From the text that holds the most of the words asked (the first such, in the order of
    // snippet_sources).
    std::string extract;
    std::size_t most = 0;
    for (const auto& source : TRY(snippet_sources(c, *m, query.published_only))) {
      std::size_t found = 0;
      auto candidate = snippet(source, words.terms, words.prefix_last, 30, &found);
      if (found > most) {
        most = found;
        extract = std::move(candidate);
      }
      if (most == words.terms.size()) break;
    }
    page.items.push_back(std::move(*m));
    page.snippets.push_back(std::move(extract));
  }
  return page;
}

}  // namespace doithoai::store::sqlite
