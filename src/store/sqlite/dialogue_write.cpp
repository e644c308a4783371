// Writing dialogues: planning and editing, the lifecycle, village meetings, registrations, the
// speaking order, opinions with their outcomes, attendance. Each function is one unit of work
// and appends its Event on the dialogue (entity "dialogue"), with the state before and after.
#include <algorithm>
#include <set>

#include "domain/text.hpp"
#include "store/sqlite/dialogue_ops.hpp"
#include "store/sqlite/ops.hpp"

namespace doithoai::store::sqlite::dialogue_ops {

namespace {

using nlohmann::json;
namespace D = doithoai::dialogue;

constexpr int kMaxCap = 10000;
constexpr int kMaxAttendance = 1000000;
constexpr int kMaxBoard = 50;
constexpr int kMaxAgenda = 100;

json opt_date(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}
json opt_int(const std::optional<int>& v) {
  return v ? json(*v) : json(nullptr);
}
std::optional<std::string_view> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::string_view(s);
}

json state_json(const Dialogue& d) {
  json board = json::array();
  for (const auto& b : d.board) board.push_back(json{{"name", b.name}, {"role", b.role}});
  json agenda = json::array();
  for (const auto& a : d.agenda) {
    agenda.push_back(json{{"field", a.field_code.empty() ? json(nullptr) : json(a.field_code)},
                          {"title", a.title}});
  }
  return json{{"id", d.id},
              {"status", D::code(d.status)},
              {"title", d.title},
              {"host_name", d.host_name},
              {"host_agency", d.host_agency_code},
              {"unit", d.unit_code},
              {"level", d.level},
              {"held_on", d.held_on.iso()},
              {"starts_at", d.starts_at},
              {"venue", d.venue},
              {"registration_cap", opt_int(d.registration_cap)},
              {"registration_closes_on", opt_date(d.registration_closes_on)},
              {"registrations", d.registrations},
              {"attendance", d.attendance},
              {"opinions", d.opinions},
              {"opinions_reported", opt_int(d.opinions_reported)},
              {"board", board},
              {"agenda", agenda},
              {"generated", d.generated},
              {"demo", d.demo},
              {"version", d.version}};
}

Error stale_version() {
  return conflict("stale_version", "Hội nghị vừa được người khác cập nhật, vui lòng tải lại",
                  "expected_version");
}

Expected<Dialogue> must_find(Connection& c, Id id) {
  return read_dialogue(c, id);
}

Expected<void> require_activity(const Dialogue& d, D::Activity a) {
  if (!D::allows(d.status, a)) return D::activity_refused(d.status, a);
  return {};
}

Expected<void> check_fields_of(Connection& c, const Dialogue& d) {
  if (blank(d.title)) return invalid("title_required", "Tên hội nghị không được để trống", "title");
  if (blank(d.host_name)) {
    return invalid("host_required", "Cần ghi người chủ trì đối thoại", "host_name");
  }
  if (!valid_time(d.starts_at)) {
    return invalid("bad_time", "Giờ bắt đầu phải có dạng HH:MM", "starts_at");
  }
  if (d.registration_cap && (*d.registration_cap < 1 || *d.registration_cap > kMaxCap)) {
    return invalid("bad_cap", "Số người đăng ký tối đa phải từ 1 đến 10.000", "registration_cap");
  }
  if (d.registration_closes_on && d.held_on < *d.registration_closes_on) {
    return invalid("closes_after_dialogue",
                   "Hạn đăng ký phát biểu không được sau ngày tổ chức hội nghị",
                   "registration_closes_on");
  }
  if (d.board.size() > kMaxBoard) return invalid("too_many", "Đoàn chủ tọa quá đông", "board");
  for (const auto& b : d.board) {
    if (blank(b.name)) {
      return invalid("board_name_required", "Cần ghi họ tên thành viên đoàn chủ tọa", "board");
    }
  }
  if (d.agenda.size() > kMaxAgenda) return invalid("too_many", "Chương trình quá dài", "agenda");
  for (const auto& a : d.agenda) {
    if (!a.field_code.empty()) TRY(matter_ops::check_field(c, a.field_code));
    if (blank(a.title)) {
      return invalid("agenda_title_required", "Cần ghi nội dung của mục chương trình", "agenda");
    }
  }
  return {};
}

Expected<void> store_board_and_agenda(Connection& c, const Dialogue& d) {
  {
    auto q = TRY(c.cached("DELETE FROM dialogue_board WHERE dialogue_id = ?"));
    q->bind(1, d.id);
    TRY(q->run());
  }
  {
    auto q = TRY(c.cached("DELETE FROM dialogue_agenda WHERE dialogue_id = ?"));
    q->bind(1, d.id);
    TRY(q->run());
  }
  auto qb = TRY(
      c.cached("INSERT INTO dialogue_board (dialogue_id, position, name, role) VALUES (?, ?, ?, "
               "?)"));
  for (std::size_t i = 0; i < d.board.size(); ++i) {
    qb->bind_all(d.id, static_cast<std::int64_t>(i), d.board[i].name, d.board[i].role);
    TRY(qb->run());
    qb->reset();
  }
  auto qa = TRY(c.cached(
      "INSERT INTO dialogue_agenda (dialogue_id, position, field_code, title) VALUES (?, ?, ?, "
      "?)"));
  for (std::size_t i = 0; i < d.agenda.size(); ++i) {
    qa->bind_all(d.id, static_cast<std::int64_t>(i), null_if_empty(d.agenda[i].field_code),
                 d.agenda[i].title);
    TRY(qa->run());
    qa->reset();
  }
  return {};
}

// Agenda items without a title take their field's name.
Expected<void> name_agenda(Connection& c, std::vector<AgendaItem>& agenda) {
  for (auto& a : agenda) {
    if (!blank(a.title) || a.field_code.empty()) continue;
    auto q = TRY(c.cached("SELECT name FROM fields WHERE code = ?"));
    q->bind(1, a.field_code);
    if (TRY(q->step())) a.title = q->text(0);
  }
  return {};
}

Expected<void> touch(Connection& c, Id id, bool bump_version) {
  auto q = TRY(c.cached("UPDATE dialogues SET updated_at = ?, version = version + ? WHERE id = ?"));
  q->bind_all(now_utc(), bump_version ? 1 : 0, id);
  return q->run();
}

Expected<void> event(Connection& c, const Actor& actor, std::string_view action, Id dialogue_id,
                     const json& before, const json& after) {
  TRY(append_event(c, actor, std::string("dialogue.").append(action), "dialogue",
                   std::to_string(dialogue_id), before.is_null() ? "" : dump(before),
                   after.is_null() ? "" : dump(after)));
  return {};
}

Expected<SpeakerRegistration> find_registration(Connection& c, Id dialogue_id, Id id,
                                                const Services& s) {
  for (auto& r : TRY(read_registrations(c, dialogue_id, s))) {
    if (r.id == id) return std::move(r);
  }
  return not_found("registration_not_found", "Không tìm thấy đăng ký phát biểu");
}

json registration_json(const SpeakerRegistration& r) {
  return json{{"registration_id", r.id},
              {"position", opt_int(r.position)},
              {"withdrawn", r.withdrawn},
              {"outcome", D::code(r.outcome)},
              {"by_staff", r.by_staff},
              {"registered_on", r.registered_on.iso()},
              {"unit", r.unit_code.empty() ? json(nullptr) : json(r.unit_code)},
              {"field", r.field_code.empty() ? json(nullptr) : json(r.field_code)},
              {"submission_id", r.submission_id ? json(*r.submission_id) : json(nullptr)}};
}

json opinion_json(const Opinion& o) {
  return json{{"opinion_id", o.id},
              {"registration_id", o.registration_id ? json(*o.registration_id) : json(nullptr)},
              {"submission_id", o.submission_id},
              {"matter_id", o.matter_id},
              {"field", o.field_code.empty() ? json(nullptr) : json(o.field_code)},
              {"outcome", D::code(o.outcome)},
              {"agency", o.agency_code.empty() ? json(nullptr) : json(o.agency_code)},
              {"due_on", opt_date(o.due_on)},
              {"matter_status", code(o.matter_status)}};
}

Expected<Id> submission_matter(Connection& c, Id submission_id) {
  auto q = TRY(c.cached("SELECT matter_id FROM submissions WHERE id = ?"));
  q->bind(1, submission_id);
  if (!TRY(q->step())) {
    return invalid("unknown_submission", "Không tìm thấy lượt ý kiến", "submission_id");
  }
  return q->int64(0);
}

bool settled(Status s) {
  return s == Status::answered || s == Status::published || s == Status::closed ||
         s == Status::guided || s == Status::refused;
}

// Validates an outcome against the dialogue; fills the defaults.
Expected<OutcomeCommand> checked_outcome(Connection& c, const Dialogue& d, OutcomeCommand cmd,
                                         Date on) {
  switch (cmd.outcome) {
    case D::Outcome::pending:
      break;
    case D::Outcome::answered:
      if (blank(cmd.answered_by)) {
        return invalid("answered_by_required", "Cần ghi người trả lời trực tiếp tại hội nghị",
                       "answered_by");
      }
      if (cmd.agency_code.empty()) cmd.agency_code = d.host_agency_code;
      if (blank(cmd.answer_text)) {
        cmd.answer_text = "Đã trả lời trực tiếp tại hội nghị đối thoại ngày " + d.held_on.vi() +
                          " (nội dung ghi trong biên bản hội nghị).";
      }
      break;
    case D::Outcome::assigned:
      if (blank(cmd.agency_code)) {
        return invalid("agency_required", "Cần chọn cơ quan được giao giải quyết", "agency_code");
      }
      if (!cmd.due_on) {
        return invalid("due_on_required", "Cần ghi thời hạn giải quyết", "due_on");
      }
      if (*cmd.due_on < on) {
        return invalid("due_before_dialogue", "Thời hạn giải quyết không được trước ngày giao",
                       "due_on");
      }
      break;
    case D::Outcome::forwarded:
      break;
  }
  if (!cmd.agency_code.empty()) {
    TRY(matter_ops::check_agency(c, cmd.agency_code, "agency_code", d.held_on));
  }
  return cmd;
}

// Drives the opinion's matter through the matters lifecycle as far as the outcome goes, each
// step with the matters module's own checks and Event: answered -> classified, assigned,
// answered (direct); assigned -> classified, assigned; forwarded -> classified, assigned,
// forwarded up. A matter already settled (or already forwarded) is left as it is.
Expected<void> drive_matter(Connection& c, Id matter_id, const Dialogue& d,
                            const OutcomeCommand& cmd, Date on, const Actor& actor,
                            const Services& s) {
  if (cmd.outcome == D::Outcome::pending) return {};
  using LA = lifecycle::Action;
  auto current = [&]() -> Expected<Matter> {
    auto m = TRY(matter_ops::find_matter(c, matter_id));
    if (!m) return matter_ops::matter_not_found();
    return std::move(*m);
  };
  auto step = [&](const Matter& m, LA action) {
    ActionCommand a;
    a.matter_id = m.id;
    a.expected_version = m.version;
    a.action = action;
    a.on = on;
    return a;
  };
  Matter m = TRY(current());
  if (settled(m.status)) return {};
  if (cmd.outcome == D::Outcome::forwarded && m.status == Status::forwarded_up) return {};
  if (cmd.outcome == D::Outcome::answered && is_statutory(m.kind)) {
    return conflict("statutory_not_answerable",
                    "Khiếu nại, tố cáo phải được thụ lý và giải quyết theo trình tự luật định, "
                    "không trả lời trực tiếp tại hội nghị: hãy giao cơ quan có thẩm quyền",
                    "outcome");
  }
  if (m.status == Status::received) {
    TRY(matter_ops::apply_action(c, step(m, LA::classify), actor, s.deadlines));
    m = TRY(current());
  }
  const std::string target = !cmd.assign_to.empty()     ? cmd.assign_to
                             : !cmd.agency_code.empty() ? cmd.agency_code
                                                        : d.host_agency_code;
  const bool reassign = cmd.outcome == D::Outcome::assigned && m.status == Status::assigned &&
                        m.agency_code != target;
  if (m.status == Status::classified || m.status == Status::reopened || reassign) {
    auto a = step(m, LA::assign);
    a.agency_code = target;
    TRY(matter_ops::apply_action(c, a, actor, s.deadlines));
    m = TRY(current());
  }
  if (cmd.outcome == D::Outcome::answered && m.status == Status::assigned) {
    auto a = step(m, LA::answer);
    Answer answer;
    answer.form = "direct";
    answer.text = cmd.answer_text;
    answer.signed_by = cmd.answered_by;
    answer.agency_code = cmd.agency_code;
    answer.date = on;
    a.answer = answer;
    TRY(matter_ops::apply_action(c, a, actor, s.deadlines));
  }
  if (cmd.outcome == D::Outcome::forwarded &&
      (m.status == Status::assigned || m.status == Status::accepted)) {
    auto a = step(m, LA::forward_up);
    a.note = cmd.note.empty()
                 ? "Thuộc thẩm quyền cấp trên (hội nghị đối thoại ngày " + d.held_on.vi() + ")"
                 : cmd.note;
    TRY(matter_ops::apply_action(c, a, actor, s.deadlines));
  }
  return {};
}

}  // namespace

