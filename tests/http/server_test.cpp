// The server in this process on an ephemeral port, driven by the blocking test client.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <latch>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "http/detail/static_files.hpp"
#include "http/test_server.hpp"
#include "support/http_client.hpp"

namespace doithoai::http {
namespace {

using httptest::test_config;
using httptest::TestServer;
using testsupport::HttpClient;
using testsupport::HttpError;
using testsupport::HttpResponse;
using namespace std::chrono_literals;

std::string thread_name(std::thread::id id) {
  std::ostringstream s;
  s << id;
  return s.str();
}

// Routes shared by the tests, with counters to see what ran where.
struct TestApp {
  Router router;
  std::atomic<int> posts{0};
  std::mutex mutex;
  std::set<std::thread::id> inline_threads;
  std::thread::id blocking_thread;
  std::vector<std::thread> workers;  // the threads that answer /later
  std::thread::id reply_thread;

  ~TestApp() {
    for (auto& t : workers) t.join();
  }

  TestApp() {
    // Answered from another thread, as the store's writer answers a durable submission.
    router.post_async("/later", [this](Request& r, Respond respond) {
      if (r.body == "throw") throw std::runtime_error("secret detail");
      std::lock_guard lock(mutex);
      workers.emplace_back([this, body = r.body, respond = std::move(respond)] {
        respond([this, body] {
          std::lock_guard lock(mutex);
          reply_thread = std::this_thread::get_id();
          return Response::json(201, "{\"later\":\"" + body + "\"}");
        });
      });
    });
    router.get("/healthz", [](Request&) { return Response::json(200, R"({"status":"ok"})"); });
    router.get("/items/{id}", [](Request& r) {
      return Response::json(
          200, "{\"id\":\"" + r.path_param("id") + "\",\"route\":\"" + r.route + "\"}");
    });
    router.put("/items/{id}", [](Request&) { return Response::json(200, "{}"); });
    router.post("/items", [this](Request& r) {
      ++posts;
      {
        std::lock_guard lock(mutex);
        blocking_thread = std::this_thread::get_id();
      }
      return Response::json(201, "{\"size\":" + std::to_string(r.body.size()) + "}");
    });
    router.get("/thread", [this](Request&) {
      std::lock_guard lock(mutex);
      inline_threads.insert(std::this_thread::get_id());
      return Response::text(200, thread_name(std::this_thread::get_id()));
    });
    router.get("/echo", [](Request& r) {
      std::string out;
      for (const auto& [k, v] : r.query_params()) out += "q:" + k + "=" + v + "\n";
      out += "path:" + r.path + "\n";
      out += "query:" + r.query + "\n";
      out += "cookie:" + r.cookie("sid").value_or("-") + "\n";
      out += "agent:" + std::string(r.header("user-agent").value_or("-")) + "\n";
      out += "remote:" + r.remote_address + "\n";
      return Response::text(200, out);
    });
    router.get("/throw", [](Request&) -> Response { throw std::runtime_error("secret detail"); });
    router.add(
        "POST", "/throw-blocking", [](Request&) -> Response { throw 42; }, RouteOptions{true});
    router.get("/custom", [](Request&) {
      Response r = Response::json(200, "{}");
      r.header("Cache-Control", "private, max-age=5");
      r.header("X-Frame-Options", "SAMEORIGIN");
      r.header("X-Bad", "a\r\nInjected: yes");
      return r;
    });
    router.del("/items/{id}", [](Request&) {
      Response r;
      r.status = 204;
      return r;
    });
  }
};

void expect_security_headers(const HttpResponse& r) {
  EXPECT_NE(r.header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "same-origin");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_EQ(r.header("cross-origin-opener-policy"), "same-origin");
  EXPECT_FALSE(r.header("permissions-policy").empty());
}

void expect_error(const HttpResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.body.rfind("{\"error\":{\"code\":\"" + code + "\",\"message\":\"", 0), 0u) << r.body;
  EXPECT_EQ(r.body.substr(r.body.size() - 3), "\"}}") << r.body;
  EXPECT_EQ(r.body.find("\"field\""), std::string::npos) << r.body;
  expect_security_headers(r);
}

class ServerTest : public ::testing::Test {
 protected:
  TestApp app;
};

TEST_F(ServerTest, RoutesWithParams) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.header("content-length"), std::to_string(r.body.size()));
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_FALSE(r.header("date").empty());
  expect_security_headers(r);

  r = client.request("GET", "/items/A%2042?x=1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"id":"A 42","route":"/items/{id}"})");
}

