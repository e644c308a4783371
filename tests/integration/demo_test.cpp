// `serve --demo` fills an empty database with the demo matters: the same set on every machine,
// covering every kind, channel and most statuses, with the two proposals of the 2021 dialogue,
// and never twice.
#include <set>
#include <tuple>

#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

const std::vector<Account> kAccounts = {{"admin", "admin", "--unit", "31"},
                                        {"thanhtra", "inspector", "--unit", "31"},
                                        {"tnmt", "officer", "--agency", "TNMT-VB"}};

constexpr const char* kAllStatuses =
    "status=received,classified,assigned,accepted,forwarded_up,guided,refused,answered,published,"
    "merged,closed,reopened";

long long total(LiveServer& s, const std::string& query) {
  return s.get_json("/api/v1/matters?per_page=1&" + query, "thanhtra")["total"].get<long long>();
}

using Fact = std::tuple<std::string, std::string, std::string, std::string, std::string,
                        std::string, std::string, long long>;

// Everything but the tracking codes (random) and ids, in the order of receipt.
std::vector<Fact> facts(LiveServer& s) {
  std::vector<Fact> out;
  for (int page = 1;; ++page) {
    const auto j = s.get_json("/api/v1/matters?sort=received_asc&per_page=100&" +
                                  std::string(kAllStatuses) + "&page=" + std::to_string(page),
                              "thanhtra");
    for (const auto& m : j["items"]) {
      out.emplace_back(m["title"], m["unit_code"], m["status"], m["received_on"], m["kind"],
                       m["channel"], m["agency_code"].is_null() ? "" : m["agency_code"],
                       m["head_count"].get<long long>());
    }
    if (j["items"].size() < 100) break;
  }
  return out;
}

class DemoData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new LiveServer(kAccounts, {"--demo"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  LiveServer& s() { return *server_; }
  static LiveServer* server_;
};
LiveServer* DemoData::server_ = nullptr;

TEST_F(DemoData, AboutFourHundredMattersOfVinhBao) {
  const auto all = s().get_json("/api/v1/matters?per_page=1", "thanhtra");
  EXPECT_GE(all["total"].get<long long>(), 300);
  EXPECT_LE(all["total"].get<long long>(), 500);
  EXPECT_TRUE(all["items"][0]["demo"].get<bool>());
  EXPECT_GT(total(s(), "unit=316"), 300);
}

TEST_F(DemoData, EveryKindChannelAndFieldAndMostStatuses) {
  for (const char* kind : {"phan_anh", "kien_nghi", "de_xuat", "gop_y", "khieu_nai", "to_cao"}) {
    EXPECT_GT(total(s(), std::string("kind=") + kind), 0) << kind;
  }
  for (const char* channel :
       {"online", "letter", "phone", "reception", "village_meeting", "dialogue", "referral"}) {
    EXPECT_GT(total(s(), std::string("channel=") + channel), 0) << channel;
  }
  for (const char* field : {"nong_nghiep", "nong_thon_moi", "cong_thuong_dich_vu", "xay_dung_dang",
                            "chinh_sach", "van_hoa_xa_hoi", "quoc_phong_an_ninh",
                            "tai_nguyen_moi_truong", "giai_phong_mat_bang", "khac"}) {
    EXPECT_GT(total(s(), std::string("field=") + field), 0) << field;
  }
  int statuses = 0;
  for (const char* status :
       {"received", "classified", "assigned", "accepted", "forwarded_up", "guided", "refused",
        "answered", "published", "merged", "closed", "reopened"}) {
    if (total(s(), std::string("status=") + status) > 0) ++statuses;
  }
  EXPECT_GE(statuses, 10);
  for (const char* status : {"received", "accepted", "forwarded_up", "published", "closed"}) {
    EXPECT_GT(total(s(), std::string("status=") + status), 0) << status;
  }
}

TEST_F(DemoData, TheTwoProposalsOfTheDialogueAreAnsweredByTheHuyenUy) {
  const std::vector<std::tuple<std::string, std::string, std::string>> named = {
      {"11824", "Nguyễn Văn Sơn", "5. Chú trọng đào tạo, bồi dưỡng kỹ năng"},
      {"11842", "Vũ Quang Trình", "4. Chỉ đạo các địa phương"}};
  for (const auto& [unit, who, last_point] : named) {
    const auto list = s().get_json(
        "/api/v1/matters?per_page=100&channel=dialogue&field=xay_dung_dang&unit=" + unit,
        "thanhtra");
    long long id = 0;
    for (const auto& m : list["items"]) {
      if (m["title"].get<std::string>().find(who) != std::string::npos) id = m["id"];
    }
    ASSERT_NE(id, 0) << who;
    const auto m = s().get_json("/api/v1/matters/" + std::to_string(id), "thanhtra");
    EXPECT_EQ(m["kind"], "de_xuat");
    EXPECT_EQ(m["status"], "published");
    EXPECT_EQ(m["received_on"].get<std::string>().substr(0, 8), "2021-09-");
    const auto content = m["submissions"][0]["content"].get<std::string>();
    EXPECT_NE(content.find("1. "), std::string::npos);
    EXPECT_NE(content.find(last_point), std::string::npos) << content;
    ASSERT_EQ(m["answers"].size(), 1u);
    EXPECT_EQ(m["answers"][0]["form"], "written");
    EXPECT_EQ(m["answers"][0]["agency_code"], "HU-VB");
  }
}

// The demo matters are assigned to the agencies of 2021, as they were then, so an officer of a
// district department finds the work of that department.
TEST_F(DemoData, ADistrictDepartmentSeesTheMattersAssignedToIt) {
  const auto mine =
      s().get_json("/api/v1/matters?per_page=100&" + std::string(kAllStatuses), "tnmt");
  ASSERT_GT(mine["total"].get<long long>(), 5);
  const auto items = mine["items"];
  for (const auto& m : items) EXPECT_EQ(m["agency_code"], "TNMT-VB") << m["tracking_code"];
  EXPECT_EQ(total(s(), "agency=TNMT-VB"), mine["total"].get<long long>());
}

TEST_F(DemoData, SomeAreOverdueExtendedAndMerged) {
  EXPECT_GT(total(s(), "overdue=true"), 0);
  const auto accepted = s().get_json("/api/v1/matters?per_page=100&status=accepted", "thanhtra");
  int extended_twice = 0;
  for (const auto& m : accepted["items"]) {
    if (m["extensions"].get<int>() == 2) ++extended_twice;
    EXPECT_TRUE(m["kind"] == "khieu_nai" || m["kind"] == "to_cao");
  }
  EXPECT_GT(extended_twice, 0);
  const auto merged = s().get_json("/api/v1/matters?per_page=1&status=merged", "thanhtra");
  ASSERT_GT(merged["total"].get<long long>(), 0);
  EXPECT_FALSE(merged["items"][0]["merged_into"].is_null());
}

TEST_F(DemoData, TheSameOnEveryMachineAndNeverTwice) {
  const auto first = facts(s());
  ASSERT_GE(first.size(), 300u);
  LiveServer other(kAccounts, {"--demo"});
  EXPECT_EQ(facts(other), first);

  // Restarted with --demo on the same database: nothing is added.
  other.process().stop();
  ServerProcess again(other.db(), {"--demo"});
  HttpClient client(again.port());
  const auto r = client.request("GET", "/api/v1/matters?per_page=1&" + std::string(kAllStatuses),
                                {{"Authorization", "Bearer " + other.token("thanhtra")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["total"].get<std::size_t>(), first.size());
}

}  // namespace
}  // namespace doithoai::testsupport
