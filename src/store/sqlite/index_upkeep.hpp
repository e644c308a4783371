// The writer's deferred work. Writes to matters, submissions, answers and signatures take a
// matter's documents out of the FTS5 indexes and note it as pending (migration 10), and a new
// matter or submission notes its report counters as pending (migration 17); this puts every
// pending document back and adds the pending counters up into report_counts, once per
// transaction. The writer runs it just before each group COMMIT; code that manages its own
// transaction (bulk load, migrations) and changes those tables runs it itself.
#pragma once

#include "domain/result.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store::sqlite {

// Indexes the pending matters as they are now, counts the pending intake and empties the
// pending lists.
Expected<void> flush_pending_work(Connection& c);

// Forgets an index's pending list: after that index was rebuilt from scratch in this
// transaction, it already holds every document as it is now.
enum class SearchIndex { text, lsh };
Expected<void> forget_index_work(Connection& c, SearchIndex index);

}  // namespace doithoai::store::sqlite
