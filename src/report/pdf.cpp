// The PDF writer (libharu): the layout of write_docx set line by line, with DejaVu Serif
// embedded and text passed as UTF-8 through libharu's UTF-8 encoder.
#include <hpdf.h>

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "report/document.hpp"
#include "report/format.hpp"

namespace doithoai::report {

namespace {

constexpr double kCm = 72.0 / 2.54;
constexpr double kMarginTop = 2 * kCm;
constexpr double kMarginBottom = 2 * kCm;
constexpr double kMarginLeft = 3 * kCm;
constexpr double kMarginRight = 1.5 * kCm;
constexpr double kLeading = 1.3;  // line height as a multiple of the font size

// The base letters and combining marks that Vietnamese letters are composed of.
constexpr std::string_view kComponents =
    "aeiouyAEIOUYdđĐăâêôơưĂÂÊÔƠƯ"
    "\u0300\u0301\u0302\u0303\u0306\u0309\u031B\u0323";

struct HaruErrors {
  HPDF_STATUS status = 0;
  HPDF_STATUS detail = 0;
};

void on_error(HPDF_STATUS status, HPDF_STATUS detail, void* user) {
  auto* e = static_cast<HaruErrors*>(user);
  if (e->status == 0) {
    e->status = status;
    e->detail = detail;
  }
}

struct Style {
  HPDF_Font font = nullptr;
  double size = 13;
};

// The byte length of the UTF-8 sequence starting with c.
std::size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

class Writer {
 public:
  Writer(HPDF_Doc pdf, bool landscape, HPDF_Font regular, HPDF_Font bold, HPDF_Font italic,
         double body_size)
      : pdf_(pdf),
        landscape_(landscape),
        regular_(regular),
        bold_(bold),
        italic_(italic),
        body_(body_size) {
    new_page();
  }

  double text_left() const { return kMarginLeft; }
  double text_width() const { return page_width_ - kMarginLeft - kMarginRight; }
  double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  void skip(double points) { y_ -= points; }

  Style style(bool bold, bool italic, double size) const {
    return Style{bold ? bold_ : (italic ? italic_ : regular_), size};
  }
  double body() const { return body_; }

  double width(const Style& s, std::string_view text) {
    if (text.empty()) return 0;
    HPDF_Page_SetFontAndSize(page_, s.font, static_cast<HPDF_REAL>(s.size));
    return HPDF_Page_TextWidth(page_, std::string(text).c_str());
  }

  // Breaks text into lines no wider than max_width: at '\n', then between words; a word wider
  // than the line is cut between characters.
  std::vector<std::string> wrap(const Style& s, std::string_view text, double max_width) {
    std::vector<std::string> lines;
    while (true) {
      const auto nl = text.find('\n');
      wrap_line(s, text.substr(0, nl), max_width, lines);
      if (nl == std::string_view::npos) break;
      text = text.substr(nl + 1);
    }
    return lines;
  }

  // Draws wrapped text in the column [x, x + w) from the cursor down, breaking pages.
  void text(const Style& s, std::string_view text, double x, double w, Align align,
            double first_indent = 0, bool underline = false) {
    auto lines = wrap(s, text, w - first_indent);
    // Lines after the first may use the full width: re-wrap the rest.
    if (first_indent > 0 && lines.size() > 1) {
      std::string rest;
      for (std::size_t i = 1; i < lines.size(); ++i) {
        if (!rest.empty()) rest += ' ';
        rest += lines[i];
      }
      auto more = wrap(s, rest, w);
      lines.resize(1);
      lines.insert(lines.end(), more.begin(), more.end());
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const double indent = i == 0 ? first_indent : 0;
      ensure(s.size * kLeading);
      draw_line(s, lines[i], x + indent, w - indent, align, underline);
    }
  }

  void ensure(double height) {
    if (y_ - height < kMarginBottom) new_page();
  }

  void draw_line(const Style& s, const std::string& line, double x, double w, Align align,
                 bool underline = false) {
    const double lw = width(s, line);
    double at = x;
    if (align == Align::center) at = x + (w - lw) / 2;
    if (align == Align::right) at = x + w - lw;
    const double baseline = y_ - s.size;
    if (!line.empty()) {
      HPDF_Page_BeginText(page_);
      HPDF_Page_SetFontAndSize(page_, s.font, static_cast<HPDF_REAL>(s.size));
      HPDF_Page_TextOut(page_, static_cast<HPDF_REAL>(at), static_cast<HPDF_REAL>(baseline),
                        line.c_str());
      HPDF_Page_EndText(page_);
      if (underline) rule(at, baseline - 2.5, lw);
    }
    y_ -= s.size * kLeading;
  }

