// Two independent reads at once: each borrows its own connection of the reader pool, so a page
// that needs both (the reports dashboard: matters, dialogues, the monthly series) takes about as
// long as the longer one instead of their sum on a machine with more than one core. Neither
// side may hold a lease of the pool while it waits for the other.
#pragma once

#include <future>
#include <system_error>
#include <utility>

namespace doithoai::store {

// Runs `side` on a thread of its own while `main` runs on this one, and returns main's result
// once both have finished (side's result is left where side puts it). When no thread can be
// started, side runs first on this one.
template <typename Side, typename Main>
auto alongside(Side&& side, Main&& main) -> decltype(main()) {
  std::future<void> other;
  try {
    other = std::async(std::launch::async, std::forward<Side>(side));
  } catch (const std::system_error&) {
    side();
  }
  // The future of std::async waits for its thread when destroyed, also if main throws.
  auto result = main();
  if (other.valid()) other.get();
  return result;
}

}  // namespace doithoai::store
