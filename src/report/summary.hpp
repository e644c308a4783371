// The summary report (báo cáo tổng hợp) for a period and a scope: a unit with its subtree and
// what merged into it, or an agency. Figures of dialogues come from a DialogueSource (the
// dialogues module fills it); figures of matters and submissions from the store's aggregates.
// The same Summary is rendered as JSON (API and CLI), XLSX and text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/matter.hpp"
#include "domain/model.hpp"
#include "domain/result.hpp"
#include "domain/unit_tree.hpp"
#include "report/document.hpp"
#include "report/xlsx.hpp"
#include "store/reports.hpp"

namespace doithoai::report {

// ---- the seam to the dialogues module ----

// Dialogues (hội nghị đối thoại) held, people attending (lượt người) and opinions raised at
// them (lượt ý kiến).
struct DialogueTally {
  std::int64_t dialogues = 0;
  std::int64_t attendances = 0;
  std::int64_t submissions = 0;
};

struct DialogueQuery {
  Date from, to;                        // dialogues held in this period (inclusive)
  std::vector<std::string> unit_codes;  // held in these units (empty with host_agency set)
  std::string unit_code;                // the scope's unit (its subtree and predecessors)
  std::string host_agency;              // or hosted by this agency
};

struct DialogueFigures {
  bool recorded = false;  // false: no dialogue source is wired in; the figures are not known
  DialogueTally total;
  std::vector<std::pair<std::string, DialogueTally>> by_host_agency;  // agency code
  std::vector<std::pair<std::string, DialogueTally>> by_unit;         // unit where held
};

class DialogueSource {
 public:
  virtual ~DialogueSource() = default;
  virtual Expected<DialogueFigures> figures(const DialogueQuery& query) = 0;
};

// The stand-in until dialogues are stored: it knows of no dialogue, says so (recorded =
// false), and the summary shows no dialogue figure as a fact.
class NoDialogueSource final : public DialogueSource {
 public:
  Expected<DialogueFigures> figures(const DialogueQuery&) override { return DialogueFigures{}; }
};

// ---- the summary ----

struct SummaryRequest {
  Date from, to;
  Date as_of;  // overdue as of this day (today, normally)
  enum class Scope { unit, agency } scope = Scope::unit;
  std::string code;  // unit or agency code
  int overdue_limit = 100;
};

// Names for codes: the units (with their hierarchy), agencies and fields.
struct Reference {
  const UnitTree& units;
  const std::vector<Agency>& agencies;
  const std::vector<Field>& fields;
};

// One line of a breakdown.
struct Row {
  std::string code;
  std::string name;
  std::int64_t matters = 0;
  std::int64_t submissions = 0;  // lượt ý kiến of those matters received in the period
  std::int64_t dialogues = 0;    // by unit and by host agency only
  std::int64_t attendances = 0;
  std::int64_t dialogue_submissions = 0;
};

struct TimelinessRow {
  std::string agency_code;
  std::string agency_name;
  Kind kind = Kind::phan_anh;
  std::int64_t on_time = 0, late = 0, overdue = 0;
};

struct OverdueRow {
  store::OverdueMatter matter;
  std::string unit_name;
  std::string agency_name;
  std::int64_t days_overdue = 0;  // calendar days past the due date, as of as_of
};

struct Summary {
  SummaryRequest request;
  std::string scope_name;       // "huyện Vĩnh Bảo", "Huyện ủy Vĩnh Bảo"
  std::string scope_kind_name;  // for agencies: their kind (party_committee, ...)
  bool dialogues_recorded = false;
  std::int64_t dialogues = 0;
  std::int64_t attendances = 0;
  // Lượt ý kiến: for a unit, every submission received in the period in its scope; for an
  // agency, the opinions raised at the dialogues it hosted (as the press counts them).
  std::int64_t submissions = 0;
  std::int64_t matter_submissions = 0;  // submissions of the matters in scope, any channel
  std::int64_t matters = 0;             // received in the period, merged ones left out
  std::int64_t people = 0;              // people behind those submissions
  std::vector<Row> by_unit, by_field, by_kind, by_channel, by_status, by_host_agency;
  std::vector<TimelinessRow> timeliness;
  std::int64_t on_time = 0, late = 0, overdue = 0;
  std::vector<OverdueRow> overdue_items;
  store::IntakeFigures intake;
  std::string prose;  // a short summary in Vietnamese
};

// Checks the request against the reference data: the period (to >= from), the code (an
// existing unit or agency). Errors are "invalid" with the field at fault.
Expected<void> validate(const SummaryRequest& request, const Reference& reference);

// The store filter and the dialogue query for a request (scope expanded through the tree).
store::ReportFilter report_filter(const SummaryRequest& request, const Reference& reference);
DialogueQuery dialogue_query(const SummaryRequest& request, const Reference& reference);

// Folds the store's aggregates and the dialogue figures into the summary. Pure.
Summary assemble(const SummaryRequest& request, const Reference& reference,
                 const store::ReportData& data, const DialogueFigures& dialogues);

// validate + the store read + the dialogue figures + assemble.
Expected<Summary> build_summary(const SummaryRequest& request, const Reference& reference,
                                store::ReportStore& store, DialogueSource& dialogues);

// validate + the resolve deadlines met on time and late in each month the request's period
// touches, in its scope (the on-time rate over time), from one store read.
Expected<std::vector<store::MonthTimeliness>> monthly_timeliness(const SummaryRequest& request,
                                                                 const Reference& reference,
                                                                 store::ReportStore& store);

// The Vietnamese sentence(s) of the summary, in the style of the district's press releases:
// "Từ năm 2016-2020, người đứng đầu Huyện ủy Vĩnh Bảo đã tổ chức 13 cuộc đối thoại với trên
// 2.600 lượt người tham dự, có 587 lượt ý kiến; ..."
std::string prose(const Summary& summary);

// "Năm 2021", "Từ năm 2016-2020", or "Từ ngày 01/01/2021 đến ngày 30/09/2021".
std::string period_phrase(const Date& from, const Date& to);

// ---- renderings ----
std::string summary_json(const Summary& summary);
std::string summary_text(const Summary& summary);
XlsxWorkbook summary_workbook(const Summary& summary);
// The summary as an official report (BÁO CÁO) for write_docx / write_pdf: the figures, the
// sentence, and tables by unit, field and lead agency. Dated as_of.
OfficialDocument summary_document(const Summary& summary, const std::string& issuing_body,
                                  const std::string& place);

}  // namespace doithoai::report
