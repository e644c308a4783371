// The DOCX writer: a minimal WordprocessingML package (content types, relationships, styles,
// core properties, the document) zipped in memory.
#include <sstream>

#include "report/document.hpp"
#include "report/format.hpp"
#include "report/zip.hpp"

namespace doithoai::report {

namespace {

using detail::xml_escape;

// Twentieths of a point. A4: 11906 x 16838; margins (Nghị định 30/2020, Phụ lục I): top and
// bottom 2 cm, left 3 cm, right 1.5 cm.
constexpr int kA4Short = 11906;
constexpr int kA4Long = 16838;
constexpr int kMarginTop = 1134;
constexpr int kMarginBottom = 1134;
constexpr int kMarginLeft = 1701;
constexpr int kMarginRight = 851;

struct Run {
  std::string text;
  bool bold = false;
  bool italic = false;
  bool underline = false;
  int half_points = 28;  // 14 pt
};

std::string_view jc(Align a) {
  switch (a) {
    case Align::left:
      return "left";
    case Align::center:
      return "center";
    case Align::right:
      return "right";
    case Align::justify:
      return "both";
  }
  return "left";
}

// One run; '\n' in the text becomes a line break.
void run_xml(std::ostringstream& x, const Run& r) {
  x << "<w:r><w:rPr>";
  if (r.bold) x << "<w:b/>";
  if (r.italic) x << "<w:i/>";
  if (r.underline) x << "<w:u w:val=\"single\"/>";
  x << "<w:sz w:val=\"" << r.half_points << "\"/><w:szCs w:val=\"" << r.half_points
    << "\"/></w:rPr>";
  std::string_view rest = r.text;
  bool first = true;
  while (true) {
    const auto nl = rest.find('\n');
    if (!first) x << "<w:br/>";
    first = false;
    x << "<w:t xml:space=\"preserve\">" << xml_escape(rest.substr(0, nl)) << "</w:t>";
    if (nl == std::string_view::npos) break;
    rest = rest.substr(nl + 1);
  }
  x << "</w:r>";
}

struct ParagraphStyle {
  Align align = Align::left;
  int indent_first = 0;  // twips
  int before = 0;        // twips
  int after = 0;
  bool keep_next = false;
};

void paragraph_xml(std::ostringstream& x, const ParagraphStyle& p, const std::vector<Run>& runs) {
  x << "<w:p><w:pPr>";
  if (p.keep_next) x << "<w:keepNext/>";
  x << "<w:spacing w:before=\"" << p.before << "\" w:after=\"" << p.after
    << "\" w:line=\"276\" w:lineRule=\"auto\"/>";
  if (p.indent_first > 0) x << "<w:ind w:firstLine=\"" << p.indent_first << "\"/>";
  x << "<w:jc w:val=\"" << jc(p.align) << "\"/></w:pPr>";
  for (const auto& r : runs) run_xml(x, r);
  x << "</w:p>";
}

void centered(std::ostringstream& x, Run r, int after = 0) {
  paragraph_xml(x, ParagraphStyle{Align::center, 0, 0, after, false}, {std::move(r)});
}

// A table without borders used for layout (the header, the signatures).
void layout_table_open(std::ostringstream& x, const std::vector<int>& widths) {
  x << "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout w:type=\"fixed\"/>"
       "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
       "<w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>"
       "</w:tblBorders></w:tblPr><w:tblGrid>";
  for (int w : widths) x << "<w:gridCol w:w=\"" << w << "\"/>";
  x << "</w:tblGrid><w:tr>";
}

void cell_open(std::ostringstream& x, int width) {
  x << "<w:tc><w:tcPr><w:tcW w:w=\"" << width << "\" w:type=\"dxa\"/></w:tcPr>";
}

// pad_authority: an empty line stands for a missing authority line, so that the names of two
// signatures side by side stay level.
void signature_cell(std::ostringstream& x, const Signature& s, int width, bool pad_authority) {
  cell_open(x, width);
  if (!s.authority.empty() || pad_authority) centered(x, Run{upper_vi(s.authority), true});
  centered(x, Run{upper_vi(s.title), true});
  // Room for the signature and the seal.
  for (int i = 0; i < 4; ++i) centered(x, Run{""});
  centered(x, Run{s.name, true});
  x << "</w:tc>";
}

void recipients_cell(std::ostringstream& x, const std::vector<std::string>& recipients, int width) {
  cell_open(x, width);
  if (recipients.empty()) {
    paragraph_xml(x, {}, {Run{""}});
  } else {
    paragraph_xml(x, {}, {Run{"Nơi nhận:", true, true, false, 24}});
    for (const auto& r : recipients) paragraph_xml(x, {}, {Run{"- " + r, false, false, false, 22}});
  }
  x << "</w:tc>";
}

void data_table(std::ostringstream& x, const DocTable& t, int text_width) {
  const std::size_t cols = t.headers.size();
  if (cols == 0) return;
  std::vector<int> widths(cols, text_width / static_cast<int>(cols));
  if (t.widths.size() == cols) {
    double total = 0;
    for (double w : t.widths) total += w;
    for (std::size_t i = 0; i < cols && total > 0; ++i) {
      widths[i] = static_cast<int>(text_width * t.widths[i] / total);
    }
  }
  const int half_points = static_cast<int>(t.font_size * 2);
  x << "<w:tbl><w:tblPr><w:tblW w:w=\"" << text_width
    << "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
    x << "<w:" << side << " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>";
  }
  x << "</w:tblBorders><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" "
       "w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>";
  for (int w : widths) x << "<w:gridCol w:w=\"" << w << "\"/>";
  x << "</w:tblGrid>";
  // The header row repeats on every page.
  x << "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>";
  for (std::size_t i = 0; i < cols; ++i) {
    cell_open(x, widths[i]);
    paragraph_xml(x, {Align::center}, {Run{t.headers[i], true, false, false, half_points}});
    x << "</w:tc>";
  }
  x << "</w:tr>";
  for (const auto& row : t.rows) {
    x << "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
    for (std::size_t i = 0; i < cols; ++i) {
      cell_open(x, widths[i]);
      paragraph_xml(
          x, {Align::left},
          {Run{i < row.size() ? row[i] : std::string(), false, false, false, half_points}});
      x << "</w:tc>";
    }
    x << "</w:tr>";
  }
  x << "</w:tbl>";
  paragraph_xml(x, {}, {Run{""}});
}

std::string document_xml(const OfficialDocument& d) {
  const int page_w = d.landscape ? kA4Long : kA4Short;
  const int page_h = d.landscape ? kA4Short : kA4Long;
  const int text_width = page_w - kMarginLeft - kMarginRight;
  std::ostringstream x;
  x << R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    << R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
    << R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>)";

