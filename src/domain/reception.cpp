#include "domain/reception.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "domain/calendar.hpp"

namespace doithoai::reception {

namespace {

constexpr std::array<std::string_view, 7> kDayCodes{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr std::array<std::string_view, 7> kDayNames{"Thứ Hai", "Thứ Ba",  "Thứ Tư",  "Thứ Năm",
                                                    "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};
constexpr int kMaxInterval = 12;

Error bad_rule(const std::string& why) {
  return invalid("bad_rule", "Quy tắc lịch tiếp không hợp lệ: " + why, "rule");
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::optional<int> parse_signed(std::string_view s) {
  if (s.empty() || s.size() > 3) return std::nullopt;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  int v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

std::optional<int> day_index(std::string_view code) {
  for (std::size_t i = 0; i < kDayCodes.size(); ++i) {
    if (kDayCodes[i] == code) return static_cast<int>(i);
  }
  return std::nullopt;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

int month_index(const Date& d) {
  return d.year * 12 + (d.month - 1);
}

// The dates a monthly rule yields in one month.
std::vector<Date> monthly_dates(const Recurrence& r, int year, int month, const Date& start) {
  std::vector<Date> out;
  const int length = days_in_month(year, month);
  if (!r.month_days.empty()) {
    for (const int md : r.month_days) {
      const int day = md > 0 ? md : length + md + 1;
      if (day >= 1 && day <= length) out.push_back(Date{year, month, day});
    }
  }
  for (const auto& [ordinal, weekday] : r.nth_days) {
    std::vector<Date> all;  // every such weekday in the month
    for (int day = 1; day <= length; ++day) {
      const Date d{year, month, day};
      if (d.weekday() == weekday) all.push_back(d);
    }
    if (ordinal == 0) {
      out.insert(out.end(), all.begin(), all.end());
    } else {
      const int n = static_cast<int>(all.size());
      const int index = ordinal > 0 ? ordinal - 1 : n + ordinal;
      if (index >= 0 && index < n) out.push_back(all[static_cast<std::size_t>(index)]);
    }
  }
  if (r.month_days.empty() && r.nth_days.empty() && start.day <= length) {
    out.push_back(Date{year, month, start.day});
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string join_ints(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.append(",");
    out.append(std::to_string(v[i]));
  }
  return out;
}

}  // namespace

Expected<Recurrence> Recurrence::parse(std::string_view text) {
  Recurrence r;
  bool have_freq = false;
  std::set<std::string_view> seen;
  if (text.substr(0, 6) == "RRULE:") text.remove_prefix(6);
  if (text.empty()) return bad_rule("để trống");
  if (text.size() > 200) return bad_rule("quá dài");
  for (const auto part : split(text, ';')) {
    const auto eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == part.size()) {
      return bad_rule("cần dạng TÊN=GIÁ TRỊ: \"" + std::string(part) + "\"");
    }
    const auto name = part.substr(0, eq);
    const auto value = part.substr(eq + 1);
    if (!seen.insert(name).second) return bad_rule("lặp lại " + std::string(name));
    if (name == "FREQ") {
      if (value == "WEEKLY") {
        r.freq = Freq::weekly;
      } else if (value == "MONTHLY") {
        r.freq = Freq::monthly;
      } else {
        return bad_rule("FREQ chỉ nhận WEEKLY (hằng tuần) hoặc MONTHLY (hằng tháng)");
      }
      have_freq = true;
    } else if (name == "INTERVAL") {
      const auto n = parse_signed(value);
      if (!n || *n < 1 || *n > kMaxInterval || value[0] == '-' || value[0] == '+') {
        return bad_rule("INTERVAL phải là số nguyên từ 1 đến 12");
      }
      r.interval = *n;
    } else if (name == "BYDAY") {
      for (const auto item : split(value, ',')) {
        if (item.size() < 2) return bad_rule("BYDAY không hợp lệ: \"" + std::string(item) + "\"");
        const auto day = day_index(item.substr(item.size() - 2));
        if (!day) return bad_rule("thứ không hợp lệ: \"" + std::string(item) + "\" (MO..SU)");
        int ordinal = 0;
        if (item.size() > 2) {
          const auto n = parse_signed(item.substr(0, item.size() - 2));
          if (!n || *n == 0 || *n < -5 || *n > 5) {
            return bad_rule("thứ tự tuần phải từ 1 đến 5 hoặc -1 đến -5: \"" + std::string(item) +
                            "\"");
          }
          ordinal = *n;
        }
        r.nth_days.emplace_back(ordinal, *day);
      }
    } else if (name == "BYMONTHDAY") {
      for (const auto item : split(value, ',')) {
        const auto n = parse_signed(item);
        if (!n || *n == 0 || *n < -31 || *n > 31) {
          return bad_rule("BYMONTHDAY phải từ 1 đến 31 hoặc -1 đến -31: \"" + std::string(item) +
                          "\"");
        }
        r.month_days.push_back(*n);
      }
    } else {
      return bad_rule("không hỗ trợ " + std::string(name) +
                      " (chỉ FREQ, INTERVAL, BYDAY, BYMONTHDAY)");
    }
  }
  if (!have_freq) return bad_rule("thiếu FREQ");
  if (r.freq == Freq::weekly) {
    if (!r.month_days.empty()) return bad_rule("BYMONTHDAY chỉ dùng với FREQ=MONTHLY");
    for (const auto& [ordinal, day] : r.nth_days) {
      if (ordinal != 0) return bad_rule("thứ tự tuần (2TH) chỉ dùng với FREQ=MONTHLY");
      r.weekdays.push_back(day);
    }
    r.nth_days.clear();
    std::sort(r.weekdays.begin(), r.weekdays.end());
    r.weekdays.erase(std::unique(r.weekdays.begin(), r.weekdays.end()), r.weekdays.end());
  } else {
    std::sort(r.month_days.begin(), r.month_days.end());
    r.month_days.erase(std::unique(r.month_days.begin(), r.month_days.end()), r.month_days.end());
    std::sort(r.nth_days.begin(), r.nth_days.end());
    r.nth_days.erase(std::unique(r.nth_days.begin(), r.nth_days.end()), r.nth_days.end());
  }
  return r;
}

std::string Recurrence::rrule() const {
  std::string out = freq == Freq::weekly ? "FREQ=WEEKLY" : "FREQ=MONTHLY";
  if (interval != 1) out.append(";INTERVAL=").append(std::to_string(interval));
  if (freq == Freq::weekly && !weekdays.empty()) {
    out.append(";BYDAY=");
    for (std::size_t i = 0; i < weekdays.size(); ++i) {
      if (i > 0) out.append(",");
      out.append(kDayCodes[static_cast<std::size_t>(weekdays[i])]);
    }
  }
  if (freq == Freq::monthly && !nth_days.empty()) {
    out.append(";BYDAY=");
    for (std::size_t i = 0; i < nth_days.size(); ++i) {
      if (i > 0) out.append(",");
      if (nth_days[i].first != 0) out.append(std::to_string(nth_days[i].first));
      out.append(kDayCodes[static_cast<std::size_t>(nth_days[i].second)]);
    }
  }
  if (freq == Freq::monthly && !month_days.empty()) {
    out.append(";BYMONTHDAY=").append(join_ints(month_days));
  }
  return out;
}

std::string Recurrence::describe_vi() const {
  std::string out;
  const std::string every = interval == 1
                                ? ""
                                : std::string(" (") + std::to_string(interval) + " " +
                                      (freq == Freq::weekly ? "tuần" : "tháng") + " một lần)";
  if (freq == Freq::weekly) {
    if (weekdays.empty()) return "Hằng tuần, vào thứ của ngày bắt đầu" + every;
    for (std::size_t i = 0; i < weekdays.size(); ++i) {
      if (i > 0) out.append(", ");
      out.append(kDayNames[static_cast<std::size_t>(weekdays[i])]);
    }
    return out.append(" hằng tuần").append(every);
  }
  if (!month_days.empty()) {
    out.append("Ngày ");
    for (std::size_t i = 0; i < month_days.size(); ++i) {
      if (i > 0) out.append(", ");
      out.append(month_days[i] == -1 ? std::string("cuối tháng")
                 : month_days[i] < 0 ? std::to_string(-month_days[i]) + " ngày trước cuối tháng"
                                     : std::to_string(month_days[i]));
    }
  }
  for (std::size_t i = 0; i < nth_days.size(); ++i) {
    if (!out.empty()) out.append(i == 0 ? "; " : ", ");
    const auto& [ordinal, day] = nth_days[i];
    out.append(kDayNames[static_cast<std::size_t>(day)]);
    if (ordinal > 0) out.append(" tuần thứ ").append(std::to_string(ordinal));
    if (ordinal == -1) out.append(" cuối cùng");
    if (ordinal < -1) out.append(" thứ ").append(std::to_string(-ordinal)).append(" từ cuối");
    if (ordinal == 0) out.append(" mọi tuần");
  }
  if (out.empty()) out = "Hằng tháng, vào ngày của ngày bắt đầu";
  return out.append(" hằng tháng").append(every);
}

std::vector<Date> occurrences(const Recurrence& r, Date start, Date from, Date to,
                              const WorkingCalendar* working_only) {
  std::vector<Date> out;
  if (from < start) from = start;
  if (to < from) return out;
  auto keep = [&](const Date& d) {
    if (d < from || to < d) return;
    if (working_only != nullptr && !working_only->is_working_day(d)) return;
    out.push_back(d);
  };
  if (r.freq == Recurrence::Freq::weekly) {
    const std::vector<int> days =
        r.weekdays.empty() ? std::vector<int>{start.weekday()} : r.weekdays;
    const std::int64_t start_monday = start.days() - start.weekday();
    std::int64_t monday = from.days() - from.weekday();
    // Align to a week the interval allows (weeks counted from the start's week).
    const std::int64_t offset = ((monday - start_monday) / 7) % r.interval;
    if (offset != 0) monday += 7 * (r.interval - offset);
    for (; monday <= to.days(); monday += 7LL * r.interval) {
      for (const int wd : days) keep(Date::from_days(monday + wd));
    }
  } else {
    int m = month_index(from);
    const int offset = (m - month_index(start)) % r.interval;
    if (offset != 0) m += r.interval - offset;
    for (; m <= month_index(to); m += r.interval) {
      for (const auto& d : monthly_dates(r, m / 12, m % 12 + 1, start)) keep(d);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool occurs_on(const Recurrence& r, Date start, Date day, const WorkingCalendar* working_only) {
  return !occurrences(r, start, day, day, working_only).empty();
}

std::string_view code(DutyRule::Per per) {
  return per == DutyRule::Per::week ? "week" : "month";
}

Expected<void> validate(const DutyRule& r) {
  if (r.code.empty()) return invalid("code_required", "Thiếu mã quy tắc", "code");
  if (r.agency_kind.empty()) return invalid("required", "Thiếu loại cơ quan", "agency_kind");
  if (r.unit_level.empty()) return invalid("required", "Thiếu cấp đơn vị", "unit_level");
  const int max = r.per == DutyRule::Per::week ? 7 : 31;
  if (r.days < 1 || r.days > max) {
    return invalid("bad_days",
                   "Số ngày tiếp phải từ 1 đến " + std::to_string(max) + " mỗi " +
                       (r.per == DutyRule::Per::week ? "tuần" : "tháng"),
                   "days");
  }
  if (r.source.empty()) return invalid("source_required", "Cần ghi căn cứ (source)", "source");
  return {};
}

std::optional<DutyRule> duty_for(const std::vector<DutyRule>& rules, std::string_view agency_kind,
                                 std::string_view unit_level, Date on) {
  const DutyRule* best = nullptr;
  for (const auto& r : rules) {
    if (r.agency_kind != agency_kind || r.unit_level != unit_level || on < r.valid_from) continue;
    if (best == nullptr || best->valid_from < r.valid_from) best = &r;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

std::vector<Date> weeks_of_month(int year, int month) {
  std::vector<Date> mondays;
  const Date first{year, month, 1};
  // The first Thursday of the month, then every 7 days within the month.
  const int to_thursday = (3 - first.weekday() + 7) % 7;
  for (Date thursday = first.plus_days(to_thursday); thursday.month == month;
       thursday = thursday.plus_days(7)) {
    mondays.push_back(thursday.plus_days(-3));
  }
  return mondays;
}

MonthCompliance month_compliance(const std::vector<DutyRule>& rules, std::string_view agency_kind,
                                 std::string_view unit_level, int year, int month,
                                 const std::vector<Date>& held_days) {
  MonthCompliance c;
  c.year = year;
  c.month = month;
  std::set<std::int64_t> held;
  for (const auto& d : held_days) held.insert(d.days());
  for (const auto day : held) {
    const Date d = Date::from_days(day);
    if (d.year == year && d.month == month) ++c.held;
  }
  c.rule = duty_for(rules, agency_kind, unit_level, Date{year, month, 1});
  if (!c.rule) return c;
  if (c.rule->per == DutyRule::Per::month) {
    c.required = c.rule->days;
    c.met = c.held >= c.required;
    return c;
  }
  const auto weeks = weeks_of_month(year, month);
  c.required = c.rule->days * static_cast<int>(weeks.size());
  for (const auto& monday : weeks) {
    int in_week = 0;
    for (auto it = held.lower_bound(monday.days()); it != held.end() && *it < monday.days() + 7;
         ++it) {
      ++in_week;
    }
    if (in_week < c.rule->days) ++c.weeks_missed;
  }
  c.met = c.weeks_missed == 0;
  return c;
}

std::vector<RefusalGround> refusal_grounds() {
  return {
      {"intoxicated",
       "Khoản 1 Điều 9 Luật Tiếp công dân 2013: người trong tình trạng say do dùng chất kích "
       "thích, người mắc bệnh tâm thần hoặc bệnh khác làm mất khả năng nhận thức hoặc khả năng "
       "điều khiển hành vi của mình"},
      {"threatening",
       "Khoản 2 Điều 9 Luật Tiếp công dân 2013: người có hành vi đe dọa, xúc phạm cơ quan, tổ "
       "chức, đơn vị, người tiếp công dân, người thi hành công vụ"},
      {"breaking_rules",
       "Khoản 2 Điều 9 Luật Tiếp công dân 2013: người có hành vi vi phạm nội quy nơi tiếp công "
       "dân"},
      {"already_resolved",
       "Khoản 3 Điều 9 Luật Tiếp công dân 2013: vụ việc đã được giải quyết đúng chính sách, pháp "
       "luật, được cơ quan có thẩm quyền kiểm tra, rà soát, thông báo bằng văn bản, đã được tiếp, "
       "giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, tố cáo kéo dài"},
      {"other_law",
       "Khoản 4 Điều 9 Luật Tiếp công dân 2013: trường hợp khác theo quy định của pháp luật (ghi "
       "rõ văn bản)"},
  };
}

std::optional<RefusalGround> refusal_ground(std::string_view c) {
  for (const auto& g : refusal_grounds()) {
    if (g.code == c) return g;
  }
  return std::nullopt;
}

std::string_view code(Direction d) {
  switch (d) {
    case Direction::accepted:
      return "accepted";
    case Direction::guided:
      return "guided";
    case Direction::transferred:
      return "transferred";
    case Direction::refused:
      return "refused";
  }
  return "";
}

std::string_view name_vi(Direction d) {
  switch (d) {
    case Direction::accepted:
      return "Tiếp nhận, thụ lý";
    case Direction::guided:
      return "Trả lại đơn, hướng dẫn gửi đến cơ quan có thẩm quyền";
    case Direction::transferred:
      return "Chuyển đơn đến cơ quan có thẩm quyền";
    case Direction::refused:
      return "Từ chối tiếp";
  }
  return "";
}

std::optional<Direction> parse_direction(std::string_view c) {
  for (const auto d :
       {Direction::accepted, Direction::guided, Direction::transferred, Direction::refused}) {
    if (code(d) == c) return d;
  }
  return std::nullopt;
}

}  // namespace doithoai::reception
