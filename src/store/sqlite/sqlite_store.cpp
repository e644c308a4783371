// The SQLite Store: one writer thread with group commit (writer.hpp) and a pool of read-only
// connections (reader_pool.hpp). Public reads borrow a reader and run in a read transaction (a
// consistent snapshot, never blocking the writer: WAL). Public writes run as units of work on
// the writer and return once their batch is committed and the WAL synced (wal_sync.hpp).
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <type_traits>
#include <unordered_map>

#include "store/field_cipher.hpp"
#include "store/sqlite/access.hpp"
#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/dialogue_store.hpp"
#include "store/sqlite/index_upkeep.hpp"
#include "store/sqlite/matters.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/ops.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/reports.hpp"
#include "store/sqlite/search.hpp"
#include "store/sqlite/search_index.hpp"
#include "store/sqlite/wal_sync.hpp"
#include "store/sqlite/writer.hpp"
#include "store/store.hpp"

namespace doithoai::store {

namespace {

using sqlite::Connection;

constexpr int kBusyTimeoutMs = 5000;
constexpr int kBackupPagesPerStep = 256;  // 1 MiB with 4 KiB pages

// Pragmas every connection gets. cache_size is in KiB when negative.
constexpr std::string_view kCommonPragmas =
    "PRAGMA foreign_keys = ON;"
    "PRAGMA cache_size = -16384;"
    "PRAGMA temp_store = MEMORY;";

// The readers map the first 64 MiB of the file; the writer and the checkpointer map nothing.
// Every page a connection touches through its own mapping counts in the process's resident
// memory once per connection (the OS shares the page, the count does not): with 256 MiB for
// each of six connections the server grew to 373 MiB after writes at 1,000,000 matters. The
// writer reads through its page cache (16 MiB, kept between transactions) anyway.
constexpr std::string_view kReaderMmap = "PRAGMA mmap_size = 67108864;";
constexpr std::string_view kNoMmap = "PRAGMA mmap_size = 0;";

// The writer's sync step, unless nothing is synced at all (bulk_load).
sqlite::Writer::Sync wal_sync_of(Connection& writer, const Options& options) {
  if (options.bulk_load) return {};
  auto log = std::make_shared<sqlite::WalSync>(writer);
  return [log] { return log->sync(); };
}

Expected<void> configure_common(Connection& c) {
  sqlite3_busy_timeout(c.raw(), kBusyTimeoutMs);
  return c.exec(kCommonPragmas);
}

Expected<std::unique_ptr<Connection>> open_writer(const Options& options) {
  int flags = SQLITE_OPEN_READWRITE;
  if (options.create_if_missing) {
    flags |= SQLITE_OPEN_CREATE;
  }
  auto c = TRY(Connection::open(options.path, flags));
  // The writer's triggers make many small allocations per unit: 2,000 lookaside slots of
  // 1,200 bytes (2.3 MiB, this connection only) instead of SQLite's 100 serve most of them
  // without malloc. Refused (and harmless) if the connection already holds lookaside memory.
  (void)sqlite3_db_config(c->raw(), SQLITE_DBCONFIG_LOOKASIDE, nullptr, 1200, 2000);
  TRY(configure_common(*c));
  TRY(c->exec(kNoMmap));
  const std::string mode = TRY(c->query_text("PRAGMA journal_mode = WAL"));
  if (mode != "wal") {
    return internal_error("Không bật được chế độ WAL cho cơ sở dữ liệu (journal_mode = " + mode +
                          ")");
  }
  // The COMMIT only writes the WAL; the writer's sync step (WalSync) fsyncs it before any unit
  // of the batch is answered: a 2xx still means on disk, and the writer goes on meanwhile.
  TRY(c->exec("PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 67108864;"));
  if (options.bulk_load) {
    // 64 MiB: the OS keeps the file cached anyway, and SQLite walks its whole page-cache hash
    // when it resets the cache, which a 1 GiB cache made cost a sixth of the generator's time.
    TRY(c->exec("PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;"));
  }
  return c;
}

Expected<std::unique_ptr<Connection>> open_reader(const Options& options) {
  auto c = TRY(Connection::open(options.path, SQLITE_OPEN_READWRITE));
  TRY(configure_common(*c));
  TRY(c->exec(kReaderMmap));
  TRY(c->exec("PRAGMA query_only = ON;"));
  return c;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Connection> writer, std::vector<std::unique_ptr<Connection>> readers,
              std::unique_ptr<sqlite::Checkpointer> checkpointer, sqlite::Writer::Sync sync,
              std::unique_ptr<sqlite::SearchIndexer> indexer, const Options& options)
      : indexer_(std::move(indexer)),
        checkpointer_((checkpointer->install(*writer), std::move(checkpointer))),
        readers_(std::move(readers)),
        writer_(
            std::move(writer), options.max_batch, options.on_commit,
            [this](Connection& c) { return before_commit(c); }, std::move(sync),
            [this] { indexer_->notify(); }),
        matters_(sqlite::make_matter_store(readers_, writer_, options.secret_key, options.signer)),
        reports_(sqlite::make_report_store(readers_)),
        dialogues_(sqlite::make_dialogue_store(readers_, writer_, options.secret_key)),
        receptions_(sqlite::make_reception_store(readers_, writer_, options.secret_key)),
        search_(sqlite::make_search_store(readers_, writer_, *indexer_)) {
    checkpointer_->restart_through([this] {
      writer_.post_exclusive([this](Connection& c) -> Expected<void> {
        checkpointer_->restart(c);
        return {};
      });
    });
  }

