// The documents built from records: the minutes (biên bản) of a dialogue and the reception
// register (Sổ tiếp công dân, mẫu 03), built from hand-made records, rendered, and read back
// (DOCX unzipped, PDF through pdftotext; XLSX rows).
#include <gtest/gtest.h>

#include <filesystem>

#include "report/minutes.hpp"
#include "report/register.hpp"
#include "zip_reader.hpp"

namespace doithoai::report {
namespace {

using test::all_of;
using test::row_texts;
using test::zip_entry;

Unit unit(std::string code, std::string type, std::string name, std::optional<std::string> parent) {
  Unit u;
  u.code = std::move(code);
  u.type_name = std::move(type);
  u.name = std::move(name);
  u.parent_code = std::move(parent);
  return u;
}

class Documents : public ::testing::Test {
 protected:
  Documents()
      : tree_({unit("31", "thành phố", "Hải Phòng", std::nullopt),
               unit("316", "huyện", "Vĩnh Bảo", "31"), unit("A", "xã", "Vĩnh An", "316"),
               unit("T", "thị trấn", "Vĩnh Bảo", "316")}),
        agencies_({Agency{"TU-HP", "Thành ủy Hải Phòng", "party_committee", "31", {}, {}},
                   Agency{"HU-VB", "Huyện ủy Vĩnh Bảo", "party_committee", "316", "TU-HP", {}},
                   Agency{"TNMT-VB",
                          "Phòng Tài nguyên và Môi trường huyện Vĩnh Bảo",
                          "department",
                          "316",
                          {},
                          {}},
                   Agency{"UBND-HP",
                          "Ủy ban nhân dân thành phố Hải Phòng",
                          "people_committee",
                          "31",
                          {},
                          {}}}),
        fields_({Field{"nong_nghiep", "Nông nghiệp và phát triển nông thôn", {}, 10, true},
                 Field{"gpmb", "Giải phóng mặt bằng", {}, 90, true}}),
        ref_{tree_, agencies_, fields_} {}

  void TearDown() override {
    for (const auto& p : files_) std::filesystem::remove(p);
  }

  std::string pdf_text(const std::string& bytes) {
    files_.push_back(test::write_temp(bytes, std::to_string(files_.size()) + ".pdf"));
    return test::run("pdftotext -layout " + files_.back().string() + " - 2>/dev/null");
  }
  std::string pdf_info(const std::string& bytes) {
    files_.push_back(test::write_temp(bytes, std::to_string(files_.size()) + ".pdf"));
    return test::run("pdfinfo " + files_.back().string() + " 2>/dev/null");
  }

  // The 2021 conference in miniature: two registered speakers (the second speaks first), one
  // absent, an opinion from the floor, a denunciation, each outcome.
  static store::DialogueRecord record() {
    store::DialogueRecord r;
    auto& d = r.dialogue;
    d.id = 7;
    d.title = "Hội nghị đối thoại giữa đồng chí Bí thư Huyện ủy với Nhân dân năm 2021";
    d.host_name = "Đồng chí Phạm Văn Đức";
    d.host_title = "Bí thư Huyện ủy";
    d.host_agency_code = "HU-VB";
    d.unit_code = "316";
    d.held_on = Date{2021, 9, 27};
    d.starts_at = "08:00";
    d.venue = "Hội trường Trung tâm Chính trị huyện";
    d.status = dialogue::Status::following_up;
    d.attendance = 450;
    d.board = {{"Đồng chí Phạm Văn Đức", "Bí thư Huyện ủy, chủ trì"},
               {"Đồng chí Nguyễn Thị Hằng", "Chủ tịch UBMTTQ huyện"},
               {"Đồng chí Trần Thị Hoa", "Thư ký hội nghị"}};
    d.agenda = {{"nong_nghiep", ""}, {"", "Xây dựng Đảng và vận động Nhân dân"}};
    d.summary = "Các cơ quan được giao trả lời bằng văn bản đúng hạn.";
    store::VillageMeeting m;
    m.attendance = 95;
    m.opinions = 4;
    r.village_meetings = {m, m};
    auto reg = [](Id id, std::string name, std::string unit_code, std::string topic,
                  std::optional<int> position, dialogue::SpeakerOutcome outcome) {
      store::SpeakerRegistration s;
      s.id = id;
      s.name = std::move(name);
      s.phone = "0912345678";
      s.address = "thôn 3";
      s.unit_code = std::move(unit_code);
      s.topic = std::move(topic);
      s.position = position;
      s.outcome = outcome;
      return s;
    };
    // In speaking order, as the store lists them.
    r.registrations = {
        reg(2, "Vũ Quang Trình", "A", "Học tập lý luận chính trị", 1,
            dialogue::SpeakerOutcome::spoke),
        reg(1, "Nguyễn Văn Sơn", "T", "Phát triển đảng viên", 2, dialogue::SpeakerOutcome::spoke),
        reg(3, "Lê Văn Cường", "A", "Trường học", 3, dialogue::SpeakerOutcome::absent)};
    auto op = [](Id id, std::optional<Id> reg_id, std::string who, std::string summary,
                 dialogue::Outcome outcome) {
      store::Opinion o;
      o.id = id;
      o.registration_id = reg_id;
      o.speaker_name = std::move(who);
      o.summary = std::move(summary);
      o.outcome = outcome;
      o.field_code = "nong_nghiep";
      return o;
    };
    // In the order raised: Sơn's opinion was recorded before Trình's.
    auto a = op(10, 1, "Nguyễn Văn Sơn", "Năm giải pháp phát triển đảng viên",
                dialogue::Outcome::forwarded);
    auto b = op(11, 2, "Vũ Quang Trình", "Bốn giải pháp học tập lý luận chính trị",
                dialogue::Outcome::answered);
    b.answered_by = "Trưởng Ban Tuyên giáo Huyện ủy";
    auto c = op(12, std::nullopt, "Đào Văn Long", "Đơn giá bồi thường đường tỉnh 17B",
                dialogue::Outcome::assigned);
    c.agency_code = "TNMT-VB";
    c.due_on = Date{2021, 10, 27};
    c.field_code = "gpmb";
    auto e = op(13, std::nullopt, "Hoàng Văn Tố", "Tố cáo cán bộ địa chính thu tiền sai quy định",
                dialogue::Outcome::assigned);
    e.matter_kind = Kind::to_cao;
    e.agency_code = "TNMT-VB";
    r.opinions = {a, b, c, e};
    r.progress.opinions = 4;
    r.progress.answered = 1;
    r.progress.assigned = 2;
    r.progress.forwarded = 1;
    return r;
  }

