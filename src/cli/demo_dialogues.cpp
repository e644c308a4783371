#include "cli/demo_dialogues.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/tracking_code.hpp"
#include "cli/demo_rng.hpp"

namespace doithoai::cli {

namespace {

namespace D = doithoai::dialogue;

constexpr std::uint64_t kSeed = 0x444F49544F414921ULL;  // "DOITOAI!"
const Date kDialogueDay{2021, 9, 28};  // the day the matters demo gives the named proposals
// Who the demo acts as (an Actor holds a std::string, so it is built on use).
Actor demo_actor() {
  return Actor{std::nullopt, "demo"};
}

// ---- people and words ----

constexpr std::array<std::string_view, 15> kFamily = {"Nguyễn", "Trần", "Lê",    "Phạm", "Hoàng",
                                                      "Vũ",     "Đỗ",   "Bùi",   "Đặng", "Ngô",
                                                      "Đào",    "Đinh", "Lương", "Mạc",  "Phan"};
constexpr std::array<std::string_view, 4> kMiddleMale = {"Văn", "Đức", "Hữu", "Quang"};
constexpr std::array<std::string_view, 3> kMiddleFemale = {"Thị", "Thị", "Ngọc"};
constexpr std::array<std::string_view, 8> kGivenMale = {"Hùng", "Dũng", "Tuấn", "Thắng",
                                                        "Hải",  "Long", "Bình", "Cường"};
constexpr std::array<std::string_view, 8> kGivenFemale = {"Lan",  "Hoa", "Mai",  "Thủy",
                                                          "Hằng", "Nga", "Liên", "Huệ"};

std::string person_name(DemoRng& rng) {
  const bool male = rng.chance(60);
  return std::string(rng.pick(kFamily))
      .append(" ")
      .append(male ? rng.pick(kMiddleMale) : rng.pick(kMiddleFemale))
      .append(" ")
      .append(male ? rng.pick(kGivenMale) : rng.pick(kGivenFemale));
}

// The article's fields, in its order, with the 2021 agency that answers for each and what
// people raised (invented examples; {u} is the commune).
struct FieldWords {
  std::string_view field;
  std::string_view agency;
  std::string_view answerer;  // who answered on the spot
  std::array<std::string_view, 2> titles;
  std::array<std::string_view, 2> contents;
};

const std::array<FieldWords, 9> kFields = {{
    {"nong_nghiep",
     "NNPTNT-VB",
     "Trưởng Phòng Nông nghiệp và Phát triển nông thôn huyện",
     {"Hỗ trợ giống lúa và vật tư sau dịch", "Nạo vét kênh tưới tiêu nội đồng"},
     {"Đề nghị huyện hỗ trợ giống lúa, phân bón cho bà con {u} sau thời gian giãn cách do dịch "
      "Covid-19, giá vật tư tăng cao.",
      "Kênh tưới tiêu nội đồng của {u} bị bồi lắng, đề nghị nạo vét trước vụ xuân 2022."}},
    {"nong_thon_moi",
     "NNPTNT-VB",
     "Trưởng Phòng Nông nghiệp và Phát triển nông thôn huyện",
     {"Công khai đóng góp xây dựng nông thôn mới kiểu mẫu", "Chất lượng đường giao thông thôn"},
     {"Đề nghị công khai dự toán và các khoản đóng góp của Nhân dân {u} cho công trình nông "
      "thôn mới kiểu mẫu.",
      "Tuyến đường bê tông thôn ở {u} mới làm đã nứt, đề nghị kiểm tra chất lượng, yêu cầu nhà "
      "thầu bảo hành."}},
    {"cong_thuong_dich_vu",
     "KTHT-VB",
     "Trưởng Phòng Kinh tế và Hạ tầng huyện",
     {"Việc làm cho lao động địa phương tại cụm công nghiệp", "Chợ tạm lấn chiếm lòng đường"},
     {"Đề nghị các doanh nghiệp trong cụm công nghiệp ưu tiên tuyển lao động của {u}.",
      "Chợ tạm ở {u} họp tràn ra đường tỉnh, mất an toàn giao thông, đề nghị sắp xếp lại."}},
    {"xay_dung_dang",
     "BDV-VB",
     "Trưởng Ban Dân vận Huyện ủy",
     {"Đổi mới sinh hoạt chi bộ thôn", "Công tác dân vận của chính quyền cơ sở"},
     {"Sinh hoạt chi bộ thôn ở {u} còn hình thức, đề nghị hướng dẫn sinh hoạt chuyên đề.",
      "Đề nghị chấn chỉnh thái độ tiếp dân của một số cán bộ {u}, tăng cường dân vận chính "
      "quyền."}},
    {"chinh_sach",
     "LDTBXH-VB",
     "Trưởng Phòng Lao động - Thương binh và Xã hội huyện",
     {"Hồ sơ chế độ người có công chậm giải quyết", "Hỗ trợ lao động tự do mất việc do dịch"},
     {"Hồ sơ đề nghị hưởng chế độ người có công của một gia đình ở {u} nộp đã lâu chưa được "
      "giải quyết.",
      "Lao động tự do ở {u} mất việc do dịch Covid-19 chưa nhận được hỗ trợ, đề nghị hướng "
      "dẫn thủ tục."}},
    {"van_hoa_xa_hoi",
     "VHTT-VB",
     "Trưởng Phòng Văn hóa và Thông tin huyện",
     {"Các khoản thu đầu năm học", "Nhà văn hóa thôn xuống cấp"},
     {"Trường học ở {u} thu nhiều khoản ngoài quy định đầu năm học 2021-2022, đề nghị kiểm "
      "tra.",
      "Nhà văn hóa thôn ở {u} xuống cấp, không đủ chỗ sinh hoạt, đề nghị hỗ trợ cải tạo."}},
    {"quoc_phong_an_ninh",
     "UBND-VB",
     "Phó Chủ tịch UBND huyện",
     {"Trật tự an toàn giao thông trên đường tỉnh", "Tụ tập thanh thiếu niên ban đêm"},
     {"Xe tải chạy tốc độ cao qua khu dân cư {u}, đề nghị lắp biển báo và tăng tuần tra.",
      "Thanh thiếu niên tụ tập, đua xe ban đêm ở {u}, đề nghị tăng cường kiểm tra."}},
    {"tai_nguyen_moi_truong",
     "TNMT-VB",
     "Trưởng Phòng Tài nguyên và Môi trường huyện",
     {"Cấp giấy chứng nhận quyền sử dụng đất chậm", "Thu gom rác thải sinh hoạt"},
     {"Nhiều hộ ở {u} đề nghị cấp giấy chứng nhận quyền sử dụng đất đã lâu chưa được cấp.",
      "Rác thải sinh hoạt ở {u} thu gom không thường xuyên, đề nghị tăng tần suất."}},
    {"giai_phong_mat_bang",
     "TNMT-VB",
     "Trưởng Phòng Tài nguyên và Môi trường huyện",
     {"Đơn giá bồi thường giải phóng mặt bằng", "Tái định cư cho hộ bị thu hồi đất"},
     {"Hộ dân ở {u} có đất bị thu hồi đề nghị xem xét lại đơn giá bồi thường cây cối, hoa màu.",
      "Đề nghị sớm bố trí đất tái định cư cho các hộ ở {u} bị thu hồi đất ở."}},
}};

std::string fill(std::string_view text, const std::string& unit) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "{u}") {
      out.append(unit);
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Splits `total` into n parts of at least `min`, with random weights: exact by construction.
std::vector<int> split(int total, int n, int min, DemoRng& rng) {
  std::vector<int> weights(static_cast<std::size_t>(n));
  int sum = 0;
  for (auto& w : weights) sum += (w = rng.between(60, 140));
  std::vector<int> out(static_cast<std::size_t>(n), min);
  const int spread = total - min * n;
  int given = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int part = static_cast<int>(static_cast<long long>(spread) * weights[i] / sum);
    out[i] += part;
    given += part;
  }
  for (int i = 0; given < spread; ++given, i = (i + 1) % n) ++out[static_cast<std::size_t>(i)];
  return out;
}

struct Unit2021 {
  std::string code;
  std::string name;  // "xã Vĩnh An"
};

class Generator {
 public:
  explicit Generator(store::Store& store) : store_(store), rng_(kSeed) {}
  Expected<int> run();

