// The field and kind model: a fastText supervised classifier (Debian's libfasttext) trained on
// the deployment's own classified matters, one-vs-all so that the field and the kind each get a
// probability. fastText stays inside fasttext_model.cpp.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "search/suggest.hpp"

namespace fasttext {
class FastText;
}

namespace doithoai::search {

struct TrainOptions {
  int epochs = 40;
  int dim = 32;
  double learning_rate = 0.5;
  int word_ngrams = 2;
  int buckets = 100000;  // hashed word pairs: the model file is about dim * buckets * 4 bytes
  int seed = 1;          // one thread and a fixed seed: the same data gives the same model
};

// The words fastText sees for a matter: the folded title twice (it says most), then the content.
std::string model_input(std::string_view title, std::string_view content);

// Trains on `examples` and writes the model to `path` atomically (a temporary file beside it,
// then a rename), so a server reading the old one never sees half a file. progress(0..1).
// Setting *cancel stops the training (an error "cancelled"; the old model stays).
Expected<void> train_model(const std::vector<Example>& examples, const std::string& path,
                           const TrainOptions& options,
                           const std::function<void(double)>& progress = {},
                           const std::atomic<bool>* cancel = nullptr);

class FieldModel final : public Predictor {
 public:
  static Expected<std::unique_ptr<FieldModel>> load(const std::string& path);
  ~FieldModel() override;
  FieldModel(const FieldModel&) = delete;
  FieldModel& operator=(const FieldModel&) = delete;

  Suggestion suggest(std::string_view title, std::string_view content) const override;

 private:
  FieldModel();
  std::unique_ptr<fasttext::FastText> model_;
};

}  // namespace doithoai::search
