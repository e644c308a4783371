// Dialogue conferences in the store (Store::dialogues()): the dialogue with its host, presiding
// board and agenda; the village meetings that prepare it and the opinions they collect (as
// Submissions of Matters); speaker registrations; the opinions raised at the conference with
// their outcomes; attendance; and the counters reports add up. Backend-neutral.
//
// Every change is one unit of work with its Event (before/after). Opinions enter the matters
// module through the MatterStore's own rules (create / add a submission / lifecycle actions)
// inside the same unit, so a refused step leaves nothing behind.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/dialogue.hpp"
#include "domain/matter.hpp"
#include "domain/model.hpp"
#include "domain/result.hpp"

namespace doithoai::store {

struct BoardMember {
  std::string name;  // "Đồng chí Nguyễn Văn A"
  std::string role;  // "Bí thư Huyện ủy, chủ trì"; "Thư ký"
};

struct AgendaItem {
  std::string field_code;  // a Field; may be empty for a general item
  std::string title;       // "Nông nghiệp và phát triển nông thôn"
};

struct Dialogue {
  Id id = 0;
  std::string title;
  std::string host_name;         // the leader who hosts: "Bí thư Huyện ủy Nguyễn Văn A"
  std::string host_title;        // "Bí thư Huyện ủy"
  std::string host_agency_code;  // the leader's agency (HU-VB)
  std::string unit_code;         // the agency's unit: the dialogue's scope
  std::string level;             // the unit's level code (district, commune, ...)
  Date held_on;
  std::string starts_at;  // "08:00", or empty
  std::string venue;
  dialogue::Status status = dialogue::Status::planned;
  std::optional<int> registration_cap;
  std::optional<Date> registration_closes_on;
  int registrations = 0;  // active speaker registrations
  int attendance = 0;     // lượt người tham dự
  int opinions = 0;       // opinions recorded one by one (dialogue_opinions)
  // For a dialogue recorded after the fact from its report, without its opinions one by one:
  // the report's figure. Statistics count this instead of `opinions` when set.
  std::optional<int> opinions_reported;
  std::string summary;
  bool generated = false;  // generated to match published totals (demo history)
  bool demo = false;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::vector<BoardMember> board;
  std::vector<AgendaItem> agenda;

