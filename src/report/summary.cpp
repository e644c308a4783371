#include "report/summary.hpp"

#include <algorithm>
#include <map>

#include "domain/text.hpp"
#include "report/format.hpp"
#include "store/alongside.hpp"

namespace doithoai::report {

namespace {

const Agency* find_agency(const Reference& ref, const std::string& code) {
  for (const auto& a : ref.agencies) {
    if (a.code == code) return &a;
  }
  return nullptr;
}

std::string unit_name(const Reference& ref, const std::string& code) {
  const Unit* u = ref.units.find(code);
  return u != nullptr ? u->full_name() : code;
}

std::string agency_name(const Reference& ref, const std::string& code) {
  if (code.empty()) return "Chưa giao cơ quan chủ trì";
  const Agency* a = find_agency(ref, code);
  return a != nullptr ? a->name : code;
}

// The unit whose children make the rows of the by-unit breakdown.
std::string row_root(const SummaryRequest& r, const Reference& ref) {
  if (r.scope == SummaryRequest::Scope::unit) return r.code;
  const Agency* a = find_agency(ref, r.code);
  return a != nullptr ? a->unit_code : std::string();
}

// Which row of the by-unit breakdown each unit counts in: a unit of the subtree counts in the
// child of the root it lies under (the root's own matters in the root's row); a unit merged
// into the scope counts in its own row (the old commune stays visible), and a unit merged
// into a unit below counts where that unit counts.
std::unordered_map<std::string, std::string> unit_rows(const UnitTree& tree,
                                                       const std::string& root) {
  std::unordered_map<std::string, std::string> rows;
  std::vector<std::string> queue = tree.subtree(root);
  for (const auto& u : queue) {
    const auto path = tree.path(u);
    const auto at = std::find(path.begin(), path.end(), root);
    rows[u] = at == path.begin() || at == path.end() ? root : *(at - 1);
  }
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const Unit* u = tree.find(queue[i]);
    if (u == nullptr) continue;
    for (const auto& p : u->predecessor_codes) {
      if (rows.count(p) != 0) continue;
      const std::string row = queue[i] == root ? p : rows[queue[i]];
      for (const auto& x : tree.subtree(p)) {
        if (rows.emplace(x, row).second) queue.push_back(x);
      }
    }
  }
  return rows;
}

std::vector<std::string> rollup_units(const SummaryRequest& r, const Reference& ref) {
  if (r.scope != SummaryRequest::Scope::unit) return {};
  std::vector<std::string> out;
  for (const auto& [unit, row] : unit_rows(ref.units, r.code)) out.push_back(unit);
  std::sort(out.begin(), out.end());
  return out;
}

// Rows keyed by code, kept in the order they were declared.
class Rows {
 public:
  Row& add(const std::string& code, std::string name) {
    const auto [it, inserted] = index_.emplace(code, rows_.size());
    if (inserted) rows_.push_back(Row{code, std::move(name)});
    return rows_[it->second];
  }
  Row* find(const std::string& code) {
    const auto it = index_.find(code);
    return it == index_.end() ? nullptr : &rows_[it->second];
  }
  std::vector<Row> take() { return std::move(rows_); }

 private:
  std::vector<Row> rows_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace

Expected<void> validate(const SummaryRequest& r, const Reference& ref) {
  if (r.to < r.from) {
    return invalid("bad_period", "Ngày kết thúc kỳ báo cáo phải sau hoặc bằng ngày bắt đầu", "to");
  }
  if (r.code.empty()) {
    return invalid("scope_required", "Cần chọn đơn vị (unit) hoặc cơ quan (agency) để báo cáo",
                   "unit");
  }
  if (r.scope == SummaryRequest::Scope::unit && !ref.units.contains(r.code)) {
    return invalid("unknown_unit", "Đơn vị không tồn tại: \"" + r.code + "\"", "unit");
  }
  if (r.scope == SummaryRequest::Scope::agency && find_agency(ref, r.code) == nullptr) {
    return invalid("unknown_agency", "Cơ quan không tồn tại: \"" + r.code + "\"", "agency");
  }
  return {};
}

store::ReportFilter report_filter(const SummaryRequest& r, const Reference& ref) {
  store::ReportFilter f;
  f.from = r.from;
  f.to = r.to;
  f.as_of = r.as_of;
  f.overdue_limit = r.overdue_limit;
  if (r.scope == SummaryRequest::Scope::unit) {
    f.unit_codes = rollup_units(r, ref);
  } else {
    f.agency_code = r.code;
  }
  return f;
}

DialogueQuery dialogue_query(const SummaryRequest& r, const Reference& ref) {
  DialogueQuery q;
  q.from = r.from;
  q.to = r.to;
  if (r.scope == SummaryRequest::Scope::unit) {
    q.unit_codes = rollup_units(r, ref);
    q.unit_code = r.code;
  } else {
    q.host_agency = r.code;
  }
  return q;
}

Summary assemble(const SummaryRequest& r, const Reference& ref, const store::ReportData& data,
                 const DialogueFigures& dialogues) {
  Summary s;
  s.request = r;
  if (r.scope == SummaryRequest::Scope::unit) {
    s.scope_name = unit_name(ref, r.code);
  } else if (const Agency* a = find_agency(ref, r.code)) {
    s.scope_name = a->name;
    s.scope_kind_name = a->kind;
  }

  // The fixed breakdowns list every value, in the order of the domain.
  Rows kinds, channels, statuses, fields, units, hosts;
  for (const Kind k : all_kinds()) kinds.add(std::string(code(k)), std::string(name_vi(k)));
  for (const Channel c : all_channels()) {
    channels.add(std::string(code(c)), std::string(name_vi(c)));
  }
  for (const Status st : all_statuses()) {
    if (st != Status::merged) statuses.add(std::string(code(st)), std::string(name_vi(st)));
  }
  std::vector<Field> ordered = ref.fields;
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Field& a, const Field& b) { return a.sort_order < b.sort_order; });
  for (const auto& f : ordered) {
    if (f.active) fields.add(f.code, f.name);
  }

