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

// What stands for a denouncer's name wherever it is withheld (Luật Tố cáo Art. 47): registers,
// minutes, lists of visits, exports.
inline constexpr std::string_view kWithheldDenouncer = "Người tố cáo (được giữ bí mật)";

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
inline bool is_statutory(Kind k) {
  return k == Kind::khieu_nai || k == Kind::to_cao;
}

// Someone who raised a matter. Phone and ID numbers are encrypted at rest; a denouncer's whole
// identity is shown only to the handler and authorised leaders (Luật Tố cáo Art. 47).
struct Person {
  std::string name;
  std::string phone;
  std::string email;
  std::string address;
  std::string id_number;
};

// One raising of a matter (lượt ý kiến): by one person or a group, once, through one channel,
// in their own words.
struct Submission {
  Id id = 0;
  Id matter_id = 0;
  Channel channel = Channel::online;
  Date received_on;  // the day it reached us (a letter's arrival), not the day typed in
  Timestamp recorded_at = 0;
  std::string title;
  std::string content;
  std::vector<Person> people;
  int head_count = 1;       // people who signed or attended (đơn đông người)
  std::string recorded_by;  // username, or "public" for the online form
  bool demo = false;
};

// An answer: direct at a conference, a written document, the one given once a higher level has
// directed, or the guidance to the competent body.
struct Answer {
  Id id = 0;
  Id matter_id = 0;
  std::string form;  // "direct", "written", "from_higher", "guide"
  std::string document_number;
  std::optional<Date> date;
  std::string signed_by;
  std::string text;
  std::string agency_code;
  Timestamp recorded_at = 0;
};

}  // namespace doithoai
