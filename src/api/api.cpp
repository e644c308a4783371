#include "api/api.hpp"

#include "api/internal.hpp"

namespace doithoai::api {

struct Api::Impl {
  explicit Impl(const Context& context) : services{context} {}
  Services services;
};

Api::Api(const Context& context) : impl_(std::make_unique<Impl>(context)) {}
Api::~Api() = default;

void Api::reference_changed() {
  impl_->services.reference_cache.invalidate();
}

void Api::register_routes(http::Router& router) {
  auto& s = impl_->services;
  register_system_routes(router, s);
  register_session_routes(router, s);
  register_reference_routes(router, s);
  register_holiday_routes(router, s);
  register_user_routes(router, s);
  register_event_routes(router, s);
  register_matter_routes(router, s);
  register_public_routes(router, s);
  register_deadline_rule_routes(router, s);
  register_report_routes(router, s);
  register_dialogue_routes(router, s);
  register_reception_routes(router, s);
  register_search_routes(router, s);
}

}  // namespace doithoai::api