TEST_F(ServerTest, AnAsynchronousRouteAnswersFromAnotherThreadOnTheConnection) {
  TestServer server(app.router);
  HttpClient client(server.port());
  for (int i = 0; i < 3; ++i) {  // one keep-alive connection, one answer after another
    auto r = client.request("POST", "/later", {}, "x" + std::to_string(i));
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.body, "{\"later\":\"x" + std::to_string(i) + "\"}");
    expect_security_headers(r);
  }
  {
    std::lock_guard lock(app.mutex);
    // The reply was built back on the connection's I/O thread, not on the worker.
    for (const auto& t : app.workers) EXPECT_NE(app.reply_thread, t.get_id());
  }
  auto r = client.request("POST", "/later", {}, "throw");
  expect_error(r, 500, "internal");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST_F(ServerTest, UnknownPathIs404Json) {
  TestServer server(app.router);
  HttpClient client(server.port());
  expect_error(client.request("GET", "/nope"), 404, "not_found");
  expect_error(client.request("GET", "/items/1/more"), 404, "not_found");
}

TEST_F(ServerTest, OtherMethodIs405WithAllow) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("PATCH", "/items/7", {}, "{}");
  expect_error(r, 405, "method_not_allowed");
  EXPECT_EQ(r.header("allow"), "GET, HEAD, PUT, DELETE");
  r = client.request("GET", "/items");
  expect_error(r, 405, "method_not_allowed");
  EXPECT_EQ(r.header("allow"), "POST");
}

TEST_F(ServerTest, HeadIsAnsweredByGetWithoutBody) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("HEAD", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("content-length"), "15");
  // The connection is still in step: the next response is read correctly.
  EXPECT_EQ(client.request("GET", "/healthz").body, R"({"status":"ok"})");
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, NoContentHasNoBodyOrLength) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("DELETE", "/items/3");
  EXPECT_EQ(r.status, 204);
  EXPECT_FALSE(r.has_header("content-length"));
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);
}