  void rule(double x, double y, double w) {
    HPDF_Page_SetLineWidth(page_, 0.6F);
    HPDF_Page_MoveTo(page_, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y));
    HPDF_Page_LineTo(page_, static_cast<HPDF_REAL>(x + w), static_cast<HPDF_REAL>(y));
    HPDF_Page_Stroke(page_);
  }

  void rectangle(double x, double top, double w, double h) {
    HPDF_Page_SetLineWidth(page_, 0.5F);
    HPDF_Page_Rectangle(page_, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(top - h),
                        static_cast<HPDF_REAL>(w), static_cast<HPDF_REAL>(h));
    HPDF_Page_Stroke(page_);
  }

  void new_page() {
    page_ = HPDF_AddPage(pdf_);
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4,
                      landscape_ ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
    page_width_ = HPDF_Page_GetWidth(page_);
    y_ = HPDF_Page_GetHeight(page_) - kMarginTop;
  }

 private:
  void wrap_line(const Style& s, std::string_view text, double max_width,
                 std::vector<std::string>& lines) {
    std::string line;
    std::size_t pos = 0;
    while (pos <= text.size()) {
      const auto space = text.find(' ', pos);
      const auto word = text.substr(pos, space == std::string_view::npos ? text.npos : space - pos);
      std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
      if (width(s, candidate) <= max_width || line.empty()) {
        if (width(s, candidate) > max_width) {
          // A single word wider than the line: cut it between characters.
          std::string piece;
          for (std::size_t i = 0; i < word.size();) {
            const auto n = std::min(utf8_len(static_cast<unsigned char>(word[i])), word.size() - i);
            const std::string next = piece + std::string(word.substr(i, n));
            if (!piece.empty() && width(s, next) > max_width) {
              lines.push_back(piece);
              piece.clear();
              continue;
            }
            piece = next;
            i += n;
          }
          line = piece;
        } else {
          line = std::move(candidate);
        }
      } else {
        lines.push_back(line);
        line = std::string(word);
      }
      if (space == std::string_view::npos) break;
      pos = space + 1;
    }
    lines.push_back(line);
  }

