// The configuration: defaults, then the TOML file (--config), then command-line flags.
#pragma once

#include <optional>
#include <string>

#include "domain/result.hpp"
#include "http/server.hpp"

namespace doithoai::cli {

struct Config {
  std::string db_path = "doithoai.db";
  std::string data_dir;  // empty: ./data, else <binary>/../data
  http::ServerConfig server;
  // [security]
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  bool cookie_secure = false;
  int login_burst = 10;
  double login_per_minute = 10.0;
  int hash_threads = 2;
  std::string key_file;  // empty: <db_path>.key
  int public_submission_burst = 20;
  double public_submission_per_minute = 10.0;
  // [search]
  std::string model_path;            // empty: <db_path>.fasttext.bin
  int retrain_hours = 24;            // serve retrains the field model this often; 0: never
  int min_training_examples = 1000;  // fewer classified matters: the lexicon is used
};

// Reads a TOML file over the defaults in `config`. Unknown keys are errors, so a typo in a
// setting does not pass silently.
Expected<void> load_config_file(const std::string& path, Config& config);
// "HOST:PORT" (IPv4 or a name) or "[v6]:PORT".
Expected<void> parse_listen(const std::string& listen, http::ServerConfig& server);
// The data directory to use: the configured one, ./data, or the one beside the binary.
std::string resolve_data_dir(const std::string& configured, const char* argv0);
// The web's CSS and JavaScript: the configured directory, ./src/web/static, or the one beside
// the binary's parent (build/doithoai -> src/web/static); empty when none exists.
std::string resolve_static_dir(const std::string& configured, const char* argv0);

}  // namespace doithoai::cli
