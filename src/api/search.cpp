// Search for staff: similar matters (duplicates to merge) and field suggestion. The text query
// itself is `q` on the list endpoints (matters.cpp, public.cpp), answered by the store.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "api/internal.hpp"
#include "api/signer.hpp"
#include "domain/text.hpp"
#include "search/minhash.hpp"
#include "search/suggester.hpp"
#include "store/similar.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

using permissions::Action;

constexpr std::size_t kMaxQueryBytes = 500;
constexpr int kRecentDays = 90;  // "recently answered": answered within this many days

double rounded(double x) {
  return std::round(x * 1000.0) / 1000.0;
}

// The same unit, or another under the same parent (the neighbouring communes of a district).
std::vector<std::string> neighbourhood(const UnitTree& tree, const std::string& unit) {
  const Unit* u = tree.find(unit);
  if (u != nullptr && u->parent_code && !u->parent_code->empty()) {
    return tree.subtree(*u->parent_code);
  }
  return tree.subtree(unit);
}

struct SimilarParams {
  int limit = 10;
  double min_score = 0.3;
  int days = kRecentDays;
};

Expected<SimilarParams> read_similar_params(const http::Request& request) {
  SimilarParams p;
  p.limit = static_cast<int>(TRY(query_int(request, "limit", 1, 50)).value_or(10));
  p.days = static_cast<int>(TRY(query_int(request, "days", 0, 3650)).value_or(kRecentDays));
  if (const auto s = request.query_param("min_score")) {
    const auto percent = parse_int(*s);
    if (!percent || *percent > 100) {
      return invalid("bad_min_score", "min_score là phần trăm, từ 0 đến 100", "min_score");
    }
    p.min_score = static_cast<double>(*percent) / 100.0;
  }
  return p;
}

// The likely duplicates of a text among the matters the caller may see: LSH candidates from the
// stored signatures, then the exact Jaccard index of their shingles, best first.
Expected<json> similar_json(Services& services, const auth::Principal& principal,
                            const UnitTree& tree, const std::string& text,
                            const std::string& unit_code, Id exclude, const SimilarParams& p) {
  auto& store = services.context.store;
  store::CandidateFilter filter;
  filter.unit_codes = neighbourhood(tree, unit_code);
  filter.answered_since = vietnam_date(now_utc()).plus_days(-p.days);
  filter.exclude = exclude;
  const auto scope = scope_of(principal, tree);
  if (!scope.everything) {
    filter.scope_units = scope.units;
    filter.scope_agencies = scope.agencies;
  }
  // The best 2 x limit by estimate are checked exactly.
  const auto found = TRY(store::similar_matters(
      store.search(), text, std::move(filter), p.min_score, 2 * static_cast<std::size_t>(p.limit)));
  json items = json::array();
  for (std::size_t i = 0; i < found.size() && i < static_cast<std::size_t>(p.limit); ++i) {
    json item = matter_json(found[i].matter, tree);
    item["score"] = rounded(found[i].score);
    items.push_back(std::move(item));
  }
  return json{{"items", items}, {"min_score", p.min_score}};
}

Error no_scope() {
  return Error::make(ErrorKind::forbidden, "forbidden",
                     "Tài khoản chưa được phân quyền xem vụ việc");
}

}  // namespace

Expected<std::string> read_search_text(const http::Request& request) {
  std::string q = request.query_param("q").value_or("");
  if (!text::valid_utf8(q)) {
    return Error::make(ErrorKind::bad_request, "invalid_utf8",
                       "Từ khóa tìm kiếm không phải UTF-8 hợp lệ", "q");
  }
  if (q.size() > kMaxQueryBytes) {
    return invalid("q_too_long", "Từ khóa tìm kiếm quá dài (tối đa 500 byte)", "q");
  }
  return text::nfc(q);
}

