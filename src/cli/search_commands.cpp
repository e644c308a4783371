#include "cli/search_commands.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "api/signer.hpp"
#include "cli/open.hpp"
#include "cli/progress.hpp"
#include "search/fasttext_model.hpp"
#include "search/lexicon.hpp"
#include "search/minhash.hpp"
#include "store/store.hpp"

namespace doithoai::cli {

namespace {

using json = nlohmann::json;
using Selection = store::SearchStore::TextSelection;

constexpr int kBatch = 1000;

Actor cli_actor() {
  return Actor::cli();
}

std::string percent(double x) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << x * 100.0;
  std::string s = out.str();
  std::replace(s.begin(), s.end(), '.', ',');  // Vietnamese decimal comma
  return s + "%";
}

store::MatterSignature signature_row(const store::MatterText& t) {
  auto s = api::matter_signature(t.title, t.summary);
  s.matter_id = t.matter_id;
  return s;
}

// Computes and saves the signatures of the selected matters, a batch at a time.
Expected<std::int64_t> sign(store::Store& store, Selection selection, Progress* progress,
                            const std::atomic<bool>* stop = nullptr) {
  std::int64_t done = 0;
  Id after = 0;
  for (;;) {
    if (stop != nullptr && stop->load()) break;
    const auto texts = TRY(store.search().texts_after(after, selection, search::kScheme, kBatch));
    if (texts.empty()) break;
    std::vector<store::MatterSignature> batch;
    batch.reserve(texts.size());
    for (const auto& t : texts) batch.push_back(signature_row(t));
    TRY(store.search().save_signatures(batch));
    after = texts.back().matter_id;
    done += static_cast<std::int64_t>(texts.size());
    if (progress != nullptr) progress->update(static_cast<std::uint64_t>(done));
  }
  return done;
}

// ---- training ----

struct TrainSettings {
  std::string model_path;
  std::string lexicon_path;
  int min_examples = 1000;
  search::TrainOptions options;
};

struct TrainReport {
  std::size_t classified = 0, train = 0, held_out = 0;
  search::Accuracy lexicon, model;
  bool trained = false;
};

Expected<std::vector<search::Example>> classified_examples(store::Store& store,
                                                           Progress* progress) {
  std::vector<search::Example> out;
  Id after = 0;
  for (;;) {
    const auto texts = TRY(store.search().texts_after(after, Selection::classified, 0, 5000));
    if (texts.empty()) break;
    for (const auto& t : texts) {
      out.push_back(search::Example{t.matter_id, t.title, t.summary, t.field_code, t.kind});
    }
    after = texts.back().matter_id;
    if (progress != nullptr) progress->update(out.size());
  }
  return out;
}

Expected<TrainReport> train(store::Store& store, const TrainSettings& settings, bool show_progress,
                            const std::atomic<bool>* cancel = nullptr) {
  TrainReport report;
  std::vector<search::Example> examples;
  {
    const auto total = TRY(store.search().count_texts(Selection::classified, 0));
    std::optional<Progress> p;
    if (show_progress) p.emplace("Đọc vụ việc đã phân loại", static_cast<std::uint64_t>(total));
    examples = TRY(classified_examples(store, p ? &*p : nullptr));
  }
  std::vector<search::Example> train_set, held;
  for (auto& e : examples) (search::held_out(e.id) ? held : train_set).push_back(std::move(e));
  report.classified = train_set.size() + held.size();
  report.train = train_set.size();
  report.held_out = held.size();

  std::vector<search::LexiconEntry> entries;
  if (!settings.lexicon_path.empty())
    entries = TRY(search::read_lexicon_file(settings.lexicon_path));
  const search::Lexicon lexicon(TRY(store.fields()), entries);
  report.lexicon = search::evaluate(lexicon, held);

  if (train_set.size() >= static_cast<std::size_t>(std::max(1, settings.min_examples))) {
    {
      std::optional<Progress> p;
      if (show_progress) p.emplace("Huấn luyện mô hình", 1000);
      TRY(search::train_model(
          train_set, settings.model_path, settings.options,
          [&](double done) {
            if (p) p->update(static_cast<std::uint64_t>(done * 1000));
          },
          cancel));
    }
    const auto model = TRY(search::FieldModel::load(settings.model_path));
    report.model = search::evaluate(*model, held);
    report.trained = true;
  }
  const json after{{"classified", report.classified},
                   {"train", report.train},
                   {"held_out", report.held_out},
                   {"trained", report.trained},
                   {"lexicon_field_accuracy", report.lexicon.field()},
                   {"lexicon_kind_accuracy", report.lexicon.kind()},
                   {"model_field_accuracy", report.trained ? json(report.model.field()) : json()},
                   {"model_kind_accuracy", report.trained ? json(report.model.kind()) : json()}};
  TRY(store.search().record("search.train", after.dump(), cli_actor()));
  return report;
}

TrainSettings train_settings(const Config& config) {
  TrainSettings s;
  s.model_path = model_path(config);
  s.lexicon_path = (std::filesystem::path(config.data_dir) / "field_lexicon.tsv").string();
  s.min_examples = config.min_training_examples;
  return s;
}

// ---- dedup ----

struct DedupSettings {
  bool all = false;  // every matter not merged, not only the backlog
  int days = 90;     // the backlog: open, or answered within these days
  int min_score = 50;
  bool as_json = false;
};

// Units near each other: one lies under the other's parent (the communes of one district).
class Neighbours {
 public:
  explicit Neighbours(const std::vector<Unit>& units) {
    for (const auto& u : units) parent_[u.code] = u.parent_code.value_or("");
  }
  bool near(const std::string& a, const std::string& b) const {
    return a == b || under(b, parent_of(a)) || under(a, parent_of(b));
  }

