// The Store: everything doithoai keeps. Backend-neutral: no SQLite (or PostgreSQL) type
// appears here. Every method that changes data runs as one unit of work that also appends its
// Event(s), and returns only once that unit is durably committed (fsync), so a 2xx built on it
// is on disk. Reads never block writes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/deadlines.hpp"
#include "domain/model.hpp"
#include "domain/reception.hpp"
#include "domain/result.hpp"
#include "store/dialogues.hpp"
#include "store/matters.hpp"
#include "store/receptions.hpp"
#include "store/reports.hpp"
#include "store/search.hpp"

namespace doithoai::store {

// The reference data loaded from data/ (see store/reference_files.hpp).
struct ReferenceData {
  std::vector<UnitLevel> levels;
  std::vector<Unit> units;
  std::vector<Agency> agencies;
  std::vector<Field> fields;
  std::vector<Holiday> holidays;
  std::vector<deadlines::Rule> deadline_rules;        // data/deadline_rules.tsv
  std::vector<reception::DutyRule> reception_duties;  // data/reception_duties.tsv
};

struct SeedReport {
  bool seeded = false;  // false when the tables already held data (seeding runs once)
  int levels = 0, units = 0, agencies = 0, fields = 0, holidays = 0, deadline_rules = 0;
  int reception_duties = 0;
};

struct MigrationState {
  int current = 0;  // highest applied migration
  int latest = 0;   // highest migration compiled into this binary
};

struct CheckReport {
  bool integrity_ok = false;
  std::string integrity_message;  // "ok" or what PRAGMA integrity_check said
  MigrationState migrations;
  bool events_chain_ok = true;  // the event ids are gap-free and increasing
};

struct Options {
  std::string path = "doithoai.db";
  int reader_connections = 4;
  // Group commit: the writer gathers up to this many units of work into one transaction.
  int max_batch = 512;
  bool create_if_missing = true;
  // Observes each commit: seconds spent committing and the number of units in the batch.
  std::function<void(double seconds, int units)> on_commit;
  // The key that encrypts phone and ID numbers at rest (libsodium secretbox): exactly 32 raw
  // bytes, or empty. open_sqlite refuses any other length (invalid "missing_key"). Without a key
  // the store opens, but recording or reading a phone or ID number fails (internal
  // "no_encryption_key"). A store opened with another key cannot read them (internal
  // "decrypt_failed"), never garbage.
  std::string secret_key;
  // For filling a database that serves nobody yet (the benchmark generator): commits are not
  // synced and the writer keeps a large page cache. Never for a server: a crash may lose or
  // corrupt what was written.
  bool bulk_load = false;
  // When set, every matter created gets its similarity signature in the same unit of work
  // (computed on the caller's thread, before the unit is queued for the writer).
  MatterSigner signer;
};

struct EventQuery {
  std::string entity_type;  // empty: all
  std::string entity_id;    // empty: all of that type
  int limit = 100;
  Id before_id = 0;  // 0: newest first from the end; otherwise only ids < before_id
};

// A published answer with how often the public read it (Store::most_viewed).
struct ViewedMatter {
  Id id = 0;
  std::string tracking_code;
  std::string title;
  std::string unit_code;
  Kind kind = Kind::phan_anh;
  std::optional<Date> answered_on;
  std::int64_t views = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Schema. migrate() applies every pending numbered migration, each in its own transaction.
  virtual Expected<MigrationState> migrate() = 0;
  virtual Expected<MigrationState> migration_state() = 0;
  virtual Expected<CheckReport> check() = 0;
  // Filling a database nobody is served from yet (the benchmark generator): between begin and
  // end the full-text and LSH indexes stop following each write (their triggers are set aside
  // in the database itself), and end_bulk_load puts the triggers back and rebuilds both indexes
  // in one pass, each into a single segment. A search meanwhile misses what was written since
  // begin.
  virtual Expected<void> begin_bulk_load() = 0;
  virtual Expected<void> end_bulk_load() = 0;
  // An online, consistent copy of the whole database, safe while the server writes.
  virtual Expected<void> backup_to(const std::string& path) = 0;

  // Reference data (including the deadline rules). Seeds each table only if it is empty.
  virtual Expected<SeedReport> seed_reference(const ReferenceData& data, const Actor& actor) = 0;

