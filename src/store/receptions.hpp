// Citizen reception in the store (Store::receptions()): each leader's schedule as a recurrence
// rule, the sessions (buổi tiếp) it yields or that are added, citizens' online bookings, the
// visits that form the register (Sổ tiếp công dân, form 03), refusals with their legal ground,
// and compliance with the reception duty (rules from data/reception_duties.tsv). Backend-neutral.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/matter.hpp"
#include "domain/model.hpp"
#include "domain/reception.hpp"
#include "domain/result.hpp"

namespace doithoai::store {

struct ReceptionSchedule {
  Id id = 0;
  std::string leader_name;   // "Nguyễn Văn A"
  std::string leader_title;  // "Bí thư Huyện ủy"
  std::string agency_code;   // whose head receives (compliance is counted per agency)
  std::string unit_code;     // the agency's unit
  std::string rule;          // canonical RRULE subset (domain/reception.hpp)
  std::string rule_vi;       // "Thứ Năm hằng tuần"
  Date starts_on;
  std::optional<Date> ends_on;
  std::string time_from;  // "07:30"
  std::string time_to;    // "11:30"
  std::string venue;
  int slots = 0;                  // online bookings per session; 0: no online booking
  bool working_days_only = true;  // occurrences on weekends and holidays are left out
  bool demo = false;
  int version = 1;
  Timestamp created_at = 0;
};

struct NewSchedule {
  std::string leader_name;
  std::string leader_title;
  std::string agency_code;
  std::string rule;
  Date starts_on;
  std::optional<Date> ends_on;
  std::string time_from;
  std::string time_to;
  std::string venue;
  int slots = 0;
  bool working_days_only = true;
  bool demo = false;
};

enum class SessionStatus { scheduled, held, cancelled };
std::string_view code(SessionStatus s);
std::string_view name_vi(SessionStatus s);

struct ReceptionSession {
  Id id = 0;
  std::optional<Id> schedule_id;
  std::string leader_name;
  std::string agency_code;
  std::string unit_code;
  Date held_on;
  std::string time_from, time_to, venue;
  SessionStatus status = SessionStatus::scheduled;
  bool extra = false;  // extra reception (prominent, complex or many-person matters)
  int slots = 0;
  int booked = 0;
  int visits = 0;
  std::string note;
  bool demo = false;
  int version = 1;
};

struct NewSession {
  Id schedule_id = 0;
  Date held_on;
  bool extra = false;  // regular sessions must fall on a day the rule yields
  std::string note;
  bool demo = false;
};

struct SessionCommand {
  Id session_id = 0;
  enum class Action { hold, cancel } action = Action::hold;
  Date on;  // today: a session is held on or after its day
  std::string note;
};

struct Booking {
  Id id = 0;
  Id session_id = 0;
  Id schedule_id = 0;
  Date on;
  std::string code;  // given to the citizen to find or cancel the booking
  std::string name;
  std::string phone;  // staff only
  std::string unit_code;
  std::string topic;
  int position = 0;    // order within the session
  std::string status;  // "booked", "cancelled", "visited"
  Timestamp created_at = 0;
};

struct NewBooking {
  Id schedule_id = 0;
  Date on;
  std::string code;
  std::string name;
  std::string phone;
  std::string unit_code;
  std::string topic;
  Date today;  // bookings are for days after today
};

struct Visit {
  Id id = 0;
  Id session_id = 0;
  std::string agency_code;
  int number = 0;  // no. in the register: per agency and year, in the order recorded
  Date visited_on;
  std::string name;
  std::string address;
  std::string phone;      // staff only
  std::string id_number;  // staff only (decrypted)
  std::string summary;
  Kind kind = Kind::kien_nghi;  // khieu_nai, to_cao, kien_nghi, phan_anh (form 03)
  int head_count = 1;
  std::string prior_agency;  // agency that already ruled on it, if any
  reception::Direction direction = reception::Direction::accepted;
  std::string direction_body;      // guided/transferred: the competent body
  std::string direction_document;  // guided/transferred: document no.
  std::string refusal_ground;      // refused: code (reception::refusal_grounds)
  std::string refusal_text;        // refused: the ground as written
  std::string follow_up;           // theo dõi kết quả
  std::string note;
  std::optional<Id> matter_id;
  std::string matter_tracking_code;
  std::optional<Id> booking_id;
  bool demo = false;
  Timestamp created_at = 0;
};

struct NewVisit {
  // The session: session_id, or the schedule and the day (the session the rule yields that day
  // is used, created if need be). A day with no session is refused ("no_session_on_day").
  std::optional<Id> session_id;
  std::optional<Id> schedule_id;
  Date visited_on;
  std::string name;
  std::string address;
  std::string phone;
  std::string id_number;
  std::string summary;
  Kind kind = Kind::kien_nghi;
  int head_count = 1;
  std::string prior_agency;
  reception::Direction direction = reception::Direction::accepted;
  std::string direction_body;
  std::string direction_document;
  std::string refusal_ground;
  std::string refusal_text;  // default: the ground's legal text
  std::string follow_up;
  std::string note;
  std::optional<Id> booking_id;
  // Opens a Matter for it in the same unit of work (the MatterStore's create rules): channel
  // reception, the visitor as its person. Not for a refusal.
  bool open_matter = false;
  std::string field_code;
  std::string unit_code;      // the matter's unit (default: the session's)
  std::string title;          // default: the summary, shortened
  std::string tracking_code;  // for the matter; a clash gives conflict "tracking_code_taken"
  std::string recorded_by;
  bool demo = false;
};

// One row of the register (Sổ tiếp công dân, form 03 of Thông tư 04/2021/TT-TTCP), its
// columns in the form's order. Personal data: staff only.
struct RegisterRow {
  int number = 0;                // 1. STT
  Date date;                     // 2. Ngày tiếp
  std::string name_and_address;  // 3. Họ tên, địa chỉ
  std::string id_document;       // 4. Số CMND/CCCD (giấy tờ tùy thân)
  std::string summary;           // 5. Nội dung vụ việc
  std::string classification;  // 6. Phân loại (khiếu nại, tố cáo, kiến nghị, phản ánh), số người
  std::string ruled_by;  // 7. Cơ quan đã giải quyết
  std::string direction;  // 8. Hướng xử lý (thụ lý / trả lại, hướng dẫn / chuyển đơn)
  std::string follow_up;        // 9. Theo dõi kết quả giải quyết
  std::string note;             // 10. Ghi chú
  Kind kind = Kind::kien_nghi;  // a denunciation's visitor is never named in exports
  Id visit_id = 0;
  std::optional<Id> matter_id;
};

struct RegisterQuery {
  std::string agency_code;  // empty: every agency in unit_code's scope (or all)
  std::string unit_code;    // the unit's subtree (and merged units)
  Date from;
  Date to;
};

struct ScheduleQuery {
  std::string agency_code;
  std::string unit_code;      // subtree
  bool current_only = false;  // schedules not ended before today
  Date today;
};

struct SessionQuery {
  std::optional<Id> schedule_id;
  std::string agency_code;
  std::string unit_code;  // subtree
  Date from;
  Date to;
};

struct ComplianceQuery {
  std::string agency_code;  // one agency, or
  std::string unit_code;    // every agency with a duty in the unit's subtree
  int from_year = 0, from_month = 1;
  int to_year = 0, to_month = 12;
};

struct ComplianceRow {
  std::string agency_code;
  std::string agency_name;
  std::string agency_kind;
  std::string unit_code;
  std::string unit_level;
  std::string leader_name;  // from the agency's latest schedule, if any
  reception::MonthCompliance month;
};

class ReceptionStore {
 public:
  virtual ~ReceptionStore() = default;

