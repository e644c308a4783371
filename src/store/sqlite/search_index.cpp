#include "store/sqlite/search_index.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <utility>

namespace doithoai::store::sqlite {

namespace {

using namespace std::chrono_literals;

// The changes one round of the index takes at most: a backlog (the index file was busy, the
// server started after writes by another process) is worked off in transactions of bounded
// size rather than one holding the database's snapshot for minutes.
constexpr std::int64_t kRoundLimit = 20000;

// How often the thread looks for changes nobody told it of (a command-line process writing
// beside the server).
constexpr std::chrono::milliseconds kPoll = 1s;
// After a failed round (the index file busy with another process's indexer), before the next.
constexpr std::chrono::milliseconds kRetry = 200ms;

// The index file's tables. Each index holds its own copy of the folded text (FTS5's content
// table): the document as it was indexed is what a delete has to remove, and it is no longer in
// the database by the time the indexer sees that it changed. matter_lsh holds only which matters
// have a bucket (detail=none). The index file's version is user_version: another number means
// tables of another shape, built again.
constexpr int kIndexFileVersion = 1;
constexpr const char* kStateTable =
    "CREATE TABLE IF NOT EXISTS search.search_state ("
    "id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, applied INTEGER NOT NULL) "
    "STRICT";
constexpr const char* kTextIndex =
    "CREATE VIRTUAL TABLE search.matter_search USING fts5(title, body, answer, "
    "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4 5 6')";
constexpr const char* kLshIndex =
    "CREATE VIRTUAL TABLE search.matter_lsh USING fts5(lsh, detail = none, tokenize = 'ascii')";
// The text index merges 8 segments at a time, and a whole level at once only at 64 (each round
// writes a segment; fewer, larger merges rewrite each posting fewer times). The similarity index
// keeps FTS5's defaults: its look-ups read 20 buckets in every segment.
constexpr const char* kTextIndexSettings =
    "INSERT INTO search.matter_search (matter_search, rank) VALUES ('automerge', 8);"
    "INSERT INTO search.matter_search (matter_search, rank) VALUES ('crisismerge', 64);";

// One round: the matters changed after the mark (?1) up to ?2 leave each index, then come back
// as they are now, in one statement per index so that FTS5 writes one segment each. The
// deletes come first: a statement opening a savepoint makes every FTS5 table of the
// transaction write out what it has buffered.
constexpr const char* kDeleteText =
    "DELETE FROM search.matter_search WHERE rowid IN (SELECT matter_id FROM main.search_changes "
    "WHERE seq > ?1 AND seq <= ?2 AND text = 1)";
constexpr const char* kDeleteLsh =
    "DELETE FROM search.matter_lsh WHERE rowid IN (SELECT matter_id FROM main.search_changes "
    "WHERE seq > ?1 AND seq <= ?2 AND text = 0)";
constexpr const char* kInsertText =
    "INSERT INTO search.matter_search (rowid, title, body, answer) "
    "SELECT s.id, s.title, s.body, s.answer FROM (SELECT DISTINCT matter_id AS id "
    "FROM main.search_changes WHERE seq > ?1 AND seq <= ?2 AND text = 1) AS p "
    "JOIN main.matter_search_source AS s ON s.id = p.id ORDER BY p.id";
constexpr const char* kInsertLsh =
    "INSERT INTO search.matter_lsh (rowid, lsh) "
    "SELECT g.matter_id, g.lsh FROM (SELECT DISTINCT matter_id AS id "
    "FROM main.search_changes WHERE seq > ?1 AND seq <= ?2 AND text = 0) AS p "
    "JOIN main.matter_signatures AS g ON g.matter_id = p.id ORDER BY p.id";

Expected<std::int64_t> int_of(Connection& c, std::string_view sql) {
  auto q = TRY(c.cached(sql));
  if (!TRY(q->step()) || q->is_null(0)) return std::int64_t{0};
  return q->int64(0);
}

// The settings FTS5 keeps in an index's %_config table, but its format version.
Expected<std::vector<std::pair<std::string, std::string>>> settings_of(Connection& c,
                                                                       const std::string& index) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto exists = TRY(
      int_of(c, "SELECT count(*) FROM search.sqlite_schema WHERE name = '" + index + "_config'"));
  if (exists == 0) return out;
  auto q = TRY(c.prepare("SELECT k, v FROM search." + index + "_config WHERE k <> 'version'"));
  while (TRY(q.step())) out.emplace_back(q.text(0), q.text(1));
  return out;
}

Expected<void> restore_settings(Connection& c, const std::string& index,
                                const std::vector<std::pair<std::string, std::string>>& settings) {
  for (const auto& [k, v] : settings) {
    auto q = TRY(c.prepare("INSERT INTO search." + index + " (" + index + ", rank) VALUES (?, ?)"));
    TRY(q.bind_all(k, v).run());
  }
  return {};
}

}  // namespace

