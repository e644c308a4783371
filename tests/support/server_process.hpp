// Runs the real doithoai binary for integration tests: a fresh database file in a temporary
// directory, an ephemeral port read from the server's own "serving" line, readiness by polling
// /healthz, and SIGTERM to stop. Also runs CLI commands against the same database.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/http_client.hpp"

namespace doithoai::testsupport {

inline std::filesystem::path make_temp_dir(const std::string& prefix) {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir;
}

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `doithoai args...` with optional stdin; captures stdout and stderr.
inline CommandResult run_cli(const std::vector<std::string>& args, const std::string& input = {}) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
    throw std::runtime_error("pipe");
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      close(fd);
    }
    std::vector<char*> argv;
    std::string binary = DOITHOAI_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (!input.empty()) {
    [[maybe_unused]] auto n = write(in_pipe[1], input.data(), input.size());
  }
  close(in_pipe[1]);
  CommandResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    if (poll(fds, 2, 120000) <= 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP)) == 0) continue;
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

class ServerProcess {
 public:
  // Starts `doithoai serve` on 127.0.0.1 with an ephemeral port and waits until /healthz answers.
  explicit ServerProcess(std::filesystem::path db, std::vector<std::string> extra_args = {})
      : db_(std::move(db)) {
    int out_pipe[2];
    if (pipe(out_pipe) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out_pipe[1], 1);
      close(out_pipe[0]);
      close(out_pipe[1]);
      std::vector<std::string> args = {
          DOITHOAI_BINARY, "serve",       "--db",       db_.string(),
          "--listen",      "127.0.0.1:0", "--data-dir", std::string(DOITHOAI_SOURCE_DIR) + "/data"};
      for (auto& a : extra_args) args.push_back(a);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out_pipe[1]);
    out_fd_ = out_pipe[0];
    port_ = read_port();
    wait_ready();
  }

  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& output() const { return output_; }

  // SIGTERM and wait; returns the exit code (or 128 + signal).
  int stop(int sig = SIGTERM) {
    if (pid_ <= 0) return exit_code_;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    drain();
    if (out_fd_ >= 0) close(out_fd_);
    out_fd_ = -1;
    pid_ = -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
  }

 private:
  unsigned short read_port() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    const std::string marker = "serving http://127.0.0.1:";
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{out_fd_, POLLIN, 0};
      if (poll(&fd, 1, 1000) > 0) {
        char buf[4096];
        const ssize_t n = read(out_fd_, buf, sizeof buf);
        if (n <= 0) break;
        output_.append(buf, static_cast<std::size_t>(n));
        const auto at = output_.find(marker);
        if (at != std::string::npos) {
          const auto start = at + marker.size();
          const auto end = output_.find_first_not_of("0123456789", start);
          if (end != std::string::npos) {
            return static_cast<unsigned short>(std::stoi(output_.substr(start, end - start)));
          }
        }
      }
    }
    throw std::runtime_error("server did not start: " + output_);
  }

  void wait_ready() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        HttpClient client(port_);
        if (client.request("GET", "/healthz").status == 200) return;
      } catch (const std::exception&) {
      }
      pollfd none{-1, 0, 0};
      poll(&none, 0, 20);  // back off between polls, not a wait for readiness
    }
    throw std::runtime_error("server not ready");
  }

  void drain() {
    if (out_fd_ < 0) return;
    fcntl(out_fd_, F_SETFL, O_NONBLOCK);
    char buf[4096];
    ssize_t n;
    while ((n = read(out_fd_, buf, sizeof buf)) > 0)
      output_.append(buf, static_cast<std::size_t>(n));
  }

  std::filesystem::path db_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  unsigned short port_ = 0;
  int exit_code_ = -1;
  std::string output_;
};

}  // namespace doithoai::testsupport