  // Refused: a rule that does not parse, or yields no date between starts_on and ends_on (or
  // in the year after starts_on): invalid "rule_yields_no_date".
  virtual Expected<ReceptionSchedule> add_schedule(const NewSchedule& s, const Actor& actor) = 0;
  // Ends a schedule (it yields nothing after `ends_on`).
  virtual Expected<ReceptionSchedule> end_schedule(Id id, Date ends_on, const Actor& actor) = 0;
  virtual Expected<ReceptionSchedule> schedule(Id id) = 0;
  virtual Expected<std::vector<ReceptionSchedule>> schedules(const ScheduleQuery& q) = 0;
  // The days a schedule yields in [from, to] (working days only if the schedule says so).
  virtual Expected<std::vector<Date>> schedule_dates(Id id, Date from, Date to) = 0;

  virtual Expected<ReceptionSession> add_session(const NewSession& s, const Actor& actor) = 0;
  virtual Expected<ReceptionSession> apply(const SessionCommand& c, const Actor& actor) = 0;
  virtual Expected<ReceptionSession> session(Id id) = 0;
  // Recorded sessions in [from, to] (sessions the rule yields but nobody touched are not rows;
  // see schedule_dates).
  virtual Expected<std::vector<ReceptionSession>> sessions(const SessionQuery& q) = 0;

  // A citizen's booking: the schedule must yield the day, the day must be after today, the
  // session not cancelled nor full (conflict "session_full"), the person not booked twice.
  virtual Expected<Booking> book(const NewBooking& b, const Actor& actor) = 0;
  virtual Expected<std::vector<Booking>> bookings(Id session_id) = 0;

  virtual Expected<Visit> record_visit(const NewVisit& v, const Actor& actor) = 0;
  virtual Expected<Visit> visit(Id id) = 0;
  // Records that the actor was shown the identity of a denouncer who came in person (Luật Tố
  // cáo Art. 47): an Event "reception_visit.identity_view" on the visit.
  virtual Expected<void> record_identity_view(Id visit_id, const Actor& actor) = 0;
  // The register rows in [from, to], in the register's order (date, then number).
  virtual Expected<std::vector<RegisterRow>> register_rows(const RegisterQuery& q) = 0;
  virtual Expected<std::vector<Visit>> visits(const RegisterQuery& q) = 0;

  virtual Expected<std::vector<reception::DutyRule>> duty_rules() = 0;
  virtual Expected<std::vector<ComplianceRow>> compliance(const ComplianceQuery& q) = 0;
};

}  // namespace doithoai::store
