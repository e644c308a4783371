// Writing reception data: duty rules (seed), schedules, sessions, bookings and visits. Each
// function is one unit of work with its Event.
#include <algorithm>

#include "domain/calendar.hpp"
#include "domain/text.hpp"
#include "store/sqlite/ops.hpp"
#include "store/sqlite/reception_ops.hpp"

namespace doithoai::store {

std::string_view code(SessionStatus s) {
  switch (s) {
    case SessionStatus::scheduled:
      return "scheduled";
    case SessionStatus::held:
      return "held";
    case SessionStatus::cancelled:
      return "cancelled";
  }
  return "";
}

std::string_view name_vi(SessionStatus s) {
  switch (s) {
    case SessionStatus::scheduled:
      return "Theo lịch";
    case SessionStatus::held:
      return "Đã tiếp";
    case SessionStatus::cancelled:
      return "Hủy buổi tiếp";
  }
  return "";
}

}  // namespace doithoai::store

namespace doithoai::store::sqlite::reception_ops {

namespace {

using dialogue_ops::blank;
using dialogue_ops::dump;
using dialogue_ops::seal_optional;
using nlohmann::json;

constexpr int kMaxSlots = 500;
constexpr int kYieldWindowDays = 366;

json opt_date(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}
std::optional<std::string_view> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::string_view(s);
}

json schedule_json(const ReceptionSchedule& s) {
  return json{{"id", s.id},
              {"agency", s.agency_code},
              {"unit", s.unit_code},
              {"rule", s.rule},
              {"starts_on", s.starts_on.iso()},
              {"ends_on", opt_date(s.ends_on)},
              {"time_from", s.time_from},
              {"time_to", s.time_to},
              {"slots", s.slots},
              {"working_days_only", s.working_days_only},
              {"version", s.version}};
}

json session_json(const ReceptionSession& s) {
  return json{{"id", s.id},
              {"schedule_id", s.schedule_id ? json(*s.schedule_id) : json(nullptr)},
              {"agency", s.agency_code},
              {"held_on", s.held_on.iso()},
              {"status", code(s.status)},
              {"extra", s.extra},
              {"slots", s.slots},
              {"booked", s.booked},
              {"visits", s.visits}};
}

Expected<void> session_event(Connection& c, const Actor& actor, std::string_view action, Id id,
                             const json& before, const json& after) {
  TRY(append_event(c, actor, std::string("reception_session.").append(action), "reception_session",
                   std::to_string(id), before.is_null() ? "" : dump(before),
                   after.is_null() ? "" : dump(after)));
  return {};
}

Expected<std::shared_ptr<const matter_ops::DeadlineContext>> calendar(Connection& c,
                                                                      const Services& sv) {
  return sv.deadlines.get(c);
}

bool within(const ReceptionSchedule& s, Date d) {
  return !(d < s.starts_on) && !(s.ends_on && *s.ends_on < d);
}

Expected<bool> schedule_yields(Connection& c, const ReceptionSchedule& s, Date day,
                               const Services& sv) {
  if (!within(s, day)) return false;
  const auto rule = TRY(reception::Recurrence::parse(s.rule));
  const auto context = TRY(calendar(c, sv));
  return reception::occurs_on(rule, s.starts_on, day,
                              s.working_days_only ? &context->calendar : nullptr);
}

Expected<std::optional<ReceptionSession>> find_session(Connection& c, Id schedule_id, Date day) {
  auto q = TRY(c.cached("SELECT id FROM reception_sessions WHERE schedule_id = ? AND held_on = ?"));
  q->bind_all(schedule_id, day);
  if (!TRY(q->step())) return std::optional<ReceptionSession>{};
  const Id id = q->int64(0);
  return std::optional<ReceptionSession>{TRY(read_session(c, id))};
}

Expected<ReceptionSession> insert_session(Connection& c, const ReceptionSchedule& s, Date day,
                                          bool extra, const std::string& note, bool demo,
                                          const Actor& actor) {
  {
    auto q = TRY(c.cached(
        "INSERT INTO reception_sessions (schedule_id, leader_name, agency_code, unit_code, "
        "held_on, time_from, time_to, venue, status, extra, slots, note, demo, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?, ?, ?)"));
    q->bind_all(s.id, s.leader_name, s.agency_code, s.unit_code, day, s.time_from, s.time_to,
                s.venue, extra, s.slots, note, demo || s.demo, now_utc());
    TRY(q->run());
  }
  const auto session = TRY(read_session(c, c.last_insert_rowid()));
  TRY(session_event(c, actor, "create", session.id, nullptr, session_json(session)));
  return session;
}

// The session of a schedule on a day: the recorded one, or the one the rule yields (recorded
// now). nullopt when there is none that day.
Expected<std::optional<ReceptionSession>> session_on(Connection& c, const ReceptionSchedule& s,
                                                     Date day, const Actor& actor,
                                                     const Services& sv) {
  if (auto found = TRY(find_session(c, s.id, day))) return found;
  if (!TRY(schedule_yields(c, s, day, sv))) return std::optional<ReceptionSession>{};
  return std::optional<ReceptionSession>{TRY(insert_session(c, s, day, false, "", false, actor))};
}

Expected<void> set_session_status(Connection& c, const ReceptionSession& before,
                                  SessionStatus status, const std::string& note, const Actor& actor,
                                  std::string_view action) {
  {
    auto q = TRY(c.cached(
        "UPDATE reception_sessions SET status = ?, note = CASE WHEN ? = '' THEN note ELSE ? END, "
        "version = version + 1 WHERE id = ? AND version = ?"));
    q->bind_all(code(status), note, note, before.id, before.version);
    TRY(q->run());
    if (c.changes() != 1) {
      return conflict("stale_version", "Buổi tiếp vừa được cập nhật, vui lòng tải lại");
    }
  }
  const auto after = TRY(read_session(c, before.id));
  json a = session_json(after);
  if (!note.empty()) a["note"] = note;
  return session_event(c, actor, action, before.id, session_json(before), a);
}

Error no_session(Date day) {
  return invalid("no_session_on_day",
                 "Không có buổi tiếp công dân theo lịch vào ngày " + day.vi() +
                     ": hãy chọn ngày có lịch tiếp hoặc thêm buổi tiếp đột xuất",
                 "visited_on");
}

}  // namespace

