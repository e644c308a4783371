// The streaming JSON writer of the matter list writes what nlohmann::json would: the same
// escapes, the same values, parseable back to the same document.
#include "api/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace doithoai::api {
namespace {

using nlohmann::json;

TEST(JsonWriter, EscapesStringsAsNlohmannDoes) {
  std::string nasty = "quote \" backslash \\ slash / tab \t newline \n cr \r bell ";
  nasty += '\x07';
  nasty += " nul ";
  nasty += '\0';
  nasty += " unit separator ";
  nasty += '\x1f';
  nasty += " Tiếng Việt đường ";
  std::string out;
  JsonWriter(out).str(nasty);
  EXPECT_EQ(out, json(nasty).dump());
  EXPECT_EQ(json::parse(out).get<std::string>(), nasty);
}

TEST(JsonWriter, WritesNestedObjectsAndArraysWithTheirCommas) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a").begin_array().num(1).num(-2).str("x").boolean(true).null().end_array();
  w.key("b").begin_object().key("c").str_or_null("").key("d").date_or_null(Date{2021, 6, 1});
  w.end_object();
  w.key("e").begin_array().end_array();
  w.key("f").begin_array().begin_object().end_object().begin_object().key("g").num(0);
  w.end_object().end_array();
  w.end_object();
  const json expected = {{"a", {1, -2, "x", true, nullptr}},
                         {"b", {{"c", nullptr}, {"d", "2021-06-01"}}},
                         {"e", json::array()},
                         {"f", {json::object(), {{"g", 0}}}}};
  EXPECT_EQ(out, expected.dump());
}

}  // namespace
}  // namespace doithoai::api