  HPDF_Doc pdf_;
  bool landscape_;
  HPDF_Font regular_, bold_, italic_;
  double body_;
  HPDF_Page page_ = nullptr;
  double page_width_ = 0;
  double y_ = 0;
};

// Draws several columns of centred lines side by side from the cursor; the cursor ends below
// the longest column.
struct ColumnLine {
  std::string text;
  bool bold = false;
  bool italic = false;
  double size = 13;
  bool underline = false;
  Align align = Align::center;
  bool fit = false;  // shrink the size until the text fits on one line (the header lines)
};

void columns(Writer& w, const std::vector<std::pair<double, std::vector<ColumnLine>>>& in) {
  auto cols = in;
  for (auto& [width, lines] : cols) {
    for (auto& l : lines) {
      while (l.fit && l.size > 8 && w.width(w.style(l.bold, l.italic, l.size), l.text) > width) {
        l.size -= 0.5;
      }
    }
  }
  double height = 0;
  for (const auto& [width, lines] : cols) {
    double h = 0;
    for (const auto& l : lines) {
      h += l.size * kLeading *
           static_cast<double>(w.wrap(w.style(l.bold, l.italic, l.size), l.text, width).size());
    }
    height = std::max(height, h);
  }
  w.ensure(height);
  const double top = w.y();
  double lowest = top;
  double x = w.text_left();
  for (const auto& [width, lines] : cols) {
    w.set_y(top);
    for (const auto& l : lines) {
      w.text(w.style(l.bold, l.italic, l.size), l.text, x, width, l.align, 0, l.underline);
    }
    lowest = std::min(lowest, w.y());
    x += width;
  }
  w.set_y(lowest);
}

// pad_authority: a blank line stands for a missing authority line, so that the names of two
// signatures side by side stay level.
std::vector<ColumnLine> signature_lines(const Signature& s, double size, bool pad_authority) {
  std::vector<ColumnLine> out;
  if (!s.authority.empty() || pad_authority) {
    out.push_back({upper_vi(s.authority), true, false, size});
  }
  out.push_back({upper_vi(s.title), true, false, size});
  for (int i = 0; i < 4; ++i) out.push_back({"", false, false, size});
  out.push_back({s.name, true, false, size});
  return out;
}

std::vector<ColumnLine> recipient_lines(const std::vector<std::string>& recipients) {
  std::vector<ColumnLine> out;
  if (recipients.empty()) return out;
  out.push_back({"Nơi nhận:", true, true, 12, false, Align::left});
  for (const auto& r : recipients) out.push_back({"- " + r, false, false, 11, false, Align::left});
  return out;
}

void table(Writer& w, const DocTable& t) {
  const std::size_t cols = t.headers.size();
  if (cols == 0) return;
  const double total = w.text_width();
  std::vector<double> widths(cols, total / static_cast<double>(cols));
  if (t.widths.size() == cols) {
    double sum = 0;
    for (double v : t.widths) sum += v;
    for (std::size_t i = 0; i < cols && sum > 0; ++i) widths[i] = total * t.widths[i] / sum;
  }
  constexpr double kPad = 3;
  const Style head = w.style(true, false, t.font_size);
  const Style cell = w.style(false, false, t.font_size);
  const double line_h = t.font_size * kLeading;

  auto row_height = [&](const std::vector<std::string>& row, const Style& s) {
    std::size_t lines = 1;
    for (std::size_t i = 0; i < cols; ++i) {
      const std::string& v = i < row.size() ? row[i] : std::string();
      lines = std::max(lines, w.wrap(s, v, widths[i] - 2 * kPad).size());
    }
    return static_cast<double>(lines) * line_h + 2 * kPad;
  };
  auto draw_row = [&](const std::vector<std::string>& row, const Style& s, Align align) {
    const double h = row_height(row, s);
    const double top = w.y();
    double x = w.text_left();
    for (std::size_t i = 0; i < cols; ++i) {
      w.rectangle(x, top, widths[i], h);
      w.set_y(top - kPad);
      const std::string& v = i < row.size() ? row[i] : std::string();
      for (const auto& line : w.wrap(s, v, widths[i] - 2 * kPad)) {
        w.draw_line(s, line, x + kPad, widths[i] - 2 * kPad, align);
      }
      x += widths[i];
    }
    w.set_y(top - h);
  };

  const double header_h = row_height(t.headers, head);
  w.ensure(header_h + line_h + 2 * kPad);
  draw_row(t.headers, head, Align::center);
  for (const auto& row : t.rows) {
    const double h = row_height(row, cell);
    if (w.y() - h < kMarginBottom) {
      w.new_page();
      draw_row(t.headers, head, Align::center);
    }
    draw_row(row, cell, Align::left);
  }
  w.skip(line_h / 2);
}

}  // namespace

