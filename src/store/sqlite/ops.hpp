// The SQL behind each Store method, as functions of a connection. Readers run them on a pooled
// read connection inside a read transaction; writers run them as a unit of work on the writer's
// connection inside a savepoint of a group-committed transaction (see writer.hpp). Each writing
// function appends its Event(s) itself, so the change and its log entry commit together.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/deadlines.hpp"
#include "domain/model.hpp"
#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace doithoai::store::sqlite {

// ---- events (events.cpp) ----
// Appends one event (at = now). Empty before/after JSON is stored as NULL.
Expected<Id> append_event(Connection& c, const Actor& actor, std::string_view action,
                          std::string_view entity_type, std::string_view entity_id,
                          const std::string& before_json, const std::string& after_json);
Expected<std::vector<Event>> read_events(Connection& c, const EventQuery& query);
// Ids 1..n with no gap, and none removed from the end (checked against sqlite_sequence).
Expected<bool> events_chain_ok(Connection& c);
Expected<bool> table_exists(Connection& c, std::string_view table);

// ---- reference data (reference.cpp) ----
Expected<SeedReport> seed_reference(Connection& c, const ReferenceData& data, const Actor& actor);
// The row of migration 13 that every write to the reference tables changes.
Expected<std::int64_t> read_reference_version(Connection& c);
Expected<std::vector<UnitLevel>> read_unit_levels(Connection& c);
Expected<std::vector<Unit>> read_units(Connection& c, std::optional<Date> at);
Expected<Unit> read_unit(Connection& c, const std::string& code);
// The unit without its predecessor and successor codes (one indexed read).
Expected<Unit> read_unit_row(Connection& c, const std::string& code);
Expected<Unit> add_unit(Connection& c, const Unit& unit, const Actor& actor);
Expected<Unit> merge_units(Connection& c, const UnitMerger& merger, const Actor& actor);
Expected<std::vector<Agency>> read_agencies(Connection& c);
Expected<Agency> read_agency(Connection& c, const std::string& code);
Expected<std::vector<Field>> read_fields(Connection& c);
Expected<std::vector<Holiday>> read_holidays(Connection& c, std::optional<Date> from,
                                             std::optional<Date> to);
Expected<Holiday> add_holiday(Connection& c, const Holiday& holiday, const Actor& actor);
Expected<void> remove_holiday(Connection& c, const Date& date, const Actor& actor);
Expected<Agency> add_agency(Connection& c, const Agency& agency, const Actor& actor);
Expected<Field> add_field(Connection& c, const Field& field, const Actor& actor);
Expected<Field> set_field_active(Connection& c, const std::string& code, bool active,
                                 const Actor& actor);

// ---- deadline rules (deadline_rules.cpp) ----
// deadlines::validate, plus: notify and accept run from receipt, and a rule names its source.
Expected<void> validate_deadline_rule(const deadlines::Rule& rule);
Expected<void> insert_deadline_rule(Connection& c, const deadlines::Rule& rule);
Expected<std::vector<deadlines::Rule>> read_deadline_rules(Connection& c);
// Conflict "deadline_rule_exists" for a second rule with the same kind, step and valid_from.
Expected<deadlines::Rule> add_deadline_rule(Connection& c, const deadlines::Rule& rule,
                                            const Actor& actor);

// ---- users, sessions, API tokens (users.cpp) ----
Expected<User> add_user(Connection& c, const User& user, const Actor& actor);
Expected<User> read_user_by_username(Connection& c, const std::string& username);
Expected<User> read_user_by_id(Connection& c, Id id);
Expected<std::vector<User>> read_users(Connection& c);
// Locking an account also ends its sessions.
Expected<User> set_user_active(Connection& c, Id id, bool active, const Actor& actor);
Expected<User> set_user_grants(Connection& c, Id id, const std::vector<Grant>& grants,
                               const Actor& actor);

// ---- views of published answers (views.cpp) ----
// Adds counted views (matter id, views) in one statement per matter; no event (statistics).
Expected<void> add_views(Connection& c, const std::vector<std::pair<Id, std::int64_t>>& views);
Expected<std::vector<ViewedMatter>> read_most_viewed(Connection& c, int limit);
Expected<void> create_session(Connection& c, const Session& session, const Actor& actor);
Expected<Session> read_session(Connection& c, const std::string& token_hash);
// Raises last_seen_at (never lowers it); no event. Missing sessions are ignored.
Expected<void> touch_session(Connection& c, const std::string& token_hash, Timestamp at);
Expected<void> delete_session(Connection& c, const std::string& token_hash, const Actor& actor);
Expected<int> delete_sessions_before(Connection& c, Timestamp created_before,
                                     Timestamp seen_before);
Expected<ApiToken> create_api_token(Connection& c, const ApiToken& token, const Actor& actor);
Expected<ApiToken> read_api_token(Connection& c, const std::string& token_hash);

}  // namespace doithoai::store::sqlite
