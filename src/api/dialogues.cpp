// /api/v1/dialogues: dialogue conferences for staff (plan, lifecycle, village meetings, speaker
// registrations and order, opinions with their outcomes, attendance, counts), and
// /api/v1/public/dialogues for citizens (list, page with follow-up progress, registering to
// speak). Public answers never carry a name, phone number or address.
#include "api/internal.hpp"
#include "api/tracking_code.hpp"
#include "domain/dialogue.hpp"
#include "domain/text.hpp"
#include "report/minutes.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

using permissions::Action;
namespace D = doithoai::dialogue;

Actor actor_of(const auth::Principal& p) {
  return Actor{p.user.id, p.user.username};
}

Date today() {
  return vietnam_date(now_utc());
}

json opt_date(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}
json opt_int(const std::optional<int>& v) {
  return v ? json(*v) : json(nullptr);
}
json opt_text(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

Expected<Id> path_id(const http::Request& request, std::string_view name, const char* code,
                     const char* message) {
  const auto id = parse_int(request.path_param(name));
  if (!id) return not_found(code, message);
  return static_cast<Id>(*id);
}

Expected<Id> dialogue_id(const http::Request& request) {
  return path_id(request, "id", "dialogue_not_found", "Không tìm thấy hội nghị đối thoại");
}

permissions::Target dialogue_target(const UnitTree& tree, const store::Dialogue& d) {
  permissions::Target t;
  t.unit_path = tree.path(d.unit_code);
  t.agency_code = d.host_agency_code;
  return t;
}

// The dialogue, with the permission checked on it.
Expected<store::Dialogue> checked_dialogue(Services& services, const auth::Principal& p, Id id,
                                           Action action) {
  auto d = TRY(services.context.store.dialogues().get(id));
  const auto tree = TRY(services.unit_tree());
  TRY(require(p, action, dialogue_target(*tree, d)));
  return d;
}

// The unit a list defaults to: the first grant's unit (an agency grant: the agency's unit).
std::string default_unit(const auth::Principal& p) {
  for (const auto& g : p.subject.grants) {
    if (g.scope_kind == Grant::ScopeKind::unit) return g.scope_code;
    if (!g.agency_unit_code.empty()) return g.agency_unit_code;
  }
  return {};
}

Expected<std::optional<Date>> optional_date(const Body& body, std::string_view key) {
  if (body.find(key) == nullptr) return std::optional<Date>{};
  return std::optional<Date>{TRY(body.date(key))};
}

// A string field of an object inside the body (board members, agenda items, people).
Expected<std::string> member_string(const json& item, const std::string& key,
                                    const std::string& where, std::size_t max_bytes) {
  const auto it = item.find(key);
  if (it == item.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return invalid("wrong_type", "\"" + where + "." + key + "\" phải là chuỗi ký tự",
                   where + "." + key);
  }
  std::string v = text::nfc(it->get<std::string>());
  if (v.size() > max_bytes) {
    return invalid("too_long", "\"" + where + "." + key + "\" quá dài", where + "." + key);
  }
  return v;
}

Expected<void> only_keys(const json& item, std::initializer_list<std::string_view> keys,
                         const std::string& where) {
  if (!item.is_object()) {
    return invalid("wrong_type", "Mỗi phần tử của \"" + where + "\" phải là một đối tượng", where);
  }
  for (const auto& [key, value] : item.items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return invalid("unknown_field", "Trường không được hỗ trợ: \"" + where + "." + key + "\"",
                     where + "." + key);
    }
  }
  return {};
}

Expected<std::vector<store::BoardMember>> read_board(const json& list) {
  if (!list.is_array()) return invalid("wrong_type", "board phải là một danh sách", "board");
  std::vector<store::BoardMember> out;
  for (const auto& item : list) {
    TRY(only_keys(item, {"name", "role"}, "board"));
    out.push_back(store::BoardMember{TRY(member_string(item, "name", "board", 200)),
                                     TRY(member_string(item, "role", "board", 200))});
  }
  return out;
}

Expected<std::vector<store::AgendaItem>> read_agenda(const json& list) {
  if (!list.is_array()) return invalid("wrong_type", "agenda phải là một danh sách", "agenda");
  std::vector<store::AgendaItem> out;
  for (const auto& item : list) {
    TRY(only_keys(item, {"field_code", "title"}, "agenda"));
    out.push_back(store::AgendaItem{TRY(member_string(item, "field_code", "agenda", 64)),
                                    TRY(member_string(item, "title", "agenda", 500))});
    if (out.back().field_code.empty() && out.back().title.empty()) {
      return invalid("required", "Mục chương trình cần lĩnh vực hoặc nội dung", "agenda");
    }
  }
  return out;
}

