#include "cli/config.hpp"

#include <toml++/toml.h>
#include <filesystem>

namespace doithoai::cli {

namespace {

Error config_error(const std::string& message) {
  return invalid("bad_config", "Cấu hình không hợp lệ: " + message);
}

template <typename T>
Expected<void> read(const toml::table& table, std::string_view key, T& out) {
  const auto* node = table.get(key);
  if (node == nullptr) return {};
  if constexpr (std::is_same_v<T, bool>) {
    if (!node->is_boolean()) return config_error(std::string(key) + " phải là true/false");
    out = node->value<bool>().value();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!node->is_string()) return config_error(std::string(key) + " phải là chuỗi");
    out = node->value<std::string>().value();
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!node->is_number()) return config_error(std::string(key) + " phải là số");
    out = static_cast<T>(node->value<double>().value());
  } else {
    if (!node->is_integer()) return config_error(std::string(key) + " phải là số nguyên");
    const auto v = node->value<std::int64_t>().value();
    if (v < 0) return config_error(std::string(key) + " không được âm");
    out = static_cast<T>(v);
  }
  return {};
}

Expected<void> only_keys(const toml::table& table, std::string_view section,
                         std::initializer_list<std::string_view> keys) {
  for (const auto& [key, value] : table) {
    if (std::find(keys.begin(), keys.end(), key.str()) == keys.end()) {
      return config_error("khóa không được hỗ trợ: " + std::string(section) + "." +
                          std::string(key.str()));
    }
  }
  return {};
}

}  // namespace

Expected<void> parse_listen(const std::string& listen, http::ServerConfig& server) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return invalid("bad_listen", "Địa chỉ lắng nghe phải có dạng HOST:PORT, ví dụ 127.0.0.1:8080");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
      std::stoi(port) > 65535) {
    return invalid("bad_listen", "Cổng phải là số từ 0 đến 65535");
  }
  server.host = host;
  server.port = static_cast<unsigned short>(std::stoi(port));
  return {};
}

Expected<void> load_config_file(const std::string& path, Config& config) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return config_error(path + ": " + std::string(e.description()));
  }
  TRY(only_keys(root, "", {"server", "database", "security", "data", "search"}));
  if (const auto* server = root["server"].as_table()) {
    TRY(only_keys(*server, "server",
                  {"listen", "io_threads", "blocking_threads", "max_connections", "body_limit",
                   "header_limit", "read_timeout", "idle_timeout", "shutdown_grace", "static_dir",
                   "log_requests"}));
    std::string listen;
    TRY(read(*server, "listen", listen));
    if (!listen.empty()) TRY(parse_listen(listen, config.server));
    TRY(read(*server, "io_threads", config.server.io_threads));
    TRY(read(*server, "blocking_threads", config.server.blocking_threads));
    TRY(read(*server, "max_connections", config.server.max_connections));
    TRY(read(*server, "body_limit", config.server.body_limit));
    TRY(read(*server, "header_limit", config.server.header_limit));
    std::int64_t seconds = config.server.read_timeout.count();
    TRY(read(*server, "read_timeout", seconds));
    config.server.read_timeout = std::chrono::seconds(seconds);
    seconds = config.server.idle_timeout.count();
    TRY(read(*server, "idle_timeout", seconds));
    config.server.idle_timeout = std::chrono::seconds(seconds);
    seconds = config.server.shutdown_grace.count();
    TRY(read(*server, "shutdown_grace", seconds));
    config.server.shutdown_grace = std::chrono::seconds(seconds);
    TRY(read(*server, "static_dir", config.server.static_dir));
    TRY(read(*server, "log_requests", config.server.log_requests));
    if (config.server.io_threads < 1 || config.server.blocking_threads < 1) {
      return config_error("io_threads và blocking_threads phải lớn hơn 0");
    }
  }
  if (const auto* db = root["database"].as_table()) {
    TRY(only_keys(*db, "database", {"path"}));
    TRY(read(*db, "path", config.db_path));
  }
  if (const auto* sec = root["security"].as_table()) {
    TRY(only_keys(*sec, "security",
                  {"session_idle_minutes", "session_absolute_hours", "cookie_secure", "login_burst",
                   "login_per_minute", "hash_threads", "key_file", "public_submission_burst",
                   "public_submission_per_minute"}));
    TRY(read(*sec, "session_idle_minutes", config.session_idle_minutes));
    TRY(read(*sec, "session_absolute_hours", config.session_absolute_hours));
    TRY(read(*sec, "cookie_secure", config.cookie_secure));
    TRY(read(*sec, "login_burst", config.login_burst));
    TRY(read(*sec, "login_per_minute", config.login_per_minute));
    TRY(read(*sec, "hash_threads", config.hash_threads));
    TRY(read(*sec, "key_file", config.key_file));
    TRY(read(*sec, "public_submission_burst", config.public_submission_burst));
    TRY(read(*sec, "public_submission_per_minute", config.public_submission_per_minute));
  }
  if (const auto* search = root["search"].as_table()) {
    TRY(only_keys(*search, "search", {"model_path", "retrain_hours", "min_training_examples"}));
    TRY(read(*search, "model_path", config.model_path));
    TRY(read(*search, "retrain_hours", config.retrain_hours));
    TRY(read(*search, "min_training_examples", config.min_training_examples));
  }
  if (const auto* data = root["data"].as_table()) {
    TRY(only_keys(*data, "data", {"dir"}));
    TRY(read(*data, "dir", config.data_dir));
  }
  return {};
}

std::string resolve_data_dir(const std::string& configured, const char* argv0) {
  namespace fs = std::filesystem;
  if (!configured.empty()) return configured;
  if (fs::exists("data/units.tsv")) return "data";
  std::error_code ec;
  const auto exe = fs::canonical(argv0, ec);
  if (!ec) {
    const auto beside = exe.parent_path().parent_path() / "data";
    if (fs::exists(beside / "units.tsv")) return beside.string();
  }
  return "data";
}

std::string resolve_static_dir(const std::string& configured, const char* argv0) {
  namespace fs = std::filesystem;
  if (!configured.empty()) return configured;
  if (fs::exists("src/web/static/site.css")) return "src/web/static";
  std::error_code ec;
  const auto exe = fs::canonical(argv0, ec);
  if (!ec) {
    const auto beside = exe.parent_path().parent_path() / "src" / "web" / "static";
    if (fs::exists(beside / "site.css")) return beside.string();
  }
  return {};
}

}  // namespace doithoai::cli