 private:
  std::string parent_of(const std::string& u) const {
    const auto it = parent_.find(u);
    return it == parent_.end() || it->second.empty() ? u : it->second;
  }
  bool under(std::string u, const std::string& root) const {
    for (int depth = 0; depth < 16 && !u.empty(); ++depth) {
      if (u == root) return true;
      const auto it = parent_.find(u);
      if (it == parent_.end()) return false;
      u = it->second;
    }
    return false;
  }
  std::unordered_map<std::string, std::string> parent_;
};

int run_dedup(const Options& options, const DedupSettings& settings) {
  auto opened = open(options, Prepare::migrate_and_seed, false);
  if (!opened.ok()) return fail(opened.error());
  auto& store = *opened->store;
  {
    const auto missing = store.search().count_texts(Selection::unsigned_only, search::kScheme);
    if (!missing.ok()) return fail(missing.error());
    if (*missing > 0) {
      Progress p("Tính chữ ký", static_cast<std::uint64_t>(*missing));
      if (auto s = sign(store, Selection::unsigned_only, &p); !s.ok()) return fail(s.error());
    }
  }
  store::CandidateFilter filter;
  if (!settings.all) filter.answered_since = vietnam_date(now_utc()).plus_days(-settings.days);
  std::vector<Id> ids;
  std::vector<std::string> units;
  std::vector<std::vector<std::uint32_t>> signatures;
  {
    const auto total = store.search().count_texts(Selection::all, 0);
    if (!total.ok()) return fail(total.error());
    Progress p("Đọc chữ ký", static_cast<std::uint64_t>(*total));
    Id after = 0;
    std::uint64_t read = 0;
    for (;;) {
      auto page = store.search().signatures_after(after, filter, 20000);
      if (!page.ok()) return fail(page.error());
      if (page->empty()) break;
      for (auto& row : *page) {
        if (row.minima.empty()) continue;  // not in the backlog
        ids.push_back(row.matter_id);
        units.push_back(std::move(row.unit_code));
        signatures.push_back(std::move(row.minima));
      }
      after = page->back().matter_id;
      read += page->size();
      p.update(read);
    }
  }
  const auto all_units = store.units(std::nullopt);
  if (!all_units.ok()) return fail(all_units.error());
  const Neighbours neighbours(*all_units);
  const double threshold = settings.min_score / 100.0;
  std::vector<search::Pair> pairs;
  {
    Progress p("Tìm cặp giống nhau", 1000);
    pairs = search::candidate_pairs(
        signatures, std::max(0.0, threshold - 0.15),
        [&](std::size_t a, std::size_t b) { return neighbours.near(units[a], units[b]); }, 256,
        [&](std::size_t done, std::size_t total) {
          p.update(total == 0 ? 1 : static_cast<std::uint64_t>(done) * 1000 / total);
        });
  }
  // The exact check: the Jaccard index of the shingle sets, from the texts.
  std::set<std::size_t> involved;
  for (const auto& pr : pairs) {
    involved.insert(pr.a);
    involved.insert(pr.b);
  }
  std::unordered_map<Id, store::MatterText> texts;
  std::unordered_map<std::size_t, std::vector<std::uint64_t>> sets;
  {
    Progress p("Kiểm tra chính xác", involved.size());
    std::vector<Id> batch;
    std::vector<std::size_t> batch_index;
    std::uint64_t done = 0;
    auto flush = [&]() -> Expected<void> {
      for (auto& t : TRY(store.search().texts(batch))) texts.emplace(t.matter_id, std::move(t));
      for (const auto i : batch_index) {
        const auto it = texts.find(ids[i]);
        sets[i] = it == texts.end()
                      ? std::vector<std::uint64_t>{}
                      : search::shingles(search::dedup_text(it->second.title, it->second.summary));
      }
      done += batch.size();
      p.update(done);
      batch.clear();
      batch_index.clear();
      return {};
    };
    for (const auto i : involved) {
      batch.push_back(ids[i]);
      batch_index.push_back(i);
      if (batch.size() == static_cast<std::size_t>(kBatch)) {
        if (auto f = flush(); !f.ok()) return fail(f.error());
      }
    }
    if (!batch.empty()) {
      if (auto f = flush(); !f.ok()) return fail(f.error());
    }
  }
  std::vector<search::Pair> accepted;
  for (auto pr : pairs) {
    pr.score = search::jaccard(sets[pr.a], sets[pr.b]);
    if (pr.score >= threshold) accepted.push_back(pr);
  }
  auto found = search::groups(ids.size(), accepted);
  std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : ids[a.front()] < ids[b.front()];
  });
  // The best score linking each member, for the report.
  std::unordered_map<std::size_t, double> best;
  for (const auto& pr : accepted) {
    best[pr.a] = std::max(best[pr.a], pr.score);
    best[pr.b] = std::max(best[pr.b], pr.score);
  }
  json report = json::array();
  std::size_t grouped = 0;
  for (const auto& g : found) {
    json members = json::array();
    for (const auto i : g) {
      const auto it = texts.find(ids[i]);
      members.push_back({{"id", ids[i]},
                         {"unit_code", units[i]},
                         {"title", it == texts.end() ? "" : it->second.title},
                         {"status", it == texts.end() ? "" : std::string(code(it->second.status))},
                         {"score", std::round(best[i] * 1000.0) / 1000.0}});
    }
    grouped += g.size();
    report.push_back({{"size", g.size()}, {"matters", members}});
  }
  if (settings.as_json) {
    std::cout << json{{"matters", ids.size()},
                      {"candidate_pairs", pairs.size()},
                      {"groups", report},
                      {"grouped", grouped},
                      {"min_score", threshold}}
                     .dump(2)
              << '\n';
  } else {
    std::cout << "Đã xét " << ids.size() << " vụ việc: " << found.size()
              << " nhóm có thể trùng nhau, gồm " << grouped << " vụ việc (độ giống tối thiểu "
              << settings.min_score << "%).\n";
    int n = 0;
    for (const auto& g : report) {
      std::cout << "\nNhóm " << ++n << " (" << g["size"].get<std::size_t>() << " vụ việc)\n";
      for (const auto& m : g["matters"]) {
        std::cout << "  #" << m["id"].get<Id>() << '\t' << m["unit_code"].get<std::string>() << '\t'
                  << m["status"].get<std::string>() << '\t' << percent(m["score"].get<double>())
                  << '\t' << m["title"].get<std::string>() << '\n';
      }
    }
  }
  const json after{{"matters", ids.size()}, {"groups", found.size()}, {"grouped", grouped}};
  (void)store.search().record("search.dedup", after.dump(), cli_actor());
  store.close();
  return 0;
}