Expected<std::vector<Person>> read_people(const json& list) {
  if (!list.is_array()) return invalid("wrong_type", "people phải là một danh sách", "people");
  if (list.size() > 500) return invalid("too_many", "Tối đa 500 người", "people");
  std::vector<Person> out;
  for (const auto& item : list) {
    TRY(only_keys(item, {"name", "phone", "email", "address", "id_number"}, "people"));
    Person p;
    p.name = TRY(member_string(item, "name", "people", 200));
    p.phone = TRY(member_string(item, "phone", "people", 50));
    p.email = TRY(member_string(item, "email", "people", 200));
    p.address = TRY(member_string(item, "address", "people", 500));
    p.id_number = TRY(member_string(item, "id_number", "people", 50));
    if (p.name.find_first_not_of(" \t") == std::string::npos) {
      return invalid("required", "Thiếu họ và tên", "people.name");
    }
    out.push_back(std::move(p));
  }
  return out;
}

Expected<Kind> read_kind(const json& item, const std::string& where) {
  const auto code = TRY(member_string(item, "kind", where, 32));
  if (code.empty()) return Kind::kien_nghi;
  const auto kind = parse_kind(code);
  if (!kind) {
    return invalid("unknown_kind",
                   "Loại ý kiến không hợp lệ (phan_anh, kien_nghi, de_xuat, gop_y, khieu_nai, "
                   "to_cao)",
                   where + "kind");
  }
  return *kind;
}

// An opinion as raised, from a JSON object (a village meeting's item, or the body of
// POST /opinions).
Expected<store::RaisedOpinion> read_raised(const json& item, const std::string& where,
                                           const std::string& recorded_by) {
  store::RaisedOpinion o;
  o.kind = TRY(read_kind(item, where));
  o.field_code = TRY(member_string(item, "field_code", where, 64));
  o.unit_code = TRY(member_string(item, "unit_code", where, 64));
  o.title = TRY(member_string(item, "title", where, 500));
  o.content = TRY(member_string(item, "content", where, 50000));
  if (o.content.find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid("required", "Cần nội dung ý kiến",
                   where.empty() ? "content" : where + ".content");
  }
  if (o.title.empty()) o.title = text::truncate_utf8(o.content, 200);
  if (const auto it = item.find("people"); it != item.end() && !it->is_null()) {
    o.people = TRY(read_people(*it));
  }
  if (const auto it = item.find("head_count"); it != item.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 100000) {
      return invalid("bad_head_count", "head_count phải là số nguyên dương", "head_count");
    }
    o.head_count = it->get<int>();
  }
  if (const auto it = item.find("matter_id"); it != item.end() && !it->is_null()) {
    if (!it->is_number_integer()) return invalid("wrong_type", "matter_id phải là số", "matter_id");
    o.matter_id = it->get<Id>();
  }
  o.recorded_by = recorded_by;
  return o;
}

// Retries a write that opens matters when a random tracking code clashes (rare).
template <typename F>
auto with_tracking_codes(F f) -> decltype(f()) {
  for (int attempt = 0;; ++attempt) {
    auto result = f();
    if (result.ok() || result.error().code != "tracking_code_taken" || attempt >= 4) {
      return result;
    }
  }
}

Expected<store::OutcomeCommand> read_outcome(const Body& body) {
  store::OutcomeCommand c;
  const auto code = TRY(body.optional_string("outcome", 32)).value_or("pending");
  const auto outcome = D::parse_outcome(code);
  if (!outcome) {
    return invalid("unknown_outcome",
                   "Hướng xử lý: pending, answered (trả lời trực tiếp), assigned (giao cơ quan), "
                   "forwarded (chuyển cấp trên)",
                   "outcome");
  }
  c.outcome = *outcome;
  c.answered_by = TRY(body.optional_string("answered_by", 200)).value_or("");
  c.answer_text = TRY(body.optional_string("answer_text", 50000)).value_or("");
  c.agency_code = TRY(body.optional_string("agency_code", 64)).value_or("");
  c.due_on = TRY(optional_date(body, "due_on"));
  c.note = TRY(body.optional_string("note", 2000)).value_or("");
  return c;
}

// ---- JSON ----