void add_snippets(const store::MatterPage& page, json& items) {
  if (page.snippets.size() != page.items.size()) return;
  for (std::size_t i = 0; i < page.snippets.size() && i < items.size(); ++i) {
    items[i]["snippet"] = page.snippets[i];
  }
}

store::MatterSignature matter_signature(const std::string& title, const std::string& summary) {
  const auto sig = search::signature(search::dedup_text(title, summary));
  return store::MatterSignature{0, search::kScheme, sig.minima, sig.buckets, sig.shingles};
}

store::MatterSigner matter_signer() {
  return &matter_signature;
}

Expected<std::shared_ptr<search::Suggester>> Services::suggester() {
  const auto generation = reference_cache.generation();
  {
    std::lock_guard lock(suggester_mutex_);
    if (suggester_ && suggester_generation_ == generation) return suggester_;
  }
  std::vector<search::LexiconEntry> entries;
  if (!context.settings.lexicon_path.empty()) {
    entries = TRY(search::read_lexicon_file(context.settings.lexicon_path));
  }
  auto lexicon =
      std::make_shared<const search::Lexicon>(TRY(context.store.fields()), std::move(entries));
  auto made = std::make_shared<search::Suggester>(std::move(lexicon), context.settings.model_path);
  std::lock_guard lock(suggester_mutex_);
  suggester_ = made;
  suggester_generation_ = generation;
  return made;
}

void register_search_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get("/api/v1/matters/{id}/similar",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               const auto id = parse_int(request.path_param("id"));
               if (!id) return not_found("matter_not_found", "Không tìm thấy vụ việc");
               const auto params = TRY(read_similar_params(request));
               const auto tree = TRY(services.unit_tree());
               const auto record = TRY(store.matters().get(*id));
               const auto& m = record.matter;
               permissions::Target target;
               target.unit_path = tree->path(m.unit_code);
               target.agency_code = m.agency_code;
               target.handler = m.handler;
               TRY(require(principal, Action::read_matter, target));
               auto out = TRY(similar_json(services, principal, *tree,
                                           search::dedup_text(m.title, m.summary), m.unit_code,
                                           m.id, params));
               out["matter_id"] = m.id;
               return json_response(200, out);
             }));

  // Before entering a matter: is it already here?
  router.post("/api/v1/matters/similar",
              handler([&services](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const auto body = TRY(Body::parse(request, {"title", "content", "unit_code"}));
                const auto params = TRY(read_similar_params(request));
                const auto tree = TRY(services.unit_tree());
                const auto unit = TRY(body.string("unit_code", 64));
                if (!tree->contains(unit))
                  return invalid("unknown_unit", "Đơn vị không tồn tại", "unit_code");
                permissions::Target target;
                target.unit_path = tree->path(unit);
                TRY(require(principal, Action::create_matter, target));
                const auto title = TRY(body.string("title", 500));
                const auto content = TRY(body.optional_string("content", 50000)).value_or("");
                return json_response(
                    200, TRY(similar_json(services, principal, *tree,
                                          search::dedup_text(title, content), unit, 0, params)));
              }));

  router.post("/api/v1/matters/suggest",
              handler([&services](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const auto tree = TRY(services.unit_tree());
                const auto scope = scope_of(principal, *tree);
                if (!scope.everything && scope.units.empty() && scope.agencies.empty())
                  return no_scope();
                const auto body = TRY(Body::parse(request, {"title", "content"}));
                const auto title = TRY(body.string("title", 500));
                const auto content = TRY(body.optional_string("content", 50000)).value_or("");
                const auto suggester = TRY(services.suggester());
                const auto s = suggester->suggest(title, content);
                return json_response(
                    200,
                    json{{"field_code", s.field_code.empty() ? json(nullptr) : json(s.field_code)},
                         {"confidence", rounded(s.confidence)},
                         {"kind", code(s.kind)},
                         {"kind_confidence", rounded(s.kind_confidence)},
                         {"source", s.source}});
              }));
}

}  // namespace doithoai::api
