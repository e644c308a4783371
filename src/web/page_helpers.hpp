// Small helpers shared by the pages (dialogues.cpp, receptions.cpp, staff.cpp):
// today in Vietnam, the actor of a change, ids in paths, agency options, form errors beside
// their fields. Inside src/web/ only.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "web/format.hpp"
#include "web/internal.hpp"

namespace doithoai::web::helpers {

inline Date today() {
  return vietnam_date(now_utc());
}

inline Actor actor_of(const auth::Principal& p) {
  return Actor{p.user.id, p.user.username};
}

// A numeric id from a path or query value; nullopt for anything else.
inline std::optional<Id> parse_id(std::string_view s) {
  if (s.empty() || s.size() > 15 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return static_cast<Id>(std::stoll(std::string(s)));
}

// Whether any grant's role ever permits the action (to show a link or a form at all; the
// decision on an object is permissions::require's).
inline bool role_may(const auth::Principal& p, permissions::Action a) {
  return std::any_of(p.subject.grants.begin(), p.subject.grants.end(),
                     [a](const auto& g) { return permissions::role_permits(g.role, a); });
}

// The unit a staff list defaults to: the first grant's unit (an agency grant: its unit).
inline std::string default_unit(const auth::Principal& p) {
  for (const auto& g : p.subject.grants) {
    if (g.scope_kind == Grant::ScopeKind::unit) return g.scope_code;
    if (!g.agency_unit_code.empty()) return g.agency_unit_code;
  }
  return {};
}

// The options of an agency select in Vietnamese order: the agencies `keep` accepts, and the
// selected one whatever it says.
template <typename Keep>
List agency_options_if(const Reference& ref, const std::string& selected, Keep keep) {
  List out;
  for (const std::size_t i : ref.agencies_by_name) {
    const Agency& a = ref.agencies[i];
    if (a.code == selected || keep(a)) out.push_back(option(a.code, a.name, a.code == selected));
  }
  return out;
}

// Agencies in office today (and the selected one), in Vietnamese order, optionally only those
// whose unit lies under `under`.
inline List agency_options(const Reference& ref, const std::string& selected,
                           const std::string& under = {}) {
  const Date t = today();
  return agency_options_if(ref, selected, [&](const Agency& a) {
    if (a.valid_to && *a.valid_to < t) return false;
    if (under.empty()) return true;
    const auto path = ref.tree.path(a.unit_code);
    return std::find(path.begin(), path.end(), under) != path.end();
  });
}

// Puts an error into the data: next to its field when the form has it (labels: field name ->
// catalogue key), and always in the summary at the top of the form.
inline void set_form_error(
    Data& d, Lang lang, const Error& e,
    const std::vector<std::pair<std::string_view, std::string_view>>& labels) {
  std::string label;
  for (const auto& [field, key] : labels) {
    if (field == e.field) label = std::string(msg(lang, key));
  }
  const auto text = field_error_message(lang, e, label);
  Data summary;
  summary.set("text", text);
  if (!label.empty()) {
    d.set("err_" + e.field, text);
    summary.set("href", "#f-" + e.field);
  }
  d.set("error_summary", summary);
}

// A template value that is false when empty, so that {{#key}} sections skip it (kainjow treats
// an empty string as true) and a lookup does not fall through to an outer value of that name.
inline Data text_or_false(const std::string& s) {
  return s.empty() ? Data(false) : Data(s);
}

inline std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace doithoai::web::helpers