  int opinions_counted() const { return opinions_reported.value_or(opinions); }
};

struct NewDialogue {
  std::string title;
  std::string host_name;
  std::string host_title;
  std::string host_agency_code;
  Date held_on;
  std::string starts_at;
  std::string venue;
  std::optional<int> registration_cap;
  std::optional<Date> registration_closes_on;
  std::vector<BoardMember> board;
  std::vector<AgendaItem> agenda;
  std::string summary;
  // A past dialogue recorded from its report (history): created straight in status closed,
  // with its attendance and opinion count. held_on must not be in the future.
  bool from_report = false;
  int attendance = 0;
  int opinions_reported = 0;
  bool generated = false;
  bool demo = false;
};

// Changes to a dialogue being prepared (Activity::edit); unset fields stay.
struct DialogueEdit {
  Id dialogue_id = 0;
  int expected_version = 0;
  std::optional<std::string> title, host_name, host_title, starts_at, venue, summary;
  std::optional<Date> held_on;
  std::optional<std::optional<int>> registration_cap;
  std::optional<std::optional<Date>> registration_closes_on;
  std::optional<std::vector<BoardMember>> board;
  std::optional<std::vector<AgendaItem>> agenda;
};

struct DialogueCommand {
  Id dialogue_id = 0;
  int expected_version = 0;
  dialogue::Action action = dialogue::Action::start_collecting;
  Date on;                        // today (Vietnam), for the hold check
  std::optional<int> attendance;  // hold may record it at once
  std::string note;
};

// An opinion as citizens raised it (at a village meeting or the conference): it becomes a
// Submission of a new Matter, or of an existing one when matter_id is set.
struct RaisedOpinion {
  std::optional<Id> matter_id;  // add to this matter (the same issue raised again)
  Kind kind = Kind::kien_nghi;
  std::string field_code;
  std::string unit_code;  // where it comes from (the speaker's commune)
  std::string title;
  std::string content;
  std::vector<Person> people;
  int head_count = 1;
  std::string tracking_code;  // for a new matter; a clash gives conflict "tracking_code_taken"
  std::string recorded_by;
};

struct VillageMeeting {
  Id id = 0;
  Id dialogue_id = 0;
  std::string unit_code;  // the village (or the commune, for a commune-wide meeting)
  Date held_on;
  std::vector<std::string> organisers;  // agency codes: the commune Party committee, MTTQ...
  int attendance = 0;
  std::string note;
  int opinions = 0;                // submissions it collected
  std::vector<Id> submission_ids;  // in the order collected
  bool demo = false;
  Timestamp created_at = 0;
};

struct NewVillageMeeting {
  Id dialogue_id = 0;
  std::string unit_code;
  Date held_on;
  std::vector<std::string> organisers;
  int attendance = 0;
  std::string note;
  std::vector<RaisedOpinion> opinions;  // collected there; each becomes a Submission
  bool demo = false;
};

struct SpeakerRegistration {
  Id id = 0;
  Id dialogue_id = 0;
  std::string name;
  std::string phone;  // decrypted for staff; never public
  std::string address;
  std::string unit_code;
  std::string topic;
  std::string field_code;
  std::optional<Id> submission_id;  // the opinion it speaks to (e.g. from a village meeting)
  std::optional<Id> matter_id;      // that submission's matter (follows merges)
  std::optional<int> position;      // speaking order, 1-based
  bool withdrawn = false;
  dialogue::SpeakerOutcome outcome = dialogue::SpeakerOutcome::pending;
  bool by_staff = false;
  Date registered_on;
  bool demo = false;
  Timestamp created_at = 0;
};

struct NewRegistration {
  Id dialogue_id = 0;
  std::string name;
  std::string phone;
  std::string address;
  std::string unit_code;
  std::string topic;
  std::string field_code;
  std::optional<Id> submission_id;
  Date registered_on;  // citizens: today; staff: the day it reached them (not after today)
  bool by_staff = false;
  std::string recorded_by;
  bool demo = false;
};

// The outcome given to an opinion at the conference.
struct OutcomeCommand {
  dialogue::Outcome outcome = dialogue::Outcome::pending;
  std::string answered_by;  // answered: who answered on the spot
  std::string answer_text;  // answered: what was said (recorded as the matter's direct answer)
  std::string agency_code;  // assigned: the agency responsible; answered: the answering agency
  // The agency the matter is assigned to in the matters module (default agency_code). The
  // matters module assigns only to agencies in office today; a history typed in later may name
  // the agency in office now.
  std::string assign_to;
  std::optional<Date> due_on;  // assigned: the deadline set at the conference
  std::string note;
};

struct Opinion {
  Id id = 0;
  Id dialogue_id = 0;
  std::optional<Id> registration_id;
  Id submission_id = 0;
  Id matter_id = 0;  // the submission's matter now (follows merges)
  std::string speaker_name;
  std::string field_code;
  std::string summary;
  dialogue::Outcome outcome = dialogue::Outcome::pending;
  std::string answered_by;
  std::string agency_code;
  std::optional<Date> due_on;
  Status matter_status = Status::received;
  Kind matter_kind = Kind::kien_nghi;  // a denunciation's speaker is never named in exports
  bool settled = false;                // the matter is answered (or otherwise finished)
  bool demo = false;
  Timestamp created_at = 0;
};

struct NewOpinion {
  Id dialogue_id = 0;
  std::optional<Id> registration_id;  // the registered speaker who raised it
  // Either an existing submission that recorded this very opinion (nothing new is recorded),
  // or the opinion as raised (a new submission, channel dialogue, on the conference day).
  std::optional<Id> submission_id;
  std::optional<RaisedOpinion> raised;
  std::string speaker_name;  // default: the registration's name, or the first person's
  std::string summary;       // default: the raised title
  OutcomeCommand outcome;
  Date on;  // the day it is recorded (not before the conference)
  bool demo = false;
};

// How far the follow-up has come: the matters raised at the dialogue and how many are settled.
struct DialogueProgress {
  int opinions = 0;
  int matters = 0;      // distinct matters behind the opinions
  int settled = 0;      // of those, answered or otherwise finished
  int outstanding = 0;  // matters - settled
  int pending = 0, answered = 0, assigned = 0, forwarded = 0;  // opinions by outcome
};

// Everything about one dialogue, for its page and its minutes (biên bản): host, board,
// agenda, village meetings, registrations in speaking order (unordered ones last, by
// registration), opinions in the order raised, attendance and follow-up progress.
struct DialogueRecord {
  Dialogue dialogue;
  std::vector<VillageMeeting> village_meetings;
  std::vector<SpeakerRegistration> registrations;
  std::vector<Opinion> opinions;
  DialogueProgress progress;
};

struct DialogueQuery {
  std::vector<dialogue::Status> statuses;
  std::optional<Date> from, to;  // held_on
  std::string unit_code;         // the unit's subtree and the units merged into it
  std::string host_agency_code;
  bool include_generated = true;
  int page = 1;
  int per_page = 20;
};

struct DialoguePage {
  std::vector<Dialogue> items;  // newest first, without board and agenda
  std::int64_t total = 0;
  int page = 1;
  int per_page = 20;
};

// What reports add up: dialogues held (held, following up, closed) in [from, to], with their
// attendance and opinions. Scope: unit_code (its subtree and, recursively, the units merged
// into it: 2021 communes roll up into the 2025 commune) and/or host_agency_code; both empty:
// everything.
struct DialogueCountQuery {
  Date from;
  Date to;
  std::string unit_code;
  std::string host_agency_code;
  bool include_demo = true;
};

struct DialogueCounts {
  std::int64_t dialogues = 0;
  std::int64_t attendance = 0;
  std::int64_t opinions = 0;  // opinions recorded, or the reported figure where set
};

struct HostCounts {
  std::string host_agency_code;
  DialogueCounts counts;
};

// The counts of one (unit where held, host) pair: reports fold them into their total, their
// rows by unit and their rows by host from one read.
struct UnitHostCounts {
  std::string unit_code;
  std::string host_agency_code;
  DialogueCounts counts;
};

class DialogueStore {
 public:
  virtual ~DialogueStore() = default;

