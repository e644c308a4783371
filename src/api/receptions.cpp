// /api/v1/receptions: leaders' reception schedules, sessions, visits (the register, form 03),
// refusals, compliance with the reception duty; /api/v1/public/receptions: the published
// schedules, an iCalendar feed, and online booking.
#include <algorithm>
#include <cstdio>

#include "api/internal.hpp"
#include "api/tracking_code.hpp"
#include "domain/reception.hpp"
#include "domain/text.hpp"
#include "report/register.hpp"
#include "store/matter_service.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

using permissions::Action;

constexpr int kPublicDates = 8;
constexpr std::int64_t kVietnamOffsetSeconds = 25200;  // UTC+7, all year
constexpr int kPublicHorizonDays = 92;

Actor actor_of(const auth::Principal& p) {
  return Actor{p.user.id, p.user.username};
}

Date today() {
  return vietnam_date(now_utc());
}

json opt_date(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}
json opt_text(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

Expected<Id> path_id(const http::Request& request, const char* code, const char* message) {
  const auto id = parse_int(request.path_param("id"));
  if (!id) return not_found(code, message);
  return static_cast<Id>(*id);
}

// The permission target of an agency's reception (its unit path and the agency).
Expected<permissions::Target> agency_target(Services& services, const std::string& agency_code) {
  auto agency = services.context.store.agency(agency_code);
  if (!agency.ok()) {
    return invalid("unknown_agency", "Không tìm thấy cơ quan: " + agency_code, "agency_code");
  }
  const auto tree = TRY(services.unit_tree());
  permissions::Target t;
  t.unit_path = tree->path(agency->unit_code);
  t.agency_code = agency->code;
  return t;
}

// The scope of a staff query: ?agency= or ?unit=, else the caller's first grant's unit. The
// permission is checked on it.
struct Scope {
  std::string agency_code;
  std::string unit_code;
};

Expected<Scope> staff_scope(Services& services, const auth::Principal& p,
                            const http::Request& request, Action action) {
  Scope s;
  s.agency_code = request.query_param("agency").value_or("");
  s.unit_code = request.query_param("unit").value_or("");
  const auto tree = TRY(services.unit_tree());
  if (!s.unit_code.empty() && !tree->contains(s.unit_code)) {
    return invalid("unknown_unit", "Đơn vị không tồn tại", "unit");
  }
  if (s.agency_code.empty() && s.unit_code.empty()) {
    for (const auto& g : p.subject.grants) {
      if (g.scope_kind == Grant::ScopeKind::unit) {
        s.unit_code = g.scope_code;
      } else {
        s.agency_code = g.scope_code;
      }
      break;
    }
  }
  permissions::Target t;
  if (!s.agency_code.empty()) {
    t = TRY(agency_target(services, s.agency_code));
  } else if (!s.unit_code.empty()) {
    t.unit_path = tree->path(s.unit_code);
  }
  TRY(require(p, action, t));
  return s;
}

Expected<std::pair<Date, Date>> period(const http::Request& request, Date default_from,
                                       Date default_to) {
  const Date from = TRY(query_date(request, "from")).value_or(default_from);
  const Date to = TRY(query_date(request, "to")).value_or(default_to);
  if (to < from) return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "to");
  if (to.days() - from.days() > 3700) {
    return invalid("period_too_long", "Khoảng thời gian tối đa 10 năm", "to");
  }
  return std::make_pair(from, to);
}

json schedule_json(const store::ReceptionSchedule& s, bool staff) {
  json j{{"id", s.id},
         {"leader_name", s.leader_name},
         {"leader_title", s.leader_title},
         {"agency_code", s.agency_code},
         {"unit_code", s.unit_code},
         {"rule", s.rule},
         {"rule_vi", s.rule_vi},
         {"starts_on", s.starts_on.iso()},
         {"ends_on", opt_date(s.ends_on)},
         {"time_from", s.time_from},
         {"time_to", s.time_to},
         {"venue", s.venue},
         {"slots", s.slots},
         {"working_days_only", s.working_days_only}};
  if (staff) {
    j["demo"] = s.demo;
    j["version"] = s.version;
  }
  return j;
}

