// A number that changes with every commit of this process's writers, so that something computed
// from the database can be reused until the data under it may have changed (the staff list's
// response cache in api/matters.cpp). Raised after a COMMIT returns and before the units of
// the commit are answered: a client that saw its write acknowledged never reads a value from
// before it. One counter for the whole process: several stores only make it change more often.
#pragma once

#include <atomic>
#include <cstdint>

namespace doithoai::store {

namespace detail {
inline std::atomic<std::uint64_t> data_version{0};
}  // namespace detail

inline std::uint64_t data_version() noexcept {
  return detail::data_version.load(std::memory_order_acquire);
}

inline void note_commit() noexcept {
  detail::data_version.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace doithoai::store
