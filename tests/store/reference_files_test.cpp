// Tests of the reference-data loader: the real data/ directory, and broken files that must be
// refused with a message naming the file and the line.
#include "store/reference_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#ifndef DOITHOAI_SOURCE_DIR
#define DOITHOAI_SOURCE_DIR "/work/main"
#endif

namespace doithoai::store {
namespace {

namespace fs = std::filesystem;

const std::string kDataDir = std::string(DOITHOAI_SOURCE_DIR) + "/data";

// ---------------------------------------------------------------------------------------------
// The real data/ directory.

class ReferenceFilesRealData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = load_reference_data(kDataDir);
    if (!loaded.ok()) {
      load_error_ = loaded.error().message;
      return;
    }
    data_ = new ReferenceData(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(data_, nullptr) << load_error_; }

  static const Unit* unit(const std::string& code) {
    for (const auto& u : data_->units) {
      if (u.code == code) return &u;
    }
    return nullptr;
  }
  static const Unit* unit_named(const std::string& type_name, const std::string& name) {
    for (const auto& u : data_->units) {
      if (u.type_name == type_name && u.name == name) return &u;
    }
    return nullptr;
  }
  static const Holiday* holiday(const std::string& iso) {
    for (const auto& h : data_->holidays) {
      if (h.date.iso() == iso) return &h;
    }
    return nullptr;
  }