json dialogue_json(const store::Dialogue& d, const UnitTree& tree) {
  json board = json::array();
  for (const auto& b : d.board) board.push_back(json{{"name", b.name}, {"role", b.role}});
  json agenda = json::array();
  for (const auto& a : d.agenda) {
    agenda.push_back(json{{"field_code", opt_text(a.field_code)}, {"title", a.title}});
  }
  json actions = json::array();
  for (const auto a : D::allowed_actions(d.status)) actions.push_back(D::code(a));
  const Unit* unit = tree.find(d.unit_code);
  return json{{"id", d.id},
              {"title", d.title},
              {"host_name", d.host_name},
              {"host_title", d.host_title},
              {"host_agency_code", d.host_agency_code},
              {"unit_code", d.unit_code},
              {"unit_name", unit != nullptr ? json(unit->full_name()) : json(nullptr)},
              {"level", d.level},
              {"held_on", d.held_on.iso()},
              {"starts_at", d.starts_at},
              {"venue", d.venue},
              {"status", D::code(d.status)},
              {"status_name", D::name_vi(d.status)},
              {"allowed_actions", actions},
              {"registration_cap", opt_int(d.registration_cap)},
              {"registration_closes_on", opt_date(d.registration_closes_on)},
              {"registrations", d.registrations},
              {"attendance", d.attendance},
              {"opinions", d.opinions_counted()},
              {"opinions_recorded", d.opinions},
              {"opinions_reported", opt_int(d.opinions_reported)},
              {"summary", d.summary},
              {"board", board},
              {"agenda", agenda},
              {"generated", d.generated},
              {"demo", d.demo},
              {"version", d.version}};
}

json registration_json(const store::SpeakerRegistration& r) {
  return json{{"id", r.id},
              {"name", r.name},
              {"phone", opt_text(r.phone)},
              {"address", r.address},
              {"unit_code", opt_text(r.unit_code)},
              {"topic", r.topic},
              {"field_code", opt_text(r.field_code)},
              {"submission_id", r.submission_id ? json(*r.submission_id) : json(nullptr)},
              {"matter_id", r.matter_id ? json(*r.matter_id) : json(nullptr)},
              {"position", opt_int(r.position)},
              {"withdrawn", r.withdrawn},
              {"outcome", D::code(r.outcome)},
              {"outcome_name", D::name_vi(r.outcome)},
              {"by_staff", r.by_staff},
              {"registered_on", r.registered_on.iso()},
              {"demo", r.demo}};
}

json opinion_json(const store::Opinion& o, bool with_names) {
  json j{{"id", o.id},
         {"field_code", opt_text(o.field_code)},
         {"summary", o.summary},
         {"outcome", D::code(o.outcome)},
         {"outcome_name", D::name_vi(o.outcome)},
         {"agency_code", opt_text(o.agency_code)},
         {"due_on", opt_date(o.due_on)},
         {"matter_status", code(o.matter_status)},
         {"matter_status_name", name_vi(o.matter_status)},
         {"settled", o.settled}};
  if (with_names) {
    j["registration_id"] = o.registration_id ? json(*o.registration_id) : json(nullptr);
    j["submission_id"] = o.submission_id;
    j["matter_id"] = o.matter_id;
    j["speaker_name"] = o.speaker_name;
    j["answered_by"] = opt_text(o.answered_by);
    j["demo"] = o.demo;
  }
  return j;
}

json progress_json(const store::DialogueProgress& p) {
  return json{{"opinions", p.opinions},
              {"matters", p.matters},
              {"settled", p.settled},
              {"outstanding", p.outstanding},
              {"pending", p.pending},
              {"answered", p.answered},
              {"assigned", p.assigned},
              {"forwarded", p.forwarded},
              {"percent_settled", p.matters == 0 ? 100 : p.settled * 100 / p.matters}};
}

json record_json(const store::DialogueRecord& r, const UnitTree& tree) {
  json j = dialogue_json(r.dialogue, tree);
  json meetings = json::array();
  for (const auto& m : r.village_meetings) {
    const Unit* unit = tree.find(m.unit_code);
    meetings.push_back(
        json{{"id", m.id},
             {"unit_code", m.unit_code},
             {"unit_name", unit != nullptr ? json(unit->full_name()) : json(nullptr)},
             {"held_on", m.held_on.iso()},
             {"organisers", m.organisers},
             {"attendance", m.attendance},
             {"note", m.note},
             {"opinions", m.opinions},
             {"submission_ids", m.submission_ids}});
  }
  json registrations = json::array();
  for (const auto& reg : r.registrations) registrations.push_back(registration_json(reg));
  json opinions = json::array();
  for (const auto& o : r.opinions) opinions.push_back(opinion_json(o, true));
  j["village_meetings"] = meetings;
  j["registrations"] = registrations;
  j["opinions_list"] = opinions;
  j["progress"] = progress_json(r.progress);
  return j;
}

