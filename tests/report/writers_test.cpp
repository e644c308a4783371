// The export writers, opened again and checked: XLSX and DOCX unzipped and their XML read
// (sheet names, header cells in order, fonts, page set-up, Vietnamese text intact); PDF read
// back with pdftotext and pdffonts (poppler-utils).
#include <gtest/gtest.h>

#include <filesystem>

#include "report/document.hpp"
#include "report/format.hpp"
#include "report/xlsx.hpp"
#include "zip_reader.hpp"

namespace doithoai::report {
namespace {

using test::all_of;
using test::row_texts;
using test::zip_entry;
using test::zip_names;

TEST(Format, NumbersUseADotBetweenThousands) {
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(587), "587");
  EXPECT_EQ(format_number(6247), "6.247");
  EXPECT_EQ(format_number(1000000), "1.000.000");
  EXPECT_EQ(format_number(-1234567), "-1.234.567");
}

TEST(Format, PercentagesUseADecimalComma) {
  EXPECT_EQ(format_percent(1241, 10000), "12,41%");
  EXPECT_EQ(format_percent(1, 3), "33,33%");
  EXPECT_EQ(format_percent(1, 2), "50%");
  EXPECT_EQ(format_percent(3, 20), "15%");
  EXPECT_EQ(format_percent(1, 4), "25%");
  EXPECT_EQ(format_percent(1, 8), "12,5%");
  EXPECT_EQ(format_percent(0, 0), "0%");
}

TEST(Format, DocumentDatesFollowTheDecree) {
  EXPECT_EQ(place_and_date("Vĩnh Bảo", Date{2021, 5, 15}), "Vĩnh Bảo, ngày 15 tháng 5 năm 2021");
  EXPECT_EQ(document_date(Date{2021, 2, 3}), "ngày 03 tháng 02 năm 2021");
  EXPECT_EQ(document_date(Date{2021, 1, 31}), "ngày 31 tháng 01 năm 2021");
  EXPECT_EQ(document_date(Date{2021, 12, 9}), "ngày 09 tháng 12 năm 2021");
}

TEST(Format, LargeCountsAreRoundedDownWithTren) {
  EXPECT_EQ(about(13), "13");
  EXPECT_EQ(about(587), "587");
  EXPECT_EQ(about(999), "999");
  EXPECT_EQ(about(2600), "2.600");
  EXPECT_EQ(about(2645), "trên 2.600");
  EXPECT_EQ(about(6247), "trên 6.200");
}

TEST(Format, UpperCaseKeepsVietnameseLetters) {
  EXPECT_EQ(upper_vi("Ủy ban nhân dân huyện Vĩnh Bảo"), "ỦY BAN NHÂN DÂN HUYỆN VĨNH BẢO");
  EXPECT_EQ(upper_vi("đường"), "ĐƯỜNG");
}

XlsxWorkbook sample_workbook() {
  XlsxWorkbook wb;
  wb.title = "Báo cáo tổng hợp";
  wb.author = "Ủy ban nhân dân huyện Vĩnh Bảo";
  XlsxSheet s;
  s.name = "Tổng hợp";
  s.title = "TỔNG HỢP KẾT QUẢ ĐỐI THOẠI";
  s.subtitle = {"Từ ngày 01/01/2016 đến ngày 31/12/2020"};
  s.columns = {{"STT", 6}, {"Đơn vị", 30}, {"Số vụ việc", 12}, {"Ngày nhận", 14}};
  s.rows = {{1, "xã Vĩnh An", 6247, Date{2021, 5, 15}},
            {2, "thị trấn Vĩnh Bảo & Trấn Dương", 3, XlsxCell{}},
            {XlsxCell{}, XlsxCell::strong("Tổng cộng"), XlsxCell::strong(6250), XlsxCell{}}};
  s.notes = {"Số liệu tính đến ngày 25/11/2026."};
  wb.sheets.push_back(s);
  XlsxSheet second;
  second.name = "Theo lĩnh vực";
  second.landscape = false;
  second.columns = {{"Lĩnh vực", 40}, {"Tỷ lệ", 10}};
  second.rows = {{"Giải phóng mặt bằng", 12.5}};
  wb.sheets.push_back(second);
  return wb;
}

TEST(Xlsx, SheetsHeadersAndVietnameseTextSurviveARoundTrip) {
  const auto bytes = write_xlsx(sample_workbook());
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const auto workbook = zip_entry(*bytes, "xl/workbook.xml");
  EXPECT_EQ(all_of(workbook, R"re(<sheet name="([^"]+)")re"),
            (std::vector<std::string>{"Tổng hợp", "Theo lĩnh vực"}));
  // Title (row 1), subtitle (row 2), a blank row, then the header in row 4.
  EXPECT_EQ(row_texts(*bytes, "xl/worksheets/sheet1.xml", 1),
            (std::vector<std::string>{"TỔNG HỢP KẾT QUẢ ĐỐI THOẠI"}));
  EXPECT_EQ(row_texts(*bytes, "xl/worksheets/sheet1.xml", 4),
            (std::vector<std::string>{"STT", "Đơn vị", "Số vụ việc", "Ngày nhận"}));
  const auto row5 = row_texts(*bytes, "xl/worksheets/sheet1.xml", 5);
  ASSERT_EQ(row5.size(), 4u);
  EXPECT_EQ(row5[1], "xã Vĩnh An");
  EXPECT_EQ(row5[2], "6247");   // a number, not text
  EXPECT_EQ(row5[3], "44331");  // 15/05/2021 as an Excel serial date
  EXPECT_EQ(row_texts(*bytes, "xl/worksheets/sheet1.xml", 6)[1],
            "thị trấn Vĩnh Bảo &amp; Trấn Dương");
  EXPECT_EQ(row_texts(*bytes, "xl/worksheets/sheet2.xml", 1),
            (std::vector<std::string>{"Lĩnh vực", "Tỷ lệ"}));
}

TEST(Xlsx, PrintsOnA4LandscapeInTimesNewRomanWithColumnWidths) {
  const auto bytes = write_xlsx(sample_workbook());
  ASSERT_TRUE(bytes.ok());
  const auto sheet1 = zip_entry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet1.find(R"(paperSize="9")"), std::string::npos);
  EXPECT_NE(sheet1.find(R"(orientation="landscape")"), std::string::npos);
  EXPECT_NE(sheet1.find(R"(width="30.7109375")"), std::string::npos) << "column B is 30 wide";
  const auto sheet2 = zip_entry(*bytes, "xl/worksheets/sheet2.xml");
  EXPECT_EQ(sheet2.find(R"(orientation="landscape")"), std::string::npos);
  const auto styles = zip_entry(*bytes, "xl/styles.xml");
  EXPECT_NE(styles.find(R"(<name val="Times New Roman"/>)"), std::string::npos);
  EXPECT_NE(styles.find(R"(formatCode="dd/mm/yyyy")"), std::string::npos);
  // The header row repeats on every printed page.
  EXPECT_NE(zip_entry(*bytes, "xl/workbook.xml").find("_xlnm.Print_Titles"), std::string::npos);
  const auto core = zip_entry(*bytes, "docProps/core.xml");
  EXPECT_NE(core.find("Ủy ban nhân dân huyện Vĩnh Bảo"), std::string::npos);
}

TEST(Xlsx, BadOrDuplicateSheetNamesAreRefused) {
  auto wb = sample_workbook();
  wb.sheets[1].name = "Tổng hợp";
  auto dup = write_xlsx(wb);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "bad_sheet_name");
  wb.sheets[1].name = "a/b";
  EXPECT_FALSE(write_xlsx(wb).ok());
  wb.sheets[1].name = "Một tên trang tính dài hơn ba mươi mốt ký tự";
  EXPECT_FALSE(write_xlsx(wb).ok());
  EXPECT_FALSE(write_xlsx(XlsxWorkbook{}).ok());
}

OfficialDocument sample_document() {
  OfficialDocument d;
  d.parent_body = "Ủy ban nhân dân huyện Vĩnh Bảo";
  d.issuing_body = "Ban Tiếp công dân";
  d.number = "15/BB-BTCD";
  d.place = "Vĩnh Bảo";
  d.date = Date{2021, 5, 15};
  d.kind = "Biên bản";
  d.subject = "Hội nghị đối thoại trực tiếp giữa người đứng đầu cấp ủy với Nhân dân";
  d.body.push_back(Block::heading("I. THÀNH PHẦN THAM DỰ"));
  d.body.push_back(Block::paragraph(
      "Hôm nay, vào hồi 08 giờ 00 phút, tại Hội trường Trung tâm Chính trị huyện, Huyện ủy "
      "Vĩnh Bảo tổ chức Hội nghị đối thoại trực tiếp giữa người đứng đầu cấp ủy với Nhân dân & "
      "các tổ chức chính trị - xã hội, với sự tham dự của đại biểu các xã, thị trấn."));
  DocTable t;
  t.headers = {"STT", "Họ và tên", "Địa chỉ", "Nội dung"};
  t.widths = {1, 4, 4, 8};
  t.rows = {{"1", "Nguyễn Văn Sơn", "thị trấn Vĩnh Bảo", "Phát triển đảng viên"},
            {"2", "Vũ Quang Trình", "xã Vĩnh An", "Học tập lý luận chính trị"}};
  d.body.push_back(Block::of_table(t));
  d.signatures = {{"", "Thư ký", "Trần Thị Hoa"},
                  {"TM. Đoàn chủ tọa", "Bí thư Huyện ủy", "Phạm Văn Đức"}};
  d.recipients = {"Thường trực Huyện ủy", "Lưu: VT"};
  return d;
}

TEST(Docx, LaysOutTheDecreeHeaderTitleBodyAndSignatures) {
  const auto bytes = write_docx(sample_document());
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const auto names = zip_names(*bytes);
  EXPECT_EQ(names.front(), "[Content_Types].xml");
  for (const auto* part : {"_rels/.rels", "word/document.xml", "word/styles.xml",
                           "word/_rels/document.xml.rels", "docProps/core.xml"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), part), names.end()) << part;
  }
  const auto doc = zip_entry(*bytes, "word/document.xml");
  const auto texts = all_of(doc, R"(<w:t xml:space="preserve">([^<]*)</w:t>)");
  auto index_of = [&](const std::string& t) {
    const auto it = std::find(texts.begin(), texts.end(), t);
    EXPECT_NE(it, texts.end()) << t;
    return it - texts.begin();
  };
  // In reading order: the header, the title, the body, the table, the signatures.
  const auto order = {index_of("ỦY BAN NHÂN DÂN HUYỆN VĨNH BẢO"),
                      index_of("BAN TIẾP CÔNG DÂN"),
                      index_of("Số: 15/BB-BTCD"),
                      index_of("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                      index_of("Độc lập - Tự do - Hạnh phúc"),
                      index_of("Vĩnh Bảo, ngày 15 tháng 5 năm 2021"),
                      index_of("BIÊN BẢN"),
                      index_of(sample_document().subject),
                      index_of("I. THÀNH PHẦN THAM DỰ"),
                      index_of("STT"),
                      index_of("Họ và tên"),
                      index_of("Địa chỉ"),
                      index_of("Nội dung"),
                      index_of("Nguyễn Văn Sơn"),
                      index_of("THƯ KÝ"),
                      index_of("TM. ĐOÀN CHỦ TỌA"),
                      index_of("Phạm Văn Đức"),
                      index_of("Nơi nhận:"),
                      index_of("- Lưu: VT")};
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_NE(doc.find("Nhân dân &amp; các tổ chức"), std::string::npos);
  EXPECT_NE(doc.find("<w:tblHeader/>"), std::string::npos);
  EXPECT_NE(doc.find(R"(<w:pgSz w:w="11906" w:h="16838"/>)"), std::string::npos) << "A4 portrait";
  const auto styles = zip_entry(*bytes, "word/styles.xml");
  EXPECT_NE(styles.find(R"(w:ascii="Times New Roman")"), std::string::npos);
  EXPECT_NE(styles.find(R"(<w:sz w:val="28"/>)"), std::string::npos) << "14 pt body";
}

