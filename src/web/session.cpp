// Signing in and out, and the language switch.
#include "web/internal.hpp"

namespace doithoai::web {

namespace {

// Only a path of this site: never an absolute URL or a protocol-relative "//host".
std::string local_path(const std::optional<std::string>& target, const std::string& fallback) {
  if (!target || target->empty() || (*target)[0] != '/' || target->starts_with("//") ||
      target->find('\\') != std::string::npos || target->find('\r') != std::string::npos ||
      target->find('\n') != std::string::npos) {
    return fallback;
  }
  return *target;
}

std::string session_cookie(const Settings& settings, const std::string& value, int max_age) {
  std::string c = std::string(kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (settings.cookie_secure) c += "; Secure";
  return c;
}

http::Response login_form(Services& services, Page& page, const std::string& username,
                          const std::string& back, const std::string& error, int status) {
  Data d;
  d.set("username", username);
  d.set("back", back);
  if (!error.empty()) d.set("error", error);
  page.section = "login";
  return render(services, page, "login", d, std::string(msg(page.lang, "login_title")), status);
}

}  // namespace

void register_session_pages(http::Router& router, Services& services) {
  router.get("/dang-nhap", [&services](http::Request& request) {
    auto page = page_for(services, request);
    const auto back = local_path(request.query_param("ve"), "/can-bo");
    if (page.principal) return redirect(back);
    return login_form(services, page, "", back, "", 200);
  });

  router.post("/dang-nhap", [&services](http::Request& request) {
    auto page = page_for(services, request);
    auto form = Form::parse(request, {"csrf_token", "username", "password", "ve"});
    if (!form.ok()) return error_page(services, page, form.error());
    const auto back = local_path(std::optional<std::string>(form->value("ve")), "/can-bo");
    if (auto csrf = check_csrf(page, *form); !csrf.ok()) {
      return login_form(services, page, form->value("username"), back,
                        std::string(msg(page.lang, "err_csrf_mismatch")), 403);
    }
    const auto username = form->value("username");
    const auto password = form->value("password");
    if (input::trim(username).empty() || password.empty()) {
      return login_form(services, page, username, back,
                        std::string(msg(page.lang, "login_missing")), 422);
    }
    auto login =
        services.context.auth.login(input::trim(username), password, request.remote_address);
    if (!login.ok()) {
      const auto& e = login.error();
      std::string message = e.code == "bad_credentials"
                                ? std::string(msg(page.lang, "login_bad_credentials"))
                                : field_error_message(page.lang, e, "");
      return login_form(services, page, username, back, message, status_for(e.kind));
    }
    auto response = redirect(back);
    response.header("Set-Cookie",
                    session_cookie(services.context.settings, login->session_token,
                                   services.context.settings.session_absolute_seconds));
    return response;
  });

  router.post("/dang-xuat", [&services](http::Request& request) {
    auto page = page_for(services, request);
    auto form = Form::parse(request, {"csrf_token"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (page.principal) {
      if (auto csrf = check_csrf(page, *form); !csrf.ok())
        return error_page(services, page, csrf.error());
      (void)services.context.auth.logout(*page.principal);
    }
    auto response = redirect("/");
    response.header("Set-Cookie", session_cookie(services.context.settings, "", 0));
    return response;
  });

  // A preference, not data: a plain link works without JavaScript or a form.
  router.get("/ngon-ngu", [&services](http::Request& request) {
    const auto chosen = request.query_param("chon").value_or("vi");
    auto response = redirect(local_path(request.query_param("ve"), "/"));
    std::string c = std::string(kLangCookie) + "=" + (chosen == "en" ? "en" : "vi") +
                    "; Path=/; SameSite=Lax; Max-Age=31536000";
    if (services.context.settings.cookie_secure) c += "; Secure";
    response.header("Set-Cookie", c);
    return response;
  });
}

}  // namespace doithoai::web
