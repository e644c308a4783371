// One real server per test suite: a fresh database file, accounts made with the CLI, bearer
// tokens for each role, and helpers to call the API and read the event log.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace doithoai::testsupport {

using json = nlohmann::json;

inline const std::string kDataDir = std::string(DOITHOAI_SOURCE_DIR) + "/data";

// Runs the CLI against a database, always with the project's data directory.
inline CommandResult cli(const std::filesystem::path& db, std::vector<std::string> args,
                         const std::string& input = {}) {
  args.insert(args.end(), {"--db", db.string(), "--data-dir", kDataDir});
  return run_cli(args, input);
}

struct Account {
  Account(std::string u, std::string r, std::string flag, std::string code, std::string pw = {})
      : username(std::move(u)),
        role(std::move(r)),
        scope_flag(std::move(flag)),
        scope_code(std::move(code)),
        password(std::move(pw)) {}
  std::string username;
  std::string role;
  std::string scope_flag;  // "--unit" or "--agency"
  std::string scope_code;
  std::string password;  // empty: LiveServer::password(username)
};

class LiveServer {
 public:
  explicit LiveServer(const std::vector<Account>& accounts,
                      std::vector<std::string> serve_args = {})
      : dir_(make_temp_dir("doithoai-it")), db_(dir_ / "test.db") {
    auto init = cli(db_, {"init"});
    if (init.exit_code != 0) throw std::runtime_error("init failed: " + init.err);
    for (const auto& a : accounts) {
      auto add = cli(db_,
                     {"user", "add", "--username", a.username, "--role", a.role, a.scope_flag,
                      a.scope_code, "--password-stdin"},
                     (a.password.empty() ? password(a.username) : a.password) + "\n");
      if (add.exit_code != 0) throw std::runtime_error("user add failed: " + add.err);
      auto token = cli(db_, {"token", "create", "--username", a.username});
      if (token.exit_code != 0) throw std::runtime_error("token failed: " + token.err);
      auto t = token.out;
      while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
      tokens_[a.username] = t;
    }
    server_ = std::make_unique<ServerProcess>(db_, serve_args);
  }
  ~LiveServer() {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static std::string password(const std::string& username) { return "pw-" + username + "-12345"; }

  unsigned short port() const { return server_->port(); }
  const std::filesystem::path& db() const { return db_; }
  const std::filesystem::path& dir() const { return dir_; }
  ServerProcess& process() { return *server_; }
  const std::string& token(const std::string& username) const { return tokens_.at(username); }

  HttpResponse call(const std::string& method, const std::string& path, const std::string& as = {},
                    const std::string& body = {},
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpClient client(port());
    if (!as.empty()) headers.emplace_back("Authorization", "Bearer " + token(as));
    if (!body.empty() && !has(headers, "Content-Type")) {
      headers.emplace_back("Content-Type", "application/json");
    }
    return client.request(method, path, headers, body);
  }

  json get_json(const std::string& path, const std::string& as) {
    auto r = call("GET", path, as);
    if (r.status != 200)
      throw std::runtime_error(path + " -> " + std::to_string(r.status) + " " + r.body);
    return json::parse(r.body);
  }

  // The id of the newest event, to show that a refused request changed nothing.
  long long last_event_id(const std::string& admin) {
    auto events = get_json("/api/v1/events?limit=1", admin);
    return events["items"].empty() ? 0 : events["items"][0]["id"].get<long long>();
  }

 private:
  static bool has(const std::vector<std::pair<std::string, std::string>>& headers,
                  const std::string& name) {
    for (const auto& [k, v] : headers) {
      if (k == name) return true;
    }
    return false;
  }

  std::filesystem::path dir_;
  std::filesystem::path db_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ServerProcess> server_;
};

inline json error_of(const HttpResponse& r) {
  return json::parse(r.body).at("error");
}

}  // namespace doithoai::testsupport
