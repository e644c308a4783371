// The aggregates behind the reports, read in one snapshot: the store never hands rows to be
// counted one by one. Part of the backend-neutral Store (Store::reports()); no SQL type appears
// here. The report module folds these figures into breakdowns (report/summary.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/matter.hpp"
#include "domain/model.hpp"
#include "domain/result.hpp"

namespace doithoai::store {

struct ReportFilter {
  Date from;
  Date to;  // inclusive
  // The units whose matters count (the caller expands subtrees and predecessors). Empty: all.
  std::vector<std::string> unit_codes;
  // Non-empty: only the matters this agency leads (is assigned).
  std::string agency_code;
  // Overdue means an unmet deadline due before this day.
  Date as_of;
  int overdue_limit = 100;  // items of the overdue list (the total is counted apart)
};

// The breakdown dimensions of matters and submissions.
enum class ReportDimension { kind, field, channel, status };

// One unit's matters and submissions with one value of one dimension (a marginal: the summary
// breaks the figures down by each dimension apart, never by two at once). value is the code of
// the kind, field ("" while unclassified), channel or status; for submissions, the kind, field
// and status are their matter's and the channel is their own.
struct ReportTally {
  std::string unit_code;
  ReportDimension dimension = ReportDimension::kind;
  std::string value;
  std::int64_t matters = 0;      // received in the period, merged ones left out
  std::int64_t submissions = 0;  // received in the period, of matters not merged
  std::int64_t people = 0;       // people behind those submissions (head counts)
  friend bool operator==(const ReportTally&, const ReportTally&) = default;
};

// Handling against the deadline, by lead agency and kind: the resolve deadlines met in the
// period (answered, guided or refused), on time or late; and the matters overdue as of as_of.
struct TimelinessCell {
  std::string agency_code;  // "" for matters not yet assigned
  Kind kind = Kind::phan_anh;
  std::int64_t on_time = 0;
  std::int64_t late = 0;
  std::int64_t overdue = 0;
  friend bool operator==(const TimelinessCell&, const TimelinessCell&) = default;
};

struct OverdueMatter {
  Id id = 0;
  std::string tracking_code;
  std::string title;
  std::string unit_code;
  std::string agency_code;
  Kind kind = Kind::phan_anh;
  Status status = Status::received;
  Date received_on;
  Date due_on;
  friend bool operator==(const OverdueMatter&, const OverdueMatter&) = default;
};

// The intake summary, Biểu 01/XLD (xử lý đơn), over the scope and period:
//   received        lượt (đơn) received in the period;
//   duplicates      of those, raised again about a matter already received (đơn trùng);
//   new_matters     matters first received in the period, merged ones included;
//   merged          of those, merged into another matter (trùng vụ việc);
//   refused         of those, not accepted (không đủ điều kiện xử lý, with a ground);
//   eligible        new_matters - merged - refused (đủ điều kiện xử lý), split by kind
//                   (complaint, denunciation, petition-feedback: the other four kinds), by
//                   signers (one, or many: đơn đông người) and by competence (within it;
//                   guided to the competent body; forwarded to the higher level);
//   carried_over    matters received before the period, not merged, whose handling had not
//                   ended when it began (no resolve deadline met and no answer before `from`).
struct IntakeFigures {
  std::int64_t carried_over = 0;
  std::int64_t received = 0;
  std::int64_t duplicates = 0;
  std::int64_t new_matters = 0;
  std::int64_t merged = 0;
  std::int64_t refused = 0;
  std::int64_t eligible = 0;
  std::int64_t complaints = 0;         // khiếu nại
  std::int64_t denunciations = 0;      // tố cáo
  std::int64_t petitions = 0;          // kiến nghị, phản ánh, đề xuất, góp ý
  std::int64_t one_signer = 0;         // đơn một người đứng tên
  std::int64_t many_signers = 0;       // đơn nhiều người đứng tên
  std::int64_t within_competence = 0;  // thuộc thẩm quyền
  std::int64_t guided = 0;  // hướng dẫn, chuyển đơn đến cơ quan có thẩm quyền
  std::int64_t forwarded_up = 0;  // chuyển cấp trên chỉ đạo giải quyết
  friend bool operator==(const IntakeFigures&, const IntakeFigures&) = default;
};

// The resolve deadlines met in one month of a period (the days of the month inside it), on time
// or late: the on-time rate over time.
struct MonthTimeliness {
  int year = 0;
  int month = 0;  // 1..12
  std::int64_t on_time = 0;
  std::int64_t late = 0;
  friend bool operator==(const MonthTimeliness&, const MonthTimeliness&) = default;
};

struct ReportData {
  // Every unit's non-zero tallies, ordered by unit code, dimension and value.
  std::vector<ReportTally> tallies;
  std::vector<TimelinessCell> timeliness;
  std::vector<OverdueMatter> overdue;  // soonest due first, at most overdue_limit
  std::int64_t overdue_total = 0;
  IntakeFigures intake;
  friend bool operator==(const ReportData&, const ReportData&) = default;
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;
  // Everything a summary needs: whole months and years from counters kept with every write, the
  // days at the edges of the period from the rows. The period's figures come from one read
  // snapshot (read in two parts at once when two connections see it) and the overdue figures
  // with their list from another, taken at the same moment.
  virtual Expected<ReportData> summary_data(const ReportFilter& filter) = 0;
  // The same figures counted from every row of the period and scope: slow at scale; the
  // reference the counters are checked against.
  virtual Expected<ReportData> summary_data_by_scan(const ReportFilter& filter) = 0;
  // Every month the period touches, in order, with the resolve deadlines met in its days of the
  // period in the scope (as summary_data's timeliness, month by month), from one snapshot: the
  // whole months from the counters, the partial months at the edges from the rows.
  virtual Expected<std::vector<MonthTimeliness>> monthly_timeliness(const ReportFilter& filter) = 0;
};

}  // namespace doithoai::store
