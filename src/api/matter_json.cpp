// Matters rendered as JSON for staff and for the public.
#include "api/internal.hpp"
#include "store/matter_service.hpp"

namespace doithoai::api {

namespace {

json opt_date(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}
json opt_str(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

std::string unit_name(const UnitTree& tree, const std::string& code) {
  const Unit* u = tree.find(code);
  return u ? u->full_name() : code;
}

json allowed(const store::Matter& m) {
  json out = json::array();
  for (const auto a : lifecycle::allowed_actions(m.status, m.kind))
    out.push_back(lifecycle::code(a));
  return out;
}

json answer_json(const Answer& a) {
  return json{{"id", a.id},
              {"form", a.form},
              {"document_number", opt_str(a.document_number)},
              {"date", opt_date(a.date)},
              {"signed_by", opt_str(a.signed_by)},
              {"text", a.text},
              {"agency_code", opt_str(a.agency_code)},
              {"recorded_at", iso_timestamp(a.recorded_at)}};
}

// What the public timeline says of an event: the step and its day, never who or what details.
json timeline(const std::vector<Event>& events) {
  json out = json::array();
  for (const auto& step : store::public_timeline(events)) {
    std::string name = "Tiếp nhận";
    if (const auto a = lifecycle::parse_action(step.step)) {
      name = std::string(lifecycle::name_vi(*a));
    } else if (step.step == "submission_add") {
      name = "Thêm lượt ý kiến";
    }
    out.push_back({{"at", iso_timestamp(step.at)}, {"step", step.step}, {"name", name}});
  }
  return out;
}

}  // namespace

json deadline_json(const deadlines::Deadline& d) {
  return json{{"step", d.step},
              {"due_on", d.due_on.iso()},
              {"rule", d.rule},
              {"met_on", opt_date(d.met_on)},
              {"extensions", d.extensions}};
}

json matter_json(const store::Matter& m, const UnitTree& tree) {
  const Date today = vietnam_date(now_utc());
  return json{{"id", m.id},
              {"tracking_code", m.tracking_code},
              {"kind", code(m.kind)},
              {"kind_name", name_vi(m.kind)},
              {"field_code", opt_str(m.field_code)},
              {"unit_code", m.unit_code},
              {"unit_name", unit_name(tree, m.unit_code)},
              {"status", code(m.status)},
              {"status_name", name_vi(m.status)},
              {"title", m.title},
              {"summary", m.summary},
              {"agency_code", opt_str(m.agency_code)},
              {"handler", opt_str(m.handler)},
              {"channel", code(m.channel)},
              {"received_on", m.received_on.iso()},
              {"accepted_on", opt_date(m.accepted_on)},
              {"answered_on", opt_date(m.answered_on)},
              {"next_due_on", opt_date(m.next_due_on)},
              {"overdue", m.next_due_on.has_value() && *m.next_due_on < today},
              {"submission_count", m.submissions},
              {"head_count", m.head_count},
              {"extensions", m.extensions},
              {"merged_into", m.merged_into ? json(*m.merged_into) : json(nullptr)},
              {"refusal_ground", opt_str(m.refusal_ground)},
              {"rating", m.rating ? json(*m.rating) : json(nullptr)},
              {"identity_protected", m.identity_protected},
              {"demo", m.demo},
              {"version", m.version},
              {"allowed_actions", allowed(m)},
              {"created_at", iso_timestamp(m.created_at)},
              {"updated_at", iso_timestamp(m.updated_at)}};
}

json matter_record_json(const store::MatterRecord& r, const UnitTree& tree, bool show_people,
                        const std::vector<Event>& events) {
  json out = matter_json(r.matter, tree);
  json submissions = json::array();
  for (const auto& s : r.submissions) {
    json people = json::array();
    if (show_people) {
      for (const auto& p : s.people) {
        people.push_back({{"name", p.name},
                          {"phone", opt_str(p.phone)},
                          {"email", opt_str(p.email)},
                          {"address", opt_str(p.address)},
                          {"id_number", opt_str(p.id_number)}});
      }
    }
    submissions.push_back({{"id", s.id},
                           {"channel", code(s.channel)},
                           {"received_on", s.received_on.iso()},
                           {"title", s.title},
                           {"content", s.content},
                           {"head_count", s.head_count},
                           {"people", people},
                           {"people_redacted", !show_people},
                           {"recorded_by", s.recorded_by}});
  }
  out["submissions"] = submissions;
  json answers = json::array();
  for (const auto& a : r.answers) answers.push_back(answer_json(a));
  out["answers"] = answers;
  json deadlines = json::array();
  for (const auto& d : r.deadlines) deadlines.push_back(deadline_json(d));
  out["deadlines"] = deadlines;
  json log = json::array();
  for (const auto& e : events) log.push_back(event_json(e));
  out["events"] = log;
  return out;
}

json public_matter_json(const store::MatterRecord& r, const UnitTree& tree,
                        const std::vector<Event>& events) {
  const auto& m = r.matter;
  json out{{"tracking_code", m.tracking_code},
           {"kind", code(m.kind)},
           {"kind_name", name_vi(m.kind)},
           {"field_code", opt_str(m.field_code)},
           {"unit_name", unit_name(tree, m.unit_code)},
           {"status", code(m.status)},
           {"status_name", name_vi(m.status)},
           {"title", m.title},
           {"received_on", m.received_on.iso()},
           {"answered_on", opt_date(m.answered_on)},
           {"rating", m.rating ? json(*m.rating) : json(nullptr)},
           {"timeline", timeline(events)}};
  json deadlines = json::array();
  for (const auto& d : r.deadlines) deadlines.push_back(deadline_json(d));
  out["deadlines"] = deadlines;
  // Only a published answer is public.
  json answer = nullptr;
  if (const Answer* a = store::public_answer(r)) {
    answer = json{{"form", a->form},
                  {"document_number", opt_str(a->document_number)},
                  {"date", opt_date(a->date)},
                  {"text", a->text}};
  }
  out["answer"] = answer;
  return out;
}

}  // namespace doithoai::api
