// Vietnamese text: validation, NFC, search folding, collation and truncation.
#include "domain/text.hpp"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace doithoai::text {
namespace {

std::string nfd(const std::string& s) {
  utf8proc_uint8_t* out = utf8proc_NFD(reinterpret_cast<const utf8proc_uint8_t*>(s.c_str()));
  std::string result(reinterpret_cast<const char*>(out));
  std::free(out);
  return result;
}

// Splits a UTF-8 string into its code points, each as a string.
std::vector<std::string> chars(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// Every Vietnamese vowel with the six tones (none, huyền, hỏi, ngã, sắc, nặng), both cases.
struct Vowel {
  std::string lower;
  std::string upper;
  std::string base;
};
const std::vector<Vowel> kVowels{
    {"aàảãáạ", "AÀẢÃÁẠ", "a"}, {"ăằẳẵắặ", "ĂẰẲẴẮẶ", "a"}, {"âầẩẫấậ", "ÂẦẨẪẤẬ", "a"},
    {"eèẻẽéẹ", "EÈẺẼÉẸ", "e"}, {"êềểễếệ", "ÊỀỂỄẾỆ", "e"}, {"iìỉĩíị", "IÌỈĨÍỊ", "i"},
    {"oòỏõóọ", "OÒỎÕÓỌ", "o"}, {"ôồổỗốộ", "ÔỒỔỖỐỘ", "o"}, {"ơờởỡớợ", "ƠỜỞỠỚỢ", "o"},
    {"uùủũúụ", "UÙỦŨÚỤ", "u"}, {"ưừửữứự", "ƯỪỬỮỨỰ", "u"}, {"yỳỷỹýỵ", "YỲỶỸÝỴ", "y"},
};

TEST(Fold, EveryVowelWithEveryToneInBothCasesFoldsToItsBaseLetter) {
  int checked = 0;
  for (const Vowel& v : kVowels) {
    const auto lower = chars(v.lower);
    const auto upper = chars(v.upper);
    ASSERT_EQ(lower.size(), 6U) << v.lower;
    ASSERT_EQ(upper.size(), 6U) << v.upper;
    for (std::size_t t = 0; t < 6; ++t) {
      for (const std::string& c : {lower[t], upper[t]}) {
        ASSERT_TRUE(valid_utf8(c));
        EXPECT_EQ(nfc(c), c) << "precomposed in the table: " << c;
        EXPECT_EQ(fold(c), v.base) << c;
        EXPECT_EQ(fold(nfd(c)), v.base) << "NFD " << c;
        EXPECT_EQ(nfc(nfd(c)), c);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 12 * 6 * 2);
}

TEST(Fold, DStroke) {
  EXPECT_EQ(fold("đ"), "d");
  EXPECT_EQ(fold("Đ"), "d");
  EXPECT_EQ(fold("đĐdD"), "dddd");
  EXPECT_EQ(fold("Đồng Đăng"), "dong dang");
  EXPECT_EQ(fold("đường"), fold("duong"));
}

TEST(Fold, ExamplesFromTheSpecification) {
  EXPECT_EQ(fold("Đường GIẢI phóng  mặt bằng"), "duong giai phong mat bang");
  EXPECT_EQ(fold("giải phóng mặt bằng"), "giai phong mat bang");
  EXPECT_EQ(fold("Nông nghiệp và phát triển nông thôn"), "nong nghiep va phat trien nong thon");
  EXPECT_EQ(fold("Quốc phòng - An ninh"), "quoc phong - an ninh");
  EXPECT_EQ(fold("Thôn 3, xã Vĩnh An"), "thon 3, xa vinh an");
}

TEST(Fold, NfdAndNfcInputsFoldTheSame) {
  for (const std::string s :
       {"Đường GIẢI phóng mặt bằng", "Nguyễn Bỉnh Khiêm", "Trấn Dương", "Hưng Nhân", "Thắng Thủy",
        "Xây dựng Đảng và vận động Nhân dân", "Hội nghị đối thoại trực tiếp"}) {
    const std::string decomposed = nfd(s);
    ASSERT_NE(decomposed, s);
    EXPECT_EQ(fold(decomposed), fold(s)) << s;
    EXPECT_EQ(nfc(decomposed), s);
  }
  // Hand-written NFD: e + dot below + circumflex (the canonical order puts the dot first).
  EXPECT_EQ(nfc("Vie\u0323\u0302t"), "Việt");
  EXPECT_EQ(nfc("Vie\u0302\u0323t"), "Việt");
  EXPECT_EQ(fold("Vie\u0323\u0302t Nam"), "viet nam");
  EXPECT_EQ(fold("D\u0301"), "d");  // a mark on a letter that has no precomposed form
}

TEST(Fold, MixedCase) {
  EXPECT_EQ(fold("HàNỘi"), "hanoi");
  EXPECT_EQ(fold("ỦY BAN NHÂN DÂN"), "uy ban nhan dan");
  EXPECT_EQ(fold("ủy ban nhân dân"), fold("ỦY Ban NHÂN dân"));
  EXPECT_EQ(fold("ABCXYZ"), "abcxyz");
}

TEST(Fold, WhitespaceIsCollapsedAndTrimmed) {
  EXPECT_EQ(fold(""), "");
  EXPECT_EQ(fold("   "), "");
  EXPECT_EQ(fold(" \t\n\r "), "");
  EXPECT_EQ(fold("  a  "), "a");
  EXPECT_EQ(fold("a\t\tb\nc\r\nd"), "a b c d");
  EXPECT_EQ(fold("giải\u00A0phóng"), "giai phong");                // no-break space
  EXPECT_EQ(fold("giải\u3000phóng\u2003 mặt"), "giai phong mat");  // ideographic, em space
  EXPECT_EQ(fold("giải\u2028phóng"), "giai phong");                // line separator
}

TEST(Fold, IgnorablesAreRemovedAndOthersKept) {
  EXPECT_EQ(fold("giải\u00ADphóng"), "giaiphong");  // soft hyphen
  EXPECT_EQ(fold("giải\u200Bphóng"), "giaiphong");  // zero-width space
  EXPECT_EQ(fold("số 12/2021/QĐ-UBND"), "so 12/2021/qd-ubnd");
  EXPECT_EQ(fold("tiếng Việt 中文"), "tieng viet 中文");
}

TEST(Fold, IsIdempotent) {
  for (const std::string s : {"Đường GIẢI phóng  mặt bằng", "  Ăn  ", "x", "Ưu tiên"}) {
    EXPECT_EQ(fold(fold(s)), fold(s));
  }
}

TEST(Fold, InvalidInputIsFoldedWithReplacementCharacters) {
  EXPECT_EQ(fold("A\xC0"
                 "B"),
            "a\uFFFD"
            "b");
  EXPECT_TRUE(valid_utf8(fold("\xFF\xFE Đ \xED\xA0\x80")));
  EXPECT_TRUE(valid_utf8(nfc("Vi\xE1\xBB")));
  EXPECT_EQ(nfc("Vi\xE1\xBB"), "Vi\uFFFD");
}

TEST(Words, AreTheFoldedRunsOfLettersAndDigits) {
  EXPECT_EQ(words("Đường GIẢI-phóng, mặt bằng!"),
            (std::vector<std::string>{"duong", "giai", "phong", "mat", "bang"}));
  EXPECT_EQ(words(nfd("Đường giải phóng")), words("duong giai phong"));
  EXPECT_EQ(words("Số 12/QĐ-UBND"), (std::vector<std::string>{"so", "12", "qd", "ubnd"}));
  EXPECT_EQ(words("\"a\" OR b* (NEAR)"),
            (std::vector<std::string>{"a", "or", "b", "near"}));  // no search syntax survives
  EXPECT_TRUE(words(" -- ** \" ").empty());
  EXPECT_TRUE(words("").empty());
}

TEST(Words, EveryVowelWithEveryToneIsOneWordOfItsBaseLetter) {
  for (const Vowel& v : kVowels) {
    const std::string all = v.lower + v.upper;
    EXPECT_EQ(words(all), (std::vector<std::string>{std::string(12, v.base[0])})) << all;
    EXPECT_EQ(words(nfd(all)), (std::vector<std::string>{std::string(12, v.base[0])})) << all;
  }
}

TEST(ValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain ASCII"));
  EXPECT_TRUE(valid_utf8("Cộng hòa xã hội chủ nghĩa Việt Nam"));
  EXPECT_TRUE(valid_utf8(std::string("a\0b", 3)));
  EXPECT_TRUE(valid_utf8("\xC2\x80"));          // U+0080, smallest 2-byte
  EXPECT_TRUE(valid_utf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(valid_utf8("\xE0\xA0\x80"));      // U+0800, smallest 3-byte
  EXPECT_TRUE(valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(valid_utf8("\xEE\x80\x80"));      // U+E000, just above
  EXPECT_TRUE(valid_utf8("\xEF\xBF\xBD"));      // U+FFFD itself
  EXPECT_TRUE(valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(valid_utf8("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));  // 😀
  EXPECT_TRUE(valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(ValidUtf8, RejectsOverlongForms) {
  for (const std::string s : {"\xC0\xAF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\x9F\xBF",
                              "\xF0\x80\x80\xAF", "\xF0\x8F\xBF\xBF",
                              "a\xC0\xAF"
                              "b"}) {
    EXPECT_FALSE(valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(ValidUtf8, RejectsSurrogates) {
  for (const std::string s : {"\xED\xA0\x80", "\xED\xAF\xBF", "\xED\xB0\x80", "\xED\xBF\xBF",
                              "\xED\xA0\xBD\xED\xB8\x80" /* CESU-8 pair for U+1F600 */}) {
    EXPECT_FALSE(valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(ValidUtf8, RejectsCodePointsAboveTheLast) {
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(valid_utf8("\xF7\xBF\xBF\xBF"));
}

TEST(ValidUtf8, RejectsTruncatedSequences) {
  for (const std::string s :
       {"\xC3", "\xE1", "\xE1\xBB", "\xF0", "\xF0\x9F", "\xF0\x9F\x98", "Vi\xE1\xBB", "Vi\xE1\xBBt",
        "\xE1\xBB"
        "a",
        "\xC3 ", "\xF0\x9F\x98 end"}) {
    EXPECT_FALSE(valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(ValidUtf8, RejectsStrayContinuationBytes) {
  for (const std::string s : {"\x80", "\xBF", "a\x80", "\xC3\xA1\xA1", "\x80\x80\x80"}) {
    EXPECT_FALSE(valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(ValidUtf8, RejectsBytesF5ToFF) {
  for (int b = 0xF5; b <= 0xFF; ++b) {
    const char c = static_cast<char>(b);
    EXPECT_FALSE(valid_utf8(std::string(1, c))) << b;
    EXPECT_FALSE(valid_utf8(std::string("a") + c + "\x80\x80\x80")) << b;
  }
}

TEST(Nfc, ComposesAndKeepsComposed) {
  EXPECT_EQ(nfc(""), "");
  EXPECT_EQ(nfc("abc"), "abc");
  EXPECT_EQ(nfc("Đường"), "Đường");
  EXPECT_EQ(nfc("D\u01B0\u0301"), "Dứ");
  EXPECT_EQ(nfc("u\u031B\u0300"), "ừ");
  EXPECT_EQ(nfc(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(CompareVi, SortsCommuneNamesInVietnameseOrder) {
  const std::vector<std::string> expected{
      "An",        "An Hòa",    "Ăn",          "Cao Minh",   "Cổ Am",      "Cộng Hiền",
      "Dũng Tiến", "Đồng Minh", "Giang Biên",  "Hiệp Hòa",   "Hòa Bình",   "Hùng Tiến",
      "Hưng Nhân", "Liên Am",   "Lý Học",      "Nhân Hòa",   "Tam Cường",  "Tam Đa",
      "Tân Hưng",  "Tân Liên",  "Thanh Lương", "Thắng Thủy", "Tiền Phong", "Trấn Dương",
      "Trung Lập", "Việt Tiến", "Vinh Quang",  "Vĩnh An",    "Vĩnh Long",  "Vĩnh Phong",
      "Vĩnh Tiến",
  };
  std::vector<std::string> names = expected;
  std::mt19937 rng(20251125);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(names.begin(), names.end(), rng);
    std::sort(names.begin(), names.end(), LessVi{});
    ASSERT_EQ(names, expected);
  }
  // Plain byte order gets it wrong ("Đồng Minh" and "Ăn" would sort last).
  std::sort(names.begin(), names.end());
  EXPECT_NE(names, expected);
}

TEST(CompareVi, NamedPairs) {
  EXPECT_LT(compare_vi("Dũng Tiến", "Đồng Minh"), 0);
  EXPECT_GT(compare_vi("Đồng Minh", "Dũng Tiến"), 0);
  EXPECT_LT(compare_vi("An", "Ăn"), 0);
  EXPECT_LT(compare_vi("Ăn", "Ân"), 0);
  EXPECT_LT(compare_vi("Ân", "Bắc"), 0);
  EXPECT_LT(compare_vi("Dương", "Đa"), 0);
  EXPECT_LT(compare_vi("Đa", "Em"), 0);
  EXPECT_LT(compare_vi("Em", "Êm"), 0);
  EXPECT_LT(compare_vi("Ong", "Ông"), 0);
  EXPECT_LT(compare_vi("Ông", "Ơn"), 0);
  EXPECT_LT(compare_vi("Ơn", "Phú"), 0);
  EXPECT_LT(compare_vi("Ủy", "Ưu"), 0);
  EXPECT_LT(compare_vi("Ưu", "Vũ"), 0);
  EXPECT_LT(compare_vi("Chu", "Cư"), 0);
}

TEST(CompareVi, TheAlphabet) {
  const std::vector<std::string> letters{"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g",
                                         "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p",
                                         "q", "r", "s", "t", "u", "ư", "v", "x", "y"};
  for (std::size_t i = 0; i + 1 < letters.size(); ++i) {
    EXPECT_LT(compare_vi(letters[i], letters[i + 1]), 0) << letters[i] << " " << letters[i + 1];
  }
  for (std::size_t i = 0; i < letters.size(); ++i) {
    for (std::size_t j = 0; j < letters.size(); ++j) {
      const int c = compare_vi(letters[i], letters[j]);
      EXPECT_EQ(c < 0, i < j);
      EXPECT_EQ(c == 0, i == j);
    }
  }
}

TEST(CompareVi, TonesAreSecondaryInTheirOrder) {
  for (const Vowel& v : kVowels) {
    const auto lower = chars(v.lower);
    const auto upper = chars(v.upper);
    for (std::size_t t = 0; t + 1 < 6; ++t) {
      EXPECT_LT(compare_vi(lower[t], lower[t + 1]), 0) << lower[t] << " " << lower[t + 1];
      EXPECT_LT(compare_vi(upper[t], lower[t + 1]), 0) << "case is weaker than tone";
      EXPECT_LT(compare_vi("M" + lower[t], "M" + lower[t + 1]), 0);
    }
  }
  // Letters decide before tones: ma mà mả mã má mạ mác mạch.
  const std::vector<std::string> words{"ma", "mà", "mả", "mã", "má", "mạ", "mác", "mạch", "mai"};
  std::vector<std::string> sorted = words;
  std::reverse(sorted.begin(), sorted.end());
  std::sort(sorted.begin(), sorted.end(), LessVi{});
  EXPECT_EQ(sorted, words);
  EXPECT_LT(compare_vi("Hoa", "Hòa"), 0);
  EXPECT_LT(compare_vi("Hòa", "Hóa"), 0);
  EXPECT_LT(compare_vi("Hóa", "Họa"), 0);
}

TEST(CompareVi, SyllableBySyllable) {
  // The first syllable decides, tone included, before the next one is looked at.
  EXPECT_LT(compare_vi("Vinh Quang", "Vĩnh An"), 0);
  EXPECT_LT(compare_vi("Ma Văn Z", "Mà Văn A"), 0);
  EXPECT_LT(compare_vi("An", "An Hòa"), 0);
  EXPECT_LT(compare_vi("An Hòa", "Ana"), 0);
  EXPECT_EQ(compare_vi("An  Hòa", "An Hòa") != 0, true);  // not equal bytes, but adjacent
  EXPECT_LT(compare_vi("An Hòa", "An Hòa B"), 0);
}

TEST(CompareVi, CaseIsTertiary) {
  EXPECT_LT(compare_vi("an", "An"), 0);
  EXPECT_GT(compare_vi("Đ", "đ"), 0);
  EXPECT_LT(compare_vi("AN", "ăn"), 0);  // the letter decides before case
  EXPECT_LT(compare_vi("An", "àn"), 0);  // the tone decides before case
}

TEST(CompareVi, SortViOrdersItemsByNameAndKeepsTiesInOrder) {
  // Case last, fewer words first, spaces only in the final byte comparison, numbers by value.
  const std::vector<std::string> expected{"an", "An",       "AN",        "An  Hòa", "An Hòa",
                                          "Ăn", "Phường 3", "Phường 12", "Thôn 2",  "Thôn 10"};
  std::vector<std::pair<std::string, int>> items;
  for (int round = 0; round < 2; ++round) {
    for (const auto& name : expected) items.emplace_back(name, static_cast<int>(items.size()));
  }
  std::mt19937 rng(20261126);
  std::shuffle(items.begin(), items.end(), rng);
  std::vector<int> seen_order;
  for (const auto& item : items) seen_order.push_back(item.second);
  sort_vi(items, [](const auto& item) { return item.first; });
  ASSERT_EQ(items.size(), expected.size() * 2);
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i].first, expected[i / 2]) << i;
  }
  // The two items of each name keep the order they had.
  const auto position = [&](int id) {
    return std::find(seen_order.begin(), seen_order.end(), id) - seen_order.begin();
  };
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    EXPECT_LT(position(items[i].second), position(items[i + 1].second)) << items[i].first;
  }
}

TEST(CompareVi, SortKeysOrderExactlyAsTheComparison) {
  std::vector<std::string> names{
      "Vĩnh An",   "Vinh Quang", "An Hòa",    "An",        "Ăn",       "Thôn 10",  "Thôn 2",
      "an",        "AN",         "Đồng Minh", "Dũng Tiến", "Ma Văn Z", "Mà Văn A", "An  Hòa",
      "",          " ",          "Họa",       "Hóa",       "Hòa",      "Hoa",      "ma",
      "mác",       "mạch",       "x-1",       "x 1",       "Ưu",       "Ủy",       "Phường 3",
      "Phường 12", "日本",       "Đ",         "đ",         "Ân",       "Bắc",      "Chu",
      "Cư",        "Ong",        "Ông",       "Ơn",        "a1",       "a 1",      "a01"};
  for (const auto& v : {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"}) {
    names.emplace_back(std::string("M") + v);
    names.push_back(nfd(std::string("Nguyễn ") + v));
  }
  for (const auto& a : names) {
    for (const auto& b : names) {
      const int by_key = sort_key_vi(a).compare(sort_key_vi(b));
      const int c = compare_vi(a, b);
      EXPECT_EQ(by_key < 0, c < 0) << a << " | " << b;
      EXPECT_EQ(by_key == 0, c == 0) << a << " | " << b;
    }
  }
}

TEST(CompareVi, NfdEqualsNfc) {
  for (const std::string s : {"Đồng Minh", "Nguyễn Bỉnh Khiêm", "Thắng Thủy", "Ưu"}) {
    EXPECT_EQ(compare_vi(s, nfd(s)), 0) << s;
    EXPECT_EQ(compare_vi(s, s), 0);
  }
}

TEST(CompareVi, NumbersCompareByValue) {
  const std::vector<std::string> expected{"Thôn 1",   "Thôn 2",  "Thôn 9",   "Thôn 10",
                                          "Thôn 10A", "Thôn 11", "Thôn 100", "Thôn An"};
  std::vector<std::string> v(expected.rbegin(), expected.rend());
  std::sort(v.begin(), v.end(), LessVi{});
  EXPECT_EQ(v, expected);
  EXPECT_NE(compare_vi("Thôn 01", "Thôn 1"), 0);  // total order: bytes break the tie
  EXPECT_LT(compare_vi("Thôn 99999999999999999999999", "Thôn A"), 0);
}

TEST(CompareVi, LatinLettersOutsideTheAlphabetAndOtherScripts) {
  EXPECT_LT(compare_vi("Ewa", "Fanh"), 0);
  EXPECT_LT(compare_vi("Fanh", "Giang"), 0);
  EXPECT_LT(compare_vi("Vũ", "Wang"), 0);
  EXPECT_LT(compare_vi("Wang", "Xuân"), 0);
  EXPECT_LT(compare_vi("Yên", "Zô"), 0);
  EXPECT_LT(compare_vi("Zô", "中文"), 0);
  EXPECT_LT(compare_vi("-", "1"), 0);
  EXPECT_LT(compare_vi("1", "a"), 0);
  EXPECT_LT(compare_vi("", "a"), 0);
  EXPECT_EQ(compare_vi("", ""), 0);
}

TEST(CompareVi, IsAConsistentTotalOrder) {
  std::vector<std::string> v{"An",     "an",  "Ăn",     "ăn",      "Ẩn",     "ẩn",  "Ấn",
                             "An Hòa", "Anh", "anh",    "Ánh",     "ảnh",    "Đa",  "đa",
                             "Da",     "da",  "Thôn 2", "Thôn 10", "thôn 2", "Hoà", "Hòa",
                             "Hóa",    "",    " ",      "中",      "x",      "1",   "01"};
  for (const auto& a : v) {
    EXPECT_EQ(compare_vi(a, a), 0);
    for (const auto& b : v) {
      const int ab = compare_vi(a, b);
      EXPECT_EQ(ab, -compare_vi(b, a)) << a << " | " << b;
      EXPECT_EQ(ab == 0, nfc(a) == nfc(b)) << a << " | " << b;
      for (const auto& c : v) {
        if (ab < 0 && compare_vi(b, c) < 0) {
          EXPECT_LT(compare_vi(a, c), 0) << a << b << c;
        }
      }
    }
  }
}

TEST(TruncateUtf8, NeverSplitsACodePoint) {
  const std::string viet = "Việt";  // V i ệ(3 bytes) t
  ASSERT_EQ(viet.size(), 6U);
  EXPECT_EQ(truncate_utf8(viet, 0), "");
  EXPECT_EQ(truncate_utf8(viet, 1), "V");
  EXPECT_EQ(truncate_utf8(viet, 2), "Vi");
  EXPECT_EQ(truncate_utf8(viet, 3), "Vi");
  EXPECT_EQ(truncate_utf8(viet, 4), "Vi");
  EXPECT_EQ(truncate_utf8(viet, 5), "Việ");
  EXPECT_EQ(truncate_utf8(viet, 6), "Việt");
  EXPECT_EQ(truncate_utf8(viet, 100), "Việt");
  EXPECT_EQ(truncate_utf8("\xF0\x9F\x98\x80!", 3), "");
  EXPECT_EQ(truncate_utf8("\xF0\x9F\x98\x80!", 4), "\xF0\x9F\x98\x80");
  EXPECT_EQ(truncate_utf8("", 0), "");
  EXPECT_EQ(truncate_utf8("abc", 2), "ab");
}

TEST(TruncateUtf8, EveryLengthOfASentenceGivesValidText) {
  const std::string s =
      "Ông Nguyễn Văn Sơn, thị trấn Vĩnh Bảo: năm giải pháp phát triển đảng viên 😀 ✓ Ư";
  for (std::size_t n = 0; n <= s.size() + 1; ++n) {
    const std::string t = truncate_utf8(s, n);
    EXPECT_TRUE(valid_utf8(t)) << n;
    EXPECT_LE(t.size(), n);
    EXPECT_GE(t.size() + 3, std::min(n, s.size())) << n;
    EXPECT_EQ(s.compare(0, t.size(), t), 0);
  }
}

}  // namespace
}  // namespace doithoai::text