  static inline ReferenceData* data_ = nullptr;
  static inline std::string load_error_;
};

TEST_F(ReferenceFilesRealData, HasTheFourLevels) {
  std::map<std::string, int> ranks;
  for (const auto& l : data_->levels) ranks[l.code] = l.rank;
  EXPECT_EQ(ranks, (std::map<std::string, int>{
                       {"province", 1}, {"district", 2}, {"commune", 3}, {"village", 4}}));
}

TEST_F(ReferenceFilesRealData, HasHaiPhongAndVinhBao) {
  const Unit* hp = unit("31");
  ASSERT_NE(hp, nullptr);
  EXPECT_EQ(hp->name, "Hải Phòng");
  EXPECT_EQ(hp->level, "province");
  EXPECT_FALSE(hp->valid_to.has_value());
  EXPECT_FALSE(hp->parent_code.has_value());

  const Unit* vb = unit("316");
  ASSERT_NE(vb, nullptr);
  EXPECT_EQ(vb->full_name(), "huyện Vĩnh Bảo");
  EXPECT_EQ(vb->level, "district");
  EXPECT_EQ(vb->parent_code, std::optional<std::string>("31"));
  ASSERT_TRUE(vb->valid_to.has_value());
  EXPECT_EQ(vb->valid_to->iso(), "2025-06-30");
}

TEST_F(ReferenceFilesRealData, VinhBaoHadThirtyCommunesIn2021EachWithItsAgencies) {
  const Date day = *Date::parse_iso("2021-01-01");
  std::vector<const Unit*> communes;
  for (const auto& u : data_->units) {
    if (u.level == "commune" && u.parent_code == std::optional<std::string>("316") &&
        u.valid_at(day)) {
      communes.push_back(&u);
    }
  }
  ASSERT_EQ(communes.size(), 30u);
  int towns = 0;
  for (const Unit* c : communes) {
    EXPECT_FALSE(c->sample) << c->code;
    if (c->type_name == "thị trấn") ++towns;
    std::set<std::string> kinds;
    for (const auto& a : data_->agencies) {
      if (a.unit_code == c->code) kinds.insert(a.kind);
    }
    EXPECT_TRUE(kinds.count("party_committee")) << c->full_name();
    EXPECT_TRUE(kinds.count("people_committee")) << c->full_name();
    EXPECT_TRUE(kinds.count("fatherland_front")) << c->full_name();
  }
  EXPECT_EQ(towns, 1);  // thị trấn Vĩnh Bảo
  ASSERT_NE(unit("11824"), nullptr);
  EXPECT_EQ(unit("11824")->full_name(), "thị trấn Vĩnh Bảo");
  EXPECT_EQ(unit("11842")->full_name(), "xã Vĩnh An");  // the article's Vũ Quang Trình
}

TEST_F(ReferenceFilesRealData, NguyenBinhKhiemSucceedsTranDuongHoaBinhLyHoc) {
  const Unit* nbk = unit_named("xã", "Nguyễn Bỉnh Khiêm");
  ASSERT_NE(nbk, nullptr);
  EXPECT_EQ(nbk->valid_from.iso(), "2025-07-01");
  EXPECT_FALSE(nbk->valid_to.has_value());
  EXPECT_EQ(nbk->parent_code, std::optional<std::string>("31"));

  std::set<std::string> preds(nbk->predecessor_codes.begin(), nbk->predecessor_codes.end());
  std::set<std::string> names;
  for (const auto& code : preds) {
    const Unit* p = unit(code);
    ASSERT_NE(p, nullptr) << code;
    names.insert(p->name);
    ASSERT_TRUE(p->valid_to.has_value()) << code;
    EXPECT_EQ(p->valid_to->iso(), "2025-06-30") << code;
    EXPECT_EQ(p->successor_codes, std::vector<std::string>{nbk->code}) << code;
  }
  EXPECT_EQ(names, (std::set<std::string>{"Trấn Dương", "Hòa Bình", "Lý Học"}));

  bool has_party_committee = false;
  for (const auto& a : data_->agencies) {
    if (a.unit_code == nbk->code && a.kind == "party_committee") has_party_committee = true;
  }
  EXPECT_TRUE(has_party_committee);
}

TEST_F(ReferenceFilesRealData, AgenciesEndWithTheirUnitAndHigherLevelsExist) {
  std::map<std::string, const Agency*> by_code;
  for (const auto& a : data_->agencies) by_code[a.code] = &a;
  ASSERT_TRUE(by_code.count("HU-VB"));
  ASSERT_TRUE(by_code.count("UBND-HP"));
  ASSERT_TRUE(by_code.count("TU-HP"));
  ASSERT_TRUE(by_code.count("TNMT-VB"));
  EXPECT_EQ(by_code["HU-VB"]->valid_to, Date::parse_iso("2025-06-30"));
  EXPECT_FALSE(by_code["UBND-HP"]->valid_to.has_value());
  EXPECT_EQ(by_code["TNMT-VB"]->parent_code, std::optional<std::string>("UBND-VB"));
}

TEST_F(ReferenceFilesRealData, HasTheNineFieldsOfTheArticleThenOther) {
  std::vector<Field> fields = data_->fields;
  std::sort(fields.begin(), fields.end(),
            [](const Field& a, const Field& b) { return a.sort_order < b.sort_order; });
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "Nông nghiệp và phát triển nông thôn", "Xây dựng nông thôn mới kiểu mẫu",
                       "Công nghiệp, thương mại, dịch vụ", "Xây dựng Đảng và vận động Nhân dân",
                       "Chính sách", "Văn hóa - xã hội", "Quốc phòng - an ninh",
                       "Tài nguyên - môi trường", "Giải phóng mặt bằng", "Khác"}));
  EXPECT_EQ(fields.back().code, "khac");
}

TEST_F(ReferenceFilesRealData, HasHolidaysOf2025And2026WithSources) {
  for (const char* day :
       {"2025-01-01", "2025-01-29", "2025-04-07", "2025-04-30", "2025-05-02", "2025-09-02",
        "2026-01-01", "2026-01-02", "2026-02-17", "2026-04-27", "2026-05-01", "2026-09-02"}) {
    const Holiday* h = holiday(day);
    ASSERT_NE(h, nullptr) << day;
    EXPECT_FALSE(h->working_day) << day;
  }
  for (const char* day : {"2025-04-26", "2026-01-10"}) {
    const Holiday* h = holiday(day);
    ASSERT_NE(h, nullptr) << day;
    EXPECT_TRUE(h->working_day) << day;
  }
  for (const auto& h : data_->holidays) EXPECT_FALSE(h.source.empty()) << h.date.iso();
}