// ---- raise_opinion (shared with village meetings) ----

Expected<Id> raise_opinion(Connection& c, const RaisedOpinion& o, Channel channel, Date received_on,
                           bool demo, const Actor& actor, const Services& s) {
  Submission sub;
  sub.channel = channel;
  sub.received_on = received_on;
  sub.title = o.title;
  sub.content = o.content;
  sub.people = o.people;
  sub.head_count = std::max<int>(o.head_count, static_cast<int>(o.people.size()));
  sub.recorded_by = o.recorded_by.empty() ? actor.name : o.recorded_by;
  sub.demo = demo;
  if (o.matter_id) {
    const auto added = TRY(matter_ops::add_submission(c, *o.matter_id, sub, actor, s.cipher));
    return added.id;
  }
  NewMatter m;
  m.kind = o.kind;
  m.field_code = o.field_code;
  m.unit_code = o.unit_code;
  m.title = o.title;
  m.submission = sub;
  m.tracking_code = o.tracking_code;
  m.demo = demo;
  const auto created = TRY(matter_ops::create_matter(c, m, actor, s.cipher, s.deadlines));
  return created.submissions.front().id;
}

// ---- create, edit, lifecycle ----

Expected<Dialogue> create_dialogue(Connection& c, const NewDialogue& n, const Actor& actor) {
  Dialogue d;
  d.title = n.title;
  d.host_name = n.host_name;
  d.host_title = n.host_title;
  d.host_agency_code = n.host_agency_code;
  d.held_on = n.held_on;
  d.starts_at = n.starts_at;
  d.venue = n.venue;
  d.registration_cap = n.registration_cap;
  d.registration_closes_on = n.registration_closes_on;
  d.board = n.board;
  d.agenda = n.agenda;
  d.summary = n.summary;
  d.generated = n.generated;
  d.demo = n.demo;
  TRY(name_agenda(c, d.agenda));
  if (blank(d.host_agency_code)) {
    return invalid("host_agency_required", "Cần chọn cơ quan của người chủ trì",
                   "host_agency_code");
  }
  TRY(matter_ops::check_agency(c, d.host_agency_code, "host_agency_code", d.held_on));
  const auto agency = TRY(read_agency(c, d.host_agency_code));
  const auto unit = TRY(read_unit(c, agency.unit_code));
  if (!unit.valid_at(d.held_on)) {
    return invalid("unit_not_valid", unit.full_name() + " không tồn tại vào ngày " + d.held_on.vi(),
                   "held_on");
  }
  d.unit_code = unit.code;
  d.level = unit.level;
  TRY(check_fields_of(c, d));
  const Date today = vietnam_date(now_utc());
  if (n.from_report) {
    if (today < d.held_on) {
      return invalid("report_in_future", "Hội nghị ghi theo báo cáo phải đã diễn ra", "held_on");
    }
    if (n.attendance < 0 || n.attendance > kMaxAttendance || n.opinions_reported < 0 ||
        n.opinions_reported > kMaxAttendance) {
      return invalid("bad_count", "Số người tham dự, số ý kiến không hợp lệ", "attendance");
    }
    d.status = D::Status::closed;
    d.attendance = n.attendance;
    d.opinions_reported = n.opinions_reported;
  }
  const Timestamp now = now_utc();
  {
    auto q = TRY(c.cached(
        "INSERT INTO dialogues (title, host_name, host_title, host_agency_code, unit_code, level, "
        "held_on, starts_at, venue, status, registration_cap, registration_closes_on, attendance, "
        "opinions_reported, summary, generated, demo, version, created_at, updated_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"));
    q->bind_all(d.title, d.host_name, d.host_title, d.host_agency_code, d.unit_code, d.level,
                d.held_on, d.starts_at, d.venue, D::code(d.status), d.registration_cap,
                d.registration_closes_on, d.attendance, d.opinions_reported, d.summary, d.generated,
                d.demo, now, now);
    TRY(q->run());
  }
  d.id = c.last_insert_rowid();
  TRY(store_board_and_agenda(c, d));
  auto created = TRY(read_dialogue(c, d.id));
  TRY(event(c, actor, n.from_report ? "create_from_report" : "create", d.id, nullptr,
            state_json(created)));
  return created;
}