std::string SearchIndexer::file_for(const std::string& db_path) {
  return db_path + ".search";
}

Expected<std::unique_ptr<SearchIndexer>> SearchIndexer::open(const std::string& db_path) {
  // CREATE: an attached file is opened with the connection's flags, and the index file may not
  // exist yet (the database does: the writer has opened it).
  auto c = TRY(Connection::open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  sqlite3_busy_timeout(c->raw(), 5000);
  // The database is only read here: a small cache, no mapping (see sqlite_store.cpp). Temporary
  // data in files: a rebuild drops the old indexes inside its transaction, and the statement
  // journal of that DROP held 1.2 GiB in memory at 1,000,000 matters (26 MiB in a file).
  TRY(c->exec("PRAGMA cache_size = -4096; PRAGMA mmap_size = 0; PRAGMA temp_store = FILE;"));
  {
    auto attach = TRY(c->prepare("ATTACH DATABASE ? AS search"));
    TRY(attach.bind(1, file_for(db_path)).run());
  }
  // The index is derived data: NORMAL (a power cut may lose its last rounds, with their mark,
  // never its consistency). 16 MiB of cache for the merges.
  const std::string mode = TRY(c->query_text("PRAGMA search.journal_mode = WAL"));
  if (mode != "wal") {
    return internal_error(
        "Không bật được chế độ WAL cho tệp chỉ mục tìm kiếm (journal_mode = " + mode + ")");
  }
  TRY(
      c->exec("PRAGMA search.synchronous = NORMAL; PRAGMA search.cache_size = -16384;"
              "PRAGMA search.mmap_size = 0; PRAGMA search.journal_size_limit = 67108864;"));
  const auto version = TRY(int_of(*c, "PRAGMA search.user_version"));
  if (version != kIndexFileVersion) {
    // A new file, or one of another shape: start it again (build() fills it).
    TRY(
        c->exec("BEGIN;"
                "DROP TABLE IF EXISTS search.search_state;"
                "DROP TABLE IF EXISTS search.matter_search;"
                "DROP TABLE IF EXISTS search.matter_lsh;"));
    TRY(c->exec(kStateTable));
    TRY(c->exec(kTextIndex));
    TRY(c->exec(kTextIndexSettings));
    TRY(c->exec(kLshIndex));
    TRY(c->exec("PRAGMA search.user_version = " + std::to_string(kIndexFileVersion) + "; COMMIT"));
  }
  std::unique_ptr<SearchIndexer> indexer(new SearchIndexer(std::move(c)));
  // A rebuild at 1,000,000 matters takes a minute or more: stop() must not wait for it. SQLite
  // asks this every few thousand steps; a nonzero answer interrupts the statement.
  sqlite3_progress_handler(
      indexer->connection_->raw(), 10000,
      [](void* self) -> int {
        return static_cast<SearchIndexer*>(self)->abandon_.load(std::memory_order_acquire) ? 1 : 0;
      },
      indexer.get());
  indexer->thread_ = std::thread([p = indexer.get()] { p->loop(); });
  return indexer;
}

SearchIndexer::SearchIndexer(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

SearchIndexer::~SearchIndexer() {
  stop();
}

Expected<void> SearchIndexer::attach(Connection& c) {
  auto q = TRY(c.prepare("ATTACH DATABASE ? AS search"));
  TRY(q.bind(1, file_for(connection_->path())).run());
  // Readers get the index through the OS's page cache and a small cache of their own, not a
  // mapping (each mapping counts in resident memory apart).
  TRY(c.exec("PRAGMA search.cache_size = -4096; PRAGMA search.mmap_size = 0;"));
  c.set_search_indexer(this);
  return {};
}

void SearchIndexer::notify() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

Expected<void> SearchIndexer::wait_for(std::int64_t seq, std::chrono::milliseconds timeout) {
  if (applied() >= seq) return {};
  notify();
  std::unique_lock lock(mu_);
  // A failing indexer (its file unwritable, say) does not hold every search for `timeout`: the
  // search reads the index as it is.
  done_cv_.wait_for(lock, timeout,
                    [&] { return stopping_ || applied() >= seq || failure_.has_value(); });
  if (applied() >= seq) return {};
  if (stopping_) return closed_error();
  if (!built_.load(std::memory_order_acquire)) {
    Error e = Error::make(
        ErrorKind::unavailable, "search_index_building",
        "Chỉ mục tìm kiếm đang được xây dựng lại từ cơ sở dữ liệu; xin thử lại sau ít phút");
    if (failure_) e.message += " (" + failure_->message + ")";
    return e;
  }
  return {};
}

Expected<void> SearchIndexer::run(Task task) {
  return enqueue(std::move(task), false);
}

Expected<void> SearchIndexer::run_in_step(Task task) {
  return enqueue(std::move(task), true);
}

Expected<void> SearchIndexer::enqueue(Task task, bool in_step) {
  Job job{std::move(task), in_step, {}};
  auto result = job.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return closed_error();
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
  return result.get();
}

Expected<void> SearchIndexer::rebuild() {
  return run([this](Connection&) { return build(); });
}

void SearchIndexer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  abandon_.store(true, std::memory_order_release);
  cv_.notify_all();
  done_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SearchIndexer::publish(std::int64_t applied) {
  {
    std::lock_guard lock(mu_);
    applied_.store(applied, std::memory_order_release);
    failure_.reset();
  }
  done_cv_.notify_all();
}

void SearchIndexer::loop() {
  std::unique_lock lock(mu_);
  bool retry = false;
  while (!stopping_) {
    cv_.wait_for(lock, retry ? kRetry : kPoll,
                 [&] { return stopping_ || wake_ || !jobs_.empty(); });
    if (stopping_) break;
    wake_ = false;
    std::vector<Job> jobs;
    jobs.swap(jobs_);
    lock.unlock();
    auto caught_up = catch_up();
    for (auto& job : jobs) {
      job.done.set_value(caught_up.ok() ? run_job(job) : caught_up);
    }
    lock.lock();
    retry = !caught_up.ok();
    if (retry) {
      failure_ = caught_up.error();
      done_cv_.notify_all();
    }
  }
  for (auto& job : jobs_) job.done.set_value(closed_error());
  jobs_.clear();
}

Expected<void> SearchIndexer::run_job(Job& job) {
  Connection& c = *connection_;
  auto invoke = [&]() -> Expected<void> {
    try {
      return job.task(c);
    } catch (const std::exception& e) {
      return internal_error(std::string("Lỗi khi cập nhật chỉ mục tìm kiếm: ") + e.what());
    }
  };
  if (!job.in_step) return invoke();
  if (!ready_) return invoke();
  TRY(c.exec_cached("BEGIN"));
  std::int64_t to = 0;
  auto result = [&]() -> Expected<void> {
    TRY(round_in(to, std::numeric_limits<std::int64_t>::max()));
    return invoke();
  }();
  if (c.in_transaction()) {
    if (auto committed = c.exec_cached("COMMIT"); !committed.ok()) {
      (void)c.exec_cached("ROLLBACK");
      return committed;
    }
  }
  if (result.ok() && to != applied()) publish(to);
  return result;
}

Expected<void> SearchIndexer::catch_up() {
  Connection& c = *connection_;
  if (!ready_) {
    // Before migration 19 the database has no log to follow.
    ready_ = TRY(int_of(c,
                        "SELECT count(*) FROM main.sqlite_schema WHERE name IN "
                        "('search_changes', 'search_index_state')")) == 2;
    if (!ready_) return {};
  }
  if (!verified_) {
    const auto same =
        TRY(int_of(c,
                   "SELECT count(*) FROM search.search_state s, main.search_index_state m "
                   "WHERE s.token = m.token AND s.applied <= "
                   "(SELECT coalesce(max(seq), 0) FROM main.search_changes)"));
    if (same == 0) {
      TRY(build());
    } else {
      built_.store(true, std::memory_order_release);
      publish(TRY(int_of(c, "SELECT applied FROM search.search_state")));
    }
    verified_ = true;
  }
  while (TRY(round())) {
  }
  return {};
}

Expected<bool> SearchIndexer::round() {
  Connection& c = *connection_;
  // Deferred: the database is only read (its snapshot is taken by the first read), the index
  // file is written. BEGIN IMMEDIATE would lock the database's writer out too.
  TRY(c.exec_cached("BEGIN"));
  std::int64_t to = 0;
  auto more = round_in(to, kRoundLimit);
  if (!more.ok()) {
    if (c.in_transaction()) (void)c.exec_cached("ROLLBACK");
    return more;
  }
  TRY(c.exec_cached("COMMIT"));
  if (to != applied()) publish(to);
  return more;
}

Expected<bool> SearchIndexer::round_in(std::int64_t& to, std::int64_t limit) {
  Connection& c = *connection_;
  const auto newest = TRY(newest_search_change(c));
  const auto from = TRY(int_of(c, "SELECT applied FROM search.search_state"));
  to = from;
  if (newest <= from) return false;
  to = newest - from > limit ? from + limit : newest;
  for (const char* sql : {kDeleteText, kDeleteLsh, kInsertText, kInsertLsh}) {
    auto q = TRY(c.cached(sql));
    TRY(q->bind_all(from, to).run());
  }
  auto mark = TRY(c.cached("UPDATE search.search_state SET applied = ?"));
  TRY(mark->bind(1, to).run());
  return to < newest;
}

Expected<void> SearchIndexer::build() {
  Connection& c = *connection_;
  TRY(c.exec("BEGIN"));
  std::int64_t to = 0;
  auto built = [&]() -> Expected<void> {
    // What an admin set on the indexes (FTS5 keeps it in the table dropped here) stays.
    auto text_settings = TRY(settings_of(c, "matter_search"));
    auto lsh_settings = TRY(settings_of(c, "matter_lsh"));
    TRY(c.exec(
        "DROP TABLE IF EXISTS search.matter_search; DROP TABLE IF EXISTS search.matter_lsh;"));
    TRY(c.exec(kTextIndex));
    TRY(c.exec(kLshIndex));
    if (text_settings.empty()) {
      TRY(c.exec(kTextIndexSettings));
    } else {
      TRY(restore_settings(c, "matter_search", text_settings));
    }
    TRY(restore_settings(c, "matter_lsh", lsh_settings));
    to = TRY(newest_search_change(c));
    TRY(
        c.exec("INSERT INTO search.matter_search (rowid, title, body, answer) "
               "SELECT id, title, body, answer FROM main.matter_search_source ORDER BY id;"
               "INSERT INTO search.matter_lsh (rowid, lsh) "
               "SELECT matter_id, lsh FROM main.matter_signatures ORDER BY matter_id;"
               // One segment each: a search reads one segment instead of the dozens the inserts
               // wrote, and the rounds that follow do not finish those merges.
               "INSERT INTO search.matter_search (matter_search) VALUES ('optimize');"
               "INSERT INTO search.matter_lsh (matter_lsh) VALUES ('optimize');"
               "DELETE FROM search.search_state;"));
    auto mark =
        TRY(c.prepare("INSERT INTO search.search_state (id, token, applied) "
                      "SELECT 1, token, ? FROM main.search_index_state"));
    return mark.bind(1, to).run();
  }();
  if (!built.ok()) {
    if (c.in_transaction()) (void)c.exec("ROLLBACK");
    return built;
  }
  TRY(c.exec("COMMIT"));
  built_.store(true, std::memory_order_release);
  publish(to);
  return {};
}

Expected<void> wait_until_indexed(Connection& c) {
  SearchIndexer* indexer = c.search_indexer();
  if (indexer == nullptr) return {};
  return indexer->wait_for(TRY(newest_search_change(c)), std::chrono::milliseconds(5000));
}

Expected<std::int64_t> newest_search_change(Connection& c) {
  return int_of(c, "SELECT coalesce(max(seq), 0) FROM main.search_changes");
}

}  // namespace doithoai::store::sqlite
