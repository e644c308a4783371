// The matter use cases that every front end shares (the JSON API and the web pages): who sees
// which matters, reading a lifecycle action from input, performing it behind the one permission
// gate, the denouncer's identity rule, public submissions and ratings. One place, so that a
// form and a JSON body are checked, refused and recorded alike.
#pragma once

#include <string>
#include <vector>

#include "domain/input.hpp"
#include "domain/permissions.hpp"
#include "domain/unit_tree.hpp"
#include "store/matters.hpp"
#include "store/receptions.hpp"

namespace doithoai::store {

// The matters a subject may list: unit grants give their subtree; agency grants give the
// agency's matters and, for roles other than officer, the agency's unit subtree. A grant on a
// root unit gives everything.
struct MatterScope {
  bool everything = false;
  std::vector<std::string> units;
  std::vector<std::string> agencies;
};
MatterScope matter_scope(const permissions::Subject& subject, const UnitTree& tree);
// Restricts a query to the subject's scope; forbidden when the subject may see no matter.
Expected<void> restrict_to_scope(MatterQuery& query, const permissions::Subject& subject,
                                 const UnitTree& tree);

// What permissions are decided on for a matter: its unit path, agency and handler.
permissions::Target matter_target(const UnitTree& tree, const Matter& matter);

// Whether the subject sees the people who raised the matter. A denouncer's identity is shown
// only to the handler and authorised leaders, and each such view is recorded as an Event.
Expected<bool> reveal_people(MatterStore& matters, const permissions::Subject& subject,
                             const UnitTree& tree, const Matter& matter, const Actor& actor);

// Whether the subject sees who came to a reception visit. A denouncer's identity follows the rule
// of the matter the visit opened (its handler, authorised leaders); for a visit that opened none
// it is decided on the visit's agency (`agency_target`: its unit path and code). Each such view is
// recorded as an Event on the visit.
Expected<bool> reveal_visitor(ReceptionStore& receptions, MatterStore& matters,
                              const permissions::Subject& subject, const UnitTree& tree,
                              const Visit& visit, const permissions::Target& agency_target,
                              const Actor& actor);

// The visit as shown where its visitor's identity is not revealed: a denouncer's name, address,
// phone and ID number are withheld (lists of visits, the register, the answer to recording it).
Visit withhold_visitor(Visit visit);

// The kind code of a matter ("kind"), with the message for an unknown one.
Expected<Kind> read_kind(const input::Source& in);

// What staff type in for a matter that came by letter, phone, reception...: "kind", "channel",
// "unit_code", "field_code", "title", "received_at", "content". The people and the head count
// are read by the caller (a JSON list or form fields); the permission is the caller's to ask.
Expected<NewMatter> read_staff_matter(const input::Source& in, const UnitTree& tree);

// Creates the matter with a fresh tracking code, trying again on the (rare) clash.
Expected<MatterRecord> create_with_code(MatterStore& matters, NewMatter matter, const Actor& actor);
// The same without waiting: `done` gets the result once it is durable (see
// MatterStore::create_record_async; `matters` must outlive the call).
void create_with_code_async(MatterStore& matters, NewMatter matter, const Actor& actor,
                            MatterStore::CreatedRecord done);

// The 409 of an action the lifecycle does not allow now, listing those it allows.
Error action_not_allowed(const Matter& matter, lifecycle::Action action);

// The parameters of an action ("version", "kind", "field_code", "unit_code", "agency_code",
// "handler", "form", "text", "document_number", "signed_by", "date", "ground", "into",
// "decision_number", "note"), checked for the action named.
Expected<ActionCommand> read_action_command(const input::Source& in, lifecycle::Action action,
                                            const Matter& current);

// Performs a staff action on a matter: refuses merged matters, asks the permission gate (also
// for the unit a matter is re-classified into and the matter it is merged into), checks the
// lifecycle, applies with the version read (409 stale_version if it moved meanwhile).
Expected<Matter> perform_action(MatterStore& matters, const UnitTree& tree,
                                const permissions::Subject& subject, const Actor& actor,
                                Id matter_id, lifecycle::Action action, const input::Source& in);

// A citizen's online submission ("name", "phone", "email", "address", "unit_code", "kind",
// "title", "content", "field_code"), received today.
Expected<NewMatter> read_public_submission(const input::Source& in, const UnitTree& tree,
                                           Date today);

// The citizen's satisfaction ("rating": 1 Chưa hài lòng, 2 Hài lòng, 3 Rất hài lòng), once
// the matter is answered.
Expected<Matter> rate_matter(MatterStore& matters, const Matter& matter, const input::Source& in,
                             Date today);

// What the public sees of a matter's history: each step and when, oldest first, never who or
// with what details (the identity views are left out). step is "create", "submission_add" or
// a lifecycle action code.
struct TimelineStep {
  Timestamp at = 0;
  std::string step;
};
std::vector<TimelineStep> public_timeline(const std::vector<Event>& events_newest_first);

// The answer the public may read: the last one that is not a guidance to another body, once the
// answer is published; nullptr otherwise.
const Answer* public_answer(const MatterRecord& record);

}  // namespace doithoai::store