  ~SqliteStore() override { close(); }

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // ---- schema, health, backup ----

  Expected<MigrationState> migrate() override {
    std::optional<MigrationState> state;
    TRY(writer_.submit_exclusive([&](Connection& c) -> Expected<void> {
      // A migration manages its own transaction: what it changes is indexed at once. Its
      // temporary data goes to a file: migration 19 drops the search indexes, and the statement
      // journal of that DROP held 1.2 GiB in memory at 1,000,000 matters (26 MiB in a file).
      c.set_index_later(false);
      TRY(c.exec("PRAGMA temp_store = FILE"));
      auto applied = sqlite::apply_migrations(c);
      auto restored = c.exec("PRAGMA temp_store = MEMORY");
      c.set_index_later(true);
      TRY(std::move(restored));
      state = TRY(std::move(applied));
      return {};
    }));
    return *state;
  }

  Expected<MigrationState> migration_state() override {
    return read([](Connection& c) { return sqlite::migration_state(c); });
  }

  Expected<CheckReport> check() override {
    return read([](Connection& c) -> Expected<CheckReport> {
      CheckReport report;
      {
        auto q = TRY(c.prepare("PRAGMA integrity_check"));
        std::string message;
        while (TRY(q.step())) {
          if (!message.empty()) {
            message += "; ";
          }
          message += q.text(0);
        }
        report.integrity_message = message;
        report.integrity_ok = message == "ok";
      }
      {
        auto q = TRY(c.prepare("PRAGMA foreign_key_check"));
        int violations = 0;
        while (TRY(q.step())) {
          ++violations;
        }
        if (violations > 0) {
          report.integrity_ok = false;
          report.integrity_message +=
              "; " + std::to_string(violations) + " foreign key violation(s)";
        }
      }
      report.migrations = TRY(sqlite::migration_state(c));
      report.events_chain_ok = TRY(sqlite::events_chain_ok(c));
      return report;
    });
  }

  Expected<void> backup_to(const std::string& path) override;

  Expected<void> begin_bulk_load() override {
    return writer_.submit_exclusive([](Connection& c) -> Expected<void> {
      TRY(c.exec(
          "BEGIN IMMEDIATE;"
          "CREATE TABLE IF NOT EXISTS bulk_load_triggers (name TEXT PRIMARY KEY, sql TEXT NOT "
          "NULL) STRICT;"
          "INSERT OR IGNORE INTO bulk_load_triggers SELECT name, sql FROM sqlite_schema "
          "WHERE type = 'trigger' AND name LIKE 'search\\_changes\\_%' ESCAPE '\\';"));
      std::vector<std::string> names;
      {
        auto q = TRY(c.prepare("SELECT name FROM bulk_load_triggers"));
        while (TRY(q.step())) names.push_back(q.text(0));
      }
      for (const auto& name : names) {
        TRY(c.exec("DROP TRIGGER IF EXISTS \"" + name + "\""));
      }
      return c.exec("COMMIT");
    });
  }