  UnitTree tree_;
  std::vector<Agency> agencies_;
  std::vector<Field> fields_;
  Reference ref_;
  std::vector<std::filesystem::path> files_;
};

TEST_F(Documents, MinutesFollowTheDecreeAndListSpeakersInSpeakingOrder) {
  const auto doc = dialogue_minutes(record(), ref_);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->issuing_body, "Huyện ủy Vĩnh Bảo");
  EXPECT_EQ(doc->parent_body, "Thành ủy Hải Phòng");
  EXPECT_EQ(doc->number, "07/BB-HU-VB");
  EXPECT_EQ(doc->place, "Vĩnh Bảo");
  EXPECT_EQ(doc->date, (Date{2021, 9, 27}));
  ASSERT_EQ(doc->signatures.size(), 2u);
  EXPECT_EQ(doc->signatures[0].title, "Thư ký");
  EXPECT_EQ(doc->signatures[0].name, "Đồng chí Trần Thị Hoa");
  EXPECT_EQ(doc->signatures[1].name, "Đồng chí Phạm Văn Đức");

  const auto bytes = write_docx(*doc);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const auto xml = zip_entry(*bytes, "word/document.xml");
  const auto texts = all_of(xml, R"(<w:t xml:space="preserve">([^<]*)</w:t>)");
  auto index_of = [&](const std::string& t) {
    const auto it = std::find(texts.begin(), texts.end(), t);
    EXPECT_NE(it, texts.end()) << t;
    return it - texts.begin();
  };
  const auto order = {
      index_of("THÀNH ỦY HẢI PHÒNG"),
      index_of("HUYỆN ỦY VĨNH BẢO"),
      index_of("Số: 07/BB-HU-VB"),
      index_of("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
      index_of("Độc lập - Tự do - Hạnh phúc"),
      index_of("Vĩnh Bảo, ngày 27 tháng 9 năm 2021"),
      index_of("BIÊN BẢN"),
      index_of("I. THỜI GIAN, ĐỊA ĐIỂM"),
      index_of("II. THÀNH PHẦN THAM DỰ"),
      index_of("III. NỘI DUNG HỘI NGHỊ"),
      // Trình (speaking first) before Sơn, the absent speaker, then the floor.
      index_of("Vũ Quang Trình (xã Vĩnh An)"),
      index_of("Trả lời trực tiếp tại hội nghị (Trưởng Ban Tuyên giáo Huyện ủy)"),
      index_of("Nguyễn Văn Sơn (thị trấn Vĩnh Bảo)"),
      index_of("Thuộc thẩm quyền cấp trên: chuyển cấp trên xem xét, giải quyết"),
      index_of("Lê Văn Cường (xã Vĩnh An)"),
      index_of("Vắng mặt"),
      index_of("Đào Văn Long"),
      index_of("Giao Phòng Tài nguyên và Môi trường huyện Vĩnh Bảo giải quyết, trả lời bằng "
               "văn bản; hạn 27/10/2021"),
      index_of(std::string(kWithheldDenouncer)),
      index_of("IV. KẾT QUẢ VÀ KẾT LUẬN"),
      index_of("THƯ KÝ"),
      index_of("CHỦ TRÌ HỘI NGHỊ"),
      index_of("Đồng chí Phạm Văn Đức"),
  };
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_NE(xml.find("Vào hồi 08 giờ 00 phút, ngày 27 tháng 9 năm 2021, tại Hội trường Trung tâm "
                     "Chính trị huyện"),
            std::string::npos);
  EXPECT_NE(xml.find("Tham dự hội nghị có 450 lượt người."), std::string::npos);
  EXPECT_NE(xml.find("đã tổ chức 2 hội nghị Nhân dân ở thôn, khu dân cư với 190 lượt người tham "
                     "dự, tổng hợp được 8 ý kiến"),
            std::string::npos);
  EXPECT_NE(xml.find("Có 3 công dân đăng ký phát biểu"), std::string::npos);
  EXPECT_NE(xml.find("Nông nghiệp và phát triển nông thôn; Xây dựng Đảng và vận động Nhân dân"),
            std::string::npos);
  EXPECT_NE(xml.find("Tổng số 4 ý kiến, trong đó: 1 ý kiến được trả lời trực tiếp tại hội nghị; 2 "
                     "ý kiến giao cơ quan chuyên môn giải quyết; 1 ý kiến thuộc thẩm quyền cấp "
                     "trên, chuyển cấp trên"),
            std::string::npos);
  // No phone, no address, and never the denouncer's name.
  EXPECT_EQ(xml.find("0912345678"), std::string::npos);
  EXPECT_EQ(xml.find("thôn 3"), std::string::npos);
  EXPECT_EQ(xml.find("Hoàng Văn Tố"), std::string::npos);
  // The secretary signs, and is not listed again with the presiding board.
  EXPECT_EQ(xml.find("Thư ký hội nghị</w:t>"), std::string::npos);
}

TEST_F(Documents, MinutesAsPdfKeepTheVietnameseText) {
  const auto doc = dialogue_minutes(record(), ref_);
  ASSERT_TRUE(doc.ok());
  const auto bytes = write_pdf(*doc);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const auto text = pdf_text(*bytes);
  // Table cells wrap: names are looked for by the words that stay on one line.
  for (const auto* expected :
       {"HUYỆN ỦY VĨNH BẢO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 07/BB-HU-VB", "Vĩnh Bảo, ngày 27 tháng 9 năm 2021", "BIÊN BẢN",
        "III. NỘI DUNG HỘI NGHỊ", "Người phát", "Kết quả trả", "Vũ Quang", "Nguyễn Văn", "Đào Văn",
        "Vắng mặt", "Người tố cáo", "THƯ KÝ", "CHỦ TRÌ HỘI NGHỊ", "Đồng chí Trần Thị Hoa",
        "- Đồng chí Nguyễn Thị Hằng, Chủ tịch UBMTTQ huyện"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_LT(text.find("Vũ Quang"), text.find("Nguyễn Văn"));
  EXPECT_LT(text.find("Nguyễn Văn"), text.find("Vắng mặt"));
  EXPECT_EQ(text.find("Hoàng Văn"), std::string::npos);
}

TEST_F(Documents, ADialogueNotYetHeldHasNoMinutes) {
  auto r = record();
  for (const auto s : {dialogue::Status::planned, dialogue::Status::collecting,
                       dialogue::Status::registration_open}) {
    r.dialogue.status = s;
    const auto doc = dialogue_minutes(r, ref_);
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, ErrorKind::conflict);
    EXPECT_EQ(doc.error().code, "dialogue_not_held");
  }
  r.dialogue.status = dialogue::Status::closed;
  EXPECT_TRUE(dialogue_minutes(r, ref_).ok());
}

TEST_F(Documents, MinutesOfADialogueRecordedFromItsReportGiveTheReportedFigure) {
  auto r = record();
  r.registrations.clear();
  r.opinions.clear();
  r.progress = {};
  r.dialogue.opinions_reported = 45;
  const auto doc = dialogue_minutes(r, ref_);
  ASSERT_TRUE(doc.ok());
  const auto xml = zip_entry(*write_docx(*doc), "word/document.xml");
  EXPECT_NE(xml.find("Tại hội nghị có 45 lượt ý kiến"), std::string::npos);
}

std::vector<store::RegisterRow> register_rows() {
  store::RegisterRow a;
  a.number = 1;
  a.date = Date{2025, 1, 16};
  a.name_and_address = "Phạm Văn Minh, thôn 3, xã Vĩnh Bảo";
  a.id_document = "031090001234";
  a.summary = "Khiếu nại mức bồi thường khi thu hồi đất";
  a.classification = "Khiếu nại; số người: 3";
  a.ruled_by = "UBND xã Vĩnh Bảo";
  a.direction = "Chuyển đơn đến Thanh tra thành phố, văn bản số 15/BTCD";
  a.kind = Kind::khieu_nai;
  store::RegisterRow b;
  b.number = 2;
  b.date = Date{2025, 1, 16};
  b.name_and_address = "Đỗ Văn Kín, thôn 5";
  b.id_document = "031090009999";
  b.summary = "Tố cáo cán bộ thu tiền sai quy định";
  b.classification = "Tố cáo; số người: 1";
  b.direction = "Tiếp nhận, thụ lý";
  b.note = "Giữ bí mật";
  b.kind = Kind::to_cao;
  return {a, b};
}

RegisterHeading heading() {
  RegisterHeading h;
  h.body = "Ủy ban nhân dân thành phố Hải Phòng";
  h.place = "Hải Phòng";
  h.from = Date{2025, 1, 1};
  h.to = Date{2025, 12, 31};
  h.as_of = Date{2026, 1, 5};
  return h;
}

TEST_F(Documents, TheRegisterWorkbookHasTheFormsColumnsInOrder) {
  const auto bytes = write_xlsx(register_workbook(register_rows(), heading()));
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const std::string sheet = "xl/worksheets/sheet1.xml";
  EXPECT_EQ(row_texts(*bytes, sheet, 1), (std::vector<std::string>{"SỔ TIẾP CÔNG DÂN"}));
  // Title, three subtitle lines, a blank row, the header.
  EXPECT_EQ(row_texts(*bytes, sheet, 6),
            (std::vector<std::string>{"STT", "Ngày tiếp", "Họ tên, địa chỉ", "Số CMND/CCCD",
                                      "Nội dung vụ việc", "Phân loại vụ việc, số người",
                                      "Cơ quan đã giải quyết", "Hướng xử lý",
                                      "Theo dõi kết quả giải quyết", "Ghi chú"}));
  const auto first = row_texts(*bytes, sheet, 7);
  ASSERT_EQ(first.size(), 8u);  // the two empty cells (follow-up, note) are not written
  EXPECT_EQ(first[0], "1");
  EXPECT_EQ(first[1], "45673");  // 16/01/2025 as an Excel date
  EXPECT_EQ(first[2], "Phạm Văn Minh, thôn 3, xã Vĩnh Bảo");
  EXPECT_EQ(first[3], "031090001234");
  EXPECT_EQ(first[5], "Khiếu nại; số người: 3");
  EXPECT_EQ(first[7], "Chuyển đơn đến Thanh tra thành phố, văn bản số 15/BTCD");
  // The denunciation: its visitor is withheld, ID and all.
  const auto second = row_texts(*bytes, sheet, 8);
  EXPECT_EQ(second[2], std::string(kWithheldDenouncer));
  EXPECT_EQ(second[3], "Tố cáo cán bộ thu tiền sai quy định");
  const auto strings = test::shared_strings(*bytes);
  for (const auto& s : strings) {
    EXPECT_EQ(s.find("Đỗ Văn Kín"), std::string::npos);
    EXPECT_EQ(s.find("031090009999"), std::string::npos);
  }
}

TEST_F(Documents, TheRegisterPrintsOnA4Landscape) {
  const auto doc = register_document(register_rows(), heading());
  EXPECT_TRUE(doc.landscape);
  const auto bytes = write_pdf(doc);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_NE(pdf_info(*bytes).find("841.89 x 595.276"), std::string::npos);
  const auto text = pdf_text(*bytes);
  for (const auto* expected :
       {"ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "SỔ TIẾP CÔNG DÂN", "Từ ngày 01/01/2025",
        "Ngày tiếp", "Phạm Văn Minh", "031090001234", "16/01/2025", "Người tố cáo", "Khiếu nại; số",
        "Tổng số: 2 lượt tiếp."}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("Đỗ Văn Kín"), std::string::npos);
  EXPECT_EQ(text.find("031090009999"), std::string::npos);
  // Columns in the form's order across the header line(s).
  EXPECT_LT(text.find("STT"), text.find("Ngày tiếp"));
}

}  // namespace
}  // namespace doithoai::report
