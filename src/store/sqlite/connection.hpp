// Thin RAII wrappers over the SQLite C API, private to the SQLite backend: a Connection with a
// per-connection cache of prepared statements (keyed by SQL text), a Statement with bind, step
// and column helpers, and Stmt, a borrowed cached statement that resets itself when done.
// Failures come back as Expected values; nothing here throws.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace doithoai::store::sqlite {

class SearchIndexer;

// Maps a SQLite result code (and the connection's message) to an Error: constraint failures
// become conflict/invalid, BUSY/LOCKED unavailable, everything else internal.
Error error_from(sqlite3* db, int rc, std::string_view context);

// The store has been closed, or is shutting down.
Error closed_error();

// Bytes bound as a BLOB (not TEXT).
struct Blob {
  std::string_view bytes;
};

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding (1-based). A failed bind is remembered and reported by the next step().
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const Date& value) { return bind(index, value.iso()); }
  Statement& bind(int index, Blob value);
  Statement& bind(int index, std::nullopt_t);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int index = 1;
    (bind(index++, args), ...);
    return *this;
  }

  // One step: true when a row is available, false when the statement is done.
  Expected<bool> step();
  // Steps to completion, ignoring any rows.
  Expected<void> run();
  // Resets the statement and clears its bindings, ready for reuse.
  void reset();

  // Columns (0-based) of the current row.
  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  int int32(int col) const { return static_cast<int>(int64(col)); }
  bool boolean(int col) const { return int64(col) != 0; }
  double real(int col) const;
  std::string text(int col) const;
  // A TEXT column's bytes without a copy: valid until the next step, reset or column call.
  std::string_view text_view(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;
  // A BLOB (or TEXT) column's bytes; empty for NULL.
  std::string blob(int col) const;
  // A BLOB column's bytes without a copy: valid until the next step, reset or column call.
  std::string_view blob_view(int col) const;
  // A 'YYYY-MM-DD' column; an error when the stored text is not a valid date.
  Expected<Date> date(int col) const;
  Expected<std::optional<Date>> opt_date(int col) const;

  sqlite3_stmt* raw() const { return stmt_; }

 private:
  void note_bind(int rc, int index);

  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  int bind_rc_ = SQLITE_OK;
  int bind_index_ = 0;
};

// A cached statement in use. Resets (and unbinds) the statement when it goes out of scope, so
// that no read transaction is left open by a half-stepped statement.
class Stmt {
 public:
  explicit Stmt(Statement& statement) : statement_(&statement) {}
  ~Stmt() {
    if (statement_ != nullptr) {
      statement_->reset();
    }
  }
  Stmt(Stmt&& other) noexcept : statement_(other.statement_) { other.statement_ = nullptr; }
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

class Connection {
 public:
  // flags: SQLITE_OPEN_* (SQLITE_OPEN_NOMUTEX is always added: a connection is used by one
  // thread at a time).
  static Expected<std::unique_ptr<Connection>> open(const std::string& path, int flags);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements with no parameters and no rows wanted.
  Expected<void> exec(std::string_view sql);
  // One parameterless statement through the cache: for the hot ones (BEGIN, SAVEPOINT, ...).
  Expected<void> exec_cached(std::string_view sql);
  // A statement from this connection's cache (prepared on first use).
  Expected<Stmt> cached(std::string_view sql);
  // A fresh statement, not cached.
  Expected<Statement> prepare(std::string_view sql);
  // The first column of the first row of a query, as text ("" when no row or NULL).
  Expected<std::string> query_text(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  // Whether an explicit transaction is open (false after SQLite rolled one back by itself).
  bool in_transaction() const;
  const std::string& path() const { return path_; }
  sqlite3* raw() const { return db_; }
  // Whether this connection's writes leave the search indexes' work pending for the writer's
  // flush rather than the triggers doing it at once: SQL's index_later(), which the triggers of
  // migrations 10 to 18 ask. Since migration 19 no trigger does (the indexes left the database),
  // but a database is migrated through those versions.
  void set_index_later(bool later) { index_later_ = later; }
  // The indexer whose file this connection has attached (search_index.hpp), if any: a search
  // waits for it first.
  void set_search_indexer(SearchIndexer* indexer) { search_indexer_ = indexer; }
  SearchIndexer* search_indexer() const { return search_indexer_; }

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  friend void sql_index_later(sqlite3_context* context, int argc, sqlite3_value** argv);

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::string path_;
  bool index_later_ = false;
  SearchIndexer* search_indexer_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>, Hash, std::equal_to<>> cache_;
};

}  // namespace doithoai::store::sqlite
