// Citizen reception (tiếp công dân) on the web. Public: each leader's reception schedule with its
// next days (from the recurrence rules), the .ics feed, and booking a place. Staff: the schedules
// and sessions of their scope, adding a schedule, a session's day with its bookings and visits,
// recording a visit (opening a matter in one step, or refusing with the legal ground), holding
// or cancelling a session, and the register (Sổ tiếp công dân, form 03) ready to print.
#include <algorithm>
#include <map>

#include "domain/reception.hpp"
#include "report/register.hpp"
#include "store/matter_service.hpp"
#include "store/store.hpp"
#include "store/tracking_code.hpp"
#include "web/page_helpers.hpp"

namespace doithoai::web {

namespace {

using helpers::actor_of;
using helpers::today;
using permissions::Action;

constexpr int kPublicHorizonDays = 92;
constexpr int kPublicDates = 6;

const std::vector<std::pair<std::string_view, std::string_view>>& labels() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kLabels{
      {"name", "label_name"},
      {"phone", "label_phone"},
      {"address", "label_address"},
      {"id_number", "label_id_number"},
      {"unit_code", "rcp_label_commune"},
      {"topic", "rcp_label_topic"},
      {"date", "rcp_label_date"},
      {"schedule_id", "rcp_label_schedule"},
      {"summary", "rcp_label_summary"},
      {"kind", "label_kind"},
      {"head_count", "label_head_count"},
      {"prior_agency", "rcp_label_prior_agency"},
      {"direction", "rcp_label_direction"},
      {"direction_body", "rcp_label_direction_body"},
      {"direction_document", "rcp_label_direction_document"},
      {"refusal_ground", "rcp_label_refusal_ground"},
      {"refusal_text", "rcp_label_refusal_text"},
      {"follow_up", "rcp_label_follow_up"},
      {"note", "label_note"},
      {"open_matter", "rcp_label_open_matter"},
      {"field_code", "label_field"},
      {"title", "label_title"},
      {"visited_on", "rcp_label_visited_on"},
      {"leader_name", "rcp_label_leader_name"},
      {"leader_title", "rcp_label_leader_title"},
      {"agency_code", "label_agency"},
      {"rule", "rcp_label_rule"},
      {"starts_on", "rcp_label_starts_on"},
      {"time_from", "rcp_label_time_from"},
      {"time_to", "rcp_label_time_to"},
      {"venue", "rcp_label_venue"},
      {"slots", "rcp_label_slots"},
  };
  return kLabels;
}

std::string direction_name(Lang lang, reception::Direction d) {
  if (lang == Lang::vi) return std::string(reception::name_vi(d));
  return std::string(msg(lang, std::string("rcp_direction_").append(reception::code(d))));
}

std::string session_status_name(Lang lang, store::SessionStatus s) {
  if (lang == Lang::vi) return std::string(store::name_vi(s));
  return std::string(msg(lang, std::string("rcp_session_").append(store::code(s))));
}

std::string weekday_name(Lang lang, Date d) {
  return std::string(msg(lang, "weekday_" + std::to_string(d.weekday())));
}

// "Thứ Năm, 03/12/2026"
std::string day_words(Lang lang, Date d) {
  return weekday_name(lang, d) + ", " + format_date(d);
}

std::string time_range(const store::ReceptionSchedule& s) {
  if (s.time_from.empty()) return {};
  return s.time_to.empty() ? s.time_from : s.time_from + " – " + s.time_to;
}

Data schedule_facts(Lang lang, const store::ReceptionSchedule& s, const Reference& ref) {
  Data x;
  x.set("id", std::to_string(s.id));
  x.set("leader_name", s.leader_name);
  x.set("leader_title", helpers::text_or_false(s.leader_title));
  x.set("agency", ref.agency_name(s.agency_code));
  x.set("unit", ref.unit_name(s.unit_code));
  x.set("rule", lang == Lang::vi ? s.rule_vi : s.rule_vi + " (" + s.rule + ")");
  x.set("time", helpers::text_or_false(time_range(s)));
  x.set("venue", helpers::text_or_false(s.venue));
  x.set("slots", format_number(s.slots));
  x.set("bookable", s.slots > 0);
  x.set("starts_on", format_date(s.starts_on));
  if (s.ends_on) x.set("ends_on", format_date(*s.ends_on));
  return x;
}

// The next days a schedule yields after today, with the places left on each.
Expected<List> next_days(Lang lang, store::Store& store, const store::ReceptionSchedule& s,
                         int limit) {
  const Date from = today().plus_days(1);
  const Date to = today().plus_days(kPublicHorizonDays);
  const auto dates = TRY(store.receptions().schedule_dates(s.id, from, to));
  store::SessionQuery q;
  q.schedule_id = s.id;
  q.from = from;
  q.to = to;
  std::map<Date, store::ReceptionSession> sessions;
  for (auto& session : TRY(store.receptions().sessions(q))) sessions[session.held_on] = session;
  List out;
  int n = 0;
  for (const auto& d : dates) {
    if (n >= limit) break;
    const auto it = sessions.find(d);
    if (it != sessions.end() && it->second.status == store::SessionStatus::cancelled) continue;
    ++n;
    const int booked = it == sessions.end() ? 0 : it->second.booked;
    const int slots = it == sessions.end() ? s.slots : it->second.slots;
    Data x;
    x.set("date", format_date(d));
    x.set("iso", d.iso());
    x.set("words", day_words(lang, d));
    x.set("left", msg(lang, "rcp_places_left", {format_number(std::max(0, slots - booked))}));
    x.set("full", s.slots > 0 && booked >= slots);
    x.set("bookable", s.slots > 0 && booked < slots);
    x.set("book_href", url_with("/lich-tiep-cong-dan/dat-lich",
                                {{"lich", std::to_string(s.id)}, {"ngay", d.iso()}}));
    out.push_back(x);
  }
  return out;
}

Expected<std::vector<store::ReceptionSchedule>> public_schedules(store::Store& store) {
  store::ScheduleQuery q;
  q.current_only = true;
  q.today = today();
  return store.receptions().schedules(q);
}

// A day typed in a query: YYYY-MM-DD or dd/mm/yyyy.
std::optional<Date> query_day(const http::Request& request, std::string_view name) {
  const auto raw = request.query_param(name);
  if (!raw || raw->empty()) return std::nullopt;
  if (auto d = Date::parse_iso(*raw)) return d;
  return parse_date_vi(*raw);
}

// ---- public: booking ---------------------------------------------------------------------

http::Response booking_form(Services& services, Page& page, const store::ReceptionSchedule& s,
                            const Reference& ref, const std::string& day, const Form* form,
                            const Error* error, int status) {
  const Lang lang = page.lang;
  auto& store = services.context.store;
  auto value = [form](std::string_view k) { return form ? form->value(k) : std::string(); };
  Data x = schedule_facts(lang, s, ref);
  List options;
  const std::string chosen = form ? form->value("date") : day;
  // The days with a place left, as options.
  {
    const Date from = today().plus_days(1);
    auto dates =
        store.receptions().schedule_dates(s.id, from, today().plus_days(kPublicHorizonDays));
    store::SessionQuery q;
    q.schedule_id = s.id;
    q.from = from;
    q.to = today().plus_days(kPublicHorizonDays);
    std::map<Date, store::ReceptionSession> sessions;
    if (auto found = store.receptions().sessions(q); found.ok()) {
      for (auto& session : *found) sessions[session.held_on] = session;
    }
    if (dates.ok()) {
      int n = 0;
      for (const auto& d : *dates) {
        if (n >= 20) break;
        const auto it = sessions.find(d);
        if (it != sessions.end() && (it->second.status != store::SessionStatus::scheduled ||
                                     it->second.booked >= it->second.slots))
          continue;
        ++n;
        const int left = it == sessions.end() ? s.slots : it->second.slots - it->second.booked;
        options.push_back(
            option(d.iso(),
                   day_words(lang, d) + " · " + msg(lang, "rcp_places_left", {format_number(left)}),
                   d.iso() == chosen));
      }
    }
  }
  x.set("dates", options);
  x.set("has_dates", !options.empty());
  for (const auto* k : {"name", "phone", "topic"}) x.set(k, value(k));
  x.set("units", unit_options(lang, ref.units, ref.levels, value("unit_code"), today(), false));
  if (error) {
    if (error->kind == ErrorKind::conflict || error->kind == ErrorKind::rate_limited) {
      Data summary;
      const std::string key = "rcp_err_" + error->code;
      summary.set("text", has_msg(key) ? std::string(msg(lang, key))
                                       : field_error_message(lang, *error, ""));
      x.set("error_summary", summary);
    } else {
      helpers::set_form_error(x, lang, *error, labels());
    }
  }
  page.section = "receptions";
  return render(services, page, "booking", x, std::string(msg(lang, "rcp_book_title")), status);
}

// ---- staff ----------------------------------------------------------------------------------

// The scope of the staff pages: the first grant's unit; the permission is checked on it.
Expected<std::string> staff_unit(const auth::Principal& p, const Reference& ref, Action action) {
  const auto unit = helpers::default_unit(p);
  permissions::Target t;
  if (!unit.empty()) t.unit_path = ref.tree.path(unit);
  TRY(permissions::require(p.subject, action, t));
  return unit;
}

permissions::Target agency_target(const Reference& ref, const std::string& agency_code) {
  permissions::Target t;
  for (const auto& a : ref.agencies) {
    if (a.code == agency_code) t.unit_path = ref.tree.path(a.unit_code);
  }
  t.agency_code = agency_code;
  return t;
}

List rule_options(Lang lang, const std::string& selected) {
  static const std::pair<std::string_view, std::string_view> kRules[] = {
      {"FREQ=WEEKLY;BYDAY=MO", "rcp_rule_mo"},
      {"FREQ=WEEKLY;BYDAY=TU", "rcp_rule_tu"},
      {"FREQ=WEEKLY;BYDAY=WE", "rcp_rule_we"},
      {"FREQ=WEEKLY;BYDAY=TH", "rcp_rule_th"},
      {"FREQ=WEEKLY;BYDAY=FR", "rcp_rule_fr"},
      {"FREQ=MONTHLY;BYDAY=2TH,4TH", "rcp_rule_2th4th"},
      {"FREQ=MONTHLY;BYMONTHDAY=10,25", "rcp_rule_10_25"},
      {"FREQ=MONTHLY;BYMONTHDAY=15", "rcp_rule_15"},
      {"FREQ=MONTHLY;BYDAY=-1FR", "rcp_rule_last_fr"},
  };
  List out;
  for (const auto& [rule, key] : kRules) {
    out.push_back(option(std::string(rule), std::string(msg(lang, key)), rule == selected));
  }
  return out;
}

http::Response receptions_page(Services& services, Page& page, const Form* form, const Error* error,
                               int status) {
  auto& store = services.context.store;
  const Lang lang = page.lang;
  const auto& p = *page.principal;
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  auto unit = staff_unit(p, *ref, Action::read_reception);
  if (!unit.ok()) return error_page(services, page, unit.error());
  store::ScheduleQuery sq;
  sq.unit_code = *unit;
  sq.current_only = true;
  sq.today = today();
  auto schedules = store.receptions().schedules(sq);
  if (!schedules.ok()) return error_page(services, page, schedules.error());
  Data x;
  x.set("unit", helpers::text_or_false(unit->empty() ? std::string() : ref->unit_name(*unit)));
  List items;
  for (const auto& s : *schedules) {
    Data item = schedule_facts(lang, s, *ref);
    // Today (if the rule yields it) and the next two weeks, each a link to its day.
    auto dates = store.receptions().schedule_dates(s.id, today(), today().plus_days(14));
    List days;
    if (dates.ok()) {
      for (const auto& d : *dates) {
        Data day;
        day.set("words", day_words(lang, d));
        day.set("today", d == today());
        day.set("href", url_with("/can-bo/tiep-cong-dan/buoi",
                                 {{"lich", std::to_string(s.id)}, {"ngay", d.iso()}}));
        days.push_back(day);
      }
    }
    item.set("days", days);
    item.set("has_days", !days.empty());
    items.push_back(item);
  }
  x.set("schedules", items);
  x.set("has_schedules", !items.empty());
  x.set("schedule_count", msg(lang, "rcp_schedule_count",
                              {format_number(static_cast<std::int64_t>(schedules->size()))}));

  // Sessions recorded in the last and next month.
  store::SessionQuery q;
  q.unit_code = *unit;
  q.from = today().plus_days(-31);
  q.to = today().plus_days(31);
  auto sessions = store.receptions().sessions(q);
  if (!sessions.ok()) return error_page(services, page, sessions.error());
  List rows;
  for (auto it = sessions->rbegin(); it != sessions->rend(); ++it) {
    const auto& s = *it;
    Data row;
    row.set("date", day_words(lang, s.held_on));
    row.set("leader", s.leader_name);
    row.set("agency", ref->agency_name(s.agency_code));
    row.set("status", session_status_name(lang, s.status));
    row.set("status_code", std::string(store::code(s.status)));
    row.set("extra", s.extra);
    row.set("booked", format_number(s.booked) + "/" + format_number(s.slots));
    row.set("visits", format_number(s.visits));
    if (s.schedule_id) {
      row.set("href",
              url_with("/can-bo/tiep-cong-dan/buoi",
                       {{"lich", std::to_string(*s.schedule_id)}, {"ngay", s.held_on.iso()}}));
    }
    rows.push_back(row);
  }
  x.set("sessions", rows);
  x.set("has_sessions", !rows.empty());
  x.set("session_count",
        msg(lang, "rcp_session_count", {format_number(static_cast<std::int64_t>(rows.size()))}));

  if (helpers::role_may(p, Action::manage_receptions)) {
    auto value = [form](std::string_view k, std::string fallback = {}) {
      return form ? form->value(k) : std::move(fallback);
    };
    Data f;
    for (const auto* k : {"leader_name", "leader_title", "venue"}) f.set(k, value(k));
    f.set("starts_on", value("starts_on", format_date(today())));
    f.set("time_from", value("time_from", "07:30"));
    f.set("time_to", value("time_to", "11:30"));
    f.set("slots", value("slots", "10"));
    f.set("rules", rule_options(lang, value("rule", "FREQ=WEEKLY;BYDAY=TH")));
    f.set("agencies", helpers::agency_options(*ref, value("agency_code"), *unit));
    if (error) helpers::set_form_error(f, lang, *error, labels());
    x.set("schedule_form", f);
  }
  page.section = "receptions_staff";
  return render(services, page, "receptions_staff", x, std::string(msg(lang, "rcp_staff_title")),
                status);
}

http::Response session_page(Services& services, Page& page, Id schedule_id, Date day,
                            const Form* form, const Error* error, int status) {
  auto& store = services.context.store;
  const Lang lang = page.lang;
  const auto& p = *page.principal;
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  auto schedule = store.receptions().schedule(schedule_id);
  if (!schedule.ok()) return error_page(services, page, schedule.error());
  const auto target = agency_target(*ref, schedule->agency_code);
  if (auto ok = permissions::require(p.subject, Action::read_reception, target); !ok.ok())
    return error_page(services, page, ok.error());
  const bool manage = permissions::can(p.subject, Action::manage_receptions, target);
  store::SessionQuery q;
  q.schedule_id = schedule_id;
  q.from = day;
  q.to = day;
  auto sessions = store.receptions().sessions(q);
  if (!sessions.ok()) return error_page(services, page, sessions.error());
  std::optional<store::ReceptionSession> session;
  if (!sessions->empty()) session = sessions->front();
  auto yields = store.receptions().schedule_dates(schedule_id, day, day);
  const bool scheduled_day = yields.ok() && !yields->empty();

  Data x = schedule_facts(lang, *schedule, *ref);
  x.set("day", day_words(lang, day));
  x.set("day_iso", day.iso());
  x.set("day_vi", format_date(day));
  x.set("scheduled_day", scheduled_day || session.has_value());
  x.set("back_href", "/can-bo/tiep-cong-dan");
  const store::SessionStatus st = session ? session->status : store::SessionStatus::scheduled;
  x.set("session_status", session_status_name(lang, st));
  x.set("session_status_code", std::string(store::code(st)));
  List bookings;
  List booking_options;
  List visits;
  if (session) {
    x.set("booked", format_number(session->booked) + "/" + format_number(session->slots));
    auto found = store.receptions().bookings(session->id);
    if (found.ok()) {
      for (const auto& b : *found) {
        Data bx;
        bx.set("position", std::to_string(b.position));
        bx.set("code", b.code);
        bx.set("name", b.name);
        bx.set("phone", helpers::text_or_false(b.phone));
        bx.set("unit", helpers::text_or_false(b.unit_code.empty() ? std::string()
                                                                  : ref->unit_name(b.unit_code)));
        bx.set("topic", b.topic);
        bx.set("status", std::string(msg(lang, "rcp_booking_" + b.status)));
        bookings.push_back(bx);
        if (b.status == "booked") {
          booking_options.push_back(
              option(std::to_string(b.id), std::to_string(b.position) + ". " + b.name,
                     form && form->value("booking_id") == std::to_string(b.id)));
        }
      }
    }
    store::RegisterQuery rq;
    rq.agency_code = session->agency_code;
    rq.from = day;
    rq.to = day;
    auto found_visits = store.receptions().visits(rq);
    if (found_visits.ok()) {
      // A list reveals no denouncer's identity (as the register), and so records no view.
      for (const auto& found_visit : *found_visits) {
        if (found_visit.session_id != session->id) continue;
        const store::Visit v = store::withhold_visitor(found_visit);
        Data vx;
        vx.set("number", std::to_string(v.number));
        vx.set("name", v.name);
        if (!v.address.empty()) vx.set("address", v.address);
        vx.set("summary", v.summary);
        vx.set("kind", name_of(lang, v.kind));
        vx.set("head_count", format_number(v.head_count));
        vx.set("direction", direction_name(lang, v.direction));
        vx.set("direction_code", std::string(reception::code(v.direction)));
        if (!v.refusal_text.empty()) vx.set("refusal", v.refusal_text);
        if (v.matter_id) {
          vx.set("matter_href", "/can-bo/vu-viec/" + std::to_string(*v.matter_id));
          vx.set("matter_code", v.matter_tracking_code);
        }
        visits.push_back(vx);
      }
    }
  }
  x.set("bookings", bookings);
  x.set("has_bookings", !bookings.empty());
  x.set("visits", visits);
  x.set("has_visits", !visits.empty());
  x.set("visit_count", format_number(static_cast<std::int64_t>(visits.size())));

  // Hold or cancel the session.
  if (manage && st == store::SessionStatus::scheduled && (scheduled_day || session)) {
    x.set("may_hold", !(today() < day));
    x.set("may_cancel", true);
  }
  // Record a visit: on the day or after, in a session not cancelled.
  if (manage && st != store::SessionStatus::cancelled && !(today() < day) &&
      (scheduled_day || session)) {
    auto value = [form](std::string_view k, std::string fallback = {}) {
      return form ? form->value(k) : std::move(fallback);
    };
    Data f;
    for (const auto* k :
         {"name", "address", "phone", "id_number", "summary", "prior_agency", "direction_body",
          "direction_document", "refusal_text", "follow_up", "note", "title"}) {
      f.set(k, value(k));
    }
    f.set("head_count", value("head_count", "1"));
    List kinds;
    const auto kind = value("kind", "kien_nghi");
    for (const auto k : {Kind::khieu_nai, Kind::to_cao, Kind::kien_nghi, Kind::phan_anh}) {
      kinds.push_back(option(std::string(code(k)), name_of(lang, k), code(k) == kind));
    }
    f.set("kinds", kinds);
    List directions;
    const auto direction = value("direction", "accepted");
    for (const auto d : {reception::Direction::accepted, reception::Direction::guided,
                         reception::Direction::transferred, reception::Direction::refused}) {
      Data dx;
      dx.set("value", std::string(reception::code(d)));
      dx.set("label", direction_name(lang, d));
      dx.set("checked", reception::code(d) == direction);
      directions.push_back(dx);
    }
    f.set("directions", directions);
    List grounds;
    for (const auto& g : reception::refusal_grounds()) {
      grounds.push_back(
          option(std::string(g.code), std::string(g.text), g.code == value("refusal_ground")));
    }
    f.set("grounds", grounds);
    f.set("open_matter", form ? form->value("open_matter") == "1" : true);
    f.set("fields", field_options(ref->fields, value("field_code")));
    f.set("units", unit_options(lang, ref->units, ref->levels,
                                value("unit_code", schedule->unit_code), std::nullopt, false));
    f.set("booking_options", booking_options);
    f.set("has_booking_options", !booking_options.empty());
    if (error && form) helpers::set_form_error(f, lang, *error, labels());
    x.set("visit_form", f);
  }
  if (error && !form) {
    helpers::set_form_error(x, lang, *error, labels());
  }
  page.section = "receptions_staff";
  return render(services, page, "reception_session", x,
                std::string(msg(lang, "rcp_session_title")) + " " + format_date(day), status);
}

Expected<store::NewVisit> read_visit(const Form& form, const auth::Principal& p) {
  store::NewVisit v;
  v.schedule_id = helpers::parse_id(form.value("schedule_id"));
  if (!v.schedule_id) return not_found("schedule_not_found", "Không tìm thấy lịch tiếp");
  v.visited_on = TRY(form.date("visited_on"));
  v.name = TRY(form.string("name", 200));
  v.address = TRY(form.optional_string("address", 500)).value_or("");
  v.phone = TRY(form.optional_string("phone", 50)).value_or("");
  v.id_number = TRY(form.optional_string("id_number", 50)).value_or("");
  v.summary = TRY(form.string("summary", 20000));
  const auto kind = parse_kind(form.value("kind").empty() ? "kien_nghi" : form.value("kind"));
  if (!kind) return invalid("unknown_kind", "Loại vụ việc không hợp lệ", "kind");
  v.kind = *kind;
  const auto head_count = TRY(form.integer("head_count")).value_or(1);
  if (head_count < 1 || head_count > 100000)
    return invalid("bad_head_count", "Số người phải là số nguyên dương", "head_count");
  v.head_count = static_cast<int>(head_count);
  v.prior_agency = TRY(form.optional_string("prior_agency", 500)).value_or("");
  const auto direction = reception::parse_direction(
      form.value("direction").empty() ? "accepted" : form.value("direction"));
  if (!direction) return invalid("unknown_direction", "Hướng xử lý không hợp lệ", "direction");
  v.direction = *direction;
  // What only one direction uses is read for it alone: with JavaScript off every field shows.
  if (v.direction == reception::Direction::guided ||
      v.direction == reception::Direction::transferred) {
    v.direction_body = TRY(form.optional_string("direction_body", 500)).value_or("");
    v.direction_document = TRY(form.optional_string("direction_document", 100)).value_or("");
  }
  if (v.direction == reception::Direction::refused) {
    v.refusal_ground = TRY(form.optional_string("refusal_ground", 32)).value_or("");
    if (v.refusal_ground.empty())
      return invalid("required", "Cần chọn căn cứ từ chối tiếp", "refusal_ground");
    v.refusal_text = TRY(form.optional_string("refusal_text", 2000)).value_or("");
  }
  v.follow_up = TRY(form.optional_string("follow_up", 2000)).value_or("");
  v.note = TRY(form.optional_string("note", 2000)).value_or("");
  v.booking_id = helpers::parse_id(form.value("booking_id"));
  v.open_matter = form.value("open_matter") == "1" && v.direction != reception::Direction::refused;
  if (v.open_matter) {
    v.field_code = TRY(form.optional_string("field_code", 64)).value_or("");
    v.unit_code = TRY(form.optional_string("unit_code", 64)).value_or("");
    v.title = TRY(form.optional_string("title", 500)).value_or("");
  }
  v.recorded_by = p.user.username;
  return v;
}

http::Response register_page(Services& services, Page& page, const http::Request& request) {
  auto& store = services.context.store;
  const Lang lang = page.lang;
  const auto& p = *page.principal;
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  auto unit = staff_unit(p, *ref, Action::read_reception);
  if (!unit.ok()) return error_page(services, page, unit.error());
  const Date t = today();
  Data x;
  int code = 200;
  const auto from_raw = request.query_param("tu").value_or("");
  const auto to_raw = request.query_param("den").value_or("");
  const auto agency = request.query_param("co-quan").value_or("");
  Date from{t.year, 1, 1};
  Date to = t;
  auto bad_date = [&](const char* field) {
    helpers::set_form_error(x, lang, invalid("bad_date", "Ngày không hợp lệ", field),
                            {{"tu", "rcp_label_from"}, {"den", "rcp_label_to"}});
    code = 422;
  };
  if (!from_raw.empty()) {
    if (auto d = parse_date_vi(from_raw))
      from = *d;
    else
      bad_date("tu");
  }
  if (!to_raw.empty()) {
    if (auto d = parse_date_vi(to_raw))
      to = *d;
    else
      bad_date("den");
  }
  if (to < from) {
    helpers::set_form_error(x, lang,
                            invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "den"),
                            {{"den", "rcp_label_to"}});
    code = 422;
  }
  if (!agency.empty()) {
    if (auto ok =
            permissions::require(p.subject, Action::read_reception, agency_target(*ref, agency));
        !ok.ok())
      return error_page(services, page, ok.error());
  }
  List rows;
  if (code == 200) {
    store::RegisterQuery q;
    q.agency_code = agency;
    q.unit_code = agency.empty() ? *unit : std::string();
    q.from = from;
    q.to = to;
    auto found = store.receptions().register_rows(q);
    if (!found.ok()) return error_page(services, page, found.error());
    // A denouncer is never named in the register (report::exported_row), as in its files.
    for (const auto& listed : *found) {
      const store::RegisterRow r = report::exported_row(listed);
      Data row;
      row.set("number", std::to_string(r.number));
      row.set("date", format_date(r.date));
      row.set("name_and_address", r.name_and_address);
      row.set("id_document", r.id_document);
      row.set("summary", r.summary);
      row.set("classification", r.classification);
      row.set("ruled_by", r.ruled_by);
      row.set("direction", r.direction);
      row.set("follow_up", r.follow_up);
      row.set("note", r.note);
      if (r.matter_id) row.set("matter_href", "/can-bo/vu-viec/" + std::to_string(*r.matter_id));
      rows.push_back(row);
    }
  }
  x.set("rows", rows);
  x.set("has_rows", !rows.empty());
  x.set("count",
        msg(lang, "rcp_register_count", {format_number(static_cast<std::int64_t>(rows.size()))}));
  x.set("from", from_raw.empty() ? format_date(from) : from_raw);
  x.set("to", to_raw.empty() ? format_date(to) : to_raw);
  x.set("period", msg(lang, "rcp_register_period", {format_date(from), format_date(to)}));
  x.set("agencies", helpers::agency_options(*ref, agency, *unit));
  x.set("holder", agency.empty() ? (unit->empty() ? services.owner_name() : ref->unit_name(*unit))
                                 : ref->agency_name(agency));
  page.section = "receptions_staff";
  return render(services, page, "reception_register", x,
                std::string(msg(lang, "rcp_register_title")), code);
}

