#include "search/fasttext_model.hpp"

#include <fasttext/fasttext.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/text.hpp"

namespace doithoai::search {

namespace {

constexpr std::string_view kFieldLabel = "__label__f_";
constexpr std::string_view kKindLabel = "__label__k_";

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out.push_back(' ');
    out.append(w);
  }
  return out;
}

}  // namespace

std::string model_input(std::string_view title, std::string_view content) {
  const std::string t = joined(text::words(title));
  std::string out = t;
  out.append(" ").append(t).append(" ").append(joined(text::words(content)));
  return out;
}

Expected<void> train_model(const std::vector<Example>& examples, const std::string& path,
                           const TrainOptions& options, const std::function<void(double)>& progress,
                           const std::atomic<bool>* cancel) {
  if (examples.empty())
    return invalid("no_examples", "Không có vụ việc đã phân loại để huấn luyện");
  const std::string input = path + ".train.tmp";
  const std::string output = path + ".tmp";
  {
    std::ofstream out(input, std::ios::trunc);
    if (!out) return internal_error("Không ghi được tệp " + input);
    for (const auto& e : examples) {
      out << kFieldLabel << e.field_code << ' ' << kKindLabel << code(e.kind) << ' '
          << model_input(e.title, e.content) << '\n';
    }
    if (!out) return internal_error("Không ghi được tệp " + input);
  }
  auto cleanup = [&] {
    std::error_code ignored;
    std::filesystem::remove(input, ignored);
    std::filesystem::remove(output, ignored);
  };
  try {
    fasttext::Args args;
    args.input = input;
    args.model = fasttext::model_name::sup;
    args.loss = fasttext::loss_name::ova;
    args.epoch = options.epochs;
    args.dim = options.dim;
    args.lr = options.learning_rate;
    args.wordNgrams = options.word_ngrams;
    args.bucket = options.buckets;
    args.minCount = 1;
    args.minn = 0;
    args.maxn = 0;
    args.thread = 1;
    args.seed = options.seed;
    args.verbose = 0;
    fasttext::FastText model;
    model.train(args, [&](float done, float, double, double, int64_t) {
      if (cancel != nullptr && cancel->load()) model.abort();  // train() then throws
      if (progress) progress(static_cast<double>(done));
    });
    model.saveModel(output);
  } catch (const std::exception& e) {
    cleanup();
    if (cancel != nullptr && cancel->load())
      return Error::make(ErrorKind::unavailable, "cancelled", "Đã dừng huấn luyện");
    return internal_error(std::string("Huấn luyện mô hình thất bại: ") + e.what());
  }
  std::error_code ec;
  std::filesystem::rename(output, path, ec);
  cleanup();
  if (ec) return internal_error("Không ghi được mô hình " + path + ": " + ec.message());
  if (progress) progress(1.0);
  return {};
}

FieldModel::FieldModel() : model_(std::make_unique<fasttext::FastText>()) {}
FieldModel::~FieldModel() = default;

Expected<std::unique_ptr<FieldModel>> FieldModel::load(const std::string& path) {
  std::unique_ptr<FieldModel> m(new FieldModel());
  try {
    m->model_->loadModel(path);
  } catch (const std::exception& e) {
    return internal_error("Không đọc được mô hình " + path + ": " + e.what());
  }
  return m;
}

Suggestion FieldModel::suggest(std::string_view title, std::string_view content) const {
  Suggestion s;
  s.source = "model";
  std::istringstream in(model_input(title, content) + "\n");
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  const int labels = model_->getDictionary()->nlabels();
  try {
    model_->predictLine(in, predictions, labels, 0.0);
  } catch (const std::exception&) {
    return s;
  }
  bool kind_seen = false;
  for (const auto& [probability, label] : predictions) {  // most probable first
    const std::string_view l = label;
    if (l.rfind(kFieldLabel, 0) == 0 && s.field_code.empty()) {
      s.field_code = std::string(l.substr(kFieldLabel.size()));
      s.confidence = static_cast<double>(probability);
    } else if (l.rfind(kKindLabel, 0) == 0 && !kind_seen) {
      if (const auto k = parse_kind(l.substr(kKindLabel.size()))) {
        s.kind = *k;
        s.kind_confidence = static_cast<double>(probability);
        kind_seen = true;
      }
    }
  }
  return s;
}

}  // namespace doithoai::search
