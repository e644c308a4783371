// Dialogue conferences (hội nghị đối thoại) on the web. Public: the list of upcoming and past
// dialogues, a page per dialogue with its agenda and, once held, its results and the progress of
// the follow-up, and registering to speak. Staff: the list, planning a dialogue, the lifecycle,
// village meetings, registrations and the speaking order, and the conference mode in which the
// secretary records each opinion's outcome. Decisions go through domain/permissions and the
// store's dialogue rules, as the API's do (src/api/dialogues.cpp).
#include <algorithm>

#include "domain/dialogue.hpp"
#include "store/store.hpp"
#include "store/tracking_code.hpp"
#include "web/page_helpers.hpp"

namespace doithoai::web {

namespace {

using helpers::actor_of;
using helpers::today;
using permissions::Action;
namespace D = doithoai::dialogue;

// ---- names ----------------------------------------------------------------------------------

std::string dlg_name(Lang lang, D::Status s) {
  if (lang == Lang::vi) return std::string(D::name_vi(s));
  return std::string(msg(lang, std::string("dlg_status_").append(D::code(s))));
}
std::string dlg_name(Lang lang, D::Action a) {
  if (lang == Lang::vi) return std::string(D::name_vi(a));
  return std::string(msg(lang, std::string("dlg_action_").append(D::code(a))));
}
std::string dlg_name(Lang lang, D::Outcome o) {
  if (lang == Lang::vi) return std::string(D::name_vi(o));
  return std::string(msg(lang, std::string("dlg_outcome_").append(D::code(o))));
}
std::string dlg_name(Lang lang, D::SpeakerOutcome o) {
  if (lang == Lang::vi) return std::string(D::name_vi(o));
  return std::string(msg(lang, std::string("spk_outcome_").append(D::code(o))));
}

Data dlg_status(Lang lang, D::Status s) {
  Data d;
  d.set("code", std::string(D::code(s)));
  d.set("name", dlg_name(lang, s));
  return d;
}

// The page's own words for the refusals a citizen can meet when registering.
std::string registration_refusal(Lang lang, const Error& e) {
  const std::string key = "dlg_err_" + e.code;
  if (has_msg(key)) return std::string(msg(lang, key));
  return field_error_message(lang, e, "");
}

const std::vector<std::pair<std::string_view, std::string_view>>& labels() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kLabels{
      {"name", "label_name"},
      {"phone", "label_phone"},
      {"address", "label_address"},
      {"unit_code", "dlg_label_commune"},
      {"field_code", "label_field"},
      {"topic", "dlg_label_topic"},
      {"registered_on", "dlg_label_registered_on"},
      {"title", "dlg_label_title"},
      {"host_agency_code", "dlg_label_host_agency"},
      {"host_name", "dlg_label_host_name"},
      {"host_title", "dlg_label_host_title"},
      {"held_on", "dlg_label_held_on"},
      {"starts_at", "dlg_label_starts_at"},
      {"venue", "dlg_label_venue"},
      {"registration_cap", "dlg_label_cap"},
      {"registration_closes_on", "dlg_label_closes_on"},
      {"agenda", "dlg_label_agenda"},
      {"board", "dlg_label_board"},
      {"summary", "dlg_label_summary"},
      {"content", "dlg_label_opinion"},
      {"speaker_name", "dlg_label_speaker"},
      {"kind", "label_kind"},
      {"outcome", "dlg_label_outcome"},
      {"answered_by", "dlg_label_answered_by"},
      {"answer_text", "dlg_label_answer_text"},
      {"agency_code", "dlg_label_assigned_agency"},
      {"due_on", "dlg_label_due_on"},
      {"attendance", "dlg_label_attendance"},
      {"opinions", "dlg_label_meeting_opinions"},
      {"note", "label_note"},
  };
  return kLabels;
}

// "Nguyễn Văn A (Bí thư Huyện ủy)", without the title when the name already says it.
std::string host_words(const store::Dialogue& d) {
  if (d.host_title.empty() || d.host_name.find(d.host_title) != std::string::npos)
    return d.host_name;
  return d.host_name + " (" + d.host_title + ")";
}

// Who answers on the spot by default: the host, with the title unless the name says it.
std::string answerer(const store::Dialogue& d) {
  if (d.host_title.empty() || d.host_name.find(d.host_title) != std::string::npos)
    return d.host_name;
  return d.host_title + " " + d.host_name;
}

// What a dialogue looks like in a list.
Data dialogue_item(Lang lang, const store::Dialogue& d, const Reference& ref, bool staff) {
  Data x;
  x.set("id", std::to_string(d.id));
  x.set("href", (staff ? "/can-bo/doi-thoai/" : "/hoi-nghi-doi-thoai/") + std::to_string(d.id));
  x.set("title", d.title);
  x.set("held_on", format_date(d.held_on));
  x.set("starts_at", helpers::text_or_false(d.starts_at));
  x.set("venue", helpers::text_or_false(d.venue));
  x.set("host", host_words(d));
  x.set("unit", ref.unit_name(d.unit_code));
  x.set("status", dlg_status(lang, d.status));
  x.set("registrations", format_number(d.registrations));
  x.set("attendance", format_number(d.attendance));
  x.set("opinions", format_number(d.opinions_counted()));
  x.set("held", D::counts_as_held(d.status));
  x.set("registration_open", d.status == D::Status::registration_open);
  return x;
}

// Whether a citizen may register now, and if not, why (in words).
struct Window {
  bool open = false;
  std::string why_not;
  std::string closing_day;
  std::optional<int> places_left;
};

Window registration_window(Lang lang, const store::Dialogue& d) {
  Window w;
  const D::RegistrationWindow rw{d.status, d.held_on, d.registration_closes_on, d.registration_cap,
                                 d.registrations};
  w.closing_day = format_date(D::closing_day(rw));
  if (d.registration_cap) w.places_left = std::max(0, *d.registration_cap - d.registrations);
  const auto check = D::check_registration(rw, today(), false);
  w.open = check.ok();
  if (!check.ok()) w.why_not = registration_refusal(lang, check.error());
  return w;
}

Data progress_data(Lang lang, const store::DialogueProgress& p) {
  Data x;
  x.set("opinions", format_number(p.opinions));
  x.set("matters", format_number(p.matters));
  x.set("settled", format_number(p.settled));
  x.set("outstanding", format_number(p.outstanding));
  x.set("answered", format_number(p.answered));
  x.set("assigned", format_number(p.assigned));
  x.set("forwarded", format_number(p.forwarded));
  x.set("pending", format_number(p.pending));
  const int percent = p.matters == 0 ? 100 : p.settled * 100 / p.matters;
  x.set("percent", std::to_string(percent));
  x.set("percent_text", format_percent(p.matters == 0 ? 100.0 : 100.0 * p.settled / p.matters, 0));
  x.set("sentence",
        msg(lang, "dlg_progress_sentence", {format_number(p.settled), format_number(p.matters)}));
  x.set("has_matters", p.matters > 0);
  return x;
}

Data opinion_data(Lang lang, const store::Opinion& o, const Reference& ref, bool staff) {
  Data x;
  x.set("oid", std::to_string(o.id));
  x.set("summary", o.summary);
  x.set("field", helpers::text_or_false(o.field_code.empty() ? std::string()
                                                             : ref.field_name(o.field_code)));
  x.set("outcome_code", std::string(D::code(o.outcome)));
  x.set("outcome", dlg_name(lang, o.outcome));
  x.set("pending", o.outcome == D::Outcome::pending);
  x.set("agency", helpers::text_or_false(o.agency_code.empty() ? std::string()
                                                               : ref.agency_name(o.agency_code)));
  x.set("due_on", helpers::text_or_false(o.due_on ? format_date(*o.due_on) : std::string()));
  x.set("open", false);
  x.set("error_summary", false);
  x.set("matter_status", status_data(lang, o.matter_status));
  x.set("settled", o.settled);
  if (staff) {
    x.set("speaker", o.speaker_name);
    x.set("answered_by", helpers::text_or_false(o.answered_by));
    x.set("matter_href", "/can-bo/vu-viec/" + std::to_string(o.matter_id));
  }
  return x;
}

Data agenda_data(const store::Dialogue& d, const Reference& ref) {
  List items;
  for (const auto& a : d.agenda) {
    Data x;
    const auto field = a.field_code.empty() ? std::string() : ref.field_name(a.field_code);
    x.set("title", a.title.empty() ? field : a.title);
    if (!field.empty() && field != a.title) x.set("field", field);
    items.push_back(x);
  }
  return items;
}

Data board_data(const store::Dialogue& d) {
  List items;
  for (const auto& b : d.board) {
    Data x;
    x.set("name", b.name);
    x.set("role", b.role);
    items.push_back(x);
  }
  return items;
}

// The facts every dialogue page shows (public and staff).
void dialogue_facts(Data& x, Lang lang, const store::Dialogue& d, const Reference& ref) {
  x.set("id", std::to_string(d.id));
  x.set("title", d.title);
  x.set("status", dlg_status(lang, d.status));
  x.set("held_on", format_date(d.held_on));
  if (!d.starts_at.empty()) x.set("starts_at", helpers::text_or_false(d.starts_at));
  if (!d.venue.empty()) x.set("venue", helpers::text_or_false(d.venue));
  x.set("host_name", d.host_name);
  x.set("host", host_words(d));
  x.set("host_agency", ref.agency_name(d.host_agency_code));
  x.set("unit", ref.unit_name(d.unit_code));
  x.set("agenda", agenda_data(d, ref));
  x.set("has_agenda", !d.agenda.empty());
  x.set("board", board_data(d));
  x.set("has_board", !d.board.empty());
  if (!d.summary.empty()) x.set("summary", d.summary);
  x.set("held", D::counts_as_held(d.status));
  x.set("attendance", format_number(d.attendance));
  x.set("opinion_count", format_number(d.opinions_counted()));
  x.set("reported_only", d.opinions_reported.has_value());
}

Expected<store::DialoguePage> list_dialogues(store::Store& store, std::vector<D::Status> statuses,
                                             std::optional<Date> from, std::optional<Date> to,
                                             int page, int per_page, bool generated,
                                             const std::string& unit) {
  store::DialogueQuery q;
  q.statuses = std::move(statuses);
  q.from = from;
  q.to = to;
  q.page = page;
  q.per_page = per_page;
  q.include_generated = generated;
  q.unit_code = unit;
  return store.dialogues().list(q);
}

int page_param(const http::Request& request, std::string_view name = "page") {
  const auto raw = request.query_param(name).value_or("1");
  const auto n = helpers::parse_id(raw);
  return n ? static_cast<int>(std::clamp<Id>(*n, 1, 100000)) : 1;
}

const std::vector<D::Status>& upcoming_statuses() {
  static const std::vector<D::Status> k{D::Status::planned, D::Status::collecting,
                                        D::Status::registration_open};
  return k;
}
const std::vector<D::Status>& held_statuses() {
  static const std::vector<D::Status> k{D::Status::held, D::Status::following_up,
                                        D::Status::closed};
  return k;
}

// ---- public: registering to speak -----------------------------------------------------------

http::Response register_form(Services& services, Page& page, const store::Dialogue& d,
                             const Reference& ref, const Form* form, const Error* error,
                             int status) {
  const Lang lang = page.lang;
  auto value = [form](std::string_view k) { return form ? form->value(k) : std::string(); };
  Data x;
  dialogue_facts(x, lang, d, ref);
  const auto w = registration_window(lang, d);
  x.set("open", w.open);
  x.set("why_not", w.why_not);
  x.set("closing_day", w.closing_day);
  if (w.places_left) x.set("places_left", format_number(*w.places_left));
  for (const auto* k : {"name", "phone", "address", "topic"}) x.set(k, value(k));
  x.set("units", unit_options(lang, ref, value("unit_code"), today(), false));
  x.set("fields", field_options(ref.fields, value("field_code")));
  if (error) {
    if (error->kind == ErrorKind::conflict || error->kind == ErrorKind::rate_limited) {
      Data summary;
      summary.set("text", registration_refusal(lang, *error));
      x.set("error_summary", summary);
    } else {
      helpers::set_form_error(x, lang, *error, labels());
    }
  }
  page.section = "dialogues";
  return render(services, page, "dialogue_register", x,
                std::string(msg(lang, "dlg_register_title")), status);
}

// ---- staff: the management page --------------------------------------------------------------

struct Failure {
  std::string form;  // which form failed: "action", "registration", "meeting", "attendance"
  const Form* values;
  const Error* error;
};

Expected<store::Dialogue> checked(Services& services, const auth::Principal& p,
                                  const Reference& ref, Id id, Action action) {
  auto d = TRY(services.context.store.dialogues().get(id));
  permissions::Target t;
  t.unit_path = ref.tree.path(d.unit_code);
  t.agency_code = d.host_agency_code;
  TRY(permissions::require(p.subject, action, t));
  return d;
}

bool may_on(const auth::Principal& p, const Reference& ref, const store::Dialogue& d,
            Action action) {
  permissions::Target t;
  t.unit_path = ref.tree.path(d.unit_code);
  t.agency_code = d.host_agency_code;
  return permissions::can(p.subject, action, t);
}

// Villages (and communes) under the dialogue's unit, for its village meetings.
List village_options(Lang lang, const Reference& ref, const std::string& under,
                     const std::string& selected) {
  std::vector<Unit> units;
  for (const auto& u : ref.units) {
    if (u.code == under) continue;
    const auto path = ref.tree.path(u.code);
    if (std::find(path.begin(), path.end(), under) != path.end()) units.push_back(u);
  }
  return unit_options(lang, units, ref.levels, selected, today(), true);
}

Data registration_rows(Lang lang, const store::DialogueRecord& r, const Reference& ref,
                       bool may_order) {
  List rows;
  std::vector<const store::SpeakerRegistration*> active;
  for (const auto& reg : r.registrations) {
    if (!reg.withdrawn) active.push_back(&reg);
  }
  for (const auto& reg : r.registrations) {
    Data x;
    x.set("rid", std::to_string(reg.id));
    x.set("position", reg.position ? std::to_string(*reg.position) : std::string("–"));
    x.set("name", reg.name);
    x.set("phone", helpers::text_or_false(reg.phone));
    x.set("address", helpers::text_or_false(reg.address));
    x.set("unit", helpers::text_or_false(reg.unit_code.empty() ? std::string()
                                                               : ref.unit_name(reg.unit_code)));
    x.set("topic", reg.topic);
    x.set("field", helpers::text_or_false(reg.field_code.empty() ? std::string()
                                                                 : ref.field_name(reg.field_code)));
    x.set("registered_on", format_date(reg.registered_on));
    x.set("by", std::string(msg(lang, reg.by_staff ? "dlg_by_staff" : "dlg_by_citizen")));
    x.set("outcome", dlg_name(lang, reg.outcome));
    x.set("outcome_code", std::string(D::code(reg.outcome)));
    x.set("withdrawn", reg.withdrawn);
    if (may_order && !reg.withdrawn) {
      const auto it = std::find(active.begin(), active.end(), &reg);
      x.set("can_up", it != active.begin());
      x.set("can_down", it + 1 != active.end());
      x.set("can_withdraw", reg.outcome == D::SpeakerOutcome::pending);
    }
    rows.push_back(x);
  }
  return rows;
}

http::Response manage_page(Services& services, Page& page, Id id, const Failure* failed,
                           int status) {
  auto& store = services.context.store;
  const Lang lang = page.lang;
  const auto& p = *page.principal;
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  auto d = checked(services, p, *ref, id, Action::read_dialogue);
  if (!d.ok()) return error_page(services, page, d.error());
  auto record = store.dialogues().record(id);
  if (!record.ok()) return error_page(services, page, record.error());
  const auto& dlg = record->dialogue;
  const bool manage = may_on(p, *ref, dlg, Action::manage_dialogues);
  const bool rec = may_on(p, *ref, dlg, Action::record_dialogue);
  auto value = [failed](std::string_view form, std::string_view k, std::string fallback = {}) {
    return failed && failed->form == form ? failed->values->value(k) : std::move(fallback);
  };

  Data x;
  dialogue_facts(x, lang, dlg, *ref);
  x.set("version", std::to_string(dlg.version));
  if (dlg.registration_cap) x.set("cap", format_number(*dlg.registration_cap));
  const D::RegistrationWindow rw{dlg.status, dlg.held_on, dlg.registration_closes_on,
                                 dlg.registration_cap, dlg.registrations};
  x.set("closing_day", format_date(D::closing_day(rw)));
  x.set("registration_count", format_number(dlg.registrations));

  // The lifecycle: one form per allowed action.
  List actions;
  if (manage) {
    for (const auto a : D::allowed_actions(dlg.status)) {
      Data f;
      f.set("action", std::string(D::code(a)));
      f.set("name", dlg_name(lang, a));
      f.set("hint", std::string(msg(lang, std::string("dlg_hint_").append(D::code(a)))));
      f.set("is_hold", a == D::Action::hold);
      f.set("attendance", value("action", "attendance"));
      if (failed && failed->form == "action" && failed->values->value("action") == D::code(a)) {
        helpers::set_form_error(f, lang, *failed->error, labels());
      }
      actions.push_back(f);
    }
  }
  x.set("actions", actions);
  x.set("has_actions", !actions.empty());
  x.set("conference_href", "/can-bo/doi-thoai/" + std::to_string(id) + "/hoi-nghi");
  x.set("conference", rec && D::allows(dlg.status, D::Activity::record_opinion));
  x.set("public_href", "/hoi-nghi-doi-thoai/" + std::to_string(id));

  // Registrations and the speaking order.
  const bool may_order = rec && D::allows(dlg.status, D::Activity::set_order);
  x.set("registrations", registration_rows(lang, *record, *ref, may_order));
  x.set("has_registrations", !record->registrations.empty());
  x.set("may_order", may_order);
  if (rec && D::allows(dlg.status, D::Activity::register_staff)) {
    Data f;
    for (const auto* k : {"name", "phone", "address", "topic"}) f.set(k, value("registration", k));
    f.set("registered_on", value("registration", "registered_on", format_date(today())));
    f.set("units", unit_options(lang, *ref, value("registration", "unit_code"), today(), false));
    f.set("fields", field_options(ref->fields, value("registration", "field_code")));
    if (failed && failed->form == "registration")
      helpers::set_form_error(f, lang, *failed->error, labels());
    x.set("registration_form", f);
  }

  // Village meetings.
  List meetings;
  for (const auto& m : record->village_meetings) {
    Data mx;
    mx.set("unit", ref->unit_name(m.unit_code));
    mx.set("held_on", format_date(m.held_on));
    mx.set("attendance", format_number(m.attendance));
    mx.set("opinions", format_number(m.opinions));
    std::vector<std::string> organisers;
    for (const auto& o : m.organisers) organisers.push_back(ref->agency_name(o));
    mx.set("organisers", helpers::join(organisers, ", "));
    mx.set("note", helpers::text_or_false(m.note));
    meetings.push_back(mx);
  }
  x.set("meetings", meetings);
  x.set("has_meetings", !meetings.empty());
  if (rec && D::allows(dlg.status, D::Activity::village_meeting)) {
    Data f;
    f.set("units", village_options(lang, *ref, dlg.unit_code, value("meeting", "unit_code")));
    f.set("held_on", value("meeting", "held_on", format_date(today())));
    f.set("attendance", value("meeting", "attendance"));
    f.set("note", value("meeting", "note"));
    f.set("opinions", value("meeting", "opinions"));
    f.set("fields", field_options(ref->fields, value("meeting", "field_code")));
    if (failed && failed->form == "meeting")
      helpers::set_form_error(f, lang, *failed->error, labels());
    x.set("meeting_form", f);
  }

  // After the conference: attendance, opinions, progress.
  if (rec && D::allows(dlg.status, D::Activity::record_attendance)) {
    Data f;
    f.set("attendance", value("attendance", "attendance", std::to_string(dlg.attendance)));
    if (failed && failed->form == "attendance")
      helpers::set_form_error(f, lang, *failed->error, labels());
    x.set("attendance_form", f);
  }
  List opinions;
  for (const auto& o : record->opinions) opinions.push_back(opinion_data(lang, o, *ref, true));
  x.set("opinions", opinions);
  x.set("has_opinions", !opinions.empty());
  x.set("progress", progress_data(lang, record->progress));
  if (failed && failed->form.empty()) {
    Data summary;
    summary.set("text", field_error_message(lang, *failed->error, ""));
    x.set("error_summary", summary);
  }
  page.section = "dialogues_staff";
  return render(services, page, "dialogue_manage", x, dlg.title, status);
}

// ---- staff: the conference mode ---------------------------------------------------------------

http::Response conference_page(Services& services, Page& page, Id id, const std::string& chosen,
                               const Form* form, const Error* error, const std::string& oid_failed,
                               int status) {
  auto& store = services.context.store;
  const Lang lang = page.lang;
  const auto& p = *page.principal;
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  auto d = checked(services, p, *ref, id, Action::record_dialogue);
  if (!d.ok()) return error_page(services, page, d.error());
  auto record = store.dialogues().record(id);
  if (!record.ok()) return error_page(services, page, record.error());
  const auto& dlg = record->dialogue;
  Data x;
  dialogue_facts(x, lang, dlg, *ref);
  x.set("manage_href", "/can-bo/doi-thoai/" + std::to_string(id));
  x.set("may_record", D::allows(dlg.status, D::Activity::record_opinion));

  // The queue: registrations not withdrawn that have not spoken, in speaking order.
  std::vector<const store::SpeakerRegistration*> queue;
  for (const auto& r : record->registrations) {
    if (!r.withdrawn && r.outcome == D::SpeakerOutcome::pending) queue.push_back(&r);
  }
  // The current speaker: the one of a failed form, the one chosen (?dk=), else the first.
  const std::string wanted = form ? form->value("registration_id") : chosen;
  const store::SpeakerRegistration* current = nullptr;
  for (const auto* r : queue) {
    if (std::to_string(r->id) == wanted) current = r;
  }
  x.set("wanted_floor", wanted == "0");
  if (!current && wanted != "0" && !queue.empty() && !form) current = queue.front();
  if (form && wanted == "0") x.set("wanted_floor", true);
  List q;
  int n = 0;
  for (const auto* r : queue) {
    Data item;
    item.set("rid", std::to_string(r->id));
    item.set("n", std::to_string(++n));
    item.set("position", r->position ? std::to_string(*r->position) : std::string());
    item.set("name", r->name);
    item.set("topic", r->topic);
    item.set("unit", helpers::text_or_false(r->unit_code.empty() ? std::string()
                                                                 : ref->unit_name(r->unit_code)));
    item.set("current", r == current);
    item.set("href", "/can-bo/doi-thoai/" + std::to_string(id) +
                         "/hoi-nghi?dk=" + std::to_string(r->id) + "#ghi-y-kien");
    q.push_back(item);
  }
  x.set("queue", q);
  x.set("queue_count", format_number(static_cast<std::int64_t>(queue.size())));
  x.set("has_queue", !queue.empty());
  x.set("floor_href", "/can-bo/doi-thoai/" + std::to_string(id) + "/hoi-nghi?dk=0#ghi-y-kien");

  // The opinion form, for the current speaker (or the floor).
  auto value = [form](std::string_view k, std::string fallback) {
    return form ? form->value(k) : std::move(fallback);
  };
  Data f;
  if (current) {
    f.set("registration_id", std::to_string(current->id));
    f.set("speaker_heading", current->name);
    if (!current->unit_code.empty()) f.set("speaker_unit", ref->unit_name(current->unit_code));
    f.set("speaker_topic", current->topic);
  }
  f.set("speaker_name", value("speaker_name", current ? current->name : std::string()));
  f.set("content", value("content", current ? current->topic : std::string()));
  f.set("fields",
        field_options(ref->fields, value("field_code", current ? current->field_code : "")));
  f.set("kinds", kind_options(lang, value("kind", "kien_nghi")));
  const auto outcome = value("outcome", "answered");
  List outcomes;
  int key = 0;
  for (const auto o :
       {D::Outcome::answered, D::Outcome::assigned, D::Outcome::forwarded, D::Outcome::pending}) {
    Data item;
    item.set("value", std::string(D::code(o)));
    item.set("label", dlg_name(lang, o));
    item.set("key", std::to_string(++key));
    item.set("checked", D::code(o) == outcome);
    outcomes.push_back(item);
  }
  f.set("outcomes", outcomes);
  f.set("answered_by", value("answered_by", answerer(dlg)));
  f.set("answer_text", value("answer_text", ""));
  f.set("agencies", helpers::agency_options(*ref, value("agency_code", "")));
  f.set("due_on", value("due_on", ""));
  f.set("due_hint",
        msg(lang, "dlg_due_hint", {format_date(ref->calendar.add_working_days(today(), 10))}));
  if (error && oid_failed.empty()) helpers::set_form_error(f, lang, *error, labels());
  x.set("form", f);

  // The opinions recorded, newest first; a pending one can be given its outcome here.
  List opinions;
  for (auto it = record->opinions.rbegin(); it != record->opinions.rend(); ++it) {
    Data o = opinion_data(lang, *it, *ref, true);
    if (it->outcome == D::Outcome::pending) {
      const bool failed_here = error && oid_failed == std::to_string(it->id);
      List outs;
      for (const auto oc : D::all_outcomes()) {
        if (oc == D::Outcome::pending) continue;
        outs.push_back(option(std::string(D::code(oc)), dlg_name(lang, oc),
                              failed_here && form->value("outcome") == D::code(oc)));
      }
      o.set("outcomes", outs);
      o.set("agencies",
            helpers::agency_options(*ref, failed_here ? form->value("agency_code") : ""));
      o.set("v_answered_by", failed_here ? form->value("answered_by") : answerer(dlg));
      o.set("v_due_on", failed_here ? form->value("due_on") : std::string());
      if (failed_here) {
        o.set("open", true);
        helpers::set_form_error(o, lang, *error, labels());
      }
    }
    opinions.push_back(o);
  }
  x.set("opinions", opinions);
  x.set("opinion_total", format_number(static_cast<std::int64_t>(record->opinions.size())));
  x.set("progress", progress_data(lang, record->progress));
  x.set("attendance_value", std::to_string(dlg.attendance));
  page.section = "dialogues_staff";
  return render(services, page, "conference", x,
                std::string(msg(lang, "dlg_conference_title")) + " · " + dlg.title, status);
}

// An agenda or board typed as lines: "Lĩnh vực hoặc nội dung" / "Họ tên - vai trò".
std::vector<store::AgendaItem> agenda_from_lines(const std::string& text, const Reference& ref) {
  std::vector<store::AgendaItem> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line(input::trim(std::string_view(text).substr(start, end - start)));
    start = end + 1;
    if (line.empty()) continue;
    store::AgendaItem item;
    item.title = line;
    const auto folded = text::fold(line);
    for (const auto& f : ref.fields) {
      if (text::fold(f.name) == folded) item.field_code = f.code;
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<store::BoardMember> board_from_lines(const std::string& text) {
  std::vector<store::BoardMember> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line(input::trim(std::string_view(text).substr(start, end - start)));
    start = end + 1;
    if (line.empty()) continue;
    store::BoardMember m;
    const auto dash = line.find(" - ");
    if (dash == std::string::npos) {
      m.name = line;
    } else {
      m.name = std::string(input::trim(std::string_view(line).substr(0, dash)));
      m.role = std::string(input::trim(std::string_view(line).substr(dash + 3)));
    }
    out.push_back(std::move(m));
  }
  return out;
}

http::Response create_form(Services& services, Page& page, const Reference& ref, const Form* form,
                           const Error* error, int status) {
  const Lang lang = page.lang;
  auto value = [form](std::string_view k, std::string fallback = {}) {
    return form ? form->value(k) : std::move(fallback);
  };
  Data x;
  for (const auto* k :
       {"title", "host_name", "host_title", "held_on", "starts_at", "venue", "registration_cap",
        "registration_closes_on", "agenda", "board", "summary"}) {
    x.set(k, value(k));
  }
  x.set("agencies", helpers::agency_options(ref, value("host_agency_code"),
                                            helpers::default_unit(*page.principal)));
  List fields;
  for (const auto& f : ref.fields) {
    if (f.active && !f.parent_code) fields.emplace_back(f.name);
  }
  x.set("field_names", fields);
  if (error) helpers::set_form_error(x, lang, *error, labels());
  page.section = "dialogues_staff";
  return render(services, page, "dialogue_new", x, std::string(msg(lang, "dlg_new_title")), status);
}

std::optional<http::Response> post_guard(Services& services, Page& page) {
  if (page.principal) return std::nullopt;
  return error_page(services, page,
                    Error::make(ErrorKind::unauthorized, "not_authenticated",
                                "Cần đăng nhập để thực hiện thao tác này"));
}

// Retries a write that opens matters when a random tracking code clashes (rare).
template <typename F>
auto with_tracking_codes(F f) -> decltype(f()) {
  for (int attempt = 0;; ++attempt) {
    auto result = f();
    if (result.ok() || result.error().code != "tracking_code_taken" || attempt >= 4) return result;
  }
}

Expected<store::OutcomeCommand> read_outcome(const Form& form) {
  store::OutcomeCommand c;
  const auto code = TRY(form.optional_string("outcome", 32)).value_or("");
  if (code.empty()) return invalid("required", "Cần chọn hướng xử lý ý kiến", "outcome");
  const auto o = D::parse_outcome(code);
  if (!o) return invalid("unknown_outcome", "Hướng xử lý không hợp lệ", "outcome");
  c.outcome = *o;
  // Only what the chosen outcome uses is read: the form shows every field when JS is off.
  if (c.outcome == D::Outcome::answered) {
    c.answered_by = TRY(form.optional_string("answered_by", 200)).value_or("");
    c.answer_text = TRY(form.optional_string("answer_text", 50000)).value_or("");
  }
  if (c.outcome == D::Outcome::assigned) {
    c.agency_code = TRY(form.optional_string("agency_code", 64)).value_or("");
    c.due_on = TRY(form.optional_date("due_on"));
  }
  return c;
}

}  // namespace

// ---- the home page's section ----------------------------------------------------------------

void add_dialogue_home(Services& services, Lang lang, Data& data) {
  auto& store = services.context.store;
  auto ref = reference(services);
  if (!ref.ok()) return;
  auto upcoming =
      list_dialogues(store, upcoming_statuses(), today(), std::nullopt, 1, 4, false, "");
  List items;
  if (upcoming.ok()) {
    std::sort(upcoming->items.begin(), upcoming->items.end(),
              [](const auto& a, const auto& b) { return a.held_on < b.held_on; });
    for (const auto& d : upcoming->items) items.push_back(dialogue_item(lang, d, *ref, false));
  }
  data.set("upcoming_dialogues", items);
  data.set("has_upcoming_dialogues", !items.empty());
}

void register_dialogue_pages(http::Router& router, Services& services) {
  auto& store = services.context.store;

  // ---- public ----

  router.get("/hoi-nghi-doi-thoai", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto upcoming =
        list_dialogues(store, upcoming_statuses(), today(), std::nullopt, 1, 50, false, "");
    if (!upcoming.ok()) return error_page(services, page, upcoming.error());
    std::sort(upcoming->items.begin(), upcoming->items.end(),
              [](const auto& a, const auto& b) { return a.held_on < b.held_on; });
    const int page_no = page_param(request);
    auto past =
        list_dialogues(store, held_statuses(), std::nullopt, std::nullopt, page_no, 10, false, "");
    if (!past.ok()) return error_page(services, page, past.error());
    Data x;
    List up, done;
    for (const auto& d : upcoming->items) up.push_back(dialogue_item(lang, d, *ref, false));
    for (const auto& d : past->items) done.push_back(dialogue_item(lang, d, *ref, false));
    x.set("upcoming", up);
    x.set("has_upcoming", !up.empty());
    x.set("upcoming_count", msg(lang, "dlg_count_upcoming", {format_number(upcoming->total)}));
    x.set("past", done);
    x.set("has_past", !done.empty());
    x.set("past_count", msg(lang, "dlg_count_past", {format_number(past->total)}));
    x.set("pager", pager(lang, "/hoi-nghi-doi-thoai", past->total, page_no, 10));
    page.section = "dialogues";
    return render(services, page, "dialogues", x, std::string(msg(lang, "dlg_title")));
  });