  Expected<void> end_bulk_load() override {
    bool ended = false;
    TRY(writer_.submit_exclusive([&](Connection& c) -> Expected<void> {
      TRY(c.exec("BEGIN IMMEDIATE"));
      auto restored = [&]() -> Expected<void> {
        {
          auto q = TRY(
              c.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'bulk_load_triggers'"));
          if (!TRY(q.step()) || q.int64(0) == 0) return {};
        }
        std::vector<std::string> sqls;
        {
          auto q = TRY(c.prepare("SELECT sql FROM bulk_load_triggers ORDER BY name"));
          while (TRY(q.step())) sqls.push_back(q.text(0));
        }
        for (const auto& sql : sqls) TRY(c.exec(sql));
        ended = true;
        return c.exec("DROP TABLE bulk_load_triggers");
      }();
      if (!restored.ok()) {
        (void)c.exec("ROLLBACK");
        return restored;
      }
      return c.exec("COMMIT");
    }));
    // What was loaded is not in search_changes: both indexes are built again from the rows,
    // each left as one segment (at 1,000,000 matters about 90 s).
    if (ended) TRY(indexer_->rebuild());
    return {};
  }

  // ---- reference data ----

  Expected<SeedReport> seed_reference(const ReferenceData& data, const Actor& actor) override {
    return write<SeedReport>([&](Connection& c) { return sqlite::seed_reference(c, data, actor); });
  }
  Expected<std::int64_t> reference_version() override {
    return read([](Connection& c) { return sqlite::read_reference_version(c); });
  }
  Expected<std::vector<UnitLevel>> unit_levels() override {
    return read([](Connection& c) { return sqlite::read_unit_levels(c); });
  }
  Expected<std::vector<Unit>> units(std::optional<Date> at) override {
    return read([&](Connection& c) { return sqlite::read_units(c, at); });
  }
  Expected<Unit> unit(const std::string& code) override {
    return read([&](Connection& c) { return sqlite::read_unit(c, code); });
  }
  Expected<Unit> add_unit(const Unit& unit, const Actor& actor) override {
    return write<Unit>([&](Connection& c) { return sqlite::add_unit(c, unit, actor); });
  }
  Expected<Unit> merge_units(const UnitMerger& merger, const Actor& actor) override {
    return write<Unit>([&](Connection& c) { return sqlite::merge_units(c, merger, actor); });
  }
  Expected<std::vector<Agency>> agencies() override {
    return read([](Connection& c) { return sqlite::read_agencies(c); });
  }
  Expected<Agency> agency(const std::string& code) override {
    return read([&](Connection& c) { return sqlite::read_agency(c, code); });
  }
  Expected<std::vector<Field>> fields() override {
    return read([](Connection& c) { return sqlite::read_fields(c); });
  }
  Expected<std::vector<Holiday>> holidays(std::optional<Date> from,
                                          std::optional<Date> to) override {
    return read([&](Connection& c) { return sqlite::read_holidays(c, from, to); });
  }
  Expected<Holiday> add_holiday(const Holiday& holiday, const Actor& actor) override {
    return write<Holiday>([&](Connection& c) { return sqlite::add_holiday(c, holiday, actor); });
  }
  Expected<void> remove_holiday(const Date& date, const Actor& actor) override {
    return writer_.submit([&](Connection& c) { return sqlite::remove_holiday(c, date, actor); });
  }
  Expected<Agency> add_agency(const Agency& agency, const Actor& actor) override {
    return write<Agency>([&](Connection& c) { return sqlite::add_agency(c, agency, actor); });
  }
  Expected<Field> add_field(const Field& field, const Actor& actor) override {
    return write<Field>([&](Connection& c) { return sqlite::add_field(c, field, actor); });
  }
  Expected<Field> set_field_active(const std::string& code, bool active,
                                   const Actor& actor) override {
    return write<Field>(
        [&](Connection& c) { return sqlite::set_field_active(c, code, active, actor); });
  }
  Expected<void> add_views(const std::vector<std::pair<Id, std::int64_t>>& views) override {
    if (views.empty()) return {};
    return writer_.submit([&](Connection& c) { return sqlite::add_views(c, views); });
  }
  Expected<std::vector<ViewedMatter>> most_viewed(int limit) override {
    return read([&](Connection& c) { return sqlite::read_most_viewed(c, limit); });
  }

  // ---- users, sessions, tokens ----

  Expected<User> add_user(const User& user, const Actor& actor) override {
    return write<User>([&](Connection& c) { return sqlite::add_user(c, user, actor); });
  }
  Expected<User> user_by_username(const std::string& username) override {
    return read([&](Connection& c) { return sqlite::read_user_by_username(c, username); });
  }
  Expected<User> user_by_id(Id id) override {
    return read([&](Connection& c) { return sqlite::read_user_by_id(c, id); });
  }
  Expected<std::vector<User>> users() override {
    return read([](Connection& c) { return sqlite::read_users(c); });
  }
  Expected<User> set_user_active(Id id, bool active, const Actor& actor) override {
    return write<User>(
        [&](Connection& c) { return sqlite::set_user_active(c, id, active, actor); });
  }
  Expected<User> set_user_grants(Id id, const std::vector<Grant>& grants,
                                 const Actor& actor) override {
    return write<User>(
        [&](Connection& c) { return sqlite::set_user_grants(c, id, grants, actor); });
  }
  Expected<void> create_session(const Session& session, const Actor& actor) override {
    return writer_.submit([&](Connection& c) { return sqlite::create_session(c, session, actor); });
  }
  Expected<Session> session_by_hash(const std::string& token_hash) override {
    return read([&](Connection& c) { return sqlite::read_session(c, token_hash); });
  }
  void touch_session_later(const std::string& token_hash, Timestamp at) override;
  Expected<void> delete_session(const std::string& token_hash, const Actor& actor) override {
    return writer_.submit(
        [&](Connection& c) { return sqlite::delete_session(c, token_hash, actor); });
  }
  Expected<int> delete_sessions_before(Timestamp created_before, Timestamp seen_before) override {
    return write<int>([&](Connection& c) {
      return sqlite::delete_sessions_before(c, created_before, seen_before);
    });
  }
  Expected<ApiToken> create_api_token(const ApiToken& token, const Actor& actor) override {
    return write<ApiToken>(
        [&](Connection& c) { return sqlite::create_api_token(c, token, actor); });
  }
  Expected<ApiToken> api_token_by_hash(const std::string& token_hash) override {
    return read([&](Connection& c) { return sqlite::read_api_token(c, token_hash); });
  }

  Expected<std::vector<Event>> events(const EventQuery& query) override {
    return read([&](Connection& c) { return sqlite::read_events(c, query); });
  }

  MatterStore& matters() override { return *matters_; }
  ReportStore& reports() override { return *reports_; }
  DialogueStore& dialogues() override { return *dialogues_; }
  ReceptionStore& receptions() override { return *receptions_; }
  SearchStore& search() override { return *search_; }

  void close() override;

 private:
  template <typename F>
  auto read(F&& f) -> std::invoke_result_t<F, Connection&> {
    return sqlite::read_snapshot(readers_, std::forward<F>(f));
  }
  template <typename T, typename F>
  Expected<T> write(F&& f) {
    return sqlite::write_unit<T>(writer_, std::forward<F>(f));
  }

  Expected<void> flush_touches(Connection& c);

  // The writer's step before each group COMMIT: the intake's counters, and the search index's
  // log up to what the index file holds (once that moved: a few hundred rows a commit under
  // load, instead of a unit of its own).
  Expected<void> before_commit(Connection& c) {
    TRY(sqlite::flush_pending_work(c));
    const std::int64_t applied = indexer_->applied();
    if (applied <= forgotten_) return {};
    TRY(sqlite::forget_indexed_changes(c, applied));
    forgotten_ = applied;
    return {};
  }

  std::unique_ptr<sqlite::SearchIndexer> indexer_;      // outlives the readers and the writer
  std::int64_t forgotten_ = 0;                          // (writer thread) log deleted below this
  std::unique_ptr<sqlite::Checkpointer> checkpointer_;  // outlives the writer that reports to it
  sqlite::ReaderPool readers_;
  sqlite::Writer writer_;
  std::unique_ptr<MatterStore> matters_;
  std::unique_ptr<ReportStore> reports_;
  std::unique_ptr<DialogueStore> dialogues_;
  std::unique_ptr<ReceptionStore> receptions_;
  std::unique_ptr<SearchStore> search_;

  std::mutex touch_mu_;
  std::unordered_map<std::string, Timestamp> touches_;
  bool touch_posted_ = false;

  std::mutex close_mu_;
  bool closed_ = false;
};

void SqliteStore::touch_session_later(const std::string& token_hash, Timestamp at) {
  {
    std::lock_guard lock(touch_mu_);
    auto [it, inserted] = touches_.emplace(token_hash, at);
    if (!inserted) {
      it->second = std::max(it->second, at);
    }
    if (touch_posted_) {
      return;  // the queued flush will carry this one too
    }
    touch_posted_ = true;
  }
  writer_.post([this](Connection& c) { return flush_touches(c); });
}

Expected<void> SqliteStore::flush_touches(Connection& c) {
  std::unordered_map<std::string, Timestamp> pending;
  {
    std::lock_guard lock(touch_mu_);
    pending.swap(touches_);
    touch_posted_ = false;
  }
  for (const auto& [hash, at] : pending) {
    TRY(sqlite::touch_session(c, hash, at));
  }
  return {};
}

void SqliteStore::close() {
  std::lock_guard lock(close_mu_);
  if (closed_) {
    return;
  }
  closed_ = true;
  auto writer = writer_.stop();  // runs everything already queued first
  readers_.close();              // waits for reads in progress
  indexer_->stop();
  checkpointer_->stop();
  if (writer) {
    // Folds the WAL back into the database file so that the file alone is complete.
    (void)writer->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
}

Expected<void> SqliteStore::backup_to(const std::string& path) {
  // Create the file exclusively: never overwrite an existing one.
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return conflict("backup_exists", "Tệp sao lưu đã tồn tại", "path");
    }
    return invalid("backup_path",
                   "Không tạo được tệp sao lưu: " + std::string(std::strerror(errno)), "path");
  }
  ::close(fd);
  auto remove_partial = [&path] {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      std::filesystem::remove(path + suffix, ignored);
    }
  };

