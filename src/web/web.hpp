// The web application: Vietnamese HTML pages for citizens (the public portal) and for staff
// (after login), rendered on the server from the templates in src/web/templates/, with a
// little optional JavaScript. This header is all that the CLI sees of it.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace doithoai::store {
class Store;
}
namespace doithoai::auth {
class Service;
}
namespace doithoai::http {
class Router;
}

namespace doithoai::web {

struct Settings {
  bool cookie_secure = false;  // Secure flag on the cookies (behind HTTPS)
  int session_absolute_seconds = 12 * 3600;
  // Public submissions per client address: a burst, then this many a minute (as the API).
  int public_submission_burst = 20;
  double public_submission_per_minute = 10.0;
  int view_flush_seconds = 60;  // how often counted views of answers are written
};

struct Context {
  store::Store& store;
  auth::Service& auth;
  Settings settings;
  // Called after an admin screen changed reference data, so that other caches (the API's)
  // drop what they hold.
  std::function<void()> reference_changed;
};

class Web {
 public:
  explicit Web(Context context);
  ~Web();
  Web(const Web&) = delete;
  Web& operator=(const Web&) = delete;

  void register_routes(http::Router& router);
  // Writes what is counted in memory (views of published answers) and stops counting; call
  // once the server has stopped and before the store closes.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace doithoai::web
