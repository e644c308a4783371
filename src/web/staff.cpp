// The staff workspace (after login): the inbox by role, the matter list with filters, the
// matter page with one form per allowed action, merging side by side, fast intake. Every
// decision goes through store/matter_service and domain/permissions, as the API's do.
#include <algorithm>

#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "store/matter_service.hpp"
#include "store/store.hpp"
#include "web/format.hpp"
#include "web/internal.hpp"
#include "web/page_helpers.hpp"

namespace doithoai::web {

namespace {

using permissions::Action;

Date today() {
  return vietnam_date(now_utc());
}

Actor actor_of(const auth::Principal& p) {
  return Actor{p.user.id, p.user.username};
}

bool role_may(const auth::Principal& p, Action a) {
  return std::any_of(p.subject.grants.begin(), p.subject.grants.end(),
                     [a](const auto& g) { return permissions::role_permits(g.role, a); });
}

// The first agency the user works for with a role that answers matters.
std::string my_agency(const auth::Principal& p) {
  for (const auto& g : p.subject.grants) {
    if (g.scope_kind == Grant::ScopeKind::agency &&
        permissions::role_permits(g.role, Action::answer_matter)) {
      return g.scope_code;
    }
  }
  return {};
}

// One row of a matter list.
Data matter_row(Lang lang, const store::Matter& m, const Reference& ref) {
  Data d;
  d.set("id", std::to_string(m.id));
  d.set("href", "/can-bo/vu-viec/" + std::to_string(m.id));
  d.set("code", m.tracking_code);
  d.set("title", m.title);
  d.set("kind", name_of(lang, m.kind));
  d.set("unit", ref.unit_name(m.unit_code));
  d.set("status", status_data(lang, m.status));
  d.set("received_on", format_date(m.received_on));
  if (!m.agency_code.empty()) d.set("agency", ref.agency_name(m.agency_code));
  if (m.next_due_on) {
    deadlines::Deadline dl;
    dl.due_on = *m.next_due_on;
    const auto words = deadline_words(lang, dl, today(), ref.calendar);
    Data due;
    due.set("date", format_date(*m.next_due_on));
    due.set("words", words.text);
    due.set("state", words.state);
    d.set("due", due);
  }
  if (m.identity_protected) d.set("protected", true);
  return d;
}

// ---- inbox ----------------------------------------------------------------------------------

struct Tab {
  std::string key;
  std::string label;
  store::MatterQuery query;
};

std::vector<Tab> tabs_for(Lang lang, const auth::Principal& p, const Reference& ref) {
  std::vector<Tab> tabs;
  const Date t = today();
  auto add = [&](std::string key, std::string_view label, store::MatterQuery q) {
    tabs.push_back(Tab{std::move(key), std::string(msg(lang, label)), std::move(q)});
  };
  if (role_may(p, Action::classify_matter)) {
    store::MatterQuery q;
    q.statuses = {Status::received, Status::reopened};
    q.sort = store::SortOrder::received_asc;
    add("moi", "tab_new", q);
  }
  if (role_may(p, Action::assign_matter)) {
    store::MatterQuery q;
    q.statuses = {Status::classified};
    q.sort = store::SortOrder::received_asc;
    add("cho-giao", "tab_to_assign", q);
  }
  if (const auto agency = my_agency(p); !agency.empty()) {
    store::MatterQuery q;
    q.statuses = {Status::assigned, Status::accepted};
    q.agency_code = agency;
    q.sort = store::SortOrder::due_asc;
    add("co-quan", "tab_my_agency", q);
  }
  {
    store::MatterQuery q;
    q.due_from = t;  // not yet overdue
    q.due_by = ref.calendar.add_working_days(t, 3);
    q.sort = store::SortOrder::due_asc;
    add("sap-han", "tab_due_soon", q);
  }
  {
    store::MatterQuery q;
    q.overdue_on = t;
    q.sort = store::SortOrder::due_asc;
    add("qua-han", "tab_overdue", q);
  }
  if (role_may(p, Action::forward_matter) || role_may(p, Action::assign_matter)) {
    store::MatterQuery q;
    q.statuses = {Status::forwarded_up};
    q.sort = store::SortOrder::received_asc;
    add("cho-cap-tren", "tab_higher", q);
  }
  return tabs;
}

// A page of a list.
Expected<store::MatterPage> list_page(store::MatterStore& matters, store::MatterQuery q, int page,
                                      int per_page) {
  q.page = page;
  q.per_page = per_page;
  return matters.list(q);
}

int page_param(const http::Request& request) {
  const auto raw = request.query_param("page").value_or("1");
  if (raw.empty() || raw.size() > 6 ||
      !std::all_of(raw.begin(), raw.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 1;
  return std::max(1, std::stoi(raw));
}

// ---- the matter page ------------------------------------------------------------------------

// The fields each action's form has.
struct ActionForm {
  lifecycle::Action action;
  bool kind = false, field = false, unit = false, agency = false, handler = false,
       answer_form = false, text = false, document = false, date = false, signer = false,
       ground = false, into = false, decision = false;
};

ActionForm form_of(lifecycle::Action a) {
  using A = lifecycle::Action;
  ActionForm f{a};
  switch (a) {
    case A::classify:
      f.kind = f.field = f.unit = true;
      break;
    case A::assign:
      f.agency = f.handler = true;
      break;
    case A::answer:
      f.answer_form = f.text = f.document = f.date = f.signer = true;
      break;
    case A::answer_from_higher:
      f.text = f.document = f.date = f.signer = true;
      break;
    case A::guide:
      f.text = f.document = f.date = f.agency = true;
      break;
    case A::refuse:
      f.ground = true;
      break;
    case A::merge:
      f.into = true;
      break;
    case A::extend:
      f.decision = true;
      break;
    default:
      break;
  }
  return f;
}

struct Failed {
  lifecycle::Action action;
  const Form* form;
  const Error* error;
};

std::string label_for_field(Lang lang, const std::string& field) {
  static const std::pair<std::string_view, std::string_view> kLabels[] = {
      {"kind", "label_kind"},
      {"field_code", "label_field"},
      {"unit_code", "label_unit"},
      {"agency_code", "label_agency"},
      {"handler", "label_handler"},
      {"form", "label_answer_form"},
      {"text", "label_answer_text"},
      {"document_number", "label_document_number"},
      {"date", "label_document_date"},
      {"signed_by", "label_signed_by"},
      {"ground", "label_ground"},
      {"into", "label_into"},
      {"decision_number", "label_decision_number"},
      {"note", "label_note"},
      {"channel", "label_channel"},
      {"received_at", "label_received_at"},
      {"title", "label_title"},
      {"content", "label_content"},
      {"name", "label_person_name"},
      {"phone", "label_phone"},
      {"address", "label_address"},
      {"id_number", "label_id_number"},
      {"head_count", "label_head_count"},
      {"q", "label_search"},
  };
  for (const auto& [f, key] : kLabels) {
    if (f == field) return std::string(msg(lang, key));
  }
  return {};
}

// Puts an error into the data: next to its field when the form has it, else at the top.
void set_error(Data& d, Lang lang, const Error& e) {
  const auto label = label_for_field(lang, e.field);
  const auto text = field_error_message(lang, e, label);
  Data summary;
  summary.set("text", text);
  if (!label.empty()) {
    d.set("err_" + e.field, text);
    summary.set("href", "#f-" + e.field);
  }
  d.set("error_summary", summary);
}

std::string event_name(Lang lang, const Event& e) {
  const std::string step = e.action.rfind("matter.", 0) == 0 ? e.action.substr(7) : e.action;
  if (const auto a = lifecycle::parse_action(step)) return name_of(lang, *a);
  const std::string key = "timeline_" + step;
  return has_msg(key) ? std::string(msg(lang, key)) : e.action;
}

http::Response matter_page(Services& services, Page& page, Id id, const Failed* failed,
                           int status) {
  auto& store = services.context.store;
  const Lang lang = page.lang;
  const auto& principal = *page.principal;
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  auto record = store.matters().get(id);
  if (!record.ok()) return error_page(services, page, record.error());
  const auto& m = record->matter;
  const auto target = store::matter_target(ref->tree, m);
  if (auto allowed = permissions::require(principal.subject, Action::read_matter, target);
      !allowed.ok())
    return error_page(services, page, allowed.error());
  // A denouncer's identity: only for the handler and authorised leaders, each view an Event.
  auto show_people =
      store::reveal_people(store.matters(), principal.subject, ref->tree, m, actor_of(principal));
  if (!show_people.ok()) return error_page(services, page, show_people.error());

  Data d;
  d.set("id", std::to_string(m.id));
  d.set("code", m.tracking_code);
  d.set("title", m.title);
  d.set("kind", name_of(lang, m.kind));
  d.set("status", status_data(lang, m.status));
  d.set("unit", ref->unit_name(m.unit_code));
  d.set("field", m.field_code.empty() ? std::string(msg(lang, "not_classified"))
                                      : ref->field_name(m.field_code));
  d.set("channel", name_of(lang, m.channel));
  d.set("received_on", format_date(m.received_on));
  if (m.accepted_on) d.set("accepted_on", format_date(*m.accepted_on));
  if (m.answered_on) d.set("answered_on", format_date(*m.answered_on));
  d.set("agency", m.agency_code.empty() ? std::string(msg(lang, "not_assigned"))
                                        : ref->agency_name(m.agency_code));
  if (!m.handler.empty()) d.set("handler", m.handler);
  d.set("submission_count", format_number(m.submissions));
  d.set("head_count", format_number(m.head_count));
  if (m.merged_into) {
    d.set("merged_href", "/can-bo/vu-viec/" + std::to_string(*m.merged_into));
    d.set("merged_into", std::to_string(*m.merged_into));
  }
  if (!m.refusal_ground.empty()) d.set("refusal_ground", m.refusal_ground);
  if (m.rating) d.set("rating", std::string(msg(lang, "rating_" + std::to_string(*m.rating))));
  if (m.identity_protected) d.set("protected", true);

  List deadlines;
  for (const auto& dl : record->deadlines) {
    const auto words = deadline_words(lang, dl, today(), ref->calendar);
    Data x;
    x.set("step", step_name(lang, dl.step));
    x.set("due_on", format_date(dl.due_on));
    x.set("words", words.text);
    x.set("state", words.state);
    if (dl.extensions > 0) x.set("extensions", format_number(dl.extensions));
    deadlines.push_back(x);
  }
  d.set("deadlines", deadlines);
  d.set("has_deadlines", !record->deadlines.empty());

  List submissions;
  for (const auto& s : record->submissions) {
    Data x;
    x.set("channel", name_of(lang, s.channel));
    x.set("received_on", format_date(s.received_on));
    x.set("title", s.title);
    x.set("content", s.content);
    x.set("head_count", format_number(s.head_count));
    x.set("recorded_by", s.recorded_by);
    List people;
    if (*show_people) {
      for (const auto& p : s.people) {
        Data person;
        person.set("name", p.name);
        if (!p.phone.empty()) person.set("phone", p.phone);
        if (!p.email.empty()) person.set("email", p.email);
        if (!p.address.empty()) person.set("address", p.address);
        if (!p.id_number.empty()) person.set("id_number", p.id_number);
        people.push_back(person);
      }
    }
    x.set("people", people);
    x.set("redacted", !*show_people);
    submissions.push_back(x);
  }
  d.set("submissions", submissions);

  List answers;
  for (const auto& a : record->answers) {
    Data x;
    x.set("form", std::string(msg(lang, "answer_form_" + a.form)));
    x.set("text", a.text);
    if (!a.document_number.empty()) x.set("document_number", a.document_number);
    if (a.date) x.set("date", format_date(*a.date));
    if (!a.signed_by.empty()) x.set("signed_by", a.signed_by);
    if (!a.agency_code.empty()) x.set("agency", ref->agency_name(a.agency_code));
    answers.push_back(x);
  }
  d.set("answers", answers);

  store::EventQuery eq;
  eq.entity_type = "matter";
  eq.entity_id = std::to_string(m.id);
  eq.limit = 200;
  List events;
  if (permissions::can(principal.subject, Action::read_events, target)) {
    auto log = store.events(eq);
    if (log.ok()) {
      for (const auto& e : *log) {
        Data x;
        x.set("at", format_datetime(e.at));
        x.set("actor", e.actor);
        x.set("name", event_name(lang, e));
        events.push_back(x);
      }
    }
  }
  d.set("events", events);

  // One form per action the lifecycle allows now and the user may take.
  List forms;
  if (!m.merged_into) {
    for (const auto a : lifecycle::allowed_actions(m.status, m.kind)) {
      if (a == lifecycle::Action::rate) continue;
      if (!permissions::can(principal.subject, lifecycle::permission_for(a), target)) continue;
      const auto f = form_of(a);
      const bool this_failed = failed && failed->action == a;
      auto value = [&](std::string_view k, const std::string& fallback) {
        return this_failed ? failed->form->value(k) : fallback;
      };
      Data x;
      x.set("action", std::string(lifecycle::code(a)));
      x.set("name", name_of(lang, a));
      x.set("hint", std::string(msg(lang, std::string("hint_").append(lifecycle::code(a)))));
      x.set("version", std::to_string(m.version));
      x.set("open", this_failed);
      if (f.kind) {
        x.set("has_kind_select", true);
        x.set("kinds", kind_options(lang, value("kind", std::string(code(m.kind)))));
      }
      if (f.field) {
        x.set("has_field_select", true);
        x.set("fields", field_options(ref->fields, value("field_code", m.field_code)));
      }
      if (f.unit) {
        x.set("has_unit_select", true);
        x.set("units",
              unit_options(lang, *ref, value("unit_code", m.unit_code), std::nullopt, false));
      }
      if (f.agency) {
        x.set("has_agency_select", true);
        x.set("agencies", helpers::agency_options(*ref, value("agency_code", "")));
        x.set("agency_optional", a == lifecycle::Action::guide);
      }
      if (f.handler) {
        x.set("handler_field", true);
        x.set("handler_value", value("handler", ""));
      }
      if (f.answer_form) {
        const auto chosen = value("form", "written");
        x.set("has_answer_forms", true);
        x.set("answer_forms", List{option("written", std::string(msg(lang, "answer_form_written")),
                                          chosen != "direct"),
                                   option("direct", std::string(msg(lang, "answer_form_direct")),
                                          chosen == "direct")});
      }
      const std::pair<bool, std::pair<std::string_view, std::string>> fields[] = {
          {f.text, {"text", ""}},
          {f.document, {"document_number", ""}},
          {f.date, {"date", format_date(today())}},
          {f.signer, {"signed_by", ""}},
          {f.ground, {"ground", ""}},
          {f.into, {"into", ""}},
          {f.decision, {"decision_number", ""}},
      };
      for (const auto& [shown, field] : fields) {
        if (!shown) continue;
        x.set("has_" + std::string(field.first), true);
        x.set("v_" + std::string(field.first), value(field.first, field.second));
      }
      x.set("note_value", value("note", ""));
      if (this_failed) set_error(x, lang, *failed->error);
      forms.push_back(x);
    }
  }
  d.set("forms", forms);
  d.set("has_forms", !forms.empty());
  if (!m.merged_into) {
    if (auto similar = similar_matters(services, principal, *ref, m, lang); similar.ok()) {
      d.set("has_similar", !similar->empty());
      d.set("similar", *similar);
    }
  }
  page.section = "matter";
  return render(services, page, "matter", d, m.title, status);
}

// ---- intake ---------------------------------------------------------------------------------

http::Response intake_form(Services& services, Page& page, const Reference& ref, const Form* form,
                           const Error* error, int status) {
  const Lang lang = page.lang;
  auto value = [form](std::string_view k, std::string fallback = {}) {
    return form ? form->value(k) : std::move(fallback);
  };
  Data d;
  List channels;
  const auto channel = value("channel", "letter");
  for (const auto c : all_channels()) {
    if (c == Channel::online) continue;  // citizens submit online themselves
    channels.push_back(option(std::string(code(c)), name_of(lang, c), code(c) == channel));
  }
  d.set("channels", channels);
  d.set("received_at", value("received_at", format_date(today())));
  d.set("kinds", kind_options(lang, value("kind", "phan_anh")));
  d.set("units", unit_options(lang, ref, value("unit_code"), std::nullopt, true));
  d.set("fields", field_options(ref.fields, value("field_code")));
  for (const auto* k : {"title", "content", "name", "phone", "address", "id_number"}) {
    d.set(k, value(k));
  }
  d.set("head_count", value("head_count", "1"));
  if (error) set_error(d, lang, *error);
  page.section = "intake";
  return render(services, page, "intake", d, std::string(msg(lang, "intake_title")), status);
}

Expected<store::NewMatter> read_intake(const Form& form, const Reference& ref,
                                       const auth::Principal& principal) {
  auto m = TRY(store::read_staff_matter(form, ref.tree));
  permissions::Target target;
  target.unit_path = ref.tree.path(m.unit_code);
  TRY(permissions::require(principal.subject, Action::create_matter, target));
  Person p;
  p.name = TRY(form.string("name", 500));
  p.phone = TRY(form.optional_string("phone", 500)).value_or("");
  p.address = TRY(form.optional_string("address", 500)).value_or("");
  p.id_number = TRY(form.optional_string("id_number", 500)).value_or("");
  m.submission.people.push_back(std::move(p));
  const auto head_count = TRY(form.integer("head_count")).value_or(1);
  if (head_count < 1 || head_count > 100000)
    return invalid("bad_head_count", "head_count phải là số nguyên dương", "head_count");
  m.submission.head_count = static_cast<int>(head_count);
  m.submission.recorded_by = principal.user.username;
  return m;
}

}  // namespace

void register_staff_pages(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get("/can-bo", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto tabs = tabs_for(lang, *page.principal, *ref);
    const auto wanted = request.query_param("tab").value_or("");
    std::size_t current = 0;
    List tab_list;
    for (std::size_t i = 0; i < tabs.size(); ++i) {
      if (tabs[i].key == wanted) current = i;
    }
    for (std::size_t i = 0; i < tabs.size(); ++i) {
      auto q = tabs[i].query;
      if (auto scoped = store::restrict_to_scope(q, page.principal->subject, ref->tree);
          !scoped.ok())
        return error_page(services, page, scoped.error());
      tabs[i].query = q;
      auto count = list_page(store.matters(), q, 1, 1);
      if (!count.ok()) return error_page(services, page, count.error());
      Data t;
      t.set("href", "/can-bo?tab=" + tabs[i].key);
      t.set("label", tabs[i].label);
      t.set("count", format_number(count->total));
      t.set("current", i == current);
      tab_list.push_back(t);
    }
    Data d;
    d.set("tabs", tab_list);
    if (!tabs.empty()) {
      const int page_no = page_param(request);
      auto result = list_page(store.matters(), tabs[current].query, page_no, 20);
      if (!result.ok()) return error_page(services, page, result.error());
      List rows;
      for (const auto& m : result->items) rows.push_back(matter_row(lang, m, *ref));
      d.set("rows", rows);
      d.set("tab_label", tabs[current].label);
      d.set("count", msg(lang, "matters_count", {format_number(result->total)}));
      d.set("pager", pager(lang, "/can-bo?tab=" + tabs[current].key, result->total, page_no, 20));
    }
    List roles;
    for (const auto& g : page.principal->user.grants) {
      roles.emplace_back(role_name(lang, g.role) + " · " +
                         (g.scope_kind == Grant::ScopeKind::agency ? ref->agency_name(g.scope_code)
                                                                   : ref->unit_name(g.scope_code)));
    }
    d.set("roles", roles);
    page.section = "inbox";
    return render(services, page, "inbox", d, std::string(msg(lang, "inbox_title")));
  });

  router.get("/can-bo/vu-viec", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    store::MatterQuery q;
    std::vector<std::string> filters;
    std::optional<Error> bad;
    const auto p = [&request](std::string_view k) { return request.query_param(k).value_or(""); };
    const auto status = p("status"), kind = p("kind"), field = p("field"), unit = p("unit"),
               channel = p("channel"), overdue = p("overdue"), from = p("from"), to = p("to"),
               sort = p("sort"), words = p("q");
    if (!words.empty()) {
      if (words.size() > 200 || !text::valid_utf8(words)) {
        bad = invalid("bad_query", "Từ khóa tìm kiếm không hợp lệ (tối đa 200 ký tự)", "q");
      } else {
        q.text = words;
        filters.push_back(msg(lang, "filter_words", {words}));
      }
    }
    if (!status.empty()) {
      if (const auto s = parse_status(status)) {
        q.statuses.push_back(*s);
        filters.push_back(name_of(lang, *s));
      } else {
        bad = invalid("unknown_status", "Trạng thái không hợp lệ", "status");
      }
    }
    if (!kind.empty()) {
      q.kind = parse_kind(kind);
      if (q.kind)
        filters.push_back(name_of(lang, *q.kind));
      else
        bad = invalid("unknown_kind", "Loại vụ việc không hợp lệ", "kind");
    }
    if (!field.empty()) {
      q.field_code = field;
      filters.push_back(ref->field_name(field));
    }
    if (!unit.empty()) {
      if (ref->tree.contains(unit)) {
        q.unit_codes = ref->tree.rollup(unit);
        filters.push_back(ref->unit_name(unit));
      } else {
        bad = invalid("unknown_unit", "Đơn vị không tồn tại", "unit");
      }
    }
    if (!channel.empty()) {
      q.channel = parse_channel(channel);
      if (q.channel)
        filters.push_back(name_of(lang, *q.channel));
      else
        bad = invalid("unknown_channel", "Kênh tiếp nhận không hợp lệ", "channel");
    }
    if (overdue == "1") {
      q.overdue_on = today();
      filters.emplace_back(msg(lang, "filter_overdue"));
    }
    for (const auto& [raw, target, key] : {std::tuple{from, &q.received_from, "filter_from"},
                                           std::tuple{to, &q.received_to, "filter_to"}}) {
      if (raw.empty()) continue;
      if (const auto d = parse_date_vi(raw)) {
        *target = *d;
        filters.push_back(msg(lang, key, {format_date(*d)}));
      } else {
        bad = invalid("bad_date", "Ngày không hợp lệ",
                      key == std::string_view("filter_from") ? "from" : "to");
      }
    }
    if (sort == "due")
      q.sort = store::SortOrder::due_asc;
    else if (sort == "old")
      q.sort = store::SortOrder::received_asc;
    else if (sort == "updated")
      q.sort = store::SortOrder::updated_desc;
    if (auto scoped = store::restrict_to_scope(q, page.principal->subject, ref->tree); !scoped.ok())
      return error_page(services, page, scoped.error());
    Data d;
    const int page_no = page_param(request);
    int status_code = 200;
    if (bad) {
      set_error(d, lang, *bad);
      d.set("filter_error", field_error_message(lang, *bad, ""));
      status_code = 422;
    } else {
      q.page = page_no;
      q.per_page = 20;
      auto result = store.matters().list(q);
      if (!result.ok()) return error_page(services, page, result.error());
      List rows;
      for (std::size_t i = 0; i < result->items.size(); ++i) {
        Data row = matter_row(lang, result->items[i], *ref);
        // Escaped by the store, the matched words in <mark>.
        if (i < result->snippets.size() && !result->snippets[i].empty())
          row.set("snippet", result->snippets[i]);
        rows.push_back(row);
      }
      d.set("rows", rows);
      d.set("count", msg(lang, "matters_count",
                         {result->total_capped ? std::string(msg(lang, "more_than_total")) + " " +
                                                     format_number(result->total)
                                               : format_number(result->total)}));
      d.set("pager", pager(lang,
                           url_with("/can-bo/vu-viec", {{"q", words},
                                                        {"status", status},
                                                        {"kind", kind},
                                                        {"field", field},
                                                        {"unit", unit},
                                                        {"channel", channel},
                                                        {"overdue", overdue},
                                                        {"from", from},
                                                        {"to", to},
                                                        {"sort", sort}}),
                           result->total, page_no, 20));
    }
    std::string filter_words;
    for (const auto& f : filters) filter_words += (filter_words.empty() ? "" : " · ") + f;
    if (!filter_words.empty()) d.set("filters", filter_words);
    List statuses;
    for (const auto s : all_statuses())
      statuses.push_back(option(std::string(code(s)), name_of(lang, s), code(s) == status));
    d.set("statuses", statuses);
    d.set("kinds", kind_options(lang, kind));
    d.set("fields", field_options(ref->fields, field));
    d.set("units", unit_options(lang, *ref, unit, std::nullopt, false));
    List channels;
    for (const auto c : all_channels())
      channels.push_back(option(std::string(code(c)), name_of(lang, c), code(c) == channel));
    d.set("channels", channels);
    d.set("overdue", overdue == "1");
    d.set("q", words);
    d.set("from", from);
    d.set("to", to);
    d.set("sorts",
          List{option("", std::string(msg(lang, "sort_newest")), sort.empty()),
               option("old", std::string(msg(lang, "sort_oldest")), sort == "old"),
               option("due", std::string(msg(lang, "sort_due")), sort == "due"),
               option("updated", std::string(msg(lang, "sort_updated")), sort == "updated")});
    page.section = "matters";
    return render(services, page, "matters", d, std::string(msg(lang, "matters_title")),
                  status_code);
  });

