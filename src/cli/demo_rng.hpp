// The demo generators' random numbers: splitmix64, tiny and the same on every compiler and
// standard library, so a fixed seed gives every machine the same demo data.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace doithoai::cli {

class DemoRng {
 public:
  explicit DemoRng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In [lo, hi].
  int between(int lo, int hi) {
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return between(1, 100) <= percent; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[static_cast<std::size_t>(between(0, static_cast<int>(N) - 1))];
  }
  template <typename T>
  const T& pick(const std::vector<T>& a) {
    return a[static_cast<std::size_t>(between(0, static_cast<int>(a.size()) - 1))];
  }

 private:
  std::uint64_t s_;
};

}  // namespace doithoai::cli
