// Matters in the store: intake, the lifecycle actions, queries and the deadline rules. Part of
// the backend-neutral Store (Store::matters()); no SQL type appears here.
//
// Concurrency: an action is decided on a matter the caller has read (its permission and the
// lifecycle check happen in the caller, against that state) and carries the version it read.
// The store applies it only if the version is still current: two officers acting at once, one
// wins, the other gets 409 "stale_version", never a lost update.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/deadlines.hpp"
#include "domain/lifecycle.hpp"
#include "domain/matter.hpp"
#include "domain/model.hpp"
#include "domain/result.hpp"

namespace doithoai::store {

// A matter as stored and listed (without its submissions and answers).
struct Matter {
  Id id = 0;
  std::string tracking_code;
  Kind kind = Kind::phan_anh;
  std::string field_code;  // empty until classified
  std::string unit_code;
  Status status = Status::received;
  std::string title;
  std::string summary;                // the first submission's content, shortened for lists
  std::string agency_code;            // lead agency, once assigned
  std::string handler;                // username, once assigned
  Channel channel = Channel::online;  // of the first submission
  Date received_on;
  std::optional<Date> accepted_on;
  std::optional<Date> answered_on;
  std::optional<Date> next_due_on;  // the earliest unmet deadline, for overdue/due-soon lists
  int submissions = 1;              // lượt ý kiến grouped here
  int head_count = 1;               // people behind them (mentions)
  int extensions = 0;
  std::optional<Id> merged_into;
  std::string refusal_ground;
  std::optional<int> rating;        // 1 Chưa hài lòng, 2 Hài lòng, 3 Rất hài lòng
  bool identity_protected = false;  // a denunciation: submitters' identity is confidential
  bool published = false;           // the answer is public (set by publish, kept once closed)
  bool demo = false;
  int version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

struct MatterRecord {
  Matter matter;
  std::vector<Submission> submissions;  // with people, phone and ID decrypted
  std::vector<Answer> answers;
  std::vector<deadlines::Deadline> deadlines;
};

struct NewMatter {
  Kind kind = Kind::phan_anh;
  std::string field_code;  // optional
  std::string unit_code;
  std::string title;
  Submission submission;      // channel, received_on, content, people, head_count, recorded_by
  std::string tracking_code;  // chosen by the caller; a clash gives conflict "tracking_code_taken"
  bool demo = false;
};

// An action with its parameters (only those the action uses are read).
struct ActionCommand {
  Id matter_id = 0;
  int expected_version = 0;  // the version the caller decided on
  lifecycle::Action action = lifecycle::Action::classify;
  Date on;  // the day it happens (Vietnam), for met_on/accepted_on/answered_on
  // classify
  std::optional<Kind> kind;
  std::string field_code;
  std::string unit_code;
  // assign
  std::string agency_code;
  std::string handler;
  // answer, answer_from_higher, guide (document to the competent body)
  std::optional<Answer> answer;
  // refuse
  std::string ground;
  // merge
  std::optional<Id> merge_into;
  // extend
  std::string decision_number;
  // rate
  std::optional<int> rating;
  std::string note;
};

enum class SortOrder { received_desc, received_asc, due_asc, updated_desc };

struct MatterQuery {
  std::vector<Status> statuses;
  std::optional<Kind> kind;
  std::string field_code;
  std::vector<std::string> unit_codes;  // any of these units (the caller expands subtrees)
  std::string agency_code;
  std::string handler;
  std::optional<Channel> channel;
  std::optional<Date> received_from, received_to;
  std::optional<Date> overdue_on;  // unmet deadline due before this day
  std::optional<Date> due_by;      // unmet deadline due on or before this day
  std::optional<Date> due_from;    // earliest unmet deadline due on or after this day
  bool published_only = false;
  bool include_merged = false;
  // The caller's scope: matters in these units or assigned to these agencies (both empty: all).
  std::vector<std::string> scope_units;
  std::vector<std::string> scope_agencies;
  SortOrder sort = SortOrder::received_desc;
  // Words to search for (q), accent-insensitive; non-empty: items come in rank order (sort is
  // ignored) with a snippet each. With published_only, only what the public sees is searched:
  // the title and the published answer.
  std::string text;
  int page = 1;
  int per_page = 20;
  // Past this many matches a total no counter answers is reported as "at least" (total_capped).
  std::int64_t count_cap = 10000;
  // A text search reads the matches newest first and ranks at most this many that pass the
  // filters, reading at most ten times as many matches: past either, total is what was found
  // and total_capped says there are more matches.
  int text_cap = 200;
  // Also read each item's answers and deadlines (MatterPage::outcomes) in the same snapshot:
  // what a public list shows beside the matter, without reading its submissions and people.
  bool with_outcomes = false;
};

// What became of a listed matter: its answers and its deadlines.
struct MatterOutcome {
  std::vector<Answer> answers;
  std::vector<deadlines::Deadline> deadlines;
};

struct MatterPage {
  std::vector<Matter> items;
  // For a text search, one per item: an extract with the matched words marked, HTML-escaped,
  // each match in <mark>...</mark>. Empty otherwise.
  std::vector<std::string> snippets;
  // With MatterQuery::with_outcomes, one per item; empty otherwise.
  std::vector<MatterOutcome> outcomes;
  // Exact when the counters answer the filter (unit, status, kind, published) or the matches
  // are few; otherwise counted up to a cap, and total_capped says there are more. For a text
  // search: the matches ranked (MatterQuery::text_cap).
  std::int64_t total = 0;
  bool total_capped = false;
  int page = 1;
  int per_page = 20;
};

class MatterStore {
 public:
  virtual ~MatterStore() = default;

