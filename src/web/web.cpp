#include "web/web.hpp"

#include <utility>

#include "web/internal.hpp"

namespace doithoai::web {

struct Web::Impl {
  explicit Impl(Context context) : services{std::move(context)} {}
  Services services;
};

Web::Web(Context context) : impl_(std::make_unique<Impl>(std::move(context))) {}
Web::~Web() = default;

void Web::stop() {
  impl_->services.views.stop();
}

void Web::register_routes(http::Router& router) {
  auto& s = impl_->services;
  register_public_pages(router, s);
  register_session_pages(router, s);
  register_staff_pages(router, s);
  register_dialogue_pages(router, s);
  register_reception_pages(router, s);
  register_report_pages(router, s);
  register_admin_pages(router, s);
  register_merge_pages(router, s);
  // Any other page address: "not found" as a page, in the reader's language.
  router.fallback([&s](http::Request& request) {
    auto page = page_for(s, request);
    return error_page(s, page,
                      not_found("page_not_found",
                                "Không tìm thấy trang bạn yêu cầu. Địa chỉ có thể đã thay đổi "
                                "hoặc không còn nữa."));
  });
}

}  // namespace doithoai::web
