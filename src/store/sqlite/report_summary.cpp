// The aggregates of the summary report, two ways. By scan: each query reads every row of the
// period and scope (the indexes of migration 7 are named beside them); that is the reference,
// and what counts the days of a partial month at the edges of a period. From the counters of
// migration 9 (report_counts, kept by triggers in the same transaction as every write): whole
// years and months are a few rows per unit, dimension and value, whatever the number of
// matters. Both give the same figures (tests/store/sqlite_report_counts_test.cpp).
#include <algorithm>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "domain/matter.hpp"
#include "store/alongside.hpp"
#include "store/sqlite/access.hpp"
#include "store/sqlite/reports.hpp"
#include "store/sqlite/snapshot_pair.hpp"

namespace doithoai::store::sqlite {

namespace {

Error bad_value(std::string_view what, std::string_view value) {
  return internal_error(std::string("Giá trị không hợp lệ trong cơ sở dữ liệu (")
                            .append(what)
                            .append("): ")
                            .append(value));
}

Expected<Kind> kind_named(std::string_view code) {
  const auto k = parse_kind(code);
  if (!k) return bad_value("kind", code);
  return *k;
}
Expected<Kind> kind_of(const Statement& q, int col) {
  return kind_named(q.text_view(col));
}
Expected<Channel> channel_of(const Statement& q, int col) {
  const auto c = parse_channel(q.text_view(col));
  if (!c) return bad_value("channel", q.text(col));
  return *c;
}
Expected<Status> status_of(const Statement& q, int col) {
  const auto s = parse_status(q.text_view(col));
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

  // The same scope over other days.
  Bound over(const Date& first, const Date& last) const {
    Bound b = *this;
    b.from = first.iso();
    b.to = last.iso();
    return b;
  }
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

// ---- what both ways add up ----

// Strings looked up without being copied: a row's text is hashed where SQLite holds it.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using KeyIndex = std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>>;

// The figures as they are added up, row by row: tens of thousands of counter rows fold into a
// few thousand tallies, each found by hashing its key (unit, dimension and value; agency and
// kind) in one reused buffer. finish() puts them in order.
class Figures {
 public:
  IntakeFigures intake;  // the additive parts (received ... forwarded_up, carried_over)

  ReportTally& tally(std::string_view unit, ReportDimension d, std::string_view value) {
    key_.assign(unit).push_back('\x1f');
    key_.push_back(static_cast<char>('0' + static_cast<int>(d)));
    key_.append(value);
    if (const auto it = tally_at_.find(key_); it != tally_at_.end()) return tallies_[it->second];
    tally_at_.emplace(key_, tallies_.size());
    ReportTally& t = tallies_.emplace_back();
    t.unit_code = unit;
    t.dimension = d;
    t.value = value;
    return t;
  }
  // The timeliness of an agency's matters of a kind; overdue included.
  TimelinessCell& cell(std::string_view agency, Kind kind) {
    key_.assign(agency).push_back('\x1f');
    key_.push_back(static_cast<char>('0' + static_cast<int>(kind)));
    if (const auto it = cell_at_.find(key_); it != cell_at_.end()) return cells_[it->second];
    cell_at_.emplace(key_, cells_.size());
    TimelinessCell& c = cells_.emplace_back();
    c.agency_code = agency;
    c.kind = kind;
    return c;
  }

  const std::vector<ReportTally>& tallies() const { return tallies_; }
  const std::vector<TimelinessCell>& cells() const { return cells_; }
  std::vector<ReportTally>& tallies() { return tallies_; }
  std::vector<TimelinessCell>& cells() { return cells_; }

 private:
  std::vector<ReportTally> tallies_;
  std::vector<TimelinessCell> cells_;
  KeyIndex tally_at_;
  KeyIndex cell_at_;
  std::string key_;
};

// ---- by scan ----

// Matters or submissions sharing every dimension.
struct Cell {
  std::string unit_code, field_code, agency_code;
  Kind kind = Kind::phan_anh;
  Channel channel = Channel::online;
  Status status = Status::received;
  std::int64_t count = 0;
  std::int64_t people = 0;
};

// Groups the rows (unit, field, agency, kind, channel, status, head count) of a query into
// cells in memory. SQLite's GROUP BY sorts every row on the six text columns: at 100,000
// matters that took ten times as long as reading the covering index; a hash of the few
// thousand distinct cells does not.
Expected<std::vector<Cell>> grouped_cells(Statement& q) {
  std::unordered_map<std::string, std::size_t> at;
  std::vector<Cell> cells;
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
      Cell cell;
      cell.unit_code = q.text(0);
      cell.field_code = q.text(1);
      cell.agency_code = q.text(2);
      cell.kind = TRY(kind_of(q, 3));
      cell.channel = TRY(channel_of(q, 4));
      cell.status = TRY(status_of(q, 5));
      cells.push_back(std::move(cell));
    }
    Cell& cell = cells[it->second];
    cell.count += 1;
    cell.people += sqlite3_column_int64(st, 6);
  }
  return cells;
}

// A cell counts in each dimension's tally of its unit.
void add_cells(Figures& f, const std::vector<Cell>& cells, bool submissions) {
  for (const auto& c : cells) {
    for (auto [d, value] : {std::pair{ReportDimension::kind, std::string(code(c.kind))},
                            std::pair{ReportDimension::field, c.field_code},
                            std::pair{ReportDimension::channel, std::string(code(c.channel))},
                            std::pair{ReportDimension::status, std::string(code(c.status))}}) {
      ReportTally& t = f.tally(c.unit_code, d, std::move(value));
      if (submissions) {
        t.submissions += c.count;
        t.people += c.people;
      } else {
        t.matters += c.count;
      }
    }
  }
}

// Matters received in the period, merged ones left out. Index: matters_report_unit
// (migration 7), one range per unit of the scope, which covers every column read.
Expected<void> scan_matters(Connection& c, const Bound& b, Figures& f) {
  auto q = TRY(c.cached(
      std::string("SELECT m.unit_code, coalesce(m.field_code, ''), coalesce(m.agency_code, ''), "
                  "m.kind, m.channel, m.status, m.head_count FROM matters m "
                  "WHERE m.received_on BETWEEN ?1 AND ?2 AND m.status <> 'merged'")
          .append(scope_clause(b))));
  bind_common(*q, b);
  add_cells(f, TRY(grouped_cells(*q)), false);
  return {};
}

// Submissions received in the period, with their matter's dimensions and their own channel.
// A merge moves submissions to the matter they were merged into, so none belongs to a merged
// matter. Indexes: submissions_report, and the matter's row for its dimensions (or,
// for a small scope, matters_report_unit then submissions_matter).
// `days`: the period is a few days at the edge of a longer one; its submissions are read first
// (SQLite would read every matter of a large scope, then each one's submissions).
Expected<void> scan_submissions(Connection& c, const Bound& b, Figures& f, bool days = false) {
  auto q = TRY(c.cached(
      std::string("SELECT m.unit_code, coalesce(m.field_code, ''), coalesce(m.agency_code, ''), "
                  "m.kind, s.channel, m.status, s.head_count FROM submissions s ")
          .append(days ? "INDEXED BY submissions_report " : "")
          .append("JOIN matters m ON m.id = s.matter_id "
                  "WHERE s.received_on BETWEEN ?1 AND ?2 AND m.status <> 'merged'")
          .append(scope_clause(b))));
  bind_common(*q, b);
  add_cells(f, TRY(grouped_cells(*q)), true);
  return {};
}

// Resolve deadlines met in the period, on time or late (matter_deadlines has the met date and
// the due date side by side: matter_deadlines_met).
Expected<void> scan_met(Connection& c, const Bound& b, Figures& f) {
  auto q = TRY(
      c.cached(std::string("SELECT coalesce(m.agency_code, ''), m.kind, sum(d.met_on <= d.due_on), "
                           "sum(d.met_on > d.due_on) FROM matter_deadlines d "
                           "JOIN matters m ON m.id = d.matter_id "
                           "WHERE d.step = 'resolve' AND d.met_on BETWEEN ?1 AND ?2 "
                           "AND m.status <> 'merged'")
                   .append(scope_clause(b))
                   .append(" GROUP BY 1, 2")));
  bind_common(*q, b);
  while (TRY(q->step())) {
    auto& cell = f.cell(q->text_view(0), TRY(kind_of(*q, 1)));
    cell.on_time += q->int64(2);
    cell.late += q->int64(3);
  }
  return {};
}

// The intake form's figures of the period: lượt received and matters first received. `days` as
// for scan_submissions.
Expected<void> scan_intake(Connection& c, const Bound& b, Figures& f, bool days = false) {
  IntakeFigures& in = f.intake;
  {
    // Lượt received, and those that are not the first of their matter. submissions_matter
    // (matter_id, received_on, id) answers the "earlier one" probe.
    auto q = TRY(c.cached(
        std::string("SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM submissions e "
                    "WHERE e.matter_id = s.matter_id AND (e.received_on < s.received_on OR "
                    "(e.received_on = s.received_on AND e.id < s.id)))), 0) "
                    "FROM submissions s ")
            .append(days ? "INDEXED BY submissions_report " : "")
            .append("JOIN matters m ON m.id = s.matter_id WHERE s.received_on BETWEEN ?1 AND ?2")
            .append(scope_clause(b))));
    bind_common(*q, b);
    if (TRY(q->step())) {
      in.received += q->int64(0);
      in.duplicates += q->int64(1);
    }
  }
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
    in.new_matters += q->int64(0);
    in.merged += q->int64(1);
    in.refused += q->int64(2);
    in.complaints += q->int64(3);
    in.denunciations += q->int64(4);
    in.petitions += q->int64(5);
    in.one_signer += q->int64(6);
    in.many_signers += q->int64(7);
    in.guided += q->int64(8);
    in.forwarded_up += q->int64(9);
  }
  return {};
}