Expected<Dialogue> edit_dialogue(Connection& c, const DialogueEdit& e, const Actor& actor) {
  const Dialogue before = TRY(must_find(c, e.dialogue_id));
  if (before.version != e.expected_version) return stale_version();
  TRY(require_activity(before, D::Activity::edit));
  Dialogue d = before;
  if (e.title) d.title = *e.title;
  if (e.host_name) d.host_name = *e.host_name;
  if (e.host_title) d.host_title = *e.host_title;
  if (e.starts_at) d.starts_at = *e.starts_at;
  if (e.venue) d.venue = *e.venue;
  if (e.summary) d.summary = *e.summary;
  if (e.held_on) d.held_on = *e.held_on;
  if (e.registration_cap) d.registration_cap = *e.registration_cap;
  if (e.registration_closes_on) d.registration_closes_on = *e.registration_closes_on;
  if (e.board) d.board = *e.board;
  if (e.agenda) {
    d.agenda = *e.agenda;
    TRY(name_agenda(c, d.agenda));
  }
  TRY(check_fields_of(c, d));
  if (d.registration_cap && *d.registration_cap < d.registrations) {
    return conflict("cap_below_registered",
                    "Đã có " + std::to_string(d.registrations) +
                        " người đăng ký, không giảm số tối đa xuống dưới mức đó được",
                    "registration_cap");
  }
  if (e.held_on) {
    const auto unit = TRY(read_unit(c, d.unit_code));
    if (!unit.valid_at(d.held_on)) {
      return invalid("unit_not_valid",
                     unit.full_name() + " không tồn tại vào ngày " + d.held_on.vi(), "held_on");
    }
  }
  {
    auto q = TRY(c.cached(
        "UPDATE dialogues SET title = ?, host_name = ?, host_title = ?, starts_at = ?, venue = ?, "
        "summary = ?, held_on = ?, registration_cap = ?, registration_closes_on = ?, "
        "version = version + 1, updated_at = ? WHERE id = ? AND version = ?"));
    q->bind_all(d.title, d.host_name, d.host_title, d.starts_at, d.venue, d.summary, d.held_on,
                d.registration_cap, d.registration_closes_on, now_utc(), d.id, before.version);
    TRY(q->run());
    if (c.changes() != 1) return stale_version();
  }
  if (e.board || e.agenda) TRY(store_board_and_agenda(c, d));
  auto after = TRY(read_dialogue(c, d.id));
  TRY(event(c, actor, "edit", d.id, state_json(before), state_json(after)));
  return after;
}

