// Matters (vụ việc), their submissions (lượt ý kiến), answers and deadlines, as plain values,
// with the codes the API uses and the Vietnamese words people read.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/model.hpp"

namespace doithoai {

// What a citizen brings (Luật Tiếp công dân 2013, Art. 2).
enum class Kind { phan_anh, kien_nghi, de_xuat, gop_y, khieu_nai, to_cao };

// How it reached us.
enum class Channel { online, letter, phone, reception, village_meeting, dialogue, referral };

enum class Status {
  received,      // Mới tiếp nhận
  classified,    // Đã phân loại
  assigned,      // Đang xử lý
  accepted,      // Đã thụ lý
  forwarded_up,  // Chờ cấp trên chỉ đạo
  guided,        // Đã hướng dẫn, chuyển đơn
  refused,       // Không thụ lý
  answered,      // Đã trả lời
  published,     // Đã công khai
  merged,        // Đã gộp
  closed,        // Đã kết thúc
  reopened,      // Mở lại
};

std::span<const Kind> all_kinds();
std::span<const Channel> all_channels();
std::span<const Status> all_statuses();

std::string_view code(Kind k);
std::string_view code(Channel c);
std::string_view code(Status s);
std::string_view name_vi(Kind k);
std::string_view name_vi(Channel c);
std::string_view name_vi(Status s);
std::optional<Kind> parse_kind(std::string_view code);
std::optional<Channel> parse_channel(std::string_view code);
std::optional<Status> parse_status(std::string_view code);

// Complaints and denunciations follow their own statutory tracks.
inline bool is_statutory(Kind k) { return k == Kind::khieu_nai || k == Kind::to_cao; }

}  // namespace doithoai
