// Opening the configured database, shared by the command files (commands.cpp,
// search_commands.cpp).
#pragma once

#include <functional>
#include <memory>

#include "cli/commands.hpp"
#include "cli/config.hpp"
#include "domain/result.hpp"
#include "store/store.hpp"

namespace doithoai::cli {

struct Opened {
  Config config;
  std::unique_ptr<store::Store> store;
};

enum class Prepare { open_only, migrate_and_seed };

// Loads the configuration (file, then flags), the key file, and opens the store; with
// migrate_and_seed also migrates and seeds the reference data.
Expected<Opened> open(const Options& options, Prepare prepare, bool create,
                      std::function<void(double, int)> on_commit = {});

// Prints an error the way every command does: one line on stderr. Returns 1.
int fail(const Error& error);

}  // namespace doithoai::cli