// Matters overdue as of as_of, by lead agency and kind (matters_overdue).
Expected<void> scan_overdue(Connection& c, const Bound& b, Figures& f) {
  auto q = TRY(
      c.cached(std::string("SELECT coalesce(m.agency_code, ''), m.kind, count(*) FROM matters m "
                           "WHERE m.next_due_on < ?5 AND m.received_on <= ?2 "
                           "AND m.status <> 'merged'")
                   .append(scope_clause(b))
                   .append(" GROUP BY 1, 2")));
  bind_common(*q, b);
  q->bind(5, b.as_of);
  while (TRY(q->step())) f.cell(q->text_view(0), TRY(kind_of(*q, 1))).overdue += q->int64(2);
  return {};
}

// Matters received before the period whose handling had not ended when it began.
Expected<std::int64_t> scan_carried_over(Connection& c, const Bound& b) {
  auto q = TRY(c.cached(std::string(R"sql(
SELECT count(*) FROM matters m
WHERE m.received_on < ?1 AND m.status <> 'merged'
  AND (m.answered_on IS NULL OR m.answered_on >= ?1)
  AND NOT EXISTS (SELECT 1 FROM matter_deadlines d
                  WHERE d.matter_id = m.id AND d.step = 'resolve' AND d.met_on < ?1))sql")
                            .append(scope_clause(b))));
  bind_common(*q, b);
  return TRY(q->step()) ? q->int64(0) : 0;
}

