#include "store/sqlite/fts_rank.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace doithoai::store::sqlite {

namespace {

// What one query computes once: the average document length and each phrase's IDF.
struct QueryData {
  double avgdl = 1.0;
  std::vector<double> idf;
  std::vector<double> freq;  // per row, reused
};

void destroy_query_data(void* p) {
  delete static_cast<QueryData*>(p);
}

// The same formula and constants as FTS5's bm25 (fts5_aux.c): k1 = 1.2, b = 0.75,
// IDF = ln((N - n + 0.5) / (n + 0.5)), at least 1e-6.
void bm25_df(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* out, int argc,
             sqlite3_value** argv) {
  constexpr double k1 = 1.2;
  constexpr double b = 0.75;
  const int columns = api->xColumnCount(fts);
  const int phrases = api->xPhraseCount(fts);
  if (argc != columns + phrases) {
    sqlite3_result_error(out, "bm25_df: one weight per column and one frequency per phrase", -1);
    return;
  }
  auto* data = static_cast<QueryData*>(api->xGetAuxdata(fts, 0));
  if (data == nullptr) {
    auto* made = new QueryData;
    sqlite3_int64 rows = 0;
    sqlite3_int64 tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc != SQLITE_OK) {
      delete made;
      sqlite3_result_error_code(out, rc);
      return;
    }
    const double n = static_cast<double>(rows > 0 ? rows : 1);
    made->avgdl = static_cast<double>(tokens) / n;
    if (made->avgdl <= 0) made->avgdl = 1.0;
    for (int i = 0; i < phrases; ++i) {
      double hits = sqlite3_value_double(argv[columns + i]);
      hits = std::max(0.0, std::min(hits, n));
      double idf = std::log((n - hits + 0.5) / (hits + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      made->idf.push_back(idf);
    }
    made->freq.assign(static_cast<std::size_t>(phrases), 0.0);
    rc = api->xSetAuxdata(fts, made, destroy_query_data);  // frees `made` itself on failure
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(out, rc);
      return;
    }
    data = made;
  }
  std::fill(data->freq.begin(), data->freq.end(), 0.0);
  int instances = 0;
  int rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0;
    int column = 0;
    int offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 && phrase < phrases && column >= 0 && column < columns) {
      data->freq[static_cast<std::size_t>(phrase)] += sqlite3_value_double(argv[column]);
    }
  }
  int length = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(out, rc);
    return;
  }
  const double norm = k1 * (1 - b + b * static_cast<double>(length) / data->avgdl);
  double score = 0;
  for (std::size_t i = 0; i < data->freq.size(); ++i) {
    const double f = data->freq[i];
    score += data->idf[i] * (f * (k1 + 1.0)) / (f + norm);
  }
  sqlite3_result_double(out, -score);
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

int register_bm25_df(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr || api->iVersion < 2) return SQLITE_ERROR;
  return api->xCreateFunction(api, "bm25_df", nullptr, bm25_df, nullptr);
}

}  // namespace doithoai::store::sqlite
