// Requests and responses as plain values, so that handlers never see Beast or Asio.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace doithoai::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received: "/api/v1/units?at=2021-01-01"
  std::string path;    // percent-decoded path without the query: "/api/v1/units"
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router
  std::string route;  // the matched route pattern, e.g. "/api/v1/units/{code}"

  std::optional<std::string_view> header(std::string_view lower_name) const;
  // The first value of a query parameter, percent-decoded ('+' is a space).
  std::optional<std::string> query_param(std::string_view name) const;
  // Every (name, value) of the query string, decoded, in order.
  std::vector<std::pair<std::string, std::string>> query_params() const;
  std::string path_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A body shared with a cache, sent instead of `body` when set: a large cached response then
  // costs no copy and no allocation per request.
  std::shared_ptr<const std::string> shared_body;

  std::string_view body_view() const { return shared_body ? *shared_body : body; }

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  static Response json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Response text(int status, std::string body,
                       std::string type = "text/plain; charset=utf-8") {
    Response r;
    r.status = status;
    r.content_type = std::move(type);
    r.body = std::move(body);
    return r;
  }
};

// The JSON error body that every failure carries:
// {"error": {"code": "...", "message": "...", "field": "..."}}
Response error_response(int status, std::string_view code, std::string_view message,
                        std::string_view field = {});

// Percent-decodes; returns nullopt on a malformed escape. plus_is_space for query strings.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);
// Escapes a string for inclusion in a JSON string literal (without the quotes).
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace doithoai::http