TEST_F(ReferenceFilesRealData, HasTheReceptionDutiesWithTheNovember2025Change) {
  std::map<std::string, const reception::DutyRule*> by_code;
  for (const auto& r : data_->reception_duties) by_code[r.code] = &r;
  ASSERT_EQ(by_code.count("ubnd_xa"), 1U);
  EXPECT_EQ(by_code["ubnd_xa"]->per, reception::DutyRule::Per::week);
  EXPECT_EQ(by_code["ubnd_huyen"]->days, 2);
  ASSERT_EQ(by_code.count("bi_thu_xa_2025"), 1U);
  EXPECT_EQ(by_code["bi_thu_xa_2025"]->days, 2);
  EXPECT_EQ(by_code["bi_thu_xa_2025"]->valid_from.iso(), "2025-11-23");
  EXPECT_NE(by_code["bi_thu_xa_2025"]->source.find("215-KL/TW"), std::string::npos);
  EXPECT_FALSE(by_code["bi_thu_xa"]->confirmed);  // flagged for review, shown as such
  for (const auto& r : data_->reception_duties) EXPECT_TRUE(reception::validate(r).ok()) << r.code;
}

TEST_F(ReferenceFilesRealData, HasTheStatutoryAndDefaultDeadlineRules) {
  const auto find = [&](std::optional<Kind> kind, const std::string& step) {
    const deadlines::Rule* found = nullptr;
    for (const auto& r : data_->deadline_rules) {
      if (r.kind == kind && r.step == step) {
        EXPECT_EQ(found, nullptr) << "two rows for one kind and step";
        found = &r;
      }
    }
    return found;
  };
  ASSERT_EQ(data_->deadline_rules.size(), 9u);

  const auto* notify = find(std::nullopt, "notify");
  ASSERT_NE(notify, nullptr);
  EXPECT_EQ(notify->days, 10);
  EXPECT_EQ(notify->count, deadlines::DayCount::working);
  EXPECT_EQ(notify->from, deadlines::Anchor::received);
  EXPECT_EQ(notify->valid_from.iso(), "2019-02-18");
  EXPECT_NE(notify->source.find("11-QĐi/TW"), std::string::npos);

  const auto* complaint_accept = find(Kind::khieu_nai, "accept");
  ASSERT_NE(complaint_accept, nullptr);
  EXPECT_EQ(complaint_accept->days, 10);
  EXPECT_EQ(complaint_accept->valid_from.iso(), "2012-07-01");

  const auto* complaint = find(Kind::khieu_nai, "resolve");
  ASSERT_NE(complaint, nullptr);
  EXPECT_EQ(complaint->days, 30);
  EXPECT_EQ(complaint->count, deadlines::DayCount::calendar);
  EXPECT_EQ(complaint->from, deadlines::Anchor::accepted);
  EXPECT_EQ(complaint->extension_days, 15);
  EXPECT_EQ(complaint->max_extensions, 1);
  EXPECT_TRUE(complaint->confirmed);

  const auto* denunciation_accept = find(Kind::to_cao, "accept");
  ASSERT_NE(denunciation_accept, nullptr);
  EXPECT_EQ(denunciation_accept->days, 7);
  EXPECT_EQ(denunciation_accept->count, deadlines::DayCount::working);

  const auto* denunciation = find(Kind::to_cao, "resolve");
  ASSERT_NE(denunciation, nullptr);
  EXPECT_EQ(denunciation->extension_days, 30);
  EXPECT_EQ(denunciation->max_extensions, 2);
  EXPECT_EQ(denunciation->valid_from.iso(), "2019-01-01");

  for (const Kind k : {Kind::phan_anh, Kind::kien_nghi, Kind::de_xuat, Kind::gop_y}) {
    const auto* r = find(k, "resolve");
    ASSERT_NE(r, nullptr) << code(k);
    EXPECT_EQ(r->days, 15);
    EXPECT_EQ(r->count, deadlines::DayCount::working);
    EXPECT_FALSE(r->confirmed) << "an unconfirmed default must say so";
    EXPECT_NE(r->source.find("CHƯA XÁC NHẬN"), std::string::npos);
  }
  for (const auto& r : data_->deadline_rules) EXPECT_TRUE(deadlines::validate(r).ok()) << r.id();
}

