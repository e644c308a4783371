#include "cli/search_commands.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "api/signer.hpp"
#include "cli/open.hpp"
#include "cli/progress.hpp"
#include "search/fasttext_model.hpp"
#include "search/grouping.hpp"
#include "search/lexicon.hpp"
#include "search/minhash.hpp"
#include "store/data_version.hpp"
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
// Units are numbered once, so that the check for a pair compares small integers.
class Neighbours {
 public:
  explicit Neighbours(const std::vector<Unit>& units) {
    for (const auto& u : units) index(u.code);
    std::vector<int> parent(names_.size(), -1);
    for (const auto& u : units) {
      if (u.parent_code && !u.parent_code->empty()) parent[index(u.code)] = index(*u.parent_code);
    }
    parent_.resize(names_.size());
    chain_.resize(names_.size());
    for (std::size_t u = 0; u < names_.size(); ++u) {
      const int p = u < parent.size() ? parent[u] : -1;
      parent_[u] = p < 0 ? static_cast<int>(u) : p;
      // u and its ancestors, as far as the units are known (at most 16 levels).
      int x = static_cast<int>(u);
      for (int depth = 0; depth < 16 && x >= 0; ++depth) {
        chain_[u].push_back(x);
        x = static_cast<std::size_t>(x) < parent.size() ? parent[static_cast<std::size_t>(x)] : -1;
      }
    }
  }
  // The number of a unit code; a code not among the units gets one (no parent) on first sight.
  int index(std::string_view code) {
    const auto it = numbers_.find(code);
    if (it != numbers_.end()) return it->second;
    const int n = static_cast<int>(names_.size());
    names_.emplace_back(code);
    numbers_.emplace(names_.back(), n);
    if (!parent_.empty()) {  // after construction: an unknown unit
      parent_.push_back(n);
      chain_.push_back({n});
    }
    return n;
  }
  const std::string& name(int u) const { return names_[static_cast<std::size_t>(u)]; }
  bool near(int a, int b) const {
    return a == b || under(b, parent_of(a)) || under(a, parent_of(b));
  }

 private:
  int parent_of(int u) const { return parent_[static_cast<std::size_t>(u)]; }
  bool under(int u, int root) const {
    const auto& c = chain_[static_cast<std::size_t>(u)];
    return std::find(c.begin(), c.end(), root) != c.end();
  }
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::deque<std::string> names_;  // stable: numbers_ keys point into it
  std::unordered_map<std::string_view, int, Hash, std::equal_to<>> numbers_;
  std::vector<int> parent_;
  std::vector<std::vector<int>> chain_;
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
  const auto all_units = store.units(std::nullopt);
  if (!all_units.ok()) return fail(all_units.error());
  Neighbours neighbours(*all_units);
  store::CandidateFilter filter;
  if (!settings.all) filter.answered_since = vietnam_date(now_utc()).plus_days(-settings.days);