  // Units: the root's row, then its children in Vietnamese order; other rows (units merged
  // into the scope) as they come.
  const std::string root = row_root(r, ref);
  const auto rows_of = unit_rows(ref.units, root);
  auto unit_row = [&](const std::string& unit) -> Row& {
    const auto it = rows_of.find(unit);
    const std::string& code = it == rows_of.end() ? unit : it->second;
    return units.add(code, unit_name(ref, code));
  };
  if (!root.empty()) {
    units.add(root, unit_name(ref, root));
    std::vector<std::string> children = ref.units.children(root);
    text::sort_vi(children, [&](const std::string& code) { return unit_name(ref, code); });
    for (const auto& c : children) units.add(c, unit_name(ref, c));
  }

  auto field_row = [&](const std::string& code) -> Row& {
    if (code.empty()) return fields.add("", "Chưa phân loại lĩnh vực");
    if (Row* row = fields.find(code)) return *row;
    for (const auto& f : ref.fields) {
      if (f.code == code) return fields.add(code, f.name);
    }
    return fields.add(code, code);
  };

  // A tally counts in the row of its value; the kind's tallies (one per matter and per
  // submission) make the totals and the units' rows. Matters first, then submissions: rows that
  // are not listed beforehand come in the order their codes first appear.
  auto row_of = [&](const store::ReportTally& t) -> Row& {
    switch (t.dimension) {
      case store::ReportDimension::kind:
        return kinds.add(t.value, "");
      case store::ReportDimension::channel:
        return channels.add(t.value, "");
      case store::ReportDimension::status: {
        const auto st = parse_status(t.value);
        return statuses.add(t.value, st ? std::string(name_vi(*st)) : t.value);
      }
      case store::ReportDimension::field:
        break;
    }
    return field_row(t.value);
  };
  for (const auto& t : data.tallies) {
    if (t.matters == 0) continue;
    row_of(t).matters += t.matters;
    if (t.dimension == store::ReportDimension::kind) {
      s.matters += t.matters;
      unit_row(t.unit_code).matters += t.matters;
    }
  }
  for (const auto& t : data.tallies) {
    if (t.submissions == 0) continue;
    row_of(t).submissions += t.submissions;
    if (t.dimension == store::ReportDimension::kind) {
      s.matter_submissions += t.submissions;
      s.people += t.people;
      unit_row(t.unit_code).submissions += t.submissions;
    }
  }

  s.dialogues_recorded = dialogues.recorded;
  s.dialogues = dialogues.total.dialogues;
  s.attendances = dialogues.total.attendances;
  for (const auto& [unit, tally] : dialogues.by_unit) {
    Row& row = unit_row(unit);
    row.dialogues += tally.dialogues;
    row.attendances += tally.attendances;
    row.dialogue_submissions += tally.submissions;
  }
  for (const auto& [agency, tally] : dialogues.by_host_agency) {
    Row& row = hosts.add(agency, agency_name(ref, agency));
    row.dialogues += tally.dialogues;
    row.attendances += tally.attendances;
    row.dialogue_submissions += tally.submissions;
  }
  // A unit's lượt ý kiến are every submission in its scope (those raised at its dialogues are
  // recorded as submissions too); an agency's are the opinions raised at the dialogues it
  // hosted, as the district's statistics count them.
  s.submissions =
      r.scope == SummaryRequest::Scope::unit ? s.matter_submissions : dialogues.total.submissions;

  s.by_kind = kinds.take();
  s.by_channel = channels.take();
  s.by_status = statuses.take();
  s.by_field = fields.take();
  // Units with nothing to show, other than the root's children, are left out.
  const auto& children = ref.units.children(root);
  for (auto& row : units.take()) {
    const bool child = std::find(children.begin(), children.end(), row.code) != children.end();
    if (child || row.matters != 0 || row.submissions != 0 || row.dialogues != 0 ||
        row.attendances != 0) {
      s.by_unit.push_back(std::move(row));
    }
  }
  s.by_host_agency = hosts.take();
  text::sort_vi(s.by_host_agency, [](const Row& r) { return r.name; });