  auto copied = [&]() -> Expected<void> {
    auto dest = TRY(Connection::open(path, SQLITE_OPEN_READWRITE));
    auto lease = TRY(readers_.borrow());
    Connection& src = *lease;
    // Hold one read transaction for the whole copy: the snapshot stays fixed while the writer
    // goes on (WAL), so the steps never restart and the copy is consistent.
    TRY(src.exec("BEGIN; SELECT count(*) FROM sqlite_schema;"));
    sqlite3_backup* backup = sqlite3_backup_init(dest->raw(), "main", src.raw(), "main");
    if (backup == nullptr) {
      Error e = sqlite::error_from(dest->raw(), sqlite3_errcode(dest->raw()), "backup_init");
      (void)src.exec("ROLLBACK");
      return e;
    }
    int rc = SQLITE_OK;
    int busy_retries = 0;
    while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      rc = sqlite3_backup_step(backup, kBackupPagesPerStep);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (++busy_retries > 1000) {
          break;
        }
        sqlite3_sleep(10);
      }
    }
    const int finish_rc = sqlite3_backup_finish(backup);
    (void)src.exec("COMMIT");
    if (rc != SQLITE_DONE) {
      return sqlite::error_from(nullptr, rc, "backup_step");
    }
    if (finish_rc != SQLITE_OK) {
      return sqlite::error_from(dest->raw(), finish_rc, "backup_finish");
    }
    return {};
  }();
  if (!copied.ok()) {
    remove_partial();
  }
  return copied;
}

}  // namespace

