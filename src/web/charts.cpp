#include "web/charts.hpp"

#include <algorithm>
#include <cstdio>

#include "domain/text.hpp"

namespace doithoai::web {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A label cut to fit its column, on a character (not byte) boundary.
std::string fit(const std::string& label, std::size_t max_bytes) {
  if (label.size() <= max_bytes) return label;
  return text::truncate_utf8(label, max_bytes) + "…";
}

std::string open_svg(const std::string& id, const std::string& title,
                     const std::string& description, int width, int height,
                     std::string_view css_class) {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ";
  out.append(css_class)
      .append("\" viewBox=\"0 0 ")
      .append(std::to_string(width))
      .append(" ")
      .append(std::to_string(height))
      .append("\" role=\"img\" aria-labelledby=\"")
      .append(id)
      .append("-t ")
      .append(id)
      .append("-d\"><title id=\"")
      .append(id)
      .append("-t\">")
      .append(html_escape(title))
      .append("</title><desc id=\"")
      .append(id)
      .append("-d\">")
      .append(html_escape(description))
      .append("</desc>");
  return out;
}

}  // namespace

std::string bar_chart_svg(const std::string& id, const std::string& title,
                          const std::string& description, const std::vector<Bar>& bars,
                          std::string_view tone) {
  constexpr int kWidth = 640, kLabel = 230, kRow = 30, kBarMax = 330;
  const int height = std::max<int>(1, static_cast<int>(bars.size())) * kRow + 8;
  std::int64_t top = 1;
  for (const auto& b : bars) top = std::max(top, b.value);
  std::string out = open_svg(id, title, description, kWidth, height,
                             std::string("chart-bars tone-").append(tone));
  int y = 4;
  for (const auto& b : bars) {
    const double w =
        b.value <= 0
            ? 0.0
            : std::max(2.0, kBarMax * static_cast<double>(b.value) / static_cast<double>(top));
    out.append("<g><text class=\"chart-label\" x=\"")
        .append(std::to_string(kLabel - 8))
        .append("\" y=\"")
        .append(std::to_string(y + 19))
        .append("\" text-anchor=\"end\">")
        .append(html_escape(fit(b.label, 34)))
        .append("</text><rect class=\"chart-bar\" x=\"")
        .append(std::to_string(kLabel))
        .append("\" y=\"")
        .append(std::to_string(y + 4))
        .append("\" width=\"")
        .append(num(w))
        .append("\" height=\"")
        .append(std::to_string(kRow - 10))
        .append("\"/><text class=\"chart-value\" x=\"")
        .append(num(kLabel + w + 6))
        .append("\" y=\"")
        .append(std::to_string(y + 19))
        .append("\">")
        .append(html_escape(b.value_text))
        .append("</text></g>");
    y += kRow;
  }
  out += "</svg>";
  return out;
}

std::string percent_columns_svg(const std::string& id, const std::string& title,
                                const std::string& description,
                                const std::vector<Column>& columns) {
  constexpr int kLeft = 48, kTop = 12, kPlot = 200, kBottom = 40;
  const int slot = columns.size() > 12 ? 40 : 52;
  const int width = std::max(320, kLeft + static_cast<int>(columns.size()) * slot + 12);
  const int height = kTop + kPlot + kBottom;
  std::string out = open_svg(id, title, description, width, height, "chart-columns tone-navy");
  for (int pct = 0; pct <= 100; pct += 25) {
    const double y = kTop + kPlot - kPlot * pct / 100.0;
    out.append("<line class=\"chart-grid\" x1=\"")
        .append(std::to_string(kLeft))
        .append("\" x2=\"")
        .append(std::to_string(width - 4))
        .append("\" y1=\"")
        .append(num(y))
        .append("\" y2=\"")
        .append(num(y))
        .append("\"/><text class=\"chart-axis\" x=\"")
        .append(std::to_string(kLeft - 6))
        .append("\" y=\"")
        .append(num(y + 4))
        .append("\" text-anchor=\"end\">")
        .append(std::to_string(pct))
        .append("%</text>");
  }
  int x = kLeft + 6;
  for (const auto& c : columns) {
    const double center = x + (slot - 12) / 2.0;
    if (c.value) {
      const double h = std::max(1.0, kPlot * std::clamp(*c.value, 0.0, 100.0) / 100.0);
      out.append("<rect class=\"chart-bar\" x=\"")
          .append(std::to_string(x))
          .append("\" y=\"")
          .append(num(kTop + kPlot - h))
          .append("\" width=\"")
          .append(std::to_string(slot - 12))
          .append("\" height=\"")
          .append(num(h))
          .append("\"><title>")
          .append(html_escape(c.label + ": " + c.value_text))
          .append("</title></rect>");
    } else {
      out.append("<text class=\"chart-axis\" x=\"")
          .append(num(center))
          .append("\" y=\"")
          .append(std::to_string(kTop + kPlot - 4))
          .append("\" text-anchor=\"middle\">—</text>");
    }
    out.append("<text class=\"chart-axis\" x=\"")
        .append(num(center))
        .append("\" y=\"")
        .append(std::to_string(kTop + kPlot + 16))
        .append("\" text-anchor=\"middle\">")
        .append(html_escape(c.label.substr(0, 2)))
        .append("</text>");
    if (c.label.size() >= 7 && (&c == &columns.front() || c.label.substr(0, 2) == "01")) {
      out.append("<text class=\"chart-axis\" x=\"")
          .append(num(center))
          .append("\" y=\"")
          .append(std::to_string(kTop + kPlot + 32))
          .append("\" text-anchor=\"middle\">")
          .append(html_escape(c.label.substr(3)))
          .append("</text>");
    }
    x += slot;
  }
  out += "</svg>";
  return out;
}

}  // namespace doithoai::web
