// `serve --demo` reproduces the article's dialogues: the 2016-2020 totals published by huyện
// Vĩnh Bảo, summed through the API; the Huyện ủy secretary's 2021 dialogue with 41 registered
// speakers, opinions in each of the article's fields and the two named delegates' proposals
// linked to their matters; the same on every machine.
#include <set>

#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

const std::vector<Account> kAccounts = {{"thanhtra", "inspector", "--unit", "31"}};

class DemoDialogues : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<LiveServer>(kAccounts, std::vector<std::string>{"--demo"});
  }
  LiveServer& s() { return *server_; }

  json stats(const std::string& host) {
    return s().get_json(
        "/api/v1/dialogues/stats?from=2016-01-01&to=2020-12-31&unit=316&host_agency=" + host,
        "thanhtra");
  }

  json dialogue_2021() {
    const auto list = s().get_json(
        "/api/v1/dialogues?host_agency=HU-VB&from=2021-01-01&to=2021-12-31", "thanhtra");
    EXPECT_EQ(list["total"], 1);
    return s().get_json(
        "/api/v1/dialogues/" + std::to_string(list["items"][0]["id"].get<long long>()), "thanhtra");
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(DemoDialogues, The2016To2020TotalsAreThePublishedOnes) {
  const auto huyen_uy = stats("HU-VB");
  EXPECT_EQ(huyen_uy["dialogues"], 13);
  EXPECT_GT(huyen_uy["attendance"].get<long long>(), 2600);  // "trên 2.600 lượt người"
  EXPECT_LT(huyen_uy["attendance"].get<long long>(), 2700);
  EXPECT_EQ(huyen_uy["opinions"], 587);
  const auto ubnd = stats("UBND-VB");
  EXPECT_EQ(ubnd["dialogues"], 178);
  EXPECT_EQ(ubnd["attendance"], 6247);
  EXPECT_EQ(ubnd["opinions"], 1725);
  // The histories say they were generated to match these totals.
  const auto list = s().get_json(
      "/api/v1/dialogues?unit=316&from=2016-01-01&to=2020-12-31&per_page=200", "thanhtra");
  EXPECT_EQ(list["total"], 191);
  for (const auto& d : list["items"]) {
    EXPECT_TRUE(d["generated"].get<bool>());
    EXPECT_TRUE(d["demo"].get<bool>());
  }
  // Without the generated ones, the period is empty.
  EXPECT_EQ(s().get_json("/api/v1/dialogues?unit=316&from=2016-01-01&to=2020-12-31&generated=false",
                         "thanhtra")["total"],
            0);
}

// The summary report of each host over 2016-2020 gives the article's figures, and its sentence
// says them in the article's words.
TEST_F(DemoDialogues, TheReportOfEachHostGivesThePublishedTotals) {
  const auto huyen_uy = s().get_json(
      "/api/v1/reports/summary?from=2016-01-01&to=2020-12-31&agency=HU-VB", "thanhtra");
  EXPECT_EQ(huyen_uy["dialogues_recorded"], true);
  EXPECT_EQ(huyen_uy["dialogues"], 13);
  EXPECT_GT(huyen_uy["attendances"].get<long long>(), 2600);
  EXPECT_EQ(huyen_uy["submissions"], 587);
  const std::string prose = huyen_uy["summary"];
  EXPECT_NE(prose.find("13 cuộc đối thoại"), std::string::npos) << prose;
  EXPECT_NE(prose.find("trên 2.600 lượt người"), std::string::npos) << prose;
  EXPECT_NE(prose.find("587 lượt ý kiến"), std::string::npos) << prose;
  const auto ubnd = s().get_json(
      "/api/v1/reports/summary?from=2016-01-01&to=2020-12-31&agency=UBND-VB", "thanhtra");
  EXPECT_EQ(ubnd["dialogues"], 178);
  EXPECT_EQ(ubnd["attendances"], 6247);
  EXPECT_EQ(ubnd["submissions"], 1725);
  // The district as a whole: both hosts together.
  const auto district =
      s().get_json("/api/v1/reports/summary?from=2016-01-01&to=2020-12-31&unit=316", "thanhtra");
  EXPECT_EQ(district["dialogues"], 13 + 178);
}

TEST_F(DemoDialogues, The2021DialogueOfTheHuyenUySecretary) {
  const auto d = dialogue_2021();
  EXPECT_EQ(d["held_on"], "2021-09-28");
  EXPECT_EQ(d["registrations"].size(), 41u);
  EXPECT_EQ(d["status"], "following_up");
  EXPECT_EQ(d["village_meetings"].size(), 30u);  // every commune and the town
  // Opinions in each of the article's nine fields.
  std::set<std::string> fields;
  for (const auto& o : d["opinions_list"]) fields.insert(o["field_code"].get<std::string>());
  for (const char* f :
       {"nong_nghiep", "nong_thon_moi", "cong_thuong_dich_vu", "xay_dung_dang", "chinh_sach",
        "van_hoa_xa_hoi", "quoc_phong_an_ninh", "tai_nguyen_moi_truong", "giai_phong_mat_bang"}) {
    EXPECT_EQ(fields.count(f), 1u) << f;
  }
  // Answered on the spot, assigned and forwarded up; the follow-up is under way.
  EXPECT_GT(d["progress"]["answered"].get<int>(), 0);
  EXPECT_GT(d["progress"]["assigned"].get<int>(), 0);
  EXPECT_GT(d["progress"]["forwarded"].get<int>(), 0);
  EXPECT_GT(d["progress"]["outstanding"].get<int>(), 0);
  EXPECT_GT(d["progress"]["settled"].get<int>(), d["progress"]["answered"].get<int>());
  // The two named delegates speak to their proposals, the matters of the matters demo.
  for (const std::string who : {"Nguyễn Văn Sơn", "Vũ Quang Trình"}) {
    json reg;
    for (const auto& r : d["registrations"]) {
      if (r["name"] == who) reg = r;
    }
    ASSERT_TRUE(reg.is_object()) << who;
    ASSERT_FALSE(reg["matter_id"].is_null()) << who;
    const auto m = s().get_json(
        "/api/v1/matters/" + std::to_string(reg["matter_id"].get<long long>()), "thanhtra");
    EXPECT_NE(m["title"].get<std::string>().find(who), std::string::npos);
    EXPECT_EQ(m["status"], "published");
    EXPECT_EQ(reg["outcome"], "spoke");
  }
}

TEST_F(DemoDialogues, TheSameOnEveryMachine) {
  const auto first = dialogue_2021();
  LiveServer other(kAccounts, {"--demo"});
  const auto list = other.get_json(
      "/api/v1/dialogues?host_agency=HU-VB&from=2021-01-01&to=2021-12-31", "thanhtra");
  const auto second = other.get_json(
      "/api/v1/dialogues/" + std::to_string(list["items"][0]["id"].get<long long>()), "thanhtra");
  ASSERT_EQ(first["registrations"].size(), second["registrations"].size());
  for (std::size_t i = 0; i < first["registrations"].size(); ++i) {
    EXPECT_EQ(first["registrations"][i]["name"], second["registrations"][i]["name"]);
    EXPECT_EQ(first["registrations"][i]["topic"], second["registrations"][i]["topic"]);
  }
  EXPECT_EQ(first["progress"], second["progress"]);
  const auto a = s().get_json("/api/v1/dialogues?unit=316&per_page=200&page=1", "thanhtra");
  const auto b = other.get_json("/api/v1/dialogues?unit=316&per_page=200&page=1", "thanhtra");
  ASSERT_EQ(a["items"].size(), b["items"].size());
  for (std::size_t i = 0; i < a["items"].size(); ++i) {
    EXPECT_EQ(a["items"][i]["held_on"], b["items"][i]["held_on"]);
    EXPECT_EQ(a["items"][i]["attendance"], b["items"][i]["attendance"]);
    EXPECT_EQ(a["items"][i]["opinions"], b["items"][i]["opinions"]);
  }
}

}  // namespace
}  // namespace doithoai::testsupport
