#include "search/lexicon.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "domain/matter.hpp"
#include "domain/text.hpp"

namespace doithoai::search {

namespace {

constexpr std::size_t kKinds = 6;
constexpr double kTitleWeight = 2.0;
constexpr double kTitleStartWeight = 6.0;  // "Khiếu nại ...", "Kiến nghị về ...": the kind itself

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// A field name as phrases: "Nông nghiệp và phát triển nông thôn" -> "nong nghiep",
// "phat trien nong thon". One-syllable parts ("Khác") say too little to count.
std::vector<std::vector<std::string>> name_phrases(const std::string& name) {
  std::vector<std::vector<std::string>> parts;
  std::string part;
  for (const char ch : name + ",") {
    if (ch == ',' || ch == '-') {
      auto ws = text::words(part);
      std::vector<std::string> cut;
      for (auto& w : ws) {
        if (w == "va") {
          if (!cut.empty()) parts.push_back(std::move(cut));
          cut.clear();
        } else {
          cut.push_back(std::move(w));
        }
      }
      if (!cut.empty()) parts.push_back(std::move(cut));
      part.clear();
    } else {
      part.push_back(ch);
    }
  }
  std::vector<std::vector<std::string>> kept;
  for (auto& p : parts) {
    if (p.size() >= 2) kept.push_back(std::move(p));
  }
  return kept;
}

// Calls on_hit(phrase, position) for each occurrence of a phrase as consecutive words.
template <typename P, typename F>
void for_each_hit(const std::vector<std::string>& words,
                  const std::unordered_map<std::string, std::vector<std::size_t>>& index,
                  const std::vector<P>& phrases, F&& on_hit) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto it = index.find(words[i]);
    if (it == index.end()) continue;
    for (const std::size_t p : it->second) {
      const auto& pw = phrases[p].words;
      if (i + pw.size() > words.size()) continue;
      if (std::equal(pw.begin(), pw.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) {
        on_hit(p, i);
      }
    }
  }
}

// A score share as a confidence: how much of the evidence points to the best, damped when the
// evidence is thin (one short phrase is not much to go on).
double confidence(const std::vector<double>& scores, std::size_t best) {
  double total = 0;
  for (const double s : scores) total += s;
  if (total <= 0) return 0;
  const double share = scores[best] / total;
  return share * (1.0 - std::exp(-scores[best] / 3.0));
}

}  // namespace

