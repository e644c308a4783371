#include <gtest/gtest.h>

#include "http/message.hpp"

namespace doithoai::http {
namespace {

TEST(PercentDecode, DecodesEscapesInAnyCase) {
  EXPECT_EQ(percent_decode("/a%20b%2Fc%2f", false), "/a b/c/");
  EXPECT_EQ(percent_decode("%C3%A0%c3%a0", false), "àà");
  EXPECT_EQ(percent_decode("", false), "");
  EXPECT_EQ(percent_decode("plain", false), "plain");
}

TEST(PercentDecode, PlusIsASpaceOnlyInQueries) {
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
  for (const char* bad : {"%", "%4", "a%", "%zz", "%4g", "%g4", "abc%2", "%%41"}) {
    EXPECT_FALSE(percent_decode(bad, false).has_value()) << bad;
    EXPECT_FALSE(percent_decode(bad, true).has_value()) << bad;
  }
}

TEST(PercentDecode, KeepsNulSoTheServerCanRefuseIt) {
  const auto decoded = percent_decode("a%00b", false);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, std::string("a\0b", 3));
}

Request with_query(std::string query) {
  Request r;
  r.query = std::move(query);
  return r;
}

TEST(Query, ParamsAreDecodedInOrder) {
  const auto r = with_query("at=2021-01-01&name=Ha+N%E1%BB%99i&flag&empty=&at=2022-01-01");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"at", "2021-01-01"}, {"name", "Ha Nội"}, {"flag", ""}, {"empty", ""}, {"at", "2022-01-01"}};
  EXPECT_EQ(r.query_params(), expected);
}

TEST(Query, ParamReturnsTheFirstDecodedValue) {
  const auto r = with_query("a=1&b=x%20y&a=2&c%5B%5D=z&plus=1+1");
  EXPECT_EQ(r.query_param("a"), "1");
  EXPECT_EQ(r.query_param("b"), "x y");
  EXPECT_EQ(r.query_param("c[]"), "z");
  EXPECT_EQ(r.query_param("plus"), "1 1");
  EXPECT_FALSE(r.query_param("missing").has_value());
  EXPECT_FALSE(r.query_param("A").has_value());
}

TEST(Query, MalformedPiecesAreSkipped) {
  const auto r = with_query("&&bad=%zz&good=1&%=x&");
  const std::vector<std::pair<std::string, std::string>> expected = {{"good", "1"}};
  EXPECT_EQ(r.query_params(), expected);
  EXPECT_FALSE(r.query_param("bad").has_value());
  EXPECT_EQ(r.query_param("good"), "1");
  EXPECT_TRUE(with_query("").query_params().empty());
}

TEST(Request, HeaderLookupUsesLowerCaseNames) {
  Request r;
  r.headers = {{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-a"), "1");
  EXPECT_FALSE(r.header("authorization").has_value());
}

TEST(Request, PathParam) {
  Request r;
  r.path_params = {{"code", "31"}, {"id", "7"}};
  EXPECT_EQ(r.path_param("code"), "31");
  EXPECT_EQ(r.path_param("id"), "7");
  EXPECT_EQ(r.path_param("missing"), "");
}

TEST(Cookie, ParsesPairsWithSpacesAndQuotes) {
  Request r;
  r.headers = {{"cookie", "a=1; doithoai_session=abc.DEF-123;  spaced = v ;q=\"quoted\"; flag"}};
  EXPECT_EQ(r.cookie("a"), "1");
  EXPECT_EQ(r.cookie("doithoai_session"), "abc.DEF-123");
  EXPECT_EQ(r.cookie("spaced"), "v");
  EXPECT_EQ(r.cookie("q"), "quoted");
  EXPECT_FALSE(r.cookie("flag").has_value());
  EXPECT_FALSE(r.cookie("missing").has_value());
  EXPECT_FALSE(r.cookie("doithoai").has_value());
}

TEST(Cookie, LooksInEveryCookieHeaderAndTakesTheFirst) {
  Request r;
  r.headers = {{"cookie", "a=1"}, {"cookie", "b=2; a=3"}};
  EXPECT_EQ(r.cookie("a"), "1");
  EXPECT_EQ(r.cookie("b"), "2");
  Request none;
  EXPECT_FALSE(none.cookie("a").has_value());
  Request empty_value;
  empty_value.headers = {{"cookie", "a="}};
  EXPECT_EQ(empty_value.cookie("a"), "");
}

TEST(ErrorResponse, HasTheExactShape) {
  const auto r = error_response(404, "not_found", "Không tìm thấy");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(r.body, R"({"error":{"code":"not_found","message":"Không tìm thấy"}})");
}

TEST(ErrorResponse, IncludesTheFieldOnlyWhenGiven) {
  const auto r = error_response(422, "required", "Thiếu \"date\"", "date");
  EXPECT_EQ(r.body, R"({"error":{"code":"required","message":"Thiếu \"date\"","field":"date"}})");
  EXPECT_EQ(error_response(400, "x", "y", "").body, R"({"error":{"code":"x","message":"y"}})");
}

std::string escaped(std::string_view s) {
  std::string out = "prefix:";
  append_json_escaped(out, s);
  return out;
}

TEST(JsonEscape, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(escaped("plain"), "prefix:plain");
  EXPECT_EQ(escaped("a\"b\\c"), "prefix:a\\\"b\\\\c");
  EXPECT_EQ(escaped("\n\r\t\b\f"), "prefix:\\n\\r\\t\\b\\f");
  EXPECT_EQ(escaped(std::string("\x01\x1f\0", 3)), "prefix:\\u0001\\u001f\\u0000");
  EXPECT_EQ(escaped("/</script>"), "prefix:/</script>");
  EXPECT_EQ(escaped("\x7f"), "prefix:\x7f");
}

TEST(JsonEscape, PassesUtf8Through) {
  EXPECT_EQ(escaped("Đội thoại – 漢字 😀"), "prefix:Đội thoại – 漢字 😀");
  EXPECT_EQ(escaped(""), "prefix:");
}

TEST(Response, Builders) {
  auto r = Response::json(201, "{}");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "{}");
  r.header("ETag", "\"1\"").header("X-A", "b");
  ASSERT_EQ(r.headers.size(), 2u);
  const auto t = Response::text(200, "hi");
  EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace doithoai::http