Expected<Dialogue> apply_action(Connection& c, const DialogueCommand& cmd, const Actor& actor) {
  const Dialogue before = TRY(must_find(c, cmd.dialogue_id));
  if (before.version != cmd.expected_version) return stale_version();
  const auto next = D::next_status(before.status, cmd.action);
  if (!next) return D::not_allowed(before.status, cmd.action);
  int attendance = before.attendance;
  json params = json::object();
  if (cmd.action == D::Action::hold) {
    TRY(D::check_hold(before.held_on, cmd.on));
    if (cmd.attendance) {
      if (*cmd.attendance < 0 || *cmd.attendance > kMaxAttendance) {
        return invalid("bad_attendance", "Số người tham dự không hợp lệ", "attendance");
      }
      attendance = *cmd.attendance;
      params["attendance"] = attendance;
    }
  }
  if (cmd.action == D::Action::close) {
    const auto progress = TRY(read_progress(c, before.id));
    if (progress.outstanding > 0 || progress.pending > 0) {
      std::string message =
          "Hội nghị còn " + std::to_string(progress.outstanding) + " vụ việc chưa được trả lời";
      if (progress.pending > 0) {
        message.append(" và ")
            .append(std::to_string(progress.pending))
            .append(" ý kiến chưa có hướng xử lý");
      }
      message.append(": chưa kết thúc được.");
      return conflict("matters_outstanding", std::move(message), "action");
    }
  }
  if (!cmd.note.empty()) params["note"] = cmd.note;
  {
    auto q = TRY(c.cached(
        "UPDATE dialogues SET status = ?, attendance = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?"));
    q->bind_all(D::code(*next), attendance, now_utc(), before.id, before.version);
    TRY(q->run());
    if (c.changes() != 1) return stale_version();
  }
  auto after = TRY(read_dialogue(c, before.id));
  json after_json = state_json(after);
  after_json["params"] = params;
  TRY(event(c, actor, D::code(cmd.action), before.id, state_json(before), after_json));
  return after;
}

