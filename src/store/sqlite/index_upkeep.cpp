#include "store/sqlite/index_upkeep.hpp"

namespace doithoai::store::sqlite {

namespace {

// The intake's counter rows of migration 17: each pending matter or submission gives the rows
// migration 14's triggers would have upserted one by one, added up per counter and per year and
// month bucket.
constexpr const char* kReportIntake =
    "INSERT INTO report_counts (unit_code, dim, bucket, value, agency_code, matters, "
    "submissions, people) "
    "SELECT unit_code, dim, CASE b.month WHEN 0 THEN CAST(substr(on_date, 1, 4) AS INTEGER) "
    "ELSE 1000000 + CAST(substr(on_date, 1, 4) || substr(on_date, 6, 2) AS INTEGER) END, "
    "value, agency_code, sum(m), sum(s), sum(p) FROM ("
    "SELECT unit_code, agency_code, on_date, 'kind' AS dim, kind AS value, matters AS m, "
    "submissions AS s, people AS p FROM report_intake_pending WHERE counted "
    "UNION ALL SELECT unit_code, agency_code, on_date, 'field', field, matters, submissions, "
    "people FROM report_intake_pending WHERE counted "
    "UNION ALL SELECT unit_code, agency_code, on_date, 'channel', channel, matters, "
    "submissions, people FROM report_intake_pending WHERE counted "
    "UNION ALL SELECT unit_code, agency_code, on_date, 'status', status, matters, submissions, "
    "people FROM report_intake_pending WHERE counted "
    "UNION ALL SELECT unit_code, agency_code, on_date, 'open', kind, 1, 0, 0 "
    "FROM report_intake_pending WHERE open "
    "UNION ALL SELECT unit_code, agency_code, on_date, 'intake', intake, 1, 0, 0 "
    "FROM report_intake_pending WHERE intake IS NOT NULL "
    "UNION ALL SELECT unit_code, agency_code, ended_on, ended_dim, '', 1, 0, 0 "
    "FROM report_intake_pending WHERE ended_dim IS NOT NULL "
    "UNION ALL SELECT unit_code, agency_code, on_date, 'received', '', 0, 1, 0 "
    "FROM report_intake_pending WHERE submissions = 1 "
    "UNION ALL SELECT unit_code, agency_code, on_date, 'first', '', 0, 1, 0 "
    "FROM report_intake_pending WHERE first_prev IS NOT NULL "
    "UNION ALL SELECT unit_code, agency_code, first_prev, 'first', '', 0, -1, 0 "
    "FROM report_intake_pending WHERE first_prev <> ''"
    ") AS r, (SELECT 0 AS month UNION ALL SELECT 1) AS b "
    "GROUP BY 1, 2, 3, 4, 5 HAVING sum(m) <> 0 OR sum(s) <> 0 OR sum(p) <> 0 "
    "ON CONFLICT DO UPDATE SET matters = matters + excluded.matters, "
    "submissions = submissions + excluded.submissions, people = people + excluded.people";

}  // namespace

Expected<void> flush_pending_work(Connection& c) {
  TRY(c.exec_cached(kReportIntake));
  return c.exec_cached("DELETE FROM report_intake_pending");
}

Expected<void> forget_indexed_changes(Connection& c, std::int64_t applied) {
  // The row at `applied` stays: the log's newest seq never falls below the index's mark, which
  // is how the indexer knows the database was not replaced by an older copy.
  auto q = TRY(c.cached("DELETE FROM search_changes WHERE seq < ?"));
  return q->bind(1, applied).run();
}

}  // namespace doithoai::store::sqlite
