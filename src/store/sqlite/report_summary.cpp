// The aggregates of the summary report. Each query filters on the period and the scope and
// groups in SQL; the indexes they lean on are named beside them (see docs/architecture.md).
#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "domain/matter.hpp"
#include "store/sqlite/access.hpp"
#include "store/sqlite/reports.hpp"

namespace doithoai::store::sqlite {

namespace {

Error bad_value(std::string_view what, const std::string& value) {
  return internal_error(std::string("Giá trị không hợp lệ trong cơ sở dữ liệu (")
                            .append(what)
                            .append("): ")
                            .append(value));
}

Expected<Kind> kind_of(const Statement& q, int col) {
  const auto k = parse_kind(q.text(col));
  if (!k) return bad_value("kind", q.text(col));
  return *k;
}
Expected<Channel> channel_of(const Statement& q, int col) {
  const auto c = parse_channel(q.text(col));
  if (!c) return bad_value("channel", q.text(col));
  return *c;
}
Expected<Status> status_of(const Statement& q, int col) {
  const auto s = parse_status(q.text(col));
  if (!s) return bad_value("status", q.text(col));
  return *s;
}

std::string json_array(const std::vector<std::string>& codes) {
  std::string out = "[";
  for (const auto& c : codes) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char ch : c) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "]";
}

struct Bound {
  std::string from, to, units, agency, as_of;
  bool has_units = false;
  bool has_agency = false;
};

// The scope as SQL over the matters table aliased m: ?3 is a JSON array of unit codes, ?4 an
// agency code; ?1 and ?2 are the period. Each shape of scope is its own statement, so that the
// planner can pick matters_report_unit for a unit scope.
std::string scope_clause(const Bound& b) {
  std::string sql;
  if (b.has_units) sql.append(" AND m.unit_code IN (SELECT value FROM json_each(?3))");
  if (b.has_agency) sql.append(" AND m.agency_code = ?4");
  return sql;
}

// Binds the parameters a statement has (a query may leave out the start or end of the period).
void bind_common(Statement& s, const Bound& b) {
  const int n = sqlite3_bind_parameter_count(s.raw());
  if (n >= 1) s.bind(1, b.from);
  if (n >= 2) s.bind(2, b.to);
  if (b.has_units) s.bind(3, b.units);
  if (b.has_agency) s.bind(4, b.agency);
}

// Groups the rows (unit, field, agency, kind, channel, status, head count) of a query into
// cells in memory, in the order GROUP BY 1..6 would give. SQLite's GROUP BY sorts every row on
// the six text columns: at 100,000 matters that took ten times as long as reading the covering
// index; a hash of the few thousand distinct cells does not.
Expected<std::vector<ReportCell>> grouped_cells(Statement& q) {
  std::unordered_map<std::string, std::size_t> at;
  std::vector<std::pair<std::string, ReportCell>> cells;
  std::string key;
  sqlite3_stmt* st = q.raw();
  while (TRY(q.step())) {
    key.clear();
    for (int i = 0; i < 6; ++i) {
      const auto* p = sqlite3_column_text(st, i);
      if (p != nullptr) {
        key.append(reinterpret_cast<const char*>(p),
                   static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
      }
      key.push_back('\x1f');
    }
    const auto [it, fresh] = at.try_emplace(key, cells.size());
    if (fresh) {
      ReportCell cell;
      cell.unit_code = q.text(0);
      cell.field_code = q.text(1);
      cell.agency_code = q.text(2);
      cell.kind = TRY(kind_of(q, 3));
      cell.channel = TRY(channel_of(q, 4));
      cell.status = TRY(status_of(q, 5));
      cells.emplace_back(key, std::move(cell));
    }
    ReportCell& cell = cells[it->second].second;
    cell.count += 1;
    cell.people += sqlite3_column_int64(st, 6);
  }
  std::sort(cells.begin(), cells.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<ReportCell> out;
  out.reserve(cells.size());
  for (auto& [k, cell] : cells) out.push_back(std::move(cell));
  return out;
}

// Matters received in the period, merged ones left out. Index: matters_report_unit
// (migration 7), one range per unit of the scope, which covers every column read.
Expected<std::vector<ReportCell>> matter_cells(Connection& c, const Bound& b) {
  auto q = TRY(c.cached(
      std::string("SELECT m.unit_code, coalesce(m.field_code, ''), coalesce(m.agency_code, ''), "
                  "m.kind, m.channel, m.status, m.head_count FROM matters m "
                  "WHERE m.received_on BETWEEN ?1 AND ?2 AND m.status <> 'merged'")
          .append(scope_clause(b))));
  bind_common(*q, b);
  return grouped_cells(*q);
}

// Submissions received in the period, with their matter's dimensions and their own channel.
// A merge moves submissions to the matter they were merged into, so none belongs to a merged
// matter. Indexes: submissions_report, and matters_report_id for the matter's dimensions (or,
// for a small scope, matters_report_unit then submissions_matter).
Expected<std::vector<ReportCell>> submission_cells(Connection& c, const Bound& b) {
  auto q = TRY(c.cached(
      std::string("SELECT m.unit_code, coalesce(m.field_code, ''), coalesce(m.agency_code, ''), "
                  "m.kind, s.channel, m.status, s.head_count FROM submissions s "
                  "JOIN matters m ON m.id = s.matter_id "
                  "WHERE s.received_on BETWEEN ?1 AND ?2 AND m.status <> 'merged'")
          .append(scope_clause(b))));
  bind_common(*q, b);
  return grouped_cells(*q);
}

// Resolve deadlines met in the period, on time or late (matter_deadlines has the met date and
// the due date side by side), and the matters overdue as of as_of (matters_next_due).
Expected<std::vector<TimelinessCell>> timeliness(Connection& c, const Bound& b) {
  std::map<std::pair<std::string, Kind>, TimelinessCell> cells;
  auto cell_for = [&](std::string agency, Kind kind) -> TimelinessCell& {
    auto& cell = cells[{agency, kind}];
    cell.agency_code = std::move(agency);
    cell.kind = kind;
    return cell;
  };
  {
    auto q = TRY(c.cached(
        std::string("SELECT coalesce(m.agency_code, ''), m.kind, sum(d.met_on <= d.due_on), "
                    "sum(d.met_on > d.due_on) FROM matter_deadlines d "
                    "JOIN matters m ON m.id = d.matter_id "
                    "WHERE d.step = 'resolve' AND d.met_on BETWEEN ?1 AND ?2 "
                    "AND m.status <> 'merged'")
            .append(scope_clause(b))
            .append(" GROUP BY 1, 2")));
    bind_common(*q, b);
    while (TRY(q->step())) {
      auto& cell = cell_for(q->text(0), TRY(kind_of(*q, 1)));
      cell.on_time = q->int64(2);
      cell.late = q->int64(3);
    }
  }
  {
    auto q = TRY(
        c.cached(std::string("SELECT coalesce(m.agency_code, ''), m.kind, count(*) FROM matters m "
                             "WHERE m.next_due_on < ?5 AND m.received_on <= ?2 "
                             "AND m.status <> 'merged'")
                     .append(scope_clause(b))
                     .append(" GROUP BY 1, 2")));
    bind_common(*q, b);
    q->bind(5, b.as_of);
    while (TRY(q->step())) {
      cell_for(q->text(0), TRY(kind_of(*q, 1))).overdue = q->int64(2);
    }
  }
  std::vector<TimelinessCell> out;
  out.reserve(cells.size());
  for (auto& [key, cell] : cells) out.push_back(std::move(cell));
  return out;
}

Expected<std::vector<OverdueMatter>> overdue_list(Connection& c, const Bound& b, int limit) {
  // The first `limit` ids are chosen from a covering index; only their rows are read (sorting
  // the whole rows of every overdue matter read each one's title).
  auto q = TRY(c.cached(
      std::string("SELECT m.id, m.tracking_code, m.title, m.unit_code, "
                  "coalesce(m.agency_code, ''), m.kind, m.status, m.received_on, m.next_due_on "
                  "FROM matters m WHERE m.id IN (SELECT m.id FROM matters m "
                  "WHERE m.next_due_on < ?5 AND m.received_on <= ?2 AND m.status <> 'merged'")
          .append(scope_clause(b))
          .append(" ORDER BY m.next_due_on, m.id LIMIT ?6) ORDER BY m.next_due_on, m.id")));
  bind_common(*q, b);
  q->bind(5, b.as_of).bind(6, limit);
  std::vector<OverdueMatter> out;
  while (TRY(q->step())) {
    OverdueMatter m;
    m.id = q->int64(0);
    m.tracking_code = q->text(1);
    m.title = q->text(2);
    m.unit_code = q->text(3);
    m.agency_code = q->text(4);
    m.kind = TRY(kind_of(*q, 5));
    m.status = TRY(status_of(*q, 6));
    m.received_on = TRY(q->date(7));
    m.due_on = TRY(q->date(8));
    out.push_back(std::move(m));
  }
  return out;
}

Expected<IntakeFigures> intake(Connection& c, const Bound& b) {
  IntakeFigures f;
  {
    // Lượt received, and those that are not the first of their matter. submissions_matter
    // (matter_id, received_on, id) answers the "earlier one" probe.
    auto q = TRY(c.cached(
        std::string("SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM submissions e "
                    "WHERE e.matter_id = s.matter_id AND (e.received_on < s.received_on OR "
                    "(e.received_on = s.received_on AND e.id < s.id)))), 0) "
                    "FROM submissions s JOIN matters m ON m.id = s.matter_id "
                    "WHERE s.received_on BETWEEN ?1 AND ?2")
            .append(scope_clause(b))));
    bind_common(*q, b);
    if (TRY(q->step())) {
      f.received = q->int64(0);
      f.duplicates = q->int64(1);
    }
  }
  {
    // Matters first received in the period, split as the form asks.
    auto q = TRY(c.cached(std::string(R"sql(
SELECT count(*),
  coalesce(sum(status = 'merged'), 0),
  coalesce(sum(status <> 'merged' AND refusal_ground <> ''), 0),
  coalesce(sum(ok AND kind = 'khieu_nai'), 0),
  coalesce(sum(ok AND kind = 'to_cao'), 0),
  coalesce(sum(ok AND kind NOT IN ('khieu_nai', 'to_cao')), 0),
  coalesce(sum(ok AND head_count <= 1), 0),
  coalesce(sum(ok AND head_count > 1), 0),
  coalesce(sum(ok AND guided), 0),
  coalesce(sum(ok AND NOT guided AND (status = 'forwarded_up' OR from_higher)), 0)
FROM (SELECT m.kind, m.status, m.head_count, m.refusal_ground,
        m.status <> 'merged' AND m.refusal_ground = '' AS ok,
        EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide') AS guided,
        EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'from_higher')
          AS from_higher
      FROM matters m
      WHERE m.received_on BETWEEN ?1 AND ?2)sql")
                              .append(scope_clause(b))
                              .append(")")));
    bind_common(*q, b);
    if (TRY(q->step())) {
      f.new_matters = q->int64(0);
      f.merged = q->int64(1);
      f.refused = q->int64(2);
      f.complaints = q->int64(3);
      f.denunciations = q->int64(4);
      f.petitions = q->int64(5);
      f.one_signer = q->int64(6);
      f.many_signers = q->int64(7);
      f.guided = q->int64(8);
      f.forwarded_up = q->int64(9);
    }
    f.eligible = f.new_matters - f.merged - f.refused;
    f.within_competence = f.eligible - f.guided - f.forwarded_up;
  }
  {
    auto q = TRY(c.cached(std::string(R"sql(
SELECT count(*) FROM matters m
WHERE m.received_on < ?1 AND m.status <> 'merged'
  AND (m.answered_on IS NULL OR m.answered_on >= ?1)
  AND NOT EXISTS (SELECT 1 FROM matter_deadlines d
                  WHERE d.matter_id = m.id AND d.step = 'resolve' AND d.met_on < ?1))sql")
                              .append(scope_clause(b))));
    bind_common(*q, b);
    if (TRY(q->step())) f.carried_over = q->int64(0);
  }
  return f;
}

class SqliteReportStore final : public ReportStore {
 public:
  explicit SqliteReportStore(ReaderPool& readers) : readers_(readers) {}

  Expected<ReportData> summary_data(const ReportFilter& filter) override {
    const Bound b{filter.from.iso(),          filter.to.iso(),    json_array(filter.unit_codes),
                  filter.agency_code,         filter.as_of.iso(), !filter.unit_codes.empty(),
                  !filter.agency_code.empty()};
    return read_snapshot(readers_, [&](Connection& c) -> Expected<ReportData> {
      ReportData d;
      d.matters = TRY(matter_cells(c, b));
      d.submissions = TRY(submission_cells(c, b));
      d.timeliness = TRY(timeliness(c, b));
      for (const auto& t : d.timeliness) d.overdue_total += t.overdue;
      d.overdue = TRY(overdue_list(c, b, std::max(0, filter.overdue_limit)));
      d.intake = TRY(intake(c, b));
      return d;
    });
  }

 private:
  ReaderPool& readers_;
};

}  // namespace

std::unique_ptr<ReportStore> make_report_store(ReaderPool& readers) {
  return std::make_unique<SqliteReportStore>(readers);
}

}  // namespace doithoai::store::sqlite
