// Grouping a backlog: shingle sets, the bounded LSH candidates and the exact check.
#include "search/grouping.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "search/minhash.hpp"

namespace doithoai::search {
namespace {

const std::string kA =
    "Chậm chi trả tiền bồi thường giải phóng mặt bằng. Đã bàn giao mặt bằng cho dự án nhưng các "
    "hộ thôn Đông chưa nhận đủ tiền bồi thường, hỗ trợ. Đề nghị chi trả dứt điểm.";
const std::string kB =
    "Cham chi tra tien boi thuong giai phong mat bang. Da ban giao mat bang cho du an nhung cac "
    "ho thon Tay chua nhan du tien boi thuong, ho tro. De nghi chi tra dut diem.";
const std::string kC =
    "Trạm y tế xã thường thiếu thuốc cấp theo bảo hiểm y tế, người bệnh phải mua ngoài.";

struct Corpus {
  std::vector<std::uint32_t> minima;
  ShingleSets sets;
  void add(const std::string& text) {
    const auto s = shingles(text);
    const auto sig = signature_of(s);
    minima.insert(minima.end(), sig.minima.begin(), sig.minima.end());
    sets.add(s);
  }
};

// Texts as a template fills them: a few titles, the content strung from a small set of phrases,
// so that any two texts share many shingles and the LSH buckets grow large.
std::vector<std::string> templated(std::size_t n) {
  const std::vector<std::string> heads = {"Đề nghị sửa chữa", "Phản ánh tình trạng",
                                          "Kiến nghị về việc"};
  const std::vector<std::string> nouns = {"đường liên thôn", "cống thoát nước", "đèn chiếu sáng"};
  const std::vector<std::string> phrases = {
      "người dân", "đã nhiều lần", "phản ánh", "nhưng chưa", "được giải quyết", "tình trạng này",
      "kéo dài",   "ảnh hưởng",    "đời sống", "của các hộ", "đề nghị",         "chính quyền",
      "kiểm tra",  "xử lý",        "trả lời",  "công khai"};
  std::uint64_t state = 42;
  const auto next = [&]() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string t = heads[next() % heads.size()] + " " + nouns[next() % nouns.size()] + ".";
    for (int w = 0; w < 24; ++w) t += " " + phrases[next() % phrases.size()];
    out.push_back(t + ".");
  }
  return out;
}

TEST(ShingleSets, KeepEachSetSortedAndJaccardAgreesWithTheFullHashes) {
  const std::vector<std::string> texts = {kA, kB, kC, "", kA + " Xin cảm ơn."};
  ShingleSets sets;
  for (const auto& t : texts) sets.add(shingles(t));
  ASSERT_EQ(sets.size(), texts.size());
  EXPECT_TRUE(sets[3].empty());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_TRUE(std::is_sorted(sets[i].begin(), sets[i].end()));
    EXPECT_EQ(sets[i].size(), shingles(texts[i]).size());
    for (std::size_t j = 0; j < texts.size(); ++j) {
      EXPECT_DOUBLE_EQ(jaccard(sets[i], sets[j]), jaccard(shingles(texts[i]), shingles(texts[j])));
    }
  }
  ShingleSets more;
  more.add(shingles(kC));
  sets.append(more);
  ASSERT_EQ(sets.size(), texts.size() + 1);
  EXPECT_DOUBLE_EQ(jaccard(sets[2], sets[texts.size()]), 1.0);
}

TEST(ShingleSets, JaccardCountsEveryCommonValueOnceWhateverTheSizes) {
  // Sets of 0 to 70 values drawn from a small range, so that they overlap in every way (the
  // blocks of four compared at once, and the values left over).
  std::uint64_t state = 7;
  const auto next = [&]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::uint64_t> a, b;
    const std::uint32_t range = 8 + next() % 120;
    for (std::uint32_t k = next() % 71; k > 0; --k)
      a.push_back(std::uint64_t{next() % range} << 32);
    for (std::uint32_t k = next() % 71; k > 0; --k)
      b.push_back(std::uint64_t{next() % range} << 32);
    for (auto* v : {&a, &b}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    std::vector<std::uint64_t> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    ShingleSets sets;
    sets.add(a);
    sets.add(b);
    const double expected = a.empty() && b.empty()
                                ? 0.0
                                : static_cast<double>(common.size()) /
                                      static_cast<double>(a.size() + b.size() - common.size());
    ASSERT_DOUBLE_EQ(jaccard(sets[0], sets[1]), expected) << round;
    ASSERT_DOUBLE_EQ(jaccard(sets[1], sets[0]), expected) << round;
  }
}

TEST(ParallelShingler, GivesTheSetsInTheOrderOfTheTexts) {
  const auto texts = templated(5000);  // more than one batch
  ParallelShingler parallel(2);
  for (const auto& t : texts) parallel.add(t);
  const auto sets = parallel.finish();
  ASSERT_EQ(sets.size(), texts.size());
  ShingleSets one_by_one;
  for (const auto& t : texts) one_by_one.add(shingles(t));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ASSERT_TRUE(
        std::equal(sets[i].begin(), sets[i].end(), one_by_one[i].begin(), one_by_one[i].end()))
        << i;
  }
  EXPECT_EQ(ParallelShingler(1).finish().size(), 0u);
}

