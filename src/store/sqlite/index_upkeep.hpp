// The search indexes' deferred work (migration 10). Writes to matters, submissions, answers and
// signatures take a matter's documents out of the FTS5 indexes and note it as pending; this
// puts every pending document back, once per transaction. The writer runs it just before each
// group COMMIT; code that manages its own transaction (bulk load, migrations) and changes those
// tables runs it itself.
#pragma once

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

// Indexes the pending matters as they are now and empties the pending lists.
Expected<void> flush_index_work(Connection& c);

// Forgets an index's pending list: after that index was rebuilt from scratch in this
// transaction, it already holds every document as it is now.
enum class SearchIndex { text, lsh };
Expected<void> forget_index_work(Connection& c, SearchIndex index);

}  // namespace doithoai::store::sqlite
