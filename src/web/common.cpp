#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "domain/http_status.hpp"
#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "store/store.hpp"
#include "web/embedded.hpp"
#include "web/format.hpp"
#include "web/internal.hpp"

namespace doithoai::web {

namespace {

struct Message {
  std::string vi, en;
};

// messages.tsv, read once from the embedded copy.
struct Catalogue {
  std::map<std::string, Message, std::less<>> messages;
  Data vi{Data::type::object};
  Data en{Data::type::object};

  Catalogue() {
    std::string_view text;
    for (const auto& f : embedded_files()) {
      if (f.name == "messages.tsv") text = f.content;
    }
    Data vi_t, en_t;
    while (!text.empty()) {
      const auto nl = text.find('\n');
      auto line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      if (line.empty() || line[0] == '#') continue;
      const auto tab1 = line.find('\t');
      if (tab1 == std::string_view::npos) continue;
      const auto key = line.substr(0, tab1);
      auto rest = line.substr(tab1 + 1);
      const auto tab2 = rest.find('\t');
      Message m{std::string(rest.substr(0, tab2)), tab2 == std::string_view::npos
                                                       ? std::string()
                                                       : std::string(rest.substr(tab2 + 1))};
      if (m.en.empty()) m.en = m.vi;
      vi_t.set(std::string(key), m.vi);
      en_t.set(std::string(key), m.en);
      messages.emplace(std::string(key), std::move(m));
    }
    vi.set("t", vi_t);
    en.set("t", en_t);
  }
};

const Catalogue& the_catalogue() {
  static const Catalogue c;
  return c;
}

std::string_view template_source(std::string_view name) {
  for (const auto& f : embedded_files()) {
    if (f.name.size() == name.size() + 19 && f.name.starts_with("templates/") &&
        f.name.substr(10, name.size()) == name && f.name.ends_with(".mustache")) {
      return f.content;
    }
  }
  return {};
}

// Parsed templates, one set per thread: kainjow's render is not const, so threads do not share.
kainjow::mustache::mustache& compiled(std::string_view name) {
  thread_local std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>, std::less<>>
      cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    auto t = std::make_unique<kainjow::mustache::mustache>(std::string(template_source(name)));
    it = cache.emplace(std::string(name), std::move(t)).first;
  }
  return *it->second;
}

std::string cookie(std::string_view name, const std::string& value, int max_age, bool secure,
                   bool http_only) {
  std::string c =
      std::string(name).append("=").append(value).append("; Path=/; SameSite=Strict; Max-Age=");
  c += std::to_string(max_age);
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

std::string_view msg(Lang lang, std::string_view key) {
  const auto& m = the_catalogue().messages;
  const auto it = m.find(key);
  if (it == m.end()) return key;
  return lang == Lang::en ? it->second.en : it->second.vi;
}

std::string msg(Lang lang, std::string_view key, std::initializer_list<std::string> args) {
  std::string out(msg(lang, key));
  std::size_t i = 0;
  for (const auto& a : args) {
    const std::string mark = "{" + std::to_string(i++) + "}";
    for (auto pos = out.find(mark); pos != std::string::npos; pos = out.find(mark, pos + a.size()))
      out.replace(pos, mark.size(), a);
  }
  return out;
}

bool has_msg(std::string_view key) {
  return the_catalogue().messages.find(key) != the_catalogue().messages.end();
}

const Data& catalogue(Lang lang) {
  return lang == Lang::en ? the_catalogue().en : the_catalogue().vi;
}

std::string name_of(Lang lang, Kind k) {
  if (lang == Lang::vi) return std::string(name_vi(k));
  return std::string(msg(lang, std::string("kind_").append(code(k))));
}
std::string name_of(Lang lang, Channel c) {
  if (lang == Lang::vi) return std::string(name_vi(c));
  return std::string(msg(lang, std::string("channel_").append(code(c))));
}
std::string name_of(Lang lang, Status s) {
  if (lang == Lang::vi) return std::string(name_vi(s));
  return std::string(msg(lang, std::string("status_").append(code(s))));
}
std::string name_of(Lang lang, lifecycle::Action a) {
  if (lang == Lang::vi) return std::string(lifecycle::name_vi(a));
  return std::string(msg(lang, std::string("action_").append(lifecycle::code(a))));
}
std::string role_name(Lang lang, Role r) {
  if (lang == Lang::vi) return std::string(permissions::role_name_vi(r));
  return std::string(msg(lang, std::string("role_").append(permissions::role_code(r))));
}

// Every template, usable as a partial under "p/" ({{> p/pager}}), apart from the data names.
const Data& partials() {
  static const Data all = [] {
    Data d;
    for (const auto& f : embedded_files()) {
      if (!f.name.starts_with("templates/") || !f.name.ends_with(".mustache")) continue;
      const auto name = f.name.substr(10, f.name.size() - 19);
      const auto content = f.content;
      d.set("p/" + std::string(name),
            kainjow::mustache::partial([content] { return std::string(content); }));
    }
    return d;
  }();
  return all;
}

std::string render_template(std::string_view name, const Data& data, Lang lang) {
  auto& tmpl = compiled(name);
  kainjow::mustache::context<std::string> ctx{&partials()};
  ctx.push(&catalogue(lang));
  ctx.push(&data);
  std::string out = tmpl.render(ctx);
  if (!tmpl.is_valid()) return "<p>template " + std::string(name) + ": " + tmpl.error_message();
  return out;
}

Page page_for(Services& services, const http::Request& request) {
  Page page;
  if (const auto lang = request.cookie(kLangCookie); lang && *lang == "en") page.lang = Lang::en;
  page.path = request.target;
  if (const auto session = request.cookie(kSessionCookie)) {
    auto principal = services.context.auth.authenticate_session(*session);
    if (principal.ok()) {
      page.csrf = principal->csrf_token;
      page.principal = std::move(principal).value();
      return page;
    }
  }
  const auto token = request.cookie(kCsrfCookie);
  if (token && token->size() >= 32 && token->size() <= 64) {
    page.csrf = *token;
  } else {
    page.csrf = auth::random_token();
    page.new_csrf_cookie = page.csrf;
  }
  return page;
}

Expected<void> check_csrf(const Page& page, const Form& form) {
  const auto presented = form.raw_string("csrf_token");
  const bool ok = presented.ok() && *presented && page.new_csrf_cookie.empty() &&
                  (*presented)->size() == page.csrf.size() &&
                  std::equal(page.csrf.begin(), page.csrf.end(), (*presented)->begin());
  if (!ok) {
    return Error::make(ErrorKind::forbidden, "csrf_mismatch",
                       "Phiên làm việc của biểu mẫu đã hết hạn, vui lòng tải lại trang và gửi lại");
  }
  return {};
}

int status_for(ErrorKind kind) {
  return http_status(kind);
}

http::Response redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type.clear();
  r.header("Location", location);
  r.header("Cache-Control", "no-store");
  return r;
}

namespace {

struct NavItem {
  std::string_view key, href, section;
};

// Pages that exist today. Dialogues, reception schedules, reports and the admin screens join
// these lists when they are built.
constexpr NavItem kPublicNav[] = {
    {"nav_home", "/", "home"},
    {"nav_submit", "/gui-phan-anh", "submit"},
    {"nav_track", "/tra-cuu", "track"},
    {"nav_answers", "/ket-qua", "answers"},
    {"nav_dialogues", "/hoi-nghi-doi-thoai", "dialogues"},
    {"nav_receptions", "/lich-tiep-cong-dan", "receptions"},
    {"nav_guide", "/huong-dan", "guide"},
};
constexpr NavItem kStaffNav[] = {
    {"nav_inbox", "/can-bo", "inbox"},
    {"nav_matters", "/can-bo/vu-viec", "matters"},
    {"nav_intake", "/can-bo/nhap-don", "intake"},
    {"nav_dialogues_staff", "/can-bo/doi-thoai", "dialogues_staff"},
    {"nav_receptions_staff", "/can-bo/tiep-cong-dan", "receptions_staff"},
    {"nav_reports", "/can-bo/bao-cao", "reports"},
    {"nav_admin", "/can-bo/quan-tri", "admin"},
    {"nav_public", "/", "public"},
};

bool role_may(const auth::Principal& p, permissions::Action a) {
  return std::any_of(p.subject.grants.begin(), p.subject.grants.end(),
                     [a](const auto& g) { return permissions::role_permits(g.role, a); });
}

bool may_intake(const auth::Principal& p) {
  return role_may(p, permissions::Action::create_matter);
}

}  // namespace

http::Response render(Services& services, Page& page, std::string_view template_name, Data data,
                      const std::string& title, int status) {
  const Lang lang = page.lang;
  const bool staff = page.section == "inbox" || page.section == "matters" ||
                     page.section == "intake" || page.section == "matter" ||
                     page.section == "dialogues_staff" || page.section == "receptions_staff" ||
                     page.section == "reports" || page.section == "admin";
  data.set("csrf", page.csrf);
  Data layout;
  layout.set("content", render_template(template_name, data, lang));
  layout.set("title", title);
  layout.set("lang", lang == Lang::en ? "en" : "vi");
  layout.set("other_lang", lang == Lang::en ? "vi" : "en");
  layout.set("lang_href",
             url_with("/ngon-ngu", {{"chon", lang == Lang::en ? "vi" : "en"}, {"ve", page.path}}));
  layout.set("csrf", page.csrf);
  layout.set("site_owner", services.owner_name());
  layout.set("staff", staff);
  List nav;
  if (staff && page.principal) {
    for (const auto& item : kStaffNav) {
      if (item.section == "intake" && !may_intake(*page.principal)) continue;
      if (item.section == "reports" &&
          !role_may(*page.principal, permissions::Action::read_reports))
        continue;
      if (item.section == "admin" && !role_may(*page.principal, permissions::Action::manage_users))
        continue;
      Data d;
      d.set("href", std::string(item.href));
      d.set("label", std::string(msg(lang, item.key)));
      d.set("current", item.section == page.section ||
                           (item.section == "matters" && page.section == "matter"));
      nav.push_back(d);
    }
  } else {
    for (const auto& item : kPublicNav) {
      Data d;
      d.set("href", std::string(item.href));
      d.set("label", std::string(msg(lang, item.key)));
      d.set("current", item.section == page.section);
      nav.push_back(d);
    }
  }
  layout.set("nav", nav);
  if (page.principal) {
    Data user;
    user.set("name", page.principal->user.display_name.empty() ? page.principal->user.username
                                                               : page.principal->user.display_name);
    layout.set("user", user);
  }
  List flashes;
  for (const auto& f : page.flashes) flashes.emplace_back(f);
  layout.set("flashes", flashes);
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = render_template("layout", layout, lang);
  // Staff pages carry personal data: never kept by the browser or a proxy.
  r.header("Cache-Control", page.principal ? "no-store" : "no-cache");
  r.header("Vary", "Cookie");
  if (!page.new_csrf_cookie.empty()) {
    r.header("Set-Cookie", cookie(kCsrfCookie, page.new_csrf_cookie, 12 * 3600,
                                  services.context.settings.cookie_secure, true));
  }
  return r;
}

http::Response error_page(Services& services, Page& page, const Error& error) {
  const int status = status_for(error.kind);
  Data d;
  d.set("status", std::to_string(status));
  std::string heading = "error_" + std::to_string(status);
  d.set("heading",
        std::string(has_msg(heading) ? msg(page.lang, heading) : msg(page.lang, "error_generic")));
  const std::string en_key = "err_" + error.code;
  d.set("message", page.lang == Lang::en && has_msg(en_key) ? std::string(msg(page.lang, en_key))
                                                            : error.message);
  d.set("signed_in", page.principal.has_value());
  return render(services, page, "error", d, std::string(msg(page.lang, "error_title")), status);
}

std::optional<http::Response> require_login(Services& services, Page& page,
                                            const http::Request& request) {
  (void)services;
  if (page.principal) return std::nullopt;
  return redirect(url_with("/dang-nhap", {{"ve", request.target}}));
}

std::string field_error_message(Lang lang, const Error& error, std::string_view label) {
  if (error.code == "required") {
    // A shared rule with its own words ("Văn bản cần có số hiệu") keeps them.
    if (error.message.rfind("Thiếu thông tin bắt buộc", 0) == 0 || lang == Lang::en) {
      static constexpr std::string_view kChoices[] = {"kind",        "unit_code", "channel",
                                                      "agency_code", "form",      "rating"};
      const bool choice =
          std::find(std::begin(kChoices), std::end(kChoices), error.field) != std::end(kChoices);
      return msg(lang, choice ? "err_required_choice" : "err_required", {std::string(label)});
    }
    return error.message;
  }
  if (error.code == "too_long") return msg(lang, "err_too_long", {std::string(label)});
  if (error.code == "bad_date") return msg(lang, "err_bad_date", {std::string(label)});
  if (error.code == "wrong_type") return msg(lang, "err_wrong_type", {std::string(label)});
  const std::string key = "err_" + error.code;
  if (lang == Lang::en && has_msg(key)) return std::string(msg(lang, key));
  return error.message;
}

Data status_data(Lang lang, Status s) {
  Data d;
  d.set("code", std::string(code(s)));
  d.set("name", name_of(lang, s));
  return d;
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string url_with(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : query) {
    if (v.empty()) continue;
    out += sep;
    out.append(k).append("=").append(percent_encode(v));
    sep = '&';
  }
  return out;
}

Data pager(Lang lang, const std::string& base, std::int64_t total, int page, int per_page) {
  Data d;
  const std::int64_t pages = std::max<std::int64_t>(1, (total + per_page - 1) / per_page);
  d.set("total", format_number(total));
  d.set("page", format_number(page));
  d.set("pages", format_number(pages));
  d.set("summary", msg(lang, "pager_summary", {format_number(page), format_number(pages)}));
  d.set("several", pages > 1);
  const char sep = base.find('?') == std::string::npos ? '?' : '&';
  if (page > 1) d.set("prev_href", base + sep + "page=" + std::to_string(page - 1));
  if (page < pages) d.set("next_href", base + sep + "page=" + std::to_string(page + 1));
  return d;
}

Data option(const std::string& value, const std::string& label, bool selected) {
  Data d;
  d.set("value", value);
  d.set("label", label);
  d.set("selected", selected);
  return d;
}

List unit_options(Lang lang, const std::vector<Unit>& units, const std::vector<UnitLevel>& levels,
                  const std::string& selected, std::optional<Date> at, bool include_villages) {
  int village_rank = 1000;
  for (const auto& l : levels) {
    if (l.code == "village") village_rank = l.rank;
  }
  std::vector<const Unit*> chosen;
  for (const auto& u : units) {
    if (at && !u.valid_at(*at) && u.code != selected) continue;
    if (!include_villages) {
      const auto it = std::find_if(levels.begin(), levels.end(),
                                   [&u](const UnitLevel& l) { return l.code == u.level; });
      if (it != levels.end() && it->rank >= village_rank) continue;
    }
    chosen.push_back(&u);
  }
  std::sort(chosen.begin(), chosen.end(), [](const Unit* a, const Unit* b) {
    const int c = text::compare_vi(a->name, b->name);
    return c != 0 ? c < 0 : a->code < b->code;
  });
  List out;
  for (const Unit* u : chosen) {
    std::string label = u->full_name();
    if (u->valid_to) label += msg(lang, "unit_until", {format_date(*u->valid_to)});
    out.push_back(option(u->code, label, u->code == selected));
  }
  return out;
}

List unit_options(Lang lang, const Reference& ref, const std::string& selected,
                  std::optional<Date> at, bool include_villages) {
  int village_rank = 1000;
  for (const auto& l : ref.levels) {
    if (l.code == "village") village_rank = l.rank;
  }
  List out;
  for (const std::size_t i : ref.units_by_name) {
    const Unit& u = ref.units[i];
    if (at && !u.valid_at(*at) && u.code != selected) continue;
    if (!include_villages) {
      const auto it = std::find_if(ref.levels.begin(), ref.levels.end(),
                                   [&u](const UnitLevel& l) { return l.code == u.level; });
      if (it != ref.levels.end() && it->rank >= village_rank) continue;
    }
    std::string label = u.full_name();
    if (u.valid_to) label += msg(lang, "unit_until", {format_date(*u.valid_to)});
    out.push_back(option(u.code, label, u.code == selected));
  }
  return out;
}

List field_options(const std::vector<Field>& fields, const std::string& selected) {
  std::vector<const Field*> chosen;
  for (const auto& f : fields) {
    if (f.active || f.code == selected) chosen.push_back(&f);
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const Field* a, const Field* b) { return a->sort_order < b->sort_order; });
  List out;
  for (const Field* f : chosen) out.push_back(option(f->code, f->name, f->code == selected));
  return out;
}