// ---------------------------------------------------------------------------------------------
// Small valid files in a temporary directory, broken one at a time.

constexpr const char* kRulesHeader =
    "# thời hạn\n"
    "kind\tstep\tdays\tcount\tfrom\textension_days\tmax_extensions\tvalid_from\tconfirmed\t"
    "source\n";

class ReferenceFilesBroken : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() /
           ("doithoai_reference_" + std::to_string(rd()) + "_" + std::to_string(rd()));
    fs::create_directories(dir_);
    write("levels.tsv",
          "# cấp\n"
          "code\tname\trank\n"
          "province\tTỉnh\t1\n"
          "commune\tXã\t3\n");
    write("units.tsv",
          "code\tname\ttype_name\tlevel\tparent_code\tvalid_from\tvalid_to\tpredecessors\tsample\t"
          "note\n"
          "P\tMẫu\ttỉnh\tprovince\t\t2000-01-01\t\t\t0\t\n"
          "A\tXã A\txã\tcommune\tP\t2000-01-01\t2025-06-30\t\t0\tghi chú\n"
          "B\tXã B\txã\tcommune\tP\t2025-07-01\t\tA\t1\t\n");
    write("agencies.tsv",
          "code\tname\tkind\tunit_code\tparent_code\n"
          "UB-P\tỦy ban nhân dân tỉnh Mẫu\tpeople_committee\tP\t\n"
          "UB-A\tỦy ban nhân dân xã A\tpeople_committee\tA\tUB-P\n");
    write("fields.tsv",
          "code\tname\tparent_code\tsort_order\n"
          "khac\tKhác\t\t1\n");
    write("holidays.tsv",
          "# ngày nghỉ\n"
          "# thêm một dòng chú thích\n"
          "date\tname\tworking_day\tsource\n"
          "2025-01-01\tTết Dương lịch\t0\tBộ luật Lao động 2019 Điều 112\n");
    write("deadline_rules.tsv",
          std::string(kRulesHeader) +
              "*\tnotify\t10\tworking\treceived\t0\t0\t2019-02-18\t1\tQĐ 11\n"
              "to_cao\tresolve\t30\tcalendar\taccepted\t30\t2\t2019-01-01\t1\t"
              "Luật Tố cáo 2018 Điều 30\n");
    write("reception_duties.tsv",
          "code\tholder\tagency_kind\tunit_level\tdays\tper\tvalid_from\tconfirmed\tsource\n"
          "ubnd_xa\tChủ tịch UBND xã\tpeople_committee\tcommune\t1\tweek\t2014-07-01\t1\t"
          "Luật Tiếp công dân 2013\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void write(const std::string& name, const std::string& content) {
    std::ofstream out(dir_ / name, std::ios::binary | std::ios::trunc);
    out << content;
  }

  // Loads and expects the error: kind invalid, code bad_reference_data, message containing
  // "<file> dòng <line>:" and the given detail.
  void expect_error(const std::string& file, int line, const std::string& detail) {
    const auto loaded = load_reference_data(dir_.string());
    ASSERT_FALSE(loaded.ok()) << "expected an error in " << file;
    const Error& e = loaded.error();
    EXPECT_EQ(e.kind, ErrorKind::invalid);
    EXPECT_EQ(e.code, "bad_reference_data");
    const std::string where = file + " dòng " + std::to_string(line) + ":";
    EXPECT_NE(e.message.find(where), std::string::npos) << e.message << "\nwanted: " << where;
    EXPECT_NE(e.message.find(detail), std::string::npos) << e.message << "\nwanted: " << detail;
  }

  fs::path dir_;
};

