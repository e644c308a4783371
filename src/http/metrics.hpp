// Prometheus metrics kept in memory: requests by route and status, a latency histogram, and
// database commit latency. Thread-safe; cheap enough for every request.
#pragma once

#include <functional>
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
  // A gauge read when the metrics are rendered (a scrape), after the built-in ones: `name`
  // must be a valid metric name; `read` is called on the scraping thread and must be safe
  // there. Register before serving.
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  // The text exposition format (version 0.0.4).
  std::string render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace doithoai::http
