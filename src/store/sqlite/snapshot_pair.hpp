// One read snapshot on two connections, so that a long read can be cut in two parts that run at
// once. SQLite (as Debian builds it) cannot open a given snapshot on a second connection, so the
// pair is checked instead: every state change writes an Event in its own transaction, and two
// read transactions whose newest Event is the same see the same state of everything the Events
// describe. When the check fails (a commit landed between the two first reads) or no second
// connection is idle, both parts run one after the other on one connection.
#pragma once

#include <cstdint>
#include <utility>

#include "domain/result.hpp"
#include "store/alongside.hpp"
#include "store/sqlite/access.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/reader_pool.hpp"

namespace doithoai::store::sqlite {

namespace snapshot_detail {

// Begins a read transaction and pins its snapshot with a first read: the newest Event's id.
inline Expected<std::int64_t> begin_at_newest_event(Connection& c) {
  TRY(c.exec_cached("BEGIN"));
  auto q = TRY(c.cached("SELECT coalesce(max(id), 0) FROM events"));
  return TRY(q->step()) ? q->int64(0) : 0;
}

}  // namespace snapshot_detail

// Runs first(c) and second(c) (each Expected<void>(Connection&)) on the same committed state:
// at once on two readers when it can, else one after the other on one. The first error wins.
template <typename First, typename Second>
Expected<void> read_snapshot_pair(ReaderPool& readers, First&& first, Second&& second) {
  using namespace snapshot_detail;
  auto lease = readers.borrow();
  if (!lease.ok()) return std::move(lease).error();
  Connection& a = **lease;
  const auto newest = begin_at_newest_event(a);
  if (!newest.ok()) {
    end_read(a);
    return newest.error();
  }
  auto other = readers.try_borrow();
  bool together = false;
  if (other) {
    const auto also = begin_at_newest_event(**other);
    together = also.ok() && *also == *newest;
    if (!together) {
      end_read(**other);
      other.reset();
    }
  }
  Expected<void> one = {};
  Expected<void> two = {};
  if (together) {
    alongside([&] { two = guarded_read(second, **other); },
              [&] {
                one = guarded_read(first, a);
                return 0;
              });
    end_read(**other);
  } else {
    one = guarded_read(first, a);
    if (one.ok()) two = guarded_read(second, a);
  }
  end_read(a);
  if (!one.ok()) return one;
  return two;
}

}  // namespace doithoai::store::sqlite