TEST_F(ReferenceFilesBroken, TheValidSetLoadsAndDerivesLinks) {
  const auto loaded = load_reference_data(dir_.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const ReferenceData& d = *loaded;
  ASSERT_EQ(d.units.size(), 3u);
  EXPECT_EQ(d.units[1].successor_codes, std::vector<std::string>{"B"});
  EXPECT_EQ(d.units[2].predecessor_codes, std::vector<std::string>{"A"});
  EXPECT_TRUE(d.units[2].sample);
  EXPECT_EQ(d.units[1].note, "ghi chú");
  ASSERT_EQ(d.agencies.size(), 2u);
  EXPECT_EQ(d.agencies[1].valid_to, Date::parse_iso("2025-06-30"));
  EXPECT_FALSE(d.agencies[0].valid_to.has_value());
  ASSERT_EQ(d.holidays.size(), 1u);
  EXPECT_EQ(d.holidays[0].date.iso(), "2025-01-01");
}

TEST_F(ReferenceFilesBroken, UnknownParent) {
  write("units.tsv",
        "code\tname\ttype_name\tlevel\tparent_code\tvalid_from\tvalid_to\tpredecessors\tsample\t"
        "note\n"
        "P\tMẫu\ttỉnh\tprovince\t\t2000-01-01\t\t\t0\t\n"
        "A\tXã A\txã\tcommune\tP\t2000-01-01\t\t\t0\t\n"
        "B\tXã B\txã\tcommune\tKHONGCO\t2000-01-01\t\t\t0\t\n");
  expect_error("units.tsv", 4, "mã đơn vị cha không tồn tại: KHONGCO");
}

TEST_F(ReferenceFilesBroken, DuplicateCode) {
  write("units.tsv",
        "code\tname\ttype_name\tlevel\tparent_code\tvalid_from\tvalid_to\tpredecessors\tsample\t"
        "note\n"
        "P\tMẫu\ttỉnh\tprovince\t\t2000-01-01\t\t\t0\t\n"
        "A\tXã A\txã\tcommune\tP\t2000-01-01\t\t\t0\t\n"
        "A\tXã A lần hai\txã\tcommune\tP\t2000-01-01\t\t\t0\t\n");
  expect_error("units.tsv", 4, "mã trùng với dòng 3");
}

TEST_F(ReferenceFilesBroken, BadDate) {
  write("units.tsv",
        "code\tname\ttype_name\tlevel\tparent_code\tvalid_from\tvalid_to\tpredecessors\tsample\t"
        "note\n"
        "P\tMẫu\ttỉnh\tprovince\t\t2000-01-01\t\t\t0\t\n"
        "A\tXã A\txã\tcommune\tP\t2025-02-30\t\t\t0\t\n");
  expect_error("units.tsv", 3, "ngày không hợp lệ ở cột valid_from");
}

TEST_F(ReferenceFilesBroken, WrongColumnCount) {
  write("agencies.tsv",
        "code\tname\tkind\tunit_code\tparent_code\n"
        "UB-P\tỦy ban nhân dân tỉnh Mẫu\tpeople_committee\tP\t\n"
        "UB-A\tỦy ban nhân dân xã A\tpeople_committee\tA\n");
  expect_error("agencies.tsv", 3, "cần 5 cột");
}

TEST_F(ReferenceFilesBroken, InvalidUtf8) {
  write("fields.tsv",
        "code\tname\tparent_code\tsort_order\n"
        "khac\tKh\xC3\x28\t\t1\n");
  expect_error("fields.tsv", 2, "UTF-8");
}

TEST_F(ReferenceFilesBroken, OverlongAndSurrogateUtf8) {
  write("fields.tsv",
        "code\tname\tparent_code\tsort_order\n"
        "khac\tKh\xC0\xAF\t\t1\n");
  expect_error("fields.tsv", 2, "UTF-8");
  write("fields.tsv",
        "code\tname\tparent_code\tsort_order\n"
        "khac\tKhác\t\t1\n"
        "x\t\xED\xA0\x80\t\t2\n");
  expect_error("fields.tsv", 3, "UTF-8");
}

TEST_F(ReferenceFilesBroken, CommentLinesCountInLineNumbers) {
  write("holidays.tsv",
        "# ngày nghỉ\n"
        "# thêm một dòng chú thích\n"
        "date\tname\tworking_day\tsource\n"
        "2025-13-01\tTết\t0\tnguồn\n");
  expect_error("holidays.tsv", 4, "ngày không hợp lệ");
}

TEST_F(ReferenceFilesBroken, MakeUpWorkingDayMustBeAWeekend) {
  write("holidays.tsv",
        "date\tname\tworking_day\tsource\n"
        "2025-04-28\tLàm bù\t1\tnguồn\n");  // a Monday
  expect_error("holidays.tsv", 2, "thứ Bảy hoặc Chủ nhật");
}

TEST_F(ReferenceFilesBroken, MissingSource) {
  write("holidays.tsv",
        "date\tname\tworking_day\tsource\n"
        "2025-01-01\tTết Dương lịch\t0\t\n");
  expect_error("holidays.tsv", 2, "thiếu giá trị cột source");
}

TEST_F(ReferenceFilesBroken, UnknownPredecessor) {
  write("units.tsv",
        "code\tname\ttype_name\tlevel\tparent_code\tvalid_from\tvalid_to\tpredecessors\tsample\t"
        "note\n"
        "P\tMẫu\ttỉnh\tprovince\t\t2000-01-01\t\t\t0\t\n"
        "B\tXã B\txã\tcommune\tP\t2025-07-01\t\tA,Z\t0\t\n");
  expect_error("units.tsv", 3, "mã đơn vị tiền thân không tồn tại: A");
}

TEST_F(ReferenceFilesBroken, PredecessorStillValidAfterSuccessorStarts) {
  write("units.tsv",
        "code\tname\ttype_name\tlevel\tparent_code\tvalid_from\tvalid_to\tpredecessors\tsample\t"
        "note\n"
        "P\tMẫu\ttỉnh\tprovince\t\t2000-01-01\t\t\t0\t\n"
        "A\tXã A\txã\tcommune\tP\t2000-01-01\t2025-07-01\t\t0\t\n"
        "B\tXã B\txã\tcommune\tP\t2025-07-01\t\tA\t0\t\n");
  expect_error("units.tsv", 4, "đơn vị tiền thân A");
}

TEST_F(ReferenceFilesBroken, UnknownLevelAndBadSampleFlag) {
  write("units.tsv",
        "code\tname\ttype_name\tlevel\tparent_code\tvalid_from\tvalid_to\tpredecessors\tsample\t"
        "note\n"
        "P\tMẫu\ttỉnh\tprovince\t\t2000-01-01\t\t\t0\t\n"
        "A\tXã A\txã\tward\tP\t2000-01-01\t\t\t0\t\n");
  expect_error("units.tsv", 3, "cấp đơn vị không có trong levels.tsv: ward");
  write("units.tsv",
        "code\tname\ttype_name\tlevel\tparent_code\tvalid_from\tvalid_to\tpredecessors\tsample\t"
        "note\n"
        "P\tMẫu\ttỉnh\tprovince\t\t2000-01-01\t\t\t2\t\n");
  expect_error("units.tsv", 2, "phải là 0 hoặc 1");
}

TEST_F(ReferenceFilesBroken, AgencyOfUnknownUnitOrKind) {
  write("agencies.tsv",
        "code\tname\tkind\tunit_code\tparent_code\n"
        "UB-X\tỦy ban nhân dân xã X\tpeople_committee\tX\t\n");
  expect_error("agencies.tsv", 2, "mã đơn vị hành chính không tồn tại: X");
  write("agencies.tsv",
        "code\tname\tkind\tunit_code\tparent_code\n"
        "UB-P\tỦy ban\tcommittee\tP\t\n");
  expect_error("agencies.tsv", 2, "loại cơ quan không hợp lệ");
}

TEST_F(ReferenceFilesBroken, AgencyParentLoop) {
  write("agencies.tsv",
        "code\tname\tkind\tunit_code\tparent_code\n"
        "X\tCơ quan X\toffice\tP\tY\n"
        "Y\tCơ quan Y\toffice\tP\tX\n");
  expect_error("agencies.tsv", 2, "vòng lặp");
}

TEST_F(ReferenceFilesBroken, WrongHeader) {
  write("fields.tsv",
        "code\tname\tsort_order\tparent_code\n"
        "khac\tKhác\t1\t\n");
  expect_error("fields.tsv", 1, "dòng tiêu đề");
}

TEST_F(ReferenceFilesBroken, MissingFile) {
  fs::remove(dir_ / "holidays.tsv");
  const auto loaded = load_reference_data(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "bad_reference_data");
  EXPECT_NE(loaded.error().message.find("holidays.tsv"), std::string::npos);
}

TEST_F(ReferenceFilesBroken, CrlfBomAndBlankLinesAreAccepted) {
  write("fields.tsv",
        "\xEF\xBB\xBF# lĩnh vực\r\n"
        "code\tname\tparent_code\tsort_order\r\n"
        "\r\n"
        "nong_nghiep\tNông nghiệp\t\t1\r\n"
        "trong_trot\tTrồng trọt\tnong_nghiep\t2\r\n");
  const auto loaded = load_reference_data(dir_.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded->fields.size(), 2u);
  EXPECT_EQ(loaded->fields[1].name, "Trồng trọt");
  EXPECT_EQ(loaded->fields[1].parent_code, std::optional<std::string>("nong_nghiep"));
}

TEST_F(ReferenceFilesBroken, DeadlineRulesLoad) {
  const auto loaded = load_reference_data(dir_.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded->deadline_rules.size(), 2u);
  const auto& every = loaded->deadline_rules[0];
  EXPECT_FALSE(every.kind.has_value());
  EXPECT_EQ(every.id(), "*/notify@2019-02-18");
  const auto& denunciation = loaded->deadline_rules[1];
  EXPECT_EQ(denunciation.kind, Kind::to_cao);
  EXPECT_EQ(denunciation.count, deadlines::DayCount::calendar);
  EXPECT_EQ(denunciation.from, deadlines::Anchor::accepted);
  EXPECT_EQ(denunciation.max_extensions, 2);
  EXPECT_EQ(denunciation.source, "Luật Tố cáo 2018 Điều 30");
}

TEST_F(ReferenceFilesBroken, DeadlineRuleOfUnknownKind) {
  write("deadline_rules.tsv",
        std::string(kRulesHeader) +
            "khieu_kien\tresolve\t30\tcalendar\taccepted\t0\t0\t2012-07-01\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "loại vụ việc không hợp lệ");
}

TEST_F(ReferenceFilesBroken, DeadlineRuleRefusedByTheDeadlineEngine) {
  write("deadline_rules.tsv", std::string(kRulesHeader) +
                                  "*\tanswer\t10\tworking\treceived\t0\t0\t2019-02-18\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "notify, accept hoặc resolve");
  write("deadline_rules.tsv", std::string(kRulesHeader) +
                                  "*\tnotify\t0\tworking\treceived\t0\t0\t2019-02-18\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "Số ngày phải từ 1 đến 365");
  write("deadline_rules.tsv", std::string(kRulesHeader) +
                                  "*\tnotify\t10\tworking\treceived\t5\t1\t2019-02-18\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "Chỉ thời hạn giải quyết");
}

TEST_F(ReferenceFilesBroken, DeadlineRuleBadColumns) {
  write("deadline_rules.tsv",
        std::string(kRulesHeader) +
            "*\tnotify\t10\tbusiness\treceived\t0\t0\t2019-02-18\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "working hoặc calendar");
  write("deadline_rules.tsv",
        std::string(kRulesHeader) + "*\tnotify\t10\tworking\tsent\t0\t0\t2019-02-18\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "received hoặc accepted");
  write("deadline_rules.tsv", std::string(kRulesHeader) +
                                  "*\tnotify\t10\tworking\taccepted\t0\t0\t2019-02-18\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "phải tính từ ngày nhận");
  write("deadline_rules.tsv",
        std::string(kRulesHeader) +
            "*\tnotify\tmười\tworking\treceived\t0\t0\t2019-02-18\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "cột days phải là số nguyên");
  write("deadline_rules.tsv", std::string(kRulesHeader) +
                                  "*\tnotify\t10\tworking\treceived\t0\t0\t2019-02-30\t1\tnguồn\n");
  expect_error("deadline_rules.tsv", 3, "ngày không hợp lệ ở cột valid_from");
  write("deadline_rules.tsv",
        std::string(kRulesHeader) + "*\tnotify\t10\tworking\treceived\t0\t0\t2019-02-18\t1\t\n");
  expect_error("deadline_rules.tsv", 3, "thiếu giá trị cột source");
}

TEST_F(ReferenceFilesBroken, DuplicateDeadlineRule) {
  write("deadline_rules.tsv",
        std::string(kRulesHeader) +
            "to_cao\taccept\t7\tworking\treceived\t0\t0\t2019-01-01\t1\tnguồn\n"
            "to_cao\taccept\t10\tworking\treceived\t0\t0\t2019-01-01\t1\tnguồn khác\n");
  expect_error("deadline_rules.tsv", 4, "trùng loại, bước và ngày hiệu lực với dòng 3");
}

TEST_F(ReferenceFilesBroken, MissingDeadlineRulesFile) {
  fs::remove(dir_ / "deadline_rules.tsv");
  const auto loaded = load_reference_data(dir_.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("deadline_rules.tsv"), std::string::npos);
}

TEST_F(ReferenceFilesBroken, ReceptionDutyBadColumns) {
  const std::string header =
      "code\tholder\tagency_kind\tunit_level\tdays\tper\tvalid_from\tconfirmed\tsource\n";
  write("reception_duties.tsv",
        header + "x\tChủ tịch\tpeople_committee\tcommune\t1\tday\t2014-07-01\t1\tLuật\n");
  expect_error("reception_duties.tsv", 2, "week hoặc month");
  write("reception_duties.tsv",
        header + "x\tChủ tịch\tpeople_committee\thamlet\t1\tweek\t2014-07-01\t1\tLuật\n");
  expect_error("reception_duties.tsv", 2, "levels.tsv");
  write("reception_duties.tsv",
        header + "x\tChủ tịch\tpeople_committee\tcommune\t9\tweek\t2014-07-01\t1\tLuật\n");
  expect_error("reception_duties.tsv", 2, "từ 1 đến 7");
  write("reception_duties.tsv",
        header + "x\tA\tpeople_committee\tcommune\t1\tweek\t2014-07-01\t1\tLuật\n" +
            "y\tB\tpeople_committee\tcommune\t2\tweek\t2014-07-01\t1\tLuật\n");
  expect_error("reception_duties.tsv", 3, "trùng loại cơ quan, cấp và ngày hiệu lực với dòng 2");
}

}  // namespace
}  // namespace doithoai::store
