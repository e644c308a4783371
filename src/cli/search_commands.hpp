// The search commands: `doithoai reindex` (full-text index and similarity signatures),
// `doithoai dedup` (groups of likely duplicates in the backlog) and `doithoai train` (the field
// model, with its accuracy on held-out matters); and what `serve` keeps up in the background.
#pragma once

#include <atomic>
#include <chrono>
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
// a thread of its own; on another, merges the similarity index into one segment
// (SearchStore::merge_similarity_index, on the search indexer's thread) once no write has come
// for 30 s, at most once an hour, a step at a time, giving way to any other write. Stops
// (abandoning a training or a merge in progress) when destroyed.
class SearchUpkeep {
 public:
  SearchUpkeep(store::Store& store, const Config& config);
  ~SearchUpkeep();
  SearchUpkeep(const SearchUpkeep&) = delete;
  SearchUpkeep& operator=(const SearchUpkeep&) = delete;

 private:
  void loop();
  void merge_loop();
  bool wait(std::chrono::steady_clock::duration d);  // false once stopping

  store::Store& store_;
  Config config_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::thread merge_thread_;
};

}  // namespace doithoai::cli