List kind_options(Lang lang, const std::string& selected) {
  List out;
  for (const auto k : all_kinds()) {
    out.push_back(option(std::string(code(k)), name_of(lang, k), code(k) == selected));
  }
  return out;
}

std::string step_name(Lang lang, const std::string& step) {
  const std::string key = "step_" + step;
  return has_msg(key) ? std::string(msg(lang, key)) : step;
}

DeadlineWords deadline_words(Lang lang, const deadlines::Deadline& d, Date today,
                             const WorkingCalendar& calendar) {
  if (d.met_on) return {msg(lang, "deadline_met", {format_date(*d.met_on)}), "met"};
  if (d.due_on < today) {
    const auto days = std::max(1, calendar.working_days_between(d.due_on, today));
    return {msg(lang, "deadline_overdue", {format_number(days)}), "overdue"};
  }
  const int left = calendar.working_days_between(today, d.due_on);
  if (left == 0) return {std::string(msg(lang, "deadline_today")), "soon"};
  return {msg(lang, "deadline_left", {format_number(left)}), left <= 3 ? "soon" : "ok"};
}

std::string Services::owner_name() {
  const auto ref = reference.get();
  return ref.ok() ? ref->owner_name(vietnam_date(now_utc())) : std::string();
}

}  // namespace doithoai::web
