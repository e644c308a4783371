// The documents served by the API and written by the CLI, opened and read: the minutes
// (biên bản) of a dialogue as DOCX and PDF, and the reception register (form 03) as XLSX and PDF;
// their types, file names, content, the refusal before the conference, and who may read them.
#include <zip.h>

#include <cstdio>
#include <fstream>

#include "domain/date.hpp"
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

const std::string kCommune = "HP-2025-VINHBAO";
const std::string kSecretary = "DU-HP-2025-VINHBAO";
const std::string kCommittee = "UBND-HP-2025-VINHBAO";

std::string today_iso() {
  return vietnam_date(now_utc()).iso();
}

std::string zip_entry(const std::string& bytes, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (za == nullptr) {
    zip_source_free(src);
    return {};
  }
  std::string out;
  if (zip_file_t* f = zip_fopen(za, name.c_str(), 0)) {
    char buf[8192];
    for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) {
      out.append(buf, static_cast<std::size_t>(n));
    }
    zip_fclose(f);
  }
  zip_close(za);
  return out;
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

class DocumentsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(
        std::vector<Account>{{"quantri", "admin", "--unit", "31"},
                             {"tiepnhan", "intake", "--unit", "31"},
                             {"bithu", "leader", "--agency", kSecretary},
                             {"khac", "leader", "--agency", "UBND-HP-2025-NGUYENBINHKHIEM"},
                             {"chuyenvien", "officer", "--agency", kCommittee},
                             {"thanhtra", "inspector", "--unit", "31"}});
    pdf_ = std::filesystem::temp_directory_path() /
           ("doithoai-docs-" + std::to_string(::getpid()) + ".pdf");
  }
  void TearDown() override { std::filesystem::remove(pdf_); }
  LiveServer& s() { return *server_; }

  json post(const std::string& path, const std::string& as, const json& body, int status) {
    auto r = s().call("POST", path, as, body.dump());
    EXPECT_EQ(r.status, status) << path << " " << r.body;
    return json::parse(r.body);
  }

  std::string pdf_text(const std::string& bytes) {
    std::ofstream(pdf_, std::ios::binary) << bytes;
    return run("pdftotext -layout " + pdf_.string() + " - 2>/dev/null");
  }

  std::unique_ptr<LiveServer> server_;
  std::filesystem::path pdf_;
};

