// The HTTP/1.1 server (Boost.Beast + Asio coroutines). Only this header is public; Beast and
// Asio stay inside src/http/*.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/router.hpp"

namespace doithoai::http {

class Metrics;

struct ServerConfig {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: pick a free port (see Server::port())
  int io_threads = 2;
  // Pool for RouteOptions::blocking handlers. A write holds its thread until its group commit
  // is on disk, so this bounds how many writes one commit can carry.
  int blocking_threads = 128;
  std::size_t max_connections = 10000;
  std::size_t header_limit = std::size_t{16} * 1024;
  std::size_t body_limit = std::size_t{1024} * 1024;
  std::chrono::seconds read_timeout{10};    // to receive a whole request once it starts: 408
  std::chrono::seconds idle_timeout{60};    // keep-alive wait for the next request
  std::chrono::seconds shutdown_grace{20};  // in-flight requests get this long to finish
  std::string static_dir;                   // served under /static/ with ETag; empty: none
  std::string content_security_policy =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
      "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
  bool log_requests = false;  // every request on stdout (errors are always logged)
};

class Server {
 public:
  Server(ServerConfig config, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. Fails (returns false, with a message) if the address is taken.
  bool listen(std::string& error);
  unsigned short port() const;
  // Serves until SIGTERM/SIGINT or stop(): then stops accepting, lets in-flight requests
  // finish (up to shutdown_grace), closes idle connections and returns.
  void run();
  // Asks run() to shut down gracefully; safe from any thread.
  void stop();
  // Called once listening, before serving (e.g. to print the address).
  std::function<void()> on_ready;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace doithoai::http
