// Shared by the page handlers of src/web/ only: the message catalogue, the templates, the
// per-request page state (language, who is signed in, the CSRF token) and the helpers that
// turn domain values into template data. Includes kainjow-mustache: keep it inside src/web/.
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <kainjow/mustache.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/auth.hpp"
#include "auth/rate_limiter.hpp"
#include "domain/lifecycle.hpp"
#include "domain/matter.hpp"
#include "domain/result.hpp"
#include "domain/unit_tree.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "store/matters.hpp"
#include "web/form.hpp"
#include "web/views.hpp"
#include "web/web.hpp"

namespace doithoai::web {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

inline constexpr std::string_view kSessionCookie = "doithoai_session";  // shared with the API
inline constexpr std::string_view kCsrfCookie = "doithoai_csrf";        // forms before login
inline constexpr std::string_view kLangCookie = "doithoai_lang";

enum class Lang { vi, en };

// The message catalogue (src/web/messages.tsv: key, Vietnamese, English). A missing English
// text falls back to the Vietnamese one; a missing key shows the key (and a test fails).
std::string_view msg(Lang lang, std::string_view key);
// With {0}, {1}... replaced by the arguments.
std::string msg(Lang lang, std::string_view key, std::initializer_list<std::string> args);
bool has_msg(std::string_view key);
// Every message of a language as a template object, read as {{t.key}}.
const Data& catalogue(Lang lang);

// Names of domain values: Vietnamese from the domain, English from the catalogue.
std::string name_of(Lang lang, Kind k);
std::string name_of(Lang lang, Channel c);
std::string name_of(Lang lang, Status s);
std::string name_of(Lang lang, lifecycle::Action a);
std::string role_name(Lang lang, Role r);

// Renders a template of src/web/templates/ ("home" for home.mustache) with the catalogue.
std::string render_template(std::string_view name, const Data& data, Lang lang);

// What a page knows of its request.
struct Page {
  Lang lang = Lang::vi;
  std::optional<auth::Principal> principal;  // signed in
  std::string csrf;                          // the token every form of the page carries
  std::string new_csrf_cookie;               // a fresh anonymous token to set, if any
  std::string path;                          // path and query, for the language switch
  std::string section;                       // the nav entry to mark current
  std::vector<std::string> flashes;          // notices shown above the content
};

// The reference data a page needs (a few hundred rows). Read once and shared by the requests
// (ReferenceCache) until the store's reference version changes; never changed once built.
struct Reference {
  std::vector<Unit> units;
  std::vector<UnitLevel> levels;
  std::vector<Field> fields;
  std::vector<Agency> agencies;
  UnitTree tree{std::vector<Unit>{}};
  WorkingCalendar calendar;
  std::vector<std::size_t> units_by_name;     // indexes into units, in Vietnamese order of names
  std::vector<std::size_t> agencies_by_name;  // indexes into agencies, the same

  std::string unit_name(const std::string& code) const;
  std::string field_name(const std::string& code) const;
  std::string agency_name(const std::string& code) const;
  // The top unit of the deployment on `today`, capitalised: "Thành phố Hải Phòng".
  std::string owner_name(Date today) const;
};
// Reads it all from the store (reference.cpp); pages take the shared copy instead.
Expected<Reference> load_reference(store::Store& store);

// A shared, immutable Reference or the error that prevented loading it. It reads like the
// Expected<Reference> pages used to get: ok(), error(), *ref, ref->tree.
class SharedReference {
 public:
  explicit SharedReference(std::shared_ptr<const Reference> ref) : ref_(std::move(ref)) {}
  explicit SharedReference(Error error) : error_(std::move(error)) {}
  bool ok() const { return ref_ != nullptr; }
  const Error& error() const { return *error_; }
  const Reference& operator*() const { return *ref_; }
  const Reference* operator->() const { return ref_.get(); }

 private:
  std::shared_ptr<const Reference> ref_;
  std::optional<Error> error_;
};

// The Reference of the store's current reference version: each get() reads the version (one
// indexed row) and loads the data again only when it differs from the one held, so an admin's
// change (API, web, or the CLI in another process) shows on the next request.
class ReferenceCache {
 public:
  explicit ReferenceCache(store::Store& store) : store_(store) {}
  SharedReference get();
  // How many times the data was loaded (for the tests: not on every request).
  std::uint64_t loads() const { return loads_.load(std::memory_order_relaxed); }

