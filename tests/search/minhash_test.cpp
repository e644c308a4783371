// MinHash signatures, LSH buckets and grouping.
#include "search/minhash.hpp"

#include <gtest/gtest.h>

#include <set>

namespace doithoai::search {
namespace {

const std::string kA =
    "Chậm chi trả tiền bồi thường giải phóng mặt bằng. Đã bàn giao mặt bằng cho dự án nhưng các "
    "hộ thôn Đông chưa nhận đủ tiền bồi thường, hỗ trợ. Đề nghị chi trả dứt điểm.";
const std::string kB =  // the same words, another village, without tones
    "Cham chi tra tien boi thuong giai phong mat bang. Da ban giao mat bang cho du an nhung cac "
    "ho thon Tay chua nhan du tien boi thuong, ho tro. De nghi chi tra dut diem.";
const std::string kC =
    "Trạm y tế xã thường thiếu thuốc cấp theo bảo hiểm y tế, người bệnh phải mua ngoài.";

TEST(Shingles, AreSyllableBigramsOfTheFoldedWords) {
  EXPECT_EQ(shingles("Đường làng"), shingles("duong LANG"));
  EXPECT_EQ(shingles("một hai ba").size(), 2u);
  EXPECT_EQ(shingles("một hai một hai").size(), 2u);  // a set
  EXPECT_EQ(shingles("đường").size(), 1u);            // one word: the word itself
  EXPECT_TRUE(shingles(" ... ").empty());
}

TEST(Jaccard, IsExactOnShingleSets) {
  EXPECT_DOUBLE_EQ(jaccard(shingles("a b c"), shingles("a b c")), 1.0);
  EXPECT_DOUBLE_EQ(jaccard(shingles("a b c"), shingles("b c d")), 1.0 / 3.0);  // {bc} of {ab,bc,cd}
  EXPECT_DOUBLE_EQ(jaccard(shingles("a b"), shingles("c d")), 0.0);
  EXPECT_DOUBLE_EQ(jaccard({}, {}), 0.0);
}

TEST(Signature, EstimatesTheJaccardIndex) {
  const auto a = signature(kA);
  const auto b = signature(kB);
  const auto c = signature(kC);
  ASSERT_EQ(a.minima.size(), kHashes);
  ASSERT_EQ(a.buckets.size(), kBands);
  const double exact = jaccard(shingles(kA), shingles(kB));
  EXPECT_GT(exact, 0.8);
  EXPECT_NEAR(estimate(a.minima, b.minima), exact, 0.15);
  EXPECT_LT(estimate(a.minima, c.minima), 0.1);
  EXPECT_EQ(signature(kA).minima, a.minima);  // deterministic
  EXPECT_TRUE(signature("!!!").buckets.empty());
}

TEST(Signature, NearDuplicatesShareABucketAndStrangersDoNot) {
  const auto a = signature(kA);
  const auto b = signature(kB);
  const auto c = signature(kC);
  const std::set<std::int64_t> ba(a.buckets.begin(), a.buckets.end());
  int shared_b = 0, shared_c = 0;
  for (auto x : b.buckets) shared_b += static_cast<int>(ba.count(x));
  for (auto x : c.buckets) shared_c += static_cast<int>(ba.count(x));
  EXPECT_GT(shared_b, 0);
  EXPECT_EQ(shared_c, 0);
}

TEST(Shingler, GivesWhatShinglesGives) {
  const std::vector<std::string> texts = {
      kA,
      kB,
      kC,
      "",
      "   ",
      "đường",
      "  Đường\tGIẢI-phóng,\n\nmặt   bằng!  ",
      "Hoa\u0300 bi\u0300nh ho\u0300a bi\u0300nh",  // NFD marks
      "a \u0301b c",                                // a mark after a space
      std::string("x \xC3 y \xE1\xBA z\xFF"),       // invalid UTF-8
      "Đề nghị sửa chữa đường liên thôn. Đề nghị sửa chữa đường liên thôn.",
  };
  Shingler shingler;
  for (int round = 0; round < 2; ++round) {  // the second round from the remembered tokens
    for (const auto& t : texts) EXPECT_EQ(shingler(t), shingles(t)) << t;
  }
}

TEST(ExactBest, ChecksOnlyTheBestEstimatesAndKeepsThoseReachingTheMinimum) {
  const auto own = shingles(kA);
  const auto own_sig = signature_of(own);
  const std::vector<std::string> texts{kC, kB, kA};
  std::vector<std::vector<std::uint32_t>> minima;
  for (const auto& t : texts) minima.push_back(signature(t).minima);
  std::vector<std::size_t> shingled;  // which candidates were re-shingled
  const auto minima_of = [&](std::size_t i) -> const std::vector<std::uint32_t>& {
    return minima[i];
  };
  const auto shingles_of = [&](std::size_t i) {
    shingled.push_back(i);
    return shingles(texts[i]);
  };

  // One check: the identical text (estimate 1) and nothing else is re-shingled.
  auto best = exact_best(own, own_sig.minima, texts.size(), minima_of, shingles_of, 0.3, 1);
  ASSERT_EQ(best.size(), 1u);
  EXPECT_EQ(best[0].first, 2u);
  EXPECT_DOUBLE_EQ(best[0].second, 1.0);
  EXPECT_EQ(shingled, (std::vector<std::size_t>{2}));

  // Every candidate checked: the stranger is below the minimum; the rest in index order, each
  // with its exact Jaccard index.
  shingled.clear();
  best = exact_best(own, own_sig.minima, texts.size(), minima_of, shingles_of, 0.3, 10);
  ASSERT_EQ(best.size(), 2u);
  EXPECT_EQ(best[0].first, 1u);
  EXPECT_DOUBLE_EQ(best[0].second, jaccard(own, shingles(kB)));
  EXPECT_EQ(best[1].first, 2u);
  EXPECT_EQ(shingled.size(), 3u);
  EXPECT_TRUE(exact_best(own, own_sig.minima, 0, minima_of, shingles_of, 0.3, 10).empty());
}

TEST(DedupText, IsTheTitleAndTheStartOfTheContent) {
  const std::string long_content(1000, 'x');
  EXPECT_LE(dedup_text("Tiêu đề", long_content).size(),
            std::string("Tiêu đề ").size() + kTextBytes);
}

}  // namespace
}  // namespace doithoai::search
