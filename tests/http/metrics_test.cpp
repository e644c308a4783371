#include <gtest/gtest.h>

#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http/metrics.hpp"

namespace doithoai::http {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (l == line) return true;
  }
  return false;
}

TEST(Metrics, CountsByRouteMethodAndStatus) {
  Metrics m;
  m.observe_request("/api/v1/units/{code}", "GET", 200, 0.0002);
  m.observe_request("/api/v1/units/{code}", "GET", 200, 0.003);
  m.observe_request("/api/v1/units/{code}", "GET", 404, 0.3);
  m.observe_request("/api/v1/units/{code}", "DELETE", 204, 20.0);
  m.observe_request("unmatched", "BREW", 404, 0.001);
  const auto text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE doithoai_http_requests_total counter")) << text;
  EXPECT_TRUE(has_line(
      text,
      R"(doithoai_http_requests_total{route="/api/v1/units/{code}",method="GET",status="200"} 2)"))
      << text;
  EXPECT_TRUE(has_line(
      text,
      R"(doithoai_http_requests_total{route="/api/v1/units/{code}",method="GET",status="404"} 1)"));
  EXPECT_TRUE(has_line(
      text,
      R"(doithoai_http_requests_total{route="/api/v1/units/{code}",method="DELETE",status="204"} 1)"));
  // Unknown methods are one label value, so clients cannot inflate the series.
  EXPECT_TRUE(has_line(
      text, R"(doithoai_http_requests_total{route="unmatched",method="other",status="404"} 1)"));
}

TEST(Metrics, LatencyHistogramIsCumulative) {
  Metrics m;
  m.observe_request("/r", "GET", 200, 0.0002);
  m.observe_request("/r", "GET", 200, 0.003);
  m.observe_request("/r", "GET", 200, 0.3);
  m.observe_request("/r", "GET", 200, 20.0);
  const auto text = m.render();
  const std::string name = "doithoai_http_request_duration_seconds";
  EXPECT_TRUE(has_line(text, "# TYPE " + name + " histogram"));
  EXPECT_TRUE(has_line(text, name + R"(_bucket{route="/r",le="0.0005"} 1)")) << text;
  EXPECT_TRUE(has_line(text, name + R"(_bucket{route="/r",le="0.0025"} 1)"));
  EXPECT_TRUE(has_line(text, name + R"(_bucket{route="/r",le="0.005"} 2)"));
  EXPECT_TRUE(has_line(text, name + R"(_bucket{route="/r",le="0.25"} 2)"));
  EXPECT_TRUE(has_line(text, name + R"(_bucket{route="/r",le="0.5"} 3)"));
  EXPECT_TRUE(has_line(text, name + R"(_bucket{route="/r",le="10"} 3)"));
  EXPECT_TRUE(has_line(text, name + R"(_bucket{route="/r",le="+Inf"} 4)"));
  EXPECT_TRUE(has_line(text, name + R"(_count{route="/r"} 4)"));
  EXPECT_NE(text.find(name + R"(_sum{route="/r"} 20.303)"), std::string::npos) << text;
}

TEST(Metrics, CommitsAndConnections) {
  Metrics m;
  auto text = m.render();
  EXPECT_TRUE(has_line(text, R"(doithoai_db_commit_duration_seconds_bucket{le="+Inf"} 0)"));
  EXPECT_TRUE(has_line(text, "doithoai_db_commit_units_total 0"));
  EXPECT_TRUE(has_line(text, "doithoai_http_connections_open 0"));
  m.observe_commit(0.004, 3);
  m.observe_commit(0.02, 5);
  m.connection_opened();
  m.connection_opened();
  m.connection_closed();
  text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE doithoai_db_commit_duration_seconds histogram"));
  EXPECT_TRUE(has_line(text, R"(doithoai_db_commit_duration_seconds_bucket{le="0.005"} 1)"));
  EXPECT_TRUE(has_line(text, R"(doithoai_db_commit_duration_seconds_bucket{le="0.025"} 2)"));
  EXPECT_TRUE(has_line(text, "doithoai_db_commit_duration_seconds_count 2"));
  EXPECT_TRUE(has_line(text, "# TYPE doithoai_db_commit_units_total counter"));
  EXPECT_TRUE(has_line(text, "doithoai_db_commit_units_total 8"));
  EXPECT_TRUE(has_line(text, "# TYPE doithoai_http_connections_open gauge"));
  EXPECT_TRUE(has_line(text, "doithoai_http_connections_open 1"));
}