Expected<Dialogue> record_attendance(Connection& c, Id dialogue_id, int attendance,
                                     const Actor& actor) {
  const Dialogue before = TRY(must_find(c, dialogue_id));
  TRY(require_activity(before, D::Activity::record_attendance));
  if (attendance < 0 || attendance > kMaxAttendance) {
    return invalid("bad_attendance", "Số người tham dự không hợp lệ", "attendance");
  }
  {
    auto q = TRY(c.cached("UPDATE dialogues SET attendance = ?, updated_at = ? WHERE id = ?"));
    q->bind_all(attendance, now_utc(), dialogue_id);
    TRY(q->run());
  }
  TRY(event(c, actor, "attendance", dialogue_id, json{{"attendance", before.attendance}},
            json{{"attendance", attendance}}));
  return read_dialogue(c, dialogue_id);
}

// ---- village meetings ----

Expected<VillageMeeting> add_village_meeting(Connection& c, const NewVillageMeeting& n,
                                             const Actor& actor, const Services& s) {
  const Dialogue d = TRY(must_find(c, n.dialogue_id));
  TRY(require_activity(d, D::Activity::village_meeting));
  TRY(matter_ops::check_unit(c, n.unit_code, n.held_on));
  if (!TRY(unit_in_scope(c, d.unit_code, n.unit_code))) {
    return invalid("unit_out_of_scope", "Thôn, khu dân cư không thuộc địa bàn của hội nghị",
                   "unit_code");
  }
  if (d.held_on < n.held_on) {
    return invalid("meeting_after_dialogue",
                   "Hội nghị Nhân dân ở thôn phải tổ chức trước hội nghị đối thoại", "held_on");
  }
  if (vietnam_date(now_utc()) < n.held_on) {
    return invalid("date_in_future", "Ngày tổ chức không được sau ngày hôm nay", "held_on");
  }
  if (n.attendance < 0 || n.attendance > kMaxAttendance) {
    return invalid("bad_attendance", "Số người tham dự không hợp lệ", "attendance");
  }
  json organisers = json::array();
  std::set<std::string> seen;
  for (const auto& code : n.organisers) {
    TRY(matter_ops::check_agency(c, code, "organisers", n.held_on));
    if (seen.insert(code).second) organisers.push_back(code);
  }
  if (n.opinions.size() > 500) {
    return invalid("too_many", "Tối đa 500 ý kiến trong một lần ghi", "opinions");
  }
  const Timestamp now = now_utc();
  {
    auto q = TRY(c.cached(
        "INSERT INTO village_meetings (dialogue_id, unit_code, held_on, organisers, attendance, "
        "note, demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q->bind_all(d.id, n.unit_code, n.held_on, dump(organisers), n.attendance, n.note,
                n.demo || d.demo, now);
    TRY(q->run());
  }
  VillageMeeting m;
  m.id = c.last_insert_rowid();
  m.dialogue_id = d.id;
  m.unit_code = n.unit_code;
  m.held_on = n.held_on;
  m.organisers = std::vector<std::string>(organisers.begin(), organisers.end());
  m.attendance = n.attendance;
  m.note = n.note;
  m.demo = n.demo || d.demo;
  m.created_at = now;
  auto link = TRY(c.cached(
      "INSERT INTO village_meeting_submissions (meeting_id, position, submission_id) VALUES (?, "
      "?, ?)"));
  for (std::size_t i = 0; i < n.opinions.size(); ++i) {
    RaisedOpinion o = n.opinions[i];
    if (o.unit_code.empty()) o.unit_code = n.unit_code;
    const Id sub = TRY(raise_opinion(c, o, Channel::village_meeting, n.held_on, m.demo, actor, s));
    link->bind_all(m.id, static_cast<std::int64_t>(i), sub);
    TRY(link->run());
    link->reset();
    m.submission_ids.push_back(sub);
  }
  m.opinions = static_cast<int>(m.submission_ids.size());
  TRY(touch(c, d.id, false));
  TRY(event(c, actor, "village_meeting_add", d.id, nullptr,
            json{{"meeting_id", m.id},
                 {"unit", m.unit_code},
                 {"held_on", m.held_on.iso()},
                 {"organisers", organisers},
                 {"attendance", m.attendance},
                 {"submission_ids", m.submission_ids}}));
  return m;
}

// ---- registrations ----

Expected<SpeakerRegistration> register_speaker(Connection& c, const NewRegistration& r,
                                               const Actor& actor, const Services& s) {
  const Dialogue d = TRY(must_find(c, r.dialogue_id));
  if (blank(r.name)) return invalid("name_required", "Cần ghi họ và tên", "name");
  if (blank(r.topic)) {
    return invalid("topic_required", "Cần ghi nội dung muốn phát biểu", "topic");
  }
  if (vietnam_date(now_utc()) < r.registered_on) {
    return invalid("date_in_future", "Ngày đăng ký không được sau ngày hôm nay", "registered_on");
  }
  D::RegistrationWindow w;
  w.status = d.status;
  w.held_on = d.held_on;
  w.closes_on = d.registration_closes_on;
  w.cap = d.registration_cap;
  w.registered = d.registrations;
  TRY(D::check_registration(w, r.registered_on, r.by_staff));
  if (!r.unit_code.empty()) TRY(matter_ops::check_unit(c, r.unit_code, r.registered_on));
  if (!r.field_code.empty()) TRY(matter_ops::check_field(c, r.field_code));
  if (r.submission_id) TRY(submission_matter(c, *r.submission_id));
  const std::string key = person_key(s.secret_key, r.name, r.phone, r.unit_code);
  {
    auto q = TRY(c.cached(
        "SELECT id FROM speaker_registrations WHERE dialogue_id = ? AND person_key = ? AND "
        "withdrawn = 0"));
    q->bind_all(d.id, key);
    if (TRY(q->step())) {
      return conflict("already_registered",
                      "Người này đã đăng ký phát biểu tại hội nghị (đăng ký số " +
                          std::to_string(q->int64(0)) + ")",
                      "name");
    }
  }
  const auto phone = TRY(seal_optional(s.cipher, r.phone));
  {
    auto q = TRY(c.cached(
        "INSERT INTO speaker_registrations (dialogue_id, name, phone_enc, address, unit_code, "
        "topic, field_code, submission_id, by_staff, person_key, registered_on, demo, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q->bind_all(d.id, r.name, std::nullopt, r.address, null_if_empty(r.unit_code), r.topic,
                null_if_empty(r.field_code), r.submission_id, r.by_staff, key, r.registered_on,
                r.demo || d.demo, now_utc());
    if (phone) q->bind(3, Blob{*phone});
    TRY(q->run());
  }
  const Id id = c.last_insert_rowid();
  {
    auto q = TRY(c.cached(
        "UPDATE dialogues SET registrations = registrations + 1, updated_at = ? WHERE id = ?"));
    q->bind_all(now_utc(), d.id);
    TRY(q->run());
  }
  auto created = TRY(find_registration(c, d.id, id, s));
  json after = registration_json(created);
  after["registrations"] = d.registrations + 1;
  TRY(event(c, actor, "registration_add", d.id, json{{"registrations", d.registrations}}, after));
  return created;
}

Expected<SpeakerRegistration> withdraw_registration(Connection& c, Id dialogue_id, Id id,
                                                    const Actor& actor, const Services& s) {
  const Dialogue d = TRY(must_find(c, dialogue_id));
  TRY(require_activity(d, D::Activity::register_staff));
  const auto before = TRY(find_registration(c, dialogue_id, id, s));
  if (before.withdrawn) {
    return conflict("registration_withdrawn", "Đăng ký này đã được rút");
  }
  {
    auto q = TRY(
        c.cached("UPDATE speaker_registrations SET withdrawn = 1, position = NULL WHERE id = ?"));
    q->bind(1, id);
    TRY(q->run());
  }
  {
    auto q = TRY(c.cached(
        "UPDATE dialogues SET registrations = registrations - 1, updated_at = ? WHERE id = ?"));
    q->bind_all(now_utc(), dialogue_id);
    TRY(q->run());
  }
  auto after = TRY(find_registration(c, dialogue_id, id, s));
  TRY(event(c, actor, "registration_withdraw", dialogue_id, registration_json(before),
            registration_json(after)));
  return after;
}

Expected<std::vector<SpeakerRegistration>> set_speaking_order(Connection& c, Id dialogue_id,
                                                              const std::vector<Id>& ids,
                                                              const Actor& actor,
                                                              const Services& s) {
  const Dialogue d = TRY(must_find(c, dialogue_id));
  TRY(require_activity(d, D::Activity::set_order));
  const auto all = TRY(read_registrations(c, dialogue_id, s));
  std::set<Id> seen;
  for (const Id id : ids) {
    if (!seen.insert(id).second) {
      return invalid("duplicate_in_order", "Một người chỉ có một lượt trong thứ tự phát biểu",
                     "registration_ids");
    }
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& r) { return r.id == id; });
    if (it == all.end()) {
      return invalid("unknown_registration",
                     "Không có đăng ký số " + std::to_string(id) + " trong hội nghị này",
                     "registration_ids");
    }
    if (it->withdrawn) {
      return invalid("registration_withdrawn", "Đăng ký số " + std::to_string(id) + " đã được rút",
                     "registration_ids");
    }
  }
  json before = json::array();
  for (const auto& r : all) {
    if (r.position) before.push_back(json{{"registration_id", r.id}, {"position", *r.position}});
  }
  {
    auto q =
        TRY(c.cached("UPDATE speaker_registrations SET position = NULL WHERE dialogue_id = ?"));
    q->bind(1, dialogue_id);
    TRY(q->run());
  }
  auto q = TRY(c.cached("UPDATE speaker_registrations SET position = ? WHERE id = ?"));
  json after = json::array();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    q->bind_all(static_cast<std::int64_t>(i + 1), ids[i]);
    TRY(q->run());
    q->reset();
    after.push_back(json{{"registration_id", ids[i]}, {"position", i + 1}});
  }
  TRY(touch(c, dialogue_id, false));
  TRY(event(c, actor, "order_set", dialogue_id, json{{"order", before}}, json{{"order", after}}));
  return read_registrations(c, dialogue_id, s);
}

