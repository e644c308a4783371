// The plain value types that travel between modules. Names follow the glossary in
// docs/architecture.md; the Vietnamese words people read live in the message catalogue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"

namespace doithoai {

using Id = std::int64_t;

// A level of administrative unit (province, district, commune, village). Levels are data
// (data/levels.tsv): the two-level reform of 2025 removed one without a code change.
struct UnitLevel {
  std::string code;  // "province", "district", "commune", "village"
  std::string name;  // "Tỉnh, thành phố"
  int rank = 0;      // 1 = highest
};

// An administrative unit (đơn vị hành chính) as it existed between valid_from and valid_to.
struct Unit {
  std::string code;  // official code where known (GSO), else a local code
  std::string name;  // "Vĩnh An"
  std::string type_name;  // what precedes the name: "xã", "thị trấn", "huyện", "thành phố", "thôn"
  std::string level;  // a UnitLevel code
  std::optional<std::string> parent_code;
  Date valid_from;
  std::optional<Date> valid_to;  // last day it existed; empty while it exists
  std::vector<std::string> predecessor_codes;
  std::vector<std::string> successor_codes;
  bool sample = false;  // invented for demonstration (villages we could not confirm)
  std::string note;

  std::string full_name() const { return type_name.empty() ? name : type_name + " " + name; }
  bool valid_at(const Date& d) const { return valid_from <= d && (!valid_to || d <= *valid_to); }
};

// A merger recorded by an admin: the listed units end on the day before `effective`, and the
// new unit (created, or existing) succeeds them from that day.
struct UnitMerger {
  std::vector<std::string> from_codes;
  Unit into;             // code, name, type_name, level, parent_code; valid_from = effective date
  std::string decision;  // the decree or resolution, e.g. "Nghị quyết 1669/NQ-UBTVQH15"
};

// An agency (cơ quan, đơn vị): a Party committee, People's Committee, the Fatherland Front, a
// department or board. Belongs to a unit.
struct Agency {
  std::string code;
  std::string name;
  std::string kind;  // "party_committee", "people_committee", "fatherland_front", "department",
                     // "party_board", "inspectorate", "office"
  std::string unit_code;
  std::optional<std::string> parent_code;
  std::optional<Date> valid_to;
};

// A field (lĩnh vực) of the taxonomy.
struct Field {
  std::string code;
  std::string name;
  std::optional<std::string> parent_code;
  int sort_order = 0;
  bool active = true;
};

// A day the calendar treats specially: a public holiday (no work) or a make-up working day
// (a Saturday or Sunday worked in exchange for a bridge day off).
struct Holiday {
  Date date;
  std::string name;
  bool working_day = false;  // true: a make-up working day
  std::string source;        // the decision or notice that set it
};

enum class Role { admin, intake, leader, officer, inspector };

// A role granted on a scope: an agency, or a unit with everything below it.
struct Grant {
  Role role = Role::inspector;
  enum class ScopeKind { unit, agency } scope_kind = ScopeKind::unit;
  std::string scope_code;
};

struct User {
  Id id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;  // Argon2id, libsodium's encoded string; never leaves the store
  bool active = true;
  std::vector<Grant> grants;
  Timestamp created_at = 0;
};

// A server-side login session. Only a hash of the cookie token is stored.
struct Session {
  std::string token_hash;  // hex of a keyed hash of the cookie value
  Id user_id = 0;
  std::string csrf_token;
  Timestamp created_at = 0;
  Timestamp last_seen_at = 0;
};

// A bearer token for API clients, created from the CLI. Only its hash is stored.
struct ApiToken {
  Id id = 0;
  std::string token_hash;
  Id user_id = 0;
  std::string name;
  Timestamp created_at = 0;
  bool revoked = false;
};

// Who did something: a user, or the system itself (seeding, the CLI).
struct Actor {
  std::optional<Id> user_id;
  std::string name;  // the username, or "system" / "cli"

  static Actor system() { return Actor{std::nullopt, "system"}; }
  static Actor cli() { return Actor{std::nullopt, "cli"}; }
};

// One entry of the append-only log (nhật ký). Written in the same transaction as the change.
struct Event {
  Id id = 0;
  Timestamp at = 0;
  std::optional<Id> actor_id;
  std::string actor;
  std::string action;       // "holiday.create", "unit.merge", "user.create", ...
  std::string entity_type;  // "holiday", "unit", "user", ...
  std::string entity_id;
  std::string before_json;  // "" or a JSON object
  std::string after_json;
};

}  // namespace doithoai
