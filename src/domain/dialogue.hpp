// Dialogue conferences (hội nghị đối thoại): their lifecycle, what may be done to their parts in
// each status, the limits on speaker registration and the outcome of each opinion raised.
//
//   planned -> collecting -> registration_open -> held -> following_up -> closed
//   (collecting and registration_open may be skipped; close is allowed from held or
//   following_up once every matter raised at the dialogue is answered, checked by the store)
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace doithoai::dialogue {

enum class Status {
  planned,            // Dự kiến
  collecting,         // Đang lấy ý kiến (village meetings under way)
  registration_open,  // Mở đăng ký phát biểu
  held,               // Đã tổ chức
  following_up,       // Đang theo dõi giải quyết
  closed,             // Đã kết thúc
};

enum class Action {
  start_collecting,   // planned -> collecting
  open_registration,  // planned | collecting -> registration_open
  hold,               // planned | collecting | registration_open -> held (on or after the day)
  follow_up,          // held -> following_up
  close,              // held | following_up -> closed (nothing outstanding)
};

// What may be done to a dialogue's parts, by status (allows()).
enum class Activity {
  edit,                    // title, date, venue, board, agenda, cap, closing date
  village_meeting,         // record a village meeting and the opinions it collected
  register_public,         // a citizen registers to speak online
  register_staff,          // staff enter a registration (from the compiled lists, by phone)
  set_order,               // the speaking order
  record_opinion,          // an opinion raised at the conference, with its outcome
  record_attendance,       // attendance (lượt người tham dự)
  record_speaker_outcome,  // spoke / absent / not reached
};

// The outcome of an opinion raised at the conference.
enum class Outcome {
  pending,    // not yet decided (recorded from the floor, decided later the same day)
  answered,   // answered on the spot (by whom)
  assigned,   // assigned to an agency, with a deadline
  forwarded,  // beyond this level's authority: forwarded to the higher level
};

// What became of a registered speaker at the conference.
enum class SpeakerOutcome { pending, spoke, absent, not_reached };

std::span<const Status> all_statuses();
std::span<const Action> all_actions();
std::span<const Activity> all_activities();
std::span<const Outcome> all_outcomes();

std::string_view code(Status s);
std::string_view code(Action a);
std::string_view code(Outcome o);
std::string_view code(SpeakerOutcome o);
std::string_view name_vi(Status s);
std::string_view name_vi(Action a);
std::string_view name_vi(Outcome o);
std::string_view name_vi(SpeakerOutcome o);
std::optional<Status> parse_status(std::string_view code);
std::optional<Action> parse_action(std::string_view code);
std::optional<Outcome> parse_outcome(std::string_view code);
std::optional<SpeakerOutcome> parse_speaker_outcome(std::string_view code);

// The status an action leads to, or nullopt when it is not allowed from `from`.
std::optional<Status> next_status(Status from, Action action);
std::vector<Action> allowed_actions(Status from);
bool allows(Status status, Activity activity);
// Held dialogues count in statistics (held, following up, closed).
bool counts_as_held(Status s);

// The refusal of an action not allowed in a status, naming the allowed ones (409).
Error not_allowed(Status from, Action action);
// The refusal of an activity not allowed in a status (409 "dialogue_<activity>_closed").
Error activity_refused(Status status, Activity activity);

// Registration limits. The window is the dialogue as the store read it; `on` is the day the
// registration is made (today for citizens; staff may record the day a registration reached
// them). Registration closes at the end of closes_on, or of the day before the conference.
struct RegistrationWindow {
  Status status = Status::planned;
  Date held_on;
  std::optional<Date> closes_on;
  std::optional<int> cap;  // at most this many active registrations
  int registered = 0;      // active registrations so far
};
Date closing_day(const RegistrationWindow& w);
Expected<void> check_registration(const RegistrationWindow& w, Date on, bool staff);

// The conference cannot be marked held before its day.
Expected<void> check_hold(Date held_on, Date today);

}  // namespace doithoai::dialogue