TEST(Grouping, LinksSimilarItemsIntoGroupsAndRespectsAllowed) {
  const std::vector<std::string> texts = {kA, kC, kB, kA + " Xin cảm ơn.", kC + " Đề nghị."};
  Corpus c;
  for (const auto& t : texts) c.add(t);
  GroupingOptions o;
  o.threshold = 0.5;
  auto pairs = similar_pairs(c.minima, c.sets, o);
  for (const auto& p : pairs) {
    EXPECT_LT(p.a, p.b);
    EXPECT_GE(p.score, 0.5);
  }
  auto g = groups(texts.size(), pairs);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0], (std::vector<std::size_t>{0, 2, 3}));
  EXPECT_EQ(g[1], (std::vector<std::size_t>{1, 4}));

  // Item 2 may not pair with anyone (another district, say).
  pairs = similar_pairs(c.minima, c.sets, o,
                        [](std::size_t a, std::size_t b) { return a != 2 && b != 2; });
  g = groups(texts.size(), pairs);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0], (std::vector<std::size_t>{0, 3}));

  // The exact check decides: a higher threshold leaves the pairs that reach it.
  o.threshold = 0.95;
  for (const auto& p : similar_pairs(c.minima, c.sets, o)) {
    EXPECT_GE(jaccard(shingles(texts[p.a]), shingles(texts[p.b])), 0.95);
  }
}

TEST(Grouping, AHugeBucketOfIdenticalTextsStaysOneGroupInLinearWork) {
  Corpus c;
  for (int i = 0; i < 3000; ++i) c.add(kA);
  GroupingOptions o;
  o.threshold = 0.9;
  GroupingStats stats;
  const auto pairs = similar_pairs(c.minima, c.sets, o, {}, {}, &stats);
  EXPECT_EQ(stats.largest_bucket, 3000u);
  EXPECT_LE(stats.compared, 3000u * o.window * kBands);  // not 3000² / 2 per bucket
  const auto g = groups(3000, pairs);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].size(), 3000u);
}

TEST(Grouping, TemplatedTextsGiveBigBucketsButBoundedWork) {
  const auto texts = templated(4000);
  Corpus c;
  for (const auto& t : texts) c.add(t);
  GroupingOptions o;
  o.threshold = 0.5;
  o.max_bucket = 32;
  o.threads = 2;
  GroupingStats stats;
  std::vector<std::size_t> reported;
  similar_pairs(
      c.minima, c.sets, o, {},
      [&](std::size_t done, std::size_t total) {
        EXPECT_LE(done, total);
        reported.push_back(done);
      },
      &stats);
  EXPECT_GT(stats.largest_bucket, 10 * o.max_bucket);
  EXPECT_GT(stats.windowed, 0u);
  // Every item of every band meets at most max(window, max_bucket) others.
  EXPECT_LE(stats.compared, texts.size() * kBands * std::max(o.window, o.max_bucket));
  ASSERT_FALSE(reported.empty());
  EXPECT_EQ(reported.back(), texts.size() * kBands);
  EXPECT_TRUE(std::is_sorted(reported.begin(), reported.end()));
}

TEST(Grouping, ANearDuplicatePairInsideHugeBucketsIsStillFound) {
  // Signatures as boilerplate makes them: in the even bands every item has the same minima (one
  // bucket of all 3000 items), in the odd bands each item its own. Items 5 and 2990 are near
  // duplicates: they agree on two rows of every odd band too, but on no whole odd band, so the
  // only buckets they share are the crowded ones, where only the order of the signatures can
  // bring them within the window.
  constexpr std::size_t n = 3000;
  std::vector<std::uint32_t> minima(n * kHashes);
  std::uint32_t next = 1000;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t h = 0; h < kHashes; ++h) {
      const bool even_band = (h / kRows) % 2 == 0;
      minima[i * kHashes + h] = even_band ? static_cast<std::uint32_t>(h) : next++;
    }
  }
  for (std::size_t h = 0; h < kHashes; ++h) {
    if ((h / kRows) % 2 == 1 && h % kRows != kRows - 1) {
      minima[2990 * kHashes + h] = minima[5 * kHashes + h];
    }
  }
  ShingleSets sets;  // the texts: item 5 and 2990 alike, the others strangers to all
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t own = i == 2990 ? 5 : i;
    const std::uint64_t base = std::uint64_t{own} * 4;
    sets.add({base << 32, (base + 1) << 32, (base + 2) << 32});
  }
  for (std::size_t band = 0; band < kBands; ++band) {
    EXPECT_EQ(bucket(&minima[5 * kHashes], band) == bucket(&minima[2990 * kHashes], band),
              band % 2 == 0);
  }

  GroupingOptions o;
  o.window = 4;
  o.threads = 2;
  GroupingStats stats;
  const auto pairs = similar_pairs(minima, sets, o, {}, {}, &stats);
  EXPECT_EQ(stats.largest_bucket, n);
  EXPECT_LE(stats.compared, n * kBands * o.window);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].a, 5u);
  EXPECT_EQ(pairs[0].b, 2990u);
  EXPECT_DOUBLE_EQ(pairs[0].score, 1.0);
}

}  // namespace
}  // namespace doithoai::search
