// The templates and the message catalogue that are compiled into the binary.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "web/embedded.hpp"
#include "web/internal.hpp"

namespace doithoai::web {
namespace {

TEST(Templates, EveryTemplateParses) {
  int count = 0;
  for (const auto& f : embedded_files()) {
    if (!f.name.starts_with("templates/")) continue;
    kainjow::mustache::mustache t{std::string(f.content)};
    EXPECT_TRUE(t.is_valid()) << f.name << ": " << t.error_message();
    ++count;
  }
  EXPECT_GE(count, 10);
}

TEST(Templates, EveryCatalogueKeyATemplateUsesExists) {
  const std::regex key(R"(\{\{[#^/]?t\.([a-z0-9_]+)\}\})");
  std::set<std::string> missing;
  for (const auto& f : embedded_files()) {
    if (!f.name.starts_with("templates/")) continue;
    const std::string text(f.content);
    for (std::sregex_iterator it(text.begin(), text.end(), key), end; it != end; ++it) {
      if (!has_msg((*it)[1].str())) missing.insert(std::string(f.name) + ": " + (*it)[1].str());
    }
  }
  EXPECT_TRUE(missing.empty()) << *missing.begin();
}

TEST(Templates, NoInlineScriptOrStyle) {
  // The Content-Security-Policy forbids them; a page that used them would break silently.
  for (const auto& f : embedded_files()) {
    if (!f.name.starts_with("templates/")) continue;
    const std::string text(f.content);
    EXPECT_EQ(text.find("<script>"), std::string::npos) << f.name;
    EXPECT_EQ(text.find("style="), std::string::npos) << f.name;
    EXPECT_EQ(text.find("<style"), std::string::npos) << f.name;
    EXPECT_FALSE(std::regex_search(text, std::regex(R"( on[a-z]+=)"))) << f.name;
  }
}

TEST(Templates, ValuesAreEscapedByDefault) {
  Data d;
  d.set("heading", "<script>alert(1)</script>");
  d.set("message", "\"quoted\" & 'single'");
  d.set("status", "400");
  const auto html = render_template("error", d, Lang::vi);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;quoted&quot; &amp; &apos;single&apos;"), std::string::npos);
}

TEST(Catalogue, VietnameseFirstWithEnglishBeside) {
  EXPECT_EQ(msg(Lang::vi, "nav_track"), "Tra cứu");
  EXPECT_EQ(msg(Lang::en, "nav_track"), "Track");
  EXPECT_EQ(msg(Lang::vi, "deadline_left", {"3"}), "còn 3 ngày làm việc");
  EXPECT_EQ(msg(Lang::en, "pager_summary", {"2", "7"}), "Page 2 of 7");
  EXPECT_EQ(msg(Lang::vi, "no_such_key"), "no_such_key");
}

TEST(Catalogue, EveryDomainNameHasAnEnglishName) {
  for (const auto k : all_kinds()) EXPECT_NE(name_of(Lang::en, k), "kind_" + std::string(code(k)));
  for (const auto c : all_channels())
    EXPECT_NE(name_of(Lang::en, c), "channel_" + std::string(code(c)));
  for (const auto s : all_statuses())
    EXPECT_NE(name_of(Lang::en, s), "status_" + std::string(code(s)));
  for (const auto a : lifecycle::all_actions()) {
    EXPECT_NE(name_of(Lang::en, a), "action_" + std::string(lifecycle::code(a)));
    EXPECT_EQ(name_of(Lang::vi, a), lifecycle::name_vi(a));
  }
  for (const auto s : all_statuses()) EXPECT_EQ(name_of(Lang::vi, s), name_vi(s));
}

}  // namespace
}  // namespace doithoai::web
