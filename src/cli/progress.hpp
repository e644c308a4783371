// Progress of a long command on stderr: a bar redrawn in place on a terminal, plain lines (at
// most one per 10%) otherwise, so that logs and pipes stay readable.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace doithoai::cli {

class Progress {
 public:
  Progress(std::string label, std::uint64_t total)
      : label_(std::move(label)), total_(total), tty_(::isatty(STDERR_FILENO) == 1) {}
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::uint64_t done) {
    if (finished_) return;
    const int percent = total_ == 0 ? 100 : static_cast<int>(done * 100 / total_);
    if (tty_) {
      const auto now = std::chrono::steady_clock::now();
      if (percent == last_ && now - drawn_ < std::chrono::milliseconds(200)) return;
      drawn_ = now;
      constexpr int kWidth = 30;
      const int filled = percent * kWidth / 100;
      std::fprintf(stderr, "\r%s [%s%s] %3d%% (%llu/%llu)", label_.c_str(),
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(kWidth - filled), ' ').c_str(), percent,
                   static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_));
    } else if (percent / 10 != last_ / 10 || last_ < 0) {
      std::fprintf(stderr, "%s: %d%% (%llu/%llu)\n", label_.c_str(), percent,
                   static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_));
    }
    last_ = percent;
  }

  void finish() {
    if (finished_) return;
    if (last_ < 100) update(total_);
    finished_ = true;
    if (tty_) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  std::string label_;
  std::uint64_t total_;
  bool tty_;
  bool finished_ = false;
  int last_ = -1;
  std::chrono::steady_clock::time_point drawn_{};
};

}  // namespace doithoai::cli
