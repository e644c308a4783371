// The writer's deferred work. A new matter or submission notes its report counters as pending
// (migration 17); this adds the pending counters up into report_counts, once per transaction.
// The writer runs it just before each group COMMIT; code that manages its own transaction (bulk
// load, migrations) and changes those tables runs it itself.
#pragma once

#include <cstdint>

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

// Counts the pending intake and empties its list.
Expected<void> flush_pending_work(Connection& c);

// Deletes the search index's log (search_changes, migration 19) up to `applied`, the newest
// change the index file holds (search_index.hpp).
Expected<void> forget_indexed_changes(Connection& c, std::int64_t applied);

}  // namespace doithoai::store::sqlite
