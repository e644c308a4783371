// POST/GET/DELETE /api/v1/session: cookie sessions for people in a browser.
#include "api/internal.hpp"

namespace doithoai::api {

namespace {

std::string session_cookie(const Settings& settings, const std::string& value, int max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + value +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (settings.cookie_secure) cookie += "; Secure";
  return cookie;
}

json session_json(const auth::Principal& principal) {
  return json{{"user", user_json(principal.user)}, {"csrf_token", principal.csrf_token}};
}

}  // namespace

void register_session_routes(http::Router& router, Services& services) {
  router.post("/api/v1/session",
              handler([&services](http::Request& request) -> Expected<http::Response> {
                const auto body = TRY(Body::parse(request, {"username", "password"}));
                const auto username = TRY(body.string("username", 64));
                const json* password = body.find("password");
                if (password == nullptr || !password->is_string()) {
                  return invalid("required", "Thiếu mật khẩu", "password");
                }
                auto login = TRY(services.context.auth.login(
                    username, password->get_ref<const std::string&>(), request.remote_address));
                auto response = json_response(200, session_json(login.principal));
                response.header("Set-Cookie",
                                session_cookie(services.context.settings, login.session_token,
                                               services.context.settings.session_absolute_seconds));
                return response;
              }));

  router.get("/api/v1/session",
             handler([&services](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               return json_response(200, session_json(principal));
             }));

  router.del("/api/v1/session",
             handler([&services](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               if (principal.via != auth::Principal::Via::session) {
                 return invalid("not_a_session", "Mã truy cập API không phải phiên đăng nhập");
               }
               TRY(services.context.auth.logout(principal));
               http::Response response;
               response.status = 204;
               response.content_type.clear();
               response.header("Set-Cookie", session_cookie(services.context.settings, "", 0));
               return response;
             }));
}

}  // namespace doithoai::api
