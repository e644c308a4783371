// What the web integration tests do as a browser would: encode a form, read a cookie the server
// set, and find the CSRF token a page's forms carry.
#pragma once

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "support/http_client.hpp"

namespace doithoai::testsupport {

// application/x-www-form-urlencoded: letters, digits and -_. as they are, every other byte %XX.
inline std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    for (const unsigned char c : v) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
  }
  return out;
}

// The value of the cookie `name` the response sets ("" if none).
inline std::string cookie_value(const HttpResponse& r, const std::string& name) {
  for (const auto& c : r.header_values("set-cookie")) {
    if (c.rfind(name + "=", 0) == 0)
      return c.substr(name.size() + 1, c.find(';') - name.size() - 1);
  }
  return {};
}

// The CSRF token of the first form on the page ("" if none).
inline std::string csrf_in(const std::string& html) {
  static const std::regex kToken(R"(name="csrf_token" value="([^"]+)\")");
  std::smatch m;
  return std::regex_search(html, m, kToken) ? m[1].str() : std::string();
}

}  // namespace doithoai::testsupport
