#include "store/sqlite/index_upkeep.hpp"

namespace doithoai::store::sqlite {

Expected<void> flush_index_work(Connection& c) {
  // One statement for each index, so FTS5 buffers the whole batch and writes one segment.
  TRY(
      c.exec_cached("INSERT INTO matter_search (rowid, title, body, answer) "
                    "SELECT s.id, s.title, s.body, s.answer FROM pending_search_docs p "
                    "JOIN matter_search_source s ON s.id = p.matter_id ORDER BY p.matter_id"));
  TRY(c.exec_cached("DELETE FROM pending_search_docs"));
  TRY(c.exec_cached(
      "INSERT INTO matter_lsh (rowid, lsh) SELECT s.matter_id, s.lsh FROM pending_lsh_docs p "
      "JOIN matter_signatures s ON s.matter_id = p.matter_id ORDER BY p.matter_id"));
  return c.exec_cached("DELETE FROM pending_lsh_docs");
}

Expected<void> forget_index_work(Connection& c, SearchIndex index) {
  return c.exec_cached(index == SearchIndex::text ? "DELETE FROM pending_search_docs"
                                                  : "DELETE FROM pending_lsh_docs");
}

}  // namespace doithoai::store::sqlite