int run_train(const Options& options, const TrainSettings& settings, bool min_given,
              int min_examples, const std::string& model_flag) {
  auto opened = open(options, Prepare::migrate_and_seed, false);
  if (!opened.ok()) return fail(opened.error());
  auto base = train_settings(opened->config);
  if (!model_flag.empty()) base.model_path = model_flag;
  if (min_given) base.min_examples = min_examples;
  base.options = settings.options;
  const auto report = train(*opened->store, base, true);
  opened->store->close();
  if (!report.ok()) return fail(report.error());
  std::cout << "Vụ việc đã phân loại: " << report->classified << " (huấn luyện " << report->train
            << ", để riêng đánh giá " << report->held_out << ")\n"
            << "Bộ từ khóa trên phần để riêng: lĩnh vực " << percent(report->lexicon.field())
            << ", loại " << percent(report->lexicon.kind()) << '\n';
  if (report->trained) {
    std::cout << "Mô hình trên phần để riêng: lĩnh vực " << percent(report->model.field())
              << ", loại " << percent(report->model.kind()) << '\n'
              << "Đã lưu mô hình: " << base.model_path << '\n';
  } else {
    std::cout << "Chưa đủ dữ liệu để huấn luyện (cần " << base.min_examples
              << " vụ việc trong phần huấn luyện): tiếp tục gợi ý bằng bộ từ khóa.\n";
  }
  return 0;
}

