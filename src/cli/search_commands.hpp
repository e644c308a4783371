// The search commands: `doithoai reindex` (full-text index and similarity signatures),
// `doithoai dedup` (groups of likely duplicates in the backlog) and `doithoai train` (the field
// model, with its accuracy on held-out matters); and what `serve` keeps up in the background.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cli/commands.hpp"
#include "cli/config.hpp"

namespace CLI {
class App;
}
namespace doithoai::store {
class Store;
}

namespace doithoai::cli {

// Adds the subcommands to the app; after parsing, the returned function runs the one chosen
// (its exit code) or returns nothing when none of them was.
std::function<std::optional<int>()> add_search_commands(CLI::App& app, const Options& options);

// The field model's file: [search] model_path, or beside the database.
std::string model_path(const Config& config);

// For `serve`: signs the matters that have no similarity signature yet (demo data, matters
// written by an older version), then retrains the field model every [search] retrain_hours on
// a thread of its own. Stops (abandoning a training in progress) when destroyed.
class SearchUpkeep {
 public:
  SearchUpkeep(store::Store& store, const Config& config);
  ~SearchUpkeep();
  SearchUpkeep(const SearchUpkeep&) = delete;
  SearchUpkeep& operator=(const SearchUpkeep&) = delete;

 private:
  void loop();

  store::Store& store_;
  Config config_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace doithoai::cli
