// Duplicates: the similar matters shown on a matter's page (the same search as GET
// /api/v1/matters/{id}/similar: LSH candidates in the neighbourhood and the caller's scope,
// then the exact Jaccard index), and two matters side by side with the merge action, which
// posts to the matter's action route like any other action (CSRF, version, permission).
#include <algorithm>
#include <cmath>

#include "domain/permissions.hpp"
#include "search/minhash.hpp"
#include "store/matter_service.hpp"
#include "store/similar.hpp"
#include "store/store.hpp"
#include "web/format.hpp"
#include "web/internal.hpp"

namespace doithoai::web {

namespace {

// The same bounds as GET /api/v1/matters/{id}/similar (api/search.cpp).
constexpr std::size_t kExactChecks = 20;  // twice the 10 shown
constexpr int kRecentDays = 90;
constexpr double kMinScore = 0.3;

Date today() {
  return vietnam_date(now_utc());
}

std::vector<std::string> neighbourhood(const UnitTree& tree, const std::string& unit) {
  const Unit* u = tree.find(unit);
  if (u != nullptr && u->parent_code && !u->parent_code->empty()) {
    return tree.subtree(*u->parent_code);
  }
  return tree.subtree(unit);
}

bool digits(std::string_view s) {
  return !s.empty() && s.size() <= 15 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One column of the comparison.
Data side(Lang lang, const store::MatterRecord& r, const Reference& ref) {
  const auto& m = r.matter;
  Data d;
  d.set("id", std::to_string(m.id));
  d.set("href", "/can-bo/vu-viec/" + std::to_string(m.id));
  d.set("code", m.tracking_code);
  d.set("title", m.title);
  d.set("kind", name_of(lang, m.kind));
  d.set("status", status_data(lang, m.status));
  d.set("unit", ref.unit_name(m.unit_code));
  d.set("field", m.field_code.empty() ? std::string(msg(lang, "not_classified"))
                                      : ref.field_name(m.field_code));
  d.set("channel", name_of(lang, m.channel));
  d.set("received_on", format_date(m.received_on));
  d.set("agency", m.agency_code.empty() ? std::string(msg(lang, "not_assigned"))
                                        : ref.agency_name(m.agency_code));
  d.set("submission_count", format_number(m.submissions));
  d.set("head_count", format_number(m.head_count));
  List subs;
  for (const auto& s : r.submissions) {
    Data x;
    x.set("received_on", format_date(s.received_on));
    x.set("channel", name_of(lang, s.channel));
    x.set("content", s.content);
    subs.push_back(x);
  }
  d.set("submissions", subs);
  return d;
}

}  // namespace

Expected<List> similar_matters(Services& services, const auth::Principal& principal,
                               const Reference& ref, const store::Matter& m, Lang lang) {
  auto& store = services.context.store;
  store::CandidateFilter filter;
  filter.unit_codes = neighbourhood(ref.tree, m.unit_code);
  filter.answered_since = today().plus_days(-kRecentDays);
  filter.exclude = m.id;
  store::MatterQuery scope;
  TRY(store::restrict_to_scope(scope, principal.subject, ref.tree));
  filter.scope_units = scope.scope_units;
  filter.scope_agencies = scope.scope_agencies;
  const auto found =
      TRY(store::similar_matters(store.search(), search::dedup_text(m.title, m.summary),
                                 std::move(filter), kMinScore, kExactChecks));
  List out;
  for (std::size_t i = 0; i < found.size() && i < 10; ++i) {
    const auto& o = found[i].matter;
    Data d;
    d.set("id", std::to_string(o.id));
    d.set("href", "/can-bo/vu-viec/" + std::to_string(o.id));
    d.set("compare_href",
          "/can-bo/vu-viec/" + std::to_string(m.id) + "/so-sanh/" + std::to_string(o.id));
    d.set("title", o.title);
    d.set("code", o.tracking_code);
    d.set("unit", ref.unit_name(o.unit_code));
    d.set("status", status_data(lang, o.status));
    d.set("received_on", format_date(o.received_on));
    d.set("score", format_percent(std::round(found[i].score * 100.0), 0));
    out.push_back(d);
  }
  return out;
}

void register_merge_pages(http::Router& router, Services& services) {
  router.get("/can-bo/vu-viec/{id}/so-sanh/{other}", [&services](http::Request& request) {
    auto page = page_for(services, request);
    if (auto login = require_login(services, page, request)) return std::move(*login);
    const Lang lang = page.lang;
    auto& store = services.context.store;
    const auto a = request.path_param("id"), b = request.path_param("other");
    if (!digits(a) || !digits(b) || a == b)
      return error_page(services, page, not_found("matter_not_found", "Không tìm thấy vụ việc"));
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto left = store.matters().get(std::stoll(a));
    if (!left.ok()) return error_page(services, page, left.error());
    auto right = store.matters().get(std::stoll(b));
    if (!right.ok()) return error_page(services, page, right.error());
    const auto& subject = page.principal->subject;
    for (const auto* r : {&*left, &*right}) {
      if (auto ok = permissions::require(subject, permissions::Action::read_matter,
                                         store::matter_target(ref->tree, r->matter));
          !ok.ok())
        return error_page(services, page, ok.error());
    }
    Data d;
    d.set("left", side(lang, *left, *ref));
    d.set("right", side(lang, *right, *ref));
    // A merge moves one matter's submissions into the other: offered in each direction the
    // lifecycle and the user's grants allow (on both matters).
    List merges;
    for (const auto& [from, into] : {std::pair{&*left, &*right}, std::pair{&*right, &*left}}) {
      const auto& f = from->matter;
      const auto& t = into->matter;
      if (f.merged_into || t.merged_into) continue;
      if (!lifecycle::next_status(f.status, lifecycle::Action::merge, f.kind)) continue;
      if (!permissions::can(subject, permissions::Action::merge_matter,
                            store::matter_target(ref->tree, f)) ||
          !permissions::can(subject, permissions::Action::merge_matter,
                            store::matter_target(ref->tree, t)))
        continue;
      Data x;
      x.set("from_id", std::to_string(f.id));
      x.set("into_id", std::to_string(t.id));
      x.set("version", std::to_string(f.version));
      x.set("label",
            msg(lang, "merge_button", {"#" + std::to_string(f.id), "#" + std::to_string(t.id)}));
      x.set("explain", msg(lang, "merge_explain",
                           {f.tracking_code, t.tracking_code, format_number(f.submissions)}));
      merges.push_back(x);
    }
    d.set("merges", merges);
    d.set("has_merges", !merges.empty());
    d.set("back_href", "/can-bo/vu-viec/" + a);
    page.section = "matter";
    return render(services, page, "compare", d, std::string(msg(lang, "compare_title")));
  });
}

}  // namespace doithoai::web