 private:
  Expected<void> load_units();
  Expected<std::string> assignable(const std::string& code);
  std::vector<Date> working_days(int year);
  Expected<int> histories();
  Expected<void> dialogue_2021();
  Expected<std::optional<Id>> named_submission(const std::string& unit, const std::string& who);
  Expected<void> reception_2021();

  store::Store& store_;
  DemoRng rng_;
  Date today_ = vietnam_date(now_utc());
  std::vector<Unit2021> units_;
  std::map<std::string, Agency> agencies_;
  std::vector<Holiday> holidays_;
};

Expected<void> Generator::load_units() {
  for (int code = 11824; code <= 11911; code += 3) {
    const auto u = TRY(store_.unit(std::to_string(code)));
    units_.push_back(Unit2021{u.code, u.full_name()});
  }
  for (auto& a : TRY(store_.agencies())) agencies_[a.code] = a;
  holidays_ = TRY(store_.holidays(Date{2016, 1, 1}, Date{2021, 12, 31}));
  return {};
}

// The matters module assigns only to agencies in office today; the 2021 agencies ended on
// 30/06/2025, so a matter goes to the nearest agency above still in office (as in demo.cpp).
Expected<std::string> Generator::assignable(const std::string& code) {
  std::string c = code;
  for (int depth = 0; depth < 10; ++depth) {
    const auto it = agencies_.find(c);
    if (it == agencies_.end()) break;
    if (!it->second.valid_to || !(*it->second.valid_to < today_)) return c;
    if (!it->second.parent_code) break;
    c = *it->second.parent_code;
  }
  return invalid("no_agency_in_office", "Không có cơ quan còn hoạt động thay cho " + code);
}

std::vector<Date> Generator::working_days(int year) {
  std::map<std::int64_t, bool> special;
  for (const auto& h : holidays_) special[h.date.days()] = h.working_day;
  std::vector<Date> out;
  for (auto d = Date{year, 1, 1}.days(); d <= Date{year, 12, 31}.days(); ++d) {
    const Date date = Date::from_days(d);
    const auto s = special.find(d);
    if (s != special.end() ? s->second : date.weekday() < 5) out.push_back(date);
  }
  return out;
}

// ---- 2016-2020: dialogues recorded from their reports, to match the published totals ----

Expected<int> Generator::histories() {
  int created = 0;
  for (const auto& totals : {kHuyenUyTotals, kUbndTotals}) {
    const bool huyen_uy = std::string_view(totals.host_agency) == "HU-VB";
    const auto attendance = split(totals.attendance, totals.dialogues, huyen_uy ? 120 : 15, rng_);
    const auto opinions = split(totals.opinions, totals.dialogues, huyen_uy ? 20 : 3, rng_);
    // Spread over the five years, in date order.
    std::vector<Date> days;
    for (int i = 0; i < totals.dialogues; ++i) {
      const int year = 2016 + i * 5 / totals.dialogues;
      days.push_back(rng_.pick(working_days(year)));
    }
    std::sort(days.begin(), days.end());
    std::map<int, int> in_year;
    for (int i = 0; i < totals.dialogues; ++i) {
      const auto k = static_cast<std::size_t>(i);
      store::NewDialogue d;
      d.host_agency_code = totals.host_agency;
      d.held_on = days[k];
      const int n = ++in_year[d.held_on.year];
      if (huyen_uy) {
        d.host_name = "Đồng chí Bí thư Huyện ủy Vĩnh Bảo";
        d.host_title = "Bí thư Huyện ủy";
        d.title = "Hội nghị đối thoại trực tiếp giữa đồng chí Bí thư Huyện ủy với Nhân dân năm " +
                  std::to_string(d.held_on.year) + " (lần " + std::to_string(n) + ")";
        d.venue = "Hội trường Huyện ủy Vĩnh Bảo";
      } else {
        const auto& unit = rng_.pick(units_);
        const auto& field = rng_.pick(kFields);
        d.host_name = "Đồng chí Chủ tịch UBND huyện Vĩnh Bảo";
        d.host_title = "Chủ tịch UBND huyện";
        d.title = "Hội nghị đối thoại của UBND huyện với Nhân dân " + unit.name + " về " +
                  std::string(field.titles[0]);
        d.venue = "Hội trường UBND " + unit.name;
        d.agenda.push_back(store::AgendaItem{std::string(field.field), ""});
      }
      d.from_report = true;
      d.attendance = attendance[k];
      d.opinions_reported = opinions[k];
      d.generated = true;
      d.demo = true;
      d.summary =
          "Số liệu sinh tự động để tổng 2016-2020 khớp đúng số liệu đã công bố của huyện Vĩnh "
          "Bảo; không phải biên bản thật của hội nghị.";
      TRY(store_.dialogues().create(d, demo_actor()));
      ++created;
    }
  }
  return created;
}

// ---- 2021: the Huyện ủy secretary's dialogue ----

Expected<std::optional<Id>> Generator::named_submission(const std::string& unit,
                                                        const std::string& who) {
  store::MatterQuery q;
  q.channel = Channel::dialogue;
  q.field_code = "xay_dung_dang";
  q.unit_codes = {unit};
  q.per_page = 100;
  q.statuses = {Status::published, Status::answered, Status::closed};
  for (const auto& m : TRY(store_.matters().list(q)).items) {
    if (m.title.find(who) == std::string::npos) continue;
    const auto record = TRY(store_.matters().get(m.id));
    if (!record.submissions.empty()) return std::optional<Id>{record.submissions.front().id};
  }
  return std::optional<Id>{};
}

Expected<void> Generator::dialogue_2021() {
  store::NewDialogue n;
  n.title = "Hội nghị đối thoại trực tiếp giữa đồng chí Bí thư Huyện ủy với Nhân dân năm 2021";
  n.host_name = "Đồng chí Bí thư Huyện ủy Vĩnh Bảo";
  n.host_title = "Bí thư Huyện ủy";
  n.host_agency_code = "HU-VB";
  n.held_on = kDialogueDay;
  n.starts_at = "08:00";
  n.venue = "Hội trường Trung tâm Chính trị huyện Vĩnh Bảo";
  n.registration_cap = 50;
  n.registration_closes_on = Date{2021, 9, 24};
  n.board = {{"Đồng chí Bí thư Huyện ủy", "Chủ trì hội nghị"},
             {"Đồng chí Phó Bí thư Thường trực Huyện ủy", "Đoàn Chủ tọa"},
             {"Đồng chí Chủ tịch UBND huyện", "Đoàn Chủ tọa"},
             {"Đồng chí Chủ tịch Ủy ban MTTQ Việt Nam huyện", "Đoàn Chủ tọa"},
             {"Đồng chí Chánh Văn phòng Huyện ủy", "Thư ký hội nghị"}};
  for (const auto& f : kFields) n.agenda.push_back(store::AgendaItem{std::string(f.field), ""});
  n.summary =
      "Trước hội nghị, Ban Thường vụ Huyện ủy chỉ đạo Đảng ủy các xã, thị trấn, Ủy ban MTTQ "
      "và các tổ chức chính trị - xã hội tổ chức Hội nghị Nhân dân lấy ý kiến tại các thôn, khu "
      "dân cư; qua tổng hợp có 41 người đăng ký tham gia đối thoại. (Dữ liệu mẫu: tên người, nội "
      "dung ý kiến và số người tham dự là minh họa.)";
  n.demo = true;
  auto d = TRY(store_.dialogues().create(n, demo_actor()));

  auto act = [&](D::Action a, std::optional<int> attendance = std::nullopt) -> Expected<void> {
    store::DialogueCommand c;
    c.dialogue_id = d.id;
    c.expected_version = d.version;
    c.action = a;
    c.on = today_;
    c.attendance = attendance;
    d = TRY(store_.dialogues().apply(c, demo_actor()));
    return {};
  };
  TRY(act(D::Action::start_collecting));

  // Village meetings in every commune and town: 45 opinions, 39 of them from people who then
  // registered to speak.
  struct Collected {
    Id submission_id;
    std::string name;
    std::string unit_code;
    std::string address;
    std::size_t field;
    int variant;
  };
  std::vector<Collected> speakers;
  constexpr std::array<int, 10> kMeetingDays = {6, 7, 8, 9, 10, 13, 14, 15, 16, 17};
  int opinion_no = 0;
  for (std::size_t i = 0; i < units_.size(); ++i) {
    const auto& unit = units_[i];
    store::NewVillageMeeting m;
    m.dialogue_id = d.id;
    m.unit_code = "VB-THON-" + unit.code + "-1";
    m.held_on = Date{2021, 9, kMeetingDays[i % kMeetingDays.size()]};
    m.organisers = {"DU-" + unit.code, "MTTQ-" + unit.code};
    m.attendance = rng_.between(60, 150);
    m.note = "Hội nghị Nhân dân lấy ý kiến trước Hội nghị đối thoại của Bí thư Huyện ủy năm 2021";
    m.demo = true;
    const int count = i < 15 ? 2 : 1;
    std::vector<Collected> here;
    for (int k = 0; k < count; ++k, ++opinion_no) {
      const std::size_t field = static_cast<std::size_t>(opinion_no) % kFields.size();
      const int variant = (opinion_no / static_cast<int>(kFields.size())) % 2;
      const auto& words = kFields[field];
      store::RaisedOpinion o;
      o.kind =
          rng_.chance(60) ? Kind::kien_nghi : (rng_.chance(50) ? Kind::phan_anh : Kind::de_xuat);
      o.field_code = std::string(words.field);
      o.unit_code = unit.code;
      o.title = std::string(words.titles[static_cast<std::size_t>(variant)]);
      o.content = fill(words.contents[static_cast<std::size_t>(variant)], unit.name);
      const std::string name = person_name(rng_);
      const std::string address = "thôn Mẫu 1, " + unit.name;
      o.people = {Person{name, "", "", address, ""}};
      o.tracking_code = api::new_tracking_code();
      o.recorded_by = "tiepnhan";
      m.opinions.push_back(o);
      here.push_back(Collected{0, name, unit.code, address, field, variant});
    }
    const auto meeting = TRY(store_.dialogues().add_village_meeting(m, demo_actor()));
    for (std::size_t k = 0; k < here.size(); ++k) {
      here[k].submission_id = meeting.submission_ids[k];
      if (speakers.size() < 39) speakers.push_back(here[k]);
    }
  }

  TRY(act(D::Action::open_registration));
  // The 39 speakers from the village meetings and the two named delegates: 41 registrations.
  std::vector<std::pair<store::SpeakerRegistration, std::optional<std::size_t>>> regs;
  for (std::size_t i = 0; i < speakers.size(); ++i) {
    const auto& s = speakers[i];
    store::NewRegistration r;
    r.dialogue_id = d.id;
    r.name = s.name;
    r.address = s.address;
    r.unit_code = s.unit_code;
    r.topic = std::string(kFields[s.field].titles[static_cast<std::size_t>(s.variant)]);
    r.field_code = std::string(kFields[s.field].field);
    r.submission_id = s.submission_id;
    r.registered_on = Date{2021, 9, 18 + static_cast<int>(i % 7)};
    r.by_staff = true;
    r.recorded_by = "tiepnhan";
    r.demo = true;
    regs.emplace_back(TRY(store_.dialogues().register_speaker(r, demo_actor())), i);
  }
  const std::array<std::tuple<std::string, std::string, std::string, std::string>, 2> named = {{
      {"11824", "Nguyễn Văn Sơn", "thị trấn Vĩnh Bảo",
       "Giải pháp về công tác phát triển đảng viên trên địa bàn huyện"},
      {"11842", "Vũ Quang Trình", "xã Vĩnh An",
       "Giải pháp khắc phục hạn chế trong học tập lý luận chính trị của cán bộ, đảng viên"},
  }};
  for (const auto& [unit, who, where, topic] : named) {
    store::NewRegistration r;
    r.dialogue_id = d.id;
    r.name = who;
    r.address = where;
    r.unit_code = unit;
    r.topic = topic;
    r.field_code = "xay_dung_dang";
    r.submission_id = TRY(named_submission(unit, who));
    r.registered_on = Date{2021, 9, 22};
    r.by_staff = true;
    r.recorded_by = "tiepnhan";
    r.demo = true;
    regs.emplace_back(TRY(store_.dialogues().register_speaker(r, demo_actor())), std::nullopt);
  }

  // Speaking order: by the agenda's fields, the named delegates within theirs.
  auto field_rank = [](const std::string& code) {
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      if (kFields[i].field == code) return i;
    }
    return kFields.size();
  };
  std::stable_sort(regs.begin(), regs.end(), [&](const auto& a, const auto& b) {
    return field_rank(a.first.field_code) < field_rank(b.first.field_code);
  });
  std::vector<Id> order;
  order.reserve(regs.size());
  for (const auto& r : regs) order.push_back(r.first.id);
  TRY(store_.dialogues().set_speaking_order(d.id, order, demo_actor()));