  router.get("/can-bo/vu-viec/{id}", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    const auto id = request.path_param("id");
    if (id.empty() || id.size() > 15 ||
        !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return error_page(services, page, not_found("matter_not_found", "Không tìm thấy vụ việc"));
    if (const auto ok = request.query_param("ok")) {
      if (const auto a = lifecycle::parse_action(*ok))
        page.flashes.push_back(msg(page.lang, "action_done", {name_of(page.lang, *a)}));
      else if (*ok == "created")
        page.flashes.emplace_back(msg(page.lang, "intake_done"));
    }
    return matter_page(services, page, std::stoll(id), nullptr, 200);
  });

  router.post("/can-bo/vu-viec/{id}/thao-tac", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (!page.principal) {
      return error_page(services, page,
                        Error::make(ErrorKind::unauthorized, "not_authenticated",
                                    "Cần đăng nhập để thực hiện thao tác này"));
    }
    const auto id_text = request.path_param("id");
    if (id_text.empty() || id_text.size() > 15 ||
        !std::all_of(id_text.begin(), id_text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return error_page(services, page, not_found("matter_not_found", "Không tìm thấy vụ việc"));
    const Id id = std::stoll(id_text);
    auto form =
        Form::parse(request, {"csrf_token", "action", "version", "kind", "field_code", "unit_code",
                              "agency_code", "handler", "form", "text", "document_number",
                              "signed_by", "date", "ground", "into", "decision_number", "note"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    const auto action = lifecycle::parse_action(form->value("action"));
    if (!action) {
      return error_page(services, page,
                        invalid("unknown_action", "Thao tác không tồn tại", "action"));
    }
    form->accept_vietnamese_date("date");
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto done = store::perform_action(store.matters(), ref->tree, page.principal->subject,
                                      actor_of(*page.principal), id, *action, *form);
    if (!done.ok()) {
      const Failed failed{*action, &*form, &done.error()};
      return matter_page(services, page, id, &failed, status_for(done.error().kind));
    }
    return redirect("/can-bo/vu-viec/" + std::to_string(id) +
                    "?ok=" + std::string(lifecycle::code(*action)));
  });

  router.get("/can-bo/nhap-don", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    return intake_form(services, page, *ref, nullptr, nullptr, 200);
  });

  router.post("/can-bo/nhap-don", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (!page.principal) {
      return error_page(services, page,
                        Error::make(ErrorKind::unauthorized, "not_authenticated",
                                    "Cần đăng nhập để thực hiện thao tác này"));
    }
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto form = Form::parse(
        request, {"csrf_token", "channel", "received_at", "kind", "unit_code", "field_code",
                  "title", "content", "name", "phone", "address", "id_number", "head_count"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return intake_form(services, page, *ref, &*form, &csrf.error(), 403);
    form->accept_vietnamese_date("received_at");
    auto matter = read_intake(*form, *ref, *page.principal);
    if (!matter.ok())
      return intake_form(services, page, *ref, &*form, &matter.error(),
                         status_for(matter.error().kind));
    auto created = store::create_with_code(store.matters(), std::move(matter).value(),
                                           actor_of(*page.principal));
    if (!created.ok())
      return intake_form(services, page, *ref, &*form, &created.error(),
                         status_for(created.error().kind));
    return redirect("/can-bo/vu-viec/" + std::to_string(created->matter.id) + "?ok=created");
  });
}

}  // namespace doithoai::web
