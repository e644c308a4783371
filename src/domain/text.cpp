#include "domain/text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

namespace doithoai::text {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[i] into cp and advances i. An ill-formed sequence yields false
// and cp = U+FFFD, and advances over its maximal valid prefix (at least one byte), as Unicode
// recommends.
bool decode(std::string_view s, std::size_t& i, char32_t& out) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  out = kReplacement;
  if (c < 0x80) {
    ++i;
    out = c;
    return true;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  unsigned char lo = 0x80;  // allowed range of the second byte
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    ++i;  // C0, C1, F5..FF or a stray continuation byte
    return false;
  }
  std::size_t k = 1;
  for (; k < len; ++k) {
    if (i + k >= s.size()) break;
    const unsigned char b = byte(i + k);
    const unsigned char min = k == 1 ? lo : 0x80;
    const unsigned char max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) break;
    cp = (cp << 6) | (b & 0x3F);
  }
  i += k;
  if (k != len) return false;
  out = cp;
  return true;
}

char32_t decode(std::string_view s, std::size_t& i) {
  char32_t cp = 0;
  decode(s, i, cp);
  return cp;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Valid UTF-8: s itself; otherwise s with each ill-formed sequence replaced by U+FFFD.
std::string sanitized(std::string_view s) {
  if (valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) encode(decode(s, i), out);
  return out;
}

// utf8proc_map over (sanitized) s.
std::string map(std::string_view s, int options) {
  std::string in = sanitized(s);
  if (in.empty()) return in;
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()),
                                          static_cast<utf8proc_ssize_t>(in.size()), &out,
                                          static_cast<utf8proc_option_t>(options));
  if (n < 0) {
    std::free(out);
    return in;  // only on allocation failure: the input is valid by now
  }
  std::string result(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  std::free(out);
  return result;
}

std::vector<char32_t> code_points(std::string_view valid) {
  std::vector<char32_t> cps;
  cps.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size();) cps.push_back(decode(valid, i));
  return cps;
}

