// What the API asks for a field suggestion: the trained model when its file exists (loaded
// again whenever `doithoai train` or the scheduled retraining replaces it), else the lexicon.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "search/fasttext_model.hpp"
#include "search/lexicon.hpp"

namespace doithoai::search {

class Suggester {
 public:
  // The model file is looked at again (its modification time) at most every `recheck`.
  Suggester(std::shared_ptr<const Lexicon> lexicon, std::string model_path,
            std::chrono::milliseconds recheck = std::chrono::seconds(2));
  Suggestion suggest(std::string_view title, std::string_view content);

 private:
  std::shared_ptr<const Predictor> current();

  std::shared_ptr<const Lexicon> lexicon_;
  const std::string model_path_;
  const std::chrono::milliseconds recheck_;
  std::mutex mu_;
  std::shared_ptr<const FieldModel> model_;
  std::filesystem::file_time_type model_time_{};
  std::optional<std::chrono::steady_clock::time_point> checked_;
};

}  // namespace doithoai::search
