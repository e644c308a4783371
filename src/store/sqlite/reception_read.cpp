// Reading reception data: duty rules, schedules and the days they yield, sessions, bookings,
// visits and the register (form 03), and compliance with the reception duty.
#include <algorithm>
#include <map>

#include "domain/calendar.hpp"
#include "domain/text.hpp"
#include "store/sqlite/ops.hpp"
#include "store/sqlite/reception_ops.hpp"

namespace doithoai::store::sqlite::reception_ops {

namespace {

using dialogue_ops::kScopeCte;
using dialogue_ops::open_optional;

constexpr int kMaxSpanDays = 800;

constexpr std::string_view kScheduleColumns =
    "id, leader_name, leader_title, agency_code, unit_code, rule, starts_on, ends_on, time_from, "
    "time_to, venue, slots, working_days_only, demo, version, created_at";

Expected<ReceptionSchedule> schedule_from(const Statement& q) {
  ReceptionSchedule s;
  s.id = q.int64(0);
  s.leader_name = q.text(1);
  s.leader_title = q.text(2);
  s.agency_code = q.text(3);
  s.unit_code = q.text(4);
  s.rule = q.text(5);
  const auto rule = reception::Recurrence::parse(s.rule);
  if (rule.ok()) s.rule_vi = rule->describe_vi();
  s.starts_on = TRY(q.date(6));
  s.ends_on = TRY(q.opt_date(7));
  s.time_from = q.text(8);
  s.time_to = q.text(9);
  s.venue = q.text(10);
  s.slots = q.int32(11);
  s.working_days_only = q.boolean(12);
  s.demo = q.boolean(13);
  s.version = q.int32(14);
  s.created_at = q.int64(15);
  return s;
}

constexpr std::string_view kSessionColumns =
    "id, schedule_id, leader_name, agency_code, unit_code, held_on, time_from, time_to, venue, "
    "status, extra, slots, booked, visits, note, demo, version";

Expected<ReceptionSession> session_from(const Statement& q) {
  ReceptionSession s;
  s.id = q.int64(0);
  s.schedule_id = q.opt_int64(1);
  s.leader_name = q.text(2);
  s.agency_code = q.text(3);
  s.unit_code = q.text(4);
  s.held_on = TRY(q.date(5));
  s.time_from = q.text(6);
  s.time_to = q.text(7);
  s.venue = q.text(8);
  const auto status = q.text(9);
  s.status = status == "held"        ? SessionStatus::held
             : status == "cancelled" ? SessionStatus::cancelled
                                     : SessionStatus::scheduled;
  s.extra = q.boolean(10);
  s.slots = q.int32(11);
  s.booked = q.int32(12);
  s.visits = q.int32(13);
  s.note = q.text(14);
  s.demo = q.boolean(15);
  s.version = q.int32(16);
  return s;
}

constexpr std::string_view kVisitColumns =
    "v.id, v.session_id, v.agency_code, v.number, v.visited_on, v.name, v.address, v.phone_enc, "
    "v.id_number_enc, v.summary, v.kind, v.head_count, v.prior_agency, v.direction, "
    "v.direction_body, v.direction_document, v.refusal_ground, v.refusal_text, v.follow_up, "
    "v.note, v.matter_id, coalesce(m.tracking_code, ''), v.booking_id, v.demo, v.created_at";

Expected<Visit> visit_from(const Statement& q, const Services& sv) {
  Visit v;
  v.id = q.int64(0);
  v.session_id = q.int64(1);
  v.agency_code = q.text(2);
  v.number = q.int32(3);
  v.visited_on = TRY(q.date(4));
  v.name = q.text(5);
  v.address = q.text(6);
  v.phone = TRY(open_optional(sv.cipher, q.blob(7)));
  v.id_number = TRY(open_optional(sv.cipher, q.blob(8)));
  v.summary = q.text(9);
  v.kind = parse_kind(q.text(10)).value_or(Kind::kien_nghi);
  v.head_count = q.int32(11);
  v.prior_agency = q.text(12);
  v.direction = reception::parse_direction(q.text(13)).value_or(reception::Direction::accepted);
  v.direction_body = q.text(14);
  v.direction_document = q.text(15);
  v.refusal_ground = q.text(16);
  v.refusal_text = q.text(17);
  v.follow_up = q.text(18);
  v.note = q.text(19);
  v.matter_id = q.opt_int64(20);
  v.matter_tracking_code = q.text(21);
  v.booking_id = q.opt_int64(22);
  v.demo = q.boolean(23);
  v.created_at = q.int64(24);
  return v;
}

int month_number(int year, int month) {
  return year * 12 + month - 1;
}

}  // namespace

Expected<std::vector<reception::DutyRule>> read_duties(Connection& c) {
  auto q = TRY(c.cached(
      "SELECT code, holder, agency_kind, unit_level, days, per, valid_from, confirmed, source "
      "FROM reception_duties ORDER BY agency_kind, unit_level, valid_from"));
  std::vector<reception::DutyRule> out;
  while (TRY(q->step())) {
    reception::DutyRule r;
    r.code = q->text(0);
    r.holder = q->text(1);
    r.agency_kind = q->text(2);
    r.unit_level = q->text(3);
    r.days = q->int32(4);
    r.per = q->text(5) == "week" ? reception::DutyRule::Per::week : reception::DutyRule::Per::month;
    r.valid_from = TRY(q->date(6));
    r.confirmed = q->boolean(7);
    r.source = q->text(8);
    out.push_back(std::move(r));
  }
  return out;
}

Expected<ReceptionSchedule> read_schedule(Connection& c, Id id) {
  auto q = TRY(c.cached(std::string("SELECT ")
                            .append(kScheduleColumns)
                            .append(" FROM reception_schedules WHERE id = ?")));
  q->bind(1, id);
  if (!TRY(q->step())) {
    return not_found("schedule_not_found", "Không tìm thấy lịch tiếp công dân");
  }
  return schedule_from(*q);
}

Expected<std::vector<ReceptionSchedule>> read_schedules(Connection& c, const ScheduleQuery& q) {
  std::string sql = q.unit_code.empty() ? std::string() : std::string(kScopeCte);
  sql.append("SELECT ").append(kScheduleColumns).append(" FROM reception_schedules WHERE 1 = 1");
  sql.append(q.unit_code.empty() ? " AND (?1 IS NOT NULL)"
                                 : " AND unit_code IN (SELECT code FROM scope)");
  sql.append(" AND (?2 = '' OR agency_code = ?2)");
  sql.append(" AND (?3 = 0 OR ends_on IS NULL OR ends_on >= ?4)");
  sql.append(" ORDER BY agency_code, starts_on, id");
  auto st = TRY(c.cached(sql));
  st->bind_all(q.unit_code, q.agency_code, q.current_only, q.today);
  std::vector<ReceptionSchedule> out;
  while (TRY(st->step())) out.push_back(TRY(schedule_from(*st)));
  return out;
}

Expected<std::vector<Date>> schedule_dates(Connection& c, Id id, Date from, Date to,
                                           const Services& sv) {
  const auto s = TRY(read_schedule(c, id));
  if (to < from) return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "to");
  if (to.days() - from.days() > kMaxSpanDays) {
    return invalid("period_too_long", "Khoảng thời gian tối đa 800 ngày", "to");
  }
  const auto rule = TRY(reception::Recurrence::parse(s.rule));
  if (s.ends_on && *s.ends_on < to) to = *s.ends_on;
  const auto context = TRY(sv.deadlines.get(c));
  return reception::occurrences(rule, s.starts_on, from, to,
                                s.working_days_only ? &context->calendar : nullptr);
}

