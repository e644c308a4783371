// Official documents (văn bản hành chính) in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I,
// written as DOCX (Times New Roman) or PDF (DejaVu Serif, embedded): the header with the
// issuing body on the left and the national motto on the right, the number and symbol, the
// place-and-date line, the kind and subject of the document, the body, the recipients and the
// signature block(s). Used for the dialogue minutes (biên bản), the reception register (Sổ tiếp
// công dân, mẫu 03) and written answers. Plain structs in, bytes out: no store type here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace doithoai::report {

enum class Align { left, center, right, justify };

// A table inside a document (the register, a list of opinions). Widths are relative weights;
// empty means equal columns. The header row is repeated on every page.
struct DocTable {
  std::vector<std::string> headers;
  std::vector<double> widths;
  std::vector<std::vector<std::string>> rows;
  double font_size = 11;  // points; registers use a smaller size than the body
};

// One block of the body: a paragraph (the default), a heading, or a table.
struct Block {
  enum class Kind { paragraph, heading, table } kind = Kind::paragraph;
  std::string text;  // paragraph or heading; '\n' starts a new line in the same paragraph
  bool bold = false;
  bool italic = false;
  Align align = Align::justify;
  bool first_line_indent = true;  // paragraphs: 1 cm, as the decree's body text
  DocTable table;                 // when kind == table

  static Block paragraph(std::string text) {
    Block b;
    b.text = std::move(text);
    return b;
  }
  static Block heading(std::string text) {
    Block b;
    b.kind = Kind::heading;
    b.text = std::move(text);
    b.bold = true;
    b.align = Align::left;
    b.first_line_indent = false;
    return b;
  }
  static Block of_table(DocTable table) {
    Block b;
    b.kind = Kind::table;
    b.table = std::move(table);
    return b;
  }
};

// A signature block: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" (authority), "CHỦ TỊCH" (title),
// then room for the signature and seal, then the signer's full name.
struct Signature {
  std::string authority;  // optional first line, printed in capitals
  std::string title;      // printed in capitals
  std::string name;
};

struct OfficialDocument {
  std::string parent_body;   // cơ quan chủ quản, optional: "UBND HUYỆN VĨNH BẢO"
  std::string issuing_body;  // "BAN TIẾP CÔNG DÂN" (printed in capitals, bold)
  std::string number;        // "15/BB-UBND"; printed as "Số: 15/BB-UBND"; empty: "Số:    /"
  std::string place;         // "Vĩnh Bảo"
  std::optional<Date> date;  // "Vĩnh Bảo, ngày 15 tháng 5 năm 2021"; empty: "ngày   tháng   năm"
  std::string kind;     // "BIÊN BẢN", "BÁO CÁO", "SỔ TIẾP CÔNG DÂN" (capitals, bold)
  std::string subject;  // trích yếu: "Hội nghị đối thoại trực tiếp ..." (bold)
  std::vector<Block> body;
  std::vector<std::string> recipients;  // "Nơi nhận:" list, at the bottom left
  // One signature (bottom right) or two (left and right, as minutes are signed by the
  // secretary and the chair). More are placed two to a row.
  std::vector<Signature> signatures;
  bool landscape = false;  // the register is printed on A4 landscape
};

// A .docx (Office Open XML) document: Times New Roman, 14 pt body, A4, margins of the decree
// (top 2 cm, bottom 2 cm, left 3 cm, right 1.5 cm).
Expected<std::string> write_docx(const OfficialDocument& document);

struct PdfOptions {
  // DejaVu Serif from fonts-dejavu-core: it covers every Vietnamese letter.
  std::string regular_font = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
  std::string bold_font = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf";
  // From fonts-dejavu-extra; when the file is missing, italic text is set in the regular font.
  std::string italic_font = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf";
  double body_size = 13;  // points
};

// A PDF with the same layout, fonts embedded (UTF-8 through libharu's UTF-8 encoder).
Expected<std::string> write_pdf(const OfficialDocument& document, const PdfOptions& options = {});

}  // namespace doithoai::report