  // One read of the signatures and their texts; the texts are cut into shingles on the other
  // cores meanwhile, and only the shingle sets are kept.
  std::vector<Id> ids;
  std::vector<int> units;
  std::vector<std::uint32_t> minima;
  search::ShingleSets sets;
  const auto started = std::chrono::steady_clock::now();
  const auto seconds = [](auto since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  };
  {
    const auto total = store.search().count_texts(Selection::all, 0);
    if (!total.ok()) return fail(total.error());
    Progress p("Đọc chữ ký", static_cast<std::uint64_t>(*total));
    const auto expected = static_cast<std::size_t>(*total);
    ids.reserve(expected);
    units.reserve(expected);
    minima.reserve(expected * search::kHashes);
    search::ParallelShingler shingler;
    auto scanned = store.search().scan_signatures(
        filter, [&](const store::SignatureScanRow& row) -> Expected<void> {
          if (row.minima->size() == search::kHashes) {
            ids.push_back(row.matter_id);
            units.push_back(neighbours.index(row.unit_code));
            minima.insert(minima.end(), row.minima->begin(), row.minima->end());
            shingler.add(search::dedup_text(row.title, row.summary));
          }
          if (row.rows_read % 4096 == 0) p.update(row.rows_read);
          return {};
        });
    if (!scanned.ok()) return fail(scanned.error());
    sets = shingler.finish();
  }
  const double read_seconds = seconds(started);
  const double threshold = settings.min_score / 100.0;
  search::GroupingOptions grouping;
  grouping.threshold = threshold;
  search::GroupingStats stats;
  std::vector<search::Pair> accepted;
  {
    Progress p("Tìm cặp giống nhau", 1000);
    accepted = search::similar_pairs(
        minima, sets, grouping,
        [&](std::size_t a, std::size_t b) { return neighbours.near(units[a], units[b]); },
        [&](std::size_t done, std::size_t total) {
          p.update(total == 0 ? 1000 : static_cast<std::uint64_t>(done) * 1000 / total);
        },
        &stats);
  }
  spdlog::info(
      "dedup: {} matters read and shingled in {:.1f} s; {} pairs compared, {} checked exactly, "
      "largest bucket {}, in {:.1f} s",
      ids.size(), read_seconds, stats.compared, stats.checked, stats.largest_bucket,
      seconds(started) - read_seconds);
  auto found = search::groups(ids.size(), accepted);
  std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : ids[a.front()] < ids[b.front()];
  });
  // The best score linking each member, and the members' titles and states, for the report.
  std::unordered_map<std::size_t, double> best;
  for (const auto& pr : accepted) {
    best[pr.a] = std::max(best[pr.a], pr.score);
    best[pr.b] = std::max(best[pr.b], pr.score);
  }
  std::unordered_map<Id, store::MatterText> texts;
  {
    std::vector<Id> members;
    for (const auto& g : found) {
      for (const auto i : g) members.push_back(ids[i]);
    }
    for (std::size_t start = 0; start < members.size(); start += kBatch) {
      const std::vector<Id> batch(
          members.begin() + static_cast<std::ptrdiff_t>(start),
          members.begin() + static_cast<std::ptrdiff_t>(std::min(
                                members.size(), start + static_cast<std::size_t>(kBatch))));
      auto got = store.search().texts(batch);
      if (!got.ok()) return fail(got.error());
      for (auto& t : *got) texts.emplace(t.matter_id, std::move(t));
    }
  }
  json report = json::array();
  std::size_t grouped = 0;
  for (const auto& g : found) {
    json members = json::array();
    for (const auto i : g) {
      const auto it = texts.find(ids[i]);
      members.push_back({{"id", ids[i]},
                         {"unit_code", neighbours.name(units[i])},
                         {"title", it == texts.end() ? "" : it->second.title},
                         {"status", it == texts.end() ? "" : std::string(code(it->second.status))},
                         {"score", std::round(best[i] * 1000.0) / 1000.0}});
    }
    grouped += g.size();
    report.push_back({{"size", g.size()}, {"matters", members}});
  }
  if (settings.as_json) {
    std::cout << json{{"matters", ids.size()},
                      {"compared_pairs", stats.compared},
                      {"candidate_pairs", stats.checked},
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
  merge_thread_ = std::thread([this] { merge_loop(); });
}

SearchUpkeep::~SearchUpkeep() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (merge_thread_.joinable()) merge_thread_.join();
}

bool SearchUpkeep::wait(std::chrono::steady_clock::duration d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [this] { return stop_.load(); });
}

void SearchUpkeep::merge_loop() {
  // A full merge rewrites the whole similarity index (about 170 MB at 1,000,000 matters, some
  // 20 s of the writer's time). Under a stream of submissions that would hold every write behind
  // it, so it runs only once nobody else has written for kQuiet, at most once per kEvery, and
  // gives way as soon as another write commits between two of its steps. While writes go on,
  // FTS5's own automerge keeps the number of segments bounded.
  constexpr int kPages = 250;  // about 1 MB a step: a write arriving mid-merge waits one step
  constexpr auto kQuiet = std::chrono::seconds(30);
  constexpr auto kEvery = std::chrono::hours(1);
  std::optional<std::uint64_t> merged_at;  // the data version the last full merge left
  std::optional<std::chrono::steady_clock::time_point> merged_when;
  std::uint64_t seen = store::data_version();
  while (wait(kQuiet)) {
    const std::uint64_t now_version = store::data_version();
    const bool quiet = now_version == seen;
    seen = now_version;
    const auto now = std::chrono::steady_clock::now();
    if (!quiet || now_version == merged_at || (merged_when && now - *merged_when < kEvery)) {
      continue;
    }
    int steps = 0;
    bool finished = false;
    std::uint64_t expected = now_version;
    while (!stop_ && store::data_version() == expected) {
      const auto more = store_.search().merge_similarity_index(kPages);
      if (!more.ok()) {
        if (!stop_) spdlog::warn("similarity index not merged: {}", more.error().message);
        break;
      }
      expected = store::data_version();  // its own step is a commit
      if (!*more) {
        finished = true;
        break;
      }
      ++steps;
    }
    if (steps > 0) {
      spdlog::info("similarity index merged in {} steps{}", steps,
                   finished ? "" : ", stopped for other writes");
    }
    if (finished) {
      merged_at = expected;
      merged_when = now;
    }
    seen = store::data_version();
  }
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
