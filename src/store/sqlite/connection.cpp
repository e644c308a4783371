#include "store/sqlite/connection.hpp"

#include <mutex>
#include <utility>

#include "domain/text.hpp"
#include "store/sqlite/fts_rank.hpp"

namespace doithoai::store::sqlite {

Error error_from(sqlite3* db, int rc, std::string_view context) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::make(ErrorKind::unavailable, "database_busy",
                         "Cơ sở dữ liệu đang bận, vui lòng thử lại sau");
    case SQLITE_CONSTRAINT:
      switch (rc) {
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_UNIQUE:
          return conflict("duplicate", "Dữ liệu đã tồn tại");
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          return invalid("reference_missing", "Dữ liệu tham chiếu không tồn tại");
        case SQLITE_CONSTRAINT_TRIGGER:
          return conflict("read_only", "Dữ liệu này không được sửa hoặc xoá: " + detail);
        default:
          return invalid("constraint_failed", "Dữ liệu không hợp lệ: " + detail);
      }
    case SQLITE_FULL:
      return internal_error("Ổ đĩa đã đầy, không ghi được cơ sở dữ liệu");
    case SQLITE_CANTOPEN:
      return Error::make(ErrorKind::not_found, "database_not_found",
                         "Không mở được tệp cơ sở dữ liệu: " + detail, "path");
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return internal_error("Tệp không phải cơ sở dữ liệu hợp lệ hoặc đã hỏng: " + detail);
    default:
      return internal_error("Lỗi cơ sở dữ liệu (" + std::string(context) + "): " + detail);
  }
}

Error closed_error() {
  return Error::make(ErrorKind::unavailable, "store_closed", "Cơ sở dữ liệu đã đóng");
}

// ---- Statement ----

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_finalize(stmt_);
  }
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(other.db_),
      bind_rc_(other.bind_rc_),
      bind_index_(other.bind_index_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) {
      sqlite3_finalize(stmt_);
    }
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_ = other.db_;
    bind_rc_ = other.bind_rc_;
    bind_index_ = other.bind_index_;
  }
  return *this;
}

void Statement::note_bind(int rc, int index) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
    bind_index_ = index;
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  note_bind(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  note_bind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
  return *this;
}

Statement& Statement::bind(int index, Blob value) {
  note_bind(
      sqlite3_bind_blob64(stmt_, index, value.bytes.data(), value.bytes.size(), SQLITE_TRANSIENT),
      index);
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  note_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Expected<bool> Statement::step() {
  if (bind_rc_ != SQLITE_OK) {
    return error_from(db_, bind_rc_, "bind ?" + std::to_string(bind_index_));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  const char* sql = sqlite3_sql(stmt_);
  return error_from(db_, sqlite3_extended_errcode(db_), sql != nullptr ? sql : "step");
}

Expected<void> Statement::run() {
  while (TRY(step())) {
  }
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
  bind_index_ = 0;
}

bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::int64_t Statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

double Statement::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string_view Statement::text_view(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(p),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string_view Statement::blob_view(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (p == nullptr) {
    return {};
  }
  return {static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (p == nullptr) {
    return {};
  }
  return std::string(static_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Statement::opt_text(int col) const {
  if (is_null(col)) {
    return std::nullopt;
  }
  return text(col);
}

std::optional<std::int64_t> Statement::opt_int64(int col) const {
  if (is_null(col)) {
    return std::nullopt;
  }
  return int64(col);
}

Expected<Date> Statement::date(int col) const {
  const std::string s = text(col);
  if (auto d = Date::parse_iso(s)) {
    return *d;
  }
  return internal_error("Ngày không hợp lệ trong cơ sở dữ liệu: '" + s + "' (cột " +
                        sqlite3_column_name(stmt_, col) + ")");
}

Expected<std::optional<Date>> Statement::opt_date(int col) const {
  if (is_null(col)) {
    return std::optional<Date>{};
  }
  return std::optional<Date>{TRY(date(col))};
}

// ---- Connection ----

namespace {

// fold(text): domain/text's search folding, for the full-text index triggers (migration 5) and
// its queries. NULL stays NULL.
void sql_fold(sqlite3_context* context, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* p = sqlite3_value_text(argv[0]);
  const int n = sqlite3_value_bytes(argv[0]);
  if (p == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  std::string folded =
      text::fold(std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)));
  sqlite3_result_text64(context, folded.data(), folded.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

// index_later(): whether this connection defers the search indexes' work to the writer's
// flush (Connection::set_index_later).
void sql_index_later(sqlite3_context* context, int /*argc*/, sqlite3_value** /*argv*/) {
  const auto* c = static_cast<const Connection*>(sqlite3_user_data(context));
  sqlite3_result_int(context, c != nullptr && c->index_later_ ? 1 : 0);
}

namespace {

// Before the library starts: no memory statistics. With them on (SQLite's default), every
// sqlite3_malloc and sqlite3_free takes one process-wide mutex to keep the counters, which the
// writer's triggers pay thousands of times a second; nothing here reads those statistics.
void configure_library_once() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Expected<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags) {
  configure_library_once();
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error error = error_from(db, rc, "open " + path);
    sqlite3_close(db);  // harmless on nullptr
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  // Every connection knows fold(): the schema's triggers call it on every write.
  const int fold_rc = sqlite3_create_function_v2(
      db, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr, sql_fold,
      nullptr, nullptr, nullptr);
  if (fold_rc != SQLITE_OK) {
    Error error = error_from(db, fold_rc, "create_function fold");
    sqlite3_close(db);
    return error;
  }
  // And bm25_df(), the ranking of text search (fts_rank.hpp).
  if (const int rank_rc = register_bm25_df(db); rank_rc != SQLITE_OK) {
    Error error = error_from(db, rank_rc, "create_function bm25_df");
    sqlite3_close(db);
    return error;
  }
  std::unique_ptr<Connection> c(new Connection(db, path));
  const int later_rc =
      sqlite3_create_function_v2(db, "index_later", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, c.get(),
                                 sql_index_later, nullptr, nullptr, nullptr);
  if (later_rc != SQLITE_OK) return error_from(db, later_rc, "create_function index_later");
  return c;
}

Connection::~Connection() {
  cache_.clear();  // finalizes every cached statement before the connection closes
  sqlite3_close(db_);
}

Expected<void> Connection::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) {
    return error_from(db_, sqlite3_extended_errcode(db_), text);
  }
  return {};
}

Expected<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return error_from(db_, rc, sql);
  }
  return Statement(stmt, db_);
}

Expected<Stmt> Connection::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto statement = std::make_unique<Statement>(TRY(prepare(sql)));
    it = cache_.emplace(std::string(sql), std::move(statement)).first;
  }
  return Stmt(*it->second);
}

Expected<void> Connection::exec_cached(std::string_view sql) {
  auto stmt = TRY(cached(sql));
  return stmt->run();
}

Expected<std::string> Connection::query_text(std::string_view sql) {
  auto stmt = TRY(prepare(sql));
  if (!TRY(stmt.step())) {
    return std::string();
  }
  return stmt.text(0);
}

std::int64_t Connection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int Connection::changes() const {
  return sqlite3_changes(db_);
}

bool Connection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

}  // namespace doithoai::store::sqlite
