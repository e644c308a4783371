// Runs every example of docs/api.md against a real server, in the order of the page: each
// ```http block is sent and compared with the ```json status=N block that follows it.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

struct Example {
  int line = 0;
  std::string method, path, body;
  std::vector<std::pair<std::string, std::string>> headers;
  int status = 0;
  std::string expected;  // the documented JSON (may be empty)
};

std::vector<Example> read_examples(const std::string& path) {
  std::ifstream in(path);
  std::vector<Example> out;
  std::string line;
  int number = 0;
  enum { text, request, response } state = text;
  bool in_body = false;
  const std::regex status_re(R"(```json status=(\d+))");
  while (std::getline(in, line)) {
    ++number;
    std::smatch m;
    if (state == text && line == "```http") {
      out.push_back(Example{});
      out.back().line = number;
      state = request;
      in_body = false;
    } else if (state == text && std::regex_match(line, m, status_re)) {
      if (out.empty())
        throw std::runtime_error("response before request at line " + std::to_string(number));
      out.back().status = std::stoi(m[1]);
      state = response;
    } else if ((state == request || state == response) && line == "```") {
      state = text;
    } else if (state == request) {
      auto& e = out.back();
      if (e.method.empty()) {
        std::istringstream first(line);
        first >> e.method >> e.path;
      } else if (!in_body && line.empty()) {
        in_body = true;
      } else if (in_body) {
        e.body += line + "\n";
      } else {
        const auto colon = line.find(": ");
        e.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
      }
    } else if (state == response) {
      out.back().expected += line + "\n";
    }
  }
  return out;
}

TEST(ApiDocs, EveryExampleRunsAsDocumented) {
  LiveServer server({{"quantri", "admin", "--unit", "31", "mat-khau-cua-quan-tri"},
                     {"tiepnhan", "intake", "--unit", "31"},
                     {"lanhdao", "leader", "--unit", "31"},
                     {"thanhtra", "inspector", "--unit", "31"}});
  // <id> and <code> stand for the id and tracking code of the last response that had them.
  std::map<std::string, std::string> captured;
  const auto examples = read_examples(std::string(DOITHOAI_SOURCE_DIR) + "/docs/api.md");
  ASSERT_GE(examples.size(), 10u);
  for (const auto& e : examples) {
    SCOPED_TRACE("docs/api.md line " + std::to_string(e.line) + ": " + e.method + " " + e.path);
    ASSERT_NE(e.status, 0) << "no documented response";
    std::vector<std::pair<std::string, std::string>> headers;
    auto substitute = [&](std::string text) {
      for (const auto& [placeholder, value] : captured) {
        for (auto at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder)) {
          text.replace(at, placeholder.size(), value);
        }
      }
      return text;
    };
    for (auto [name, value] : e.headers) {
      for (const auto* who : {"quantri", "tiepnhan", "lanhdao", "thanhtra"}) {
        const std::string placeholder = std::string("<") + who + ">";
        const auto at = value.find(placeholder);
        if (at != std::string::npos) value.replace(at, placeholder.size(), server.token(who));
      }
      headers.emplace_back(name, value);
    }
    HttpClient client(server.port());
    const auto r = client.request(e.method, substitute(e.path), headers, substitute(e.body));
    EXPECT_EQ(r.status, e.status) << r.body;
    if (r.status < 300 && !r.body.empty()) {
      const auto body = json::parse(r.body, nullptr, false);
      if (body.is_object() && body.contains("id")) captured["<id>"] = body["id"].dump();
      if (body.is_object() && body.contains("tracking_code")) {
        captured["<code>"] = body["tracking_code"].get<std::string>();
      }
    }
    if (e.expected.find_first_not_of(" \n") == std::string::npos) continue;
    const auto expected = json::parse(e.expected);
    const auto actual = json::parse(r.body);
    for (const auto& [key, value] : expected.items()) {
      if (key == "__set_cookie") {
        EXPECT_NE(r.header("set-cookie").find("HttpOnly"), std::string::npos);
        continue;
      }
      ASSERT_TRUE(actual.contains(key)) << "missing key " << key << " in " << r.body;
      if (key == "error") {
        EXPECT_EQ(actual["error"]["code"], value["code"]);
      }
      // Values the page states as facts (not illustrative ids, tokens or times) must match.
      static const std::set<std::string> kExact = {
          "status",   "code",         "name",       "full_name", "valid_from",
          "valid_to", "predecessors", "successors", "date",      "working_day",
          "username", "display_name", "grants"};
      if (kExact.count(key) != 0) {
        EXPECT_EQ(actual[key], value) << key;
      }
      if (value.is_array() && !value.empty() && value[0].is_object()) {
        ASSERT_TRUE(actual[key].is_array());
        ASSERT_FALSE(actual[key].empty()) << key;
        for (const auto& [k, v] : value[0].items()) {
          EXPECT_TRUE(actual[key][0].contains(k)) << key << "[0]." << k;
        }
      }
    }
  }
}

}  // namespace
}  // namespace doithoai::testsupport