Expected<std::vector<LexiconEntry>> read_lexicon_file(const std::string& path) {
  std::ifstream in(path);
  std::vector<LexiconEntry> out;
  if (!in) return out;
  std::string line;
  int number = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto where = path + " dòng " + std::to_string(number);
    if (!text::valid_utf8(line)) return invalid("bad_lexicon", where + ": không phải UTF-8");
    if (header) {
      if (line != "code\twords") return invalid("bad_lexicon", where + ": cần cột code, words");
      header = false;
      continue;
    }
    const auto tab = line.find('\t');
    if (tab == std::string::npos || tab == 0)
      return invalid("bad_lexicon", where + ": cần 2 cột cách nhau bằng TAB");
    LexiconEntry e;
    e.code = line.substr(0, tab);
    if (e.code.rfind("kind:", 0) == 0 && !parse_kind(e.code.substr(5)))
      return invalid("bad_lexicon", where + ": loại vụ việc không tồn tại: " + e.code);
    std::string rest = line.substr(tab + 1) + ",";
    std::string phrase;
    for (const char ch : rest) {
      if (ch == ',') {
        if (auto p = trim(phrase); !p.empty()) e.phrases.push_back(std::move(p));
        phrase.clear();
      } else {
        phrase.push_back(ch);
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

Lexicon::Lexicon(const std::vector<Field>& fields, const std::vector<LexiconEntry>& entries) {
  // phrase (folded words joined) -> the fields (or kinds) naming it
  std::map<std::vector<std::string>, std::vector<std::size_t>> by_field, by_kind;
  std::map<std::string, std::size_t> field_index;
  for (const auto& f : fields) {
    if (!f.active) continue;
    field_index[f.code] = fields_.size();
    fields_.push_back(f.code);
  }
  auto add = [](auto& map, std::vector<std::string> words, std::size_t target) {
    if (words.empty()) return;
    auto& targets = map[std::move(words)];
    if (std::find(targets.begin(), targets.end(), target) == targets.end())
      targets.push_back(target);
  };
  for (const auto& f : fields) {
    const auto it = field_index.find(f.code);
    if (it == field_index.end()) continue;
    for (auto& p : name_phrases(f.name)) add(by_field, std::move(p), it->second);
  }
  for (const auto& e : entries) {
    if (e.code.rfind("kind:", 0) == 0) {
      const auto kind = parse_kind(e.code.substr(5));
      if (!kind) continue;
      for (const auto& p : e.phrases) add(by_kind, text::words(p), static_cast<std::size_t>(*kind));
      continue;
    }
    const auto it = field_index.find(e.code);
    if (it == field_index.end()) continue;  // a field that no longer exists (or inactive)
    for (const auto& p : e.phrases) add(by_field, text::words(p), it->second);
  }
  auto build = [](const auto& map, std::vector<Phrase>& phrases, auto& index) {
    for (const auto& [words, targets] : map) {
      Phrase p;
      p.words = words;
      const double weight = static_cast<double>(words.size()) / static_cast<double>(targets.size());
      for (const auto t : targets) p.targets.emplace_back(t, weight);
      index[words.front()].push_back(phrases.size());
      phrases.push_back(std::move(p));
    }
  };
  build(by_field, field_phrases_, field_index_);
  build(by_kind, kind_phrases_, kind_index_);
}

std::vector<double> Lexicon::scores(const std::vector<std::string>& words, double weight,
                                    bool kinds) const {
  const auto& phrases = kinds ? kind_phrases_ : field_phrases_;
  const auto& index = kinds ? kind_index_ : field_index_;
  std::vector<double> out(kinds ? kKinds : fields_.size(), 0.0);
  std::vector<std::pair<std::size_t, std::size_t>> hits;  // (phrase, position)
  for_each_hit(words, index, phrases,
               [&](std::size_t p, std::size_t at) { hits.emplace_back(p, at); });
  // Where a longer phrase matched, the shorter ones inside it do not count again.
  std::stable_sort(hits.begin(), hits.end(), [&](const auto& a, const auto& b) {
    return phrases[a.first].words.size() > phrases[b.first].words.size();
  });
  std::vector<bool> used(words.size(), false);
  for (const auto& [p, at] : hits) {
    const std::size_t n = phrases[p].words.size();
    bool overlap = false;
    for (std::size_t k = at; k < at + n; ++k) overlap = overlap || used[k];
    if (overlap) continue;
    for (std::size_t k = at; k < at + n; ++k) used[k] = true;
    double w = weight;
    if (kinds && at == 0 && weight > 1.0) w = kTitleStartWeight;
    for (const auto& [target, share] : phrases[p].targets) out[target] += share * w;
  }
  return out;
}

Suggestion Lexicon::suggest(std::string_view title, std::string_view content) const {
  const auto title_words = text::words(title);
  const auto content_words = text::words(content);
  Suggestion s;
  s.source = "lexicon";
  auto fields = scores(title_words, kTitleWeight, false);
  const auto from_content = scores(content_words, 1.0, false);
  for (std::size_t i = 0; i < fields.size(); ++i) fields[i] += from_content[i];
  if (!fields.empty()) {
    const auto best =
        static_cast<std::size_t>(std::max_element(fields.begin(), fields.end()) - fields.begin());
    if (fields[best] > 0) {
      s.field_code = fields_[best];
      s.confidence = confidence(fields, best);
    }
  }
  auto kinds = scores(title_words, kTitleWeight, true);
  const auto kinds_content = scores(content_words, 1.0, true);
  for (std::size_t i = 0; i < kKinds; ++i) kinds[i] += kinds_content[i];
  const auto best_kind =
      static_cast<std::size_t>(std::max_element(kinds.begin(), kinds.end()) - kinds.begin());
  if (kinds[best_kind] > 0) {
    s.kind = static_cast<Kind>(best_kind);
    s.kind_confidence = confidence(kinds, best_kind);
  }
  return s;
}

}  // namespace doithoai::search