json session_json(const store::ReceptionSession& s) {
  return json{{"id", s.id},
              {"schedule_id", s.schedule_id ? json(*s.schedule_id) : json(nullptr)},
              {"leader_name", s.leader_name},
              {"agency_code", s.agency_code},
              {"unit_code", s.unit_code},
              {"held_on", s.held_on.iso()},
              {"time_from", s.time_from},
              {"time_to", s.time_to},
              {"venue", s.venue},
              {"status", store::code(s.status)},
              {"status_name", store::name_vi(s.status)},
              {"extra", s.extra},
              {"slots", s.slots},
              {"booked", s.booked},
              {"visits", s.visits},
              {"note", s.note},
              {"version", s.version}};
}

// A visit; unless `shown`, a denouncer's name, address, phone and ID number are withheld
// (store::withhold_visitor) and "identity_withheld" says so.
json visit_json(const store::Visit& visit, bool shown) {
  const store::Visit v = shown ? visit : store::withhold_visitor(visit);
  return json{{"id", v.id},
              {"session_id", v.session_id},
              {"agency_code", v.agency_code},
              {"number", v.number},
              {"visited_on", v.visited_on.iso()},
              {"name", v.name},
              {"address", v.address},
              {"phone", opt_text(v.phone)},
              {"id_number", opt_text(v.id_number)},
              {"summary", v.summary},
              {"kind", code(v.kind)},
              {"kind_name", name_vi(v.kind)},
              {"head_count", v.head_count},
              {"prior_agency", v.prior_agency},
              {"direction", reception::code(v.direction)},
              {"direction_name", reception::name_vi(v.direction)},
              {"direction_body", v.direction_body},
              {"direction_document", v.direction_document},
              {"refusal_ground", opt_text(v.refusal_ground)},
              {"refusal_text", opt_text(v.refusal_text)},
              {"follow_up", v.follow_up},
              {"note", v.note},
              {"matter_id", v.matter_id ? json(*v.matter_id) : json(nullptr)},
              {"matter_tracking_code", opt_text(v.matter_tracking_code)},
              {"booking_id", v.booking_id ? json(*v.booking_id) : json(nullptr)},
              {"identity_withheld", !shown && v.kind == Kind::to_cao},
              {"demo", v.demo}};
}

// The register's columns, in the order of form 03 (Thông tư 04/2021/TT-TTCP).
// The register (form 03) of an agency or a unit's subtree as XLSX or as a printable PDF.
Expected<http::Response> register_file(Services& services, const http::Request& request, bool pdf) {
  const auto principal = TRY(authenticate(services.context, request));
  const auto scope = TRY(staff_scope(services, principal, request, Action::read_reception));
  const Date t = today();
  const auto [from, to] = TRY(period(request, Date{t.year, 1, 1}, t));
  auto& store = services.context.store;
  store::RegisterQuery q;
  q.agency_code = scope.agency_code;
  q.unit_code = scope.unit_code;
  q.from = from;
  q.to = to;
  const auto rows = TRY(store.receptions().register_rows(q));
  const auto tree = TRY(services.unit_tree());
  report::RegisterHeading h;
  h.from = from;
  h.to = to;
  h.as_of = t;
  std::string unit_code = scope.unit_code;
  if (!scope.agency_code.empty()) {
    const auto agency = TRY(store.agency(scope.agency_code));
    h.body = agency.name;
    if (agency.parent_code) {
      if (auto parent = store.agency(*agency.parent_code); parent.ok())
        h.parent_body = parent->name;
    }
    unit_code = agency.unit_code;
  }
  if (const Unit* u = tree->find(unit_code)) {
    if (h.body.empty()) h.body = u->full_name();
    h.place = u->name;
  }
  const std::string name = "so-tiep-cong-dan-" +
                           (scope.agency_code.empty() ? scope.unit_code : scope.agency_code) + "-" +
                           from.iso() + "-" + to.iso() + (pdf ? ".pdf" : ".xlsx");
  if (pdf) {
    return file_response(TRY(report::write_pdf(report::register_document(rows, h))), kPdfType,
                         name);
  }
  return file_response(TRY(report::write_xlsx(report::register_workbook(rows, h))), kXlsxType,
                       name);
}

