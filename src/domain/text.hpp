// Vietnamese text: UTF-8 validation, NFC, the one folding function used for search, Vietnamese
// collation for sorting names, and byte-bounded truncation.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace doithoai::text {

// Strict UTF-8 (RFC 3629): rejects overlong forms, surrogates (U+D800..U+DFFF), code points
// above U+10FFFF, stray continuation bytes, truncated sequences and the bytes C0, C1, F5..FF.
bool valid_utf8(std::string_view s);

// Unicode NFC. The input is assumed valid UTF-8; invalid sequences are replaced by U+FFFD.
std::string nfc(std::string_view s);

// The ONE folding used for search, both when indexing and when querying: NFC, combining marks
// stripped (tones and ă â ê ô ơ ư lose their marks), đ/Đ mapped to d, case folded to lower
// case, default-ignorable code points (soft hyphen, zero-width space...) removed, whitespace
// runs (any Unicode space, tab, newline) collapsed to one ASCII space and trimmed.
//   fold("Đường GIẢI phóng  mặt bằng") == "duong giai phong mat bang"
// NFC and NFD inputs fold the same. Invalid UTF-8 is folded as if each bad byte were U+FFFD.
std::string fold(std::string_view s);

// The words of a text for search, duplicate detection and field suggestion: fold(s) cut into
// maximal runs of letters and digits (Unicode categories L*, N* and Co, as SQLite FTS5's
// unicode61 tokenizer counts them), so that what is indexed and what is asked split alike.
//   words("Đường GIẢI-phóng, mặt bằng!") == {"duong", "giai", "phong", "mat", "bang"}
std::vector<std::string> words(std::string_view s);

// Whether a code point is part of a word (Unicode categories L*, N*, Co, and the combining
// marks that NFC leaves attached to a letter).
bool is_word_char(char32_t cp);

// Decodes the code point at s[i] and advances i (an ill-formed sequence yields U+FFFD).
char32_t next_code_point(std::string_view s, std::size_t& i);

// Vietnamese alphabetical order, for sorting names; < 0, 0 or > 0 like strcmp. Strings are
// compared word by word (syllable by syllable, as Vietnamese dictionaries order entries, so
// "Vinh Quang" < "Vĩnh An"); fewer words first when one is a prefix of the other. Within a word:
//   primary:   letters in the order a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư
//              v (w) x y (z), case-insensitive; punctuation < numbers < letters < other
//              scripts; a run of ASCII digits compares by its numeric value ("Thôn 2" <
//              "Thôn 10"); a shorter prefix first ("Ma" < "Mác");
//   secondary: tones, left to right: none, huyền, hỏi, ngã, sắc, nặng (Hoa < Hòa < Hóa).
// Then, over the whole string, lower case before upper case; finally the NFC bytes, so that 0
// means the NFC forms are equal. Whitespace runs only separate words.
int compare_vi(std::string_view a, std::string_view b);

// The bytes that order strings as compare_vi does (sort_key_vi(a) < sort_key_vi(b) as
// std::string exactly when compare_vi(a, b) < 0): to sort many names, make each key once.
// compare_vi stops at the first difference, so one comparison is cheaper than two keys.
std::string sort_key_vi(std::string_view s);

// Sorts items by the Vietnamese order of name(item), each name's key made once; equal names
// keep their order.
template <typename T, typename Name>
void sort_vi(std::vector<T>& items, Name name) {
  std::vector<std::pair<std::string, std::size_t>> keys;
  keys.reserve(items.size());
  // Many items may share a name (an agency's row for each kind): its key is made the first time.
  std::unordered_map<std::string, std::string> made;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string n(name(items[i]));
    auto it = made.find(n);
    if (it == made.end()) {
      std::string key = sort_key_vi(n);
      it = made.emplace(std::move(n), std::move(key)).first;
    }
    keys.emplace_back(it->second, i);
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const auto& k : keys) sorted.push_back(std::move(items[k.second]));
  items = std::move(sorted);
}

// A strict-weak-ordering functor over compare_vi, for std::sort and ordered containers.
struct LessVi {
  bool operator()(std::string_view a, std::string_view b) const { return compare_vi(a, b) < 0; }
};

// The longest prefix of s of at most max_bytes bytes that does not split a UTF-8 sequence.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

}  // namespace doithoai::text
