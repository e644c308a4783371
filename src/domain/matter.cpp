#include "domain/matter.hpp"

#include <array>

namespace doithoai {

namespace {

template <typename E, std::size_t N>
struct Names {
  std::array<E, N> values;
  std::array<std::string_view, N> codes;
  std::array<std::string_view, N> names;

  std::string_view code(E e) const { return codes[static_cast<std::size_t>(e)]; }
  std::string_view name(E e) const { return names[static_cast<std::size_t>(e)]; }
  std::optional<E> parse(std::string_view c) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (codes[i] == c) return values[i];
    }
    return std::nullopt;
  }
};

constexpr Names<Kind, 6> kKinds{
    {Kind::phan_anh, Kind::kien_nghi, Kind::de_xuat, Kind::gop_y, Kind::khieu_nai, Kind::to_cao},
    {"phan_anh", "kien_nghi", "de_xuat", "gop_y", "khieu_nai", "to_cao"},
    {"Phản ánh", "Kiến nghị", "Đề xuất", "Góp ý", "Khiếu nại", "Tố cáo"}};

constexpr Names<Channel, 7> kChannels{
    {Channel::online, Channel::letter, Channel::phone, Channel::reception, Channel::village_meeting,
     Channel::dialogue, Channel::referral},
    {"online", "letter", "phone", "reception", "village_meeting", "dialogue", "referral"},
    {"Trực tuyến", "Đơn thư", "Điện thoại, đường dây nóng", "Tiếp công dân",
     "Hội nghị Nhân dân ở thôn", "Hội nghị đối thoại", "Cơ quan khác chuyển đến"}};

constexpr Names<Status, 12> kStatuses{
    {Status::received, Status::classified, Status::assigned, Status::accepted, Status::forwarded_up,
     Status::guided, Status::refused, Status::answered, Status::published, Status::merged,
     Status::closed, Status::reopened},
    {"received", "classified", "assigned", "accepted", "forwarded_up", "guided", "refused",
     "answered", "published", "merged", "closed", "reopened"},
    {"Mới tiếp nhận", "Đã phân loại", "Đang xử lý", "Đã thụ lý", "Chờ cấp trên chỉ đạo",
     "Đã hướng dẫn, chuyển đơn", "Không thụ lý", "Đã trả lời", "Đã công khai", "Đã gộp",
     "Đã kết thúc", "Mở lại"}};

}  // namespace

std::span<const Kind> all_kinds() {
  return kKinds.values;
}
std::span<const Channel> all_channels() {
  return kChannels.values;
}
std::span<const Status> all_statuses() {
  return kStatuses.values;
}

std::string_view code(Kind k) {
  return kKinds.code(k);
}
std::string_view code(Channel c) {
  return kChannels.code(c);
}
std::string_view code(Status s) {
  return kStatuses.code(s);
}
std::string_view name_vi(Kind k) {
  return kKinds.name(k);
}
std::string_view name_vi(Channel c) {
  return kChannels.name(c);
}
std::string_view name_vi(Status s) {
  return kStatuses.name(s);
}
std::optional<Kind> parse_kind(std::string_view c) {
  return kKinds.parse(c);
}
std::optional<Channel> parse_channel(std::string_view c) {
  return kChannels.parse(c);
}
std::optional<Status> parse_status(std::string_view c) {
  return kStatuses.parse(c);
}

}  // namespace doithoai