int run_reindex(const Options& options) {
  auto opened = open(options, Prepare::migrate_and_seed, false);
  if (!opened.ok()) return fail(opened.error());
  auto& store = *opened->store;
  {
    Progress p("Chỉ mục toàn văn", 1);
    if (auto r = store.search().rebuild_text_index(cli_actor()); !r.ok()) return fail(r.error());
    p.update(1);
  }
  std::int64_t signed_count = 0;
  {
    const auto total = store.search().count_texts(Selection::all, 0);
    if (!total.ok()) return fail(total.error());
    Progress p("Chữ ký tương đồng", static_cast<std::uint64_t>(*total));
    auto n = sign(store, Selection::all, &p);
    if (!n.ok()) return fail(n.error());
    signed_count = *n;
  }
  const auto consistent = store.search().text_index_consistent();
  store.close();
  if (!consistent.ok()) return fail(consistent.error());
  std::cout << "Đã dựng lại chỉ mục tìm kiếm và " << signed_count << " chữ ký tương đồng; "
            << (*consistent ? "chỉ mục khớp dữ liệu" : "CHỈ MỤC KHÔNG KHỚP DỮ LIỆU") << ".\n";
  return *consistent ? 0 : 1;
}

}  // namespace

std::string model_path(const Config& config) {
  return config.model_path.empty() ? config.db_path + ".fasttext.bin" : config.model_path;
}

std::function<std::optional<int>()> add_search_commands(CLI::App& app, const Options& options) {
  auto* reindex = app.add_subcommand(
      "reindex", "Dựng lại chỉ mục tìm kiếm toàn văn và chữ ký tương đồng của mọi vụ việc");

  auto dedup_settings = std::make_shared<DedupSettings>();
  auto* dedup = app.add_subcommand("dedup", "Nhóm các vụ việc có thể trùng nhau (tồn đọng)");
  dedup->add_flag("--all", dedup_settings->all,
                  "Xét mọi vụ việc (mặc định: đang xử lý hoặc mới trả lời)");
  dedup->add_option("--days", dedup_settings->days, "Vụ việc đã trả lời trong số ngày này")
      ->check(CLI::Range(0, 3650));
  dedup->add_option("--min-score", dedup_settings->min_score, "Độ giống tối thiểu, phần trăm")
      ->check(CLI::Range(1, 100));
  dedup->add_flag("--json", dedup_settings->as_json, "Kết quả dạng JSON");

  auto train_settings_ptr = std::make_shared<TrainSettings>();
  auto min_examples = std::make_shared<int>(0);
  auto model_flag = std::make_shared<std::string>();
  auto* train_cmd =
      app.add_subcommand("train", "Huấn luyện mô hình gợi ý lĩnh vực từ các vụ việc đã phân loại");
  auto* min_opt = train_cmd->add_option("--min-examples", *min_examples,
                                        "Số vụ việc tối thiểu để huấn luyện (mặc định 1000)");
  min_opt->check(CLI::Range(1, 100000000));
  train_cmd->add_option("--model", *model_flag, "Tệp mô hình (mặc định <db>.fasttext.bin)");
  train_cmd->add_option("--epochs", train_settings_ptr->options.epochs, "Số vòng huấn luyện")
      ->check(CLI::Range(1, 1000));

  return [=, &options]() -> std::optional<int> {
    if (*reindex) return run_reindex(options);
    if (*dedup) return run_dedup(options, *dedup_settings);
    if (*train_cmd) {
      return run_train(options, *train_settings_ptr, min_opt->count() > 0, *min_examples,
                       *model_flag);
    }
    return std::nullopt;
  };
}

// ---- serve ----

SearchUpkeep::SearchUpkeep(store::Store& store, const Config& config)
    : store_(store), config_(config) {
  const auto missing = store_.search().count_texts(Selection::unsigned_only, search::kScheme);
  if (missing.ok() && *missing > 0) {
    const auto n = sign(store_, Selection::unsigned_only, nullptr);
    if (n.ok()) {
      spdlog::info("similarity signatures computed: {}", *n);
    } else {
      spdlog::warn("similarity signatures not computed: {}", n.error().message);
    }
  }
  if (config_.retrain_hours > 0) thread_ = std::thread([this] { loop(); });
}

SearchUpkeep::~SearchUpkeep() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SearchUpkeep::loop() {
  const auto period = std::chrono::hours(config_.retrain_hours);
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, period, [this] { return stop_.load(); })) return;
    }
    const auto report = train(store_, train_settings(config_), false, &stop_);
    if (!report.ok()) {
      if (!stop_) spdlog::warn("field model not retrained: {}", report.error().message);
      continue;
    }
    if (report->trained) {
      spdlog::info("field model retrained on {} matters: held-out field accuracy {:.3f}",
                   report->train, report->model.field());
    }
  }
}

}  // namespace doithoai::cli