// A row of the register as listed: a denouncer's name, address and ID number are withheld as in
// the printed and exported register (Luật Tố cáo Art. 47; DOMAIN.md, Confidentiality). A list
// reveals no identity, and so records no identity view.
json register_row_json(const store::RegisterRow& row) {
  const store::RegisterRow r = report::exported_row(row);
  return json{{"number", r.number},
              {"date", r.date.iso()},
              {"name_and_address", r.name_and_address},
              {"id_document", r.id_document},
              {"summary", r.summary},
              {"classification", r.classification},
              {"ruled_by", r.ruled_by},
              {"direction", r.direction},
              {"follow_up", r.follow_up},
              {"note", r.note},
              {"identity_withheld", r.kind == Kind::to_cao},
              {"visit_id", r.visit_id},
              {"matter_id", r.matter_id ? json(*r.matter_id) : json(nullptr)}};
}

// "2025-11" -> (2025, 11)
Expected<std::pair<int, int>> year_month(const http::Request& request, std::string_view name,
                                         Date fallback) {
  const auto raw = request.query_param(name);
  if (!raw) return std::make_pair(fallback.year, fallback.month);
  const auto d = Date::parse_iso(*raw + "-01");
  if (raw->size() != 7 || !d) {
    return invalid("bad_month", std::string(name) + " phải có dạng YYYY-MM", std::string(name));
  }
  return std::make_pair(d->year, d->month);
}

// iCalendar text: escapes , ; \ and newlines (RFC 5545 3.3.11) and folds lines at 75 octets.
std::string ics_text(std::string_view s) {
  std::string out;
  for (const char ch : s) {
    if (ch == '\\' || ch == ';' || ch == ',') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (ch == '\n') {
      out.append("\\n");
    } else if (ch != '\r') {
      out.push_back(ch);
    }
  }
  return out;
}

void ics_line(std::string& out, const std::string& line) {
  // Fold without splitting a UTF-8 sequence: break before a lead byte.
  std::size_t start = 0;
  std::size_t limit = 75;
  while (line.size() - start > limit) {
    std::size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, start, cut - start).append("\r\n ");
    start = cut;
    limit = 74;
  }
  out.append(line, start, std::string::npos).append("\r\n");
}

// A local time "HH:MM" on a day, as UTC in iCalendar form (Vietnam is UTC+7 all year).
std::string ics_utc(Date day, const std::string& hhmm) {
  int h = 8, m = 0;
  if (hhmm.size() == 5) {
    h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
  }
  const std::int64_t seconds = day.days() * 86400 + static_cast<std::int64_t>(h) * 3600 +
                               static_cast<std::int64_t>(m) * 60 - kVietnamOffsetSeconds;
  const Date utc_day = Date::from_days(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400);
  const std::int64_t rest = seconds - utc_day.days() * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d00Z", utc_day.year, utc_day.month,
                utc_day.day, static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60));
  return buf;
}

}  // namespace