std::optional<http::Response> post_guard(Services& services, Page& page) {
  if (page.principal) return std::nullopt;
  return error_page(services, page,
                    Error::make(ErrorKind::unauthorized, "not_authenticated",
                                "Cần đăng nhập để thực hiện thao tác này"));
}

}  // namespace

// ---- the home page's section ----------------------------------------------------------------

void add_reception_home(Services& services, Lang lang, Data& data) {
  auto& store = services.context.store;
  auto ref = reference(services);
  auto schedules = public_schedules(store);
  List items;
  if (ref.ok() && schedules.ok()) {
    for (const auto& s : *schedules) {
      if (items.size() >= 4) break;
      Data x = schedule_facts(lang, s, *ref);
      auto days = next_days(lang, store, s, 1);
      if (days.ok() && !days->empty()) {
        x.set("next", (*days)[0]);
      }
      items.push_back(x);
    }
  }
  data.set("reception_schedules", items);
  data.set("has_reception_schedules", !items.empty());
}

void register_reception_pages(http::Router& router, Services& services) {
  auto& store = services.context.store;

  // ---- public ----

  router.get("/lich-tiep-cong-dan", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto schedules = public_schedules(store);
    if (!schedules.ok()) return error_page(services, page, schedules.error());
    List items;
    for (const auto& s : *schedules) {
      Data x = schedule_facts(lang, s, *ref);
      auto days = next_days(lang, store, s, kPublicDates);
      if (!days.ok()) return error_page(services, page, days.error());
      x.set("has_days", !days->empty());
      x.set("days", *days);
      items.push_back(x);
    }
    Data x;
    x.set("schedules", items);
    x.set("has_schedules", !items.empty());
    x.set("count", msg(lang, "rcp_schedule_count",
                       {format_number(static_cast<std::int64_t>(schedules->size()))}));
    x.set("ics_href", "/api/v1/public/receptions/calendar.ics");
    page.section = "receptions";
    return render(services, page, "receptions", x, std::string(msg(lang, "rcp_title")));
  });

  router.get("/lich-tiep-cong-dan/dat-lich", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    const auto id = helpers::parse_id(request.query_param("lich").value_or(""));
    auto schedule = id ? store.receptions().schedule(*id)
                       : Expected<store::ReceptionSchedule>(
                             not_found("schedule_not_found", "Không tìm thấy lịch tiếp"));
    if (!schedule.ok()) return error_page(services, page, schedule.error());
    return booking_form(services, page, *schedule, *ref, request.query_param("ngay").value_or(""),
                        nullptr, nullptr, 200);
  });

  router.post("/lich-tiep-cong-dan/dat-lich", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto form = Form::parse(
        request, {"csrf_token", "schedule_id", "date", "name", "phone", "unit_code", "topic"});
    if (!form.ok()) return error_page(services, page, form.error());
    const auto id = helpers::parse_id(form->value("schedule_id"));
    auto schedule = id ? store.receptions().schedule(*id)
                       : Expected<store::ReceptionSchedule>(
                             not_found("schedule_not_found", "Không tìm thấy lịch tiếp"));
    if (!schedule.ok()) return error_page(services, page, schedule.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return booking_form(services, page, *schedule, *ref, "", &*form, &csrf.error(), 403);
    if (!services.public_submissions.try_take({"b:" + request.remote_address}, now_utc())) {
      const auto e = Error::make(ErrorKind::rate_limited, "too_many_submissions",
                                 "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn, vui lòng thử "
                                 "lại sau");
      return booking_form(services, page, *schedule, *ref, "", &*form, &e, 429);
    }
    auto read = [&]() -> Expected<store::NewBooking> {
      store::NewBooking b;
      b.schedule_id = schedule->id;
      if (form->value("date").empty()) return invalid("required", "Vui lòng chọn ngày", "date");
      b.on = TRY(form->date("date"));
      b.name = TRY(form->string("name", 200));
      b.phone = TRY(form->optional_string("phone", 50)).value_or("");
      b.unit_code = TRY(form->optional_string("unit_code", 64)).value_or("");
      b.topic = TRY(form->string("topic", 2000));
      b.today = today();
      b.code = store::new_tracking_code();
      return b;
    };
    auto b = read();
    if (!b.ok()) return booking_form(services, page, *schedule, *ref, "", &*form, &b.error(), 422);
    auto booked = store.receptions().book(*b, Actor{std::nullopt, "public"});
    if (!booked.ok())
      return booking_form(services, page, *schedule, *ref, "", &*form, &booked.error(),
                          status_for(booked.error().kind));
    return redirect(
        url_with("/lich-tiep-cong-dan/da-dat-lich", {{"ma", booked->code},
                                                     {"lich", std::to_string(schedule->id)},
                                                     {"ngay", booked->on.iso()},
                                                     {"stt", std::to_string(booked->position)}}));
  });

  // The confirmation: nothing personal, only what the redirect carried and the schedule.
  router.get("/lich-tiep-cong-dan/da-dat-lich", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    const auto id = helpers::parse_id(request.query_param("lich").value_or(""));
    const auto day = query_day(request, "ngay");
    const auto code = store::normalize_tracking_code(request.query_param("ma").value_or(""));
    const auto position = helpers::parse_id(request.query_param("stt").value_or(""));
    auto schedule = id ? store.receptions().schedule(*id)
                       : Expected<store::ReceptionSchedule>(
                             not_found("schedule_not_found", "Không tìm thấy lịch tiếp"));
    if (!schedule.ok() || !day || !code || !position)
      return error_page(services, page,
                        not_found("booking_not_found", "Không tìm thấy lượt đặt lịch"));
    Data x = schedule_facts(lang, *schedule, *ref);
    x.set("code", *code);
    x.set("day", day_words(lang, *day));
    x.set("position", std::to_string(*position));
    page.section = "receptions";
    return render(services, page, "booking_done", x, std::string(msg(lang, "rcp_booked_title")));
  });

  // ---- staff ----

  router.get("/can-bo/tiep-cong-dan", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    if (request.query_param("ok")) page.flashes.emplace_back(msg(page.lang, "rcp_schedule_saved"));
    return receptions_page(services, page, nullptr, nullptr, 200);
  });

  router.post("/can-bo/tiep-cong-dan/lich", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    auto form =
        Form::parse(request, {"csrf_token", "leader_name", "leader_title", "agency_code", "rule",
                              "starts_on", "time_from", "time_to", "venue", "slots"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    form->accept_vietnamese_date("starts_on");
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<void> {
      store::NewSchedule s;
      s.agency_code = TRY(form->string("agency_code", 64));
      TRY(permissions::require(page.principal->subject, Action::manage_receptions,
                               agency_target(*ref, s.agency_code)));
      s.leader_name = TRY(form->string("leader_name", 200));
      s.leader_title = TRY(form->optional_string("leader_title", 200)).value_or("");
      s.rule = TRY(form->string("rule", 200));
      s.starts_on = TRY(form->date("starts_on"));
      s.time_from = TRY(form->optional_string("time_from", 5)).value_or("");
      s.time_to = TRY(form->optional_string("time_to", 5)).value_or("");
      s.venue = TRY(form->optional_string("venue", 500)).value_or("");
      const auto slots = TRY(form->integer("slots")).value_or(0);
      if (slots < 0 || slots > 500)
        return invalid("bad_slots", "Số lượt đặt lịch phải từ 0 đến 500", "slots");
      s.slots = static_cast<int>(slots);
      TRY(store.receptions().add_schedule(s, actor_of(*page.principal)));
      return {};
    };
    if (auto done = run(); !done.ok())
      return receptions_page(services, page, &*form, &done.error(), status_for(done.error().kind));
    return redirect("/can-bo/tiep-cong-dan?ok=schedule");
  });

  router.get("/can-bo/tiep-cong-dan/buoi", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    const auto id = helpers::parse_id(request.query_param("lich").value_or(""));
    const auto day = query_day(request, "ngay");
    if (!id || !day)
      return error_page(services, page, not_found("session_not_found", "Không tìm thấy buổi tiếp"));
    if (const auto ok = request.query_param("ok")) {
      if (*ok == "visit") {
        const auto code = request.query_param("ma").value_or("");
        page.flashes.push_back(code.empty() ? std::string(msg(page.lang, "rcp_visit_saved"))
                                            : msg(page.lang, "rcp_visit_saved_matter", {code}));
      } else {
        page.flashes.emplace_back(msg(page.lang, "rcp_session_saved"));
      }
    }
    return session_page(services, page, *id, *day, nullptr, nullptr, 200);
  });

  router.post("/can-bo/tiep-cong-dan/buoi", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    auto form = Form::parse(request, {"csrf_token", "schedule_id", "day", "action"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    const auto id = helpers::parse_id(form->value("schedule_id"));
    const auto day = Date::parse_iso(form->value("day"));
    if (!id || !day)
      return error_page(services, page, not_found("session_not_found", "Không tìm thấy buổi tiếp"));
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<void> {
      const auto schedule = TRY(store.receptions().schedule(*id));
      TRY(permissions::require(page.principal->subject, Action::manage_receptions,
                               agency_target(*ref, schedule.agency_code)));
      store::SessionQuery q;
      q.schedule_id = *id;
      q.from = *day;
      q.to = *day;
      auto sessions = TRY(store.receptions().sessions(q));
      const auto actor = actor_of(*page.principal);
      Id session_id = 0;
      if (sessions.empty()) {
        store::NewSession n;
        n.schedule_id = *id;
        n.held_on = *day;
        session_id = TRY(store.receptions().add_session(n, actor)).id;
      } else {
        session_id = sessions.front().id;
      }
      store::SessionCommand c;
      c.session_id = session_id;
      c.on = today();
      const auto action = form->value("action");
      if (action == "hold") {
        c.action = store::SessionCommand::Action::hold;
      } else if (action == "cancel") {
        c.action = store::SessionCommand::Action::cancel;
      } else {
        return invalid("unknown_action", "Thao tác không tồn tại", "action");
      }
      TRY(store.receptions().apply(c, actor));
      return {};
    };
    if (auto done = run(); !done.ok())
      return session_page(services, page, *id, *day, nullptr, &done.error(),
                          status_for(done.error().kind));
    return redirect(url_with("/can-bo/tiep-cong-dan/buoi",
                             {{"lich", std::to_string(*id)}, {"ngay", day->iso()}, {"ok", "1"}}));
  });

  router.post("/can-bo/tiep-cong-dan/luot-tiep", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    if (auto guard = post_guard(services, page)) return std::move(*guard);
    auto form = Form::parse(request, {"csrf_token",     "schedule_id",
                                      "visited_on",     "name",
                                      "address",        "phone",
                                      "id_number",      "summary",
                                      "kind",           "head_count",
                                      "prior_agency",   "direction",
                                      "direction_body", "direction_document",
                                      "refusal_ground", "refusal_text",
                                      "follow_up",      "note",
                                      "booking_id",     "open_matter",
                                      "field_code",     "unit_code",
                                      "title"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    const auto id = helpers::parse_id(form->value("schedule_id"));
    const auto day = Date::parse_iso(form->value("visited_on"));
    if (!id || !day)
      return error_page(services, page, not_found("session_not_found", "Không tìm thấy buổi tiếp"));
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto run = [&]() -> Expected<store::Visit> {
      const auto schedule = TRY(store.receptions().schedule(*id));
      TRY(permissions::require(page.principal->subject, Action::manage_receptions,
                               agency_target(*ref, schedule.agency_code)));
      auto v = TRY(read_visit(*form, *page.principal));
      for (int attempt = 0;; ++attempt) {
        v.tracking_code = store::new_tracking_code();
        auto recorded = store.receptions().record_visit(v, actor_of(*page.principal));
        if (recorded.ok() || recorded.error().code != "tracking_code_taken" || attempt >= 4)
          return recorded;
      }
    };
    auto done = run();
    if (!done.ok())
      return session_page(services, page, *id, *day, &*form, &done.error(),
                          status_for(done.error().kind));
    return redirect(url_with("/can-bo/tiep-cong-dan/buoi", {{"lich", std::to_string(*id)},
                                                            {"ngay", day->iso()},
                                                            {"ok", "visit"},
                                                            {"ma", done->matter_tracking_code}}) +
                    "#luot-tiep");
  });

  router.get("/can-bo/tiep-cong-dan/so", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    return register_page(services, page, request);
  });
}

}  // namespace doithoai::web