  // Header: issuing body and number (left), national motto and place-date (right).
  const int left = text_width * 2 / 5;
  const int right = text_width - left;
  layout_table_open(x, {left, right});
  cell_open(x, left);
  if (!d.parent_body.empty()) centered(x, Run{upper_vi(d.parent_body), false, false, false, 26});
  centered(x, Run{upper_vi(d.issuing_body), true, false, false, 26}, 120);
  centered(x, Run{"Số: " + (d.number.empty() ? std::string("     /") : d.number), false, false,
                  false, 26});
  x << "</w:tc>";
  cell_open(x, right);
  centered(x, Run{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, false, 26});
  centered(x, Run{"Độc lập - Tự do - Hạnh phúc", true, false, true, 28}, 120);
  const std::string date_line =
      d.date ? place_and_date(d.place, *d.date) : d.place + ", ngày    tháng    năm";
  centered(x, Run{date_line, false, true});
  x << "</w:tc></w:tr></w:tbl>";

  // The kind and the subject of the document.
  paragraph_xml(x, {Align::center, 0, 360, 0, true}, {Run{upper_vi(d.kind), true}});
  if (!d.subject.empty())
    paragraph_xml(x, {Align::center, 0, 0, 240, true}, {Run{d.subject, true}});

  for (const auto& b : d.body) {
    switch (b.kind) {
      case Block::Kind::table:
        data_table(x, b.table, text_width);
        break;
      case Block::Kind::heading:
        paragraph_xml(x, {b.align, 0, 120, 60, true}, {Run{b.text, b.bold, b.italic}});
        break;
      case Block::Kind::paragraph:
        paragraph_xml(x, {b.align, b.first_line_indent ? 567 : 0, 0, 120, false},
                      {Run{b.text, b.bold, b.italic}});
        break;
    }
  }