TEST(Metrics, EveryFamilyHasHelpAndType) {
  const auto text = Metrics().render();
  for (const char* family :
       {"doithoai_http_requests_total", "doithoai_http_request_duration_seconds",
        "doithoai_db_commit_duration_seconds", "doithoai_db_commit_units_total",
        "doithoai_http_connections_open"}) {
    EXPECT_NE(text.find(std::string("# HELP ") + family + " "), std::string::npos) << family;
    EXPECT_NE(text.find(std::string("# TYPE ") + family + " "), std::string::npos) << family;
  }
  EXPECT_EQ(text.back(), '\n');
}

// A gauge registered from outside (the search index's lag) is read at each scrape, with its
// HELP and TYPE; a value it cannot give is NaN.
TEST(Metrics, RegisteredGaugesAreReadAtEachScrape) {
  Metrics m;
  double lag = 12;
  m.add_gauge("doithoai_test_lag", "Changes not yet indexed.", [&lag] { return lag; });
  m.add_gauge("doithoai_test_broken", "A gauge whose source fails.",
              [] { return std::numeric_limits<double>::quiet_NaN(); });
  auto text = m.render();
  EXPECT_TRUE(has_line(text, "# HELP doithoai_test_lag Changes not yet indexed."));
  EXPECT_TRUE(has_line(text, "# TYPE doithoai_test_lag gauge"));
  EXPECT_TRUE(has_line(text, "doithoai_test_lag 12"));
  EXPECT_TRUE(has_line(text, "doithoai_test_broken NaN"));
  lag = 0;
  text = m.render();
  EXPECT_TRUE(has_line(text, "doithoai_test_lag 0"));
  EXPECT_EQ(text.back(), '\n');
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.observe_request("/a\"b\\c\nd", "GET", 200, 0.001);
  EXPECT_NE(m.render().find(R"(route="/a\"b\\c\nd")"), std::string::npos);
}

TEST(Metrics, ManyStatusesPerRouteAreAllCounted) {
  Metrics m;
  for (int status = 100; status < 600; ++status) m.observe_request("/r", "GET", status, 0.001);
  const auto text = m.render();
  EXPECT_TRUE(
      has_line(text, R"(doithoai_http_requests_total{route="/r",method="GET",status="100"} 1)"));
  EXPECT_TRUE(
      has_line(text, R"(doithoai_http_requests_total{route="/r",method="GET",status="599"} 1)"));
  EXPECT_TRUE(has_line(text, R"(doithoai_http_request_duration_seconds_count{route="/r"} 500)"));
}

TEST(Metrics, ConcurrentObservationsAreNotLost) {
  Metrics m;
  constexpr int kThreads = 4;
  constexpr int kEach = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < kEach; ++i) {
        m.observe_request(i % 2 ? "/a" : "/b/{id}", "GET", t % 2 ? 200 : 201, 0.001);
        if (i % 1000 == 0) (void)m.render();
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto text = m.render();
  EXPECT_TRUE(
      has_line(text, R"(doithoai_http_requests_total{route="/a",method="GET",status="200"} 20000)"))
      << text;
  EXPECT_TRUE(has_line(
      text, R"(doithoai_http_requests_total{route="/a",method="GET",status="201"} 20000)"));
  EXPECT_TRUE(
      has_line(text, R"(doithoai_http_request_duration_seconds_count{route="/b/{id}"} 40000)"));
}

TEST(Metrics, SeparateInstancesDoNotShareCounts) {
  Metrics a;
  a.observe_request("/x", "GET", 200, 0.001);
  {
    Metrics b;
    b.observe_request("/x", "GET", 200, 0.001);
    b.observe_request("/x", "GET", 200, 0.001);
    EXPECT_TRUE(has_line(
        b.render(), R"(doithoai_http_requests_total{route="/x",method="GET",status="200"} 2)"));
  }
  a.observe_request("/x", "GET", 200, 0.001);
  EXPECT_TRUE(has_line(a.render(),
                       R"(doithoai_http_requests_total{route="/x",method="GET",status="200"} 2)"));
}

}  // namespace
}  // namespace doithoai::http
