#include "domain/lifecycle.hpp"

#include <array>

namespace doithoai::lifecycle {

namespace {

using S = Status;
using A = Action;

constexpr std::array<A, 14> kActions = {
    A::classify, A::assign, A::accept, A::answer, A::forward_up, A::answer_from_higher,
    A::guide,    A::refuse, A::merge,  A::extend, A::publish,    A::close,
    A::reopen,   A::rate};
constexpr std::array<std::string_view, 14> kCodes = {
    "classify", "assign", "accept", "answer", "forward_up", "answer_from_higher",
    "guide",    "refuse", "merge",  "extend", "publish",    "close",
    "reopen",   "rate"};
constexpr std::array<std::string_view, 14> kNames = {"Phân loại",
                                                     "Giao xử lý",
                                                     "Thụ lý",
                                                     "Trả lời",
                                                     "Chuyển cấp trên",
                                                     "Trả lời theo chỉ đạo của cấp trên",
                                                     "Hướng dẫn, chuyển đơn",
                                                     "Không thụ lý",
                                                     "Gộp vụ việc",
                                                     "Gia hạn",
                                                     "Công khai kết quả",
                                                     "Kết thúc",
                                                     "Mở lại",
                                                     "Đánh giá mức độ hài lòng"};

bool open_for_handling(S s) {
  return s == S::received || s == S::classified || s == S::assigned || s == S::accepted ||
         s == S::reopened;
}

}  // namespace

std::span<const Action> all_actions() {
  return kActions;
}
std::string_view code(Action a) {
  return kCodes[static_cast<std::size_t>(a)];
}
std::string_view name_vi(Action a) {
  return kNames[static_cast<std::size_t>(a)];
}
std::optional<Action> parse_action(std::string_view c) {
  for (std::size_t i = 0; i < kCodes.size(); ++i) {
    if (kCodes[i] == c) return kActions[i];
  }
  return std::nullopt;
}

std::optional<Status> next_status(Status from, Action action, Kind kind) {
  switch (action) {
    case A::classify:
      if (from == S::received || from == S::classified || from == S::reopened) return S::classified;
      return std::nullopt;
    case A::assign:
      if (from == S::classified || from == S::assigned || from == S::reopened) return S::assigned;
      return std::nullopt;
    case A::accept:
      // Thụ lý is a formal step of the complaint and denunciation tracks.
      if (is_statutory(kind) && from == S::assigned) return S::accepted;
      return std::nullopt;
    case A::answer:
      // A complaint or denunciation is answered only once accepted; the rest once assigned.
      if (is_statutory(kind) ? from == S::accepted : from == S::assigned) return S::answered;
      return std::nullopt;
    case A::forward_up:
      if (from == S::assigned || (is_statutory(kind) && from == S::accepted))
        return S::forwarded_up;
      return std::nullopt;
    case A::answer_from_higher:
      if (from == S::forwarded_up) return S::answered;
      return std::nullopt;
    case A::guide:
      if (from == S::received || from == S::classified || from == S::assigned) return S::guided;
      return std::nullopt;
    case A::refuse:
      if (from == S::received || from == S::classified || from == S::assigned) return S::refused;
      return std::nullopt;
    case A::merge:
      if (open_for_handling(from) && from != S::accepted) return S::merged;
      return std::nullopt;
    case A::extend:
      if (is_statutory(kind) && from == S::accepted) return S::accepted;
      return std::nullopt;
    case A::publish:
      if (from == S::answered) return S::published;
      return std::nullopt;
    case A::close:
      if (from == S::answered || from == S::published || from == S::guided || from == S::refused) {
        return S::closed;
      }
      return std::nullopt;
    case A::reopen:
      if (from == S::answered || from == S::published || from == S::closed) return S::reopened;
      return std::nullopt;
    case A::rate:
      if (from == S::answered || from == S::published || from == S::closed) return from;
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<Action> allowed_actions(Status from, Kind kind) {
  std::vector<Action> out;
  for (const auto a : kActions) {
    if (next_status(from, a, kind)) out.push_back(a);
  }
  return out;
}

permissions::Action permission_for(Action action) {
  using P = permissions::Action;
  switch (action) {
    case A::classify:
      return P::classify_matter;
    case A::assign:
      return P::assign_matter;
    case A::accept:
      return P::accept_matter;
    case A::answer:
      return P::answer_matter;
    case A::forward_up:
      return P::forward_matter;
    case A::answer_from_higher:
      return P::answer_matter;
    case A::guide:
      return P::guide_matter;
    case A::refuse:
      return P::refuse_matter;
    case A::merge:
      return P::merge_matter;
    case A::extend:
      return P::extend_deadline;
    case A::publish:
      return P::publish_answer;
    case A::close:
      return P::close_matter;
    case A::reopen:
      return P::reopen_matter;
    case A::rate:
      return P::read_matter;  // the citizen rates through the public tracking code
  }
  return P::read_matter;
}

}  // namespace doithoai::lifecycle
