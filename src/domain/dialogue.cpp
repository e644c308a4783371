#include "domain/dialogue.hpp"

#include <array>
#include <string>

namespace doithoai::dialogue {

namespace {

using S = Status;
using A = Action;
using V = Activity;

constexpr std::array kStatuses{S::planned, S::collecting,   S::registration_open,
                               S::held,    S::following_up, S::closed};
constexpr std::array<std::string_view, 6> kStatusCodes{
    "planned", "collecting", "registration_open", "held", "following_up", "closed"};
constexpr std::array<std::string_view, 6> kStatusNames{
    "Dự kiến",    "Đang lấy ý kiến",          "Mở đăng ký phát biểu",
    "Đã tổ chức", "Đang theo dõi giải quyết", "Đã kết thúc"};

constexpr std::array kActions{A::start_collecting, A::open_registration, A::hold, A::follow_up,
                              A::close};
constexpr std::array<std::string_view, 5> kActionCodes{"start_collecting", "open_registration",
                                                       "hold", "follow_up", "close"};
constexpr std::array<std::string_view, 5> kActionNames{
    "Bắt đầu lấy ý kiến", "Mở đăng ký phát biểu", "Ghi nhận đã tổ chức",
    "Chuyển sang theo dõi giải quyết", "Kết thúc"};

constexpr std::array kActivities{
    V::edit,      V::village_meeting, V::register_public,   V::register_staff,
    V::set_order, V::record_opinion,  V::record_attendance, V::record_speaker_outcome};

constexpr std::array kOutcomes{Outcome::pending, Outcome::answered, Outcome::assigned,
                               Outcome::forwarded};
constexpr std::array<std::string_view, 4> kOutcomeCodes{"pending", "answered", "assigned",
                                                        "forwarded"};
constexpr std::array<std::string_view, 4> kOutcomeNames{
    "Chưa xử lý", "Trả lời trực tiếp tại hội nghị", "Giao cơ quan giải quyết", "Chuyển cấp trên"};

constexpr std::array<std::string_view, 4> kSpeakerCodes{"pending", "spoke", "absent",
                                                        "not_reached"};
constexpr std::array<std::string_view, 4> kSpeakerNames{"Chưa phát biểu", "Đã phát biểu",
                                                        "Vắng mặt", "Chưa đến lượt"};

template <typename E, std::size_t N>
std::optional<E> parse_in(const std::array<std::string_view, N>& codes, std::string_view c) {
  for (std::size_t i = 0; i < N; ++i) {
    if (codes[i] == c) return static_cast<E>(i);
  }
  return std::nullopt;
}

std::string_view activity_words(Activity a) {
  switch (a) {
    case V::edit:
      return "sửa thông tin hội nghị";
    case V::village_meeting:
      return "ghi nhận hội nghị Nhân dân ở thôn";
    case V::register_public:
    case V::register_staff:
      return "đăng ký phát biểu";
    case V::set_order:
      return "sắp xếp thứ tự phát biểu";
    case V::record_opinion:
      return "ghi nhận ý kiến tại hội nghị";
    case V::record_attendance:
      return "ghi nhận số người tham dự";
    case V::record_speaker_outcome:
      return "ghi nhận kết quả phát biểu";
  }
  return "";
}

std::string_view activity_code(Activity a) {
  switch (a) {
    case V::edit:
      return "edit";
    case V::village_meeting:
      return "village_meeting";
    case V::register_public:
    case V::register_staff:
      return "registration";
    case V::set_order:
      return "order";
    case V::record_opinion:
      return "opinion";
    case V::record_attendance:
      return "attendance";
    case V::record_speaker_outcome:
      return "speaker_outcome";
  }
  return "";
}

}  // namespace

std::span<const Status> all_statuses() {
  return kStatuses;
}
std::span<const Action> all_actions() {
  return kActions;
}
std::span<const Activity> all_activities() {
  return kActivities;
}
std::span<const Outcome> all_outcomes() {
  return kOutcomes;
}

std::string_view code(Status s) {
  return kStatusCodes[static_cast<std::size_t>(s)];
}
std::string_view code(Action a) {
  return kActionCodes[static_cast<std::size_t>(a)];
}
std::string_view code(Outcome o) {
  return kOutcomeCodes[static_cast<std::size_t>(o)];
}
std::string_view code(SpeakerOutcome o) {
  return kSpeakerCodes[static_cast<std::size_t>(o)];
}
std::string_view name_vi(Status s) {
  return kStatusNames[static_cast<std::size_t>(s)];
}
std::string_view name_vi(Action a) {
  return kActionNames[static_cast<std::size_t>(a)];
}
std::string_view name_vi(Outcome o) {
  return kOutcomeNames[static_cast<std::size_t>(o)];
}
std::string_view name_vi(SpeakerOutcome o) {
  return kSpeakerNames[static_cast<std::size_t>(o)];
}
std::optional<Status> parse_status(std::string_view c) {
  return parse_in<Status>(kStatusCodes, c);
}
std::optional<Action> parse_action(std::string_view c) {
  return parse_in<Action>(kActionCodes, c);
}
std::optional<Outcome> parse_outcome(std::string_view c) {
  return parse_in<Outcome>(kOutcomeCodes, c);
}
std::optional<SpeakerOutcome> parse_speaker_outcome(std::string_view c) {
  return parse_in<SpeakerOutcome>(kSpeakerCodes, c);
}

std::optional<Status> next_status(Status from, Action action) {
  switch (action) {
    case A::start_collecting:
      if (from == S::planned) return S::collecting;
      return std::nullopt;
    case A::open_registration:
      if (from == S::planned || from == S::collecting) return S::registration_open;
      return std::nullopt;
    case A::hold:
      if (from == S::planned || from == S::collecting || from == S::registration_open) {
        return S::held;
      }
      return std::nullopt;
    case A::follow_up:
      if (from == S::held) return S::following_up;
      return std::nullopt;
    case A::close:
      if (from == S::held || from == S::following_up) return S::closed;
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<Action> allowed_actions(Status from) {
  std::vector<Action> out;
  for (const auto a : kActions) {
    if (next_status(from, a)) out.push_back(a);
  }
  return out;
}

bool allows(Status s, Activity a) {
  const bool preparing = s == S::planned || s == S::collecting || s == S::registration_open;
  const bool after = s == S::held || s == S::following_up;
  switch (a) {
    case V::edit:
      return preparing;
    case V::village_meeting:
      return s == S::collecting || s == S::registration_open;
    case V::register_public:
      return s == S::registration_open;
    case V::register_staff:
      return s == S::collecting || s == S::registration_open;
    case V::set_order:
      return s == S::collecting || s == S::registration_open || s == S::held;
    case V::record_opinion:
    case V::record_attendance:
    case V::record_speaker_outcome:
      return after;
  }
  return false;
}

bool counts_as_held(Status s) {
  return s == S::held || s == S::following_up || s == S::closed;
}

Error not_allowed(Status from, Action action) {
  std::string message = "Không thể \"";
  message.append(name_vi(action))
      .append("\" khi hội nghị ở trạng thái \"")
      .append(name_vi(from))
      .append("\".");
  const auto allowed = allowed_actions(from);
  if (allowed.empty()) {
    message.append(" Hội nghị không còn thao tác nào.");
  } else {
    message.append(" Các thao tác được phép: ");
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (i > 0) message.append(", ");
      message.append(name_vi(allowed[i]));
    }
    message.append(".");
  }
  return conflict("action_not_allowed", std::move(message), "action");
}

Error activity_refused(Status status, Activity activity) {
  std::string message = "Không thể ";
  message.append(activity_words(activity))
      .append(" khi hội nghị ở trạng thái \"")
      .append(name_vi(status))
      .append("\"");
  std::string c = "dialogue_";
  c.append(code(status)).append("_").append(activity_code(activity));
  if (activity == V::register_public || activity == V::register_staff) c = "registration_not_open";
  return conflict(std::move(c), std::move(message));
}

Date closing_day(const RegistrationWindow& w) {
  return w.closes_on ? *w.closes_on : w.held_on.plus_days(-1);
}

Expected<void> check_registration(const RegistrationWindow& w, Date on, bool staff) {
  if (!allows(w.status, staff ? V::register_staff : V::register_public)) {
    return activity_refused(w.status, staff ? V::register_staff : V::register_public);
  }
  const Date last = closing_day(w);
  if (last < on) {
    return conflict("registration_closed",
                    "Đã hết hạn đăng ký phát biểu (hạn cuối " + last.vi() + ")", "registered_on");
  }
  if (w.cap && w.registered >= *w.cap) {
    return conflict("registration_full", "Đã đủ " + std::to_string(*w.cap) +
                                             " người đăng ký phát biểu, không nhận thêm");
  }
  return {};
}

Expected<void> check_hold(Date held_on, Date today) {
  if (today < held_on) {
    return conflict("dialogue_not_yet_held",
                    "Chưa đến ngày tổ chức hội nghị (" + held_on.vi() + ")", "action");
  }
  return {};
}

}  // namespace doithoai::dialogue
