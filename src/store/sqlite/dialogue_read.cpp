// Reading dialogues: one dialogue, its whole record (for its page and its minutes), lists, the
// follow-up progress and the counts reports add up; and the helpers shared with reception.
#include <sodium.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "domain/text.hpp"
#include "store/sqlite/dialogue_ops.hpp"
#include "store/sqlite/ops.hpp"

namespace doithoai::store::sqlite::dialogue_ops {

namespace {

using nlohmann::json;

constexpr std::string_view kDialogueColumns =
    "id, title, host_name, host_title, host_agency_code, unit_code, level, held_on, starts_at, "
    "venue, status, registration_cap, registration_closes_on, registrations, attendance, "
    "opinions, opinions_reported, summary, generated, demo, version, created_at, updated_at";

Expected<Dialogue> dialogue_from(const Statement& q) {
  Dialogue d;
  d.id = q.int64(0);
  d.title = q.text(1);
  d.host_name = q.text(2);
  d.host_title = q.text(3);
  d.host_agency_code = q.text(4);
  d.unit_code = q.text(5);
  d.level = q.text(6);
  d.held_on = TRY(q.date(7));
  d.starts_at = q.text(8);
  d.venue = q.text(9);
  const auto status = dialogue::parse_status(q.text(10));
  if (!status) return internal_error("Trạng thái hội nghị không hợp lệ trong cơ sở dữ liệu");
  d.status = *status;
  if (!q.is_null(11)) d.registration_cap = q.int32(11);
  d.registration_closes_on = TRY(q.opt_date(12));
  d.registrations = q.int32(13);
  d.attendance = q.int32(14);
  d.opinions = q.int32(15);
  if (!q.is_null(16)) d.opinions_reported = q.int32(16);
  d.summary = q.text(17);
  d.generated = q.boolean(18);
  d.demo = q.boolean(19);
  d.version = q.int32(20);
  d.created_at = q.int64(21);
  d.updated_at = q.int64(22);
  return d;
}

std::string held_statuses_sql() {
  return "status IN ('held', 'following_up', 'closed')";
}

}  // namespace

// ---- shared helpers ----

const std::string_view kScopeCte =
    "WITH RECURSIVE scope(code) AS (SELECT ?1 UNION SELECT u.code FROM units u JOIN scope s ON "
    "u.parent_code = s.code UNION SELECT l.predecessor_code FROM unit_links l JOIN scope s ON "
    "l.successor_code = s.code) ";

std::string person_key(std::string_view secret_key, std::string_view name, std::string_view phone,
                       std::string_view unit_code) {
  std::string who = text::fold(name);
  std::string digits;
  for (const char ch : phone) {
    if (ch >= '0' && ch <= '9') digits.push_back(ch);
  }
  // 84912345678 and 0912345678 are the same number.
  if (digits.size() > 9 && digits.substr(0, 2) == "84")
    digits = std::string("0").append(digits, 2, std::string::npos);
  who.append("|").append(digits.empty() ? std::string("u:").append(unit_code) : digits);
  unsigned char out[16];
  const auto* key = reinterpret_cast<const unsigned char*>(secret_key.data());
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(who.data()),
                     who.size(), secret_key.empty() ? nullptr : key,
                     secret_key.empty() ? 0 : secret_key.size());
  char hex[sizeof out * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool valid_time(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() != 5 || s[2] != ':') return false;
  for (const int i : {0, 1, 3, 4}) {
    if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return false;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  return h < 24 && m < 60;
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Expected<std::optional<std::string>> seal_optional(const FieldCipher& cipher,
                                                   const std::string& plain) {
  if (plain.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{TRY(cipher.seal(plain))};
}

Expected<std::string> open_optional(const FieldCipher& cipher, const std::string& sealed) {
  if (sealed.empty()) return std::string();
  return cipher.open(sealed);
}

Expected<bool> unit_in_scope(Connection& c, const std::string& scope_unit,
                             const std::string& unit) {
  auto q = TRY(c.cached(std::string(kScopeCte) + "SELECT 1 FROM scope WHERE code = ?2"));
  q->bind_all(scope_unit, unit);
  return TRY(q->step());
}

// ---- dialogues ----

Expected<std::optional<Dialogue>> find_dialogue(Connection& c, Id id) {
  auto q = TRY(c.cached(
      std::string("SELECT ").append(kDialogueColumns).append(" FROM dialogues WHERE id = ?")));
  q->bind(1, id);
  if (!TRY(q->step())) return std::optional<Dialogue>{};
  return std::optional<Dialogue>{TRY(dialogue_from(*q))};
}

Expected<Dialogue> read_dialogue(Connection& c, Id id) {
  auto found = TRY(find_dialogue(c, id));
  if (!found) return not_found("dialogue_not_found", "Không tìm thấy hội nghị đối thoại");
  Dialogue d = std::move(*found);
  {
    auto q = TRY(
        c.cached("SELECT name, role FROM dialogue_board WHERE dialogue_id = ? ORDER BY position"));
    q->bind(1, id);
    while (TRY(q->step())) d.board.push_back(BoardMember{q->text(0), q->text(1)});
  }
  {
    auto q = TRY(c.cached(
        "SELECT coalesce(field_code, ''), title FROM dialogue_agenda WHERE dialogue_id = ? "
        "ORDER BY position"));
    q->bind(1, id);
    while (TRY(q->step())) d.agenda.push_back(AgendaItem{q->text(0), q->text(1)});
  }
  return d;
}

Expected<std::vector<SpeakerRegistration>> read_registrations(Connection& c, Id dialogue_id,
                                                              const Services& s) {
  auto q = TRY(c.cached(
      "SELECT r.id, r.name, r.phone_enc, r.address, coalesce(r.unit_code, ''), r.topic, "
      "coalesce(r.field_code, ''), r.submission_id, sub.matter_id, r.position, r.withdrawn, "
      "r.outcome, r.by_staff, r.registered_on, r.demo, r.created_at "
      "FROM speaker_registrations r LEFT JOIN submissions sub ON sub.id = r.submission_id "
      "WHERE r.dialogue_id = ? ORDER BY r.withdrawn, r.position IS NULL, r.position, r.id"));
  q->bind(1, dialogue_id);
  std::vector<SpeakerRegistration> out;
  while (TRY(q->step())) {
    SpeakerRegistration r;
    r.id = q->int64(0);
    r.dialogue_id = dialogue_id;
    r.name = q->text(1);
    r.phone = TRY(open_optional(s.cipher, q->blob(2)));
    r.address = q->text(3);
    r.unit_code = q->text(4);
    r.topic = q->text(5);
    r.field_code = q->text(6);
    r.submission_id = q->opt_int64(7);
    r.matter_id = q->opt_int64(8);
    if (!q->is_null(9)) r.position = q->int32(9);
    r.withdrawn = q->boolean(10);
    r.outcome =
        dialogue::parse_speaker_outcome(q->text(11)).value_or(dialogue::SpeakerOutcome::pending);
    r.by_staff = q->boolean(12);
    r.registered_on = TRY(q->date(13));
    r.demo = q->boolean(14);
    r.created_at = q->int64(15);
    out.push_back(std::move(r));
  }
  return out;
}

Expected<std::vector<Opinion>> read_opinions(Connection& c, Id dialogue_id,
                                             std::optional<Id> only) {
  auto q = TRY(
      c.cached("SELECT o.id, o.registration_id, o.submission_id, sub.matter_id, o.speaker_name, "
               "coalesce(o.field_code, ''), o.summary, o.outcome, o.answered_by, "
               "coalesce(o.agency_code, ''), o.due_on, m.status, o.demo, o.created_at, m.kind "
               "FROM dialogue_opinions o JOIN submissions sub ON sub.id = o.submission_id "
               "JOIN matters m ON m.id = sub.matter_id "
               "WHERE o.dialogue_id = ?1 AND (?2 IS NULL OR o.id = ?2) ORDER BY o.id"));
  q->bind_all(dialogue_id, only);
  std::vector<Opinion> out;
  while (TRY(q->step())) {
    Opinion o;
    o.id = q->int64(0);
    o.dialogue_id = dialogue_id;
    o.registration_id = q->opt_int64(1);
    o.submission_id = q->int64(2);
    o.matter_id = q->int64(3);
    o.speaker_name = q->text(4);
    o.field_code = q->text(5);
    o.summary = q->text(6);
    o.outcome = dialogue::parse_outcome(q->text(7)).value_or(dialogue::Outcome::pending);
    o.answered_by = q->text(8);
    o.agency_code = q->text(9);
    o.due_on = TRY(q->opt_date(10));
    o.matter_status = parse_status(q->text(11)).value_or(Status::received);
    o.settled = o.matter_status == Status::answered || o.matter_status == Status::published ||
                o.matter_status == Status::closed || o.matter_status == Status::guided ||
                o.matter_status == Status::refused;
    o.demo = q->boolean(12);
    o.created_at = q->int64(13);
    o.matter_kind = parse_kind(q->text(14)).value_or(Kind::kien_nghi);
    out.push_back(std::move(o));
  }
  return out;
}

Expected<DialogueProgress> read_progress(Connection& c, Id id) {
  DialogueProgress p;
  auto q = TRY(c.cached(
      "SELECT count(*), count(DISTINCT sub.matter_id), "
      "count(DISTINCT CASE WHEN m.status IN ('answered', 'published', 'closed', 'guided', "
      "'refused') THEN sub.matter_id END), "
      "sum(o.outcome = 'pending'), sum(o.outcome = 'answered'), sum(o.outcome = 'assigned'), "
      "sum(o.outcome = 'forwarded') "
      "FROM dialogue_opinions o JOIN submissions sub ON sub.id = o.submission_id "
      "JOIN matters m ON m.id = sub.matter_id WHERE o.dialogue_id = ?"));
  q->bind(1, id);
  if (TRY(q->step())) {
    p.opinions = q->int32(0);
    p.matters = q->int32(1);
    p.settled = q->int32(2);
    p.outstanding = p.matters - p.settled;
    p.pending = q->int32(3);
    p.answered = q->int32(4);
    p.assigned = q->int32(5);
    p.forwarded = q->int32(6);
  }
  return p;
}

Expected<DialogueRecord> read_record(Connection& c, Id id, const Services& s) {
  DialogueRecord r;
  r.dialogue = TRY(read_dialogue(c, id));
  {
    auto q = TRY(
        c.cached("SELECT id, unit_code, held_on, organisers, attendance, note, demo, created_at "
                 "FROM village_meetings WHERE dialogue_id = ? ORDER BY held_on, id"));
    q->bind(1, id);
    while (TRY(q->step())) {
      VillageMeeting m;
      m.id = q->int64(0);
      m.dialogue_id = id;
      m.unit_code = q->text(1);
      m.held_on = TRY(q->date(2));
      const auto organisers = json::parse(q->text(3), nullptr, false);
      if (organisers.is_array()) {
        for (const auto& o : organisers) {
          if (o.is_string()) m.organisers.push_back(o.get<std::string>());
        }
      }
      m.attendance = q->int32(4);
      m.note = q->text(5);
      m.demo = q->boolean(6);
      m.created_at = q->int64(7);
      r.village_meetings.push_back(std::move(m));
    }
  }
  {
    auto q =
        TRY(c.cached("SELECT s.meeting_id, s.submission_id FROM village_meeting_submissions s "
                     "JOIN village_meetings m ON m.id = s.meeting_id WHERE m.dialogue_id = ? "
                     "ORDER BY s.meeting_id, s.position"));
    q->bind(1, id);
    std::map<Id, std::vector<Id>> by_meeting;
    while (TRY(q->step())) by_meeting[q->int64(0)].push_back(q->int64(1));
    for (auto& m : r.village_meetings) {
      m.submission_ids = by_meeting[m.id];
      m.opinions = static_cast<int>(m.submission_ids.size());
    }
  }
  r.registrations = TRY(read_registrations(c, id, s));
  r.opinions = TRY(read_opinions(c, id));
  r.progress = TRY(read_progress(c, id));
  return r;
}

Expected<DialoguePage> list_dialogues(Connection& c, const DialogueQuery& q) {
  std::string where = " WHERE 1 = 1";
  std::vector<std::string> binds;  // texts bound after ?1
  std::string prefix;
  if (!q.unit_code.empty()) {
    prefix = std::string(kScopeCte);
    // Without the generated history, the index of recorded dialogues (migration 10) covers the
    // unit and the status; their own indexes would lead through every generated dialogue.
    where += q.include_generated ? " AND unit_code IN (SELECT code FROM scope)"
                                 : " AND +unit_code IN (SELECT code FROM scope)";
  }
  auto add = [&](const std::string& clause, std::string value) {
    binds.push_back(std::move(value));
    where.append(" AND ").append(clause).append(" ?").append(std::to_string(binds.size() + 1));
  };
  if (!q.statuses.empty()) {
    where += q.include_generated ? " AND status IN (" : " AND +status IN (";
    for (std::size_t i = 0; i < q.statuses.size(); ++i) {
      binds.emplace_back(dialogue::code(q.statuses[i]));
      where.append(i == 0 ? "?" : ", ?").append(std::to_string(binds.size() + 1));
    }
    where += ")";
  }
  if (q.from) add("held_on >=", q.from->iso());
  if (q.to) add("held_on <=", q.to->iso());
  if (!q.host_agency_code.empty()) add("host_agency_code =", q.host_agency_code);
  if (!q.include_generated) where += " AND generated = 0";

  auto bind = [&](Statement& st) {
    st.bind(1, q.unit_code);
    for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i) + 2, binds[i]);
  };
  DialoguePage page;
  page.page = std::max(1, q.page);
  page.per_page = std::clamp(q.per_page, 1, 500);
  {
    auto st = TRY(c.prepare(prefix + "SELECT count(*) FROM dialogues" + where +
                            (q.unit_code.empty() ? " AND (?1 IS NOT NULL)" : "")));
    bind(st);
    if (TRY(st.step())) page.total = st.int64(0);
  }
  auto st = TRY(c.prepare(
      prefix + "SELECT " + std::string(kDialogueColumns) + " FROM dialogues" + where +
      (q.unit_code.empty() ? " AND (?1 IS NOT NULL)" : "") +
      " ORDER BY held_on DESC, id DESC LIMIT " + std::to_string(page.per_page) + " OFFSET " +
      std::to_string(static_cast<std::int64_t>(page.page - 1) * page.per_page)));
  bind(st);
  while (TRY(st.step())) page.items.push_back(TRY(dialogue_from(st)));
  return page;
}

namespace {

// The sums of the dialogues held in the period.
constexpr std::string_view kHeldSums =
    "count(*), coalesce(sum(attendance), 0), coalesce(sum(coalesce(opinions_reported, opinions)), "
    "0)";

// The dialogues held in the period in one of three shapes, each read from its covering index: a
// unit's scope (dialogues_unit_counts, named: SQLite would read dialogues_status and each
// dialogue's row), a host agency (dialogues_host_counts), everything (dialogues_held). `select`
// is what is read of them.
std::string held_sql(std::string_view select, const DialogueCountQuery& q) {
  const auto from = [select](std::string_view index) {
    return std::string("SELECT ")
        .append(select)
        .append(" FROM dialogues")
        .append(index)
        .append(" WHERE held_on BETWEEN ?2 AND ?3 AND ")
        .append(held_statuses_sql())
        .append(" AND (?4 OR demo = 0)");
  };
  if (!q.unit_code.empty()) {
    return std::string(kScopeCte) + from(" INDEXED BY dialogues_unit_counts") +
           " AND unit_code IN (SELECT code FROM scope) AND (?5 = '' OR host_agency_code = ?5)";
  }
  if (!q.host_agency_code.empty())
    return from("") + " AND host_agency_code = ?5 AND (?1 IS NOT NULL)";
  return from("") + " AND (?1 IS NOT NULL) AND (?5 IS NOT NULL)";
}

}  // namespace

Expected<DialogueCounts> count_dialogues(Connection& c, const DialogueCountQuery& q) {
  const std::string sql = held_sql(kHeldSums, q);
  auto st = TRY(c.cached(sql));
  st->bind_all(q.unit_code, q.from, q.to, q.include_demo, q.host_agency_code);
  DialogueCounts out;
  if (TRY(st->step())) {
    out.dialogues = st->int64(0);
    out.attendance = st->int64(1);
    out.opinions = st->int64(2);
  }
  return out;
}

Expected<std::vector<HostCounts>> count_by_host(Connection& c, const DialogueCountQuery& q) {
  const std::string sql = held_sql(std::string("host_agency_code, ").append(kHeldSums), q) +
                          " GROUP BY host_agency_code ORDER BY host_agency_code";
  auto st = TRY(c.cached(sql));
  st->bind_all(q.unit_code, q.from, q.to, q.include_demo, q.host_agency_code);
  std::vector<HostCounts> out;
  while (TRY(st->step())) {
    out.push_back(
        HostCounts{st->text(0), DialogueCounts{st->int64(1), st->int64(2), st->int64(3)}});
  }
  return out;
}

Expected<std::vector<UnitHostCounts>> count_by_unit_and_host(Connection& c,
                                                             const DialogueCountQuery& q) {
  // Each dialogue's row, added up here: GROUP BY would sort every one of ten years' dialogues
  // to make the few hundred pairs of unit and host.
  auto st = TRY(c.cached(held_sql(
      "unit_code, host_agency_code, attendance, coalesce(opinions_reported, opinions)", q)));
  st->bind_all(q.unit_code, q.from, q.to, q.include_demo, q.host_agency_code);
  std::vector<UnitHostCounts> out;
  std::unordered_map<std::string, std::size_t> at;
  std::string key;
  while (TRY(st->step())) {
    const std::string_view unit = st->text_view(0);
    const std::string_view host = st->text_view(1);
    key.assign(unit).push_back('\x1f');
    key.append(host);
    auto [it, fresh] = at.try_emplace(key, out.size());
    if (fresh) out.push_back(UnitHostCounts{std::string(unit), std::string(host), {}});
    DialogueCounts& n = out[it->second].counts;
    n.dialogues += 1;
    n.attendance += st->int64(2);
    n.opinions += st->int64(3);
  }
  std::sort(out.begin(), out.end(), [](const UnitHostCounts& a, const UnitHostCounts& b) {
    return std::tie(a.unit_code, a.host_agency_code) < std::tie(b.unit_code, b.host_agency_code);
  });
  return out;
}

}  // namespace doithoai::store::sqlite::dialogue_ops
