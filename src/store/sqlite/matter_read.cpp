// Reading matters: one matter with its submissions (phone and ID numbers decrypted), answers
// and deadlines; and the filtered, sorted, paginated list with its total.
#include <algorithm>
#include <map>
#include <unordered_set>
#include <variant>

#include "store/sqlite/matter_ops.hpp"

namespace doithoai::store::sqlite::matter_ops {

namespace {

using nlohmann::json;

constexpr std::string_view kMatterColumns =
    "id, tracking_code, kind, field_code, unit_code, status, title, summary, agency_code, "
    "handler, channel, received_on, accepted_on, answered_on, next_due_on, submissions, "
    "head_count, extensions, merged_into, refusal_ground, rating, identity_protected, published, "
    "demo, version, created_at, updated_at";

constexpr int kMaxPerPage = 500;
constexpr int kMaxMergeHops = 10000;

Error bad_code(std::string_view what, const std::string& value) {
  return internal_error(std::string("Giá trị không hợp lệ trong cơ sở dữ liệu (")
                            .append(what)
                            .append("): ")
                            .append(value));
}

Expected<Matter> matter_row(const Statement& q) {
  Matter m;
  m.id = q.int64(0);
  m.tracking_code = q.text(1);
  const auto kind = parse_kind(q.text(2));
  if (!kind) return bad_code("kind", q.text(2));
  m.kind = *kind;
  m.field_code = q.text(3);
  m.unit_code = q.text(4);
  const auto status = parse_status(q.text(5));
  if (!status) return bad_code("status", q.text(5));
  m.status = *status;
  m.title = q.text(6);
  m.summary = q.text(7);
  m.agency_code = q.text(8);
  m.handler = q.text(9);
  const auto channel = parse_channel(q.text(10));
  if (!channel) return bad_code("channel", q.text(10));
  m.channel = *channel;
  m.received_on = TRY(q.date(11));
  m.accepted_on = TRY(q.opt_date(12));
  m.answered_on = TRY(q.opt_date(13));
  m.next_due_on = TRY(q.opt_date(14));
  m.submissions = q.int32(15);
  m.head_count = q.int32(16);
  m.extensions = q.int32(17);
  m.merged_into = q.opt_int64(18);
  m.refusal_ground = q.text(19);
  if (!q.is_null(20)) m.rating = q.int32(20);
  m.identity_protected = q.boolean(21);
  m.published = q.boolean(22);
  m.demo = q.boolean(23);
  m.version = q.int32(24);
  m.created_at = q.int64(25);
  m.updated_at = q.int64(26);
  return m;
}

template <typename T, typename F>
std::string json_codes(const std::vector<T>& values, F&& to_code) {
  json a = json::array();
  for (const auto& v : values) a.push_back(std::string(to_code(v)));
  return a.dump();
}

}  // namespace

Expected<std::optional<Matter>> find_matter(Connection& c, Id id) {
  auto q = TRY(
      c.cached(std::string("SELECT ").append(kMatterColumns).append(" FROM matters WHERE id = ?")));
  q->bind(1, id);
  if (!TRY(q->step())) return std::optional<Matter>{};
  return std::optional<Matter>{TRY(matter_row(*q))};
}

Expected<std::optional<Id>> find_by_tracking_code(Connection& c, const std::string& code) {
  auto q = TRY(c.cached("SELECT id FROM matters WHERE tracking_code = ?"));
  q->bind(1, code);
  if (!TRY(q->step())) return std::optional<Id>{};
  return std::optional<Id>{q->int64(0)};
}

Expected<Id> final_matter(Connection& c, Id id) {
  auto q = TRY(c.cached("SELECT merged_into FROM matters WHERE id = ?"));
  std::unordered_set<Id> seen;
  for (int hops = 0; hops < kMaxMergeHops; ++hops) {
    q->bind(1, id);
    if (!TRY(q->step())) return matter_not_found();
    const auto next = q->opt_int64(0);
    q->reset();
    if (!next) return id;
    if (!seen.insert(id).second) break;
    id = *next;
  }
  return internal_error("Chuỗi gộp vụ việc bị vòng lặp trong cơ sở dữ liệu");
}

Expected<std::vector<deadlines::Deadline>> read_deadlines(Connection& c, Id matter_id) {
  auto q =
      TRY(c.cached("SELECT step, due_on, rule, met_on, extensions FROM matter_deadlines "
                   "WHERE matter_id = ? ORDER BY due_on, step"));
  q->bind(1, matter_id);
  std::vector<deadlines::Deadline> out;
  while (TRY(q->step())) {
    deadlines::Deadline d;
    d.step = q->text(0);
    d.due_on = TRY(q->date(1));
    d.rule = q->text(2);
    d.met_on = TRY(q->opt_date(3));
    d.extensions = q->int32(4);
    out.push_back(std::move(d));
  }
  return out;
}

Expected<std::vector<Answer>> read_answers(Connection& c, Id matter_id) {
  auto q =
      TRY(c.cached("SELECT id, matter_id, form, document_number, date, signed_by, text, "
                   "agency_code, recorded_at FROM answers WHERE matter_id = ? ORDER BY id"));
  q->bind(1, matter_id);
  std::vector<Answer> out;
  while (TRY(q->step())) {
    Answer a;
    a.id = q->int64(0);
    a.matter_id = q->int64(1);
    a.form = q->text(2);
    a.document_number = q->text(3);
    a.date = TRY(q->opt_date(4));
    a.signed_by = q->text(5);
    a.text = q->text(6);
    a.agency_code = q->text(7);
    a.recorded_at = q->int64(8);
    out.push_back(std::move(a));
  }
  return out;
}

Expected<MatterRecord> read_record(Connection& c, Id id, const FieldCipher& cipher) {
  MatterRecord record;
  {
    auto m = TRY(find_matter(c, id));
    if (!m) return matter_not_found();
    record.matter = std::move(*m);
  }
  std::map<Id, std::size_t> index;
  {
    auto q =
        TRY(c.cached("SELECT id, matter_id, channel, received_on, recorded_at, title, content, "
                     "head_count, recorded_by, demo FROM submissions WHERE matter_id = ? "
                     "ORDER BY received_on, id"));
    q->bind(1, id);
    while (TRY(q->step())) {
      Submission s;
      s.id = q->int64(0);
      s.matter_id = q->int64(1);
      const auto channel = parse_channel(q->text(2));
      if (!channel) return bad_code("channel", q->text(2));
      s.channel = *channel;
      s.received_on = TRY(q->date(3));
      s.recorded_at = q->int64(4);
      s.title = q->text(5);
      s.content = q->text(6);
      s.head_count = q->int32(7);
      s.recorded_by = q->text(8);
      s.demo = q->boolean(9);
      index[s.id] = record.submissions.size();
      record.submissions.push_back(std::move(s));
    }
  }
  {
    auto q =
        TRY(c.cached("SELECT p.submission_id, p.name, p.phone_enc, p.email, p.address, "
                     "p.id_number_enc FROM submission_people p "
                     "JOIN submissions s ON s.id = p.submission_id WHERE s.matter_id = ? "
                     "ORDER BY p.submission_id, p.position"));
    q->bind(1, id);
    while (TRY(q->step())) {
      const auto it = index.find(q->int64(0));
      if (it == index.end()) continue;
      Person p;
      p.name = q->text(1);
      if (!q->is_null(2)) p.phone = TRY(cipher.open(q->blob(2)));
      p.email = q->text(3);
      p.address = q->text(4);
      if (!q->is_null(5)) p.id_number = TRY(cipher.open(q->blob(5)));
      record.submissions[it->second].people.push_back(std::move(p));
    }
  }
  record.answers = TRY(read_answers(c, id));
  record.deadlines = TRY(read_deadlines(c, id));
  return record;
}

namespace {

using Param = std::variant<std::int64_t, std::string>;

// A WHERE clause under construction with its bound values.
struct Where {
  std::string sql;
  std::vector<Param> params;
  void add(std::string_view clause) { sql.append(" AND ").append(clause); }
  void add(std::string_view clause, Param value) {
    add(clause);
    params.push_back(std::move(value));
  }
  int bind(Statement& s, int first = 1) const {
    int i = first;
    for (const auto& p : params) {
      std::visit([&](const auto& v) { s.bind(i++, v); }, p);
    }
    return i;
  }
};

std::string_view identity(const std::string& s) {
  return s;
}

// The statuses a query means: those asked for, or all but merged.
std::vector<std::string> statuses_of(const MatterQuery& query) {
  std::vector<std::string> out;
  if (!query.statuses.empty()) {
    for (const auto s : query.statuses) out.emplace_back(code(s));
  } else {
    for (const auto s : all_statuses()) {
      if (s != Status::merged || query.include_merged) out.emplace_back(code(s));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The units a query is limited to when its scope is a set of units (no agencies): the units
// asked for within the scope. nullopt: any unit.
std::optional<std::vector<std::string>> units_of(const MatterQuery& query) {
  if (!query.scope_agencies.empty()) return std::nullopt;  // not a plain unit set
  if (query.unit_codes.empty() && query.scope_units.empty()) return std::nullopt;
  std::vector<std::string> out;
  if (query.unit_codes.empty()) {
    out = query.scope_units;
  } else if (query.scope_units.empty()) {
    out = query.unit_codes;
  } else {
    const std::unordered_set<std::string> scope(query.scope_units.begin(), query.scope_units.end());
    for (const auto& u : query.unit_codes) {
      if (scope.contains(u)) out.push_back(u);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The conditions other than unit, status and scope (those index or counters serve).
Where other_conditions(const MatterQuery& query) {
  Where w;
  if (query.kind) w.add("kind = ?", std::string(code(*query.kind)));
  if (!query.field_code.empty()) w.add("field_code = ?", query.field_code);
  if (!query.agency_code.empty()) w.add("agency_code = ?", query.agency_code);
  if (!query.handler.empty()) w.add("handler = ?", query.handler);
  if (query.channel) w.add("channel = ?", std::string(code(*query.channel)));
  if (query.received_from) w.add("received_on >= ?", query.received_from->iso());
  if (query.received_to) w.add("received_on <= ?", query.received_to->iso());
  // next_due_on is the earliest unmet deadline: some unmet deadline is due before a day exactly
  // when the earliest one is.
  if (query.overdue_on) w.add("next_due_on < ?", query.overdue_on->iso());
  if (query.due_by) w.add("next_due_on <= ?", query.due_by->iso());
  if (query.due_from) w.add("next_due_on >= ?", query.due_from->iso());
  if (query.published_only) w.add("published = 1");
  return w;
}

// Whether the counters alone give the total: only unit, status, kind and published filter.
bool counters_answer(const MatterQuery& query) {
  return query.field_code.empty() && query.agency_code.empty() && query.handler.empty() &&
         !query.channel && !query.received_from && !query.received_to && !query.overdue_on &&
         !query.due_by && !query.due_from && query.scope_agencies.empty();
}

// Deepest row (offset + per_page) that the per-(unit, status) merge reads; deeper pages go to
// the plain query.
constexpr std::int64_t kMergeDepth = 2000;
constexpr std::size_t kMergeStreams = 64;

}  // namespace

Expected<MatterPage> list_matters(Connection& c, const MatterQuery& query) {
  const auto statuses = statuses_of(query);
  const auto units = units_of(query);
  const Where others = other_conditions(query);

  MatterPage page;
  page.page = std::max(1, query.page);
  page.per_page = std::clamp(query.per_page, 1, kMaxPerPage);
  const std::int64_t offset =
      static_cast<std::int64_t>(page.page - 1) * static_cast<std::int64_t>(page.per_page);
  if (units && units->empty()) return page;  // nothing asked for is in scope

  // The whole filter, for the plain query and the capped count.
  Where all;
  if (!query.statuses.empty()) {
    all.add("status IN (SELECT value FROM json_each(?))", json_codes(statuses, identity));
  } else if (!query.include_merged) {
    all.add("status <> 'merged'");  // lets the plain query walk the received index in order
  }
  if (units) {
    all.add("unit_code IN (SELECT value FROM json_each(?))", json_codes(*units, identity));
  } else if (!query.scope_units.empty() || !query.scope_agencies.empty()) {
    if (!query.unit_codes.empty()) {
      all.add("unit_code IN (SELECT value FROM json_each(?))",
              json_codes(query.unit_codes, identity));
    }
    all.add(
        "(unit_code IN (SELECT value FROM json_each(?)) OR "
        "agency_code IN (SELECT value FROM json_each(?)))");
    all.params.emplace_back(json_codes(query.scope_units, identity));
    all.params.emplace_back(json_codes(query.scope_agencies, identity));
  } else if (!query.unit_codes.empty()) {
    all.add("unit_code IN (SELECT value FROM json_each(?))",
            json_codes(query.unit_codes, identity));
  }
  all.sql.append(others.sql);
  all.params.insert(all.params.end(), others.params.begin(), others.params.end());

  // The total: from the counters when they can tell, else counted up to the cap.
  if (counters_answer(query)) {
    Where w;
    w.add("status IN (SELECT value FROM json_each(?))", json_codes(statuses, identity));
    if (units) w.add("unit_code IN (SELECT value FROM json_each(?))", json_codes(*units, identity));
    if (query.kind) w.add("kind = ?", std::string(code(*query.kind)));
    if (query.published_only) w.add("published = 1");
    auto q = TRY(c.cached(
        std::string("SELECT coalesce(sum(n), 0) FROM matter_counts WHERE 1").append(w.sql)));
    w.bind(*q);
    if (TRY(q->step())) page.total = q->int64(0);
  } else {
    auto q = TRY(c.cached(std::string("SELECT count(*) FROM (SELECT 1 FROM matters WHERE 1")
                              .append(all.sql)
                              .append(" LIMIT ?)")));
    const int next = all.bind(*q);
    // Counting a million rows for a pager would cost more than the page itself.
    const std::int64_t cap = std::max<std::int64_t>(1, query.count_cap);
    q->bind(next, cap + 1);
    if (TRY(q->step())) page.total = q->int64(0);
    if (page.total > cap) {
      page.total = cap;
      page.total_capped = true;
    }
  }
  if (offset >= page.total && !page.total_capped) return page;

  const bool by_received =
      query.sort == SortOrder::received_desc || query.sort == SortOrder::received_asc;
  const bool desc = query.sort == SortOrder::received_desc;
  const std::int64_t depth = offset + page.per_page;
  // With no unit limit and no scope but statuses asked for, the streams are one per status
  // (IN over statuses would sort every match; with no status the received index is in order).
  const bool any_unit = !units && query.scope_units.empty() && query.scope_agencies.empty() &&
                        !query.statuses.empty();
  if (by_received && (units || any_unit) &&
      (any_unit ? 1 : units->size()) * statuses.size() <= kMergeStreams && depth <= kMergeDepth) {
    // Each (unit, status) is read in order from its index, as deep as the page needs, and the
    // streams are merged here: a few short index ranges instead of sorting every match. Only
    // the keys are read (the index covers them); the page's rows are then read by id.
    auto q =
        TRY(c.cached(std::string(any_unit ? "SELECT received_on, id FROM matters WHERE ?1 = ?1 "
                                            "AND status = ?"
                                          : "SELECT received_on, id FROM matters WHERE "
                                            "unit_code = ? AND status = ?")
                         .append(others.sql)
                         .append(desc ? " ORDER BY received_on DESC, id DESC"
                                      : " ORDER BY received_on ASC, id ASC")
                         .append(" LIMIT ?")));
    struct Key {
      std::string received_on;  // YYYY-MM-DD: ordered as text
      Id id = 0;
    };
    std::vector<Key> keys;
    static const std::vector<std::string> kAnyUnit{""};
    for (const auto& unit : any_unit ? kAnyUnit : *units) {
      for (const auto& status : statuses) {
        q->reset();
        q->bind(1, unit);
        q->bind(2, status);
        const int next = others.bind(*q, 3);
        q->bind(next, depth);
        while (TRY(q->step())) keys.push_back(Key{q->text(0), q->int64(1)});
      }
    }
    q->reset();
    const auto before = [desc](const Key& a, const Key& b) {
      if (a.received_on != b.received_on) {
        return desc ? b.received_on < a.received_on : a.received_on < b.received_on;
      }
      return desc ? a.id > b.id : a.id < b.id;
    };
    const auto end = keys.begin() + std::min<std::int64_t>(depth, std::ssize(keys));
    std::partial_sort(keys.begin(), end, keys.end(), before);
    auto row = TRY(c.cached(
        std::string("SELECT ").append(kMatterColumns).append(" FROM matters WHERE id = ?")));
    for (auto it = keys.begin() + std::min<std::int64_t>(offset, std::ssize(keys)); it < end;
         ++it) {
      row->reset();
      row->bind(1, it->id);
      if (!TRY(row->step())) return internal_error("Vụ việc vừa đọc không còn thấy");
      page.items.push_back(TRY(matter_row(*row)));
    }
    row->reset();
    return page;
  }

  std::string_view order;
  switch (query.sort) {
    case SortOrder::received_desc:
      order = " ORDER BY received_on DESC, id DESC";
      break;
    case SortOrder::received_asc:
      order = " ORDER BY received_on ASC, id ASC";
      break;
    case SortOrder::due_asc:
      // With a deadline filter every row has a next_due_on, and the plain order lets the
      // deadline index give the rows in order (no sort of every overdue matter).
      order = query.overdue_on || query.due_by || query.due_from
                  ? " ORDER BY next_due_on ASC, id ASC"
                  : " ORDER BY next_due_on IS NULL, next_due_on ASC, id ASC";
      break;
    case SortOrder::updated_desc:
      order = " ORDER BY updated_at DESC, id DESC";
      break;
  }
  // The public's newest answers walk the index of published matters (migration 10) in order;
  // left to itself the planner may take a filter's index and sort every published match.
  const bool published_newest = query.published_only && query.sort == SortOrder::updated_desc;
  auto q = TRY(c.cached(
      std::string("SELECT ")
          .append(kMatterColumns)
          .append(published_newest ? " FROM matters INDEXED BY matters_published_updated WHERE 1"
                                   : " FROM matters WHERE 1")
          .append(all.sql)
          .append(order)
          .append(" LIMIT ? OFFSET ?")));
  const int next = all.bind(*q);
  q->bind(next, static_cast<std::int64_t>(page.per_page));
  q->bind(next + 1, offset);
  while (TRY(q->step())) {
    page.items.push_back(TRY(matter_row(*q)));
  }
  return page;
}

}  // namespace doithoai::store::sqlite::matter_ops
