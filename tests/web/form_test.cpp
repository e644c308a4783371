#include "web/form.hpp"

#include <gtest/gtest.h>

namespace doithoai::web {
namespace {

constexpr std::string_view kType = "application/x-www-form-urlencoded";

TEST(Form, ReadsPercentEncodedVietnameseValues) {
  auto form = Form::parse_body(kType, "title=%C4%90%C6%B0%E1%BB%9Dng+h%E1%BB%8Fng&kind=phan_anh",
                               {"title", "kind"});
  ASSERT_TRUE(form.ok()) << form.error().message;
  EXPECT_EQ(form->value("title"), "Đường hỏng");
  EXPECT_EQ(*form->string("title"), "Đường hỏng");
  EXPECT_EQ(form->value("missing"), "");
}

TEST(Form, AcceptsACharsetParameterAndUpperCaseType) {
  EXPECT_TRUE(
      Form::parse_body("Application/X-WWW-Form-Urlencoded; charset=UTF-8", "a=1", {"a"}).ok());
}

TEST(Form, RefusesOtherContentTypes) {
  auto form = Form::parse_body("application/json", "{}", {"a"});
  ASSERT_FALSE(form.ok());
  EXPECT_EQ(form.error().kind, ErrorKind::unsupported_media);
  EXPECT_FALSE(Form::parse_body("", "a=1", {"a"}).ok());
  EXPECT_FALSE(Form::parse_body("multipart/form-data; boundary=x", "a=1", {"a"}).ok());
}

TEST(Form, RefusesUnknownDuplicatedAndMalformedFields) {
  auto unknown = Form::parse_body(kType, "a=1&admin=1", {"a"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_field");
  EXPECT_EQ(unknown.error().field, "admin");

  auto twice = Form::parse_body(kType, "a=1&a=2", {"a"});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, ErrorKind::bad_request);

  auto escape = Form::parse_body(kType, "a=%zz", {"a"});
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.error().kind, ErrorKind::bad_request);

  auto utf8 = Form::parse_body(kType, "a=%C3%28", {"a"});
  ASSERT_FALSE(utf8.ok());
  EXPECT_EQ(utf8.error().code, "invalid_utf8");

  EXPECT_FALSE(Form::parse_body(kType, "=1", {"a"}).ok());
}

TEST(Form, EmptyBodyAndEmptyPairsAreFine) {
  auto form = Form::parse_body(kType, "&&a=&", {"a"});
  ASSERT_TRUE(form.ok());
  EXPECT_TRUE(form->has("a"));
  auto required = form->string("a");
  ASSERT_FALSE(required.ok());
  EXPECT_EQ(required.error().code, "required");
  EXPECT_EQ(required.error().field, "a");
}

TEST(Form, IntegersAreWholeNumbers) {
  auto form = Form::parse_body(kType, "n=42&bad=4x&empty=&neg=-1", {"n", "bad", "empty", "neg"});
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(**form->integer("n"), 42);
  EXPECT_FALSE(*form->integer("empty"));
  EXPECT_FALSE(*form->integer("absent"));
  EXPECT_EQ(form->integer("bad").error().code, "wrong_type");
  EXPECT_EQ(form->integer("neg").error().code, "wrong_type");
}

TEST(Form, VietnameseDatesAreReadAsIsoAndShownAsTyped) {
  auto form = Form::parse_body(kType, "date=05%2F03%2F2026&other=2026-03-05&bad=31%2F02%2F2026",
                               {"date", "other", "bad"});
  ASSERT_TRUE(form.ok());
  form->accept_vietnamese_date("date");
  form->accept_vietnamese_date("bad");
  EXPECT_EQ(*form->date("date"), (Date{2026, 3, 5}));
  EXPECT_EQ(form->value("date"), "05/03/2026");
  EXPECT_EQ(*form->date("other"), (Date{2026, 3, 5}));
  EXPECT_EQ(form->date("bad").error().code, "bad_date");
}

TEST(Form, StringsAreTrimmedAndLengthChecked) {
  auto form = Form::parse_body(kType, "a=++x++&b=abcdef", {"a", "b"});
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(*form->string("a"), "x");
  EXPECT_EQ(form->string("b", 3).error().code, "too_long");
}

}  // namespace
}  // namespace doithoai::web
