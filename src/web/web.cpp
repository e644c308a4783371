#include "web/web.hpp"

#include "web/internal.hpp"

namespace doithoai::web {

struct Web::Impl {
  explicit Impl(Context context) : services{context} {}
  Services services;
};

Web::Web(Context context) : impl_(std::make_unique<Impl>(context)) {}
Web::~Web() = default;

void Web::register_routes(http::Router& router) {
  auto& s = impl_->services;
  register_public_pages(router, s);
  register_session_pages(router, s);
  register_staff_pages(router, s);
  register_dialogue_pages(router, s);
  register_reception_pages(router, s);
}

}  // namespace doithoai::web