  // A number that changes (in the same transaction) with every write to the reference data:
  // units and their links, levels, agencies, fields, holidays, deadline rules, reception duties,
  // whichever process wrote. One indexed read, for caches to know when to load again.
  virtual Expected<std::int64_t> reference_version() = 0;

  virtual Expected<std::vector<UnitLevel>> unit_levels() = 0;
  // Units valid on `at` (all units when empty).
  virtual Expected<std::vector<Unit>> units(std::optional<Date> at) = 0;
  virtual Expected<Unit> unit(const std::string& code) = 0;
  virtual Expected<Unit> add_unit(const Unit& unit, const Actor& actor) = 0;
  // Ends the old units the day before merger.into.valid_from and links them to the new one.
  virtual Expected<Unit> merge_units(const UnitMerger& merger, const Actor& actor) = 0;

  virtual Expected<std::vector<Agency>> agencies() = 0;
  virtual Expected<Agency> agency(const std::string& code) = 0;
  virtual Expected<std::vector<Field>> fields() = 0;
  // Added for the admin screens: conflict "agency_exists" / "field_exists" on a known code.
  virtual Expected<Agency> add_agency(const Agency& agency, const Actor& actor) = 0;
  virtual Expected<Field> add_field(const Field& field, const Actor& actor) = 0;
  // A field is never removed (matters keep it); an inactive one is offered to no new matter.
  virtual Expected<Field> set_field_active(const std::string& code, bool active,
                                           const Actor& actor) = 0;

  virtual Expected<std::vector<Holiday>> holidays(std::optional<Date> from,
                                                  std::optional<Date> to) = 0;
  virtual Expected<Holiday> add_holiday(const Holiday& holiday, const Actor& actor) = 0;
  virtual Expected<void> remove_holiday(const Date& date, const Actor& actor) = 0;

  // Users. add_user fails with conflict "username_taken" when the name exists.
  virtual Expected<User> add_user(const User& user, const Actor& actor) = 0;
  virtual Expected<User> user_by_username(const std::string& username) = 0;
  virtual Expected<User> user_by_id(Id id) = 0;
  virtual Expected<std::vector<User>> users() = 0;
  // Locks (or unlocks) an account; locking ends its sessions. Replaces a user's grants.
  virtual Expected<User> set_user_active(Id id, bool active, const Actor& actor) = 0;
  virtual Expected<User> set_user_grants(Id id, const std::vector<Grant>& grants,
                                         const Actor& actor) = 0;

  // Views of published answers, counted in memory by the caller and added in batches (one
  // Event "views.add" a batch); the most read published answers, most views first.
  virtual Expected<void> add_views(const std::vector<std::pair<Id, std::int64_t>>& views) = 0;
  virtual Expected<std::vector<ViewedMatter>> most_viewed(int limit) = 0;

  // Sessions and API tokens (hashes only).
  virtual Expected<void> create_session(const Session& session, const Actor& actor) = 0;
  virtual Expected<Session> session_by_hash(const std::string& token_hash) = 0;
  // Records activity without waiting for the disk: losing it costs an idle-expiry minute.
  virtual void touch_session_later(const std::string& token_hash, Timestamp at) = 0;
  virtual Expected<void> delete_session(const std::string& token_hash, const Actor& actor) = 0;
  virtual Expected<int> delete_sessions_before(Timestamp created_before, Timestamp seen_before) = 0;
  virtual Expected<ApiToken> create_api_token(const ApiToken& token, const Actor& actor) = 0;
  virtual Expected<ApiToken> api_token_by_hash(const std::string& token_hash) = 0;

  // Event log.
  virtual Expected<std::vector<Event>> events(const EventQuery& query) = 0;

  // Matters: intake, lifecycle actions, queries, deadline rules (store/matters.hpp).
  virtual MatterStore& matters() = 0;
  // Dialogue conferences (store/dialogues.hpp) and citizen reception (store/receptions.hpp).
  virtual DialogueStore& dialogues() = 0;
  virtual ReceptionStore& receptions() = 0;

  // The aggregates behind the reports (store/reports.hpp).
  virtual ReportStore& reports() = 0;

  // Similarity signatures, matter texts and the full-text index (store/search.hpp).
  virtual SearchStore& search() = 0;

  // Waits for queued writes and closes every connection. Further calls fail.
  virtual void close() = 0;
};

// Opens (creating if allowed) a SQLite database file in WAL mode. Does not migrate.
Expected<std::unique_ptr<Store>> open_sqlite(const Options& options);

}  // namespace doithoai::store