json public_dialogue_json(const store::Dialogue& d, const UnitTree& tree) {
  json j = dialogue_json(d, tree);
  for (const char* key : {"allowed_actions", "opinions_recorded", "version", "summary"}) {
    j.erase(key);
  }
  const bool open = d.status == D::Status::registration_open;
  D::RegistrationWindow w{d.status, d.held_on, d.registration_closes_on, d.registration_cap,
                          d.registrations};
  j["registration_open"] = open && !(D::closing_day(w) < today()) &&
                           !(d.registration_cap && d.registrations >= *d.registration_cap);
  j["registration_closing_day"] = D::closing_day(w).iso();
  return j;
}

Expected<store::DialogueQuery> read_list_query(const http::Request& request, const UnitTree& tree) {
  store::DialogueQuery q;
  if (const auto statuses = request.query_param("status")) {
    std::string_view rest = *statuses;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto s = D::parse_status(rest.substr(0, comma));
      if (!s) return invalid("unknown_status", "Trạng thái hội nghị không hợp lệ", "status");
      q.statuses.push_back(*s);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  if (const auto unit = request.query_param("unit")) {
    if (!tree.contains(*unit)) return invalid("unknown_unit", "Đơn vị không tồn tại", "unit");
    q.unit_code = *unit;
  }
  q.host_agency_code = request.query_param("host_agency").value_or("");
  q.from = TRY(query_date(request, "from"));
  q.to = TRY(query_date(request, "to"));
  if (q.from && q.to && *q.to < *q.from) {
    return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "to");
  }
  if (const auto g = request.query_param("generated")) q.include_generated = *g != "false";
  q.page = static_cast<int>(TRY(query_int(request, "page", 1, 100000)).value_or(1));
  q.per_page = static_cast<int>(TRY(query_int(request, "per_page", 1, 200)).value_or(20));
  return q;
}

Expected<store::DialogueCountQuery> read_count_query(const http::Request& request,
                                                     const UnitTree& tree) {
  store::DialogueCountQuery q;
  const auto from = TRY(query_date(request, "from"));
  const auto to = TRY(query_date(request, "to"));
  if (!from || !to) return invalid("required", "Cần from và to (YYYY-MM-DD)", from ? "to" : "from");
  if (*to < *from) return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "to");
  q.from = *from;
  q.to = *to;
  q.unit_code = request.query_param("unit").value_or("");
  if (!q.unit_code.empty() && !tree.contains(q.unit_code)) {
    return invalid("unknown_unit", "Đơn vị không tồn tại", "unit");
  }
  q.host_agency_code = request.query_param("host_agency").value_or("");
  if (const auto demo = request.query_param("demo")) q.include_demo = *demo != "false";
  return q;
}

json counts_json(const store::DialogueCounts& c) {
  return json{{"dialogues", c.dialogues}, {"attendance", c.attendance}, {"opinions", c.opinions}};
}

http::Response created(const json& body) {
  return json_response(201, body);
}

// The minutes (biên bản) of a held dialogue as DOCX or PDF, for staff who may read it.
Expected<http::Response> minutes(Services& services, http::Request& request, bool pdf) {
  const auto principal = TRY(authenticate(services.context, request));
  const Id id = TRY(dialogue_id(request));
  TRY(checked_dialogue(services, principal, id, Action::read_dialogue));
  auto& store = services.context.store;
  const auto record = TRY(store.dialogues().record(id));
  const auto tree = TRY(services.unit_tree());
  const auto agencies = TRY(store.agencies());
  const auto fields = TRY(store.fields());
  const auto document =
      TRY(report::dialogue_minutes(record, report::Reference{*tree, agencies, fields}));
  const std::string name = "bien-ban-doi-thoai-" + std::to_string(id) + "-" +
                           record.dialogue.held_on.iso() + (pdf ? ".pdf" : ".docx");
  if (pdf) return file_response(TRY(report::write_pdf(document)), kPdfType, name);
  return file_response(TRY(report::write_docx(document)), kDocxType, name);
}

}  // namespace