  router.get("/hoi-nghi-doi-thoai/{id}", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto record = store.dialogues().record(*id);
    if (!record.ok()) return error_page(services, page, record.error());
    const auto& d = record->dialogue;
    Data x;
    dialogue_facts(x, lang, d, *ref);
    const auto w = registration_window(lang, d);
    x.set("registration_open", w.open);
    x.set("why_not", w.why_not);
    x.set("closing_day", w.closing_day);
    if (w.places_left) x.set("places_left", format_number(*w.places_left));
    x.set("show_registration",
          d.status == D::Status::registration_open ||
              upcoming_statuses().end() !=
                  std::find(upcoming_statuses().begin(), upcoming_statuses().end(), d.status));
    x.set("register_href", "/hoi-nghi-doi-thoai/" + std::to_string(d.id) + "/dang-ky");
    x.set("registration_count", format_number(d.registrations));
    x.set("meeting_count",
          format_number(static_cast<std::int64_t>(record->village_meetings.size())));
    x.set("has_meetings", !record->village_meetings.empty());
    List opinions;
    for (const auto& o : record->opinions) opinions.push_back(opinion_data(lang, o, *ref, false));
    x.set("opinions", opinions);
    x.set("has_opinions", !opinions.empty());
    x.set("progress", progress_data(lang, record->progress));
    if (request.query_param("da-dang-ky")) page.flashes.emplace_back(msg(lang, "dlg_registered"));
    page.section = "dialogues";
    return render(services, page, "dialogue", x, d.title);
  });

  router.get("/hoi-nghi-doi-thoai/{id}/dang-ky", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto d = store.dialogues().get(*id);
    if (!d.ok()) return error_page(services, page, d.error());
    return register_form(services, page, *d, *ref, nullptr, nullptr, 200);
  });

  router.post("/hoi-nghi-doi-thoai/{id}/dang-ky", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto d = store.dialogues().get(*id);
    if (!d.ok()) return error_page(services, page, d.error());
    auto form = Form::parse(
        request, {"csrf_token", "name", "phone", "address", "unit_code", "field_code", "topic"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return register_form(services, page, *d, *ref, &*form, &csrf.error(), 403);
    if (!services.public_submissions.try_take({"d:" + request.remote_address}, now_utc())) {
      const auto e = Error::make(ErrorKind::rate_limited, "too_many_submissions",
                                 "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn, vui lòng thử "
                                 "lại sau");
      return register_form(services, page, *d, *ref, &*form, &e, 429);
    }
    auto read = [&]() -> Expected<store::NewRegistration> {
      store::NewRegistration r;
      r.dialogue_id = *id;
      r.name = TRY(form->string("name", 200));
      r.phone = TRY(form->optional_string("phone", 50)).value_or("");
      r.address = TRY(form->optional_string("address", 500)).value_or("");
      r.unit_code = TRY(form->optional_string("unit_code", 64)).value_or("");
      r.field_code = TRY(form->optional_string("field_code", 64)).value_or("");
      r.topic = TRY(form->string("topic", 2000));
      r.registered_on = today();
      r.recorded_by = "public";
      return r;
    };
    auto r = read();
    if (!r.ok()) return register_form(services, page, *d, *ref, &*form, &r.error(), 422);
    auto reg = store.dialogues().register_speaker(*r, Actor{std::nullopt, "public"});
    if (!reg.ok())
      return register_form(services, page, *d, *ref, &*form, &reg.error(),
                           status_for(reg.error().kind));
    return redirect("/hoi-nghi-doi-thoai/" + std::to_string(*id) + "?da-dang-ky=1");
  });

  // ---- staff ----

  router.get("/can-bo/doi-thoai", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    const auto& p = *page.principal;
    const auto unit = helpers::default_unit(p);
    permissions::Target t;
    if (!unit.empty()) t.unit_path = ref->tree.path(unit);
    if (auto ok = permissions::require(p.subject, Action::read_dialogue, t); !ok.ok())
      return error_page(services, page, ok.error());
    const auto status = request.query_param("status").value_or("");
    const bool history = request.query_param("lich-su").has_value();
    std::vector<D::Status> statuses;
    Data x;
    int code = 200;
    if (!status.empty()) {
      if (const auto s = D::parse_status(status)) {
        statuses.push_back(*s);
        x.set("filters", dlg_name(lang, *s));
      } else {
        x.set("filter_error", std::string(msg(lang, "err_unknown_status")));
        code = 422;
      }
    }
    const int page_no = page_param(request);
    auto result =
        list_dialogues(store, statuses, std::nullopt, std::nullopt, page_no, 20, history, unit);
    if (!result.ok()) return error_page(services, page, result.error());
    List rows;
    for (const auto& d : result->items) rows.push_back(dialogue_item(lang, d, *ref, true));
    x.set("rows", rows);
    x.set("count", msg(lang, "dlg_count", {format_number(result->total)}));
    List statuses_opt;
    for (const auto s : D::all_statuses())
      statuses_opt.push_back(
          option(std::string(D::code(s)), dlg_name(lang, s), D::code(s) == status));
    x.set("statuses", statuses_opt);
    x.set("history", history);
    x.set("may_create", helpers::role_may(p, Action::manage_dialogues));
    x.set("pager", pager(lang,
                         url_with("/can-bo/doi-thoai",
                                  {{"status", status}, {"lich-su", history ? "1" : ""}}),
                         result->total, page_no, 20));
    if (request.query_param("ok")) page.flashes.emplace_back(msg(lang, "dlg_saved"));
    page.section = "dialogues_staff";
    return render(services, page, "dialogues_staff", x, std::string(msg(lang, "dlg_staff_title")),
                  code);
  });

  router.get("/can-bo/doi-thoai/moi", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    return create_form(services, page, *ref, nullptr, nullptr, 200);
  });

  router.post("/can-bo/doi-thoai/moi", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto form =
        Form::parse(request, {"csrf_token", "title", "host_agency_code", "host_name", "host_title",
                              "held_on", "starts_at", "venue", "registration_cap",
                              "registration_closes_on", "agenda", "board", "summary"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return create_form(services, page, *ref, &*form, &csrf.error(), 403);
    form->accept_vietnamese_date("held_on");
    form->accept_vietnamese_date("registration_closes_on");
    const auto& p = *page.principal;
    auto read = [&]() -> Expected<store::NewDialogue> {
      store::NewDialogue d;
      d.title = TRY(form->string("title", 500));
      d.host_agency_code = TRY(form->string("host_agency_code", 64));
      const Agency* agency = nullptr;
      for (const auto& a : ref->agencies) {
        if (a.code == d.host_agency_code) agency = &a;
      }
      if (!agency) return invalid("unknown_agency", "Không tìm thấy cơ quan", "host_agency_code");
      permissions::Target t;
      t.unit_path = ref->tree.path(agency->unit_code);
      t.agency_code = agency->code;
      TRY(permissions::require(p.subject, Action::manage_dialogues, t));
      d.host_name = TRY(form->string("host_name", 200));
      d.host_title = TRY(form->optional_string("host_title", 200)).value_or("");
      d.held_on = TRY(form->date("held_on"));
      d.starts_at = TRY(form->optional_string("starts_at", 5)).value_or("");
      d.venue = TRY(form->optional_string("venue", 500)).value_or("");
      if (const auto cap = TRY(form->integer("registration_cap"))) {
        if (*cap < 1 || *cap > 10000)
          return invalid("bad_cap", "Số người đăng ký tối đa phải từ 1 đến 10.000",
                         "registration_cap");
        d.registration_cap = static_cast<int>(*cap);
      }
      d.registration_closes_on = TRY(form->optional_date("registration_closes_on"));
      d.agenda = agenda_from_lines(TRY(form->optional_string("agenda", 20000)).value_or(""), *ref);
      d.board = board_from_lines(TRY(form->optional_string("board", 20000)).value_or(""));
      d.summary = TRY(form->optional_string("summary", 20000)).value_or("");
      return d;
    };
    auto d = read();
    if (!d.ok())
      return create_form(services, page, *ref, &*form, &d.error(), status_for(d.error().kind));
    auto created = store.dialogues().create(*d, actor_of(p));
    if (!created.ok())
      return create_form(services, page, *ref, &*form, &created.error(),
                         status_for(created.error().kind));
    return redirect("/can-bo/doi-thoai/" + std::to_string(created->id) + "?ok=created");
  });

  router.get("/can-bo/doi-thoai/{id}", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    if (const auto ok = request.query_param("ok")) {
      if (const auto a = D::parse_action(*ok))
        page.flashes.push_back(msg(page.lang, "action_done", {dlg_name(page.lang, *a)}));
      else
        page.flashes.emplace_back(msg(page.lang, "dlg_saved"));
    }
    return manage_page(services, page, *id, nullptr, 200);
  });

  router.post("/can-bo/doi-thoai/{id}/thao-tac", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto form = Form::parse(request, {"csrf_token", "action", "version", "attendance"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<D::Action> {
      const auto current =
          TRY(checked(services, *page.principal, *ref, *id, Action::manage_dialogues));
      const auto action = D::parse_action(form->value("action"));
      if (!action) return invalid("unknown_action", "Thao tác không tồn tại", "action");
      store::DialogueCommand c;
      c.dialogue_id = *id;
      c.action = *action;
      c.expected_version =
          static_cast<int>(TRY(form->integer("version")).value_or(current.version));
      c.on = today();
      if (const auto a = TRY(form->integer("attendance"))) {
        if (*a < 0 || *a > 1000000)
          return invalid("bad_attendance", "Số người tham dự không hợp lệ", "attendance");
        c.attendance = static_cast<int>(*a);
      }
      TRY(store.dialogues().apply(c, actor_of(*page.principal)));
      return *action;
    };
    auto done = run();
    if (!done.ok()) {
      const Failure f{
          done.error().field == "attendance" || done.error().field == "action" ? "action" : "",
          &*form, &done.error()};
      return manage_page(services, page, *id, &f, status_for(done.error().kind));
    }
    return redirect("/can-bo/doi-thoai/" + std::to_string(*id) +
                    "?ok=" + std::string(D::code(*done)));
  });

  router.post("/can-bo/doi-thoai/{id}/dang-ky", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto form = Form::parse(request, {"csrf_token", "name", "phone", "address", "unit_code",
                                      "field_code", "topic", "registered_on"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    form->accept_vietnamese_date("registered_on");
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<void> {
      TRY(checked(services, *page.principal, *ref, *id, Action::record_dialogue));
      store::NewRegistration r;
      r.dialogue_id = *id;
      r.name = TRY(form->string("name", 200));
      r.phone = TRY(form->optional_string("phone", 50)).value_or("");
      r.address = TRY(form->optional_string("address", 500)).value_or("");
      r.unit_code = TRY(form->optional_string("unit_code", 64)).value_or("");
      r.field_code = TRY(form->optional_string("field_code", 64)).value_or("");
      r.topic = TRY(form->string("topic", 2000));
      r.registered_on = TRY(form->optional_date("registered_on")).value_or(today());
      r.by_staff = true;
      r.recorded_by = page.principal->user.username;
      TRY(store.dialogues().register_speaker(r, actor_of(*page.principal)));
      return {};
    };
    if (auto done = run(); !done.ok()) {
      const Failure f{"registration", &*form, &done.error()};
      return manage_page(services, page, *id, &f, status_for(done.error().kind));
    }
    return redirect("/can-bo/doi-thoai/" + std::to_string(*id) + "?ok=registration#dang-ky");
  });

  // The speaking order: move one registration up or down, withdraw it, or number everyone in the
  // order of registration.
  router.post("/can-bo/doi-thoai/{id}/thu-tu", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto form = Form::parse(request, {"csrf_token", "registration_id", "move"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<void> {
      TRY(checked(services, *page.principal, *ref, *id, Action::record_dialogue));
      const auto record = TRY(store.dialogues().record(*id));
      const auto move = form->value("move");
      const auto rid = helpers::parse_id(form->value("registration_id"));
      const auto actor = actor_of(*page.principal);
      if (move == "withdraw") {
        if (!rid) return invalid("required", "Cần chọn người đăng ký", "registration_id");
        TRY(store.dialogues().withdraw_registration(*id, *rid, actor));
        return {};
      }
      if (move == "absent" || move == "not_reached") {
        if (!rid) return invalid("required", "Cần chọn người đăng ký", "registration_id");
        TRY(store.dialogues().set_speaker_outcome(*id, *rid, *D::parse_speaker_outcome(move),
                                                  actor));
        return {};
      }
      std::vector<Id> order;
      if (move == "by_registration") {
        std::vector<const store::SpeakerRegistration*> regs;
        for (const auto& r : record.registrations) {
          if (!r.withdrawn) regs.push_back(&r);
        }
        std::stable_sort(regs.begin(), regs.end(), [](const auto* a, const auto* b) {
          return a->registered_on != b->registered_on ? a->registered_on < b->registered_on
                                                      : a->id < b->id;
        });
        for (const auto* r : regs) order.push_back(r->id);
      } else {
        for (const auto& r : record.registrations) {
          if (!r.withdrawn) order.push_back(r.id);
        }
        if (!rid) return invalid("required", "Cần chọn người đăng ký", "registration_id");
        const auto it = std::find(order.begin(), order.end(), *rid);
        if (it == order.end())
          return invalid("unknown_registration", "Không tìm thấy đăng ký phát biểu",
                         "registration_id");
        if (move == "up" && it != order.begin()) std::iter_swap(it, it - 1);
        if (move == "down" && it + 1 != order.end()) std::iter_swap(it, it + 1);
      }
      TRY(store.dialogues().set_speaking_order(*id, order, actor));
      return {};
    };
    if (auto done = run(); !done.ok()) {
      const Failure f{"", &*form, &done.error()};
      return manage_page(services, page, *id, &f, status_for(done.error().kind));
    }
    const auto back =
        form->value("move") == "absent" || form->value("move") == "not_reached" ? "/hoi-nghi" : "";
    return redirect("/can-bo/doi-thoai/" + std::to_string(*id) + back +
                    (std::string_view(back).empty() ? "?ok=order#dang-ky" : "?ok=1"));
  });

  router.post("/can-bo/doi-thoai/{id}/thon", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto form = Form::parse(request, {"csrf_token", "unit_code", "held_on", "attendance", "note",
                                      "field_code", "opinions"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    form->accept_vietnamese_date("held_on");
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<void> {
      TRY(checked(services, *page.principal, *ref, *id, Action::record_dialogue));
      store::NewVillageMeeting m;
      m.dialogue_id = *id;
      m.unit_code = TRY(form->string("unit_code", 64));
      m.held_on = TRY(form->date("held_on"));
      const auto attendance = TRY(form->integer("attendance")).value_or(0);
      if (attendance < 0 || attendance > 1000000)
        return invalid("bad_attendance", "Số người tham dự không hợp lệ", "attendance");
      m.attendance = static_cast<int>(attendance);
      m.note = TRY(form->optional_string("note", 5000)).value_or("");
      const auto field = TRY(form->optional_string("field_code", 64)).value_or("");
      // One opinion a line.
      const auto text = TRY(form->optional_string("opinions", 200000)).value_or("");
      std::size_t start = 0;
      while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line(input::trim(std::string_view(text).substr(start, end - start)));
        start = end + 1;
        if (line.empty()) continue;
        store::RaisedOpinion o;
        o.field_code = field;
        o.unit_code = m.unit_code;
        o.title = text::truncate_utf8(line, 200);
        o.content = line;
        o.recorded_by = page.principal->user.username;
        m.opinions.push_back(std::move(o));
      }
      TRY(with_tracking_codes([&]() {
        for (auto& o : m.opinions) o.tracking_code = store::new_tracking_code();
        return store.dialogues().add_village_meeting(m, actor_of(*page.principal));
      }));
      return {};
    };
    if (auto done = run(); !done.ok()) {
      const Failure f{"meeting", &*form, &done.error()};
      return manage_page(services, page, *id, &f, status_for(done.error().kind));
    }
    return redirect("/can-bo/doi-thoai/" + std::to_string(*id) + "?ok=meeting#thon");
  });

  router.post("/can-bo/doi-thoai/{id}/tham-du", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto form = Form::parse(request, {"csrf_token", "attendance", "back"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<void> {
      TRY(checked(services, *page.principal, *ref, *id, Action::record_dialogue));
      const auto a = TRY(form->integer("attendance"));
      if (!a) return invalid("required", "Cần số người tham dự", "attendance");
      if (*a < 0 || *a > 1000000)
        return invalid("bad_attendance", "Số người tham dự không hợp lệ", "attendance");
      TRY(store.dialogues().record_attendance(*id, static_cast<int>(*a),
                                              actor_of(*page.principal)));
      return {};
    };
    const bool conference = form->value("back") == "conference";
    if (auto done = run(); !done.ok()) {
      if (conference)
        return conference_page(services, page, *id, "", nullptr, &done.error(), "", 422);
      const Failure f{"attendance", &*form, &done.error()};
      return manage_page(services, page, *id, &f, status_for(done.error().kind));
    }
    return redirect("/can-bo/doi-thoai/" + std::to_string(*id) +
                    (conference ? "/hoi-nghi?ok=attendance" : "?ok=attendance"));
  });

  // ---- the conference mode ----

  router.get("/can-bo/doi-thoai/{id}/hoi-nghi", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    if (const auto ok = request.query_param("ok")) {
      page.flashes.emplace_back(
          msg(page.lang, *ok == "attendance" ? "dlg_attendance_saved" : "dlg_opinion_saved"));
    }
    // The speaker chosen from the queue (?dk=ID, or 0 for an opinion from the floor).
    const auto dk = request.query_param("dk").value_or("");
    return conference_page(services, page, *id, dk, nullptr, nullptr, "", 200);
  });

  router.post("/can-bo/doi-thoai/{id}/hoi-nghi/y-kien", [&services,
                                                         &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    const auto id = helpers::parse_id(request.path_param("id"));
    if (!id)
      return error_page(services, page,
                        not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại"));
    auto form = Form::parse(
        request, {"csrf_token", "registration_id", "speaker_name", "content", "field_code", "kind",
                  "outcome", "answered_by", "answer_text", "agency_code", "due_on"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    form->accept_vietnamese_date("due_on");
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<void> {
      const auto d = TRY(checked(services, *page.principal, *ref, *id, Action::record_dialogue));
      store::NewOpinion o;
      o.dialogue_id = *id;
      if (const auto rid = form->value("registration_id"); !rid.empty() && rid != "0") {
        o.registration_id = helpers::parse_id(rid);
        if (!o.registration_id)
          return invalid("unknown_registration", "Không tìm thấy đăng ký phát biểu",
                         "registration_id");
      }
      store::RaisedOpinion raised;
      raised.content = TRY(form->string("content", 50000));
      raised.title = text::truncate_utf8(raised.content, 200);
      const auto kind = parse_kind(form->value("kind").empty() ? "kien_nghi" : form->value("kind"));
      if (!kind) return invalid("unknown_kind", "Loại ý kiến không hợp lệ", "kind");
      raised.kind = *kind;
      raised.field_code = TRY(form->optional_string("field_code", 64)).value_or("");
      raised.recorded_by = page.principal->user.username;
      o.speaker_name = TRY(form->optional_string("speaker_name", 200)).value_or("");
      if (!o.registration_id && !o.speaker_name.empty())
        raised.people.push_back(Person{o.speaker_name, "", "", "", ""});
      if (!o.registration_id && o.speaker_name.empty())
        return invalid("required", "Cần ghi tên người phát biểu", "speaker_name");
      o.raised = std::move(raised);
      o.outcome = TRY(read_outcome(*form));
      o.on = std::max(today(), d.held_on);
      TRY(with_tracking_codes([&]() {
        o.raised->tracking_code = store::new_tracking_code();
        return store.dialogues().record_opinion(o, actor_of(*page.principal));
      }));
      return {};
    };
    if (auto done = run(); !done.ok())
      return conference_page(services, page, *id, "", &*form, &done.error(), "",
                             status_for(done.error().kind));
    return redirect("/can-bo/doi-thoai/" + std::to_string(*id) + "/hoi-nghi?ok=opinion");
  });

  router.post("/can-bo/doi-thoai/{id}/hoi-nghi/y-kien/{oid}", [&services,
                                                               &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    const auto id = helpers::parse_id(request.path_param("id"));
    const auto oid = helpers::parse_id(request.path_param("oid"));
    if (!id || !oid)
      return error_page(services, page, not_found("opinion_not_found", "Không tìm thấy ý kiến"));
    auto form = Form::parse(
        request, {"csrf_token", "outcome", "answered_by", "answer_text", "agency_code", "due_on"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    form->accept_vietnamese_date("due_on");
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<void> {
      TRY(checked(services, *page.principal, *ref, *id, Action::record_dialogue));
      const auto c = TRY(read_outcome(*form));
      TRY(store.dialogues().set_outcome(*id, *oid, c, today(), actor_of(*page.principal)));
      return {};
    };
    if (auto done = run(); !done.ok())
      return conference_page(services, page, *id, "", &*form, &done.error(), std::to_string(*oid),
                             status_for(done.error().kind));
    return redirect("/can-bo/doi-thoai/" + std::to_string(*id) + "/hoi-nghi?ok=opinion");
  });
}

}  // namespace doithoai::web
