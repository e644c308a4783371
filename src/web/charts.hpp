// Charts drawn on the server as inline SVG (no script): horizontal bars for a breakdown and
// columns for a series over time. Each chart is an <svg role="img"> with its <title> and
// <desc>; every text in it is escaped here. The page shows the same numbers as a table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace doithoai::web {

// &, <, >, " and ' as entities: safe in element content and in quoted attributes.
std::string html_escape(std::string_view s);

struct Bar {
  std::string label;
  std::int64_t value = 0;
  std::string value_text;  // as shown beside the bar ("6.247")
};

// One bar a row, longest first as given; `tone` picks the colour class ("navy", "red").
std::string bar_chart_svg(const std::string& id, const std::string& title,
                          const std::string& description, const std::vector<Bar>& bars,
                          std::string_view tone);

struct Column {
  std::string label;            // "01/2026"
  std::optional<double> value;  // 0..100 (a percentage); empty: nothing to measure that month
  std::string value_text;       // "92,31%" or "—"
};

// Columns on a 0-100% scale with grid lines at 25%, for the on-time rate month by month.
std::string percent_columns_svg(const std::string& id, const std::string& title,
                                const std::string& description, const std::vector<Column>& columns);

}  // namespace doithoai::web
