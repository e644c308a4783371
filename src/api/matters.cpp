// /api/v1/matters: staff intake, queries, the lifecycle actions and the event log of a matter.
#include <set>

#include "api/internal.hpp"
#include "api/tracking_code.hpp"
#include "domain/text.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

using permissions::Action;

Actor actor_of(const auth::Principal& p) {
  return Actor{p.user.id, p.user.username};
}

permissions::Target matter_target(const UnitTree& tree, const store::Matter& m) {
  permissions::Target t;
  t.unit_path = tree.path(m.unit_code);
  t.agency_code = m.agency_code;
  t.handler = m.handler;
  return t;
}

}  // namespace

Scope scope_of(const auth::Principal& p, const UnitTree& tree) {
  Scope s;
  std::set<std::string> units, agencies;
  for (const auto& g : p.subject.grants) {
    if (!permissions::role_permits(g.role, Action::read_matter)) continue;
    if (g.scope_kind == Grant::ScopeKind::unit) {
      if (g.scope_is_root) s.everything = true;
      for (auto& c : tree.subtree(g.scope_code)) units.insert(std::move(c));
    } else {
      agencies.insert(g.scope_code);
      if (g.role != Role::officer) {
        for (auto& c : tree.subtree(g.agency_unit_code)) units.insert(std::move(c));
      }
    }
  }
  s.units.assign(units.begin(), units.end());
  s.agencies.assign(agencies.begin(), agencies.end());
  return s;
}