  for (const auto& t : data.timeliness) {
    s.timeliness.push_back(TimelinessRow{t.agency_code, agency_name(ref, t.agency_code), t.kind,
                                         t.on_time, t.late, t.overdue});
    s.on_time += t.on_time;
    s.late += t.late;
  }
  // Assigned agencies first, by name, each one's kinds in order (stable sorts, last key first).
  std::stable_sort(s.timeliness.begin(), s.timeliness.end(),
                   [](const TimelinessRow& a, const TimelinessRow& b) { return a.kind < b.kind; });
  text::sort_vi(s.timeliness, [](const TimelinessRow& t) { return t.agency_name; });
  std::stable_sort(s.timeliness.begin(), s.timeliness.end(),
                   [](const TimelinessRow& a, const TimelinessRow& b) {
                     return !a.agency_code.empty() && b.agency_code.empty();
                   });
  s.overdue = data.overdue_total;
  for (const auto& m : data.overdue) {
    s.overdue_items.push_back(
        OverdueRow{m, unit_name(ref, m.unit_code),
                   m.agency_code.empty() ? std::string() : agency_name(ref, m.agency_code),
                   r.as_of.days() - m.due_on.days()});
  }
  s.intake = data.intake;
  s.prose = prose(s);
  return s;
}

Expected<Summary> build_summary(const SummaryRequest& request, const Reference& reference,
                                store::ReportStore& store, DialogueSource& dialogues) {
  TRY(validate(request, reference));
  // The dialogues are counted while the matters are.
  Expected<DialogueFigures> figures = DialogueFigures{};
  const auto data =
      TRY(store::alongside([&] { figures = dialogues.figures(dialogue_query(request, reference)); },
                           [&] { return store.summary_data(report_filter(request, reference)); }));
  if (!figures.ok()) return std::move(figures).error();
  return assemble(request, reference, data, *figures);
}

Expected<std::vector<store::MonthTimeliness>> monthly_timeliness(const SummaryRequest& request,
                                                                 const Reference& reference,
                                                                 store::ReportStore& store) {
  TRY(validate(request, reference));
  return store.monthly_timeliness(report_filter(request, reference));
}

std::string period_phrase(const Date& from, const Date& to) {
  if (from.month == 1 && from.day == 1 && to.month == 12 && to.day == 31) {
    if (from.year == to.year) return "Năm " + std::to_string(from.year);
    return "Từ năm " + std::to_string(from.year) + "-" + std::to_string(to.year);
  }
  if (from == to) return "Ngày " + from.vi();
  return "Từ ngày " + from.vi() + " đến ngày " + to.vi();
}

std::string prose(const Summary& s) {
  const auto& r = s.request;
  const bool agency = r.scope == SummaryRequest::Scope::agency;
  std::string out = period_phrase(r.from, r.to) + ", ";
  const std::string who =
      agency ? (s.scope_kind_name == "party_committee" ? "người đứng đầu " + s.scope_name
                                                       : s.scope_name)
             : "trên địa bàn " + s.scope_name;
  if (s.dialogues_recorded && s.dialogues > 0) {
    out += who + " đã tổ chức " + about(s.dialogues) + " cuộc đối thoại với " +
           about(s.attendances) + " lượt người tham dự";
    if (agency) {
      out += ", có " + about(s.submissions) + " lượt ý kiến. " + s.scope_name +
             " chủ trì giải quyết " + format_number(s.matters) + " vụ việc tiếp nhận trong kỳ.";
    } else {
      out += "; đã tiếp nhận " + format_number(s.submissions) + " lượt ý kiến, tổng hợp thành " +
             format_number(s.matters) + " vụ việc.";
    }
  } else if (agency) {
    out += s.scope_name + " chủ trì giải quyết " + format_number(s.matters) +
           " vụ việc tiếp nhận trong kỳ, với " + format_number(s.matter_submissions) +
           " lượt ý kiến.";
  } else {
    out += who + " đã tiếp nhận " + format_number(s.submissions) + " lượt ý kiến, tổng hợp thành " +
           format_number(s.matters) + " vụ việc.";
  }
  const std::int64_t handled = s.on_time + s.late;
  if (handled > 0) {
    out += " Đã giải quyết " + format_number(handled) + " vụ việc, trong đó " +
           format_number(s.on_time) + " vụ việc đúng hạn (" + format_percent(s.on_time, handled) +
           ")" + (s.late > 0 ? ", " + format_number(s.late) + " vụ việc trễ hạn." : ".");
  }
  out += " Đến ngày " + r.as_of.vi() +
         (s.overdue > 0 ? ", còn " + format_number(s.overdue) + " vụ việc quá hạn giải quyết."
                        : ", không có vụ việc quá hạn giải quyết.");
  return out;
}

}  // namespace doithoai::report