TEST_F(DocumentsApi, MinutesOfAHeldDialogueAsDocxAndPdf) {
  const auto d = post("/api/v1/dialogues", "bithu",
                      {{"title", "Hội nghị đối thoại của Bí thư Đảng ủy xã với Nhân dân"},
                       {"host_name", "Đồng chí Lê Văn Thắng"},
                       {"host_title", "Bí thư Đảng ủy xã"},
                       {"host_agency_code", kSecretary},
                       {"held_on", today_iso()},
                       {"registration_closes_on", today_iso()},
                       {"starts_at", "14:00"},
                       {"venue", "Hội trường UBND xã"},
                       {"board",
                        {{{"name", "Đồng chí Lê Văn Thắng"}, {"role", "Chủ trì"}},
                         {{"name", "Đồng chí Đặng Thu Trang"}, {"role", "Thư ký"}}}}},
                      201);
  const auto id = d["id"].get<long long>();
  const std::string base = "/api/v1/dialogues/" + std::to_string(id);
  post(base + "/actions", "bithu", {{"action", "open_registration"}}, 200);
  const auto reg = "/api/v1/public/dialogues/" + std::to_string(id) + "/registrations";
  const auto an = post(reg, "",
                       {{"name", "Nguyễn Văn An"},
                        {"phone", "0912345678"},
                        {"unit_code", kCommune},
                        {"topic", "Giá vật tư nông nghiệp"}},
                       201);
  const auto bich = post(reg, "", {{"name", "Trần Thị Bích"}, {"topic", "Đường nội đồng"}}, 201);

  // Not held yet: no minutes.
  auto r = s().call("GET", base + "/minutes.pdf", "tiepnhan");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(error_of(r)["code"], "dialogue_not_held");
  EXPECT_NE(error_of(r)["message"].get<std::string>().find("chưa tổ chức"), std::string::npos);

  ASSERT_EQ(
      s().call("PUT", base + "/order", "tiepnhan",
               json{{"registration_ids", {bich["registration_id"], an["registration_id"]}}}.dump())
          .status,
      200);
  post(base + "/actions", "bithu", {{"action", "hold"}, {"attendance", 215}}, 200);
  post(base + "/opinions", "tiepnhan",
       {{"registration_id", an["registration_id"]},
        {"content", "Giá phân bón tăng cao, đề nghị hỗ trợ."},
        {"field_code", "nong_nghiep"},
        {"outcome", "answered"},
        {"answered_by", "Bí thư Đảng ủy xã"}},
       201);
  post(base + "/opinions", "tiepnhan",
       {{"registration_id", bich["registration_id"]},
        {"content", "Đường nội đồng hẹp, máy gặt không vào được."},
        {"field_code", "nong_thon_moi"},
        {"outcome", "assigned"},
        {"agency_code", kCommittee},
        {"due_on", vietnam_date(now_utc()).plus_days(15).iso()}},
       201);
  post(base + "/opinions", "tiepnhan",
       {{"content", "Đề nghị thành phố điều chỉnh quy hoạch khu công nghiệp."},
        {"people", {{{"name", "Phạm Văn Minh"}}}},
        {"kind", "de_xuat"},
        {"outcome", "forwarded"}},
       201);
  post(base + "/opinions", "tiepnhan",
       {{"content", "Tố cáo cán bộ địa chính thu tiền sai quy định."},
        {"people", {{{"name", "Hoàng Văn Tố"}}}},
        {"kind", "to_cao"},
        {"outcome", "assigned"},
        {"agency_code", kCommittee},
        {"due_on", vietnam_date(now_utc()).plus_days(30).iso()}},
       201);

  r = s().call("GET", base + "/minutes.docx", "tiepnhan");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(r.header("content-disposition"), "attachment; filename=\"bien-ban-doi-thoai-" +
                                                 std::to_string(id) + "-" + today_iso() +
                                                 ".docx\"");
  const auto xml = zip_entry(r.body, "word/document.xml");
  ASSERT_FALSE(xml.empty());
  auto at = [&](const std::string& t) { return xml.find(t); };
  for (const auto* expected :
       {"THÀNH ỦY HẢI PHÒNG", "ĐẢNG ỦY XÃ VĨNH BẢO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN", "Vào hồi 14 giờ 00 phút", "Tham dự hội nghị có 215 lượt người.",
        "Trả lời trực tiếp tại hội nghị (Bí thư Đảng ủy xã",
        "Giao Ủy ban nhân dân xã Vĩnh Bảo giải quyết",
        "Thuộc thẩm quyền cấp trên: chuyển cấp trên xem xét, giải quyết", "Người tố cáo",
        "Đồng chí Đặng Thu Trang", "CHỦ TRÌ HỘI NGHỊ"}) {
    EXPECT_NE(at(expected), std::string::npos) << expected;
  }
  // Bích speaks first; the speakers are named with their commune; no phone, no denouncer.
  EXPECT_LT(at("Trần Thị Bích"), at("Nguyễn Văn An (xã Vĩnh Bảo)"));
  EXPECT_LT(at("Nguyễn Văn An (xã Vĩnh Bảo)"), at("Phạm Văn Minh"));
  EXPECT_EQ(at("0912345678"), std::string::npos);
  EXPECT_EQ(at("Hoàng Văn Tố"), std::string::npos);

  r = s().call("GET", base + "/minutes.pdf", "thanhtra");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/pdf");
  EXPECT_NE(r.header("content-disposition").find(".pdf\""), std::string::npos);
  const auto text = pdf_text(r.body);
  for (const auto* expected : {"ĐẢNG ỦY XÃ VĨNH BẢO", "Độc lập - Tự do - Hạnh phúc", "BIÊN BẢN",
                               "Trần Thị", "Nguyễn Văn", "Phạm Văn", "THƯ KÝ"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("Hoàng Văn"), std::string::npos);

  // Through the one gate: nobody without a session, nobody from another commune.
  EXPECT_EQ(s().call("GET", base + "/minutes.pdf").status, 401);
  EXPECT_EQ(s().call("GET", base + "/minutes.docx", "khac").status, 403);
  EXPECT_EQ(s().call("GET", "/api/v1/dialogues/99999/minutes.docx", "tiepnhan").status, 404);

  // The same minutes from the command line.
  const auto out = std::filesystem::temp_directory_path() /
                   ("doithoai-minutes-" + std::to_string(::getpid()) + ".docx");
  const auto cli_run = cli(s().db(), {"report", "minutes", "--dialogue", std::to_string(id),
                                      "--format", "docx", "--out", out.string()});
  ASSERT_EQ(cli_run.exit_code, 0) << cli_run.err;
  std::ifstream in(out, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(out);
  EXPECT_NE(zip_entry(bytes, "word/document.xml").find("Trần Thị Bích"), std::string::npos);
}

TEST_F(DocumentsApi, TheRegisterAsXlsxAndPdf) {
  auto r = s().call("POST", "/api/v1/receptions/schedules", "tiepnhan",
                    json{{"leader_name", "Lê Văn Thắng"},
                         {"leader_title", "Bí thư Đảng ủy xã"},
                         {"agency_code", kSecretary},
                         {"rule", "FREQ=MONTHLY;BYDAY=2TH"},
                         {"starts_on", "2025-10-01"}}
                        .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const auto schedule = json::parse(r.body)["id"];
  auto visit = [&](const std::string& on, const std::string& name, const std::string& kind,
                   const std::string& id_number) {
    const auto v = s().call("POST", "/api/v1/receptions/visits", "tiepnhan",
                            json{{"schedule_id", schedule},
                                 {"visited_on", on},
                                 {"name", name},
                                 {"address", "thôn 3, xã Vĩnh Bảo"},
                                 {"phone", "0988777666"},
                                 {"id_number", id_number},
                                 {"summary", "Nội dung vụ việc ngày " + on},
                                 {"kind", kind}}
                                .dump());
    ASSERT_EQ(v.status, 201) << v.body;
  };
  visit("2025-10-09", "Phạm Văn Minh", "khieu_nai", "031090001234");
  visit("2025-11-13", "Đỗ Văn Kín", "to_cao", "031090009999");
  visit("2025-12-11", "Vũ Thị Mai", "kien_nghi", "031090005555");

  const std::string query = "?agency=" + kSecretary + "&from=2025-10-01&to=2025-11-30";
  r = s().call("GET", "/api/v1/receptions/register.xlsx" + query, "thanhtra");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(r.header("content-disposition"), "attachment; filename=\"so-tiep-cong-dan-" +
                                                 kSecretary + "-2025-10-01-2025-11-30.xlsx\"");
  const auto strings = zip_entry(r.body, "xl/sharedStrings.xml");
  const auto sheet = zip_entry(r.body, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(strings.empty());
  // The header in the form's order, the period's two visits, never the phone nor the denouncer.
  std::size_t last = 0;
  for (const auto* column :
       {"STT", "Ngày tiếp", "Họ tên, địa chỉ", "Số CMND/CCCD", "Nội dung vụ việc",
        "Phân loại vụ việc, số người", "Cơ quan đã giải quyết", "Hướng xử lý",
        "Theo dõi kết quả giải quyết", "Ghi chú"}) {
    const auto at = strings.find(std::string(">") + column + "<");
    ASSERT_NE(at, std::string::npos) << column;
    EXPECT_GT(at, last) << column;
    last = at;
  }
  EXPECT_NE(strings.find("Phạm Văn Minh, thôn 3, xã Vĩnh Bảo"), std::string::npos);
  EXPECT_NE(strings.find("031090001234"), std::string::npos);
  EXPECT_NE(strings.find("Người tố cáo"), std::string::npos);
  EXPECT_EQ(strings.find("Đỗ Văn Kín"), std::string::npos);
  EXPECT_EQ(strings.find("031090009999"), std::string::npos);
  EXPECT_EQ(strings.find("0988777666"), std::string::npos);
  EXPECT_EQ(strings.find("Vũ Thị Mai"), std::string::npos) << "outside the period";
  // Header in row 6, then two rows.
  EXPECT_NE(sheet.find("<row r=\"8\""), std::string::npos);
  EXPECT_EQ(sheet.find("<row r=\"9\""), std::string::npos);

  r = s().call("GET", "/api/v1/receptions/register.pdf" + query, "tiepnhan");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/pdf");
  const auto text = pdf_text(r.body);
  for (const auto* expected : {"ĐẢNG ỦY XÃ VĨNH BẢO", "SỔ TIẾP CÔNG DÂN", "Phạm Văn Minh",
                               "09/10/2025", "Khiếu nại; số", "Người tố cáo"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("Đỗ Văn Kín"), std::string::npos);

  // Officers do not read the register (it carries ID numbers); bad periods are refused.
  EXPECT_EQ(s().call("GET", "/api/v1/receptions/register.xlsx" + query, "chuyenvien").status, 403);
  r = s().call(
      "GET",
      "/api/v1/receptions/register.pdf?agency=" + kSecretary + "&from=2025-12-01&to=2025-01-01",
      "thanhtra");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_of(r)["code"], "bad_period");

  // From the command line.
  const auto out = std::filesystem::temp_directory_path() /
                   ("doithoai-register-" + std::to_string(::getpid()) + ".pdf");
  const auto cli_run =
      cli(s().db(), {"report", "register", "--agency", kSecretary, "--from", "2025-01-01", "--to",
                     "2025-12-31", "--format", "pdf", "--out", out.string()});
  ASSERT_EQ(cli_run.exit_code, 0) << cli_run.err;
  const auto cli_text = run("pdftotext -layout " + out.string() + " - 2>/dev/null");
  std::filesystem::remove(out);
  EXPECT_NE(cli_text.find("Vũ Thị Mai"), std::string::npos) << cli_text;
}

}  // namespace
}  // namespace doithoai::testsupport
