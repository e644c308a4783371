// The fallback field suggester: phrases per field (the field's name cut at "và", commas and
// dashes, plus the phrases of data/field_lexicon.tsv) and per kind, found in the folded words of
// the title and content. A phrase weighs its number of words, divided among the fields that
// share it; a hit in the title counts double.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "domain/model.hpp"
#include "domain/result.hpp"
#include "search/suggest.hpp"

namespace doithoai::search {

// One line of data/field_lexicon.tsv: a field code, or "kind:<kind code>", and its phrases.
struct LexiconEntry {
  std::string code;
  std::vector<std::string> phrases;
};

// Reads data/field_lexicon.tsv (a missing file gives no entries). Errors name the line.
Expected<std::vector<LexiconEntry>> read_lexicon_file(const std::string& path);

class Lexicon final : public Predictor {
 public:
  Lexicon(const std::vector<Field>& fields, const std::vector<LexiconEntry>& entries);
  Suggestion suggest(std::string_view title, std::string_view content) const override;

 private:
  struct Phrase {
    std::vector<std::string> words;
    std::vector<std::pair<std::size_t, double>> targets;  // (field or kind index, weight)
  };
  std::vector<double> scores(const std::vector<std::string>& words, double weight,
                             bool kinds) const;
  std::vector<std::string> fields_;
  std::vector<Phrase> field_phrases_, kind_phrases_;
  std::unordered_map<std::string, std::vector<std::size_t>> field_index_, kind_index_;
};

}  // namespace doithoai::search
