// Full-text search of matters and the SQLite SearchStore. Private to the SQLite backend.
//
// The index is an FTS5 table over fold()ed text in the search index file (search_index.hpp); a
// query is folded by the same function, cut into words and handed to FTS5 with every word quoted,
// so neither FTS5 syntax nor SQL from the user ever reaches the engine.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/matters.hpp"
#include "store/search.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/search_index.hpp"
#include "store/sqlite/writer.hpp"

namespace doithoai::store::sqlite {

// The matters matching query.text and every other filter of the query, in bm25 rank order
// (title weighs most, then the published answer, then what the people wrote), each with a
// snippet. Words match accent-insensitively; the last word also matches as a prefix (type-ahead)
// unless the text ends with a space.
Expected<MatterPage> search_matters(Connection& c, const MatterQuery& query);

// The FTS5 MATCH expression for what a user typed: its words, each quoted, all required, the
// last one as a prefix when `prefix_last`. Empty when the text has no word. With `public_only`,
// only the title and answer columns are searched.
std::string match_expression(const std::string& text, bool public_only);

// An extract of `text` around the first word matching `terms` (the last one as a prefix when
// `prefix_last`), HTML-escaped, matches in <mark>...</mark>; empty when nothing matches.
// The window shown is the one holding the most matches; *terms_found (when given) is how many
// of the terms occur in the whole text.
std::string snippet(const std::string& text, const std::vector<std::string>& terms,
                    bool prefix_last, std::size_t max_words = 30);
std::string snippet(const std::string& text, const std::vector<std::string>& terms,
                    bool prefix_last, std::size_t max_words, std::size_t* terms_found);

// Stores (or replaces) one matter's signature and its LSH buckets, inside the caller's unit.
Expected<void> save_signature(Connection& c, const MatterSignature& s);

// readers, writer and indexer must outlive the returned store.
std::unique_ptr<SearchStore> make_search_store(ReaderPool& readers, Writer& writer,
                                               SearchIndexer& indexer);

}  // namespace doithoai::store::sqlite
