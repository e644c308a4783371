// Writing matters: intake (create), a further submission, the identity-view log entry, and the
// helpers the lifecycle actions share (deadline rows, reference checks, event JSON).
#include <algorithm>

#include "domain/text.hpp"
#include "store/sqlite/matter_ops.hpp"
#include "store/sqlite/ops.hpp"
#include "store/sqlite/search.hpp"

namespace doithoai::store::sqlite::matter_ops {

namespace {

using nlohmann::json;

constexpr std::size_t kSummaryBytes = 300;

json opt_text(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}
json opt_date(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}
std::optional<std::string_view> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::string_view(s);
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The checks a submission passes before it is recorded, on a new matter or an existing one.
Expected<void> check_submission(const Submission& s) {
  if (blank(s.content)) {
    return invalid("content_required", "Nội dung ý kiến không được để trống", "content");
  }
  if (vietnam_date(now_utc()) < s.received_on) {
    return invalid("received_in_future", "Ngày nhận không được sau ngày hôm nay", "received_on");
  }
  if (s.people.empty()) {
    return invalid("person_required", "Cần ghi ít nhất một người gửi ý kiến", "people");
  }
  for (const auto& p : s.people) {
    if (blank(p.name)) {
      return invalid("person_name_required", "Cần ghi họ tên của người gửi ý kiến", "people");
    }
  }
  if (s.head_count < 1 || s.head_count < static_cast<int>(s.people.size())) {
    return invalid("bad_head_count", "Số người không được ít hơn số người được ghi tên",
                   "head_count");
  }
  return {};
}

struct SealedPerson {
  std::optional<std::string> phone;
  std::optional<std::string> id_number;
};

// Encrypts every phone and ID number first, so that a missing key fails before any write.
Expected<std::vector<SealedPerson>> seal_people(const Submission& s, const FieldCipher& cipher) {
  std::vector<SealedPerson> out;
  out.reserve(s.people.size());
  for (const auto& p : s.people) {
    SealedPerson sealed;
    if (!p.phone.empty()) sealed.phone = TRY(cipher.seal(p.phone));
    if (!p.id_number.empty()) sealed.id_number = TRY(cipher.seal(p.id_number));
    out.push_back(std::move(sealed));
  }
  return out;
}

Expected<Id> insert_submission(Connection& c, Id matter_id, const Submission& s,
                               const std::vector<SealedPerson>& sealed, const Actor& actor,
                               Timestamp now, bool demo) {
  {
    auto q = TRY(c.cached(
        "INSERT INTO submissions (matter_id, channel, received_on, recorded_at, title, content, "
        "head_count, recorded_by, demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q->bind_all(matter_id, code(s.channel), s.received_on, now, s.title, s.content, s.head_count,
                s.recorded_by.empty() ? actor.name : s.recorded_by, demo || s.demo);
    TRY(q->run());
  }
  const Id id = c.last_insert_rowid();
  auto q = TRY(c.cached(
      "INSERT INTO submission_people (submission_id, position, name, phone_enc, email, address, "
      "id_number_enc) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  for (std::size_t i = 0; i < s.people.size(); ++i) {
    const Person& p = s.people[i];
    q->bind_all(id, static_cast<std::int64_t>(i), p.name);
    if (sealed[i].phone) {
      q->bind(4, Blob{*sealed[i].phone});
    } else {
      q->bind(4, std::nullopt);
    }
    q->bind(5, p.email).bind(6, p.address);
    if (sealed[i].id_number) {
      q->bind(7, Blob{*sealed[i].id_number});
    } else {
      q->bind(7, std::nullopt);
    }
    TRY(q->run());
    q->reset();
  }
  return id;
}

// What an Event may say about a submission: no names, contact details or words.
json submission_json(Id id, const Submission& s) {
  return json{{"submission_id", id},
              {"channel", code(s.channel)},
              {"received_on", s.received_on.iso()},
              {"head_count", s.head_count},
              {"people", s.people.size()}};
}

}  // namespace

// ---- DeadlineCache ----

Expected<std::shared_ptr<const DeadlineContext>> DeadlineCache::get(Connection& c) {
  std::int64_t token = 0;
  {
    auto q = TRY(c.cached("SELECT token FROM calendar_state WHERE id = 1"));
    if (TRY(q->step())) token = q->int64(0);
  }
  {
    std::lock_guard lock(mu_);
    if (context_ && token_ == token) return context_;
  }
  auto context = std::make_shared<DeadlineContext>();
  context->rules = TRY(read_deadline_rules(c));
  context->calendar = WorkingCalendar(TRY(read_holidays(c, std::nullopt, std::nullopt)));
  std::lock_guard lock(mu_);
  token_ = token;
  context_ = context;
  return std::shared_ptr<const DeadlineContext>(std::move(context));
}

// ---- shared helpers ----

Error matter_not_found() {
  return not_found("matter_not_found", "Không tìm thấy vụ việc");
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json state_json(const Matter& m) {
  return json{{"id", m.id},
              {"tracking_code", m.tracking_code},
              {"status", code(m.status)},
              {"kind", code(m.kind)},
              {"field", opt_text(m.field_code)},
              {"unit", m.unit_code},
              {"agency", opt_text(m.agency_code)},
              {"handler", opt_text(m.handler)},
              {"version", m.version},
              {"accepted_on", opt_date(m.accepted_on)},
              {"answered_on", opt_date(m.answered_on)},
              {"next_due_on", opt_date(m.next_due_on)},
              {"extensions", m.extensions},
              {"merged_into", m.merged_into ? json(*m.merged_into) : json(nullptr)},
              {"published", m.published},
              {"rating", m.rating ? json(*m.rating) : json(nullptr)},
              {"identity_protected", m.identity_protected},
              {"submissions", m.submissions},
              {"head_count", m.head_count}};
}

json deadlines_json(const std::vector<deadlines::Deadline>& list) {
  json out = json::array();
  for (const auto& d : list) {
    out.push_back(json{{"step", d.step},
                       {"due_on", d.due_on.iso()},
                       {"met_on", opt_date(d.met_on)},
                       {"extensions", d.extensions},
                       {"rule", d.rule}});
  }
  return out;
}

namespace {

// The deadline rows of a matter that has none yet.
Expected<void> insert_deadlines(Connection& c, Id matter_id,
                                const std::vector<deadlines::Deadline>& list) {
  auto q = TRY(
      c.cached("INSERT INTO matter_deadlines (matter_id, step, due_on, rule, met_on, extensions) "
               "VALUES (?, ?, ?, ?, ?, ?)"));
  for (const auto& d : list) {
    q->bind_all(matter_id, d.step, d.due_on, d.rule, d.met_on, d.extensions);
    TRY(q->run());
    q->reset();
  }
  return {};
}

// The earliest deadline not yet met.
std::optional<Date> earliest_unmet(const std::vector<deadlines::Deadline>& list) {
  std::optional<Date> next;
  for (const auto& d : list) {
    if (!d.met_on && (!next || d.due_on < *next)) next = d.due_on;
  }
  return next;
}

}  // namespace

Expected<std::optional<Date>> store_deadlines(Connection& c, Id matter_id, Status status,
                                              const std::vector<deadlines::Deadline>& list) {
  {
    auto q = TRY(c.cached("DELETE FROM matter_deadlines WHERE matter_id = ?"));
    q->bind(1, matter_id);
    TRY(q->run());
  }
  TRY(insert_deadlines(c, matter_id, list));
  const std::optional<Date> next = earliest_unmet(list);
  // Out of our hands: sent on, refused, merged or finished. Nothing is due any more.
  if (status == Status::guided || status == Status::refused || status == Status::merged ||
      status == Status::closed) {
    return std::optional<Date>{};
  }
  return next;
}

Expected<void> check_unit(Connection& c, const std::string& code, Date received_on,
                          std::optional<Date> also_on) {
  if (code.empty()) {
    return invalid("unit_required", "Cần chọn đơn vị hành chính", "unit_code");
  }
  auto unit = read_unit_row(c, code);  // its links to other units play no part here
  if (!unit.ok()) {
    if (unit.error().kind == ErrorKind::not_found) {
      return invalid("unknown_unit", "Không tìm thấy đơn vị hành chính: " + code, "unit_code");
    }
    return std::move(unit).error();
  }
  if (!unit->valid_at(received_on) && !(also_on && unit->valid_at(*also_on))) {
    return invalid("unit_not_valid",
                   unit->full_name() + " không tồn tại vào ngày nhận " + received_on.vi(),
                   "unit_code");
  }
  return {};
}

Expected<void> check_field(Connection& c, const std::string& code) {
  auto q = TRY(c.cached("SELECT active FROM fields WHERE code = ?"));
  q->bind(1, code);
  if (!TRY(q->step())) {
    return invalid("unknown_field", "Không tìm thấy lĩnh vực: " + code, "field_code");
  }
  if (!q->boolean(0)) {
    return invalid("field_inactive", "Lĩnh vực này không còn sử dụng: " + code, "field_code");
  }
  return {};
}

Expected<void> check_agency(Connection& c, const std::string& code, std::string field,
                            std::optional<Date> active_on) {
  auto agency = read_agency(c, code);
  if (!agency.ok()) {
    if (agency.error().kind == ErrorKind::not_found) {
      return invalid("unknown_agency", "Không tìm thấy cơ quan, đơn vị: " + code, std::move(field));
    }
    return std::move(agency).error();
  }
  if (active_on && agency->valid_to && *agency->valid_to < *active_on) {
    return invalid("agency_ended",
                   agency->name + " đã thôi hoạt động từ " + agency->valid_to->plus_days(1).vi(),
                   std::move(field));
  }
  return {};
}

std::string summary_of(const std::string& content) {
  if (content.size() <= kSummaryBytes) return content;
  return text::truncate_utf8(content, kSummaryBytes - 3).append("…");
}

// ---- create ----

Expected<MatterRecord> create_matter(Connection& c, const NewMatter& m, const Actor& actor,
                                     const FieldCipher& cipher, DeadlineCache& cache,
                                     const MatterSignature* signature) {
  const Submission& s = m.submission;
  if (blank(m.tracking_code)) {
    return invalid("tracking_code_required", "Thiếu mã tra cứu của vụ việc", "tracking_code");
  }
  if (blank(m.title)) {
    return invalid("title_required", "Tiêu đề không được để trống", "title");
  }
  TRY(check_submission(s));
  TRY(check_unit(c, m.unit_code, s.received_on));
  if (!m.field_code.empty()) TRY(check_field(c, m.field_code));
  if (TRY(find_by_tracking_code(c, m.tracking_code))) {
    return conflict("tracking_code_taken", "Mã tra cứu đã được dùng cho vụ việc khác",
                    "tracking_code");
  }
  const auto sealed = TRY(seal_people(s, cipher));

  const auto context = TRY(cache.get(c));
  deadlines::Facts facts;
  facts.kind = m.kind;
  facts.received_on = s.received_on;
  const auto list = deadlines::compute(context->rules, context->calendar, facts);

  // A new matter is received: its next due day is the earliest of its deadlines.
  const std::optional<Date> next_due = earliest_unmet(list);

  const Timestamp now = now_utc();
  const std::string summary = summary_of(s.content);
  {
    auto q = TRY(c.cached(
        "INSERT INTO matters (tracking_code, kind, field_code, unit_code, status, title, summary, "
        "channel, received_on, next_due_on, submissions, head_count, identity_protected, demo, "
        "version, created_at, updated_at) VALUES (?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, 1, ?, "
        "?, ?, 1, ?, ?)"));
    q->bind_all(m.tracking_code, code(m.kind), null_if_empty(m.field_code), m.unit_code, m.title,
                summary, code(s.channel), s.received_on, next_due, s.head_count,
                m.kind == Kind::to_cao, m.demo, now, now);
    TRY(q->run());
  }
  const Id id = c.last_insert_rowid();
  const Id submission_id = TRY(insert_submission(c, id, s, sealed, actor, now, m.demo));
  TRY(insert_deadlines(c, id, list));
  if (signature) {
    MatterSignature own = *signature;
    own.matter_id = id;
    TRY(save_signature(c, own));
  }
  // The row as inserted above (the columns left out take their defaults): no need to read it
  // back.
  Matter created;
  created.id = id;
  created.tracking_code = m.tracking_code;
  created.kind = m.kind;
  created.field_code = m.field_code;
  created.unit_code = m.unit_code;
  created.status = Status::received;
  created.title = m.title;
  created.summary = summary;
  created.channel = s.channel;
  created.received_on = s.received_on;
  created.next_due_on = next_due;
  created.submissions = 1;
  created.head_count = s.head_count;
  created.identity_protected = m.kind == Kind::to_cao;
  created.demo = m.demo;
  created.version = 1;
  created.created_at = now;
  created.updated_at = now;

  json after = state_json(created);
  after["channel"] = code(created.channel);
  after["received_on"] = created.received_on.iso();
  after["demo"] = created.demo;
  after["submission"] = submission_json(submission_id, s);
  after["deadlines"] = deadlines_json(list);
  TRY(append_event(c, actor, "matter.create", "matter", std::to_string(id), "", dump(after)));

  MatterRecord record;
  record.matter = std::move(created);
  Submission& first = record.submissions.emplace_back(s);
  first.id = submission_id;
  first.matter_id = id;
  first.recorded_at = now;
  if (first.recorded_by.empty()) first.recorded_by = actor.name;
  first.demo = s.demo || m.demo;
  record.deadlines = list;
  return record;
}

// ---- add_submission ----

Expected<Submission> add_submission(Connection& c, Id matter_id, const Submission& submission,
                                    const Actor& actor, const FieldCipher& cipher) {
  const auto matter = TRY(find_matter(c, matter_id));
  if (!matter) return matter_not_found();
  if (matter->status == Status::merged) {
    return conflict("matter_merged",
                    "Vụ việc đã được gộp vào vụ việc khác, hãy thêm ý kiến vào vụ việc đó");
  }
  if (matter->status == Status::closed) {
    return conflict("matter_closed", "Vụ việc đã kết thúc, không thêm ý kiến được");
  }
  TRY(check_submission(submission));
  const auto sealed = TRY(seal_people(submission, cipher));
  const Timestamp now = now_utc();
  const Id id = TRY(insert_submission(c, matter_id, submission, sealed, actor, now, matter->demo));
  {
    auto q = TRY(
        c.cached("UPDATE matters SET submissions = submissions + 1, head_count = head_count + ?, "
                 "updated_at = ? WHERE id = ?"));
    q->bind_all(submission.head_count, now, matter_id);
    TRY(q->run());
  }
  const json before{{"submissions", matter->submissions}, {"head_count", matter->head_count}};
  json after = submission_json(id, submission);
  after["submissions"] = matter->submissions + 1;
  after["head_count"] = matter->head_count + submission.head_count;
  TRY(append_event(c, actor, "matter.submission_add", "matter", std::to_string(matter_id),
                   dump(before), dump(after)));

  Submission out = submission;
  out.id = id;
  out.matter_id = matter_id;
  out.recorded_at = now;
  if (out.recorded_by.empty()) out.recorded_by = actor.name;
  out.demo = submission.demo || matter->demo;
  return out;
}

// ---- identity view ----

Expected<void> record_identity_view(Connection& c, Id matter_id, const Actor& actor) {
  const auto matter = TRY(find_matter(c, matter_id));
  if (!matter) return matter_not_found();
  const json after{{"identity_protected", matter->identity_protected},
                   {"kind", code(matter->kind)}};
  TRY(append_event(c, actor, "matter.identity_view", "matter", std::to_string(matter_id), "",
                   dump(after)));
  return {};
}

}  // namespace doithoai::store::sqlite::matter_ops