  TRY(act(D::Action::hold, 350));

  // At the conference: every speaker's opinion with its outcome. The secretary and the
  // departments answer on the spot; some are assigned with a deadline; what lies with the city
  // is forwarded up, to be answered in writing once the city has directed.
  std::vector<std::pair<Id, std::string>> assigned;  // matter, 2021 agency
  int counter = 0;
  for (const auto& [reg, index] : regs) {
    store::NewOpinion o;
    o.dialogue_id = d.id;
    o.registration_id = reg.id;
    o.on = kDialogueDay;
    o.demo = true;
    const std::size_t field = field_rank(reg.field_code);
    if (!index) {
      // The named proposals: their matters already record them (the matters demo).
      o.submission_id = reg.submission_id;
      o.outcome.outcome = D::Outcome::assigned;
      o.outcome.agency_code = reg.name == "Nguyễn Văn Sơn" ? "BTC-VB" : "BTG-VB";
      o.outcome.due_on = Date{2021, 10, 15};
      o.summary = reg.topic;
    } else {
      const auto& words = kFields[field];
      store::RaisedOpinion raised;
      raised.kind = Kind::kien_nghi;
      raised.field_code = std::string(words.field);
      raised.title = reg.topic;
      raised.content =
          "Tại hội nghị, đại biểu trình bày lại ý kiến đã nêu ở Hội nghị Nhân dân: " + reg.topic +
          ".";
      raised.tracking_code = api::new_tracking_code();
      raised.recorded_by = "tiepnhan";
      o.raised = raised;
      const int pick = counter++ % 10;
      if (pick < 5) {
        o.outcome.outcome = D::Outcome::answered;
        o.outcome.answered_by =
            pick == 0 ? "Đồng chí Bí thư Huyện ủy" : std::string(words.answerer);
        o.outcome.agency_code = pick == 0 ? "HU-VB" : std::string(words.agency);
        o.outcome.answer_text =
            "Trả lời trực tiếp tại hội nghị: ghi nhận, giải thích chính sách "
            "và giao xã, thị trấn phối hợp thực hiện.";
      } else if (pick < 8) {
        o.outcome.outcome = D::Outcome::assigned;
        o.outcome.agency_code = std::string(words.agency);
        o.outcome.due_on = Date{2021, 10, 29};
      } else {
        o.outcome.outcome = D::Outcome::forwarded;
        o.outcome.agency_code =
            words.agency.substr(0, 2) == "HU" || words.agency.substr(0, 1) == "B" ? "TU-HP"
                                                                                  : "UBND-HP";
        o.outcome.note =
            "Thuộc thẩm quyền của thành phố: các ngành tổng hợp, trả lời bằng văn bản "
            "khi có ý kiến chỉ đạo của cấp trên";
      }
      o.outcome.assign_to = TRY(
          assignable(o.outcome.outcome == D::Outcome::forwarded ? "HU-VB" : o.outcome.agency_code));
    }
    const auto opinion = TRY(store_.dialogues().record_opinion(o, demo_actor()));
    if (index && opinion.outcome == D::Outcome::assigned) {
      assigned.emplace_back(opinion.matter_id, opinion.agency_code);
    }
  }
  TRY(act(D::Action::follow_up));