Expected<ReceptionSession> read_session(Connection& c, Id id) {
  auto q = TRY(c.cached(std::string("SELECT ")
                            .append(kSessionColumns)
                            .append(" FROM reception_sessions WHERE id = ?")));
  q->bind(1, id);
  if (!TRY(q->step())) return not_found("session_not_found", "Không tìm thấy buổi tiếp công dân");
  return session_from(*q);
}

Expected<std::vector<ReceptionSession>> read_sessions(Connection& c, const SessionQuery& q) {
  std::string sql = q.unit_code.empty() ? std::string() : std::string(kScopeCte);
  sql.append("SELECT ").append(kSessionColumns).append(" FROM reception_sessions WHERE ");
  sql.append(q.unit_code.empty() ? "(?1 IS NOT NULL)" : "unit_code IN (SELECT code FROM scope)");
  sql.append(
      " AND (?2 = '' OR agency_code = ?2) AND (?3 IS NULL OR schedule_id = ?3) AND held_on "
      "BETWEEN ?4 AND ?5 ORDER BY held_on, id");
  auto st = TRY(c.cached(sql));
  st->bind_all(q.unit_code, q.agency_code, q.schedule_id, q.from, q.to);
  std::vector<ReceptionSession> out;
  while (TRY(st->step())) out.push_back(TRY(session_from(*st)));
  return out;
}