// The matters overdue soonest due first, at most `limit`. `index` names the index to choose
// them from ("" lets SQLite choose).
Expected<std::vector<OverdueMatter>> overdue_list(Connection& c, const Bound& b, int limit,
                                                  std::string_view index = "") {
  // The first `limit` ids are chosen from a covering index; only their rows are read (sorting
  // the whole rows of every overdue matter read each one's title).
  auto q = TRY(c.cached(
      std::string("SELECT m.id, m.tracking_code, m.title, m.unit_code, "
                  "coalesce(m.agency_code, ''), m.kind, m.status, m.received_on, m.next_due_on "
                  "FROM matters m WHERE m.id IN (SELECT m.id FROM matters m ")
          .append(index.empty() ? std::string() : std::string("INDEXED BY ").append(index))
          .append(" WHERE m.next_due_on < ?5 AND m.received_on <= ?2 AND m.status <> 'merged'")
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

// The figures gathered, as the store hands them over: tallies in order of unit, dimension and
// value, timeliness in order of agency and kind.
ReportData finish(Figures&& f, std::vector<OverdueMatter> overdue_items) {
  ReportData d;
  for (auto& t : f.tallies()) {
    if (t.matters != 0 || t.submissions != 0 || t.people != 0) d.tallies.push_back(std::move(t));
  }
  std::sort(d.tallies.begin(), d.tallies.end(), [](const ReportTally& a, const ReportTally& b) {
    return std::tie(a.unit_code, a.dimension, a.value) <
           std::tie(b.unit_code, b.dimension, b.value);
  });
  for (auto& cell : f.cells()) {
    if (cell.on_time == 0 && cell.late == 0 && cell.overdue == 0) continue;
    d.overdue_total += cell.overdue;
    d.timeliness.push_back(std::move(cell));
  }
  std::sort(d.timeliness.begin(), d.timeliness.end(),
            [](const TimelinessCell& a, const TimelinessCell& b) {
              return std::tie(a.agency_code, a.kind) < std::tie(b.agency_code, b.kind);
            });
  d.overdue = std::move(overdue_items);
  d.intake = f.intake;
  IntakeFigures& in = d.intake;
  in.eligible = in.new_matters - in.merged - in.refused;
  in.within_competence = in.eligible - in.guided - in.forwarded_up;
  return d;
}

// ---- from the counters ----

// Buckets of report_counts: a year is its number, a month 1000000 + YYYYMM.
int month_bucket(int year, int month) {
  return 1000000 + year * 100 + month;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int month_length(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}
Date month_end(const Date& d) {
  return Date{d.year, d.month, month_length(d.year, d.month)};
}

// A period cut into ranges of whole years and of whole months (as bucket ranges) and the days
// of partial months at its edges: counted from the rows (days), or as their month's bucket
// less the month's other days counted from the rows (minus), whichever reads fewer days.
struct Pieces {
  std::vector<std::pair<int, int>> buckets;
  std::vector<std::pair<Date, Date>> days;
  std::vector<std::pair<Date, Date>> minus;
};

// The days of [first, last] up to `until`: what reading their rows costs, about. Nothing is
// received or answered after today, so the days after it are almost free.
int row_days(const Date& first, Date last, const Date& until) {
  last = std::min(last, until);
  return last < first ? 0 : static_cast<int>(last.days() - first.days()) + 1;
}

// [first, last], part of one month, as its rows or as the month less its other days.
void edge(Pieces& p, const Date& first, const Date& last, const Date& until) {
  const Date start{first.year, first.month, 1};
  const Date end = month_end(first);
  int others = 0;
  if (start < first) others += row_days(start, first.plus_days(-1), until);
  if (last < end) others += row_days(last.plus_days(1), end, until);
  if (others >= row_days(first, last, until)) {
    p.days.emplace_back(first, last);
    return;
  }
  const int bucket = month_bucket(first.year, first.month);
  p.buckets.emplace_back(bucket, bucket);
  if (start < first) p.minus.emplace_back(start, first.plus_days(-1));
  if (last < end) p.minus.emplace_back(last.plus_days(1), end);
}

Pieces cut(Date from, Date to, const Date& until) {
  Pieces p;
  if (to < from) return p;
  // A period that ends today (or later) reads the rest of its year as well, less that rest
  // counted from the rows: they are the days after today, which have next to none. A year bucket
  // never has more rows than the months it sums, so "this year" is one bucket instead of ten.
  const Date year_end{to.year, 12, 31};
  if (to < year_end && row_days(to.plus_days(1), year_end, until) == 0) {
    p.minus.emplace_back(to.plus_days(1), year_end);
    to = year_end;
  }
  if (from.day != 1) {
    const Date last = std::min(to, month_end(from));
    edge(p, from, last, until);
    if (last == to) return p;
    from = last.plus_days(1);
  }
  if (to != month_end(to)) {
    const Date first = std::max(from, Date{to.year, to.month, 1});
    edge(p, first, to, until);
    if (first == from) return p;
    to = first.plus_days(-1);
  }
  // [from, to] is whole months: index them as year * 12 + month - 1.
  int first = from.year * 12 + from.month - 1;
  int last = to.year * 12 + to.month - 1;
  auto months = [&](int a, int b) {
    p.buckets.emplace_back(month_bucket(a / 12, a % 12 + 1), month_bucket(b / 12, b % 12 + 1));
  };
  if (first % 12 != 0) {
    const int end = std::min(last, first - first % 12 + 11);
    months(first, end);
    first = end + 1;
  }
  if (first > last) return p;
  if (last % 12 != 11) {
    const int start = std::max(first, last - last % 12);
    months(start, last);
    last = start - 1;
  }
  if (first <= last) p.buckets.emplace_back(first / 12, last / 12);
  return p;
}

// The start of time for the open-ended sums (received up to a day).
constexpr Date kEver{0, 1, 1};

// One range of buckets of some dimensions, in the scope: each row to `visit`. The primary key
// (unit, dim, bucket, ...) gives one range per unit and dimension; report_counts_agency, one
// per dimension for an agency.
template <typename Visit>
Expected<void> read_counts(Connection& c, const Bound& b, std::pair<int, int> range,
                           const std::string& dims, Visit&& visit) {
  std::string sql =
      "SELECT unit_code, agency_code, dim, value, matters, submissions, people FROM report_counts "
      "WHERE dim IN (SELECT value FROM json_each(?5)) AND bucket BETWEEN ?1 AND ?2";
  if (b.has_units) sql.append(" AND unit_code IN (SELECT value FROM json_each(?3))");
  if (b.has_agency) sql.append(" AND agency_code = ?4");
  auto q = TRY(c.cached(sql));
  q->bind(1, range.first).bind(2, range.second).bind(5, dims);
  if (b.has_units) q->bind(3, b.units);
  if (b.has_agency) q->bind(4, b.agency);
  while (TRY(q->step())) TRY(visit(*q));
  return {};
}

std::optional<ReportDimension> dimension_named(std::string_view dim) {
  if (dim == "kind") return ReportDimension::kind;
  if (dim == "field") return ReportDimension::field;
  if (dim == "channel") return ReportDimension::channel;
  if (dim == "status") return ReportDimension::status;
  return std::nullopt;
}

// A matter's class in the intake form: merged, refused, or kind (k complaint, t denunciation,
// p the others), signers (1 or n) and competence (w within, g guided, f forwarded up).
Expected<void> add_intake_class(IntakeFigures& in, std::string_view value, std::int64_t n) {
  in.new_matters += n;
  if (value == "merged") {
    in.merged += n;
    return {};
  }
  if (value == "refused") {
    in.refused += n;
    return {};
  }
  if (value.size() != 3) return bad_value("report_counts intake", value);
  (value[0] == 'k' ? in.complaints : value[0] == 't' ? in.denunciations : in.petitions) += n;
  (value[1] == '1' ? in.one_signer : in.many_signers) += n;
  if (value[2] == 'g') in.guided += n;
  if (value[2] == 'f') in.forwarded_up += n;
  return {};
}

// into plus (sign 1) or less (sign -1) other: the figures of another part of a period, or of the
// days of a month outside it.
void add_figures(Figures& into, const Figures& other, int sign) {
  for (const auto& t : other.tallies()) {
    ReportTally& mine = into.tally(t.unit_code, t.dimension, t.value);
    mine.matters += sign * t.matters;
    mine.submissions += sign * t.submissions;
    mine.people += sign * t.people;
  }
  for (const auto& cell : other.cells()) {
    TimelinessCell& mine = into.cell(cell.agency_code, cell.kind);
    mine.on_time += sign * cell.on_time;
    mine.late += sign * cell.late;
    mine.overdue += sign * cell.overdue;
  }
  IntakeFigures& in = into.intake;
  const IntakeFigures& o = other.intake;
  for (auto field :
       {&IntakeFigures::carried_over, &IntakeFigures::received, &IntakeFigures::duplicates,
        &IntakeFigures::new_matters, &IntakeFigures::merged, &IntakeFigures::refused,
        &IntakeFigures::complaints, &IntakeFigures::denunciations, &IntakeFigures::petitions,
        &IntakeFigures::one_signer, &IntakeFigures::many_signers, &IntakeFigures::guided,
        &IntakeFigures::forwarded_up}) {
    in.*field += sign * o.*field;
  }
}

// The counters of some ranges of buckets: dimensions, timeliness and intake.
Expected<void> count_buckets(Connection& c, const Bound& b,
                             const std::vector<std::pair<int, int>>& ranges, Figures& f) {
  std::int64_t received = 0;
  std::int64_t firsts = 0;
  for (const auto& range : ranges) {
    TRY(read_counts(
        c, b, range,
        R"(["kind","field","channel","status","received","first","intake","on_time","late"])",
        [&](const Statement& q) -> Expected<void> {
          const std::string_view dim = q.text_view(2);
          const std::int64_t matters = q.int64(4);
          const std::int64_t submissions = q.int64(5);
          if (const auto d = dimension_named(dim)) {
            if (matters == 0 && submissions == 0) return {};
            ReportTally& t = f.tally(q.text_view(0), *d, q.text_view(3));
            t.matters += matters;
            t.submissions += submissions;
            t.people += q.int64(6);
          } else if (dim == "received") {
            received += submissions;
          } else if (dim == "first") {
            firsts += submissions;
          } else if (dim == "intake") {
            TRY(add_intake_class(f.intake, q.text_view(3), matters));
          } else if (matters != 0) {
            auto& cell = f.cell(q.text_view(1), TRY(kind_named(q.text_view(3))));
            (dim == "on_time" ? cell.on_time : cell.late) += matters;
          }
          return {};
        }));
  }
  f.intake.received += received;
  f.intake.duplicates += received - firsts;
  return {};
}

// The days of a period's pieces, from the rows: added (days) or taken away (minus).
Expected<void> count_days(Connection& c, const Bound& b, const Pieces& pieces, Figures& f) {
  const auto scan_days = [&](const Date& first, const Date& last, Figures& into) -> Expected<void> {
    const Bound days = b.over(first, last);
    TRY(scan_matters(c, days, into));
    TRY(scan_submissions(c, days, into, true));
    TRY(scan_met(c, days, into));
    TRY(scan_intake(c, days, into, true));
    return {};
  };
  for (const auto& [first, last] : pieces.days) TRY(scan_days(first, last, f));
  if (!pieces.minus.empty()) {
    Figures other;
    for (const auto& [first, last] : pieces.minus) TRY(scan_days(first, last, other));
    add_figures(f, other, -1);
  }
  return {};
}

// The ranges of buckets cut in two parts of about the same size, to be read at once: the longest
// range of years split in the middle goes half to each; every other range to the second.
std::pair<std::vector<std::pair<int, int>>, std::vector<std::pair<int, int>>> halves(
    const std::vector<std::pair<int, int>>& ranges) {
  std::pair<std::vector<std::pair<int, int>>, std::vector<std::pair<int, int>>> out;
  std::size_t longest = ranges.size();
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const auto [first, last] = ranges[i];
    const bool years = last < 10000;
    if (years && last > first &&
        (longest == ranges.size() ||
         last - first > ranges[longest].second - ranges[longest].first)) {
      longest = i;
    }
  }
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (i != longest) {
      out.second.push_back(ranges[i]);
      continue;
    }
    const auto [first, last] = ranges[i];
    const int middle = first + (last - first) / 2;
    out.first.emplace_back(first, middle);
    out.second.emplace_back(middle + 1, last);
  }
  return out;
}

// Overdue as of as_of among the matters received up to `to`: those received by then with a
// deadline still to meet (counters: open), less those whose next deadline is not yet past
// (matters_overdue from as_of on: only the deadlines still ahead).
Expected<void> count_overdue(Connection& c, const Bound& b, const Date& to, const Date& until,
                             Figures& f) {
  const Pieces pieces = cut(kEver, to, until);
  for (const auto& range : pieces.buckets) {
    TRY(read_counts(c, b, range, R"(["open"])", [&](const Statement& q) -> Expected<void> {
      if (q.int64(4) != 0)
        f.cell(q.text_view(1), TRY(kind_named(q.text_view(3)))).overdue += q.int64(4);
      return {};
    }));
  }
  const auto scan_days = [&](const Date& first, const Date& last, int sign) -> Expected<void> {
    const Bound days = b.over(first, last);
    auto q = TRY(
        c.cached(std::string("SELECT coalesce(m.agency_code, ''), m.kind, count(*) FROM matters m "
                             "WHERE m.received_on BETWEEN ?1 AND ?2 AND m.status <> 'merged' "
                             "AND m.next_due_on IS NOT NULL")
                     .append(scope_clause(days))
                     .append(" GROUP BY 1, 2")));
    bind_common(*q, days);
    while (TRY(q->step())) {
      f.cell(q->text_view(0), TRY(kind_of(*q, 1))).overdue += sign * q->int64(2);
    }
    return {};
  };
  for (const auto& [first, last] : pieces.days) TRY(scan_days(first, last, 1));
  for (const auto& [first, last] : pieces.minus) TRY(scan_days(first, last, -1));
  // Scopes of any size: SQLite would rather read the scope's every matter (matters_report_unit).
  auto q = TRY(
      c.cached(std::string("SELECT coalesce(m.agency_code, ''), m.kind, count(*) FROM matters m "
                           "INDEXED BY matters_overdue "
                           "WHERE m.next_due_on >= ?5 AND m.received_on <= ?2 "
                           "AND m.status <> 'merged'")
                   .append(scope_clause(b))
                   .append(" GROUP BY 1, 2")));
  bind_common(*q, b);
  q->bind(5, b.as_of);
  while (TRY(q->step())) f.cell(q->text_view(0), TRY(kind_of(*q, 1))).overdue -= q->int64(2);
  return {};
}

// Which index the overdue list reads, given the scope's overdue count: matters_overdue in due
// order until `limit` of the scope's are found (about limit / the scope's share of the overdue
// matters), or the scope's every matter (matters_report_unit for units, matters_agency_status
// for an agency). SQLite, without statistics, takes the second even for a whole province and
// the first for an agency that has none. The overdue matters of all scopes are estimated from
// matter_counts (migration 3); the scope's matters from it or from report_counts.
Expected<std::string_view> overdue_index(Connection& c, const Bound& b, int limit,
                                         std::int64_t scope_overdue) {
  constexpr std::string_view kOpen =
      "status IN ('received', 'classified', 'assigned', 'accepted', 'forwarded_up', 'reopened')";
  double open = 0;
  {
    auto q = TRY(c.cached(
        std::string("SELECT coalesce(sum(n), 0) FROM matter_counts WHERE ").append(kOpen)));
    if (TRY(q->step())) open = static_cast<double>(q->int64(0));
  }
  const double by_due = static_cast<double>(limit) * open /
                        static_cast<double>(std::max<std::int64_t>(scope_overdue, 1));
  double scope = 0;
  if (b.has_units) {
    auto q =
        TRY(c.cached("SELECT coalesce(sum(n), 0) FROM matter_counts "
                     "WHERE unit_code IN (SELECT value FROM json_each(?1))"));
    q->bind(1, b.units);
    if (TRY(q->step())) scope = static_cast<double>(q->int64(0));
  } else if (b.has_agency) {
    auto q =
        TRY(c.cached("SELECT coalesce(sum(matters), 0) FROM report_counts "
                     "WHERE agency_code = ?1 AND dim = 'kind' AND bucket < 10000"));
    q->bind(1, b.agency);
    // matters_agency_status does not cover the columns read: each entry costs a row lookup.
    if (TRY(q->step())) scope = 10.0 * static_cast<double>(q->int64(0));
  } else {
    return std::string_view("matters_overdue");
  }
  if (by_due < scope) return std::string_view("matters_overdue");
  return std::string_view(b.has_units ? "matters_report_unit" : "matters_agency_status");
}

// The end of a matter's handling: its answer or its resolve deadline met, whichever came first.
constexpr std::string_view kEnded =
    "coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on)";

// Carried over into a period starting at `from`: the matters received before it, less those
// whose handling ended before it. A handling ending on or after its receipt counts in the
// bucket of its end (ended), one ending before its receipt in the bucket of the receipt
// (ended_early): both before `from` exactly when the matter is received and ended before it.
Expected<std::int64_t> count_carried_over(Connection& c, const Bound& b, const Date& from,
                                          const Date& until) {
  if (from <= kEver) return 0;
  const Pieces pieces = cut(kEver, from.plus_days(-1), until);
  std::int64_t n = 0;
  for (const auto& range : pieces.buckets) {
    TRY(read_counts(c, b, range, R"(["kind","ended","ended_early"])",
                    [&](const Statement& q) -> Expected<void> {
                      n += q.text(2) == "kind" ? q.int64(4) : -q.int64(4);
                      return {};
                    }));
  }
  // Received and not ended in [first, last], as a count.
  const auto scan_days = [&](const Date& first, const Date& last) -> Expected<std::int64_t> {
    std::int64_t open = 0;
    const Bound days = b.over(first, last);
    auto received = TRY(c.cached(std::string("SELECT count(*), coalesce(sum(")
                                     .append(kEnded)
                                     .append(" < m.received_on), 0) FROM matters m "
                                             "LEFT JOIN matter_deadlines r "
                                             "ON r.matter_id = m.id AND r.step = 'resolve' "
                                             "WHERE m.received_on BETWEEN ?1 AND ?2 "
                                             "AND m.status <> 'merged'")
                                     .append(scope_clause(days))));
    bind_common(*received, days);
    if (TRY(received->step())) open += received->int64(0) - received->int64(1);
    auto done = TRY(c.cached(
        std::string("SELECT count(*) FROM matters m LEFT JOIN matter_deadlines r "
                    "ON r.matter_id = m.id AND r.step = 'resolve' "
                    "WHERE m.id IN (SELECT id FROM matters WHERE answered_on BETWEEN ?1 AND ?2 "
                    "UNION SELECT matter_id FROM matter_deadlines "
                    "WHERE step = 'resolve' AND met_on BETWEEN ?1 AND ?2) "
                    "AND m.status <> 'merged' AND ")
            .append(kEnded)
            .append(" BETWEEN ?1 AND ?2 AND ")
            .append(kEnded)
            .append(" >= m.received_on")
            .append(scope_clause(days))));
    bind_common(*done, days);
    if (TRY(done->step())) open -= done->int64(0);
    return open;
  };
  for (const auto& [first, last] : pieces.days) n += TRY(scan_days(first, last));
  for (const auto& [first, last] : pieces.minus) n -= TRY(scan_days(first, last));
  return n;
}

// The resolve deadlines met month by month: the months as month buckets, read at once, and the
// days of partial months at the edges of the period as cut() counts them.
Expected<std::vector<MonthTimeliness>> count_monthly(Connection& c, const Bound& b,
                                                     const Date& from, const Date& to,
                                                     const Date& until) {
  std::vector<MonthTimeliness> months;
  if (to < from) return months;
  for (Date m{from.year, from.month, 1}; m <= to;
       m = m.month == 12 ? Date{m.year + 1, 1, 1} : Date{m.year, m.month + 1, 1}) {
    months.push_back(MonthTimeliness{m.year, m.month, 0, 0});
  }
  const auto index = [&](int year, int month) {
    return static_cast<std::size_t>((year - from.year) * 12 + month - from.month);
  };
  // Which months are read from their bucket: the whole ones, and the edges cut() takes as their
  // month less the other days.
  std::vector<bool> by_bucket(months.size(), false);
  Pieces edges;
  for (std::size_t i = 0; i < months.size(); ++i) {
    const Date start{months[i].year, months[i].month, 1};
    const Date first = std::max(start, from);
    const Date last = std::min(month_end(start), to);
    if (first == start && last == month_end(start)) {
      by_bucket[i] = true;
      continue;
    }
    const auto before = edges.buckets.size();
    edge(edges, first, last, until);
    by_bucket[i] = edges.buckets.size() > before;
  }
  const auto scan_days = [&](const Date& first, const Date& last, int sign) -> Expected<void> {
    Figures f;
    TRY(scan_met(c, b.over(first, last), f));
    auto& m = months[index(first.year, first.month)];
    for (const auto& cell : f.cells()) {
      m.on_time += sign * cell.on_time;
      m.late += sign * cell.late;
    }
    return {};
  };
  for (const auto& [first, last] : edges.days) TRY(scan_days(first, last, 1));
  for (const auto& [first, last] : edges.minus) TRY(scan_days(first, last, -1));
  std::string sql =
      "SELECT bucket, dim, sum(matters) FROM report_counts "
      "WHERE dim IN ('on_time', 'late') AND bucket BETWEEN ?1 AND ?2";
  if (b.has_units) sql.append(" AND unit_code IN (SELECT value FROM json_each(?3))");
  if (b.has_agency) sql.append(" AND agency_code = ?4");
  sql.append(" GROUP BY 1, 2");
  auto q = TRY(c.cached(sql));
  q->bind(1, month_bucket(from.year, from.month)).bind(2, month_bucket(to.year, to.month));
  if (b.has_units) q->bind(3, b.units);
  if (b.has_agency) q->bind(4, b.agency);
  while (TRY(q->step())) {
    const auto bucket = q->int64(0) - 1000000;
    const auto i = index(static_cast<int>(bucket / 100), static_cast<int>(bucket % 100));
    if (!by_bucket[i]) continue;  // counted from its days
    (q->text(1) == "on_time" ? months[i].on_time : months[i].late) += q->int64(2);
  }
  return months;
}

class SqliteReportStore final : public ReportStore {
 public:
  explicit SqliteReportStore(ReaderPool& readers) : readers_(readers) {}

  // Three reads at once: the period in two parts (the older years with the matters carried
  // over, the newer ones with the days at the edges) on two connections that see one snapshot,
  // and what is overdue (counts and list) in a snapshot of its own, taken at the same moment.
  Expected<ReportData> summary_data(const ReportFilter& filter) override {
    const Bound b = bound(filter);
    const Pieces pieces = cut(filter.from, filter.to, filter.as_of);
    const auto parts = halves(pieces.buckets);
    Figures f;
    Figures later;
    Expected<void> period = {};
    struct Overdue {
      Figures counts;
      std::vector<OverdueMatter> items;
    };
    auto overdue = alongside(
        [&] {
          period = read_snapshot_pair(
              readers_,
              [&](Connection& c) -> Expected<void> {
                TRY(count_buckets(c, b, parts.first, f));
                f.intake.carried_over = TRY(count_carried_over(c, b, filter.from, filter.as_of));
                return {};
              },
              [&](Connection& c) -> Expected<void> {
                TRY(count_buckets(c, b, parts.second, later));
                return count_days(c, b, pieces, later);
              });
        },
        [&] {
          return read_snapshot(readers_, [&](Connection& c) -> Expected<Overdue> {
            Overdue o;
            TRY(count_overdue(c, b, filter.to, filter.as_of, o.counts));
            const int limit = std::max(0, filter.overdue_limit);
            std::int64_t total = 0;
            for (const auto& cell : o.counts.cells()) total += cell.overdue;
            if (limit > 0 && total > 0) {
              o.items = TRY(overdue_list(c, b, limit, TRY(overdue_index(c, b, limit, total))));
            }
            return o;
          });
        });
    TRY(period);
    if (!overdue.ok()) return std::move(overdue).error();
    add_figures(f, later, 1);
    add_figures(f, overdue->counts, 1);
    return finish(std::move(f), std::move(overdue->items));
  }

  Expected<std::vector<MonthTimeliness>> monthly_timeliness(const ReportFilter& filter) override {
    const Bound b = bound(filter);
    return read_snapshot(readers_, [&](Connection& c) {
      return count_monthly(c, b, filter.from, filter.to, filter.as_of);
    });
  }

  Expected<ReportData> summary_data_by_scan(const ReportFilter& filter) override {
    const Bound b = bound(filter);
    return read_snapshot(readers_, [&](Connection& c) -> Expected<ReportData> {
      Figures f;
      TRY(scan_matters(c, b, f));
      TRY(scan_submissions(c, b, f));
      TRY(scan_met(c, b, f));
      TRY(scan_intake(c, b, f));
      TRY(scan_overdue(c, b, f));
      f.intake.carried_over = TRY(scan_carried_over(c, b));
      auto items = TRY(overdue_list(c, b, std::max(0, filter.overdue_limit)));
      return finish(std::move(f), std::move(items));
    });
  }

 private:
  static Bound bound(const ReportFilter& filter) {
    return Bound{filter.from.iso(),          filter.to.iso(),    json_array(filter.unit_codes),
                 filter.agency_code,         filter.as_of.iso(), !filter.unit_codes.empty(),
                 !filter.agency_code.empty()};
  }

  ReaderPool& readers_;
};

}  // namespace

std::unique_ptr<ReportStore> make_report_store(ReaderPool& readers) {
  return std::make_unique<SqliteReportStore>(readers);
}

}  // namespace doithoai::store::sqlite
