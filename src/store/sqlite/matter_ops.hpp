// The SQL behind the MatterStore, as functions of a connection (like ops.hpp): the readers run
// inside a read transaction, the writers as one unit of work that appends its Event(s).
// Private to the SQLite backend. No Event ever carries a name, phone, e-mail, address or ID
// number, nor the free text a citizen wrote.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/deadlines.hpp"
#include "store/field_cipher.hpp"
#include "store/matters.hpp"
#include "store/search.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite::matter_ops {

// The deadline rules and the working-day calendar, as one connection sees them.
struct DeadlineContext {
  std::vector<deadlines::Rule> rules;
  WorkingCalendar calendar;
};

// Caches the DeadlineContext. calendar_state.token changes (by trigger) with every change to
// the holidays or the rules, from any process, so a cheap read of it tells when to reload. A
// context read inside a batch that is later rolled back carries a token that no longer exists,
// so it is reloaded too.
class DeadlineCache {
 public:
  Expected<std::shared_ptr<const DeadlineContext>> get(Connection& c);

 private:
  std::mutex mu_;
  std::int64_t token_ = 0;
  std::shared_ptr<const DeadlineContext> context_;
};

// ---- reads (matter_read.cpp) ----
Expected<std::optional<Matter>> find_matter(Connection& c, Id id);
Expected<std::optional<Id>> find_by_tracking_code(Connection& c, const std::string& code);
// Follows merged_into from id to the matter that is not merged.
Expected<Id> final_matter(Connection& c, Id id);
Expected<MatterRecord> read_record(Connection& c, Id id, const FieldCipher& cipher);
Expected<std::vector<Answer>> read_answers(Connection& c, Id matter_id);
Expected<std::vector<deadlines::Deadline>> read_deadlines(Connection& c, Id matter_id);
Expected<MatterPage> list_matters(Connection& c, const MatterQuery& query);

// ---- writes (matter_write.cpp, matter_apply.cpp) ----
// With a signature, the matter's similarity signature is stored in the same unit.
Expected<MatterRecord> create_matter(Connection& c, const NewMatter& matter, const Actor& actor,
                                     const FieldCipher& cipher, DeadlineCache& cache,
                                     const MatterSignature* signature = nullptr);
Expected<Submission> add_submission(Connection& c, Id matter_id, const Submission& submission,
                                    const Actor& actor, const FieldCipher& cipher);
Expected<Matter> apply_action(Connection& c, const ActionCommand& command, const Actor& actor,
                              DeadlineCache& cache);
Expected<void> record_identity_view(Connection& c, Id matter_id, const Actor& actor);

// ---- shared helpers (matter_write.cpp) ----
Error matter_not_found();
// A submission's content shortened for lists (matters.summary).
std::string summary_of(const std::string& content);
// Replaces the matter's deadline rows; returns next_due_on for a matter in `status`.
Expected<std::optional<Date>> store_deadlines(Connection& c, Id matter_id, Status status,
                                              const std::vector<deadlines::Deadline>& list);
// Checks a unit code for a matter received on `received_on` (or valid on `also_on`).
Expected<void> check_unit(Connection& c, const std::string& code, Date received_on,
                          std::optional<Date> also_on = std::nullopt);
Expected<void> check_field(Connection& c, const std::string& code);
Expected<void> check_agency(Connection& c, const std::string& code, std::string field,
                            std::optional<Date> active_on);
// The matter's state for an Event: codes, dates and counters only.
nlohmann::json state_json(const Matter& m);
nlohmann::json deadlines_json(const std::vector<deadlines::Deadline>& list);
std::string dump(const nlohmann::json& j);

}  // namespace doithoai::store::sqlite::matter_ops