 private:
  store::Store& store_;
  std::mutex mutex_;        // guards current_ and version_
  std::mutex build_mutex_;  // one load at a time
  std::shared_ptr<const Reference> current_;
  std::int64_t version_ = 0;
  std::atomic<std::uint64_t> loads_{0};
};

struct Services {
  explicit Services(Context c)
      : context(std::move(c)),
        public_submissions(context.settings.public_submission_burst,
                           context.settings.public_submission_per_minute, 100000),
        views(context.store, std::chrono::seconds(context.settings.view_flush_seconds)),
        reference(context.store) {}
  Context context;
  auth::RateLimiter public_submissions;
  ViewCounter views;         // views of published answers (views.hpp)
  ReferenceCache reference;  // units, fields, agencies, calendar shared by the pages

  // The name in the header: the top unit of the deployment today ("Thành phố Hải Phòng").
  std::string owner_name();
};

// The shared reference data of the store's current version (services.reference.get()).
SharedReference reference(Services& services);

// Builds the Page: language (cookie), session (cookie, if valid), CSRF token (the session's, or
// the anonymous cookie's, minting one if needed).
Page page_for(Services& services, const http::Request& request);
// The CSRF token of a form post must match the page's; forbidden otherwise.
Expected<void> check_csrf(const Page& page, const Form& form);

// The whole HTML page: the layout around the rendered template.
http::Response render(Services& services, Page& page, std::string_view template_name, Data data,
                      const std::string& title, int status = 200);
// An error as a page, in the reader's language (404, 403, 409...).
http::Response error_page(Services& services, Page& page, const Error& error);
// 303 See Other (after a successful post, and to the login page).
http::Response redirect(const std::string& location);
int status_for(ErrorKind kind);

// Staff pages: the signed-in page, or a redirect to the login page.
std::optional<http::Response> require_login(Services& services, Page& page,
                                            const http::Request& request);

// Form errors: the message shown next to a field, in the reader's language. Generic codes
// (required, too_long, bad_date, wrong_type) are worded with the field's label; the others
// keep the shared Vietnamese message (or its English version, when the catalogue has one).
std::string field_error_message(Lang lang, const Error& error, std::string_view label);

// Template data helpers.
Data status_data(Lang lang, Status s);  // {code, name}
Data pager(Lang lang, const std::string& base, std::int64_t total, int page, int per_page);
// A URL with a query built from pairs (values percent-encoded), skipping empty values.
std::string url_with(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& query);
std::string percent_encode(std::string_view s);
// Select options: {value, label, selected}.
Data option(const std::string& value, const std::string& label, bool selected);
// The options of a unit select: units valid on `at` (all when empty) at or above `lowest_rank`
// (communes), sorted in Vietnamese order, each with its level word ("xã Vĩnh An").
List unit_options(Lang lang, const std::vector<Unit>& units, const std::vector<UnitLevel>& levels,
                  const std::string& selected, std::optional<Date> at, bool include_villages);
// The same from the Reference's units, in the order sorted when it was loaded.
List unit_options(Lang lang, const Reference& ref, const std::string& selected,
                  std::optional<Date> at, bool include_villages);
List field_options(const std::vector<Field>& fields, const std::string& selected);
List kind_options(Lang lang, const std::string& selected);

// A deadline in words: "còn 3 ngày làm việc", "quá hạn 2 ngày", "đã xong 05/03/2026".
struct DeadlineWords {
  std::string text;
  std::string state;  // "met", "ok", "soon", "overdue"
};
DeadlineWords deadline_words(Lang lang, const deadlines::Deadline& d, Date today,
                             const WorkingCalendar& calendar);
std::string step_name(Lang lang, const std::string& step);

// Register the pages of each file.
void register_public_pages(http::Router& router, Services& services);
void register_session_pages(http::Router& router, Services& services);
void register_staff_pages(http::Router& router, Services& services);
void register_dialogue_pages(http::Router& router, Services& services);   // dialogues.cpp
void register_reception_pages(http::Router& router, Services& services);  // receptions.cpp
// The home page's sections on upcoming dialogues and the reception schedule.
void add_dialogue_home(Services& services, Lang lang, Data& data);
void add_reception_home(Services& services, Lang lang, Data& data);
void register_report_pages(http::Router& router, Services& services);  // reports.cpp
void register_admin_pages(http::Router& router, Services& services);   // admin.cpp
void register_merge_pages(http::Router& router, Services& services);   // merge.cpp
// The matters like `m` (possible duplicates) the user may see, best first (merge.cpp).
Expected<List> similar_matters(Services& services, const auth::Principal& principal,
                               const Reference& ref, const store::Matter& m, Lang lang);

}  // namespace doithoai::web