TEST_F(ServerTest, QueryCookiesAndHeadersReachTheHandler) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("GET", "/echo?name=Nguy%E1%BB%85n+V%C4%83n&x=1&x=2",
                          {{"Cookie", "a=1; sid=s3cr3t"}, {"User-Agent", "UnitTest/1"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("q:name=Nguyễn Văn\nq:x=1\nq:x=2\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("path:/echo\n"), std::string::npos);
  EXPECT_NE(r.body.find("query:name=Nguy%E1%BB%85n+V%C4%83n&x=1&x=2\n"), std::string::npos);
  EXPECT_NE(r.body.find("cookie:s3cr3t\n"), std::string::npos);
  EXPECT_NE(r.body.find("agent:UnitTest/1\n"), std::string::npos);
  EXPECT_NE(r.body.find("remote:127.0.0.1\n"), std::string::npos);
}

TEST_F(ServerTest, HandlerHeadersOverrideDefaultsButCannotInject) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("GET", "/custom");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("cache-control"), "private, max-age=5");
  EXPECT_EQ(r.header_values("cache-control").size(), 1u);
  EXPECT_EQ(r.header("x-frame-options"), "SAMEORIGIN");
  EXPECT_EQ(r.header_values("x-frame-options").size(), 1u);
  EXPECT_FALSE(r.has_header("x-bad"));
  EXPECT_FALSE(r.has_header("injected"));
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  TestServer server(app.router);
  HttpClient client(server.port());
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);
  EXPECT_EQ(client.request("GET", "/items/2").status, 200);
  EXPECT_EQ(client.request("POST", "/items", {}, "abc").status, 201);
  EXPECT_EQ(client.connections_opened(), 1);
  EXPECT_TRUE(client.is_open());
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("GET", "/healthz", {{"Connection", "close"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_FALSE(client.is_open());

  HttpClient old(server.port());
  ASSERT_TRUE(old.send_raw("GET /healthz HTTP/1.0\r\n\r\n"));
  r = old.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(old.wait_closed(2s));

  HttpClient old_keep(server.port());
  ASSERT_TRUE(old_keep.send_raw("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  r = old_keep.read_response();
  EXPECT_EQ(r.header("connection"), "keep-alive");
  ASSERT_TRUE(old_keep.send_raw("GET /items/5 HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(old_keep.read_response().status, 200);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  TestServer server(app.router);
  HttpClient client(server.port());
  ASSERT_TRUE(client.send_raw(
      "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(client.read_response().body, R"({"id":"1","route":"/items/{id}"})");
  EXPECT_EQ(client.read_response().body, R"({"id":"2","route":"/items/{id}"})");
}

TEST_F(ServerTest, ChunkedRequestBodyIsRead) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("POST", "/items", {{"Transfer-Encoding", "chunked"}},
                          "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"size":7})");
}

TEST_F(ServerTest, BodyOverTheLimitIs413AndNothingRuns) {
  auto config = test_config();
  config.body_limit = 1024;
  TestServer server(app.router, config);
  HttpClient client(server.port());
  EXPECT_EQ(client.request("POST", "/items", {}, std::string(1024, 'a')).status, 201);
  EXPECT_EQ(app.posts.load(), 1);

  auto r = client.request("POST", "/items", {}, std::string(200 * 1024, 'a'));
  expect_error(r, 413, "payload_too_large");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(app.posts.load(), 1);

  // Chunked: the limit applies as the body arrives.
  HttpClient chunked(server.port());
  std::string body;
  for (int i = 0; i < 4; ++i) body += "200\r\n" + std::string(512, 'b') + "\r\n";
  body += "0\r\n\r\n";
  r = chunked.request("POST", "/items", {{"Transfer-Encoding", "chunked"}}, body);
  expect_error(r, 413, "payload_too_large");
  EXPECT_EQ(app.posts.load(), 1);
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponse) {
  auto config = test_config();
  config.body_limit = 1024;
  TestServer server(app.router, config);
  HttpClient client(server.port());
  ASSERT_TRUE(client.send_raw(
      "POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  // The client waits for the 100 before sending the body (read_response skips 1xx, so look at
  // the raw bytes through a second response read after the body).
  ASSERT_TRUE(client.send_raw("hello"));
  auto r = client.read_response();
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"size":5})");

  // Over the limit: 413 at once, without a 100 and without waiting for the body.
  HttpClient big(server.port());
  ASSERT_TRUE(big.send_raw(
      "POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\nExpect: 100-continue\r\n\r\n"));
  expect_error(big.read_response(), 413, "payload_too_large");
  EXPECT_EQ(app.posts.load(), 1);
}

TEST_F(ServerTest, HeaderOverTheLimitIs431) {
  auto config = test_config();
  config.header_limit = 1024;
  TestServer server(app.router, config);
  HttpClient client(server.port());
  auto r = client.request("GET", "/healthz", {{"X-Big", std::string(4000, 'x')}});
  expect_error(r, 431, "header_too_large");
  EXPECT_EQ(r.header("connection"), "close");
  HttpClient fine(server.port());
  EXPECT_EQ(fine.request("GET", "/healthz", {{"X-Small", std::string(500, 'x')}}).status, 200);
}

TEST_F(ServerTest, StalledRequestGets408WithinTheReadTimeout) {
  TestServer server(app.router);  // read_timeout 1 s
  HttpClient client(server.port());
  client.set_timeout(5s);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // and nothing more
  const auto r = client.read_response();
  const auto waited = std::chrono::steady_clock::now() - start;
  expect_error(r, 408, "request_timeout");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 3s);
  EXPECT_TRUE(client.wait_closed(2s));
}

TEST_F(ServerTest, TricklingClientCannotHoldTheConnection) {
  TestServer server(app.router);  // read_timeout 1 s
  HttpClient client(server.port());
  client.set_timeout(5s);
  const auto start = std::chrono::steady_clock::now();
  // One byte every 100 ms would take 6 s for this header: the server cuts it at 1 s.
  const std::string request =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(20, 's') + "\r\n\r\n";
  client.send_slowly(request, 100ms);
  const auto r = client.read_response();
  expect_error(r, 408, "request_timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedSilently) {
  auto config = test_config();
  config.idle_timeout = 1s;
  TestServer server(app.router, config);
  HttpClient client(server.port());
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.wait_closed(4s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST_F(ServerTest, SilentNewConnectionIsClosedAfterTheReadTimeout) {
  auto config = test_config();  // read_timeout 1 s, idle_timeout 5 s
  TestServer server(app.router, config);
  HttpClient client(server.port());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.wait_closed(4s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(ServerTest, MalformedRequestsAre400) {
  TestServer server(app.router);
  for (const std::string& raw :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET /healthz HTTX/1.1\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n"),
        std::string("POST /items HTTP/1.1\r\nContent-Length: abc\r\n\r\n")}) {
    HttpClient client(server.port());
    ASSERT_TRUE(client.send_raw(raw));
    const auto r = client.read_response();
    expect_error(r, 400, "bad_request");
    EXPECT_TRUE(client.wait_closed(3s)) << raw;
  }
  EXPECT_EQ(app.posts.load(), 0);
}

TEST_F(ServerTest, UndecodablePathsAre400) {
  TestServer server(app.router);
  for (const char* target : {"/items/%zz", "/items/%", "/items/a%00b"}) {
    HttpClient client(server.port());
    expect_error(client.request("GET", target), 400, "bad_request");
  }
}

TEST_F(ServerTest, HandlerExceptionIs500Json) {
  TestServer server(app.router);
  HttpClient client(server.port());
  auto r = client.request("GET", "/throw");
  expect_error(r, 500, "internal");
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);
  r = client.request("POST", "/throw-blocking", {}, "x");
  expect_error(r, 500, "internal");
  // The connection survives a failed handler.
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, BlockingHandlersRunOffTheIoThreads) {
  auto config = test_config();
  config.io_threads = 1;
  TestServer server(app.router, config);
  HttpClient client(server.port());
  const auto io = client.request("GET", "/thread");
  ASSERT_EQ(io.status, 200);
  const auto posted = client.request("POST", "/items", {}, "{}");
  ASSERT_EQ(posted.status, 201);
  // After the blocking handler the same connection goes on serving from the I/O thread.
  const auto again = client.request("GET", "/thread");
  EXPECT_EQ(again.body, io.body);
  std::lock_guard lock(app.mutex);
  ASSERT_EQ(app.inline_threads.size(), 1u);
  EXPECT_NE(app.blocking_thread, std::thread::id{});
  EXPECT_NE(app.blocking_thread, *app.inline_threads.begin());
  EXPECT_NE(app.blocking_thread, std::this_thread::get_id());
}

TEST_F(ServerTest, ManyConcurrentClientsMixingBlockingAndInline) {
  TestServer server(app.router);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&] {
      HttpClient client(server.port());
      for (int i = 0; i < 50; ++i) {
        if (client.request("GET", "/items/" + std::to_string(i)).status == 200) ++ok;
        if (client.request("POST", "/items", {}, "x").status == 201) ++ok;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), 8 * 50 * 2);
  EXPECT_EQ(app.posts.load(), 8 * 50);
}

TEST_F(ServerTest, MetricsCountRoutesAndStatuses) {
  TestServer server(app.router);
  HttpClient client(server.port());
  client.request("GET", "/items/1");
  client.request("GET", "/items/2");
  client.request("GET", "/nope");
  client.request("PATCH", "/items/1");
  const auto text = server.metrics().render();
  EXPECT_NE(
      text.find(R"(doithoai_http_requests_total{route="/items/{id}",method="GET",status="200"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(doithoai_http_requests_total{route="unmatched",method="GET",status="404"} 1)"),
      std::string::npos);
  EXPECT_NE(
      text.find(R"(doithoai_http_requests_total{route="unmatched",method="PATCH",status="405"} 1)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(doithoai_http_request_duration_seconds_count{route="/items/{id}"} 2)"),
            std::string::npos);
  EXPECT_NE(text.find("doithoai_http_connections_open 1"), std::string::npos);
}

TEST_F(ServerTest, RequestLoggingDoesNotBreakServing) {
  auto config = test_config();
  config.log_requests = true;
  TestServer server(app.router, config);
  HttpClient client(server.port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(client.request("GET", "/items/x?secret=1").status, 200);
  EXPECT_EQ(client.request("GET", "/throw").status, 500);
}

// Static files ---------------------------------------------------------------------------------

class StaticFilesTest : public ServerTest {
 protected:
  void SetUp() override {
    std::random_device rd;
    root = std::filesystem::temp_directory_path() /
           ("doithoai-static-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(root / "public" / "css");
    write(root / "public" / "css" / "app.css", "body { color: #123; }\n");
    write(root / "public" / "app.js", "console.log('hi');\n");
    write(root / "public" / "icon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    write(root / "public" / ".env", "SECRET=1\n");
    write(root / "secret.txt", "outside\n");
    std::filesystem::create_symlink(root / "secret.txt", root / "public" / "link.txt");
  }
  void TearDown() override { std::filesystem::remove_all(root); }
  static void write(const std::filesystem::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
  }
  ServerConfig config() {
    auto c = test_config();
    c.static_dir = (root / "public").string();
    return c;
  }
  std::filesystem::path root;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeEtagAndCaching) {
  TestServer server(app.router, config());
  HttpClient client(server.port());
  auto r = client.request("GET", "/static/css/app.css");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "body { color: #123; }\n");
  EXPECT_EQ(r.header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "public, max-age=3600");
  const auto etag = r.header("etag");
  ASSERT_GE(etag.size(), 3u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  expect_security_headers(r);

  EXPECT_EQ(client.request("GET", "/static/app.js").header("content-type"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(client.request("GET", "/static/icon.svg").header("content-type"), "image/svg+xml");

  auto again = client.request("GET", "/static/css/app.css", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  again = client.request("GET", "/static/css/app.css", {{"If-None-Match", "\"x\", W/" + etag}});
  EXPECT_EQ(again.status, 304);
  again = client.request("GET", "/static/css/app.css", {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(again.status, 200);

  auto head = client.request("HEAD", "/static/css/app.css");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), "22");
  EXPECT_EQ(client.connections_opened(), 1);

  expect_error(client.request("POST", "/static/app.js", {}, "x"), 405, "method_not_allowed");
}

TEST_F(StaticFilesTest, EtagChangesWithTheContent) {
  TestServer server(app.router, config());
  HttpClient client(server.port());
  const auto first = client.request("GET", "/static/app.js").header("etag");
  write(root / "public" / "app.js", "console.log('changed, and longer');\n");
  const auto r = client.request("GET", "/static/app.js", {{"If-None-Match", first}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log('changed, and longer');\n");
  EXPECT_NE(r.header("etag"), first);
}

TEST_F(StaticFilesTest, RefusesTraversalHiddenFilesAndDirectories) {
  TestServer server(app.router, config());
  for (const char* target :
       {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/css/../../secret.txt",
        "/static/css/%2E%2E/%2E%2E/secret.txt", "/static//etc/passwd", "/static/%2Fetc%2Fpasswd",
        "/static/.env", "/static/link.txt", "/static/css", "/static/css/", "/static/",
        "/static/missing.css", "/static/./app.js", "/static/css\\..\\..\\secret.txt"}) {
    HttpClient client(server.port());
    const auto r = client.request("GET", target);
    EXPECT_TRUE(r.status == 404 || r.status == 400) << target << ": " << r.status << r.body;
    EXPECT_EQ(r.body.find("outside"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << target;
  }
}

TEST(StaticHelpers, SafeRelativePaths) {
  using detail::safe_relative_path;
  EXPECT_TRUE(safe_relative_path("app.css"));
  EXPECT_TRUE(safe_relative_path("a/b/c.js"));
  for (const char* bad : {"", "/etc/passwd", "..", "a/../b", "./a", "a//b", "a/", ".git/config",
                          "a\\b", "a/.hidden"}) {
    EXPECT_FALSE(safe_relative_path(bad)) << bad;
  }
}

TEST(StaticHelpers, EtagMatching) {
  using detail::etag_matches;
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\" , \"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abd\"", "\"abc\""));
  EXPECT_FALSE(etag_matches("", "\"abc\""));
  EXPECT_EQ(detail::content_type_for("x/y.WOFF2"), "font/woff2");
  EXPECT_EQ(detail::content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(detail::content_type_for("a.png"), "image/png");
  EXPECT_EQ(detail::content_type_for("README"), "application/octet-stream");
}

// Limits, shutdown -----------------------------------------------------------------------------

TEST_F(ServerTest, MaxConnectionsIsRespected) {
  auto config = test_config();
  config.max_connections = 2;
  TestServer server(app.router, config);
  HttpClient a(server.port()), b(server.port());
  ASSERT_EQ(a.request("GET", "/healthz").status, 200);
  ASSERT_EQ(b.request("GET", "/healthz").status, 200);

  // A third connection is answered 503 (or, at worst, dropped) and never served.
  try {
    HttpClient c(server.port());
    c.set_timeout(5s);
    const auto r = c.request("GET", "/healthz");
    expect_error(r, 503, "server_busy");
    EXPECT_EQ(r.header("connection"), "close");
  } catch (const HttpError&) {
  }
  EXPECT_EQ(a.request("GET", "/healthz").status, 200);

  // Once one closes, a new client is served (the server notices the close asynchronously).
  a.close();
  bool served = false;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!served && std::chrono::steady_clock::now() < deadline) {
    try {
      HttpClient d(server.port());
      served = d.request("GET", "/healthz").status == 200;
    } catch (const HttpError&) {
    }
  }
  EXPECT_TRUE(served);
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightRequests) {
  std::latch release(1);
  std::promise<void> entered;
  Router router;
  router.get("/healthz", [](Request&) { return Response::json(200, "{}"); });
  router.post("/slow", [&](Request&) {
    entered.set_value();
    release.wait();
    return Response::json(200, R"({"done":true})");
  });
  TestServer server(router);

  // An idle kept-alive connection, and a request in flight.
  HttpClient idle(server.port());
  ASSERT_EQ(idle.request("GET", "/healthz").status, 200);
  auto in_flight = std::async(std::launch::async, [port = server.port()] {
    HttpClient client(port);
    return client.request("POST", "/slow", {}, "{}");
  });
  entered.get_future().wait();

  const auto stop_at = std::chrono::steady_clock::now();
  server.stop();

  // The idle connection is closed promptly (idle_timeout is 5 s).
  EXPECT_TRUE(idle.wait_closed(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - stop_at, 3s);

  // New connections are refused once the acceptor is closed.
  bool refused = false;
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    try {
      HttpClient late(server.port());
      late.set_timeout(2s);
      late.request("GET", "/healthz");
    } catch (const HttpError&) {
      refused = true;
    }
  }
  EXPECT_TRUE(refused);

  // run() waits for the request in flight...
  EXPECT_FALSE(server.wait_returned(200ms));
  release.count_down();
  const auto r = in_flight.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"done":true})");
  EXPECT_EQ(r.header("connection"), "close");
  // ...and then returns.
  EXPECT_TRUE(server.wait_returned(5s));
}

TEST_F(ServerTest, ShutdownGraceBoundsTheWait) {
  std::latch release(1);
  std::promise<void> entered;
  Router router;
  router.post("/stuck", [&](Request&) {
    entered.set_value();
    release.wait();
    return Response::json(200, "{}");
  });
  auto config = test_config();
  config.shutdown_grace = 1s;
  TestServer server(router, config);
  auto in_flight = std::async(std::launch::async, [port = server.port()] {
    HttpClient client(port);
    try {
      return client.request("POST", "/stuck", {}, "{}").status;
    } catch (const HttpError&) {
      return 0;
    }
  });
  entered.get_future().wait();
  const auto start = std::chrono::steady_clock::now();
  server.stop();
  // The I/O side gives up after the grace period; the connection is closed...
  EXPECT_EQ(in_flight.get(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  // ...and run() returns once the stuck handler's thread is free.
  release.count_down();
  EXPECT_TRUE(server.wait_returned(5s));
}

TEST_F(ServerTest, SigtermStopsTheServer) {
  TestServer server(app.router);
  HttpClient client(server.port());
  ASSERT_EQ(client.request("GET", "/healthz").status, 200);
  std::raise(SIGTERM);
  EXPECT_TRUE(server.wait_returned(5s));
}

TEST_F(ServerTest, StopWithoutTrafficReturnsAtOnce) {
  TestServer server(app.router);
  EXPECT_NE(server.port(), 0);
  const auto start = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_TRUE(server.wait_returned(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(ServerTest, ListenFailsWhenThePortIsTaken) {
  TestServer first(app.router);
  auto config = test_config();
  config.port = first.port();
  Metrics metrics;
  Server second(config, app.router, metrics);
  std::string error;
  EXPECT_FALSE(second.listen(error));
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace doithoai::http
