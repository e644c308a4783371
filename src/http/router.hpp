// The one router: maps (method, path pattern) to a handler. Patterns are literal segments and
// {name} placeholders: "/api/v1/units/{code}". A path that matches with another method is a 405
// with Allow; no match is a 404. Both are JSON errors.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace doithoai::http {

using Handler = std::function<Response(Request&)>;

// A handler that hands its work to another thread and answers when that work is done, without
// holding a thread while it waits (the durable public submission: the store's writer runs it
// and calls back after its group commit). It runs on the connection's I/O thread, so it must
// not block, and calls `respond` exactly once, from any thread, with a Reply: what builds the
// response, run back on the connection's I/O thread.
using Reply = std::function<Response()>;
using Respond = std::function<void(Reply)>;
using AsyncHandler = std::function<void(Request&, Respond)>;

struct RouteOptions {
  // Runs on the blocking pool rather than an I/O thread: anything that waits on the disk
  // (writes, group commit) or burns CPU (password hashing). Reads stay on the I/O threads.
  bool blocking = false;
};

struct Match {
  const Handler* handler = nullptr;
  const AsyncHandler* async_handler = nullptr;  // instead of handler, for an asynchronous route
  RouteOptions options;
  std::string pattern;  // for metrics and logs
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::string> allowed_methods;  // filled when the path exists but not the method
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void get(std::string pattern, Handler h) { add("GET", std::move(pattern), std::move(h)); }
  void post(std::string pattern, Handler h) {
    add("POST", std::move(pattern), std::move(h), RouteOptions{true});
  }
  void put(std::string pattern, Handler h) {
    add("PUT", std::move(pattern), std::move(h), RouteOptions{true});
  }
  void del(std::string pattern, Handler h) {
    add("DELETE", std::move(pattern), std::move(h), RouteOptions{true});
  }
  void post_async(std::string pattern, AsyncHandler h);

  // The handler for a GET (or HEAD) of a path no route knows, outside /api/ and /static/ (the
  // web's page "not found" in HTML); without one, such paths get the JSON 404.
  void fallback(Handler h);

  // Finds the route for a method and percent-decoded path.
  Match match(std::string_view method, std::string_view path) const;

 private:
  struct Impl;
  void insert(std::string method, std::string pattern, Handler handler, AsyncHandler async,
              RouteOptions options);
  std::unique_ptr<Impl> impl_;
};

}  // namespace doithoai::http
