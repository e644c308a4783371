// Quản trị: the admin screens of the staff workspace. Administrative units as a tree with
// their history (creating one, and merging communes by decree: the old ones end the day before,
// the successor links let lists and reports roll them up), agencies, users (create, roles,
// lock), fields, deadline rules (versioned by date) and holidays. Every change goes through
// the Store's operations (each writes its Event) behind permissions::require, as the API's do.
#include <algorithm>
#include <functional>
#include <regex>

#include "domain/deadlines.hpp"
#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "store/store.hpp"
#include "web/format.hpp"
#include "web/internal.hpp"
#include "web/page_helpers.hpp"

namespace doithoai::web {

namespace {

using permissions::Action;

constexpr std::string_view kBase = "/can-bo/quan-tri";

Date today() {
  return vietnam_date(now_utc());
}

Actor actor_of(const auth::Principal& p) {
  return Actor{p.user.id, p.user.username};
}

std::string base(std::string_view rest) {
  return std::string(kBase).append(rest);
}

// What a post left behind, to show its form again with what was typed and the error.
struct Posted {
  std::string form;
  const Form* values = nullptr;
  const Error* error = nullptr;
};

// The form's data: {v: values, err: {field: message}, error: summary, open}. Error fields
// named otherwise by the store are mapped to the form's names by `aliases`.
Data form_data(Lang lang, const std::string& name, const Posted* p,
               const std::vector<std::pair<std::string, std::string>>& defaults,
               const std::vector<std::pair<std::string, std::string>>& aliases = {}) {
  const bool mine = p != nullptr && p->form == name;
  Data f, v, err;
  for (const auto& [key, fallback] : defaults) v.set(key, mine ? p->values->value(key) : fallback);
  if (mine && p->error != nullptr) {
    std::string field = p->error->field;
    for (const auto& [from, to] : aliases) {
      if (field == from) field = to;
    }
    const std::string key = "adm_label_" + field;
    const std::string label = has_msg(key) ? std::string(msg(lang, key)) : std::string();
    const auto text = field_error_message(lang, *p->error, label);
    if (!label.empty()) err.set(field, text);
    f.set("error", text);
  }
  f.set("v", v);
  f.set("err", err);
  f.set("open", mine);
  return f;
}

std::string value_of(const Posted* p, const std::string& form, std::string_view key,
                     const std::string& fallback = {}) {
  return p != nullptr && p->form == form ? p->values->value(key) : fallback;
}

Expected<void> check_code(const std::string& code, const std::string& field) {
  static const std::regex kCode("[A-Za-z0-9._-]{1,32}");
  if (!std::regex_match(code, kCode)) {
    return invalid("bad_code",
                   "Mã chỉ gồm chữ cái không dấu, số, '.', '_' hoặc '-' (tối đa 32 ký tự)", field);
  }
  return {};
}

// The sub-navigation of the admin screens.
List admin_tabs(Lang lang, std::string_view current) {
  static constexpr std::pair<std::string_view, std::string_view> kTabs[] = {
      {"/don-vi", "adm_units"},    {"/co-quan", "adm_agencies"}, {"/nguoi-dung", "adm_users"},
      {"/linh-vuc", "adm_fields"}, {"/thoi-han", "adm_rules"},   {"/ngay-nghi", "adm_holidays"},
  };
  List out;
  for (const auto& [path, key] : kTabs) {
    Data d;
    d.set("href", base(path));
    d.set("label", std::string(msg(lang, key)));
    d.set("current", path == current);
    out.push_back(d);
  }
  return out;
}

http::Response admin_render(Services& services, Page& page, std::string_view tmpl,
                            std::string_view tab, std::string_view title_key, Data d, int status) {
  d.set("tabs", admin_tabs(page.lang, tab));
  const std::string title(msg(page.lang, title_key));
  d.set("heading", title);
  if (const auto done = page.path.find("ok=1"); done != std::string::npos)
    page.flashes.emplace_back(msg(page.lang, "adm_saved"));
  page.section = "admin";
  return render(services, page, tmpl, d, title, status);
}

void reference_changed(Services& services) {
  if (services.context.reference_changed) services.context.reference_changed();
}

// A page handler that needs a signed-in user; the admin screens show only to admins, and
// every change is checked again by permissions::require with its target.
using PageFn = std::function<http::Response(Page&, const Reference&, const Posted*, int)>;

bool admin_anywhere(const auth::Principal& p) {
  return std::any_of(p.subject.grants.begin(), p.subject.grants.end(), [](const auto& g) {
    return permissions::role_permits(g.role, Action::manage_users);
  });
}

// GET: the page. POST: parse strictly, check CSRF, act; 303 back on success, or the page with
// the form open and the error.
void get_page(http::Router& router, Services& services, const std::string& path, const PageFn& fn) {
  router.get(path, [&services, fn](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    if (!admin_anywhere(*page.principal)) {
      return error_page(services, page,
                        Error::make(ErrorKind::forbidden, "forbidden",
                                    "Chỉ quản trị hệ thống được vào trang quản trị"));
    }
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    return fn(page, *ref, nullptr, 200);
  });
}

using ActFn = std::function<Expected<void>(Form&, const Page&, const Reference&)>;

// The common path of every admin post, after the form was parsed with its allowed names.
http::Response handle_post(Services& services, const http::Request& request, Expected<Form> form,
                           const std::string& form_name, const std::string& back, const ActFn& act,
                           const PageFn& fn) {
  auto page = page_for(services, request);
  if (!page.principal) {
    return error_page(services, page,
                      Error::make(ErrorKind::unauthorized, "not_authenticated",
                                  "Cần đăng nhập để thực hiện thao tác này"));
  }
  if (!form.ok()) return error_page(services, page, form.error());
  if (auto csrf = check_csrf(page, *form); !csrf.ok())
    return error_page(services, page, csrf.error());
  auto ref = reference(services);
  if (!ref.ok()) return error_page(services, page, ref.error());
  if (auto done = act(*form, page, *ref); !done.ok()) {
    if (done.error().kind == ErrorKind::forbidden) return error_page(services, page, done.error());
    auto fresh = reference(services);
    if (!fresh.ok()) return error_page(services, page, fresh.error());
    const Posted posted{form_name, &*form, &done.error()};
    return fn(page, *fresh, &posted, status_for(done.error().kind));
  }
  reference_changed(services);
  return redirect(back + (back.find('?') == std::string::npos ? "?" : "&") + "ok=1");
}

// ---- units ----------------------------------------------------------------------------------

std::string level_name(const Reference& ref, const std::string& code) {
  for (const auto& l : ref.levels) {
    if (l.code == code) return l.name;
  }
  return code;
}

List level_options(const Reference& ref, const std::string& selected) {
  List out;
  for (const auto& l : ref.levels) out.push_back(option(l.code, l.name, l.code == selected));
  return out;
}

// The tree, depth first, in Vietnamese order at each level; ended units stay in place with
// their end date and successor.
void tree_rows(Lang lang, const Reference& ref, const std::string& code, int depth, List& out) {
  const Unit* u = ref.tree.find(code);
  if (u == nullptr) return;
  Data d;
  d.set("code", u->code);
  d.set("name", u->full_name());
  d.set("level", level_name(ref, u->level));
  d.set("depth", std::to_string(std::min(depth, 5)));
  d.set("from", format_date(u->valid_from));
  if (u->valid_to) {
    d.set("to", format_date(*u->valid_to));
    d.set("ended", true);
  }
  std::string successors, predecessors;
  for (const auto& c : u->successor_codes)
    successors.append(successors.empty() ? "" : ", ").append(ref.unit_name(c));
  for (const auto& c : u->predecessor_codes)
    predecessors.append(predecessors.empty() ? "" : ", ").append(ref.unit_name(c));
  if (!successors.empty()) d.set("successors", msg(lang, "adm_unit_merged_into", {successors}));
  if (!predecessors.empty())
    d.set("predecessors", msg(lang, "adm_unit_merged_from", {predecessors}));
  if (u->sample) d.set("sample", true);
  out.push_back(d);
  auto children = ref.tree.children(code);
  std::sort(children.begin(), children.end(), [&ref](const std::string& a, const std::string& b) {
    const Unit* x = ref.tree.find(a);
    const Unit* y = ref.tree.find(b);
    // Current units first, then those that ended.
    if (x->valid_to.has_value() != y->valid_to.has_value()) return !x->valid_to.has_value();
    return text::compare_vi(x->name, y->name) < 0;
  });
  for (const auto& c : children) tree_rows(lang, ref, c, depth + 1, out);
}

http::Response units_page(Services& services, Page& page, const Reference& ref, const Posted* p,
                          int status) {
  const Lang lang = page.lang;
  Data d;
  List rows;
  std::vector<const Unit*> roots;
  for (const auto& u : ref.units) {
    if (!u.parent_code) roots.push_back(&u);
  }
  for (const Unit* r : roots) tree_rows(lang, ref, r->code, 0, rows);
  d.set("rows", rows);
  d.set("count",
        msg(lang, "adm_units_count", {format_number(static_cast<std::int64_t>(ref.units.size()))}));
  const std::string t = today().vi();
  Data unit =
      form_data(lang, "unit", p, {{"code", ""}, {"type_name", ""}, {"name", ""}, {"valid_from", t}},
                {{"parent_code", "parent_code"}});
  unit.set("levels", level_options(ref, value_of(p, "unit", "level", "commune")));
  unit.set("parents", unit_options(lang, ref, value_of(p, "unit", "parent_code"), today(), false));
  d.set("f_unit", unit);
  Data merge = form_data(lang, "merge", p,
                         {{"into_code", ""},
                          {"into_type_name", "xã"},
                          {"into_name", ""},
                          {"effective", t},
                          {"decision", ""}},
                         {{"from_codes", "from_1"},
                          {"valid_from", "effective"},
                          {"code", "into_code"},
                          {"name", "into_name"},
                          {"type_name", "into_type_name"},
                          {"level", "into_level"},
                          {"parent_code", "into_parent"}});
  List froms;
  for (int i = 1; i <= 4; ++i) {
    const std::string key = "from_" + std::to_string(i);
    Data x;
    x.set("key", key);
    x.set("n", std::to_string(i));
    x.set("units", unit_options(lang, ref, value_of(p, "merge", key), today(), false));
    x.set("required", i <= 2);
    froms.push_back(x);
  }
  merge.set("froms", froms);
  merge.set("levels", level_options(ref, value_of(p, "merge", "into_level", "commune")));
  merge.set("parents",
            unit_options(lang, ref, value_of(p, "merge", "into_parent"), today(), false));
  d.set("f_merge", merge);
  return admin_render(services, page, "admin_units", "/don-vi", "adm_units", d, status);
}

Expected<permissions::Target> unit_target(const Reference& ref, const std::string& code) {
  if (code.empty()) return permissions::Target{};
  if (!ref.tree.contains(code))
    return invalid("unknown_unit", "Đơn vị hành chính không tồn tại", "parent_code");
  permissions::Target t;
  t.unit_path = ref.tree.path(code);
  return t;
}

Expected<void> check_level(const Reference& ref, const std::string& level,
                           const std::string& field) {
  for (const auto& l : ref.levels) {
    if (l.code == level) return {};
  }
  return invalid("unknown_level", "Cấp đơn vị hành chính không tồn tại", field);
}

Expected<void> create_unit(Services& services, Form& form, const Page& page, const Reference& ref) {
  form.accept_vietnamese_date("valid_from");
  Unit u;
  u.code = text::nfc(TRY(form.string("code", 32)));
  TRY(check_code(u.code, "code"));
  u.type_name = text::nfc(TRY(form.string("type_name", 50)));
  u.name = text::nfc(TRY(form.string("name", 200)));
  u.level = TRY(form.string("level", 32));
  TRY(check_level(ref, u.level, "level"));
  if (auto parent = TRY(form.optional_string("parent_code", 32)); parent && !parent->empty())
    u.parent_code = *parent;
  u.valid_from = TRY(form.optional_date("valid_from")).value_or(today());
  TRY(permissions::require(page.principal->subject, Action::manage_units,
                           TRY(unit_target(ref, u.parent_code.value_or("")))));
  TRY(services.context.store.add_unit(u, actor_of(*page.principal)));
  return {};
}

Expected<void> merge_units(Services& services, Form& form, const Page& page, const Reference& ref) {
  form.accept_vietnamese_date("effective");
  const auto& subject = page.principal->subject;
  UnitMerger merger;
  for (int i = 1; i <= 4; ++i) {
    const std::string key = "from_" + std::to_string(i);
    const auto code = TRY(form.optional_string(key, 32)).value_or("");
    if (code.empty()) continue;
    if (!ref.tree.contains(code))
      return invalid("unknown_unit", "Đơn vị hành chính không tồn tại", key);
    TRY(permissions::require(subject, Action::manage_units, TRY(unit_target(ref, code))));
    merger.from_codes.push_back(code);
  }
  if (merger.from_codes.empty())
    return invalid("required", "Cần chọn ít nhất một đơn vị được sáp nhập", "from_1");
  Unit& into = merger.into;
  into.code = text::nfc(TRY(form.string("into_code", 32)));
  TRY(check_code(into.code, "into_code"));
  if (const Unit* existing = ref.tree.find(into.code)) {
    // Merging into a unit that goes on: it keeps its name, level and parent.
    into.name = existing->name;
    into.type_name = existing->type_name;
    into.level = existing->level;
    into.parent_code = existing->parent_code;
  } else {
    into.type_name = text::nfc(TRY(form.string("into_type_name", 50)));
    into.name = text::nfc(TRY(form.string("into_name", 200)));
    into.level = TRY(form.string("into_level", 32));
    TRY(check_level(ref, into.level, "into_level"));
    if (auto parent = TRY(form.optional_string("into_parent", 32)); parent && !parent->empty())
      into.parent_code = *parent;
  }
  into.valid_from = TRY(form.date("effective"));
  merger.decision = text::nfc(TRY(form.string("decision", 500)));
  TRY(permissions::require(subject, Action::manage_units,
                           TRY(unit_target(ref, into.parent_code.value_or("")))));
  TRY(services.context.store.merge_units(merger, actor_of(*page.principal)));
  return {};
}

// ---- agencies -------------------------------------------------------------------------------

constexpr std::string_view kAgencyKinds[] = {
    "party_committee", "people_committee", "fatherland_front", "council",
    "party_board",     "inspectorate",     "office",           "department"};

http::Response agencies_page(Services& services, Page& page, const Reference& ref, const Posted* p,
                             int status) {
  const Lang lang = page.lang;
  std::vector<const Agency*> sorted;
  for (const auto& a : ref.agencies) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(), [&ref](const Agency* a, const Agency* b) {
    if (a->unit_code != b->unit_code) {
      const auto pa = ref.tree.path(a->unit_code).size(), pb = ref.tree.path(b->unit_code).size();
      if (pa != pb) return pa < pb;
      return text::compare_vi(ref.unit_name(a->unit_code), ref.unit_name(b->unit_code)) < 0;
    }
    return text::compare_vi(a->name, b->name) < 0;
  });
  List rows;
  for (const Agency* a : sorted) {
    Data d;
    d.set("code", a->code);
    d.set("name", a->name);
    d.set("kind", std::string(msg(lang, "agency_kind_" + a->kind)));
    d.set("unit", ref.unit_name(a->unit_code));
    if (a->parent_code) d.set("parent", ref.agency_name(*a->parent_code));
    if (a->valid_to) d.set("to", format_date(*a->valid_to));
    rows.push_back(d);
  }
  Data d;
  d.set("rows", rows);
  d.set("count",
        msg(lang, "adm_agencies_count", {format_number(static_cast<std::int64_t>(rows.size()))}));
  Data f = form_data(lang, "agency", p, {{"code", ""}, {"name", ""}}, {{"unit_code", "unit_code"}});
  List kinds;
  const auto kind = value_of(p, "agency", "kind", "department");
  for (const auto k : kAgencyKinds)
    kinds.push_back(
        option(std::string(k), std::string(msg(lang, "agency_kind_" + std::string(k))), k == kind));
  f.set("kinds", kinds);
  f.set("units", unit_options(lang, ref, value_of(p, "agency", "unit_code"), today(), false));
  List parents;
  const auto parent = value_of(p, "agency", "parent_code");
  for (const Agency* a : sorted) {
    if (!a->valid_to) parents.push_back(option(a->code, a->name, a->code == parent));
  }
  f.set("parents", parents);
  d.set("f_agency", f);
  return admin_render(services, page, "admin_agencies", "/co-quan", "adm_agencies", d, status);
}

Expected<void> create_agency(Services& services, Form& form, const Page& page,
                             const Reference& ref) {
  Agency a;
  a.code = text::nfc(TRY(form.string("code", 32)));
  TRY(check_code(a.code, "code"));
  a.name = text::nfc(TRY(form.string("name", 300)));
  a.kind = TRY(form.string("kind", 32));
  if (std::find(std::begin(kAgencyKinds), std::end(kAgencyKinds), a.kind) == std::end(kAgencyKinds))
    return invalid("unknown_kind", "Loại cơ quan không hợp lệ", "kind");
  a.unit_code = TRY(form.string("unit_code", 32));
  if (!ref.tree.contains(a.unit_code))
    return invalid("unknown_unit", "Đơn vị hành chính không tồn tại", "unit_code");
  if (auto parent = TRY(form.optional_string("parent_code", 32)); parent && !parent->empty())
    a.parent_code = *parent;
  permissions::Target target;
  target.unit_path = ref.tree.path(a.unit_code);
  TRY(permissions::require(page.principal->subject, Action::manage_agencies, target));
  TRY(services.context.store.add_agency(a, actor_of(*page.principal)));
  return {};
}

// ---- users ----------------------------------------------------------------------------------

std::string grant_words(Lang lang, const Grant& g, const Reference& ref) {
  return role_name(lang, g.role) + " · " +
         (g.scope_kind == Grant::ScopeKind::agency ? ref.agency_name(g.scope_code)
                                                   : ref.unit_name(g.scope_code));
}

Expected<permissions::Target> grant_target(const Reference& ref, const Grant& g) {
  permissions::Target t;
  if (g.scope_kind == Grant::ScopeKind::unit) {
    if (!ref.tree.contains(g.scope_code))
      return invalid("unknown_unit", "Đơn vị hành chính không tồn tại", "unit_code");
    t.unit_path = ref.tree.path(g.scope_code);
    return t;
  }
  for (const auto& a : ref.agencies) {
    if (a.code == g.scope_code) {
      t.unit_path = ref.tree.path(a.unit_code);
      t.agency_code = a.code;
      return t;
    }
  }
  return invalid("unknown_agency", "Cơ quan không tồn tại", "agency_code");
}

List role_options(Lang lang, const std::string& selected) {
  List out;
  for (const auto r : permissions::all_roles()) {
    const std::string c(permissions::role_code(r));
    out.push_back(option(c, role_name(lang, r), c == selected));
  }
  return out;
}

// Agencies with no end date (and the selected one).
List agency_options_all(const Reference& ref, const std::string& selected) {
  return helpers::agency_options_if(ref, selected, [](const Agency& a) { return !a.valid_to; });
}

// The role, scope kind and unit or agency of a grant form.
Expected<Grant> read_grant(const Form& form) {
  Grant g;
  const auto role = permissions::parse_role(TRY(form.string("role", 32)));
  if (!role) return invalid("unknown_role", "Vai trò không hợp lệ", "role");
  g.role = *role;
  const auto kind = TRY(form.string("scope", 16));
  if (kind == "agency") {
    g.scope_kind = Grant::ScopeKind::agency;
    g.scope_code = TRY(form.optional_string("agency_code", 32)).value_or("");
    if (g.scope_code.empty()) return invalid("required", "Cần chọn cơ quan", "agency_code");
  } else if (kind == "unit") {
    g.scope_code = TRY(form.optional_string("unit_code", 32)).value_or("");
    if (g.scope_code.empty()) return invalid("required", "Cần chọn đơn vị hành chính", "unit_code");
  } else {
    return invalid("bad_scope", "Phạm vi là đơn vị hoặc cơ quan", "scope");
  }
  return g;
}

void grant_form(Lang lang, Data& f, const Reference& ref, const Posted* p,
                const std::string& name) {
  f.set("roles", role_options(lang, value_of(p, name, "role", "officer")));
  const auto scope = value_of(p, name, "scope", "unit");
  f.set("scope_unit", scope != "agency");
  f.set("scope_agency", scope == "agency");
  f.set("units", unit_options(lang, ref, value_of(p, name, "unit_code"), today(), false));
  f.set("agencies", agency_options_all(ref, value_of(p, name, "agency_code")));
}

http::Response users_page(Services& services, Page& page, const Reference& ref, const Posted* p,
                          int status) {
  const Lang lang = page.lang;
  auto users = services.context.store.users();
  if (!users.ok()) return error_page(services, page, users.error());
  std::sort(users->begin(), users->end(),
            [](const User& a, const User& b) { return a.username < b.username; });
  List rows;
  for (const auto& u : *users) {
    Data d;
    d.set("id", std::to_string(u.id));
    d.set("href", base("/nguoi-dung/") + std::to_string(u.id));
    d.set("username", u.username);
    d.set("display_name", u.display_name);
    List grants;
    for (const auto& g : u.grants) grants.emplace_back(grant_words(lang, g, ref));
    d.set("grants", grants);
    d.set("active", u.active);
    rows.push_back(d);
  }
  Data d;
  d.set("rows", rows);
  d.set("count",
        msg(lang, "adm_users_count", {format_number(static_cast<std::int64_t>(rows.size()))}));
  Data f = form_data(lang, "user", p, {{"username", ""}, {"display_name", ""}});
  grant_form(lang, f, ref, p, "user");
  d.set("f_user", f);
  return admin_render(services, page, "admin_users", "/nguoi-dung", "adm_users", d, status);
}

Expected<void> create_user(Services& services, Form& form, const Page& page, const Reference& ref) {
  User u;
  u.username = TRY(form.string("username", 64));
  TRY(check_code(u.username, "username"));
  u.display_name = text::nfc(TRY(form.optional_string("display_name", 200)).value_or(""));
  if (u.display_name.empty()) u.display_name = u.username;
  const auto password = TRY(form.string("password", 200));
  if (password.size() < 10)
    return invalid("password_too_short", "Mật khẩu cần ít nhất 10 ký tự", "password");
  const Grant g = TRY(read_grant(form));
  TRY(permissions::require(page.principal->subject, Action::manage_users,
                           TRY(grant_target(ref, g))));
  u.grants.push_back(g);
  TRY(services.context.auth.create_user(u, password, actor_of(*page.principal)));
  return {};
}

Expected<User> user_of(Services& services, const std::string& id_text) {
  if (id_text.empty() || id_text.size() > 15 ||
      !std::all_of(id_text.begin(), id_text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return not_found("user_not_found", "Không tìm thấy người dùng");
  return services.context.store.user_by_id(std::stoll(id_text));
}

// Changing a user needs manage_users over every grant they hold (and any new one).
Expected<void> may_manage(const Page& page, const Reference& ref, const User& u) {
  for (const auto& g : u.grants)
    TRY(permissions::require(page.principal->subject, Action::manage_users,
                             TRY(grant_target(ref, g))));
  if (u.grants.empty())
    TRY(permissions::require(page.principal->subject, Action::manage_users, {}));
  return {};
}

http::Response user_page(Services& services, Page& page, const Reference& ref, const User& u,
                         const Posted* p, int status) {
  const Lang lang = page.lang;
  Data d;
  d.set("id", std::to_string(u.id));
  d.set("username", u.username);
  d.set("display_name", u.display_name);
  d.set("active", u.active);
  d.set("self", page.principal->user.id == u.id);
  d.set("created", format_datetime(u.created_at));
  List grants;
  for (std::size_t i = 0; i < u.grants.size(); ++i) {
    Data g;
    g.set("index", std::to_string(i));
    g.set("words", grant_words(lang, u.grants[i], ref));
    grants.push_back(g);
  }
  d.set("grants", grants);
  d.set("action", base("/nguoi-dung/") + std::to_string(u.id));
  Data f = form_data(lang, "grant", p, {});
  grant_form(lang, f, ref, p, "grant");
  d.set("f_grant", f);
  d.set("f_state", form_data(lang, "state", p, {}));
  return admin_render(services, page, "admin_user", "/nguoi-dung", "adm_user", d, status);
}

// ---- fields ---------------------------------------------------------------------------------

http::Response fields_page(Services& services, Page& page, const Reference& ref, const Posted* p,
                           int status) {
  const Lang lang = page.lang;
  std::vector<const Field*> sorted;
  for (const auto& f : ref.fields) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(), [](const Field* a, const Field* b) {
    return a->sort_order != b->sort_order ? a->sort_order < b->sort_order : a->code < b->code;
  });
  List rows;
  int last_order = 0;
  for (const Field* f : sorted) {
    Data d;
    d.set("code", f->code);
    d.set("name", f->name);
    if (f->parent_code) d.set("parent", ref.field_name(*f->parent_code));
    d.set("sort_order", std::to_string(f->sort_order));
    d.set("active", f->active);
    d.set("toggle_href", base("/linh-vuc/") + percent_encode(f->code));
    rows.push_back(d);
    last_order = std::max(last_order, f->sort_order);
  }
  Data d;
  d.set("rows", rows);
  d.set("count",
        msg(lang, "adm_fields_count", {format_number(static_cast<std::int64_t>(rows.size()))}));
  Data f = form_data(lang, "field", p,
                     {{"code", ""}, {"name", ""}, {"sort_order", std::to_string(last_order + 10)}});
  f.set("parents", field_options(ref.fields, value_of(p, "field", "parent_code")));
  d.set("f_field", f);
  d.set("f_toggle", form_data(lang, "toggle", p, {}));
  return admin_render(services, page, "admin_fields", "/linh-vuc", "adm_fields", d, status);
}

Expected<void> create_field(Services& services, Form& form, const Page& page, const Reference&) {
  Field f;
  f.code = text::nfc(TRY(form.string("code", 32)));
  TRY(check_code(f.code, "code"));
  f.name = text::nfc(TRY(form.string("name", 200)));
  if (auto parent = TRY(form.optional_string("parent_code", 32)); parent && !parent->empty())
    f.parent_code = *parent;
  const auto order = TRY(form.integer("sort_order")).value_or(0);
  if (order < 0 || order > 100000)
    return invalid("bad_sort_order", "Thứ tự là số từ 0 đến 100.000", "sort_order");
  f.sort_order = static_cast<int>(order);
  TRY(permissions::require(page.principal->subject, Action::manage_fields, {}));
  TRY(services.context.store.add_field(f, actor_of(*page.principal)));
  return {};
}

// ---- deadline rules -------------------------------------------------------------------------

http::Response rules_page(Services& services, Page& page, const Reference&, const Posted* p,
                          int status) {
  const Lang lang = page.lang;
  auto rules = services.context.store.matters().deadline_rules();
  if (!rules.ok()) return error_page(services, page, rules.error());
  std::sort(rules->begin(), rules->end(), [](const deadlines::Rule& a, const deadlines::Rule& b) {
    const auto ka = a.kind ? std::string(code(*a.kind)) : std::string("*");
    const auto kb = b.kind ? std::string(code(*b.kind)) : std::string("*");
    if (ka != kb) return ka < kb;
    if (a.step != b.step) return a.step < b.step;
    return a.valid_from > b.valid_from;
  });
  List rows;
  for (const auto& r : *rules) {
    Data d;
    d.set("kind", r.kind ? name_of(lang, *r.kind) : std::string(msg(lang, "adm_every_kind")));
    d.set("step", step_name(lang, r.step));
    d.set("days",
          msg(lang,
              r.count == deadlines::DayCount::working ? "adm_working_days" : "adm_calendar_days",
              {format_number(r.days)}));
    d.set("from",
          std::string(msg(lang, r.from == deadlines::Anchor::received ? "adm_from_received"
                                                                      : "adm_from_accepted")));
    if (r.max_extensions > 0)
      d.set("extension", msg(lang, "adm_extension",
                             {format_number(r.extension_days), format_number(r.max_extensions)}));
    d.set("valid_from", format_date(r.valid_from));
    d.set("source", r.source);
    d.set("unconfirmed", !r.confirmed);
    rows.push_back(d);
  }
  Data d;
  d.set("rows", rows);
  d.set("count",
        msg(lang, "adm_rules_count", {format_number(static_cast<std::int64_t>(rows.size()))}));
  Data f = form_data(lang, "rule", p,
                     {{"days", ""},
                      {"extension_days", "0"},
                      {"max_extensions", "0"},
                      {"valid_from", today().vi()},
                      {"source", ""}});
  const auto kind = value_of(p, "rule", "kind", "*");
  List kinds{option("*", std::string(msg(lang, "adm_every_kind")), kind == "*")};
  for (auto& k : kind_options(lang, kind)) kinds.push_back(k);
  f.set("kinds", kinds);
  const auto step = value_of(p, "rule", "step", "resolve");
  List steps;
  for (const auto* s : {"notify", "accept", "resolve"})
    steps.push_back(option(s, step_name(lang, s), step == s));
  f.set("steps", steps);
  const auto count = value_of(p, "rule", "count", "working");
  f.set(
      "counts",
      List{option("working", std::string(msg(lang, "adm_count_working")), count == "working"),
           option("calendar", std::string(msg(lang, "adm_count_calendar")), count == "calendar")});
  const auto from = value_of(p, "rule", "from", "received");
  f.set("froms",
        List{option("received", std::string(msg(lang, "adm_from_received")), from == "received"),
             option("accepted", std::string(msg(lang, "adm_from_accepted")), from == "accepted")});
  d.set("f_rule", f);
  return admin_render(services, page, "admin_rules", "/thoi-han", "adm_rules", d, status);
}

Expected<void> create_rule(Services& services, Form& form, const Page& page, const Reference&) {
  form.accept_vietnamese_date("valid_from");
  deadlines::Rule r;
  const auto kind = TRY(form.string("kind", 32));
  if (kind != "*") {
    r.kind = parse_kind(kind);
    if (!r.kind) return invalid("unknown_kind", "Loại vụ việc không hợp lệ", "kind");
  }
  r.step = TRY(form.string("step", 16));
  const auto days = TRY(form.integer("days"));
  if (!days) return invalid("required", "Thiếu số ngày", "days");
  if (*days < 1 || *days > 3650) return invalid("bad_days", "Số ngày từ 1 đến 3.650", "days");
  r.days = static_cast<int>(*days);
  const auto count = TRY(form.string("count", 16));
  if (count != "working" && count != "calendar")
    return invalid("bad_count", "Cách tính ngày không hợp lệ", "count");
  r.count = count == "working" ? deadlines::DayCount::working : deadlines::DayCount::calendar;
  const auto from = TRY(form.string("from", 16));
  if (from != "received" && from != "accepted")
    return invalid("bad_anchor", "Mốc tính không hợp lệ", "from");
  r.from = from == "received" ? deadlines::Anchor::received : deadlines::Anchor::accepted;
  const auto ext = TRY(form.integer("extension_days")).value_or(0);
  const auto max_ext = TRY(form.integer("max_extensions")).value_or(0);
  if (ext < 0 || ext > 3650)
    return invalid("bad_days", "Số ngày gia hạn không hợp lệ", "extension_days");
  if (max_ext < 0 || max_ext > 10)
    return invalid("bad_extensions", "Số lần gia hạn từ 0 đến 10", "max_extensions");
  r.extension_days = static_cast<int>(ext);
  r.max_extensions = static_cast<int>(max_ext);
  r.valid_from = TRY(form.date("valid_from"));
  r.source = text::nfc(TRY(form.string("source", 500)));
  r.confirmed = true;
  TRY(permissions::require(page.principal->subject, Action::manage_deadline_rules, {}));
  TRY(deadlines::validate(r));
  TRY(services.context.store.matters().add_deadline_rule(r, actor_of(*page.principal)));
  return {};
}

// ---- holidays -------------------------------------------------------------------------------

int year_param(const http::Request& request) {
  const auto raw = request.query_param("nam").value_or("");
  if (raw.size() == 4 &&
      std::all_of(raw.begin(), raw.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::stoi(raw);
  return today().year;
}

http::Response holidays_page(Services& services, Page& page, const Reference&, const Posted* p,
                             int status, int year) {
  const Lang lang = page.lang;
  auto holidays = services.context.store.holidays(Date{year, 1, 1}, Date{year, 12, 31});
  if (!holidays.ok()) return error_page(services, page, holidays.error());
  List rows;
  for (const auto& h : *holidays) {
    Data d;
    d.set("date", format_date(h.date));
    d.set("iso", h.date.iso());
    d.set("weekday", std::string(msg(lang, "weekday_" + std::to_string(h.date.weekday()))));
    d.set("name", h.name);
    d.set("working_day", h.working_day);
    d.set("source", h.source);
    rows.push_back(d);
  }
  Data d;
  d.set("rows", rows);
  d.set("year", std::to_string(year));
  d.set("prev_href", base("/ngay-nghi?nam=") + std::to_string(year - 1));
  d.set("next_href", base("/ngay-nghi?nam=") + std::to_string(year + 1));
  d.set("count",
        msg(lang, "adm_holidays_count",
            {format_number(static_cast<std::int64_t>(rows.size())), std::to_string(year)}));
  Data f = form_data(lang, "holiday", p, {{"date", ""}, {"name", ""}, {"source", ""}});
  f.set("working_day", value_of(p, "holiday", "working_day") == "1");
  d.set("f_holiday", f);
  d.set("f_remove", form_data(lang, "remove", p, {}));
  return admin_render(services, page, "admin_holidays", "/ngay-nghi", "adm_holidays", d, status);
}

Expected<void> create_holiday(Services& services, Form& form, const Page& page, const Reference&) {
  form.accept_vietnamese_date("date");
  Holiday h;
  h.date = TRY(form.date("date"));
  h.name = text::nfc(TRY(form.string("name", 200)));
  h.working_day = form.value("working_day") == "1";
  h.source = text::nfc(TRY(form.optional_string("source", 500)).value_or(""));
  TRY(permissions::require(page.principal->subject, Action::manage_holidays, {}));
  TRY(services.context.store.add_holiday(h, actor_of(*page.principal)));
  return {};
}

}  // namespace

void register_admin_pages(http::Router& router, Services& services) {
  const auto page_fn = [&services](auto f) -> PageFn {
    return [&services, f](Page& page, const Reference& ref, const Posted* p, int status) {
      return f(services, page, ref, p, status);
    };
  };
  const auto act_fn = [&services](auto f) -> ActFn {
    return [&services, f](Form& form, const Page& page, const Reference& ref) {
      return f(services, form, page, ref);
    };
  };

  router.get(std::string(kBase), [](http::Request&) { return redirect(base("/don-vi")); });

  const PageFn units = page_fn(units_page);
  get_page(router, services, base("/don-vi"), units);
  router.post(base("/don-vi"), [&services, units, act = act_fn(create_unit)](http::Request& r) {
    return handle_post(services, r,
                       Form::parse(r, {"csrf_token", "code", "type_name", "name", "level",
                                       "parent_code", "valid_from"}),
                       "unit", base("/don-vi"), act, units);
  });
  router.post(
      base("/don-vi/sap-nhap"), [&services, units, act = act_fn(merge_units)](http::Request& r) {
        return handle_post(services, r,
                           Form::parse(r, {"csrf_token", "from_1", "from_2", "from_3", "from_4",
                                           "into_code", "into_type_name", "into_name", "into_level",
                                           "into_parent", "effective", "decision"}),
                           "merge", base("/don-vi"), act, units);
      });

  const PageFn agencies = page_fn(agencies_page);
  get_page(router, services, base("/co-quan"), agencies);
  router.post(
      base("/co-quan"), [&services, agencies, act = act_fn(create_agency)](http::Request& r) {
        return handle_post(
            services, r,
            Form::parse(r, {"csrf_token", "code", "name", "kind", "unit_code", "parent_code"}),
            "agency", base("/co-quan"), act, agencies);
      });

  const PageFn users = page_fn(users_page);
  get_page(router, services, base("/nguoi-dung"), users);
  router.post(base("/nguoi-dung"), [&services, users, act = act_fn(create_user)](http::Request& r) {
    return handle_post(services, r,
                       Form::parse(r, {"csrf_token", "username", "display_name", "password", "role",
                                       "scope", "unit_code", "agency_code"}),
                       "user", base("/nguoi-dung"), act, users);
  });
  // One user: their roles (add, remove) and the lock.
  router.get(base("/nguoi-dung/{id}"), [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto user = user_of(services, request.path_param("id"));
    if (!user.ok()) return error_page(services, page, user.error());
    if (auto ok = may_manage(page, *ref, *user); !ok.ok())
      return error_page(services, page, ok.error());
    return user_page(services, page, *ref, *user, nullptr, 200);
  });
  const auto user_post = [&services](const http::Request& request, Expected<Form> form,
                                     const std::string& name,
                                     const std::function<Expected<void>(
                                         Form&, const Page&, const Reference&, const User&)>& act) {
    auto user = user_of(services, request.path_param("id"));
    const std::string back = base("/nguoi-dung/") + request.path_param("id");
    if (!user.ok()) {
      auto page = page_for(services, request);
      return error_page(services, page, user.error());
    }
    const User u = *user;
    return handle_post(
        services, request, std::move(form), name, back,
        [act, u](Form& f, const Page& page, const Reference& ref) -> Expected<void> {
          TRY(may_manage(page, ref, u));
          return act(f, page, ref, u);
        },
        [&services, u](Page& page, const Reference& ref, const Posted* p, int status) {
          return user_page(services, page, ref, u, p, status);
        });
  };
  router.post(base("/nguoi-dung/{id}/khoa"), [&services, user_post](http::Request& r) {
    return user_post(
        r, Form::parse(r, {"csrf_token", "active"}), "state",
        [&services](Form& f, const Page& page, const Reference&, const User& u) -> Expected<void> {
          const bool active = f.value("active") == "1";
          if (!active && u.id == page.principal->user.id)
            return conflict("lock_self", "Không thể tự khóa tài khoản của mình", "active");
          TRY(services.context.store.set_user_active(u.id, active, actor_of(*page.principal)));
          return {};
        });
  });
  router.post(base("/nguoi-dung/{id}/vai-tro"), [&services, user_post](http::Request& r) {
    return user_post(
        r, Form::parse(r, {"csrf_token", "role", "scope", "unit_code", "agency_code"}), "grant",
        [&services](Form& f, const Page& page, const Reference& ref,
                    const User& u) -> Expected<void> {
          const Grant g = TRY(read_grant(f));
          TRY(permissions::require(page.principal->subject, Action::manage_users,
                                   TRY(grant_target(ref, g))));
          auto grants = u.grants;
          for (const auto& x : grants) {
            if (x.role == g.role && x.scope_kind == g.scope_kind && x.scope_code == g.scope_code)
              return conflict("grant_exists", "Người dùng đã có vai trò này", "role");
          }
          grants.push_back(g);
          TRY(services.context.store.set_user_grants(u.id, grants, actor_of(*page.principal)));
          return {};
        });
  });
  router.post(base("/nguoi-dung/{id}/bo-vai-tro"), [&services, user_post](http::Request& r) {
    return user_post(
        r, Form::parse(r, {"csrf_token", "index"}), "state",
        [&services](Form& f, const Page& page, const Reference&, const User& u) -> Expected<void> {
          const auto index = TRY(f.integer("index"));
          if (!index || *index < 0 || *index >= static_cast<long long>(u.grants.size()))
            return invalid("unknown_grant", "Vai trò không tồn tại", "index");
          auto grants = u.grants;
          grants.erase(grants.begin() + static_cast<std::ptrdiff_t>(*index));
          TRY(services.context.store.set_user_grants(u.id, grants, actor_of(*page.principal)));
          return {};
        });
  });

  const PageFn fields = page_fn(fields_page);
  get_page(router, services, base("/linh-vuc"), fields);
  router.post(base("/linh-vuc"), [&services, fields, act = act_fn(create_field)](http::Request& r) {
    return handle_post(services, r,
                       Form::parse(r, {"csrf_token", "code", "name", "parent_code", "sort_order"}),
                       "field", base("/linh-vuc"), act, fields);
  });
  router.post(base("/linh-vuc/{code}"), [&services, fields](http::Request& r) {
    const std::string code = r.path_param("code");
    return handle_post(
        services, r, Form::parse(r, {"csrf_token", "active"}), "toggle", base("/linh-vuc"),
        [&services, code](Form& f, const Page& page, const Reference&) -> Expected<void> {
          TRY(permissions::require(page.principal->subject, Action::manage_fields, {}));
          TRY(services.context.store.set_field_active(code, f.value("active") == "1",
                                                      actor_of(*page.principal)));
          return {};
        },
        fields);
  });

  const PageFn rules = page_fn(rules_page);
  get_page(router, services, base("/thoi-han"), rules);
  router.post(base("/thoi-han"), [&services, rules, act = act_fn(create_rule)](http::Request& r) {
    return handle_post(services, r,
                       Form::parse(r, {"csrf_token", "kind", "step", "days", "count", "from",
                                       "extension_days", "max_extensions", "valid_from", "source"}),
                       "rule", base("/thoi-han"), act, rules);
  });

  router.get(base("/ngay-nghi"), [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    if (!admin_anywhere(*page.principal)) {
      return error_page(services, page,
                        Error::make(ErrorKind::forbidden, "forbidden",
                                    "Chỉ quản trị hệ thống được vào trang quản trị"));
    }
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    return holidays_page(services, page, *ref, nullptr, 200, year_param(request));
  });
  const PageFn holidays = [&services](Page& page, const Reference& ref, const Posted* p,
                                      int status) {
    return holidays_page(services, page, ref, p, status, today().year);
  };
  router.post(
      base("/ngay-nghi"), [&services, holidays, act = act_fn(create_holiday)](http::Request& r) {
        return handle_post(services, r,
                           Form::parse(r, {"csrf_token", "date", "name", "working_day", "source"}),
                           "holiday", base("/ngay-nghi"), act, holidays);
      });
  router.post(base("/ngay-nghi/xoa"), [&services, holidays](http::Request& r) {
    return handle_post(
        services, r, Form::parse(r, {"csrf_token", "date"}), "remove", base("/ngay-nghi"),
        [&services](Form& f, const Page& page, const Reference&) -> Expected<void> {
          const auto date = TRY(f.date("date"));
          TRY(permissions::require(page.principal->subject, Action::manage_holidays, {}));
          TRY(services.context.store.remove_holiday(date, actor_of(*page.principal)));
          return {};
        },
        holidays);
  });
}

}  // namespace doithoai::web
