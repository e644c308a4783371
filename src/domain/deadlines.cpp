#include "domain/deadlines.hpp"

#include <algorithm>

namespace doithoai::deadlines {

std::string Rule::id() const {
  return std::string(kind ? code(*kind) : "*") + "/" + step + "@" + valid_from.iso();
}

std::vector<Rule> rules_in_force(const std::vector<Rule>& rules, Kind kind, Date on) {
  std::vector<Rule> out;
  for (const auto& r : rules) {
    if (r.kind && *r.kind != kind) continue;
    if (on < r.valid_from) continue;
    auto same_step =
        std::find_if(out.begin(), out.end(), [&](const Rule& o) { return o.step == r.step; });
    if (same_step == out.end()) {
      out.push_back(r);
      continue;
    }
    // A kind-specific row beats a row for every kind; among equals, the newest version wins.
    const bool more_specific = r.kind.has_value() && !same_step->kind.has_value();
    const bool less_specific = !r.kind.has_value() && same_step->kind.has_value();
    if (more_specific || (!less_specific && same_step->valid_from < r.valid_from)) *same_step = r;
  }
  return out;
}

namespace {

Date add(const WorkingCalendar& calendar, DayCount count, Date from, int days) {
  return count == DayCount::working ? calendar.add_working_days(from, days)
                                    : calendar.add_calendar_days(from, days);
}

std::optional<Date> met_on(const Facts& facts, const std::string& step) {
  for (const auto& [s, d] : facts.met) {
    if (s == step) return d;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Deadline> compute(const std::vector<Rule>& rules, const WorkingCalendar& calendar,
                              const Facts& facts) {
  std::vector<Deadline> out;
  for (const auto& rule : rules_in_force(rules, facts.kind, facts.received_on)) {
    std::optional<Date> anchor =
        rule.from == Anchor::received ? std::optional(facts.received_on) : facts.accepted_on;
    if (!anchor) continue;
    Deadline d;
    d.step = rule.step;
    d.rule = rule.id();
    d.due_on = add(calendar, rule.count, *anchor, rule.days);
    if (rule.step == "resolve") {
      d.extensions = std::min(facts.extensions, rule.max_extensions);
      // Each extension runs on from the end of the period before it.
      for (int i = 0; i < d.extensions; ++i) {
        d.due_on = add(calendar, rule.count, d.due_on, rule.extension_days);
      }
    }
    d.met_on = met_on(facts, rule.step);
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const Deadline& a, const Deadline& b) {
    return a.due_on < b.due_on || (a.due_on == b.due_on && a.step < b.step);
  });
  return out;
}

Expected<void> may_extend(const std::vector<Rule>& rules, const Facts& facts) {
  for (const auto& rule : rules_in_force(rules, facts.kind, facts.received_on)) {
    if (rule.step != "resolve") continue;
    if (rule.max_extensions == 0 || rule.extension_days == 0) {
      return conflict("extension_not_allowed",
                      "Pháp luật không cho phép gia hạn thời hạn giải quyết loại vụ việc này");
    }
    if (facts.extensions >= rule.max_extensions) {
      return conflict("extension_limit", "Đã gia hạn tối đa " +
                                             std::to_string(rule.max_extensions) +
                                             " lần theo quy định (" + rule.source + ")");
    }
    return {};
  }
  return conflict("extension_not_allowed", "Vụ việc này không có thời hạn giải quyết để gia hạn");
}

Expected<void> validate(const Rule& rule) {
  if (rule.step != "notify" && rule.step != "accept" && rule.step != "resolve") {
    return invalid("unknown_step", "Bước phải là notify, accept hoặc resolve", "step");
  }
  if (rule.days < 1 || rule.days > 365) {
    return invalid("bad_days", "Số ngày phải từ 1 đến 365", "days");
  }
  if (rule.extension_days < 0 || rule.extension_days > 365 || rule.max_extensions < 0 ||
      rule.max_extensions > 5) {
    return invalid("bad_extension",
                   "Số ngày gia hạn (0-365) hoặc số lần gia hạn (0-5) không hợp lệ",
                   "extension_days");
  }
  if (rule.step != "resolve" && (rule.extension_days != 0 || rule.max_extensions != 0)) {
    return invalid("bad_extension", "Chỉ thời hạn giải quyết (resolve) mới được gia hạn",
                   "max_extensions");
  }
  return {};
}

}  // namespace doithoai::deadlines