  // Records a new matter with its first submission, its deadlines, its similarity signature
  // (when the store has a signer) and its Event, in one unit of work. Returns it as recorded:
  // the submission as given (with its id), the deadlines, no answers.
  virtual Expected<MatterRecord> create_record(const NewMatter& matter, const Actor& actor) = 0;
  // The same without waiting for the commit: `done` gets the result once it is durable (on the
  // writer's thread for the SQLite store; this default runs create_record and calls it at
  // once). `done` must be short: hand the result on.
  using CreatedRecord = std::function<void(Expected<MatterRecord>)>;
  virtual void create_record_async(const std::shared_ptr<const NewMatter>& matter,
                                   const Actor& actor, CreatedRecord done) {
    const CreatedRecord answer = std::move(done);
    answer(create_record(*matter, actor));
  }
  Expected<Matter> create(const NewMatter& matter, const Actor& actor) {
    auto record = create_record(matter, actor);
    if (!record.ok()) return std::move(record).error();
    return std::move(record->matter);
  }
  // Adds a submission to an existing matter (a duplicate raised again).
  virtual Expected<Submission> add_submission(Id matter_id, const Submission& submission,
                                              const Actor& actor) = 0;
  // The matter with this id as it is, even when merged (its merged_into says where it went).
  virtual Expected<MatterRecord> get(Id id) = 0;
  // Follows merges: the tracking code of a merged matter finds the matter it went into.
  virtual Expected<MatterRecord> get_by_tracking_code(const std::string& code) = 0;
  virtual Expected<MatterPage> list(const MatterQuery& query) = 0;
  // Checks the version and the lifecycle again, applies, recomputes deadlines, appends an
  // Event with before and after. Returns the matter as it now is.
  virtual Expected<Matter> apply(const ActionCommand& command, const Actor& actor) = 0;
  // Records that someone saw a denouncer's identity (an Event, nothing else changes).
  virtual Expected<void> record_identity_view(Id matter_id, const Actor& actor) = 0;

  virtual Expected<std::vector<deadlines::Rule>> deadline_rules() = 0;
  virtual Expected<deadlines::Rule> add_deadline_rule(const deadlines::Rule& rule,
                                                      const Actor& actor) = 0;
};

}  // namespace doithoai::store