utf8proc_category_t category(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

bool is_space(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0x2028 || cp == 0x2029 ||
         category(cp) == UTF8PROC_CATEGORY_ZS;
}

bool is_mark(char32_t cp) {
  const auto c = category(cp);
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

bool is_punct_or_symbol(char32_t cp) {
  const auto c = category(cp);
  return (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO) ||
         (c >= UTF8PROC_CATEGORY_SM && c <= UTF8PROC_CATEGORY_SO) ||
         (cp < 0x80 && c >= UTF8PROC_CATEGORY_CC);
}

char32_t to_lower(char32_t cp) {
  return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
}

constexpr char32_t kDStroke = 0x0111;       // đ
constexpr char32_t kDStrokeUpper = 0x0110;  // Đ
constexpr char32_t kGrave = 0x0300;         // huyền
constexpr char32_t kAcute = 0x0301;         // sắc
constexpr char32_t kCircumflex = 0x0302;    // â ê ô
constexpr char32_t kTilde = 0x0303;         // ngã
constexpr char32_t kBreve = 0x0306;         // ă
constexpr char32_t kHookAbove = 0x0309;     // hỏi
constexpr char32_t kHorn = 0x031B;          // ơ ư
constexpr char32_t kDotBelow = 0x0323;      // nặng

// One collation element of compare_vi.
struct Element {
  int klass = 0;  // 1 space, 2 punctuation/symbol, 3 number, 4 letter, 5 other
  std::uint64_t weight = 0;
  int tone = 0;  // 0 none, 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng
  bool upper = false;
};

int tone_of(char32_t mark) {
  switch (mark) {
    case kGrave:
      return 1;
    case kHookAbove:
      return 2;
    case kTilde:
      return 3;
    case kAcute:
      return 4;
    case kDotBelow:
      return 5;
    default:
      return 0;
  }
}

// Rank of a Latin letter with its Vietnamese vowel mark: each base letter gets four slots so
// that ă â follow a, đ follows d, ê follows e, ô ơ follow o and ư follows u.
std::uint64_t letter_rank(char32_t base, char32_t quality) {
  int variant = 0;
  if (base == kDStroke) {
    base = U'd';
    variant = 1;
  } else if (base == U'a') {
    variant = quality == kBreve ? 1 : quality == kCircumflex ? 2 : 0;
  } else if (base == U'e' || base == U'o') {
    variant = quality == kCircumflex ? 1 : (base == U'o' && quality == kHorn) ? 2 : 0;
  } else if (base == U'u') {
    variant = quality == kHorn ? 1 : 0;
  }
  return static_cast<std::uint64_t>(base - U'a') * 4 + static_cast<std::uint64_t>(variant);
}

std::vector<Element> collation_elements(std::string_view s) {
  const std::vector<char32_t> cps =
      code_points(map(s, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE));  // NFD
  std::vector<Element> out;
  out.reserve(cps.size());
  for (std::size_t i = 0; i < cps.size();) {
    const char32_t cp = cps[i];
    if (is_space(cp)) {
      while (i < cps.size() && is_space(cps[i])) ++i;
      out.push_back({1, 0, 0, false});
      continue;
    }
    if (cp >= U'0' && cp <= U'9') {
      std::uint64_t value = 0;
      constexpr std::uint64_t kMax = UINT64_MAX / 10 - 9;
      for (; i < cps.size() && cps[i] >= U'0' && cps[i] <= U'9'; ++i) {
        value = value >= kMax ? UINT64_MAX : value * 10 + (cps[i] - U'0');
      }
      out.push_back({3, value, 0, false});
      continue;
    }
    ++i;
    if (is_mark(cp)) continue;  // a mark without a base letter
    const char32_t lower = to_lower(cp);
    const bool upper = lower != cp;
    if ((lower >= U'a' && lower <= U'z') || lower == kDStroke) {
      char32_t quality = 0;
      int tone = 0;
      for (; i < cps.size() && is_mark(cps[i]); ++i) {
        const char32_t m = cps[i];
        if (m == kBreve || m == kCircumflex || m == kHorn) {
          if (quality == 0) quality = m;
        } else if (tone == 0) {
          tone = tone_of(m);
        }
      }
      out.push_back({4, letter_rank(lower, quality), tone, upper});
    } else if (is_punct_or_symbol(cp)) {
      out.push_back({2, cp, 0, false});
    } else {
      out.push_back({5, lower, 0, upper});
    }
  }
  return out;
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    if (!decode(s, i, cp)) return false;
  }
  return true;
}

std::string nfc(std::string_view s) {
  return map(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string fold(std::string_view s) {
  // COMPOSE with STRIPMARK: decomposed, marks dropped, then recomposed (NFC of what is left).
  const std::string mapped = map(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK |
                                        UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  std::string out;
  out.reserve(mapped.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < mapped.size();) {
    char32_t cp = decode(mapped, i);
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (cp == kDStroke || cp == kDStrokeUpper) cp = U'd';
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    encode(cp, out);
  }
  return out;
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9');
  }
  const auto c = category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) || c == UTF8PROC_CATEGORY_CO ||
         is_mark(cp);
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
  return decode(s, i);
}

std::vector<std::string> words(std::string_view s) {
  const std::string folded = fold(s);
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < folded.size();) {
    const std::size_t start = i;
    const char32_t cp = decode(folded, i);
    if (is_word_char(cp)) {
      current.append(folded, start, i - start);
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string sort_key_vi(std::string_view s) {
  const auto e = collation_elements(s);
  // Word by word (syllable by syllable, as Vietnamese dictionaries order entries): a word's
  // letters (class, then weight: 9 bytes each, the class 2 to 5 so above the markers), 0x01 to
  // end it (a shorter word first), then its tones (the words are the same length when they are
  // reached). 0x00 ends the words (fewer words first); then the case of every letter, and the
  // NFC bytes.
  std::string key;
  key.reserve(e.size() * 11 + s.size() + 2);
  std::string cases;
  for (std::size_t i = 0; i < e.size();) {
    if (e[i].klass == 1) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    for (; i < e.size() && e[i].klass != 1; ++i) {
      key.push_back(static_cast<char>(e[i].klass));
      for (int shift = 56; shift >= 0; shift -= 8) {
        key.push_back(static_cast<char>((e[i].weight >> shift) & 0xFF));
      }
    }
    key.push_back('\x01');
    for (std::size_t j = begin; j < i; ++j) {
      key.push_back(static_cast<char>(e[j].tone));
      cases.push_back(e[j].upper ? '\x01' : '\x00');
    }
  }
  key.push_back('\x00');
  key.append(cases);
  key.append(nfc(s));
  return key;
}

int compare_vi(std::string_view a, std::string_view b) {
  const auto ea = collation_elements(a);
  const auto eb = collation_elements(b);
  // Word by word (syllable by syllable, as Vietnamese dictionaries order entries): within a
  // word, the letters first, then the tones.
  const auto words = [](const std::vector<Element>& e) {
    std::vector<std::pair<std::size_t, std::size_t>> w;  // [begin, end) of each word
    for (std::size_t i = 0; i < e.size();) {
      if (e[i].klass == 1) {
        ++i;
        continue;
      }
      const std::size_t begin = i;
      while (i < e.size() && e[i].klass != 1) ++i;
      w.emplace_back(begin, i);
    }
    return w;
  };
  const auto wa = words(ea);
  const auto wb = words(eb);
  for (std::size_t k = 0; k < std::min(wa.size(), wb.size()); ++k) {
    const auto [ba, na] = wa[k];
    const auto [bb, nb] = wb[k];
    const std::size_t la = na - ba;
    const std::size_t lb = nb - bb;
    for (std::size_t i = 0; i < std::min(la, lb); ++i) {
      const Element& x = ea[ba + i];
      const Element& y = eb[bb + i];
      if (int c = three_way(x.klass, y.klass)) return c;
      if (int c = three_way(x.weight, y.weight)) return c;
    }
    if (int c = three_way(la, lb)) return c;
    for (std::size_t i = 0; i < la; ++i) {
      if (int c = three_way(ea[ba + i].tone, eb[bb + i].tone)) return c;
    }
  }
  if (int c = three_way(wa.size(), wb.size())) return c;
  for (std::size_t k = 0; k < wa.size(); ++k) {
    for (std::size_t i = 0; i < wa[k].second - wa[k].first; ++i) {
      if (int c = three_way(ea[wa[k].first + i].upper, eb[wb[k].first + i].upper)) return c;
    }
  }
  const int c = nfc(a).compare(nfc(b));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t cut = max_bytes;
  // Step back to the start of the sequence that straddles the cut (at most 3 bytes for valid
  // UTF-8).
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut));
}

}  // namespace doithoai::text