  // Signatures: one at the right beside the recipients, or pairs side by side, then the
  // recipients.
  const int half = text_width / 2;
  if (d.signatures.size() <= 1) {
    layout_table_open(x, {half, text_width - half});
    recipients_cell(x, d.recipients, half);
    if (d.signatures.empty()) {
      cell_open(x, text_width - half);
      paragraph_xml(x, {}, {Run{""}});
      x << "</w:tc>";
    } else {
      signature_cell(x, d.signatures[0], text_width - half, false);
    }
    x << "</w:tr></w:tbl>";
  } else {
    for (std::size_t i = 0; i < d.signatures.size(); i += 2) {
      const bool pair = i + 1 < d.signatures.size();
      const bool pad =
          !d.signatures[i].authority.empty() || (pair && !d.signatures[i + 1].authority.empty());
      layout_table_open(x, {half, text_width - half});
      signature_cell(x, d.signatures[i], half, pad);
      if (pair) {
        signature_cell(x, d.signatures[i + 1], text_width - half, pad);
      } else {
        cell_open(x, text_width - half);
        paragraph_xml(x, {}, {Run{""}});
        x << "</w:tc>";
      }
      x << "</w:tr></w:tbl>";
    }
    if (!d.recipients.empty()) {
      layout_table_open(x, {text_width});
      recipients_cell(x, d.recipients, text_width);
      x << "</w:tr></w:tbl>";
    }
  }

  x << "<w:sectPr><w:pgSz w:w=\"" << page_w << "\" w:h=\"" << page_h << "\""
    << (d.landscape ? " w:orient=\"landscape\"" : "") << "/><w:pgMar w:top=\"" << kMarginTop
    << "\" w:right=\"" << kMarginRight << "\" w:bottom=\"" << kMarginBottom << "\" w:left=\""
    << kMarginLeft << "\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
    << "</w:body></w:document>";
  return x.str();
}

constexpr std::string_view kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
    R"(<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>)"
    R"(<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>)"
    R"(</Types>)";

constexpr std::string_view kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>)"
    R"(</Relationships>)";

constexpr std::string_view kDocumentRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
    R"(</Relationships>)";

// Times New Roman 14 pt for every script, Vietnamese as the language.
constexpr std::string_view kStyles =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
    R"(<w:docDefaults><w:rPrDefault><w:rPr>)"
    R"(<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>)"
    R"(<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/>)"
    R"(</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>)"
    R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)"
    R"(<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>)"
    R"(<w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>)"
    R"(</w:styles>)";

std::string core_xml(const OfficialDocument& d) {
  std::string title = upper_vi(d.kind);
  if (!d.subject.empty()) title.append(" ").append(d.subject);
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)")
      .append(
          R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" )")
      .append(R"(xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>)")
      .append(xml_escape(title))
      .append("</dc:title><dc:creator>")
      .append(xml_escape(d.issuing_body))
      .append("</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>");
}

}  // namespace

Expected<std::string> write_docx(const OfficialDocument& document) {
  return detail::zip_parts({
      {"[Content_Types].xml", std::string(kContentTypes)},
      {"_rels/.rels", std::string(kRootRels)},
      {"docProps/core.xml", core_xml(document)},
      {"word/_rels/document.xml.rels", std::string(kDocumentRels)},
      {"word/styles.xml", std::string(kStyles)},
      {"word/document.xml", document_xml(document)},
  });
}

}  // namespace doithoai::report