Expected<std::string> write_pdf(const OfficialDocument& d, const PdfOptions& options) {
  for (const auto* path : {&options.regular_font, &options.bold_font}) {
    if (!std::filesystem::exists(*path)) {
      return internal_error("Không tìm thấy phông chữ " + *path +
                            " (cài gói fonts-dejavu-core: scripts/install-deps.sh)");
    }
  }
  HaruErrors errors;
  HPDF_Doc pdf = HPDF_New(on_error, &errors);
  if (pdf == nullptr) return internal_error("Không khởi tạo được libharu");
  struct Free {
    HPDF_Doc pdf;
    ~Free() { HPDF_Free(pdf); }
  } free_pdf{pdf};

  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  auto load = [&](const std::string& path) -> HPDF_Font {
    const char* name = HPDF_LoadTTFontFromFile(pdf, path.c_str(), HPDF_TRUE);
    HPDF_Font font = name == nullptr ? nullptr : HPDF_GetFont(pdf, name, "UTF-8");
    // libharu subsets the embedded font and keeps the components of a composite glyph only one
    // level deep. DejaVu builds "ộ", "ặ", "ự" from composites of composites, so their marks
    // vanish unless the mark glyphs are used on their own: measuring them marks them as used.
    if (font != nullptr) {
      HPDF_Font_TextWidth(font, reinterpret_cast<const HPDF_BYTE*>(kComponents.data()),
                          static_cast<HPDF_UINT>(kComponents.size()));
    }
    return font;
  };
  HPDF_Font regular = load(options.regular_font);
  HPDF_Font bold = load(options.bold_font);
  HPDF_Font italic =
      std::filesystem::exists(options.italic_font) ? load(options.italic_font) : regular;
  if (regular == nullptr || bold == nullptr || italic == nullptr || errors.status != 0) {
    return internal_error("Không nạp được phông chữ cho PDF (mã lỗi libharu " +
                          std::to_string(errors.status) + ")");
  }
  std::string title = upper_vi(d.kind);
  if (!d.subject.empty()) title.append(" ").append(d.subject);
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, title.c_str());
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "doithoai");

  const double body = options.body_size;
  Writer w(pdf, d.landscape, regular, bold, italic, body);
  const double tw = w.text_width();

  // Header: issuing body and number (left), national motto and place-date (right).
  std::vector<ColumnLine> left, right;
  if (!d.parent_body.empty()) {
    left.push_back({upper_vi(d.parent_body), false, false, body - 1, false, Align::center, true});
  }
  left.push_back({upper_vi(d.issuing_body), true, false, body - 1, false, Align::center, true});
  left.push_back({"", false, false, body / 2});
  left.push_back(
      {"Số: " + (d.number.empty() ? std::string("     /") : d.number), false, false, body - 1});
  right.push_back(
      {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, body - 1, false, Align::center, true});
  right.push_back({"Độc lập - Tự do - Hạnh phúc", true, false, body, true, Align::center, true});
  right.push_back({"", false, false, body / 2});
  right.push_back({d.date ? place_and_date(d.place, *d.date) : d.place + ", ngày    tháng    năm",
                   false, true, body});
  columns(w, {{tw * 0.4, left}, {tw * 0.6, right}});

  // The kind and the subject.
  w.skip(body);
  w.text(w.style(true, false, body + 1), upper_vi(d.kind), w.text_left(), tw, Align::center);
  if (!d.subject.empty()) {
    w.text(w.style(true, false, body), d.subject, w.text_left(), tw, Align::center);
  }
  w.skip(body / 2);

  for (const auto& b : d.body) {
    switch (b.kind) {
      case Block::Kind::table:
        table(w, b.table);
        break;
      case Block::Kind::heading:
        w.skip(body * 0.3);
        w.text(w.style(b.bold, b.italic, body), b.text, w.text_left(), tw,
               b.align == Align::justify ? Align::left : b.align);
        break;
      case Block::Kind::paragraph:
        w.text(w.style(b.bold, b.italic, body), b.text, w.text_left(), tw,
               b.align == Align::justify ? Align::left : b.align, b.first_line_indent ? kCm : 0);
        w.skip(body * 0.3);
        break;
    }
  }

  w.skip(body / 2);
  if (d.signatures.size() <= 1) {
    columns(w, {{tw * 0.5, recipient_lines(d.recipients)},
                {tw * 0.5, d.signatures.empty() ? std::vector<ColumnLine>{}
                                                : signature_lines(d.signatures[0], body, false)}});
  } else {
    for (std::size_t i = 0; i < d.signatures.size(); i += 2) {
      const bool pair = i + 1 < d.signatures.size();
      const bool pad =
          !d.signatures[i].authority.empty() || (pair && !d.signatures[i + 1].authority.empty());
      columns(w, {{tw * 0.5, signature_lines(d.signatures[i], body, pad)},
                  {tw * 0.5, pair ? signature_lines(d.signatures[i + 1], body, pad)
                                  : std::vector<ColumnLine>{}}});
    }
    if (!d.recipients.empty()) columns(w, {{tw, recipient_lines(d.recipients)}});
  }

  if (errors.status != 0) {
    return internal_error("Lỗi khi tạo PDF (mã lỗi libharu " + std::to_string(errors.status) +
                          ", " + std::to_string(errors.detail) + ")");
  }
  if (HPDF_SaveToStream(pdf) != HPDF_OK) return internal_error("Không ghi được PDF");
  std::string out(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
  const HPDF_STATUS read =
      HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  if (read != HPDF_OK && read != HPDF_STREAM_EOF)
    return internal_error("Không đọc được PDF vừa tạo");
  out.resize(size);
  return out;
}

}  // namespace doithoai::report