// ---- duty rules ----

Expected<int> seed_duties(Connection& c, const std::vector<reception::DutyRule>& rules) {
  {
    auto q = TRY(c.cached("SELECT count(*) FROM reception_duties"));
    if (TRY(q->step()) && q->int64(0) > 0) return 0;
  }
  auto q = TRY(
      c.cached("INSERT INTO reception_duties (code, holder, agency_kind, unit_level, days, per, "
               "valid_from, confirmed, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  int n = 0;
  for (const auto& r : rules) {
    if (auto valid = reception::validate(r); !valid.ok()) {
      Error e = std::move(valid).error();
      e.message = "Nạp dữ liệu danh mục thất bại (reception_duties '" + r.code + "'): " + e.message;
      return e;
    }
    q->bind_all(r.code, r.holder, r.agency_kind, r.unit_level, r.days, reception::code(r.per),
                r.valid_from, r.confirmed, r.source);
    TRY(q->run());
    q->reset();
    ++n;
  }
  return n;
}

// ---- schedules ----

Expected<ReceptionSchedule> add_schedule(Connection& c, const NewSchedule& n, const Actor& actor,
                                         const Services& sv) {
  if (blank(n.leader_name)) {
    return invalid("leader_required", "Cần ghi họ tên người tiếp công dân", "leader_name");
  }
  if (blank(n.agency_code)) return invalid("agency_required", "Cần chọn cơ quan", "agency_code");
  TRY(matter_ops::check_agency(c, n.agency_code, "agency_code", n.starts_on));
  const auto agency = TRY(read_agency(c, n.agency_code));
  const auto rule = TRY(reception::Recurrence::parse(n.rule));
  if (n.ends_on && *n.ends_on < n.starts_on) {
    return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "ends_on");
  }
  if (!dialogue_ops::valid_time(n.time_from) || !dialogue_ops::valid_time(n.time_to)) {
    return invalid("bad_time", "Giờ phải có dạng HH:MM", "time_from");
  }
  if (!n.time_from.empty() && !n.time_to.empty() && n.time_to <= n.time_from) {
    return invalid("bad_time", "Giờ kết thúc phải sau giờ bắt đầu", "time_to");
  }
  if (n.slots < 0 || n.slots > kMaxSlots) {
    return invalid("bad_slots", "Số lượt đặt lịch mỗi buổi phải từ 0 đến 500", "slots");
  }
  const Date last = n.ends_on ? *n.ends_on : n.starts_on.plus_days(kYieldWindowDays);
  const auto context = TRY(calendar(c, sv));
  const auto dates = reception::occurrences(rule, n.starts_on, n.starts_on, last,
                                            n.working_days_only ? &context->calendar : nullptr);
  if (dates.empty()) {
    return invalid("rule_yields_no_date",
                   "Quy tắc \"" + rule.describe_vi() + "\" không cho ngày tiếp nào từ " +
                       n.starts_on.vi() + " đến " + last.vi(),
                   "rule");
  }
  {
    auto q = TRY(c.cached(
        "INSERT INTO reception_schedules (leader_name, leader_title, agency_code, unit_code, rule, "
        "starts_on, ends_on, time_from, time_to, venue, slots, working_days_only, demo, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q->bind_all(n.leader_name, n.leader_title, n.agency_code, agency.unit_code, rule.rrule(),
                n.starts_on, n.ends_on, n.time_from, n.time_to, n.venue, n.slots,
                n.working_days_only, n.demo, now_utc());
    TRY(q->run());
  }
  const auto created = TRY(read_schedule(c, c.last_insert_rowid()));
  json after = schedule_json(created);
  after["first_dates"] = json::array();
  for (std::size_t i = 0; i < dates.size() && i < 3; ++i)
    after["first_dates"].push_back(dates[i].iso());
  TRY(append_event(c, actor, "reception_schedule.create", "reception_schedule",
                   std::to_string(created.id), "", dump(after)));
  return created;
}

Expected<ReceptionSchedule> end_schedule(Connection& c, Id id, Date ends_on, const Actor& actor) {
  const auto before = TRY(read_schedule(c, id));
  if (ends_on < before.starts_on) {
    return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu của lịch", "ends_on");
  }
  {
    auto q = TRY(
        c.cached("UPDATE reception_schedules SET ends_on = ?, version = version + 1 WHERE id = ?"));
    q->bind_all(ends_on, id);
    TRY(q->run());
  }
  const auto after = TRY(read_schedule(c, id));
  TRY(append_event(c, actor, "reception_schedule.end", "reception_schedule", std::to_string(id),
                   dump(schedule_json(before)), dump(schedule_json(after))));
  return after;
}

// ---- sessions ----

Expected<ReceptionSession> add_session(Connection& c, const NewSession& n, const Actor& actor,
                                       const Services& sv) {
  const auto s = TRY(read_schedule(c, n.schedule_id));
  if (TRY(find_session(c, s.id, n.held_on))) {
    return conflict("session_exists", "Đã có buổi tiếp của lịch này vào ngày " + n.held_on.vi(),
                    "held_on");
  }
  if (!n.extra && !TRY(schedule_yields(c, s, n.held_on, sv))) {
    return invalid("not_a_schedule_day",
                   "Ngày " + n.held_on.vi() + " không có trong lịch \"" + s.rule_vi +
                       "\": buổi tiếp ngoài lịch là buổi tiếp đột xuất (extra)",
                   "held_on");
  }
  return insert_session(c, s, n.held_on, n.extra, n.note, n.demo, actor);
}

Expected<ReceptionSession> apply_session(Connection& c, const SessionCommand& cmd,
                                         const Actor& actor) {
  const auto before = TRY(read_session(c, cmd.session_id));
  if (before.status != SessionStatus::scheduled) {
    return conflict("session_not_scheduled",
                    "Buổi tiếp ngày " + before.held_on.vi() + " đã ở trạng thái \"" +
                        std::string(name_vi(before.status)) + "\"",
                    "action");
  }
  if (cmd.action == SessionCommand::Action::hold) {
    if (cmd.on < before.held_on) {
      return conflict("session_not_yet", "Chưa đến ngày tiếp " + before.held_on.vi(), "action");
    }
    TRY(set_session_status(c, before, SessionStatus::held, cmd.note, actor, "hold"));
  } else {
    if (blank(cmd.note)) return invalid("reason_required", "Cần ghi lý do hủy buổi tiếp", "note");
    TRY(set_session_status(c, before, SessionStatus::cancelled, cmd.note, actor, "cancel"));
    auto q = TRY(c.cached(
        "UPDATE reception_bookings SET status = 'cancelled' WHERE session_id = ? AND status = "
        "'booked'"));
    q->bind(1, before.id);
    TRY(q->run());
  }
  return read_session(c, before.id);
}

// ---- bookings ----

Expected<Booking> book(Connection& c, const NewBooking& b, const Actor& actor, const Services& sv) {
  const auto s = TRY(read_schedule(c, b.schedule_id));
  if (s.slots <= 0) {
    return conflict("booking_closed", "Lịch tiếp này không nhận đặt lịch trực tuyến");
  }
  if (blank(b.name)) return invalid("name_required", "Cần ghi họ và tên", "name");
  if (blank(b.topic)) return invalid("topic_required", "Cần ghi nội dung cần trình bày", "topic");
  if (!(b.today < b.on)) {
    return invalid("booking_too_late", "Chỉ đặt lịch cho các ngày từ ngày mai trở đi", "date");
  }
  if (!b.unit_code.empty()) TRY(matter_ops::check_unit(c, b.unit_code, b.today));
  auto session = TRY(find_session(c, s.id, b.on));
  if (!session) {
    if (!TRY(schedule_yields(c, s, b.on, sv))) {
      return invalid("no_session_on_day",
                     "Không có buổi tiếp công dân theo lịch vào ngày " + b.on.vi(), "date");
    }
    session = TRY(insert_session(c, s, b.on, false, "", false, actor));
  }
  if (session->status != SessionStatus::scheduled) {
    return conflict("session_not_open", "Buổi tiếp ngày " + b.on.vi() + " không nhận đặt lịch");
  }
  const std::string key = dialogue_ops::person_key(sv.secret_key, b.name, b.phone, b.unit_code);
  {
    auto q = TRY(c.cached(
        "SELECT 1 FROM reception_bookings WHERE session_id = ? AND person_key = ? AND status <> "
        "'cancelled'"));
    q->bind_all(session->id, key);
    if (TRY(q->step())) {
      return conflict("already_booked", "Người này đã đặt lịch cho buổi tiếp ngày " + b.on.vi(),
                      "name");
    }
  }
  if (session->booked >= session->slots) {
    return conflict("session_full", "Buổi tiếp ngày " + b.on.vi() + " đã hết lượt đặt lịch");
  }
  const auto phone = TRY(seal_optional(sv.cipher, b.phone));
  const int position = session->booked + 1;
  {
    auto q = TRY(c.cached(
        "INSERT INTO reception_bookings (session_id, code, name, phone_enc, unit_code, topic, "
        "position, person_key, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?)"));
    q->bind_all(session->id, b.code, b.name, std::nullopt, null_if_empty(b.unit_code), b.topic,
                position, key, now_utc());
    if (phone) q->bind(4, Blob{*phone});
    TRY(q->run());
  }
  const Id id = c.last_insert_rowid();
  {
    auto q = TRY(c.cached("UPDATE reception_sessions SET booked = booked + 1 WHERE id = ?"));
    q->bind(1, session->id);
    TRY(q->run());
  }
  TRY(session_event(c, actor, "booking_add", session->id, json{{"booked", session->booked}},
                    json{{"booked", position}, {"booking_id", id}, {"position", position}}));
  for (auto& booking : TRY(read_bookings(c, session->id, sv))) {
    if (booking.id == id) return std::move(booking);
  }
  return internal_error("Lượt đặt lịch vừa ghi không thấy");
}

// ---- visits ----

Expected<Visit> record_visit(Connection& c, const NewVisit& n, const Actor& actor,
                             const Services& sv) {
  const Date today = vietnam_date(now_utc());
  if (today < n.visited_on) {
    return invalid("date_in_future", "Ngày tiếp không được sau ngày hôm nay", "visited_on");
  }
  std::optional<ReceptionSession> session;
  if (n.session_id) {
    session = TRY(read_session(c, *n.session_id));
    if (session->held_on != n.visited_on) return no_session(n.visited_on);
  } else if (n.schedule_id) {
    const auto s = TRY(read_schedule(c, *n.schedule_id));
    session = TRY(session_on(c, s, n.visited_on, actor, sv));
    if (!session) return no_session(n.visited_on);
  } else {
    return invalid("session_required", "Cần chọn buổi tiếp hoặc lịch tiếp", "session_id");
  }
  if (session->status == SessionStatus::cancelled) {
    return conflict("session_cancelled", "Buổi tiếp ngày " + n.visited_on.vi() + " đã bị hủy",
                    "session_id");
  }
  if (blank(n.name)) return invalid("name_required", "Cần ghi họ tên người đến", "name");
  if (blank(n.summary)) {
    return invalid("summary_required", "Cần ghi tóm tắt nội dung vụ việc", "summary");
  }
  if (n.head_count < 1 || n.head_count > 100000) {
    return invalid("bad_head_count", "Số người phải là số nguyên dương", "head_count");
  }
  std::string refusal_text = n.refusal_text;
  switch (n.direction) {
    case reception::Direction::refused: {
      const auto ground = reception::refusal_ground(n.refusal_ground);
      if (!ground) {
        return invalid("ground_required",
                       "Từ chối tiếp phải ghi căn cứ theo Điều 9 Luật Tiếp công dân (intoxicated, "
                       "threatening, breaking_rules, already_resolved, other_law)",
                       "refusal_ground");
      }
      if (n.refusal_ground == "other_law" && blank(n.refusal_text)) {
        return invalid("ground_text_required", "Cần ghi rõ văn bản pháp luật làm căn cứ",
                       "refusal_text");
      }
      if (blank(refusal_text)) refusal_text = std::string(ground->text);
      if (n.open_matter) {
        return invalid("refused_no_matter", "Đã từ chối tiếp thì không mở vụ việc", "open_matter");
      }
      break;
    }
    case reception::Direction::guided:
    case reception::Direction::transferred:
      if (blank(n.direction_body)) {
        return invalid("body_required", "Cần ghi cơ quan có thẩm quyền", "direction_body");
      }
      if (n.direction == reception::Direction::transferred && blank(n.direction_document)) {
        return invalid("document_required", "Cần ghi số văn bản chuyển đơn", "direction_document");
      }
      [[fallthrough]];
    case reception::Direction::accepted:
      if (!n.refusal_ground.empty()) {
        return invalid("ground_without_refusal", "Chỉ ghi căn cứ từ chối khi từ chối tiếp",
                       "refusal_ground");
      }
      break;
  }
  std::optional<Id> booking;
  if (n.booking_id) {
    auto q = TRY(c.cached("SELECT session_id, status FROM reception_bookings WHERE id = ?"));
    q->bind(1, *n.booking_id);
    if (!TRY(q->step()) || q->int64(0) != session->id) {
      return invalid("unknown_booking", "Lượt đặt lịch không thuộc buổi tiếp này", "booking_id");
    }
    if (q->text(1) != "booked") {
      return conflict("booking_not_open", "Lượt đặt lịch đã được tiếp hoặc đã hủy", "booking_id");
    }
    booking = n.booking_id;
  }

  std::optional<Id> matter_id;
  if (n.open_matter) {
    NewMatter m;
    m.kind = n.kind;
    m.field_code = n.field_code;
    m.unit_code = n.unit_code.empty() ? session->unit_code : n.unit_code;
    m.title = blank(n.title) ? text::truncate_utf8(n.summary, 200) : n.title;
    m.tracking_code = n.tracking_code;
    m.demo = n.demo;
    m.submission.channel = Channel::reception;
    m.submission.received_on = n.visited_on;
    m.submission.title = m.title;
    m.submission.content = n.summary;
    m.submission.people = {Person{n.name, n.phone, "", n.address, n.id_number}};
    m.submission.head_count = n.head_count;
    m.submission.recorded_by = n.recorded_by.empty() ? actor.name : n.recorded_by;
    m.submission.demo = n.demo;
    matter_id = TRY(matter_ops::create_matter(c, m, actor, sv.cipher, sv.deadlines)).matter.id;
  }

  const auto phone = TRY(seal_optional(sv.cipher, n.phone));
  const auto id_number = TRY(seal_optional(sv.cipher, n.id_number));
  int number = 1;
  {
    auto q = TRY(c.cached(
        "SELECT coalesce(max(number), 0) + 1 FROM reception_visits WHERE agency_code = ? AND "
        "substr(visited_on, 1, 4) = ?"));
    q->bind_all(session->agency_code, std::to_string(n.visited_on.year));
    if (TRY(q->step())) number = q->int32(0);
  }
  {
    auto q = TRY(c.cached(
        "INSERT INTO reception_visits (session_id, agency_code, number, visited_on, name, "
        "address, phone_enc, id_number_enc, summary, kind, head_count, prior_agency, direction, "
        "direction_body, direction_document, refusal_ground, refusal_text, follow_up, note, "
        "matter_id, booking_id, demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q->bind_all(session->id, session->agency_code, number, n.visited_on, n.name, n.address,
                std::nullopt, std::nullopt, n.summary, code(n.kind), n.head_count, n.prior_agency,
                reception::code(n.direction), n.direction_body, n.direction_document,
                n.refusal_ground, refusal_text, n.follow_up, n.note, matter_id, booking, n.demo,
                now_utc());
    if (phone) q->bind(7, Blob{*phone});
    if (id_number) q->bind(8, Blob{*id_number});
    TRY(q->run());
  }
  const Id id = c.last_insert_rowid();
  if (booking) {
    auto q = TRY(c.cached("UPDATE reception_bookings SET status = 'visited' WHERE id = ?"));
    q->bind(1, *booking);
    TRY(q->run());
  }
  {
    auto q = TRY(c.cached("UPDATE reception_sessions SET visits = visits + 1 WHERE id = ?"));
    q->bind(1, session->id);
    TRY(q->run());
  }
  // A visit received is a session held.
  if (session->status == SessionStatus::scheduled) {
    const auto current = TRY(read_session(c, session->id));
    TRY(set_session_status(c, current, SessionStatus::held, "", actor, "hold"));
  }
  TRY(session_event(
      c, actor, "visit_add", session->id, json{{"visits", session->visits}},
      json{{"visits", session->visits + 1},
           {"visit_id", id},
           {"number", number},
           {"visited_on", n.visited_on.iso()},
           {"kind", code(n.kind)},
           {"head_count", n.head_count},
           {"direction", reception::code(n.direction)},
           {"refusal_ground", n.refusal_ground.empty() ? json(nullptr) : json(n.refusal_ground)},
           {"matter_id", matter_id ? json(*matter_id) : json(nullptr)},
           {"booking_id", booking ? json(*booking) : json(nullptr)}}));
  return read_visit(c, id, sv);
}

Expected<void> record_visit_identity_view(Connection& c, Id visit_id, const Actor& actor) {
  auto q = TRY(c.cached("SELECT kind, agency_code FROM reception_visits WHERE id = ?"));
  q->bind(1, visit_id);
  if (!TRY(q->step())) return not_found("visit_not_found", "Không tìm thấy lượt tiếp");
  const json after{{"kind", q->text(0)}, {"agency_code", q->text(1)}};
  q->reset();
  TRY(append_event(c, actor, "reception_visit.identity_view", "reception_visit",
                   std::to_string(visit_id), "", dump(after)));
  return {};
}

}  // namespace doithoai::store::sqlite::reception_ops
