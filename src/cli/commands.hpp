// The subcommands. Each returns the process exit code: 0 on success, 1 when the operation
// failed (the reason on stderr), 2 for a usage error.
#pragma once

#include <memory>
#include <string>

#include "domain/result.hpp"

namespace doithoai::store {
class Store;
}

namespace doithoai::cli {

struct Options {
  std::string argv0;
  std::string db_path;  // empty: from the config, else ./doithoai.db
  std::string config_path;
  std::string data_dir;
  std::string listen;
  bool demo = false;
  bool log_requests = false;
};

struct UserAddOptions {
  std::string username, display_name, role, agency, unit;
  bool password_stdin = false;
};

struct HolidayOptions {
  std::string date, name, source;
  bool working_day = false;
  int year = 0;
};

int cmd_serve(const Options& options);
int cmd_init(const Options& options);
int cmd_migrate(const Options& options);
int cmd_user_add(const Options& options, const UserAddOptions& user);
int cmd_user_list(const Options& options);
int cmd_token_create(const Options& options, const std::string& username, const std::string& name);
int cmd_holiday_add(const Options& options, const HolidayOptions& holiday);
int cmd_holiday_list(const Options& options, const HolidayOptions& holiday);
int cmd_holiday_remove(const Options& options, const HolidayOptions& holiday);
struct RuleOptions {
  std::string kind = "*", step, count = "working", from = "received", valid_from, source;
  int days = 0, extension_days = 0, max_extensions = 0;
  bool unconfirmed = false;
};

int cmd_rule_list(const Options& options);
int cmd_rule_add(const Options& options, const RuleOptions& rule);
int cmd_backup(const Options& options, const std::string& to);

// Prints an error the way every command does: one line on stderr; returns 1.
int fail(const Error& error);
// Opens an existing database (no migration, no seeding) for a command that reads it.
Expected<std::unique_ptr<store::Store>> open_store(const Options& options);
int cmd_check(const Options& options);

}  // namespace doithoai::cli
