#include "search/suggest.hpp"

#include "search/suggester.hpp"

namespace doithoai::search {

namespace {

std::uint64_t mix(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

bool held_out(Id id) {
  return mix(static_cast<std::uint64_t>(id)) % 5 == 0;
}

Accuracy evaluate(const Predictor& predictor, const std::vector<Example>& examples) {
  Accuracy a;
  for (const auto& e : examples) {
    const auto s = predictor.suggest(e.title, e.content);
    ++a.examples;
    if (s.field_code == e.field_code) ++a.field_correct;
    if (s.kind == e.kind) ++a.kind_correct;
  }
  return a;
}

Suggester::Suggester(std::shared_ptr<const Lexicon> lexicon, std::string model_path,
                     std::chrono::milliseconds recheck)
    : lexicon_(std::move(lexicon)), model_path_(std::move(model_path)), recheck_(recheck) {}

std::shared_ptr<const Predictor> Suggester::current() {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (!model_path_.empty() && (!checked_ || now - *checked_ >= recheck_)) {
    checked_ = now;
    std::error_code ec;
    const auto time = std::filesystem::last_write_time(model_path_, ec);
    if (ec) {
      model_.reset();  // removed: back to the lexicon
    } else if (!model_ || time != model_time_) {
      if (auto loaded = FieldModel::load(model_path_); loaded.ok()) {
        model_ = std::shared_ptr<const FieldModel>(std::move(loaded).value());
        model_time_ = time;
      }
    }
  }
  if (model_) return model_;
  return lexicon_;
}

Suggestion Suggester::suggest(std::string_view title, std::string_view content) {
  return current()->suggest(title, content);
}

}  // namespace doithoai::search
