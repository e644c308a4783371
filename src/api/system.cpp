// /healthz and /metrics.
#include "api/internal.hpp"
#include "http/metrics.hpp"

namespace doithoai::api {

void register_system_routes(http::Router& router, Services& services) {
  router.get("/healthz",
             [](http::Request&) { return http::Response::json(200, R"({"status":"ok"})"); });
  router.get("/metrics", [&services](http::Request&) {
    return http::Response::text(200, services.context.metrics.render(),
                                "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace doithoai::api