void register_dialogue_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  // ---- lists and counts ----

  router.get("/api/v1/dialogues",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto tree = TRY(services.unit_tree());
               auto q = TRY(read_list_query(request, *tree));
               if (q.unit_code.empty() && q.host_agency_code.empty()) {
                 q.unit_code = default_unit(principal);
               }
               permissions::Target target;
               if (!q.unit_code.empty()) target.unit_path = tree->path(q.unit_code);
               if (!q.host_agency_code.empty()) {
                 const auto agency = TRY(store.agency(q.host_agency_code));
                 target.agency_code = agency.code;
                 if (target.unit_path.empty()) target.unit_path = tree->path(agency.unit_code);
               }
               TRY(require(principal, Action::read_dialogue, target));
               const auto page = TRY(store.dialogues().list(q));
               json items = json::array();
               for (const auto& d : page.items) items.push_back(dialogue_json(d, *tree));
               return json_response(200, json{{"items", items},
                                              {"total", page.total},
                                              {"page", page.page},
                                              {"per_page", page.per_page}});
             }));

  router.get("/api/v1/dialogues/stats",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto tree = TRY(services.unit_tree());
               auto q = TRY(read_count_query(request, *tree));
               permissions::Target target;
               if (!q.unit_code.empty()) target.unit_path = tree->path(q.unit_code);
               if (!q.host_agency_code.empty()) {
                 const auto agency = TRY(store.agency(q.host_agency_code));
                 target.agency_code = agency.code;
                 if (target.unit_path.empty()) target.unit_path = tree->path(agency.unit_code);
               }
               TRY(require(principal, Action::read_reports, target));
               const auto total = TRY(store.dialogues().count(q));
               json by_host = json::array();
               for (const auto& h : TRY(store.dialogues().count_by_host(q))) {
                 json item = counts_json(h.counts);
                 item["host_agency_code"] = h.host_agency_code;
                 by_host.push_back(std::move(item));
               }
               json out = counts_json(total);
               out["from"] = q.from.iso();
               out["to"] = q.to.iso();
               out["by_host"] = by_host;
               return json_response(200, out);
             }));

  // ---- one dialogue ----

  router.post("/api/v1/dialogues",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const auto body = TRY(
                    Body::parse(request, {"title", "host_name", "host_title", "host_agency_code",
                                          "held_on", "starts_at", "venue", "registration_cap",
                                          "registration_closes_on", "board", "agenda", "summary"}));
                store::NewDialogue d;
                d.host_agency_code = TRY(body.string("host_agency_code", 64));
                const auto agency = store.agency(d.host_agency_code);
                if (!agency.ok()) {
                  return invalid("unknown_agency", "Không tìm thấy cơ quan: " + d.host_agency_code,
                                 "host_agency_code");
                }
                const auto tree = TRY(services.unit_tree());
                permissions::Target target;
                target.unit_path = tree->path(agency->unit_code);
                target.agency_code = agency->code;
                TRY(require(principal, Action::manage_dialogues, target));
                d.title = TRY(body.string("title", 500));
                d.host_name = TRY(body.string("host_name", 200));
                d.host_title = TRY(body.optional_string("host_title", 200)).value_or("");
                d.held_on = TRY(body.date("held_on"));
                d.starts_at = TRY(body.optional_string("starts_at", 5)).value_or("");
                d.venue = TRY(body.optional_string("venue", 500)).value_or("");
                d.registration_cap = TRY(optional_int(body, "registration_cap", 1, 10000));
                d.registration_closes_on = TRY(optional_date(body, "registration_closes_on"));
                if (const json* b = body.find("board")) d.board = TRY(read_board(*b));
                if (const json* a = body.find("agenda")) d.agenda = TRY(read_agenda(*a));
                d.summary = TRY(body.optional_string("summary", 20000)).value_or("");
                const auto created_d = TRY(store.dialogues().create(d, actor_of(principal)));
                return created(dialogue_json(created_d, *tree));
              }));

  router.get("/api/v1/dialogues/{id}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const Id id = TRY(dialogue_id(request));
               TRY(checked_dialogue(services, principal, id, Action::read_dialogue));
               const auto record = TRY(store.dialogues().record(id));
               const auto tree = TRY(services.unit_tree());
               return json_response(200, record_json(record, *tree));
             }));

  router.put("/api/v1/dialogues/{id}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const Id id = TRY(dialogue_id(request));
               const auto current =
                   TRY(checked_dialogue(services, principal, id, Action::manage_dialogues));
               const auto body = TRY(Body::parse(
                   request,
                   {"version", "title", "host_name", "host_title", "held_on", "starts_at", "venue",
                    "registration_cap", "registration_closes_on", "board", "agenda", "summary"}));
               store::DialogueEdit e;
               e.dialogue_id = id;
               e.expected_version =
                   TRY(optional_int(body, "version", 1, 1 << 30)).value_or(current.version);
               e.title = TRY(body.optional_string("title", 500));
               e.host_name = TRY(body.optional_string("host_name", 200));
               e.host_title = TRY(body.optional_string("host_title", 200));
               e.starts_at = TRY(body.optional_string("starts_at", 5));
               e.venue = TRY(body.optional_string("venue", 500));
               e.summary = TRY(body.optional_string("summary", 20000));
               e.held_on = TRY(optional_date(body, "held_on"));
               if (body.raw().contains("registration_cap")) {
                 e.registration_cap = TRY(optional_int(body, "registration_cap", 1, 10000));
               }
               if (body.raw().contains("registration_closes_on")) {
                 e.registration_closes_on = TRY(optional_date(body, "registration_closes_on"));
               }
               if (const json* b = body.find("board")) e.board = TRY(read_board(*b));
               if (const json* a = body.find("agenda")) e.agenda = TRY(read_agenda(*a));
               const auto after = TRY(store.dialogues().edit(e, actor_of(principal)));
               const auto tree = TRY(services.unit_tree());
               return json_response(200, dialogue_json(after, *tree));
             }));

  router.post(
      "/api/v1/dialogues/{id}/actions",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const Id id = TRY(dialogue_id(request));
        const auto current =
            TRY(checked_dialogue(services, principal, id, Action::manage_dialogues));
        const auto body = TRY(Body::parse(request, {"action", "version", "attendance", "note"}));
        const auto code = TRY(body.string("action", 32));
        const auto action = D::parse_action(code);
        if (!action) {
          return invalid("unknown_action", "Thao tác không tồn tại: \"" + code + "\"", "action");
        }
        store::DialogueCommand c;
        c.dialogue_id = id;
        c.action = *action;
        c.expected_version =
            TRY(optional_int(body, "version", 1, 1 << 30)).value_or(current.version);
        c.on = today();
        c.attendance = TRY(optional_int(body, "attendance", 0, 1000000));
        c.note = TRY(body.optional_string("note", 2000)).value_or("");
        const auto after = TRY(store.dialogues().apply(c, actor_of(principal)));
        const auto tree = TRY(services.unit_tree());
        return json_response(200, dialogue_json(after, *tree));
      }));

  router.get("/api/v1/dialogues/{id}/events",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const Id id = TRY(dialogue_id(request));
               TRY(checked_dialogue(services, principal, id, Action::read_events));
               store::EventQuery q;
               q.entity_type = "dialogue";
               q.entity_id = std::to_string(id);
               q.limit = static_cast<int>(TRY(query_int(request, "limit", 1, 500)).value_or(100));
               json items = json::array();
               for (const auto& e : TRY(store.events(q))) items.push_back(event_json(e));
               return json_response(200, json{{"items", items}});
             }));

  // Rendering a document takes a few milliseconds of CPU: the blocking pool.
  router.add(
      "GET", "/api/v1/dialogues/{id}/minutes.docx",
      handler([&services](http::Request& request) { return minutes(services, request, false); }),
      http::RouteOptions{true});
  router.add(
      "GET", "/api/v1/dialogues/{id}/minutes.pdf",
      handler([&services](http::Request& request) { return minutes(services, request, true); }),
      http::RouteOptions{true});

  // ---- preparation ----

  router.post(
      "/api/v1/dialogues/{id}/village-meetings",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const Id id = TRY(dialogue_id(request));
        TRY(checked_dialogue(services, principal, id, Action::record_dialogue));
        const auto body = TRY(Body::parse(
            request, {"unit_code", "held_on", "organisers", "attendance", "note", "opinions"}));
        store::NewVillageMeeting m;
        m.dialogue_id = id;
        m.unit_code = TRY(body.string("unit_code", 64));
        m.held_on = TRY(body.date("held_on"));
        if (body.find("organisers") != nullptr) m.organisers = TRY(body.string_array("organisers"));
        m.attendance = TRY(optional_int(body, "attendance", 0, 1000000)).value_or(0);
        m.note = TRY(body.optional_string("note", 5000)).value_or("");
        if (const json* list = body.find("opinions")) {
          if (!list->is_array()) {
            return invalid("wrong_type", "opinions phải là một danh sách", "opinions");
          }
          for (const auto& item : *list) {
            TRY(only_keys(item,
                          {"kind", "field_code", "unit_code", "title", "content", "people",
                           "head_count", "matter_id"},
                          "opinions"));
            m.opinions.push_back(TRY(read_raised(item, "opinions", principal.user.username)));
          }
        }
        const auto meeting = TRY(with_tracking_codes([&]() {
          for (auto& o : m.opinions) o.tracking_code = new_tracking_code();
          return store.dialogues().add_village_meeting(m, actor_of(principal));
        }));
        return created(json{{"id", meeting.id},
                            {"dialogue_id", meeting.dialogue_id},
                            {"unit_code", meeting.unit_code},
                            {"held_on", meeting.held_on.iso()},
                            {"organisers", meeting.organisers},
                            {"attendance", meeting.attendance},
                            {"opinions", meeting.opinions},
                            {"submission_ids", meeting.submission_ids}});
      }));

  router.post("/api/v1/dialogues/{id}/registrations",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const Id id = TRY(dialogue_id(request));
                TRY(checked_dialogue(services, principal, id, Action::record_dialogue));
                const auto body =
                    TRY(Body::parse(request, {"name", "phone", "address", "unit_code", "topic",
                                              "field_code", "submission_id", "registered_on"}));
                store::NewRegistration r;
                r.dialogue_id = id;
                r.name = TRY(body.string("name", 200));
                r.phone = TRY(body.optional_string("phone", 50)).value_or("");
                r.address = TRY(body.optional_string("address", 500)).value_or("");
                r.unit_code = TRY(body.optional_string("unit_code", 64)).value_or("");
                r.topic = TRY(body.string("topic", 2000));
                r.field_code = TRY(body.optional_string("field_code", 64)).value_or("");
                r.submission_id = TRY(optional_id(body, "submission_id"));
                r.registered_on = TRY(optional_date(body, "registered_on")).value_or(today());
                r.by_staff = true;
                r.recorded_by = principal.user.username;
                const auto reg = TRY(store.dialogues().register_speaker(r, actor_of(principal)));
                return created(registration_json(reg));
              }));

  router.post("/api/v1/dialogues/{id}/registrations/{rid}/withdraw",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const Id id = TRY(dialogue_id(request));
                const Id rid = TRY(path_id(request, "rid", "registration_not_found",
                                           "Không tìm thấy đăng ký phát biểu"));
                TRY(checked_dialogue(services, principal, id, Action::record_dialogue));
                const auto reg =
                    TRY(store.dialogues().withdraw_registration(id, rid, actor_of(principal)));
                return json_response(200, registration_json(reg));
              }));

  router.post(
      "/api/v1/dialogues/{id}/registrations/{rid}/outcome",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const Id id = TRY(dialogue_id(request));
        const Id rid = TRY(
            path_id(request, "rid", "registration_not_found", "Không tìm thấy đăng ký phát biểu"));
        TRY(checked_dialogue(services, principal, id, Action::record_dialogue));
        const auto body = TRY(Body::parse(request, {"outcome"}));
        const auto code = TRY(body.string("outcome", 32));
        const auto outcome = D::parse_speaker_outcome(code);
        if (!outcome || *outcome == D::SpeakerOutcome::pending) {
          return invalid("unknown_outcome", "Kết quả: spoke, absent hoặc not_reached", "outcome");
        }
        const auto reg =
            TRY(store.dialogues().set_speaker_outcome(id, rid, *outcome, actor_of(principal)));
        return json_response(200, registration_json(reg));
      }));

  router.put(
      "/api/v1/dialogues/{id}/order",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const Id id = TRY(dialogue_id(request));
        TRY(checked_dialogue(services, principal, id, Action::record_dialogue));
        const auto body = TRY(Body::parse(request, {"registration_ids"}));
        const json* list = body.find("registration_ids");
        if (list == nullptr || !list->is_array()) {
          return invalid("required", "Cần danh sách registration_ids theo thứ tự phát biểu",
                         "registration_ids");
        }
        std::vector<Id> ids;
        for (const auto& v : *list) {
          if (!v.is_number_integer()) {
            return invalid("wrong_type", "registration_ids phải là các số", "registration_ids");
          }
          ids.push_back(v.get<Id>());
        }
        const auto regs = TRY(store.dialogues().set_speaking_order(id, ids, actor_of(principal)));
        json items = json::array();
        for (const auto& r : regs) items.push_back(registration_json(r));
        return json_response(200, json{{"items", items}});
      }));

  // ---- at the conference ----

  router.post(
      "/api/v1/dialogues/{id}/opinions",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const Id id = TRY(dialogue_id(request));
        TRY(checked_dialogue(services, principal, id, Action::record_dialogue));
        const auto body = TRY(Body::parse(
            request,
            {"registration_id", "submission_id", "matter_id", "kind", "field_code", "unit_code",
             "title", "content", "people", "head_count", "speaker_name", "summary", "outcome",
             "answered_by", "answer_text", "agency_code", "due_on", "note"}));
        store::NewOpinion o;
        o.dialogue_id = id;
        o.registration_id = TRY(optional_id(body, "registration_id"));
        o.submission_id = TRY(optional_id(body, "submission_id"));
        if (body.find("content") != nullptr) {
          o.raised = TRY(read_raised(body.raw(), "", principal.user.username));
        } else if (!o.submission_id) {
          return invalid("required", "Cần nội dung ý kiến (content) hoặc submission_id", "content");
        }
        o.speaker_name = TRY(body.optional_string("speaker_name", 200)).value_or("");
        o.summary = TRY(body.optional_string("summary", 1000)).value_or("");
        o.outcome = TRY(read_outcome(body));
        o.on = today();
        const auto opinion = TRY(with_tracking_codes([&]() {
          if (o.raised) o.raised->tracking_code = new_tracking_code();
          return store.dialogues().record_opinion(o, actor_of(principal));
        }));
        return created(opinion_json(opinion, true));
      }));

  router.post(
      "/api/v1/dialogues/{id}/opinions/{oid}/outcome",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const Id id = TRY(dialogue_id(request));
        const Id oid = TRY(path_id(request, "oid", "opinion_not_found", "Không tìm thấy ý kiến"));
        TRY(checked_dialogue(services, principal, id, Action::record_dialogue));
        const auto body = TRY(Body::parse(
            request, {"outcome", "answered_by", "answer_text", "agency_code", "due_on", "note"}));
        const auto c = TRY(read_outcome(body));
        const auto opinion =
            TRY(store.dialogues().set_outcome(id, oid, c, today(), actor_of(principal)));
        return json_response(200, opinion_json(opinion, true));
      }));

  router.post("/api/v1/dialogues/{id}/attendance",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const Id id = TRY(dialogue_id(request));
                TRY(checked_dialogue(services, principal, id, Action::record_dialogue));
                const auto body = TRY(Body::parse(request, {"attendance"}));
                const auto attendance = TRY(optional_int(body, "attendance", 0, 1000000));
                if (!attendance) return invalid("required", "Cần số người tham dự", "attendance");
                const auto after =
                    TRY(store.dialogues().record_attendance(id, *attendance, actor_of(principal)));
                const auto tree = TRY(services.unit_tree());
                return json_response(200, dialogue_json(after, *tree));
              }));

  // ---- public ----

  router.get("/api/v1/public/dialogues",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto tree = TRY(services.unit_tree());
               auto q = TRY(read_list_query(request, *tree));
               const auto page = TRY(store.dialogues().list(q));
               json items = json::array();
               for (const auto& d : page.items) items.push_back(public_dialogue_json(d, *tree));
               return json_response(200, json{{"items", items},
                                              {"total", page.total},
                                              {"page", page.page},
                                              {"per_page", page.per_page}});
             }));

  router.get("/api/v1/public/dialogues/{id}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const Id id = TRY(dialogue_id(request));
               const auto record = TRY(store.dialogues().record(id));
               const auto tree = TRY(services.unit_tree());
               json j = public_dialogue_json(record.dialogue, *tree);
               json opinions = json::array();
               for (const auto& o : record.opinions) opinions.push_back(opinion_json(o, false));
               j["opinions_list"] = opinions;
               j["village_meetings"] = record.village_meetings.size();
               j["progress"] = progress_json(record.progress);
               return json_response(200, j);
             }));

  router.post(
      "/api/v1/public/dialogues/{id}/registrations",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        if (!services.public_submissions.try_take({"d:" + request.remote_address}, now_utc())) {
          return Error::make(ErrorKind::rate_limited, "too_many_submissions",
                             "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn, vui lòng thử lại "
                             "sau");
        }
        const Id id = TRY(dialogue_id(request));
        const auto body = TRY(
            Body::parse(request, {"name", "phone", "address", "unit_code", "topic", "field_code"}));
        store::NewRegistration r;
        r.dialogue_id = id;
        r.name = TRY(body.string("name", 200));
        r.phone = TRY(body.optional_string("phone", 50)).value_or("");
        r.address = TRY(body.optional_string("address", 500)).value_or("");
        r.unit_code = TRY(body.optional_string("unit_code", 64)).value_or("");
        r.topic = TRY(body.string("topic", 2000));
        r.field_code = TRY(body.optional_string("field_code", 64)).value_or("");
        r.registered_on = today();
        r.recorded_by = "public";
        const auto reg = TRY(store.dialogues().register_speaker(r, Actor{std::nullopt, "public"}));
        return created(json{{"registration_id", reg.id},
                            {"dialogue_id", reg.dialogue_id},
                            {"registered_on", reg.registered_on.iso()},
                            {"topic", reg.topic},
                            {"status", "registered"}});
      }));
}

}  // namespace doithoai::api
