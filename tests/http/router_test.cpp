#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "http/router.hpp"

namespace doithoai::http {
namespace {

Handler answer(std::string body) {
  return [body = std::move(body)](Request&) { return Response::text(200, body); };
}

std::string call(const Match& m) {
  Request r;
  return m.handler ? (*m.handler)(r).body : "<none>";
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.get("/", answer("root"));
    router.get("/healthz", answer("health"));
    router.get("/api/v1/units", answer("units"));
    router.post("/api/v1/units", answer("create unit"));
    router.get("/api/v1/units/{code}", answer("unit"));
    router.del("/api/v1/units/{id}", answer("delete unit"));
    router.post("/api/v1/units/mergers", answer("merge"));
    router.get("/api/v1/units/{code}/agencies/{agency}", answer("agency"));
    router.put("/api/v1/files/{name}/", answer("trailing"));
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  auto m = router.match("GET", "/healthz");
  EXPECT_EQ(call(m), "health");
  EXPECT_EQ(m.pattern, "/healthz");
  EXPECT_TRUE(m.params.empty());
  EXPECT_FALSE(m.options.blocking);
  EXPECT_EQ(call(router.match("GET", "/")), "root");
  EXPECT_EQ(call(router.match("GET", "/api/v1/units")), "units");
}

TEST_F(RouterTest, CapturesPlaceholders) {
  auto m = router.match("GET", "/api/v1/units/31");
  EXPECT_EQ(call(m), "unit");
  EXPECT_EQ(m.pattern, "/api/v1/units/{code}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0], std::make_pair(std::string("code"), std::string("31")));

  m = router.match("GET", "/api/v1/units/31/agencies/HU VB");
  EXPECT_EQ(call(m), "agency");
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[1].first, "agency");
  EXPECT_EQ(m.params[1].second, "HU VB");
}

TEST_F(RouterTest, PlaceholderNamesBelongToEachRoute) {
  auto m = router.match("DELETE", "/api/v1/units/31");
  EXPECT_EQ(call(m), "delete unit");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_TRUE(m.options.blocking);
}

TEST_F(RouterTest, LiteralsWinAndPlaceholdersAreTheFallback) {
  EXPECT_EQ(call(router.match("POST", "/api/v1/units/mergers")), "merge");
  // No GET on the literal "mergers": the placeholder route answers.
  auto m = router.match("GET", "/api/v1/units/mergers");
  EXPECT_EQ(call(m), "unit");
  EXPECT_EQ(m.params.at(0).second, "mergers");
}

TEST_F(RouterTest, UnknownPathsMatchNothing) {
  for (const char* path : {"/nope", "/api/v1", "/api/v1/units/31/extra", "/healthz/",
                           "/api/v1/units//agencies/x", "", "healthz"}) {
    auto m = router.match("GET", path);
    EXPECT_EQ(m.handler, nullptr) << path;
    EXPECT_TRUE(m.allowed_methods.empty()) << path;
  }
}

TEST_F(RouterTest, PlaceholdersDoNotMatchEmptySegments) {
  EXPECT_EQ(router.match("GET", "/api/v1/units/").handler, nullptr);
  EXPECT_EQ(router.match("PUT", "/api/v1/files//").handler, nullptr);
  EXPECT_EQ(call(router.match("PUT", "/api/v1/files/a.txt/")), "trailing");
  EXPECT_EQ(router.match("PUT", "/api/v1/files/a.txt").handler, nullptr);
}

TEST_F(RouterTest, OtherMethodsGiveAllowedMethods) {
  auto m = router.match("PATCH", "/api/v1/units");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "POST"}));

  m = router.match("PUT", "/api/v1/units/31");
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "DELETE"}));

  // Both the literal and the placeholder node match "/units/mergers": the union.
  m = router.match("PUT", "/api/v1/units/mergers");
  auto allowed = m.allowed_methods;
  std::sort(allowed.begin(), allowed.end());
  EXPECT_EQ(allowed, (std::vector<std::string>{"DELETE", "GET", "HEAD", "POST"}));
}

TEST_F(RouterTest, HeadIsServedByGet) {
  auto m = router.match("HEAD", "/healthz");
  EXPECT_EQ(call(m), "health");
  EXPECT_EQ(router.match("HEAD", "/api/v1/units/mergers").pattern, "/api/v1/units/{code}");
  Router own;
  own.get("/x", answer("get"));
  own.add("HEAD", "/x", answer("head"));
  EXPECT_EQ(call(own.match("HEAD", "/x")), "head");
}

TEST_F(RouterTest, MethodsAreCaseSensitive) {
  EXPECT_EQ(router.match("get", "/healthz").handler, nullptr);
}

TEST(Router, RejectsBadPatternsAndDuplicates) {
  Router r;
  EXPECT_THROW(r.get("no-slash", answer("")), std::invalid_argument);
  EXPECT_THROW(r.get("/a/{}", answer("")), std::invalid_argument);
  EXPECT_THROW(r.get("/a/{x", answer("")), std::invalid_argument);
  EXPECT_THROW(r.get("/a/x}", answer("")), std::invalid_argument);
  r.get("/a/{x}", answer(""));
  EXPECT_THROW(r.get("/a/{y}", answer("")), std::logic_error);
  EXPECT_NO_THROW(r.post("/a/{y}", answer("")));
}

TEST(Router, ManyRoutesStayCorrect) {
  Router r;
  for (int i = 0; i < 300; ++i) {
    const std::string base = "/api/v1/r" + std::to_string(i);
    r.get(base, answer("list" + std::to_string(i)));
    r.get(base + "/{id}", answer("one" + std::to_string(i)));
    r.post(base + "/{id}/actions/{action}", answer("act" + std::to_string(i)));
  }
  for (int i = 0; i < 300; i += 37) {
    const std::string base = "/api/v1/r" + std::to_string(i);
    EXPECT_EQ(call(r.match("GET", base)), "list" + std::to_string(i));
    EXPECT_EQ(call(r.match("GET", base + "/9")), "one" + std::to_string(i));
    const auto m = r.match("POST", base + "/9/actions/close");
    EXPECT_EQ(call(m), "act" + std::to_string(i));
    EXPECT_EQ(m.params.at(1).second, "close");
  }
}

}  // namespace
}  // namespace doithoai::http