Expected<SpeakerRegistration> set_speaker_outcome(Connection& c, Id dialogue_id, Id id,
                                                  D::SpeakerOutcome outcome, const Actor& actor,
                                                  const Services& s) {
  const Dialogue d = TRY(must_find(c, dialogue_id));
  TRY(require_activity(d, D::Activity::record_speaker_outcome));
  const auto before = TRY(find_registration(c, dialogue_id, id, s));
  if (before.withdrawn) return conflict("registration_withdrawn", "Đăng ký này đã được rút");
  {
    auto q = TRY(c.cached("UPDATE speaker_registrations SET outcome = ? WHERE id = ?"));
    q->bind_all(D::code(outcome), id);
    TRY(q->run());
  }
  auto after = TRY(find_registration(c, dialogue_id, id, s));
  TRY(event(c, actor, "speaker_outcome", dialogue_id, registration_json(before),
            registration_json(after)));
  return after;
}

// ---- opinions ----

Expected<Opinion> record_opinion(Connection& c, const NewOpinion& n, const Actor& actor,
                                 const Services& s) {
  const Dialogue d = TRY(must_find(c, n.dialogue_id));
  TRY(require_activity(d, D::Activity::record_opinion));
  if (n.on < d.held_on) {
    return invalid("date_before_dialogue", "Ngày ghi nhận không được trước ngày hội nghị", "on");
  }
  if (vietnam_date(now_utc()) < n.on) {
    return invalid("date_in_future", "Ngày ghi nhận không được sau ngày hôm nay", "on");
  }
  std::optional<SpeakerRegistration> reg;
  if (n.registration_id) {
    reg = TRY(find_registration(c, d.id, *n.registration_id, s));
    if (reg->withdrawn) {
      return invalid("registration_withdrawn", "Đăng ký phát biểu này đã được rút",
                     "registration_id");
    }
  }
  const auto outcome = TRY(checked_outcome(c, d, n.outcome, n.on));
  Id submission_id = 0;
  std::string field = n.raised ? n.raised->field_code : std::string();
  std::string summary = n.summary;
  std::string speaker = n.speaker_name;
  if (n.submission_id) {
    if (n.raised) {
      return invalid("submission_or_raised",
                     "Chỉ chọn một: lượt ý kiến đã ghi (submission_id) hoặc ý kiến mới",
                     "submission_id");
    }
    TRY(submission_matter(c, *n.submission_id));
    auto q = TRY(c.cached("SELECT count(*) FROM dialogue_opinions WHERE submission_id = ?"));
    q->bind(1, *n.submission_id);
    if (TRY(q->step()) && q->int64(0) > 0) {
      return conflict("opinion_exists", "Lượt ý kiến này đã được ghi nhận tại hội nghị",
                      "submission_id");
    }
    submission_id = *n.submission_id;
  } else {
    if (!n.raised) {
      return invalid("opinion_required", "Cần nội dung ý kiến hoặc lượt ý kiến đã ghi", "content");
    }
    RaisedOpinion raised = *n.raised;
    // A registered speaker who speaks to an opinion collected before: the same matter.
    if (!raised.matter_id && reg && reg->matter_id) raised.matter_id = reg->matter_id;
    if (raised.people.empty() && reg) {
      raised.people.push_back(Person{reg->name, reg->phone, "", reg->address, ""});
    }
    if (raised.unit_code.empty())
      raised.unit_code = reg && !reg->unit_code.empty() ? reg->unit_code : d.unit_code;
    if (raised.field_code.empty() && reg) raised.field_code = reg->field_code;
    field = raised.field_code;
    if (summary.empty()) summary = raised.title;
    submission_id =
        TRY(raise_opinion(c, raised, Channel::dialogue, d.held_on, d.demo || n.demo, actor, s));
  }
  if (speaker.empty() && reg) speaker = reg->name;
  if (speaker.empty()) {
    auto q = TRY(c.cached(
        "SELECT name FROM submission_people WHERE submission_id = ? ORDER BY position LIMIT 1"));
    q->bind(1, submission_id);
    if (TRY(q->step())) speaker = q->text(0);
  }
  const Id matter_id = TRY(submission_matter(c, submission_id));
  if (field.empty()) {
    auto q = TRY(c.cached("SELECT coalesce(field_code, '') FROM matters WHERE id = ?"));
    q->bind(1, matter_id);
    if (TRY(q->step())) field = q->text(0);
  }
  if (summary.empty()) {
    auto q = TRY(c.cached("SELECT title FROM matters WHERE id = ?"));
    q->bind(1, matter_id);
    if (TRY(q->step())) summary = q->text(0);
  }
  TRY(drive_matter(c, matter_id, d, outcome, n.on, actor, s));
  {
    auto q = TRY(c.cached(
        "INSERT INTO dialogue_opinions (dialogue_id, registration_id, submission_id, "
        "speaker_name, field_code, summary, outcome, answered_by, agency_code, due_on, demo, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q->bind_all(d.id, n.registration_id, submission_id, speaker, null_if_empty(field),
                text::truncate_utf8(summary, 1000), D::code(outcome.outcome), outcome.answered_by,
                null_if_empty(outcome.agency_code), outcome.due_on, n.demo || d.demo, now_utc());
    TRY(q->run());
  }
  const Id id = c.last_insert_rowid();
  {
    auto q =
        TRY(c.cached("UPDATE dialogues SET opinions = opinions + 1, updated_at = ? WHERE id = ?"));
    q->bind_all(now_utc(), d.id);
    TRY(q->run());
  }
  if (reg && reg->outcome == D::SpeakerOutcome::pending) {
    auto q = TRY(c.cached("UPDATE speaker_registrations SET outcome = 'spoke' WHERE id = ?"));
    q->bind(1, reg->id);
    TRY(q->run());
  }
  auto opinions = TRY(read_opinions(c, d.id, id));
  if (opinions.empty()) return internal_error("Ý kiến vừa ghi không thấy");
  json after = opinion_json(opinions.front());
  after["opinions"] = d.opinions + 1;
  TRY(event(c, actor, "opinion_add", d.id, json{{"opinions", d.opinions}}, after));
  return std::move(opinions.front());
}

Expected<Opinion> set_outcome(Connection& c, Id dialogue_id, Id opinion_id,
                              const OutcomeCommand& cmd, Date on, const Actor& actor,
                              const Services& s) {
  const Dialogue d = TRY(must_find(c, dialogue_id));
  TRY(require_activity(d, D::Activity::record_opinion));
  auto found = TRY(read_opinions(c, dialogue_id, opinion_id));
  if (found.empty()) return not_found("opinion_not_found", "Không tìm thấy ý kiến");
  const Opinion before = found.front();
  if (before.outcome != D::Outcome::pending) {
    return conflict("outcome_already_set",
                    "Ý kiến đã có hướng xử lý: " + std::string(D::name_vi(before.outcome)),
                    "outcome");
  }
  if (cmd.outcome == D::Outcome::pending) {
    return invalid("outcome_required", "Cần chọn hướng xử lý ý kiến", "outcome");
  }
  if (on < d.held_on || vietnam_date(now_utc()) < on) {
    return invalid("bad_date", "Ngày ghi nhận phải từ ngày hội nghị đến hôm nay", "on");
  }
  const auto outcome = TRY(checked_outcome(c, d, cmd, on));
  TRY(drive_matter(c, before.matter_id, d, outcome, on, actor, s));
  {
    auto q = TRY(c.cached(
        "UPDATE dialogue_opinions SET outcome = ?, answered_by = ?, agency_code = ?, due_on = ? "
        "WHERE id = ?"));
    q->bind_all(D::code(outcome.outcome), outcome.answered_by, null_if_empty(outcome.agency_code),
                outcome.due_on, opinion_id);
    TRY(q->run());
  }
  TRY(touch(c, dialogue_id, false));
  auto after = TRY(read_opinions(c, dialogue_id, opinion_id));
  TRY(event(c, actor, "opinion_outcome", dialogue_id, opinion_json(before),
            opinion_json(after.front())));
  return std::move(after.front());
}

}  // namespace doithoai::store::sqlite::dialogue_ops
