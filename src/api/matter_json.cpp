// Matters rendered as JSON for staff and for the public.
#include "api/internal.hpp"
#include "api/json_writer.hpp"
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

namespace {

void write_matter_json(JsonWriter& w, const store::Matter& m, const UnitTree& tree, Date today,
                       std::string_view snippet = {}) {
  // Keys in sorted order, as nlohmann::json writes the other objects of the API.
  w.begin_object();
  w.key("accepted_on").date_or_null(m.accepted_on);
  w.key("agency_code").str_or_null(m.agency_code);
  w.key("allowed_actions").begin_array();
  for (const auto a : lifecycle::allowed_actions(m.status, m.kind)) w.str(lifecycle::code(a));
  w.end_array();
  w.key("answered_on").date_or_null(m.answered_on);
  w.key("channel").str(code(m.channel));
  w.key("created_at").str(iso_timestamp(m.created_at));
  w.key("demo").boolean(m.demo);
  w.key("extensions").num(m.extensions);
  w.key("field_code").str_or_null(m.field_code);
  w.key("handler").str_or_null(m.handler);
  w.key("head_count").num(m.head_count);
  w.key("id").num(m.id);
  w.key("identity_protected").boolean(m.identity_protected);
  w.key("kind").str(code(m.kind));
  w.key("kind_name").str(name_vi(m.kind));
  w.key("merged_into");
  m.merged_into ? w.num(*m.merged_into) : w.null();
  w.key("next_due_on").date_or_null(m.next_due_on);
  w.key("overdue").boolean(m.next_due_on.has_value() && *m.next_due_on < today);
  w.key("rating");
  m.rating ? w.num(*m.rating) : w.null();
  w.key("received_on").str(m.received_on.iso());
  w.key("refusal_ground").str_or_null(m.refusal_ground);
  if (!snippet.empty()) w.key("snippet").str(snippet);
  w.key("status").str(code(m.status));
  w.key("status_name").str(name_vi(m.status));
  w.key("submission_count").num(m.submissions);
  w.key("summary").str(m.summary);
  w.key("title").str(m.title);
  w.key("tracking_code").str(m.tracking_code);
  w.key("unit_code").str(m.unit_code);
  w.key("unit_name").str(unit_name(tree, m.unit_code));
  w.key("updated_at").str(iso_timestamp(m.updated_at));
  w.key("version").num(m.version);
  w.end_object();
}

}  // namespace

json matter_json(const store::Matter& m, const UnitTree& tree) {
  std::string out;
  JsonWriter w(out);
  write_matter_json(w, m, tree, vietnam_date(now_utc()));
  return json::parse(out);
}

std::string matter_page_json(const store::MatterPage& page, const UnitTree& tree) {
  const Date today = vietnam_date(now_utc());
  std::string out;
  out.reserve(128 + page.items.size() * 1024);
  JsonWriter w(out);
  w.begin_object();
  w.key("items").begin_array();
  const bool snippets = page.snippets.size() == page.items.size();
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    write_matter_json(w, page.items[i], tree, today,
                      snippets ? std::string_view(page.snippets[i]) : std::string_view());
  }
  w.end_array();
  w.key("page").num(page.page);
  w.key("per_page").num(page.per_page);
  w.key("total").num(page.total);
  w.key("total_capped").boolean(page.total_capped);
  w.end_object();
  return out;
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
