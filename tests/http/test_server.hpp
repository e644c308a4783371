// Runs an http::Server in this process on an ephemeral port, on its own thread; the
// constructor returns once on_ready has fired. stop() (or the destructor) shuts it down and
// waits for run() to return.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace doithoai::http::httptest {

inline ServerConfig test_config() {
  ServerConfig c;
  c.host = "127.0.0.1";
  c.port = 0;
  c.io_threads = 2;
  c.blocking_threads = 4;
  c.read_timeout = std::chrono::seconds(1);
  c.idle_timeout = std::chrono::seconds(5);
  c.shutdown_grace = std::chrono::seconds(5);
  return c;
}

class TestServer {
 public:
  explicit TestServer(const Router& router, ServerConfig config = test_config())
      : server_(std::make_unique<Server>(std::move(config), router, metrics_)) {
    std::string error;
    if (!server_->listen(error)) throw std::runtime_error("listen: " + error);
    std::promise<void> ready;
    auto ready_future = ready.get_future();
    server_->on_ready = [&ready] { ready.set_value(); };
    returned_future_ = returned_.get_future();
    thread_ = std::thread([this] {
      server_->run();
      returned_.set_value();
    });
    ready_future.wait();
  }
  ~TestServer() { stop_and_wait(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  unsigned short port() const { return server_->port(); }
  Server& server() { return *server_; }
  Metrics& metrics() { return metrics_; }

  // Asks for a graceful stop without waiting.
  void stop() { server_->stop(); }
  // True once run() has returned (waits at most `within`).
  bool wait_returned(std::chrono::milliseconds within) {
    if (!thread_.joinable()) return true;
    if (returned_future_.wait_for(within) != std::future_status::ready) return false;
    thread_.join();
    return true;
  }
  void stop_and_wait() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }

 private:
  Metrics metrics_;  // outlives the server
  std::unique_ptr<Server> server_;
  std::promise<void> returned_;
  std::future<void> returned_future_;
  std::thread thread_;
};

}  // namespace doithoai::http::httptest
