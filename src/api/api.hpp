// The JSON API under /api/v1, plus /healthz and /metrics. One file a resource; this header is
// all that the CLI sees of it.
#pragma once

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
class Metrics;
}  // namespace doithoai::http

namespace doithoai::api {

struct Settings {
  bool cookie_secure = false;  // set the Secure flag on the session cookie (behind HTTPS)
  int session_absolute_seconds = 12 * 3600;
  // Public submissions per client address: a burst, then this many a minute.
  int public_submission_burst = 20;
  double public_submission_per_minute = 10.0;
  // Field suggestion: the fastText model (`doithoai train`; none yet: the lexicon) and the
  // lexicon's phrases (data/field_lexicon.tsv).
  std::string model_path;
  std::string lexicon_path;
};

// The services handlers use, built once in `serve` and passed explicitly.
struct Context {
  store::Store& store;
  auth::Service& auth;
  http::Metrics& metrics;
  Settings settings;
};

class Api {
 public:
  explicit Api(const Context& context);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  void register_routes(http::Router& router);
  // Reference data (units, agencies, fields, holidays) changed elsewhere (the web's admin
  // screens): the cached lists and unit tree are rebuilt on the next request.
  void reference_changed();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace doithoai::api
