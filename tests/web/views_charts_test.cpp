// The view counter (counts in memory, writes in batches) and the SVG charts (escaped,
// labelled for screen readers).
#include <gtest/gtest.h>

#include "store/store_test_util.hpp"
#include "web/charts.hpp"
#include "web/views.hpp"

namespace doithoai::web {
namespace {

using store::testing::must;

std::vector<Event> view_batches(store::Store& s) {
  store::EventQuery q;
  q.entity_type = "views";
  q.limit = 100;
  return must(s.events(q));
}

TEST(ViewCounter, CountsInMemoryAndWritesOneBatchAFlush) {
  store::testing::TempDir dir;
  auto s = store::testing::open_migrated(dir.file("views.db"));
  ViewCounter counter(*s, std::chrono::seconds(3600));
  counter.count(7);
  counter.count(7);
  counter.count(9);
  EXPECT_TRUE(view_batches(*s).empty());  // nothing written on the page's path
  counter.flush();
  auto batches = view_batches(*s);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].after_json, R"({"matters":2,"views":3})");
  counter.flush();  // nothing new: no empty batch
  EXPECT_EQ(view_batches(*s).size(), 1u);
  counter.count(7);
  counter.stop();  // what is left is written when the server stops
  batches = view_batches(*s);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].after_json, R"({"matters":1,"views":1})");
  counter.stop();  // idempotent
}

TEST(Charts, BarsAreEscapedAndLabelled) {
  const auto svg = bar_chart_svg("c1", "Theo <lĩnh vực>", "Đất đai: 12",
                                 {{"Đất đai & xây dựng", 12, "12"}, {"<b>x</b>", 3, "3"}}, "navy");
  EXPECT_NE(svg.find(R"(role="img" aria-labelledby="c1-t c1-d")"), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"c1-t\">Theo &lt;lĩnh vực&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find("Đất đai &amp; xây dựng"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  // The largest bar is the full width, the other in proportion.
  EXPECT_NE(svg.find(R"(width="330.0")"), std::string::npos);
  EXPECT_NE(svg.find(R"(width="82.5")"), std::string::npos);
}

TEST(Charts, ColumnsMarkMonthsWithNothingToMeasure) {
  const auto svg = percent_columns_svg("m", "Tỷ lệ", "",
                                       {{"01/2021", 50.0, "50%"}, {"02/2021", std::nullopt, "—"}});
  EXPECT_NE(svg.find(R"(height="100.0")"), std::string::npos);  // half of the 200 px plot
  EXPECT_NE(svg.find(">—</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2021</text>"), std::string::npos);
}

}  // namespace
}  // namespace doithoai::web