  // Follow-up: two of every three assigned matters answered in writing by their agency.
  for (std::size_t i = 0; i < assigned.size(); ++i) {
    if (i % 3 == 2) continue;
    const auto record = TRY(store_.matters().get(assigned[i].first));
    if (record.matter.status != Status::assigned) continue;
    store::ActionCommand c;
    c.matter_id = record.matter.id;
    c.expected_version = record.matter.version;
    c.action = lifecycle::Action::answer;
    c.on = Date{2021, 10, 20 + static_cast<int>(i % 8)};
    Answer a;
    a.form = "written";
    a.document_number = std::to_string(rng_.between(300, 900)) + "/" + assigned[i].second;
    a.date = c.on;
    a.agency_code = assigned[i].second;
    a.signed_by = "Thủ trưởng " + agencies_[assigned[i].second].name;
    a.text =
        "Trả lời kiến nghị của cử tri tại Hội nghị đối thoại của Bí thư Huyện ủy ngày "
        "28/09/2021: đã kiểm tra, chỉ đạo giải quyết và thông báo kết quả cho người kiến "
        "nghị.";
    c.answer = a;
    TRY(store_.matters().apply(c, demo_actor()));
  }
  return {};
}

// ---- 2021 reception: the Huyện ủy secretary (1 day a month) and the UBND chairman (2) ----