Expected<std::unique_ptr<Store>> open_sqlite(const Options& options) {
  if (!FieldCipher::valid_key(options.secret_key)) {
    return invalid("missing_key",
                   "Khóa mã hóa (secret_key) phải dài đúng 32 byte, hoặc để trống nếu không lưu số "
                   "điện thoại, số giấy tờ tùy thân",
                   "secret_key");
  }
  if (sodium_init() < 0) {
    return internal_error("Không khởi tạo được thư viện mã hóa libsodium");
  }
  auto writer = TRY(open_writer(options));
  // From here on the writer's units leave the search index work to one flush per commit.
  writer->set_index_later(true);
  std::vector<std::unique_ptr<Connection>> readers;
  const int n = options.reader_connections < 1 ? 1 : options.reader_connections;
  readers.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    readers.push_back(TRY(open_reader(options)));
  }
  // The index file beside the database, before the readers that attach it.
  auto indexer = TRY(sqlite::SearchIndexer::open(options.path));
  for (auto& reader : readers) TRY(indexer->attach(*reader));
  auto own = TRY(Connection::open(options.path, SQLITE_OPEN_READWRITE));
  TRY(configure_common(*own));
  TRY(own->exec(kNoMmap));
  TRY(own->exec("PRAGMA synchronous = FULL;"));
  // Passive past 4 MiB of log; a restart past 256 MiB keeps the file bounded. Each pass ends
  // with an fsync of the database file, as large as what it copied. Starting at 16 MiB, 37 to
  // 60 batches in every 20 s of submissions at 1,000,000 matters waited 6 to 12 ms for the
  // WAL's fdatasync behind it; starting at 4 MiB, 0 to 3 (BENCHMARKS.md, session 9).
  auto checkpointer = std::make_unique<sqlite::Checkpointer>(std::move(own), 1024, 65536);
  auto sync = wal_sync_of(*writer, options);
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(writer), std::move(readers), std::move(checkpointer),
                                    std::move(sync), std::move(indexer), options));
}

}  // namespace doithoai::store