  virtual Expected<Dialogue> create(const NewDialogue& d, const Actor& actor) = 0;
  virtual Expected<Dialogue> edit(const DialogueEdit& edit, const Actor& actor) = 0;
  // A lifecycle action (domain/dialogue): checks the version and the table again; close is
  // refused (409 "matters_outstanding") while a matter raised at the dialogue is unsettled.
  virtual Expected<Dialogue> apply(const DialogueCommand& command, const Actor& actor) = 0;
  virtual Expected<Dialogue> get(Id id) = 0;
  virtual Expected<DialogueRecord> record(Id id) = 0;
  virtual Expected<DialoguePage> list(const DialogueQuery& query) = 0;

  virtual Expected<VillageMeeting> add_village_meeting(const NewVillageMeeting& m,
                                                       const Actor& actor) = 0;
  // Refused with conflict registration_not_open / registration_closed / registration_full /
  // already_registered (the same person: folded name and phone, or name and commune).
  virtual Expected<SpeakerRegistration> register_speaker(const NewRegistration& r,
                                                         const Actor& actor) = 0;
  virtual Expected<SpeakerRegistration> withdraw_registration(Id dialogue_id, Id registration_id,
                                                              const Actor& actor) = 0;
  // The speaking order: the registrations listed speak in that order; the others lose theirs.
  virtual Expected<std::vector<SpeakerRegistration>> set_speaking_order(
      Id dialogue_id, const std::vector<Id>& registration_ids, const Actor& actor) = 0;
  virtual Expected<SpeakerRegistration> set_speaker_outcome(Id dialogue_id, Id registration_id,
                                                            dialogue::SpeakerOutcome outcome,
                                                            const Actor& actor) = 0;
  virtual Expected<Opinion> record_opinion(const NewOpinion& o, const Actor& actor) = 0;
  // Gives a pending opinion its outcome (and drives its matter accordingly).
  virtual Expected<Opinion> set_outcome(Id dialogue_id, Id opinion_id, const OutcomeCommand& c,
                                        Date on, const Actor& actor) = 0;
  virtual Expected<Dialogue> record_attendance(Id dialogue_id, int attendance,
                                               const Actor& actor) = 0;

  // ---- for reports ----
  virtual Expected<DialogueCounts> count(const DialogueCountQuery& query) = 0;
  virtual Expected<std::vector<HostCounts>> count_by_host(const DialogueCountQuery& query) = 0;
  virtual Expected<std::vector<UnitHostCounts>> count_by_unit_and_host(
      const DialogueCountQuery& query) = 0;
};

}  // namespace doithoai::store