Expected<void> Generator::reception_2021() {
  struct Plan {
    const char* agency;
    const char* leader;
    const char* title;
    const char* rule;
    const char* venue;
  };
  const std::array<Plan, 2> plans = {{
      {"HU-VB", "Bí thư Huyện ủy Vĩnh Bảo", "Bí thư Huyện ủy", "FREQ=MONTHLY;BYDAY=3TH",
       "Trụ sở tiếp công dân huyện Vĩnh Bảo"},
      {"UBND-VB", "Chủ tịch UBND huyện Vĩnh Bảo", "Chủ tịch UBND huyện",
       "FREQ=MONTHLY;BYDAY=2TU,4TU", "Trụ sở tiếp công dân huyện Vĩnh Bảo"},
  }};
  const std::array<std::string_view, 4> kSummaries = {
      "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất cho gia đình",
      "Khiếu nại về mức bồi thường khi thu hồi đất làm đường",
      "Phản ánh việc xây dựng công trình lấn chiếm hành lang kênh",
      "Kiến nghị về chế độ trợ cấp cho người có công"};
  for (const auto& p : plans) {
    store::NewSchedule s;
    s.agency_code = p.agency;
    s.leader_name = p.leader;
    s.leader_title = p.title;
    s.rule = p.rule;
    s.starts_on = Date{2021, 1, 1};
    s.ends_on = Date{2021, 12, 31};
    s.time_from = "07:30";
    s.time_to = "11:30";
    s.venue = p.venue;
    s.slots = 10;
    s.demo = true;
    const auto schedule = TRY(store_.receptions().add_schedule(s, demo_actor()));
    const auto days = TRY(store_.receptions().schedule_dates(schedule.id, s.starts_on, *s.ends_on));
    for (std::size_t i = 0; i < days.size(); ++i) {
      // The UBND chairman misses one day in August (compliance shows it).
      if (std::string_view(p.agency) == "UBND-VB" && days[i].month == 8 && i % 2 == 1) continue;
      const int visits = rng_.between(0, 3);
      if (visits == 0) {
        store::NewSession ns;
        ns.schedule_id = schedule.id;
        ns.held_on = days[i];
        ns.demo = true;
        const auto session = TRY(store_.receptions().add_session(ns, demo_actor()));
        store::SessionCommand hold;
        hold.session_id = session.id;
        hold.on = today_;
        hold.note = "Không có công dân đến";
        TRY(store_.receptions().apply(hold, demo_actor()));
        continue;
      }
      for (int k = 0; k < visits; ++k) {
        const auto& unit = rng_.pick(units_);
        store::NewVisit v;
        v.schedule_id = schedule.id;
        v.visited_on = days[i];
        v.name = person_name(rng_);
        v.address = "thôn Mẫu 2, " + unit.name;
        v.summary = std::string(rng_.pick(kSummaries));
        v.kind = v.summary.rfind("Khiếu nại", 0) == 0  ? Kind::khieu_nai
                 : v.summary.rfind("Phản ánh", 0) == 0 ? Kind::phan_anh
                                                       : Kind::kien_nghi;
        v.head_count = rng_.chance(10) ? rng_.between(5, 20) : 1;
        const int way = rng_.between(1, 20);
        if (way == 1) {
          v.direction = reception::Direction::refused;
          v.refusal_ground = "already_resolved";
        } else if (way <= 8) {
          v.direction = reception::Direction::guided;
          v.direction_body = "UBND " + unit.name;
          v.direction_document = std::to_string(rng_.between(10, 300)) + "/BTCD";
        } else if (way <= 12) {
          v.direction = reception::Direction::transferred;
          v.direction_body = "Phòng Tài nguyên và Môi trường huyện";
          v.direction_document = std::to_string(rng_.between(10, 300)) + "/BTCD-TNMT";
        } else {
          v.direction = reception::Direction::accepted;
          v.follow_up = "Đã giao cơ quan chuyên môn tham mưu giải quyết";
        }
        v.note = "Dữ liệu mẫu";
        v.recorded_by = "tiepnhan";
        v.demo = true;
        TRY(store_.receptions().record_visit(v, demo_actor()));
      }
    }
  }
  return {};
}

Expected<int> Generator::run() {
  store::DialogueQuery any;
  any.per_page = 1;
  if (TRY(store_.dialogues().list(any)).total > 0) return 0;
  TRY(load_units());
  const int histories_created = TRY(histories());
  TRY(dialogue_2021());
  TRY(reception_2021());
  return histories_created + 1;
}

}  // namespace

Expected<int> load_demo_dialogues(store::Store& store) {
  Generator generator(store);
  return generator.run();
}

}  // namespace doithoai::cli
