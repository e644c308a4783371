// How the SQLite store runs its operations: reads on a borrowed reader inside one read
// transaction (a consistent snapshot that never blocks the writer), writes as one unit of work
// on the group-committing writer.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/writer.hpp"

namespace doithoai::store::sqlite {

// f(c), an exception from it turned into an internal error.
template <typename F>
auto guarded_read(F& f, Connection& c) -> std::invoke_result_t<F&, Connection&> {
  try {
    return f(c);
  } catch (const std::exception& e) {
    return internal_error(std::string("Lỗi không lường trước khi đọc dữ liệu: ") + e.what());
  } catch (...) {
    return internal_error("Lỗi không lường trước khi đọc dữ liệu");
  }
}

// Ends a read transaction, if one is open.
inline void end_read(Connection& c) {
  if (c.in_transaction() && !c.exec_cached("COMMIT").ok()) {
    (void)c.exec("ROLLBACK");
  }
}

// Runs f on a borrowed reader inside one read transaction.
template <typename F>
auto read_snapshot(ReaderPool& readers, F&& f) -> std::invoke_result_t<F, Connection&> {
  auto lease = readers.borrow();
  if (!lease.ok()) {
    return std::move(lease).error();
  }
  Connection& c = **lease;
  if (auto begun = c.exec_cached("BEGIN"); !begun.ok()) {
    return std::move(begun).error();
  }
  auto result = guarded_read(f, c);
  end_read(c);
  return result;
}

// Runs f as one unit of work on the writer; T is what f yields once committed.
template <typename T, typename F>
Expected<T> write_unit(Writer& writer, F&& f) {
  std::optional<T> out;
  TRY(writer.submit([&](Connection& c) -> Expected<void> {
    out = TRY(f(c));
    return {};
  }));
  return std::move(*out);
}

// Runs f as one unit of work on the writer without waiting; done gets what f yielded (or the
// error) on the writer's thread once committed. f and done are copied into the writer's queue.
template <typename T, typename F, typename Done>
void write_unit_async(Writer& writer, F f, Done done) {
  auto out = std::make_shared<std::optional<T>>();
  writer.submit_async(
      [out, f = std::move(f)](Connection& c) -> Expected<void> {
        *out = TRY(f(c));
        return {};
      },
      [out, done = std::move(done)](Expected<void> result) {
        if (!result.ok()) {
          done(Expected<T>(std::move(result).error()));
        } else {
          done(Expected<T>(std::move(**out)));
        }
      });
}

}  // namespace doithoai::store::sqlite
