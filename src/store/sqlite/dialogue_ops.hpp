// The SQL behind the DialogueStore (and the helpers the ReceptionStore shares), as functions of a
// connection, like matter_ops.hpp: readers run inside a read transaction, writers as one unit of
// work that appends its Event(s). Private to the SQLite backend. Events carry codes, dates and
// counters, never a name, phone number or the words of an opinion.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/dialogues.hpp"
#include "store/field_cipher.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/matter_ops.hpp"

namespace doithoai::store::sqlite::dialogue_ops {

// What the dialogue operations need besides the connection: the key for phone numbers and
// person keys, and the matters module's deadline cache (for matters opened from opinions).
struct Services {
  const FieldCipher& cipher;
  std::string_view secret_key;
  matter_ops::DeadlineCache& deadlines;
};

// ---- shared with the reception store ----

// A recursive CTE named `scope(code)`: the unit bound as parameter ?1, its subtree and,
// recursively, the units merged into any of them (their predecessors).
extern const std::string_view kScopeCte;
// A keyed hash (hex) of who someone is: the folded name with the phone digits, or with the
// commune when there is no phone. Equal for the same person typed twice.
std::string person_key(std::string_view secret_key, std::string_view name, std::string_view phone,
                       std::string_view unit_code);
bool blank(const std::string& s);
// "HH:MM" (00:00..23:59) or empty.
bool valid_time(const std::string& s);
std::string dump(const nlohmann::json& j);
// Seals a phone number, or nullopt when empty.
Expected<std::optional<std::string>> seal_optional(const FieldCipher& cipher,
                                                   const std::string& plain);
Expected<std::string> open_optional(const FieldCipher& cipher, const std::string& sealed);
// Checks that `unit` lies in `scope_unit`'s scope (kScopeCte).
Expected<bool> unit_in_scope(Connection& c, const std::string& scope_unit, const std::string& unit);
// A matter for an opinion: a new one, or a submission added to an existing one. Returns the
// submission id.
Expected<Id> raise_opinion(Connection& c, const RaisedOpinion& o, Channel channel, Date received_on,
                           bool demo, const Actor& actor, const Services& s);

// ---- dialogues ----
Expected<std::optional<Dialogue>> find_dialogue(Connection& c, Id id);
Expected<Dialogue> read_dialogue(Connection& c, Id id);  // with board and agenda
Expected<DialogueRecord> read_record(Connection& c, Id id, const Services& s);
Expected<DialoguePage> list_dialogues(Connection& c, const DialogueQuery& q);
Expected<DialogueProgress> read_progress(Connection& c, Id id);
Expected<DialogueCounts> count_dialogues(Connection& c, const DialogueCountQuery& q);
Expected<std::vector<HostCounts>> count_by_host(Connection& c, const DialogueCountQuery& q);
Expected<std::vector<UnitHostCounts>> count_by_unit_and_host(Connection& c,
                                                             const DialogueCountQuery& q);

Expected<Dialogue> create_dialogue(Connection& c, const NewDialogue& d, const Actor& actor);
Expected<Dialogue> edit_dialogue(Connection& c, const DialogueEdit& e, const Actor& actor);
Expected<Dialogue> apply_action(Connection& c, const DialogueCommand& cmd, const Actor& actor);
Expected<VillageMeeting> add_village_meeting(Connection& c, const NewVillageMeeting& m,
                                             const Actor& actor, const Services& s);
Expected<SpeakerRegistration> register_speaker(Connection& c, const NewRegistration& r,
                                               const Actor& actor, const Services& s);
Expected<SpeakerRegistration> withdraw_registration(Connection& c, Id dialogue_id, Id id,
                                                    const Actor& actor, const Services& s);
Expected<std::vector<SpeakerRegistration>> set_speaking_order(Connection& c, Id dialogue_id,
                                                              const std::vector<Id>& ids,
                                                              const Actor& actor,
                                                              const Services& s);
Expected<SpeakerRegistration> set_speaker_outcome(Connection& c, Id dialogue_id, Id id,
                                                  dialogue::SpeakerOutcome outcome,
                                                  const Actor& actor, const Services& s);
Expected<Opinion> record_opinion(Connection& c, const NewOpinion& o, const Actor& actor,
                                 const Services& s);
Expected<Opinion> set_outcome(Connection& c, Id dialogue_id, Id opinion_id,
                              const OutcomeCommand& cmd, Date on, const Actor& actor,
                              const Services& s);
Expected<Dialogue> record_attendance(Connection& c, Id dialogue_id, int attendance,
                                     const Actor& actor);

Expected<std::vector<SpeakerRegistration>> read_registrations(Connection& c, Id dialogue_id,
                                                              const Services& s);
Expected<std::vector<Opinion>> read_opinions(Connection& c, Id dialogue_id,
                                             std::optional<Id> only = std::nullopt);

}  // namespace doithoai::store::sqlite::dialogue_ops