namespace {

Expected<std::vector<Person>> read_people(const Body& body) {
  const json* list = body.find("people");
  if (list == nullptr || !list->is_array() || list->empty()) {
    return invalid("required", "Cần ít nhất một người gửi (họ và tên)", "people");
  }
  if (list->size() > 500) return invalid("too_many", "Tối đa 500 người trong một lượt", "people");
  std::vector<Person> people;
  for (const auto& item : *list) {
    if (!item.is_object())
      return invalid("wrong_type", "Mỗi người gửi phải là một đối tượng", "people");
    Person p;
    for (const auto& [key, value] : item.items()) {
      if (value.is_null()) continue;
      if (!value.is_string()) {
        return invalid("wrong_type", "\"people." + key + "\" phải là chuỗi ký tự", "people." + key);
      }
      std::string v = text::nfc(value.get<std::string>());
      if (v.size() > 500)
        return invalid("too_long", "\"people." + key + "\" quá dài", "people." + key);
      if (key == "name")
        p.name = std::move(v);
      else if (key == "phone")
        p.phone = std::move(v);
      else if (key == "email")
        p.email = std::move(v);
      else if (key == "address")
        p.address = std::move(v);
      else if (key == "id_number")
        p.id_number = std::move(v);
      else
        return invalid("unknown_field", "Trường không được hỗ trợ: \"people." + key + "\"",
                       "people." + key);
    }
    if (p.name.find_first_not_of(" \t") == std::string::npos) {
      return invalid("required", "Thiếu họ và tên người gửi", "people.name");
    }
    people.push_back(std::move(p));
  }
  return people;
}

Expected<Kind> read_kind(const Body& body) {
  const auto code = TRY(body.string("kind", 32));
  const auto kind = parse_kind(code);
  if (!kind) {
    return invalid(
        "unknown_kind",
        "Loại vụ việc không hợp lệ (phan_anh, kien_nghi, de_xuat, gop_y, khieu_nai, to_cao)",
        "kind");
  }
  return *kind;
}

// Creates the matter with a fresh tracking code, trying again on the (rare) clash.
Expected<store::Matter> create_with_code(store::MatterStore& matters, store::NewMatter m,
                                         const Actor& actor) {
  for (int attempt = 0;; ++attempt) {
    m.tracking_code = new_tracking_code();
    auto created = matters.create(m, actor);
    if (created.ok() || created.error().code != "tracking_code_taken" || attempt >= 4) {
      return created;
    }
  }
}

Expected<store::MatterQuery> read_query(const http::Request& request, const UnitTree& tree) {
  store::MatterQuery q;
  if (const auto statuses = request.query_param("status")) {
    std::string_view rest = *statuses;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto code = rest.substr(0, comma);
      const auto s = parse_status(code);
      if (!s)
        return invalid("unknown_status", "Trạng thái không hợp lệ: \"" + std::string(code) + "\"",
                       "status");
      q.statuses.push_back(*s);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  if (const auto kind = request.query_param("kind")) {
    q.kind = parse_kind(*kind);
    if (!q.kind) return invalid("unknown_kind", "Loại vụ việc không hợp lệ", "kind");
  }
  if (const auto channel = request.query_param("channel")) {
    q.channel = parse_channel(*channel);
    if (!q.channel) return invalid("unknown_channel", "Kênh tiếp nhận không hợp lệ", "channel");
  }
  q.field_code = request.query_param("field").value_or("");
  q.agency_code = request.query_param("agency").value_or("");
  q.handler = request.query_param("handler").value_or("");
  if (const auto unit = request.query_param("unit")) {
    if (!tree.contains(*unit)) return invalid("unknown_unit", "Đơn vị không tồn tại", "unit");
    q.unit_codes = tree.rollup(*unit);
  }
  q.received_from = TRY(query_date(request, "received_from"));
  q.received_to = TRY(query_date(request, "received_to"));
  if (q.received_from && q.received_to && *q.received_to < *q.received_from) {
    return invalid("bad_period", "Ngày kết thúc phải sau ngày bắt đầu", "received_to");
  }
  const Date today = vietnam_date(now_utc());
  if (const auto overdue = request.query_param("overdue")) {
    if (*overdue == "true" || *overdue == "1") {
      q.overdue_on = today;
    } else if (*overdue != "false" && *overdue != "0") {
      return invalid("bad_flag", "overdue phải là true hoặc false", "overdue");
    }
  }
  if (const auto within = TRY(query_int(request, "due_within", 0, 365))) {
    q.due_by = today.plus_days(*within);
  }
  if (const auto sort = request.query_param("sort")) {
    if (*sort == "received_desc")
      q.sort = store::SortOrder::received_desc;
    else if (*sort == "received_asc")
      q.sort = store::SortOrder::received_asc;
    else if (*sort == "due")
      q.sort = store::SortOrder::due_asc;
    else if (*sort == "updated")
      q.sort = store::SortOrder::updated_desc;
    else
      return invalid("bad_sort", "sort: received_desc, received_asc, due hoặc updated", "sort");
  }
  q.text = TRY(read_search_text(request));
  q.page = static_cast<int>(TRY(query_int(request, "page", 1, 100000)).value_or(1));
  q.per_page = static_cast<int>(TRY(query_int(request, "per_page", 1, 100)).value_or(20));
  return q;
}

// Builds the store command from the request body, for the action named in it.
Expected<store::ActionCommand> read_command(const Body& body, lifecycle::Action action,
                                            const store::Matter& current) {
  store::ActionCommand c;
  c.matter_id = current.id;
  c.action = action;
  c.on = vietnam_date(now_utc());
  c.expected_version = current.version;
  if (const json* v = body.find("version")) {
    if (!v->is_number_integer())
      return invalid("wrong_type", "version phải là số nguyên", "version");
    c.expected_version = v->get<int>();
  }
  using A = lifecycle::Action;
  switch (action) {
    case A::classify:
      if (body.find("kind") != nullptr) c.kind = TRY(read_kind(body));
      c.field_code = TRY(body.optional_string("field_code", 64)).value_or("");
      c.unit_code = TRY(body.optional_string("unit_code", 64)).value_or("");
      if (!c.kind && c.field_code.empty() && c.unit_code.empty()) {
        return invalid("required", "Cần ít nhất một trong kind, field_code, unit_code",
                       "field_code");
      }
      break;
    case A::assign:
      c.agency_code = TRY(body.string("agency_code", 64));
      c.handler = TRY(body.optional_string("handler", 64)).value_or("");
      break;
    case A::answer:
    case A::answer_from_higher:
    case A::guide: {
      Answer a;
      a.form = action == A::guide ? "guide"
               : action == A::answer_from_higher
                   ? "from_higher"
                   : TRY(body.optional_string("form", 16)).value_or("written");
      if (a.form != "direct" && a.form != "written" && a.form != "from_higher" &&
          a.form != "guide") {
        return invalid("bad_form", "form phải là direct hoặc written", "form");
      }
      a.text = TRY(body.string("text", 50000));
      a.document_number = TRY(body.optional_string("document_number", 100)).value_or("");
      a.signed_by = TRY(body.optional_string("signed_by", 200)).value_or("");
      a.agency_code = TRY(body.optional_string("agency_code", 64)).value_or("");
      if (body.find("date") != nullptr) a.date = TRY(body.date("date"));
      if ((a.form == "written" || a.form == "guide") && a.document_number.empty()) {
        return invalid("required", "Văn bản cần có số hiệu", "document_number");
      }
      if (a.form == "written" && !a.date)
        return invalid("required", "Văn bản cần có ngày ban hành", "date");
      c.answer = std::move(a);
      break;
    }
    case A::refuse:
      c.ground = TRY(body.string("ground", 2000));
      break;
    case A::merge: {
      const json* into = body.find("into");
      if (into == nullptr || !into->is_number_integer()) {
        return invalid("required", "Cần mã số vụ việc được gộp vào: \"into\"", "into");
      }
      c.merge_into = into->get<Id>();
      break;
    }
    case A::extend:
      c.decision_number = TRY(body.string("decision_number", 100));
      break;
    default:
      break;
  }
  c.note = TRY(body.optional_string("note", 2000)).value_or("");
  return c;
}

Error not_allowed(const store::Matter& m, lifecycle::Action action) {
  std::string names;
  for (const auto a : lifecycle::allowed_actions(m.status, m.kind)) {
    if (!names.empty()) names += ", ";
    names += lifecycle::name_vi(a);
  }
  auto e = conflict("action_not_allowed",
                    "Không thể \"" + std::string(lifecycle::name_vi(action)) + "\" khi vụ việc " +
                        std::string(name_vi(m.status)) + "." +
                        (names.empty() ? "" : " Được phép: " + names + "."),
                    "action");
  return e;
}

}  // namespace

void register_matter_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.post(
      "/api/v1/matters",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const auto body =
            TRY(Body::parse(request, {"kind", "channel", "received_at", "unit_code", "field_code",
                                      "title", "content", "people", "head_count"}));
        const auto tree = TRY(services.unit_tree());
        store::NewMatter m;
        m.kind = TRY(read_kind(body));
        const auto channel = parse_channel(TRY(body.string("channel", 32)));
        if (!channel) return invalid("unknown_channel", "Kênh tiếp nhận không hợp lệ", "channel");
        m.unit_code = TRY(body.string("unit_code", 64));
        if (!tree->contains(m.unit_code))
          return invalid("unknown_unit", "Đơn vị không tồn tại: \"" + m.unit_code + "\"",
                         "unit_code");
        permissions::Target target;
        target.unit_path = tree->path(m.unit_code);
        TRY(require(principal, Action::create_matter, target));
        m.field_code = TRY(body.optional_string("field_code", 64)).value_or("");
        m.title = TRY(body.string("title", 500));
        m.submission.channel = *channel;
        m.submission.received_on = TRY(body.date("received_at"));
        m.submission.title = m.title;
        m.submission.content = TRY(body.string("content", 50000));
        m.submission.people = TRY(read_people(body));
        m.submission.head_count = static_cast<int>(m.submission.people.size());
        if (const json* h = body.find("head_count")) {
          if (!h->is_number_integer() || h->get<long long>() < 1 || h->get<long long>() > 100000) {
            return invalid("bad_head_count", "head_count phải là số nguyên dương", "head_count");
          }
          m.submission.head_count = h->get<int>();
        }
        m.submission.recorded_by = principal.user.username;
        const auto created =
            TRY(create_with_code(store.matters(), std::move(m), actor_of(principal)));
        index_similarity(store, created);
        const auto record = TRY(store.matters().get(created.id));
        return json_response(
            201, matter_record_json(record, *tree, !record.matter.identity_protected, {}));
      }));

  router.get("/api/v1/matters",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto tree = TRY(services.unit_tree());
               auto query = TRY(read_query(request, *tree));
               const auto scope = scope_of(principal, *tree);
               if (!scope.everything) {
                 if (scope.units.empty() && scope.agencies.empty()) {
                   return Error::make(ErrorKind::forbidden, "forbidden",
                                      "Tài khoản chưa được phân quyền xem vụ việc");
                 }
                 query.scope_units = scope.units;
                 query.scope_agencies = scope.agencies;
               }
               const auto page = TRY(store.matters().list(query));
               json items = json::array();
               for (const auto& m : page.items) items.push_back(matter_json(m, *tree));
               add_snippets(page, items);
               return json_response(200, json{{"items", items},
                                              {"total", page.total},
                                              {"page", page.page},
                                              {"per_page", page.per_page}});
             }));

  router.get("/api/v1/matters/{id}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto id = parse_int(request.path_param("id"));
               if (!id) return not_found("matter_not_found", "Không tìm thấy vụ việc");
               const auto tree = TRY(services.unit_tree());
               const auto record = TRY(store.matters().get(*id));
               const auto target = matter_target(*tree, record.matter);
               TRY(require(principal, Action::read_matter, target));
               // A denouncer's identity: only for the handler and authorised leaders, and each view
               // is an Event. Everyone else gets the matter with the people left out.
               bool show_people = true;
               if (record.matter.identity_protected) {
                 show_people = permissions::can(principal.subject, Action::view_identity, target);
                 if (show_people)
                   TRY(store.matters().record_identity_view(*id, actor_of(principal)));
               }
               store::EventQuery eq;
               eq.entity_type = "matter";
               eq.entity_id = std::to_string(*id);
               eq.limit = 200;
               const auto events = TRY(store.events(eq));
               return json_response(200, matter_record_json(record, *tree, show_people, events));
             }));

  router.get("/api/v1/matters/{id}/events",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto id = parse_int(request.path_param("id"));
               if (!id) return not_found("matter_not_found", "Không tìm thấy vụ việc");
               const auto tree = TRY(services.unit_tree());
               const auto record = TRY(store.matters().get(*id));
               TRY(require(principal, Action::read_events, matter_target(*tree, record.matter)));
               store::EventQuery eq;
               eq.entity_type = "matter";
               eq.entity_id = std::to_string(*id);
               eq.limit = static_cast<int>(TRY(query_int(request, "limit", 1, 500)).value_or(100));
               json items = json::array();
               for (const auto& e : TRY(store.events(eq))) items.push_back(event_json(e));
               return json_response(200, json{{"items", items}});
             }));

  router.post(
      "/api/v1/matters/{id}/actions",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const auto id = parse_int(request.path_param("id"));
        if (!id) return not_found("matter_not_found", "Không tìm thấy vụ việc");
        const auto body = TRY(Body::parse(
            request, {"action", "version", "kind", "field_code", "unit_code", "agency_code",
                      "handler", "form", "text", "document_number", "signed_by", "date", "ground",
                      "into", "decision_number", "rating", "note"}));
        const auto action_code = TRY(body.string("action", 32));
        const auto action = lifecycle::parse_action(action_code);
        if (!action)
          return invalid("unknown_action", "Thao tác không tồn tại: \"" + action_code + "\"",
                         "action");
        const auto tree = TRY(services.unit_tree());
        const auto record = TRY(store.matters().get(*id));
        const auto& current = record.matter;
        if (current.merged_into)
          return conflict("matter_merged", "Vụ việc đã được gộp vào vụ việc khác", "action");
        TRY(require(principal, lifecycle::permission_for(*action), matter_target(*tree, current)));
        if (*action == lifecycle::Action::rate) {
          return Error::make(ErrorKind::forbidden, "forbidden",
                             "Mức độ hài lòng do người gửi đánh giá qua mã tra cứu");
        }
        if (!lifecycle::next_status(current.status, *action, current.kind))
          return not_allowed(current, *action);
        auto command = TRY(read_command(body, *action, current));
        // Re-classifying into another unit must stay within the officer's scope too.
        if (!command.unit_code.empty()) {
          if (!tree->contains(command.unit_code))
            return invalid("unknown_unit", "Đơn vị không tồn tại", "unit_code");
          permissions::Target to = matter_target(*tree, current);
          to.unit_path = tree->path(command.unit_code);
          TRY(require(principal, lifecycle::permission_for(*action), to));
        }
        if (command.merge_into) {
          const auto other = TRY(store.matters().get(*command.merge_into));
          TRY(require(principal, Action::merge_matter, matter_target(*tree, other.matter)));
        }
        TRY(store.matters().apply(command, actor_of(principal)));
        const auto after = TRY(store.matters().get(*id));
        return json_response(
            200, matter_record_json(after, *tree, !after.matter.identity_protected, {}));
      }));
}

}  // namespace doithoai::api
