// The deadline rules table: rows of deadlines::Rule, seeded from data/deadline_rules.tsv and
// added by admins. A rule is never edited in place: a new version gets a new valid_from.
#include <nlohmann/json.hpp>

#include "store/sqlite/ops.hpp"

namespace doithoai::store::sqlite {

namespace {

using nlohmann::json;

std::string_view count_text(deadlines::DayCount c) {
  return c == deadlines::DayCount::calendar ? "calendar" : "working";
}
std::string_view anchor_text(deadlines::Anchor a) {
  return a == deadlines::Anchor::accepted ? "accepted" : "received";
}

json rule_json(const deadlines::Rule& r) {
  return json{{"id", r.id()},
              {"kind", r.kind ? json(code(*r.kind)) : json(nullptr)},
              {"step", r.step},
              {"days", r.days},
              {"count", count_text(r.count)},
              {"from", anchor_text(r.from)},
              {"extension_days", r.extension_days},
              {"max_extensions", r.max_extensions},
              {"valid_from", r.valid_from.iso()},
              {"confirmed", r.confirmed},
              {"source", r.source}};
}

Expected<bool> rule_exists(Connection& c, const deadlines::Rule& r) {
  auto q =
      TRY(c.cached("SELECT 1 FROM deadline_rules WHERE coalesce(kind, '*') = ? AND step = ? AND "
                   "valid_from = ?"));
  q->bind_all(r.kind ? code(*r.kind) : std::string_view("*"), r.step, r.valid_from);
  return TRY(q->step());
}

}  // namespace

Expected<void> validate_deadline_rule(const deadlines::Rule& rule) {
  TRY(deadlines::validate(rule));
  if (rule.step != "resolve" && rule.from != deadlines::Anchor::received) {
    return invalid("bad_anchor", "Thời hạn thông báo và thụ lý tính từ ngày nhận vụ việc", "from");
  }
  if (rule.source.empty()) {
    return invalid("source_required",
                   "Cần ghi căn cứ của quy tắc (điều luật, văn bản) hoặc \"CHƯA XÁC NHẬN\"",
                   "source");
  }
  return {};
}

Expected<void> insert_deadline_rule(Connection& c, const deadlines::Rule& r) {
  auto q = TRY(c.cached(
      "INSERT INTO deadline_rules (kind, step, days, count, from_anchor, extension_days, "
      "max_extensions, valid_from, confirmed, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  std::optional<std::string_view> kind;
  if (r.kind) {
    kind = code(*r.kind);
  }
  q->bind_all(kind, r.step, r.days, count_text(r.count), anchor_text(r.from), r.extension_days,
              r.max_extensions, r.valid_from, r.confirmed, r.source);
  return q->run();
}

Expected<std::vector<deadlines::Rule>> read_deadline_rules(Connection& c) {
  auto q =
      TRY(c.cached("SELECT kind, step, days, count, from_anchor, extension_days, max_extensions, "
                   "valid_from, confirmed, source FROM deadline_rules "
                   "ORDER BY coalesce(kind, ''), step, valid_from"));
  std::vector<deadlines::Rule> out;
  while (TRY(q->step())) {
    deadlines::Rule r;
    if (!q->is_null(0)) {
      r.kind = parse_kind(q->text(0));
      if (!r.kind) {
        return internal_error("Loại vụ việc không hợp lệ trong bảng deadline_rules: " + q->text(0));
      }
    }
    r.step = q->text(1);
    r.days = q->int32(2);
    r.count =
        q->text(3) == "calendar" ? deadlines::DayCount::calendar : deadlines::DayCount::working;
    r.from = q->text(4) == "accepted" ? deadlines::Anchor::accepted : deadlines::Anchor::received;
    r.extension_days = q->int32(5);
    r.max_extensions = q->int32(6);
    r.valid_from = TRY(q->date(7));
    r.confirmed = q->boolean(8);
    r.source = q->text(9);
    out.push_back(std::move(r));
  }
  return out;
}

Expected<deadlines::Rule> add_deadline_rule(Connection& c, const deadlines::Rule& rule,
                                            const Actor& actor) {
  TRY(validate_deadline_rule(rule));
  if (TRY(rule_exists(c, rule))) {
    return conflict("deadline_rule_exists",
                    "Đã có quy tắc thời hạn cho loại vụ việc, bước và ngày hiệu lực này",
                    "valid_from");
  }
  TRY(insert_deadline_rule(c, rule));
  TRY(append_event(c, actor, "deadline_rule.create", "deadline_rule", rule.id(), "",
                   rule_json(rule).dump(-1, ' ', false, json::error_handler_t::replace)));
  return rule;
}

}  // namespace doithoai::store::sqlite
