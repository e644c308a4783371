// bm25_df(): FTS5's bm25 ranking with the document frequency of each phrase given by the caller,
// registered on every connection. Private to the SQLite backend.
//
// FTS5's own bm25() finds each phrase's document frequency (for its IDF) by reading the phrase's
// whole posting list once per query: for a common word at 1,000,000 matters that costs more than
// ranking the rows asked for. bm25_df computes the same score from frequencies the caller
// estimated cheaply (search.cpp), so a query that ranks a bounded set of rows reads only those.
//
//   bm25_df(matter_search, w_1, ..., w_ncol, df_1, ..., df_nphrase)
//
// w_i: the weight of column i (like bm25's); df_j: how many documents hold phrase j (clamped to
// the row count). Smaller is better, as with bm25(). With exact frequencies it equals bm25().
#pragma once

#include <sqlite3.h>

namespace doithoai::store::sqlite {

// SQLITE_OK, or the error of finding the FTS5 API or creating the function.
int register_bm25_df(sqlite3* db);

}  // namespace doithoai::store::sqlite