Expected<std::vector<Booking>> read_bookings(Connection& c, Id session_id, const Services& sv) {
  auto q = TRY(c.cached(
      "SELECT b.id, b.session_id, coalesce(s.schedule_id, 0), s.held_on, b.code, b.name, "
      "b.phone_enc, coalesce(b.unit_code, ''), b.topic, b.position, b.status, b.created_at "
      "FROM reception_bookings b JOIN reception_sessions s ON s.id = b.session_id "
      "WHERE b.session_id = ? ORDER BY b.position"));
  q->bind(1, session_id);
  std::vector<Booking> out;
  while (TRY(q->step())) {
    Booking b;
    b.id = q->int64(0);
    b.session_id = q->int64(1);
    b.schedule_id = q->int64(2);
    b.on = TRY(q->date(3));
    b.code = q->text(4);
    b.name = q->text(5);
    b.phone = TRY(open_optional(sv.cipher, q->blob(6)));
    b.unit_code = q->text(7);
    b.topic = q->text(8);
    b.position = q->int32(9);
    b.status = q->text(10);
    b.created_at = q->int64(11);
    out.push_back(std::move(b));
  }
  return out;
}

Expected<Visit> read_visit(Connection& c, Id id, const Services& sv) {
  auto q = TRY(c.cached(std::string("SELECT ")
                            .append(kVisitColumns)
                            .append(" FROM reception_visits v LEFT JOIN matters m ON m.id = "
                                    "v.matter_id WHERE v.id = ?")));
  q->bind(1, id);
  if (!TRY(q->step())) return not_found("visit_not_found", "Không tìm thấy lượt tiếp");
  return visit_from(*q, sv);
}

Expected<std::vector<Visit>> read_visits(Connection& c, const RegisterQuery& q,
                                         const Services& sv) {
  if (q.to < q.from) return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "to");
  std::string sql = q.unit_code.empty() ? std::string() : std::string(kScopeCte);
  sql.append("SELECT ").append(kVisitColumns);
  sql.append(" FROM reception_visits v LEFT JOIN matters m ON m.id = v.matter_id");
  sql.append(" JOIN agencies a ON a.code = v.agency_code WHERE ");
  sql.append(q.unit_code.empty() ? "(?1 IS NOT NULL)" : "a.unit_code IN (SELECT code FROM scope)");
  sql.append(
      " AND (?2 = '' OR v.agency_code = ?2) AND v.visited_on BETWEEN ?3 AND ?4 "
      "ORDER BY v.visited_on, v.agency_code, v.number");
  auto st = TRY(c.cached(sql));
  st->bind_all(q.unit_code, q.agency_code, q.from, q.to);
  std::vector<Visit> out;
  while (TRY(st->step())) out.push_back(TRY(visit_from(*st, sv)));
  return out;
}

RegisterRow register_row(const Visit& v) {
  RegisterRow r;
  r.number = v.number;
  r.date = v.visited_on;
  r.name_and_address = v.address.empty() ? v.name : v.name + ", " + v.address;
  r.id_document = v.id_number;
  r.summary = v.summary;
  r.classification =
      std::string(name_vi(v.kind)).append("; số người: ").append(std::to_string(v.head_count));
  r.ruled_by = v.prior_agency;
  switch (v.direction) {
    case reception::Direction::accepted:
      r.direction = "Tiếp nhận, thụ lý";
      if (!v.matter_tracking_code.empty()) {
        r.direction.append(" (mã tra cứu ").append(v.matter_tracking_code).append(")");
      }
      break;
    case reception::Direction::guided:
      r.direction = "Trả lại đơn, hướng dẫn gửi đến " + v.direction_body;
      if (!v.direction_document.empty())
        r.direction.append(", văn bản số ").append(v.direction_document);
      break;
    case reception::Direction::transferred:
      r.direction = "Chuyển đơn đến " + v.direction_body;
      if (!v.direction_document.empty())
        r.direction.append(", văn bản số ").append(v.direction_document);
      break;
    case reception::Direction::refused:
      r.direction = "Từ chối tiếp: " + v.refusal_text;
      break;
  }
  r.follow_up = v.follow_up;
  r.note = v.note;
  r.kind = v.kind;
  r.visit_id = v.id;
  r.matter_id = v.matter_id;
  return r;
}