TEST(Docx, TheRegisterIsLandscape) {
  auto d = sample_document();
  d.landscape = true;
  const auto bytes = write_docx(d);
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(zip_entry(*bytes, "word/document.xml")
                .find(R"(<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>)"),
            std::string::npos);
}

class Pdf : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const auto& p : files_) std::filesystem::remove(p);
  }
  std::string save(const std::string& bytes) {
    files_.push_back(test::write_temp(bytes, std::to_string(files_.size()) + ".pdf"));
    return files_.back().string();
  }
  std::vector<std::filesystem::path> files_;
};

TEST_F(Pdf, EmbedsDejaVuSerifAndKeepsTheVietnameseText) {
  const auto bytes = write_pdf(sample_document());
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  ASSERT_EQ(bytes->substr(0, 5), "%PDF-");
  const auto path = save(*bytes);
  const auto fonts = test::run("pdffonts " + path + " 2>/dev/null");
  EXPECT_NE(fonts.find("DejaVuSerif,Book"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("DejaVuSerif-Bold"), std::string::npos) << fonts;
  // Every DejaVu font is embedded ("emb" column says yes).
  EXPECT_EQ(all_of(fonts, R"(DejaVu\S+\s+CID TrueType\s+Identity-H\s+(no))").size(), 0u) << fonts;
  const auto text = test::run("pdftotext -layout " + path + " - 2>/dev/null");
  for (const auto* expected :
       {"ỦY BAN NHÂN DÂN HUYỆN VĨNH BẢO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 15/BB-BTCD", "Vĩnh Bảo, ngày 15 tháng 5 năm 2021",
        "BIÊN BẢN", "I. THÀNH PHẦN THAM DỰ", "Họ và tên", "Nguyễn Văn Sơn", "Vũ Quang Trình",
        "TM. ĐOÀN CHỦ TỌA", "Phạm Văn Đức", "Nơi nhận:", "Lưu: VT"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST_F(Pdf, ALongRegisterBreaksPagesAndRepeatsItsHeader) {
  auto d = sample_document();
  d.landscape = true;
  d.body.clear();
  DocTable t;
  t.headers = {"STT", "Ngày", "Họ và tên, địa chỉ", "Nội dung vụ việc"};
  for (int i = 1; i <= 80; ++i) {
    t.rows.push_back({std::to_string(i), "15/05/2021", "Công dân số " + std::to_string(i),
                      "Đề nghị giải quyết dứt điểm việc giải phóng mặt bằng đường tỉnh 17B"});
  }
  d.body.push_back(Block::of_table(t));
  const auto bytes = write_pdf(d);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const auto path = save(*bytes);
  const auto info = test::run("pdfinfo " + path + " 2>/dev/null");
  const auto pages = all_of(info, R"(Pages:\s+(\d+))");
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_GE(std::stoi(pages[0]), 3);
  EXPECT_NE(info.find("841.89 x 595.276"), std::string::npos) << "A4 landscape\n" << info;
  const auto text = test::run("pdftotext " + path + " - 2>/dev/null");
  EXPECT_NE(text.find("Công dân số 80"), std::string::npos);
  // The header is drawn again on each page.
  std::size_t headers = 0;
  for (auto at = text.find("Nội dung vụ việc"); at != std::string::npos;
       at = text.find("Nội dung vụ việc", at + 1)) {
    ++headers;
  }
  EXPECT_EQ(static_cast<int>(headers), std::stoi(pages[0]));
}

// libharu keeps only one level of composite glyph components when it subsets a font; DejaVu
// builds "ộ" from a composite of composites. Rendered, "Độc" must differ from "Đôc".
TEST_F(Pdf, MarksBelowAndAboveTheLetterAreDrawn) {
  auto render = [&](const std::string& subject) {
    auto d = sample_document();
    d.body.clear();
    d.subject = subject;
    const auto bytes = write_pdf(d);
    EXPECT_TRUE(bytes.ok());
    const auto path = save(*bytes);
    return test::run("pdftoppm -r 40 -gray -f 1 -l 1 " + path + " 2>/dev/null");
  };
  // Without the fix each of these letters loses its marks and draws as its base letter.
  const auto with_dot = render("ọ ị ụ ạ ộ ậ ệ");
  const auto without = render("o i u a o a e");
  ASSERT_FALSE(with_dot.empty()) << "pdftoppm (poppler-utils) is needed";
  EXPECT_NE(with_dot, without);
}

TEST_F(Pdf, AMissingFontIsAClearError) {
  PdfOptions o;
  o.regular_font = "/nonexistent/DejaVuSerif.ttf";
  const auto bytes = write_pdf(sample_document(), o);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.error().message.find("fonts-dejavu-core"), std::string::npos);
}

}  // namespace
}  // namespace doithoai::report
