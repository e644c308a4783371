// Prometheus metrics kept in memory: requests by route and status, a latency histogram, and
// database commit latency. Thread-safe; cheap enough for every request.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace doithoai::http {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void observe_request(std::string_view route, std::string_view method, int status, double seconds);
  void observe_commit(double seconds, int units);
  void connection_opened();
  void connection_closed();
  // The text exposition format (version 0.0.4).
  std::string render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace doithoai::http
