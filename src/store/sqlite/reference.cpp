// Reference data: unit levels, units and their links, agencies, fields, holidays (and the
// seeding of the deadline rules, whose table lives in deadline_rules.cpp).
#include <algorithm>
#include <nlohmann/json.hpp>

#include <unordered_map>
#include <unordered_set>

#include "store/sqlite/ops.hpp"
#include "store/sqlite/reception_ops.hpp"

namespace doithoai::store::sqlite {

namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json opt(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}
json opt(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}

json unit_json(const Unit& u) {
  return json{{"code", u.code},
              {"name", u.name},
              {"type_name", u.type_name},
              {"level", u.level},
              {"parent_code", opt(u.parent_code)},
              {"valid_from", u.valid_from.iso()},
              {"valid_to", opt(u.valid_to)},
              {"predecessor_codes", u.predecessor_codes},
              {"successor_codes", u.successor_codes},
              {"sample", u.sample},
              {"note", u.note}};
}

json holiday_json(const Holiday& h) {
  return json{{"date", h.date.iso()},
              {"name", h.name},
              {"working_day", h.working_day},
              {"source", h.source}};
}

Error unit_not_found(const std::string& field = "code") {
  return not_found("unit_not_found", "Không tìm thấy đơn vị hành chính", field);
}

constexpr std::string_view kUnitColumns =
    "u.code, u.name, u.type_name, u.level, u.parent_code, u.valid_from, u.valid_to, u.sample, "
    "u.note";

Expected<Unit> unit_row(const Statement& q) {
  Unit u;
  u.code = q.text(0);
  u.name = q.text(1);
  u.type_name = q.text(2);
  u.level = q.text(3);
  u.parent_code = q.opt_text(4);
  u.valid_from = TRY(q.date(5));
  u.valid_to = TRY(q.opt_date(6));
  u.sample = q.boolean(7);
  u.note = q.text(8);
  return u;
}

Expected<std::optional<Unit>> find_unit_row(Connection& c, const std::string& code) {
  auto q = TRY(c.cached("SELECT " + std::string(kUnitColumns) + " FROM units u WHERE u.code = ?"));
  q->bind(1, code);
  if (!TRY(q->step())) {
    return std::optional<Unit>{};
  }
  return std::optional<Unit>{TRY(unit_row(*q))};
}

Expected<std::optional<Unit>> find_unit(Connection& c, const std::string& code) {
  std::optional<Unit> u = TRY(find_unit_row(c, code));
  if (!u) {
    return u;
  }
  auto links =
      TRY(c.cached("SELECT predecessor_code, successor_code FROM unit_links "
                   "WHERE predecessor_code = ?1 OR successor_code = ?1 "
                   "ORDER BY predecessor_code, successor_code"));
  links->bind(1, code);
  while (TRY(links->step())) {
    if (links->text(0) == code) {
      u->successor_codes.push_back(links->text(1));
    }
    if (links->text(1) == code) {
      u->predecessor_codes.push_back(links->text(0));
    }
  }
  return u;
}

Expected<bool> exists(Connection& c, std::string_view sql, const std::string& key) {
  auto q = TRY(c.cached(sql));
  q->bind(1, key);
  return TRY(q->step());
}

Expected<bool> level_exists(Connection& c, const std::string& code) {
  return exists(c, "SELECT 1 FROM unit_levels WHERE code = ?", code);
}

Expected<void> insert_unit_row(Connection& c, const Unit& u) {
  auto q = TRY(c.cached(
      "INSERT INTO units (code, name, type_name, level, parent_code, valid_from, valid_to, "
      "sample, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  q->bind_all(u.code, u.name, u.type_name, u.level, u.parent_code, u.valid_from, u.valid_to,
              u.sample, u.note);
  return q->run();
}

Expected<void> insert_link(Connection& c, const std::string& predecessor,
                           const std::string& successor) {
  auto q = TRY(c.cached(
      "INSERT OR IGNORE INTO unit_links (predecessor_code, successor_code) VALUES (?, ?)"));
  q->bind_all(predecessor, successor);
  return q->run();
}

Expected<bool> table_empty(Connection& c, std::string_view table) {
  auto q = TRY(c.prepare("SELECT NOT EXISTS (SELECT 1 FROM " + std::string(table) + ")"));
  return TRY(q.step()) && q.boolean(0);
}

// Items ordered so that each one's parent (when it is among the items) comes before it, as
// the immediate foreign keys require. A cycle leaves the rest in input order (and the insert
// then fails on its foreign key).
template <typename T>
std::vector<const T*> parents_first(const std::vector<T>& items) {
  std::unordered_set<std::string> codes;
  for (const auto& item : items) {
    codes.insert(item.code);
  }
  std::unordered_set<std::string> placed;
  std::vector<const T*> out;
  out.reserve(items.size());
  std::vector<const T*> pending;
  pending.reserve(items.size());
  for (const auto& item : items) {
    pending.push_back(&item);
  }
  while (!pending.empty()) {
    std::vector<const T*> next;
    for (const T* item : pending) {
      const auto& parent = item->parent_code;
      if (!parent || !codes.contains(*parent) || placed.contains(*parent)) {
        out.push_back(item);
        placed.insert(item->code);
      } else {
        next.push_back(item);
      }
    }
    if (next.size() == pending.size()) {
      out.insert(out.end(), next.begin(), next.end());
      break;
    }
    pending.swap(next);
  }
  return out;
}

// An error of the seed, prefixed with the table and code at fault.
Expected<void> seeding(Expected<void> result, std::string_view table, const std::string& code) {
  if (result.ok()) {
    return result;
  }
  Error e = std::move(result).error();
  e.message =
      "Nạp dữ liệu danh mục thất bại (" + std::string(table) + " '" + code + "'): " + e.message;
  return e;
}

Expected<void> validate_new_unit_fields(Connection& c, const Unit& u) {
  if (u.code.empty()) {
    return invalid("code_required", "Mã đơn vị không được để trống", "code");
  }
  if (u.name.empty()) {
    return invalid("name_required", "Tên đơn vị không được để trống", "name");
  }
  if (!TRY(level_exists(c, u.level))) {
    return invalid("unknown_level", "Cấp hành chính không hợp lệ", "level");
  }
  if (u.parent_code) {
    const auto parent = TRY(find_unit(c, *u.parent_code));
    if (!parent) {
      return invalid("unknown_parent", "Không tìm thấy đơn vị hành chính cấp trên", "parent_code");
    }
  }
  if (u.valid_to && *u.valid_to < u.valid_from) {
    return invalid("bad_validity", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực", "valid_to");
  }
  return {};
}

}  // namespace

// ---- seeding ----

Expected<SeedReport> seed_reference(Connection& c, const ReferenceData& data, const Actor& actor) {
  SeedReport report;
  if (TRY(table_empty(c, "unit_levels"))) {
    auto q = TRY(c.cached("INSERT INTO unit_levels (code, name, rank) VALUES (?, ?, ?)"));
    for (const auto& l : data.levels) {
      q->bind_all(l.code, l.name, l.rank);
      TRY(seeding(q->run(), "unit_levels", l.code));
      q->reset();
      ++report.levels;
    }
  }
  if (TRY(table_empty(c, "units"))) {
    for (const Unit* u : parents_first(data.units)) {
      TRY(seeding(insert_unit_row(c, *u), "units", u->code));
      ++report.units;
    }
    for (const auto& u : data.units) {
      for (const auto& p : u.predecessor_codes) {
        TRY(seeding(insert_link(c, p, u.code), "unit_links", u.code));
      }
      for (const auto& s : u.successor_codes) {
        TRY(seeding(insert_link(c, u.code, s), "unit_links", u.code));
      }
    }
  }
  if (TRY(table_empty(c, "agencies"))) {
    auto q =
        TRY(c.cached("INSERT INTO agencies (code, name, kind, unit_code, parent_code, valid_to) "
                     "VALUES (?, ?, ?, ?, ?, ?)"));
    for (const Agency* a : parents_first(data.agencies)) {
      q->bind_all(a->code, a->name, a->kind, a->unit_code, a->parent_code, a->valid_to);
      TRY(seeding(q->run(), "agencies", a->code));
      q->reset();
      ++report.agencies;
    }
  }
  if (TRY(table_empty(c, "fields"))) {
    auto q = TRY(c.cached(
        "INSERT INTO fields (code, name, parent_code, sort_order, active) VALUES (?, ?, ?, ?, ?)"));
    for (const Field* f : parents_first(data.fields)) {
      q->bind_all(f->code, f->name, f->parent_code, f->sort_order, f->active);
      TRY(seeding(q->run(), "fields", f->code));
      q->reset();
      ++report.fields;
    }
  }
  if (TRY(table_empty(c, "holidays"))) {
    auto q =
        TRY(c.cached("INSERT INTO holidays (date, name, working_day, source) VALUES (?, ?, ?, ?)"));
    for (const auto& h : data.holidays) {
      q->bind_all(h.date, h.name, h.working_day, h.source);
      TRY(seeding(q->run(), "holidays", h.date.iso()));
      q->reset();
      ++report.holidays;
    }
  }
  if (TRY(table_empty(c, "deadline_rules"))) {
    for (const auto& r : data.deadline_rules) {
      TRY(seeding(validate_deadline_rule(r), "deadline_rules", r.id()));
      TRY(seeding(insert_deadline_rule(c, r), "deadline_rules", r.id()));
      ++report.deadline_rules;
    }
  }
  report.reception_duties = TRY(reception_ops::seed_duties(c, data.reception_duties));
  report.seeded = report.levels + report.units + report.agencies + report.fields + report.holidays +
                      report.deadline_rules + report.reception_duties >
                  0;
  if (report.seeded) {
    const json counts{{"levels", report.levels},
                      {"units", report.units},
                      {"agencies", report.agencies},
                      {"fields", report.fields},
                      {"holidays", report.holidays},
                      {"deadline_rules", report.deadline_rules},
                      {"reception_duties", report.reception_duties}};
    TRY(append_event(c, actor, "reference.seed", "reference", "seed", "", dump(counts)));
  }
  return report;
}

Expected<std::int64_t> read_reference_version(Connection& c) {
  auto q = TRY(c.cached("SELECT version FROM reference_state WHERE id = 1"));
  if (!TRY(q->step())) return internal_error("reference_state has no row");
  return q->int64(0);
}

// ---- units ----

Expected<std::vector<UnitLevel>> read_unit_levels(Connection& c) {
  auto q = TRY(c.cached("SELECT code, name, rank FROM unit_levels ORDER BY rank, code"));
  std::vector<UnitLevel> out;
  while (TRY(q->step())) {
    out.push_back(UnitLevel{q->text(0), q->text(1), q->int32(2)});
  }
  return out;
}

Expected<std::vector<Unit>> read_units(Connection& c, std::optional<Date> at) {
  std::vector<Unit> units;
  {
    auto q = TRY(c.cached(
        "SELECT " + std::string(kUnitColumns) +
        " FROM units u LEFT JOIN unit_levels l ON l.code = u.level "
        "WHERE ?1 IS NULL OR (u.valid_from <= ?1 AND (u.valid_to IS NULL OR ?1 <= u.valid_to)) "
        "ORDER BY coalesce(l.rank, 2147483647), u.code"));
    q->bind(1, at);
    while (TRY(q->step())) {
      units.push_back(TRY(unit_row(*q)));
    }
  }
  std::unordered_map<std::string, std::size_t> index;
  index.reserve(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    index.emplace(units[i].code, i);
  }
  auto links =
      TRY(c.cached("SELECT predecessor_code, successor_code FROM unit_links "
                   "ORDER BY predecessor_code, successor_code"));
  while (TRY(links->step())) {
    std::string pred = links->text(0), succ = links->text(1);
    if (auto it = index.find(pred); it != index.end()) {
      units[it->second].successor_codes.push_back(succ);
    }
    if (auto it = index.find(succ); it != index.end()) {
      units[it->second].predecessor_codes.push_back(pred);
    }
  }
  return units;
}

Expected<Unit> read_unit_row(Connection& c, const std::string& code) {
  auto u = TRY(find_unit_row(c, code));
  if (!u) {
    return unit_not_found();
  }
  return std::move(*u);
}

Expected<Unit> read_unit(Connection& c, const std::string& code) {
  auto u = TRY(find_unit(c, code));
  if (!u) {
    return unit_not_found();
  }
  return std::move(*u);
}

Expected<Unit> add_unit(Connection& c, const Unit& unit, const Actor& actor) {
  TRY(validate_new_unit_fields(c, unit));
  if (TRY(find_unit(c, unit.code))) {
    return conflict("unit_exists", "Mã đơn vị hành chính đã tồn tại", "code");
  }
  for (const auto& p : unit.predecessor_codes) {
    if (!TRY(find_unit(c, p))) {
      return unit_not_found("predecessor_codes");
    }
  }
  for (const auto& s : unit.successor_codes) {
    if (!TRY(find_unit(c, s))) {
      return unit_not_found("successor_codes");
    }
  }
  TRY(insert_unit_row(c, unit));
  for (const auto& p : unit.predecessor_codes) {
    TRY(insert_link(c, p, unit.code));
  }
  for (const auto& s : unit.successor_codes) {
    TRY(insert_link(c, unit.code, s));
  }
  Unit created = TRY(read_unit(c, unit.code));
  TRY(append_event(c, actor, "unit.create", "unit", created.code, "", dump(unit_json(created))));
  return created;
}

Expected<Unit> merge_units(Connection& c, const UnitMerger& merger, const Actor& actor) {
  const Unit& into = merger.into;
  const Date effective = into.valid_from;
  if (merger.from_codes.empty()) {
    return invalid("merger_empty", "Cần chọn ít nhất một đơn vị hành chính để sáp nhập",
                   "from_codes");
  }
  if (into.code.empty()) {
    return invalid("code_required", "Mã đơn vị không được để trống", "code");
  }

  std::unordered_set<std::string> seen;
  std::vector<Unit> old_units;
  for (const auto& code : merger.from_codes) {
    if (code == into.code) {
      return invalid("merge_into_itself", "Không thể sáp nhập một đơn vị vào chính nó",
                     "from_codes");
    }
    if (!seen.insert(code).second) {
      return invalid("duplicate_unit", "Một đơn vị hành chính được chọn nhiều lần", "from_codes");
    }
    auto old = TRY(find_unit(c, code));
    if (!old) {
      return unit_not_found("from_codes");
    }
    if (!old->valid_at(effective)) {
      return conflict(
          "unit_not_current",
          "Đơn vị hành chính " + old->full_name() + " không còn hiệu lực vào ngày sáp nhập",
          "from_codes");
    }
    if (!(old->valid_from < effective)) {
      return invalid("merger_too_early",
                     "Ngày sáp nhập phải sau ngày bắt đầu hiệu lực của " + old->full_name(),
                     "valid_from");
    }
    old_units.push_back(std::move(*old));
  }

  const auto existing = TRY(find_unit(c, into.code));
  if (existing) {
    // Extending a unit that goes on existing (the others are merged into it).
    if (!existing->valid_at(effective) || existing->level != into.level) {
      return conflict("unit_exists", "Mã đơn vị hành chính đã tồn tại", "code");
    }
  } else {
    TRY(validate_new_unit_fields(c, into));
  }
  for (const auto& old : old_units) {
    if (old.level != (existing ? existing->level : into.level)) {
      return invalid("level_mismatch", "Các đơn vị sáp nhập phải cùng cấp hành chính",
                     "from_codes");
    }
  }

  json before_from = json::array();
  for (const auto& old : old_units) {
    before_from.push_back(unit_json(old));
  }

  const Date last_day = effective.plus_days(-1);
  {
    auto end = TRY(c.cached("UPDATE units SET valid_to = ? WHERE code = ?"));
    for (const auto& old : old_units) {
      end->bind_all(last_day, old.code);
      TRY(end->run());
      end->reset();
    }
  }
  if (!existing) {
    Unit created = into;
    created.valid_from = effective;
    TRY(insert_unit_row(c, created));
  }
  for (const auto& old : old_units) {
    TRY(insert_link(c, old.code, into.code));
  }

  const Unit result = TRY(read_unit(c, into.code));
  json after_from = json::array();
  for (const auto& old : old_units) {
    after_from.push_back(unit_json(TRY(read_unit(c, old.code))));
  }
  const json before{{"from", before_from},
                    {"into", existing ? unit_json(*existing) : json(nullptr)}};
  const json after{
      {"from", after_from}, {"into", unit_json(result)}, {"decision", merger.decision}};
  TRY(append_event(c, actor, "unit.merge", "unit", result.code, dump(before), dump(after)));
  return result;
}

// ---- agencies and fields ----

Expected<std::vector<Agency>> read_agencies(Connection& c) {
  auto q = TRY(c.cached(
      "SELECT code, name, kind, unit_code, parent_code, valid_to FROM agencies ORDER BY code"));
  std::vector<Agency> out;
  while (TRY(q->step())) {
    out.push_back(Agency{q->text(0), q->text(1), q->text(2), q->text(3), q->opt_text(4),
                         TRY(q->opt_date(5))});
  }
  return out;
}

Expected<Agency> read_agency(Connection& c, const std::string& code) {
  auto q = TRY(c.cached(
      "SELECT code, name, kind, unit_code, parent_code, valid_to FROM agencies WHERE code = ?"));
  q->bind(1, code);
  if (!TRY(q->step())) {
    return not_found("agency_not_found", "Không tìm thấy cơ quan, đơn vị", "code");
  }
  return Agency{q->text(0), q->text(1),     q->text(2),
                q->text(3), q->opt_text(4), TRY(q->opt_date(5))};
}

Expected<std::vector<Field>> read_fields(Connection& c) {
  auto q = TRY(c.cached(
      "SELECT code, name, parent_code, sort_order, active FROM fields ORDER BY sort_order, code"));
  std::vector<Field> out;
  while (TRY(q->step())) {
    out.push_back(Field{q->text(0), q->text(1), q->opt_text(2), q->int32(3), q->boolean(4)});
  }
  return out;
}

// ---- holidays ----

Expected<std::vector<Holiday>> read_holidays(Connection& c, std::optional<Date> from,
                                             std::optional<Date> to) {
  auto q = TRY(
      c.cached("SELECT date, name, working_day, source FROM holidays "
               "WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2) ORDER BY date"));
  q->bind_all(from, to);
  std::vector<Holiday> out;
  while (TRY(q->step())) {
    out.push_back(Holiday{TRY(q->date(0)), q->text(1), q->boolean(2), q->text(3)});
  }
  return out;
}

Expected<Holiday> add_holiday(Connection& c, const Holiday& holiday, const Actor& actor) {
  if (holiday.name.empty()) {
    return invalid("name_required", "Tên ngày nghỉ không được để trống", "name");
  }
  if (!TRY(read_holidays(c, holiday.date, holiday.date)).empty()) {
    return conflict("holiday_exists", "Ngày này đã có trong lịch nghỉ", "date");
  }
  auto q =
      TRY(c.cached("INSERT INTO holidays (date, name, working_day, source) VALUES (?, ?, ?, ?)"));
  q->bind_all(holiday.date, holiday.name, holiday.working_day, holiday.source);
  TRY(q->run());
  TRY(append_event(c, actor, "holiday.create", "holiday", holiday.date.iso(), "",
                   dump(holiday_json(holiday))));
  return holiday;
}

Expected<void> remove_holiday(Connection& c, const Date& date, const Actor& actor) {
  const auto found = TRY(read_holidays(c, date, date));
  if (found.empty()) {
    return not_found("holiday_not_found", "Không tìm thấy ngày này trong lịch nghỉ", "date");
  }
  auto q = TRY(c.cached("DELETE FROM holidays WHERE date = ?"));
  q->bind(1, date);
  TRY(q->run());
  TRY(append_event(c, actor, "holiday.delete", "holiday", date.iso(), dump(holiday_json(found[0])),
                   ""));
  return {};
}

}  // namespace doithoai::store::sqlite

namespace doithoai::store::sqlite {

namespace {

json agency_json(const Agency& a) {
  return json{{"code", a.code},
              {"name", a.name},
              {"kind", a.kind},
              {"unit_code", a.unit_code},
              {"parent_code", opt(a.parent_code)},
              {"valid_to", opt(a.valid_to)}};
}

json field_json(const Field& f) {
  return json{{"code", f.code},
              {"name", f.name},
              {"parent_code", opt(f.parent_code)},
              {"sort_order", f.sort_order},
              {"active", f.active}};
}

}  // namespace

// ---- adding agencies and fields (the admin screens) ----

Expected<Agency> add_agency(Connection& c, const Agency& agency, const Actor& actor) {
  if (agency.code.empty()) return invalid("required", "Mã cơ quan không được để trống", "code");
  if (agency.name.empty()) return invalid("required", "Tên cơ quan không được để trống", "name");
  if (agency.kind.empty()) return invalid("required", "Cần chọn loại cơ quan", "kind");
  if (read_agency(c, agency.code).ok()) {
    return conflict("agency_exists", "Mã cơ quan đã tồn tại", "code");
  }
  if (!read_unit(c, agency.unit_code).ok()) return unit_not_found("unit_code");
  if (agency.parent_code && !read_agency(c, *agency.parent_code).ok()) {
    return not_found("agency_not_found", "Không tìm thấy cơ quan cấp trên", "parent_code");
  }
  auto q =
      TRY(c.cached("INSERT INTO agencies (code, name, kind, unit_code, parent_code, valid_to) "
                   "VALUES (?, ?, ?, ?, ?, ?)"));
  q->bind_all(agency.code, agency.name, agency.kind, agency.unit_code, agency.parent_code,
              agency.valid_to);
  TRY(q->run());
  TRY(append_event(c, actor, "agency.create", "agency", agency.code, "",
                   dump(agency_json(agency))));
  return read_agency(c, agency.code);
}

Expected<Field> add_field(Connection& c, const Field& field, const Actor& actor) {
  if (field.code.empty()) return invalid("required", "Mã lĩnh vực không được để trống", "code");
  if (field.name.empty()) return invalid("required", "Tên lĩnh vực không được để trống", "name");
  const auto fields = TRY(read_fields(c));
  for (const auto& f : fields) {
    if (f.code == field.code) return conflict("field_exists", "Mã lĩnh vực đã tồn tại", "code");
  }
  if (field.parent_code) {
    const bool known = std::any_of(fields.begin(), fields.end(),
                                   [&](const Field& f) { return f.code == *field.parent_code; });
    if (!known) {
      return not_found("field_not_found", "Không tìm thấy lĩnh vực cấp trên", "parent_code");
    }
  }
  auto q = TRY(c.cached(
      "INSERT INTO fields (code, name, parent_code, sort_order, active) VALUES (?, ?, ?, ?, ?)"));
  q->bind_all(field.code, field.name, field.parent_code, field.sort_order, field.active);
  TRY(q->run());
  TRY(append_event(c, actor, "field.create", "field", field.code, "", dump(field_json(field))));
  return field;
}

// A field is never deleted (matters keep their code): it is closed to new matters.
Expected<Field> set_field_active(Connection& c, const std::string& code, bool active,
                                 const Actor& actor) {
  const auto fields = TRY(read_fields(c));
  const auto it =
      std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return f.code == code; });
  if (it == fields.end()) return not_found("field_not_found", "Không tìm thấy lĩnh vực", "code");
  Field after = *it;
  after.active = active;
  auto q = TRY(c.cached("UPDATE fields SET active = ? WHERE code = ?"));
  q->bind_all(active, code);
  TRY(q->run());
  TRY(append_event(c, actor, active ? "field.activate" : "field.deactivate", "field", code,
                   dump(field_json(*it)), dump(field_json(after))));
  return after;
}

}  // namespace doithoai::store::sqlite