void register_reception_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  // ---- reference ----

  router.get("/api/v1/receptions/duties",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               TRY(require(principal, Action::read_reference, {}));
               json items = json::array();
               for (const auto& r : TRY(store.receptions().duty_rules())) {
                 items.push_back(json{{"code", r.code},
                                      {"holder", r.holder},
                                      {"agency_kind", r.agency_kind},
                                      {"unit_level", r.unit_level},
                                      {"days", r.days},
                                      {"per", reception::code(r.per)},
                                      {"valid_from", r.valid_from.iso()},
                                      {"confirmed", r.confirmed},
                                      {"source", r.source}});
               }
               return json_response(200, json{{"items", items}});
             }));

  router.get("/api/v1/receptions/refusal-grounds",
             handler([](http::Request&) -> Expected<http::Response> {
               json items = json::array();
               for (const auto& g : reception::refusal_grounds()) {
                 items.push_back(json{{"code", g.code}, {"text", g.text}});
               }
               return json_response(200, json{{"items", items}});
             }));

  // ---- schedules ----

  router.get("/api/v1/receptions/schedules",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto scope =
                   TRY(staff_scope(services, principal, request, Action::read_reception));
               store::ScheduleQuery q;
               q.agency_code = scope.agency_code;
               q.unit_code = scope.unit_code;
               q.today = today();
               json items = json::array();
               for (const auto& s : TRY(store.receptions().schedules(q))) {
                 items.push_back(schedule_json(s, true));
               }
               return json_response(200, json{{"items", items}, {"total", items.size()}});
             }));

  router.post("/api/v1/receptions/schedules",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const auto body =
                    TRY(Body::parse(request, {"leader_name", "leader_title", "agency_code", "rule",
                                              "starts_on", "ends_on", "time_from", "time_to",
                                              "venue", "slots", "working_days_only"}));
                store::NewSchedule s;
                s.agency_code = TRY(body.string("agency_code", 64));
                TRY(require(principal, Action::manage_receptions,
                            TRY(agency_target(services, s.agency_code))));
                s.leader_name = TRY(body.string("leader_name", 200));
                s.leader_title = TRY(body.optional_string("leader_title", 200)).value_or("");
                s.rule = TRY(body.string("rule", 200));
                s.starts_on = TRY(body.date("starts_on"));
                if (body.find("ends_on") != nullptr) s.ends_on = TRY(body.date("ends_on"));
                s.time_from = TRY(body.optional_string("time_from", 5)).value_or("");
                s.time_to = TRY(body.optional_string("time_to", 5)).value_or("");
                s.venue = TRY(body.optional_string("venue", 500)).value_or("");
                s.slots = TRY(optional_int(body, "slots", 0, 500)).value_or(0);
                s.working_days_only = TRY(body.optional_bool("working_days_only")).value_or(true);
                const auto created = TRY(store.receptions().add_schedule(s, actor_of(principal)));
                return json_response(201, schedule_json(created, true));
              }));

  router.post("/api/v1/receptions/schedules/{id}/end",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const Id id =
                    TRY(path_id(request, "schedule_not_found", "Không tìm thấy lịch tiếp"));
                const auto s = TRY(store.receptions().schedule(id));
                TRY(require(principal, Action::manage_receptions,
                            TRY(agency_target(services, s.agency_code))));
                const auto body = TRY(Body::parse(request, {"ends_on"}));
                const auto after = TRY(store.receptions().end_schedule(
                    id, TRY(body.date("ends_on")), actor_of(principal)));
                return json_response(200, schedule_json(after, true));
              }));

  router.get("/api/v1/receptions/schedules/{id}/dates",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const Id id =
                   TRY(path_id(request, "schedule_not_found", "Không tìm thấy lịch tiếp"));
               const auto s = TRY(store.receptions().schedule(id));
               TRY(require(principal, Action::read_reception,
                           TRY(agency_target(services, s.agency_code))));
               const auto [from, to] = TRY(period(request, today(), today().plus_days(90)));
               json dates = json::array();
               for (const auto& d : TRY(store.receptions().schedule_dates(id, from, to))) {
                 dates.push_back(d.iso());
               }
               return json_response(200, json{{"schedule_id", id}, {"dates", dates}});
             }));

  // ---- sessions ----

  router.get(
      "/api/v1/receptions/sessions",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const auto scope = TRY(staff_scope(services, principal, request, Action::read_reception));
        const auto [from, to] = TRY(period(request, today().plus_days(-31), today().plus_days(31)));
        store::SessionQuery q;
        q.agency_code = scope.agency_code;
        q.unit_code = scope.unit_code;
        q.from = from;
        q.to = to;
        if (const auto sid = request.query_param("schedule")) {
          const auto v = parse_int(*sid);
          if (!v) return invalid("bad_number", "schedule phải là số", "schedule");
          q.schedule_id = *v;
        }
        json items = json::array();
        for (const auto& s : TRY(store.receptions().sessions(q))) {
          items.push_back(session_json(s));
        }
        return json_response(200, json{{"items", items}, {"total", items.size()}});
      }));

  router.post(
      "/api/v1/receptions/sessions",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const auto body = TRY(Body::parse(request, {"schedule_id", "held_on", "extra", "note"}));
        store::NewSession n;
        const auto sid = TRY(optional_id(body, "schedule_id"));
        if (!sid) return invalid("required", "Cần schedule_id", "schedule_id");
        n.schedule_id = *sid;
        const auto s = TRY(store.receptions().schedule(n.schedule_id));
        TRY(require(principal, Action::manage_receptions,
                    TRY(agency_target(services, s.agency_code))));
        n.held_on = TRY(body.date("held_on"));
        n.extra = TRY(body.optional_bool("extra")).value_or(false);
        n.note = TRY(body.optional_string("note", 2000)).value_or("");
        const auto created = TRY(store.receptions().add_session(n, actor_of(principal)));
        return json_response(201, session_json(created));
      }));

  router.get("/api/v1/receptions/sessions/{id}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const Id id = TRY(path_id(request, "session_not_found", "Không tìm thấy buổi tiếp"));
               const auto s = TRY(store.receptions().session(id));
               TRY(require(principal, Action::read_reception,
                           TRY(agency_target(services, s.agency_code))));
               json j = session_json(s);
               json bookings = json::array();
               for (const auto& b : TRY(store.receptions().bookings(id))) {
                 bookings.push_back(json{{"id", b.id},
                                         {"code", b.code},
                                         {"name", b.name},
                                         {"phone", opt_text(b.phone)},
                                         {"unit_code", opt_text(b.unit_code)},
                                         {"topic", b.topic},
                                         {"position", b.position},
                                         {"status", b.status}});
               }
               store::RegisterQuery rq;
               rq.agency_code = s.agency_code;
               rq.from = s.held_on;
               rq.to = s.held_on;
               // A list reveals no denouncer's identity, and so records no identity view.
               json visits = json::array();
               for (const auto& v : TRY(store.receptions().visits(rq))) {
                 if (v.session_id == id) visits.push_back(visit_json(v, false));
               }
               j["bookings"] = bookings;
               j["visits_list"] = visits;
               return json_response(200, j);
             }));

  router.post(
      "/api/v1/receptions/sessions/{id}/actions",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const Id id = TRY(path_id(request, "session_not_found", "Không tìm thấy buổi tiếp"));
        const auto s = TRY(store.receptions().session(id));
        TRY(require(principal, Action::manage_receptions,
                    TRY(agency_target(services, s.agency_code))));
        const auto body = TRY(Body::parse(request, {"action", "note"}));
        const auto action = TRY(body.string("action", 16));
        store::SessionCommand c;
        c.session_id = id;
        c.on = today();
        c.note = TRY(body.optional_string("note", 2000)).value_or("");
        if (action == "hold") {
          c.action = store::SessionCommand::Action::hold;
        } else if (action == "cancel") {
          c.action = store::SessionCommand::Action::cancel;
        } else {
          return invalid("unknown_action", "Thao tác: hold (đã tiếp) hoặc cancel (hủy)", "action");
        }
        const auto after = TRY(store.receptions().apply(c, actor_of(principal)));
        return json_response(200, session_json(after));
      }));

  // ---- visits and the register ----

  router.post(
      "/api/v1/receptions/visits",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const auto body = TRY(Body::parse(request, {"session_id",     "schedule_id",
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
                                                    "title"}));
        store::NewVisit v;
        v.session_id = TRY(optional_id(body, "session_id"));
        v.schedule_id = TRY(optional_id(body, "schedule_id"));
        std::string agency;
        if (v.session_id) {
          agency = TRY(store.receptions().session(*v.session_id)).agency_code;
        } else if (v.schedule_id) {
          agency = TRY(store.receptions().schedule(*v.schedule_id)).agency_code;
        } else {
          return invalid("required", "Cần session_id hoặc schedule_id", "session_id");
        }
        TRY(require(principal, Action::manage_receptions, TRY(agency_target(services, agency))));
        v.visited_on = TRY(body.date("visited_on"));
        v.name = TRY(body.string("name", 200));
        v.address = TRY(body.optional_string("address", 500)).value_or("");
        v.phone = TRY(body.optional_string("phone", 50)).value_or("");
        v.id_number = TRY(body.optional_string("id_number", 50)).value_or("");
        v.summary = TRY(body.string("summary", 20000));
        const auto kind_code = TRY(body.optional_string("kind", 32)).value_or("kien_nghi");
        const auto kind = parse_kind(kind_code);
        if (!kind) return invalid("unknown_kind", "Loại vụ việc không hợp lệ", "kind");
        v.kind = *kind;
        v.head_count = TRY(optional_int(body, "head_count", 1, 100000)).value_or(1);
        v.prior_agency = TRY(body.optional_string("prior_agency", 500)).value_or("");
        const auto direction_code = TRY(body.optional_string("direction", 32)).value_or("accepted");
        const auto direction = reception::parse_direction(direction_code);
        if (!direction) {
          return invalid("unknown_direction",
                         "Hướng xử lý: accepted, guided, transferred hoặc refused", "direction");
        }
        v.direction = *direction;
        v.direction_body = TRY(body.optional_string("direction_body", 500)).value_or("");
        v.direction_document = TRY(body.optional_string("direction_document", 100)).value_or("");
        v.refusal_ground = TRY(body.optional_string("refusal_ground", 32)).value_or("");
        v.refusal_text = TRY(body.optional_string("refusal_text", 2000)).value_or("");
        v.follow_up = TRY(body.optional_string("follow_up", 2000)).value_or("");
        v.note = TRY(body.optional_string("note", 2000)).value_or("");
        v.booking_id = TRY(optional_id(body, "booking_id"));
        v.open_matter = TRY(body.optional_bool("open_matter")).value_or(false);
        v.field_code = TRY(body.optional_string("field_code", 64)).value_or("");
        v.unit_code = TRY(body.optional_string("unit_code", 64)).value_or("");
        v.title = TRY(body.optional_string("title", 500)).value_or("");
        v.recorded_by = principal.user.username;
        for (int attempt = 0;; ++attempt) {
          v.tracking_code = new_tracking_code();
          auto recorded = store.receptions().record_visit(v, actor_of(principal));
          // As for a matter entered, the answer does not repeat a denouncer's identity: reading
          // it again is a view (GET /api/v1/receptions/visits/{id}), recorded.
          if (recorded.ok()) return json_response(201, visit_json(*recorded, false));
          if (recorded.error().code != "tracking_code_taken" || attempt >= 4) {
            return std::move(recorded).error();
          }
        }
      }));

  router.get("/api/v1/receptions/visits/{id}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const Id id = TRY(path_id(request, "visit_not_found", "Không tìm thấy lượt tiếp"));
               const auto v = TRY(store.receptions().visit(id));
               const auto target = TRY(agency_target(services, v.agency_code));
               TRY(require(principal, Action::read_reception, target));
               // A denouncer's identity: only for whom the matter's rule allows, each view an
               // Event.
               const auto tree = TRY(services.unit_tree());
               const bool shown =
                   TRY(store::reveal_visitor(store.receptions(), store.matters(), principal.subject,
                                             *tree, v, target, actor_of(principal)));
               return json_response(200, visit_json(v, shown));
             }));

  router.get("/api/v1/receptions/register",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto scope =
                   TRY(staff_scope(services, principal, request, Action::read_reception));
               const Date t = today();
               const auto [from, to] = TRY(period(request, Date{t.year, 1, 1}, t));
               store::RegisterQuery q;
               q.agency_code = scope.agency_code;
               q.unit_code = scope.unit_code;
               q.from = from;
               q.to = to;
               json columns = json::array();
               for (const auto& [key, title] : report::register_columns()) {
                 columns.push_back(json{{"key", key}, {"title", title}});
               }
               json rows = json::array();
               for (const auto& r : TRY(store.receptions().register_rows(q))) {
                 rows.push_back(register_row_json(r));
               }
               return json_response(200, json{{"form", "03"},
                                              {"from", from.iso()},
                                              {"to", to.iso()},
                                              {"columns", columns},
                                              {"rows", rows},
                                              {"total", rows.size()}});
             }));

  router.add("GET", "/api/v1/receptions/register.xlsx",
             handler([&services](http::Request& request) {
               return register_file(services, request, false);
             }),
             http::RouteOptions{true});
  router.add("GET", "/api/v1/receptions/register.pdf", handler([&services](http::Request& request) {
               return register_file(services, request, true);
             }),
             http::RouteOptions{true});

  router.get(
      "/api/v1/receptions/compliance",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const auto scope = TRY(staff_scope(services, principal, request, Action::read_reports));
        const Date t = today();
        store::ComplianceQuery q;
        q.agency_code = scope.agency_code;
        q.unit_code = scope.unit_code;
        std::tie(q.from_year, q.from_month) = TRY(year_month(request, "from", Date{t.year, 1, 1}));
        std::tie(q.to_year, q.to_month) = TRY(year_month(request, "to", t));
        json items = json::array();
        for (const auto& r : TRY(store.receptions().compliance(q))) {
          const auto& m = r.month;
          items.push_back(json{{"agency_code", r.agency_code},
                               {"agency_name", r.agency_name},
                               {"leader_name", opt_text(r.leader_name)},
                               {"month", std::to_string(m.year) + (m.month < 10 ? "-0" : "-") +
                                             std::to_string(m.month)},
                               {"rule", m.rule->code},
                               {"rule_days", m.rule->days},
                               {"rule_per", reception::code(m.rule->per)},
                               {"rule_source", m.rule->source},
                               {"rule_confirmed", m.rule->confirmed},
                               {"required", m.required},
                               {"held", m.held},
                               {"weeks_missed", m.weeks_missed},
                               {"met", m.met}});
        }
        return json_response(200, json{{"items", items}, {"total", items.size()}});
      }));

  // ---- public ----

  router.get("/api/v1/public/receptions/schedules",
             handler([&store](http::Request& request) -> Expected<http::Response> {
               store::ScheduleQuery q;
               q.agency_code = request.query_param("agency").value_or("");
               q.unit_code = request.query_param("unit").value_or("");
               q.current_only = true;
               q.today = today();
               json items = json::array();
               for (const auto& s : TRY(store.receptions().schedules(q))) {
                 json j = schedule_json(s, false);
                 // The next days with a place left, for booking.
                 json next = json::array();
                 const auto dates = TRY(store.receptions().schedule_dates(
                     s.id, today().plus_days(1), today().plus_days(kPublicHorizonDays)));
                 for (const auto& d : dates) {
                   if (static_cast<int>(next.size()) >= kPublicDates) break;
                   next.push_back(d.iso());
                 }
                 j["next_dates"] = next;
                 items.push_back(std::move(j));
               }
               return json_response(200, json{{"items", items}, {"total", items.size()}});
             }));

  router.get("/api/v1/public/receptions/calendar.ics",
             handler([&store](http::Request& request) -> Expected<http::Response> {
               store::ScheduleQuery q;
               q.agency_code = request.query_param("agency").value_or("");
               q.unit_code = request.query_param("unit").value_or("");
               q.current_only = true;
               q.today = today();
               const auto schedules = TRY(store.receptions().schedules(q));
               std::string out;
               ics_line(out, "BEGIN:VCALENDAR");
               ics_line(out, "VERSION:2.0");
               ics_line(out, "PRODID:-//doithoai//Lich tiep cong dan//VI");
               ics_line(out, "CALSCALE:GREGORIAN");
               ics_line(out, "X-WR-CALNAME:" + ics_text("Lịch tiếp công dân"));
               const std::string stamp = ics_utc(today(), "07:00");
               for (const auto& s : schedules) {
                 const auto dates = TRY(store.receptions().schedule_dates(
                     s.id, s.starts_on, s.starts_on.plus_days(400)));
                 if (dates.empty()) continue;
                 const std::string end_time = s.time_to.empty() ? "11:30" : s.time_to;
                 ics_line(out, "BEGIN:VEVENT");
                 ics_line(out, "UID:schedule-" + std::to_string(s.id) + "@doithoai");
                 ics_line(out, "DTSTAMP:" + stamp);
                 ics_line(out, "DTSTART:" + ics_utc(dates.front(), s.time_from));
                 ics_line(out, "DTEND:" + ics_utc(dates.front(), end_time));
                 std::string rrule = "RRULE:" + s.rule;
                 if (s.ends_on) rrule.append(";UNTIL=").append(ics_utc(*s.ends_on, "23:59"));
                 ics_line(out, rrule);
                 // Days the rule yields that are not working days (holidays) are excluded.
                 if (s.working_days_only) {
                   const auto rule = reception::Recurrence::parse(s.rule);
                   if (rule.ok()) {
                     const auto raw =
                         reception::occurrences(*rule, s.starts_on, dates.front(), dates.back());
                     for (const auto& d : raw) {
                       if (!std::binary_search(dates.begin(), dates.end(), d)) {
                         ics_line(out, "EXDATE:" + ics_utc(d, s.time_from));
                       }
                     }
                   }
                 }
                 std::string summary = "Tiếp công dân: " + s.leader_name;
                 if (!s.leader_title.empty())
                   summary.append(" (").append(s.leader_title).append(")");
                 ics_line(out, "SUMMARY:" + ics_text(summary));
                 if (!s.venue.empty()) ics_line(out, "LOCATION:" + ics_text(s.venue));
                 ics_line(out, "DESCRIPTION:" + ics_text(s.rule_vi));
                 ics_line(out, "END:VEVENT");
               }
               ics_line(out, "END:VCALENDAR");
               auto r = http::Response::text(200, std::move(out), "text/calendar; charset=utf-8");
               r.header("Content-Disposition", "inline; filename=\"lich-tiep-cong-dan.ics\"");
               return r;
             }));

  router.post(
      "/api/v1/public/receptions/bookings",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        if (!services.public_submissions.try_take({"b:" + request.remote_address}, now_utc())) {
          return Error::make(ErrorKind::rate_limited, "too_many_submissions",
                             "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn, vui lòng thử lại "
                             "sau");
        }
        const auto body = TRY(
            Body::parse(request, {"schedule_id", "date", "name", "phone", "unit_code", "topic"}));
        store::NewBooking b;
        const auto sid = TRY(optional_id(body, "schedule_id"));
        if (!sid) return invalid("required", "Cần schedule_id", "schedule_id");
        b.schedule_id = *sid;
        b.on = TRY(body.date("date"));
        b.name = TRY(body.string("name", 200));
        b.phone = TRY(body.optional_string("phone", 50)).value_or("");
        b.unit_code = TRY(body.optional_string("unit_code", 64)).value_or("");
        b.topic = TRY(body.string("topic", 2000));
        b.today = today();
        const auto schedule = TRY(store.receptions().schedule(b.schedule_id));
        b.code = new_tracking_code();
        const auto booked = TRY(store.receptions().book(b, Actor{std::nullopt, "public"}));
        return json_response(201, json{{"code", booked.code},
                                       {"schedule_id", b.schedule_id},
                                       {"date", booked.on.iso()},
                                       {"position", booked.position},
                                       {"time_from", schedule.time_from},
                                       {"time_to", schedule.time_to},
                                       {"venue", schedule.venue},
                                       {"leader_name", schedule.leader_name}});
      }));
}

}  // namespace doithoai::api