Expected<std::vector<ComplianceRow>> compliance(Connection& c, const ComplianceQuery& q) {
  const int first = month_number(q.from_year, q.from_month);
  const int last = month_number(q.to_year, q.to_month);
  if (q.from_month < 1 || q.from_month > 12 || q.to_month < 1 || q.to_month > 12 ||
      q.from_year < 1900 || q.to_year > 2200) {
    return invalid("bad_month", "Tháng không hợp lệ", "from");
  }
  if (last < first) return invalid("bad_period", "Tháng kết thúc phải sau tháng bắt đầu", "to");
  if (last - first > 120) return invalid("period_too_long", "Tối đa 120 tháng", "to");
  const auto rules = TRY(read_duties(c));

  struct Holder {
    std::string code, name, kind, unit, level;
    std::optional<Date> valid_to;
    Date unit_from;
  };
  std::vector<Holder> holders;
  {
    std::string sql = q.unit_code.empty() ? std::string() : std::string(kScopeCte);
    sql.append(
        "SELECT a.code, a.name, a.kind, a.unit_code, u.level, a.valid_to, u.valid_from "
        "FROM agencies a JOIN units u ON u.code = a.unit_code WHERE ");
    sql.append(q.unit_code.empty() ? "(?1 IS NOT NULL)"
                                   : "a.unit_code IN (SELECT code FROM scope)");
    sql.append(" AND (?2 = '' OR a.code = ?2) ORDER BY a.unit_code, a.code");
    auto st = TRY(c.cached(sql));
    st->bind_all(q.unit_code, q.agency_code);
    while (TRY(st->step())) {
      holders.push_back(Holder{st->text(0), st->text(1), st->text(2), st->text(3), st->text(4),
                               TRY(st->opt_date(5)), TRY(st->date(6))});
    }
  }
  if (!q.agency_code.empty() && holders.empty()) {
    return invalid("unknown_agency", "Không tìm thấy cơ quan, đơn vị: " + q.agency_code, "agency");
  }
  const Date range_from = Date{q.from_year, q.from_month, 1}.plus_days(-7);
  const Date range_to = Date{q.to_year, q.to_month, 28}.plus_days(14);
  std::vector<ComplianceRow> out;
  for (const auto& h : holders) {
    // Agencies whose head has no duty in any month of the range are left out.
    bool any = false;
    for (int m = first; m <= last && !any; ++m) {
      any = reception::duty_for(rules, h.kind, h.level, Date{m / 12, m % 12 + 1, 1}).has_value();
    }
    if (!any) continue;
    std::vector<Date> held;
    {
      auto st = TRY(c.cached(
          "SELECT DISTINCT held_on FROM reception_sessions WHERE agency_code = ? AND status = "
          "'held' AND held_on BETWEEN ? AND ? ORDER BY held_on"));
      st->bind_all(h.code, range_from, range_to);
      while (TRY(st->step())) held.push_back(TRY(st->date(0)));
    }
    std::string leader;
    {
      auto st = TRY(c.cached(
          "SELECT leader_name FROM reception_schedules WHERE agency_code = ? ORDER BY starts_on "
          "DESC, id DESC LIMIT 1"));
      st->bind(1, h.code);
      if (TRY(st->step())) leader = st->text(0);
    }
    for (int m = first; m <= last; ++m) {
      const int year = m / 12;
      const int month = m % 12 + 1;
      const Date month_start{year, month, 1};
      // Months when the agency (or its unit) did not exist carry no duty.
      if (h.valid_to && *h.valid_to < month_start) continue;
      if (Date{year, month, 28} < h.unit_from) continue;
      auto mc = reception::month_compliance(rules, h.kind, h.level, year, month, held);
      if (!mc.rule) continue;
      out.push_back(ComplianceRow{h.code, h.name, h.kind, h.unit, h.level, leader, std::move(mc)});
    }
  }
  return out;
}

}  // namespace doithoai::store::sqlite::reception_ops
