// Full-text search of matters: the query, its filters and the snippets.
#include "store/sqlite/search.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <variant>

#include "domain/text.hpp"
#include "store/sqlite/matter_ops.hpp"

namespace doithoai::store::sqlite {

namespace {

constexpr int kMaxPerPage = 500;
constexpr std::size_t kMaxTerms = 16;
constexpr std::size_t kMaxTermBytes = 64;
constexpr std::size_t kMinPrefixBytes = 2;  // the index keeps prefixes of 2 and 3 letters

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

  // CROSS JOIN keeps the index as the outer loop: the matches are found through FTS5, then each
  // is checked against the filters by primary key; no scan of matters. bm25 weights: title 4,
  // body 1, answer 2.
  const std::string from =
      " FROM matter_search f CROSS JOIN matters m ON m.id = f.rowid WHERE f.matter_search MATCH ?1";
  const std::int64_t offset =
      static_cast<std::int64_t>(page.page - 1) * static_cast<std::int64_t>(page.per_page);
  std::vector<Id> ids;
  {
    // The window count gives the total in the same pass (bm25 may not sit beside a window
    // function, hence the subquery).
    auto q = TRY(c.cached(std::string("SELECT id, count(*) OVER () FROM (SELECT m.id AS id, "
                                      "bm25(matter_search, 4.0, 1.0, 2.0) AS score")
                              .append(from)
                              .append(where)
                              .append(") ORDER BY score, id DESC LIMIT ? OFFSET ?")));
    q->bind(1, match);
    const int next = bind_params(*q);
    q->bind(next, static_cast<std::int64_t>(page.per_page));
    q->bind(next + 1, offset);
    while (TRY(q->step())) {
      ids.push_back(q->int64(0));
      page.total = q->int64(1);
    }
  }
  if (ids.empty() && offset > 0) {
    auto q = TRY(c.cached(std::string("SELECT count(*)").append(from).append(where)));
    q->bind(1, match);
    bind_params(*q);
    if (TRY(q->step())) page.total = q->int64(0);
  }
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
