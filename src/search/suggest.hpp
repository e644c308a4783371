// Field (lĩnh vực) and kind suggestion for a new matter: a fastText model trained on the
// deployment's own classified matters (fasttext_model.hpp) when one exists, otherwise a lexicon
// built from the field names and data/field_lexicon.tsv (lexicon.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/matter.hpp"
#include "domain/model.hpp"
#include "domain/result.hpp"

namespace doithoai::search {

struct Suggestion {
  std::string field_code;  // empty: no idea
  double confidence = 0;   // of the field, 0..1
  Kind kind = Kind::phan_anh;
  double kind_confidence = 0;
  std::string source;  // "model" or "lexicon"
};

// A classified matter, for training and evaluation.
struct Example {
  Id id = 0;
  std::string title;
  std::string content;
  std::string field_code;
  Kind kind = Kind::phan_anh;
};

// The deterministic split: about one matter in five (by a hash of its id) is held out for
// measuring accuracy and never trained on.
bool held_out(Id id);

struct Accuracy {
  std::size_t examples = 0;
  std::size_t field_correct = 0;
  std::size_t kind_correct = 0;
  double field() const { return examples == 0 ? 0 : double(field_correct) / double(examples); }
  double kind() const { return examples == 0 ? 0 : double(kind_correct) / double(examples); }
};

class Predictor {
 public:
  virtual ~Predictor() = default;
  virtual Suggestion suggest(std::string_view title, std::string_view content) const = 0;
};

Accuracy evaluate(const Predictor& predictor, const std::vector<Example>& examples);

}  // namespace doithoai::search
