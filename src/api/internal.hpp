// Shared by the handlers of src/api/ only: request body parsing, error mapping, the
// authentication step and the permission check. Includes nlohmann::json, so it must not be
// included outside src/api/.
#pragma once

#include <initializer_list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/api.hpp"
#include "auth/auth.hpp"
#include "auth/rate_limiter.hpp"
#include "domain/input.hpp"
#include "domain/permissions.hpp"
#include "domain/result.hpp"
#include "domain/unit_tree.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "store/matter_service.hpp"
#include "store/matters.hpp"

namespace doithoai::search {
class Suggester;
}

namespace doithoai::api {

using json = nlohmann::json;

inline constexpr std::string_view kSessionCookie = "doithoai_session";

// Maps an Error to its HTTP status and the JSON error body.
int status_for(ErrorKind kind);
http::Response error_response(const Error& error);

// A JSON object body, checked: Content-Type application/json (415), valid UTF-8 (400),
// well-formed JSON (400), an object (400), only the allowed keys (422 unknown_field). Its
// values are read through input::Source (string, optional_string, date...), as forms are.
class Body : public input::Source {
 public:
  static Expected<Body> parse(const http::Request& request,
                              std::initializer_list<std::string_view> allowed);

  Expected<std::optional<std::string_view>> raw_string(std::string_view key) const override;
  Expected<std::optional<long long>> integer(std::string_view key) const override;
  bool has(std::string_view key) const override { return find(key) != nullptr; }

  Expected<std::optional<bool>> optional_bool(std::string_view key) const;
  Expected<std::vector<std::string>> string_array(std::string_view key) const;
  const json* find(std::string_view key) const;
  const json& raw() const { return value_; }

 private:
  json value_;
};

// Reads a date query parameter ("YYYY-MM-DD"); 422 on a malformed one.
Expected<std::optional<Date>> query_date(const http::Request& request, std::string_view name);

// Who is calling. Cookie sessions must present X-CSRF-Token on anything but GET/HEAD.
Expected<auth::Principal> authenticate(const Context& context, const http::Request& request);

// The one permission gate: 403 with the reason from domain/permissions.
Expected<void> require(const auth::Principal& principal, permissions::Action action,
                       const permissions::Target& target);

// The unit path (the unit and its ancestors, nearest first) used as a permission target.
Expected<permissions::Target> unit_target(store::Store& store, const std::string& unit_code);

json unit_json(const Unit& unit);
json user_json(const User& user);
json event_json(const Event& event);

// Wraps a handler body returning Expected<Response> into an http::Handler.
template <typename F>
http::Handler handler(F f) {
  return [f = std::move(f)](http::Request& request) -> http::Response {
    auto result = f(request);
    if (!result.ok()) return error_response(result.error());
    return std::move(result).value();
  };
}

// An optional integer field in [min, max] (422 "bad_number" otherwise), and an optional id
// (a positive integer, 422 "wrong_type" otherwise).
Expected<std::optional<int>> optional_int(const Body& body, std::string_view key, int min, int max);
Expected<std::optional<Id>> optional_id(const Body& body, std::string_view key);

http::Response json_response(int status, const json& body);
// A 200 download (XLSX, DOCX, PDF): its type, and Content-Disposition: attachment with the file
// name made ASCII-safe (letters, digits, '.', '-', '_'; anything else becomes '-').
http::Response file_response(std::string bytes, std::string_view content_type,
                             std::string_view filename);
inline constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr std::string_view kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr std::string_view kPdfType = "application/pdf";
// A 200 JSON response whose body is shared with a cache.
http::Response cached_json_response(std::shared_ptr<const std::string> body);

// A small cache of rendered response bodies, invalidated as a whole on any change to what
// they were rendered from. Reference data is read constantly and changes rarely.
class BodyCache {
 public:
  std::shared_ptr<const std::string> get(const std::string& key);
  // Stores the body (unless an invalidation happened since `generation` was read) and returns
  // it shared, ready for Response::shared_body.
  std::shared_ptr<const std::string> put(const std::string& key, std::string body,
                                         std::uint64_t generation);
  std::uint64_t generation();
  void invalidate();

 private:
  std::mutex mutex_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> bodies_;
};

// What the handlers share: the context and the caches.
struct Services {
  explicit Services(const Context& c)
      : context(c),
        public_submissions(c.settings.public_submission_burst,
                           c.settings.public_submission_per_minute, 100000) {}
  Context context;
  BodyCache reference_cache;  // units, agencies, fields, holidays lists

  // The unit hierarchy, rebuilt after any change to reference data.
  Expected<std::shared_ptr<const UnitTree>> unit_tree();

  // Public submissions per client address: a burst, then a steady rate.
  auth::RateLimiter public_submissions;

  // Field suggestion (api/search.cpp), rebuilt after any change to reference data.
  Expected<std::shared_ptr<search::Suggester>> suggester();

 private:
  std::mutex suggester_mutex_;
  std::uint64_t suggester_generation_ = ~std::uint64_t{0};
  std::shared_ptr<search::Suggester> suggester_;

  std::mutex tree_mutex_;
  std::uint64_t tree_generation_ = ~std::uint64_t{0};
  std::shared_ptr<const UnitTree> tree_;
};

// One registration function per resource file.
void register_system_routes(http::Router& router, Services& services);
void register_session_routes(http::Router& router, Services& services);
void register_reference_routes(http::Router& router, Services& services);
void register_holiday_routes(http::Router& router, Services& services);
void register_user_routes(http::Router& router, Services& services);
void register_event_routes(http::Router& router, Services& services);
void register_matter_routes(http::Router& router, Services& services);
void register_public_routes(http::Router& router, Services& services);
void register_deadline_rule_routes(http::Router& router, Services& services);
void register_report_routes(http::Router& router, Services& services);
void register_dialogue_routes(http::Router& router, Services& services);   // dialogues.cpp
void register_reception_routes(http::Router& router, Services& services);  // receptions.cpp
void register_search_routes(http::Router& router, Services& services);

// The matters a principal may list (store/matter_service.hpp).
using Scope = store::MatterScope;
inline Scope scope_of(const auth::Principal& p, const UnitTree& tree) {
  return store::matter_scope(p.subject, tree);
}

// Search (api/search.cpp): the q parameter of the list endpoints (valid UTF-8, at most 500
// bytes, NFC); the snippets of a text search added to its items. (A new matter's similarity
// signature is written with it by the store: api/signer.hpp.)
Expected<std::string> read_search_text(const http::Request& request);
void add_snippets(const store::MatterPage& page, json& items);

// Reads a positive integer query parameter within [min, max]; 422 otherwise.
Expected<std::optional<long long>> query_int(const http::Request& request, std::string_view name,
                                             long long min, long long max);
// Matters as JSON (api/matter_json.cpp). Staff see people only where the identity rules allow
// (show_people); the public view never carries personal data.
json matter_json(const store::Matter& m, const UnitTree& tree);
// A page of the staff list, {items, page, per_page, total, total_capped}, each item as
// matter_json with its snippet when the page is a text search; written without a JSON tree.
std::string matter_page_json(const store::MatterPage& page, const UnitTree& tree);
json matter_record_json(const store::MatterRecord& r, const UnitTree& tree, bool show_people,
                        const std::vector<Event>& events);
json public_matter_json(const store::MatterRecord& r, const UnitTree& tree,
                        const std::vector<Event>& events);
json deadline_json(const deadlines::Deadline& d);

// Parses a whole decimal integer (no sign, no trailing characters).
std::optional<long long> parse_int(std::string_view s);

}  // namespace doithoai::api
