#include "cli/demo.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/tracking_code.hpp"

namespace doithoai::cli {

namespace {

using lifecycle::Action;

// splitmix64: tiny, and the same on every compiler and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In [lo, hi].
  int between(int lo, int hi) {
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return between(1, 100) <= percent; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[static_cast<std::size_t>(between(0, static_cast<int>(N) - 1))];
  }
  template <typename T>
  const T& pick(const std::vector<T>& a) {
    return a[static_cast<std::size_t>(between(0, static_cast<int>(a.size()) - 1))];
  }
  // An index drawn with the given weights.
  template <std::size_t N>
  std::size_t weighted(const std::array<int, N>& w) {
    int total = 0;
    for (int x : w) total += x;
    int r = between(1, total);
    for (std::size_t i = 0; i < N; ++i) {
      r -= w[i];
      if (r <= 0) return i;
    }
    return N - 1;
  }

 private:
  std::uint64_t s_;
};

constexpr std::uint64_t kSeed = 0x56494E4842414F21ULL;  // "VINHBAO!"
constexpr int kGenerated = 398;                         // plus the two named proposals
const Date kFirstDay{2016, 1, 4};
const Date kLastDay{2021, 10, 29};
const Date kLastAction{2021, 12, 31};

// ---- invented people ----

constexpr std::array<std::string_view, 15> kFamily = {"Nguyễn", "Trần", "Lê",    "Phạm", "Hoàng",
                                                      "Vũ",     "Đỗ",   "Bùi",   "Đặng", "Ngô",
                                                      "Đào",    "Đinh", "Lương", "Mạc",  "Phan"};
constexpr std::array<std::string_view, 6> kMiddleMale = {"Văn",   "Văn", "Đức",
                                                         "Quang", "Hữu", "Minh"};
constexpr std::array<std::string_view, 5> kMiddleFemale = {"Thị", "Thị", "Thị", "Thanh", "Ngọc"};
constexpr std::array<std::string_view, 14> kGivenMale = {"Hùng", "Dũng",  "Tuấn",  "Thắng", "Hải",
                                                         "Long", "Bình",  "Cường", "Toàn",  "Phúc",
                                                         "Khải", "Thành", "Nam",   "Tiến"};
constexpr std::array<std::string_view, 12> kGivenFemale = {
    "Lan", "Hoa", "Hương", "Mai", "Thủy", "Hằng", "Nga", "Liên", "Huệ", "Yến", "Loan", "Dung"};
constexpr std::array<std::string_view, 8> kVillages = {"thôn Đông", "thôn Tây",     "thôn Nam",
                                                       "thôn Bắc",  "thôn Trung",   "thôn Thượng",
                                                       "thôn Hạ",   "thôn Đồng Tâm"};

std::string person_name(Rng& rng) {
  const bool male = rng.chance(60);
  std::string name(rng.pick(kFamily));
  name.append(" ").append(male ? rng.pick(kMiddleMale) : rng.pick(kMiddleFemale));
  name.append(" ").append(male ? rng.pick(kGivenMale) : rng.pick(kGivenFemale));
  return name;
}

std::string phone(Rng& rng) {
  std::string p = "09";
  for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>('0' + rng.between(0, 9)));
  return p;
}

// ---- the units and their 2021 agencies ----

struct DemoUnit {
  std::string code;
  std::string name;  // "thị trấn Vĩnh Bảo", "xã Vĩnh An"
};

// ---- what people write, by field ----

struct Template {
  std::string_view title;    // a noun phrase: follows "Phản ánh về", "Kiến nghị về", ...
  std::string_view content;  // what was asked; {v} is the village, {u} the commune
};

struct FieldTemplates {
  std::string_view field;
  std::string_view district_agency;  // the department that leads, in 2021
  std::string_view doc_suffix;       // its document sign: "45/UBND-TNMT"
  std::array<Template, 4> general;
};

const std::array<FieldTemplates, 10> kFields = {{
    {"nong_nghiep",
     "NNPTNT-VB",
     "UBND-NN",
     {{{"giá vật tư nông nghiệp tăng cao",
        "Giá phân bón, thuốc bảo vệ thực vật vụ này tăng cao trong khi giá lúa thấp, người trồng "
        "lúa ở {v} thua lỗ. Đề nghị có biện pháp bình ổn giá vật tư và hỗ trợ giống cho bà con."},
       {"hệ thống thủy lợi nội đồng xuống cấp",
        "Mương tưới tiêu nội đồng khu cánh đồng {v}, {u} bị bồi lắng, cống tiêu vỡ, nhiều thửa "
        "ruộng không lấy được nước. Đề nghị nạo vét kênh mương và sửa cống trước vụ xuân."},
       {"dịch bệnh trên đàn lợn và công tác tiêu hủy",
        "Dịch tả lợn châu Phi xuất hiện tại {v}, việc tiêu hủy còn chậm, hỗ trợ chưa kịp thời. "
        "Đề nghị hướng dẫn khử trùng và chi trả hỗ trợ cho các hộ có lợn bị tiêu hủy."},
       {"dồn điền đổi thửa và giao thông nội đồng",
        "Sau dồn điền đổi thửa, đường giao thông nội đồng {v} hẹp, máy gặt không vào được. Đề "
        "nghị quy hoạch, mở rộng đường trục chính nội đồng."}}}},
    {"nong_thon_moi",
     "NNPTNT-VB",
     "UBND-NTM",
     {{{"đóng góp xây dựng nông thôn mới kiểu mẫu",
        "Mức đóng góp của các hộ dân {v} cho công trình nông thôn mới kiểu mẫu chưa được công "
        "khai rõ ràng. Đề nghị công khai dự toán, các khoản đóng góp và kết quả thi công."},
       {"chất lượng đường giao thông thôn",
        "Tuyến đường bê tông {v}, {u} mới làm đã nứt vỡ nhiều đoạn. Đề nghị kiểm tra chất lượng "
        "công trình và yêu cầu nhà thầu sửa chữa trong thời gian bảo hành."},
       {"nhà văn hóa thôn chưa được đầu tư",
        "Nhà văn hóa {v} xuống cấp, chật hẹp, không đủ chỗ họp dân. Đề nghị đưa vào kế hoạch đầu "
        "tư xây dựng nông thôn mới kiểu mẫu."},
       {"điện chiếu sáng và cảnh quan khu dân cư",
        "Đề nghị lắp đặt điện chiếu sáng công cộng các trục đường {v} và trồng cây xanh theo tiêu "
        "chí khu dân cư kiểu mẫu."}}}},
    {"cong_thuong_dich_vu",
     "KTHT-VB",
     "UBND-KTHT",
     {{{"điện sinh hoạt chập chờn",
        "Điện sinh hoạt tại {v} thường xuyên mất, điện áp yếu vào giờ cao điểm. Đề nghị ngành "
        "điện nâng cấp trạm biến áp."},
       {"chợ tạm lấn chiếm lòng đường",
        "Chợ tạm tại {u} họp tràn ra lòng đường tỉnh lộ, gây mất an toàn giao thông. Đề nghị sắp "
        "xếp lại khu chợ."},
       {"hoạt động cụm công nghiệp và việc làm cho lao động địa phương",
        "Đề nghị các doanh nghiệp trong cụm công nghiệp ưu tiên tuyển dụng lao động của {u} và "
        "thực hiện đầy đủ chế độ cho người lao động."},
       {"cơ sở sản xuất gây tiếng ồn trong khu dân cư",
        "Xưởng cơ khí tại {v} hoạt động cả ban đêm, gây tiếng ồn, bụi. Đề nghị kiểm tra giấy "
        "phép và yêu cầu di dời ra khỏi khu dân cư."}}}},
    {"xay_dung_dang",
     "BTC-VB",
     "CV/HU",
     {{{"sinh hoạt chi bộ thôn",
        "Sinh hoạt chi bộ {v} còn hình thức, ít nội dung chuyên đề. Đề nghị cấp ủy cơ sở hướng "
        "dẫn đổi mới nội dung sinh hoạt chi bộ."},
       {"công tác dân vận của chính quyền cơ sở",
        "Một số cán bộ {u} có thái độ chưa đúng mực khi tiếp dân. Đề nghị tăng cường công tác dân "
        "vận chính quyền, chấn chỉnh lề lối làm việc."},
       {"vai trò giám sát của Mặt trận và các đoàn thể",
        "Đề nghị phát huy vai trò giám sát của Mặt trận và các đoàn thể ở {u} đối với các công "
        "trình có sự đóng góp của Nhân dân."},
       {"tạo nguồn phát triển đảng viên trong thanh niên",
        "Thanh niên {v} đi làm ăn xa nhiều, nguồn phát triển đảng viên ít. Đề nghị có giải pháp "
        "tạo nguồn đảng viên trong đoàn viên thanh niên."}}}},
    {"chinh_sach",
     "LDTBXH-VB",
     "UBND-LĐTBXH",
     {{{"chế độ người có công",
        "Gia đình {v} đã nộp hồ sơ đề nghị hưởng chế độ người có công từ lâu nhưng chưa được giải "
        "quyết. Đề nghị xem xét, trả lời."},
       {"bình xét hộ nghèo, cận nghèo",
        "Việc bình xét hộ nghèo, cận nghèo năm nay ở {v} chưa công khai, có hộ khá giả vẫn được "
        "xét. Đề nghị rà soát lại."},
       {"trợ cấp xã hội cho người cao tuổi",
        "Người cao tuổi đủ 80 tuổi ở {v} chưa được nhận trợ cấp xã hội đúng hạn. Đề nghị chi trả "
        "kịp thời."},
       {"hỗ trợ người lao động gặp khó khăn do dịch Covid-19",
        "Lao động tự do {v} mất việc do dịch Covid-19 chưa nhận được hỗ trợ. Đề nghị hướng dẫn "
        "thủ tục và chi trả hỗ trợ."}}}},
    {"van_hoa_xa_hoi",
     "VHTT-VB",
     "UBND-VHTT",
     {{{"thu các khoản ngoài học phí đầu năm học",
        "Trường học tại {u} thu nhiều khoản ngoài quy định đầu năm học. Đề nghị kiểm tra và công "
        "khai các khoản thu."},
       {"loa truyền thanh thôn gây ồn",
        "Loa truyền thanh {v} phát quá sớm, âm lượng lớn. Đề nghị điều chỉnh giờ phát và âm "
        "lượng."},
       {"trạm y tế xã thiếu thuốc bảo hiểm y tế",
        "Trạm y tế {u} thường thiếu thuốc cấp theo bảo hiểm y tế, người bệnh phải mua ngoài. Đề "
        "nghị bảo đảm cơ số thuốc."},
       {"tổ chức việc cưới, việc tang theo nếp sống văn minh",
        "Đề nghị tăng cường tuyên truyền, thực hiện nếp sống văn minh trong việc cưới, việc tang "
        "tại {v}, hạn chế mở loa lớn, kéo dài."}}}},
    {"quoc_phong_an_ninh",
     "",
     "UBND",
     {{{"trộm cắp tài sản ban đêm",
        "Thời gian gần đây ở {v} xảy ra nhiều vụ trộm cắp xe máy, gia cầm ban đêm. Đề nghị tăng "
        "cường tuần tra, bảo đảm an ninh trật tự."},
       {"xe tải trọng lớn chạy qua đường thôn",
        "Xe tải chở vật liệu chạy qua đường {v} vượt tải trọng, làm hỏng đường, gây bụi. Đề nghị "
        "lập chốt kiểm soát."},
       {"tụ tập thanh thiếu niên đua xe",
        "Thanh thiếu niên tụ tập đua xe trên tuyến đường qua {u} vào buổi tối. Đề nghị xử lý "
        "nghiêm."},
       {"chế độ cho dân quân thường trực",
        "Đề nghị bảo đảm chế độ phụ cấp cho lực lượng dân quân thường trực {u} theo Luật Dân "
        "quân tự vệ."}}}},
    {"tai_nguyen_moi_truong",
     "TNMT-VB",
     "UBND-TNMT",
     {{{"ô nhiễm kênh mương do nước thải chăn nuôi",
        "Các trang trại chăn nuôi lợn tại {v} xả nước thải chưa qua xử lý ra kênh mương, gây mùi "
        "hôi và ô nhiễm nguồn nước. Đề nghị kiểm tra, xử lý."},
       {"rác thải sinh hoạt không được thu gom",
        "Rác thải sinh hoạt {v} không được thu gom thường xuyên, đổ thành đống ven đường. Đề nghị "
        "tăng tần suất thu gom."},
       {"cấp giấy chứng nhận quyền sử dụng đất",
        "Gia đình ở {v} nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất đã quá hạn nhưng chưa "
        "được cấp. Đề nghị giải quyết."},
       {"khai thác cát, đổ đất trái phép ven sông",
        "Có hiện tượng đổ đất, khai thác cát trái phép ven sông thuộc {u}. Đề nghị kiểm tra, ngăn "
        "chặn."}}}},
    {"giai_phong_mat_bang",
     "TNMT-VB",
     "UBND-TNMT",
     {{{"đơn giá bồi thường đất nông nghiệp khi thu hồi",
        "Đơn giá bồi thường đất nông nghiệp thu hồi cho dự án qua {v} thấp so với giá thị trường. "
        "Đề nghị xem xét lại đơn giá bồi thường."},
       {"hỗ trợ tái định cư cho hộ phải di dời",
        "Các hộ phải di dời nhà ở tại {v} chưa được bố trí đất tái định cư. Đề nghị sớm bố trí và "
        "hỗ trợ tiền thuê nhà trong thời gian chờ."},
       {"chậm chi trả tiền bồi thường giải phóng mặt bằng",
        "Đã bàn giao mặt bằng cho dự án nhưng các hộ {v} chưa nhận đủ tiền bồi thường, hỗ trợ. Đề "
        "nghị chi trả dứt điểm."},
       {"hỗ trợ chuyển đổi nghề cho hộ bị thu hồi đất",
        "Đề nghị có chính sách hỗ trợ đào tạo, chuyển đổi nghề cho lao động các hộ {v} bị thu hồi "
        "phần lớn đất nông nghiệp."}}}},
    {"khac",
     "VP-VB",
     "UBND-VP",
     {{{"thủ tục hành chính tại bộ phận một cửa",
        "Thủ tục chứng thực tại bộ phận một cửa {u} còn chậm, phải đi lại nhiều lần. Đề nghị cải "
        "tiến."},
       {"cấp nước sạch cho khu dân cư",
        "Nhiều hộ {v} chưa được dùng nước sạch, nước giếng khoan nhiễm phèn. Đề nghị mở rộng mạng "
        "cấp nước sạch."},
       {"đặt tên đường, đánh số nhà",
        "Đề nghị đặt tên các tuyến đường, đánh số nhà tại {u} để thuận tiện cho người dân."},
       {"tiếp nhận và trả lời ý kiến cử tri",
        "Ý kiến cử tri {v} gửi từ kỳ họp trước chưa được trả lời. Đề nghị trả lời bằng văn "
        "bản."}}}},
}};

// Complaints and denunciations, each in the field it belongs to.
struct StatutoryTemplate {
  Kind kind;
  std::string_view field;
  std::string_view agency;  // who settles it, in 2021
  std::string_view title;
  std::string_view content;
};

const std::array<StatutoryTemplate, 10> kStatutory = {{
    {Kind::khieu_nai, "giai_phong_mat_bang", "UBND-VB",
     "Khiếu nại quyết định thu hồi đất và phương án bồi thường",
     "Khiếu nại quyết định thu hồi đất và phương án bồi thường, hỗ trợ đối với thửa đất của gia "
     "đình tại {v}, {u}: diện tích tính bồi thường thiếu so với thực tế sử dụng."},
    {Kind::khieu_nai, "giai_phong_mat_bang", "UBND-VB",
     "Khiếu nại việc không được hỗ trợ tái định cư",
     "Gia đình tại {v} bị thu hồi toàn bộ đất ở nhưng không được xét hỗ trợ tái định cư. Đề nghị "
     "xem xét lại."},
    {Kind::khieu_nai, "tai_nguyen_moi_truong", "UBND-VB",
     "Khiếu nại việc từ chối cấp giấy chứng nhận quyền sử dụng đất",
     "Khiếu nại văn bản của UBND {u} từ chối xác nhận nguồn gốc đất để cấp giấy chứng nhận cho "
     "thửa đất gia đình sử dụng ổn định từ trước năm 1993."},
    {Kind::khieu_nai, "chinh_sach", "UBND-VB", "Khiếu nại việc cắt trợ cấp xã hội",
     "Khiếu nại quyết định thôi hưởng trợ cấp xã hội hằng tháng đối với người khuyết tật tại {v}."},
    {Kind::khieu_nai, "nong_nghiep", "UBND-VB", "Khiếu nại mức hỗ trợ thiệt hại do thiên tai",
     "Khiếu nại mức hỗ trợ thiệt hại cây trồng sau bão tại {v}, {u} thấp hơn quy định."},
    {Kind::to_cao, "tai_nguyen_moi_truong", "TT-VB", "Tố cáo cán bộ địa chính xã",
     "Tố cáo cán bộ địa chính {u} nhận tiền của người dân khi làm hồ sơ cấp giấy chứng nhận quyền "
     "sử dụng đất."},
    {Kind::to_cao, "giai_phong_mat_bang", "TT-VB", "Tố cáo việc kê khai khống diện tích bồi thường",
     "Tố cáo một số hộ tại {v} cấu kết với cán bộ kê khai khống diện tích, cây cối để nhận tiền "
     "bồi thường."},
    {Kind::to_cao, "nong_thon_moi", "TT-VB",
     "Tố cáo sai phạm trong thu chi quỹ xây dựng nông thôn mới",
     "Tố cáo ban phát triển {v} thu tiền đóng góp xây dựng nông thôn mới nhưng không công khai "
     "chi tiêu."},
    {Kind::to_cao, "xay_dung_dang", "UBKT-VB", "Tố cáo đảng viên vi phạm quy định",
     "Tố cáo một đảng viên là cán bộ thôn {v} sử dụng đất công sai mục đích, vi phạm những điều "
     "đảng viên không được làm."},
    {Kind::to_cao, "chinh_sach", "TT-VB", "Tố cáo việc lập danh sách hộ nghèo sai quy định",
     "Tố cáo trưởng {v} đưa người thân vào danh sách hộ nghèo để hưởng chính sách."},
}};

// Art. 9 of Luật Tiếp công dân 2013: when a citizen may be refused.
constexpr std::array<std::string_view, 2> kGrounds = {
    "Khoản 3 Điều 9 Luật Tiếp công dân 2013: vụ việc đã được giải quyết đúng chính sách, pháp "
    "luật, "
    "đã được kiểm tra, rà soát, thông báo bằng văn bản và đã được tiếp, giải thích, hướng dẫn "
    "nhưng người gửi vẫn cố tình khiếu nại, tố cáo kéo dài",
    "Khoản 2 Điều 9 Luật Tiếp công dân 2013: người có hành vi đe dọa, xúc phạm người tiếp công "
    "dân, vi phạm nội quy nơi tiếp công dân"};

std::string fill(std::string_view text, const std::string& village, const std::string& unit) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "{v}") {
      out.append(village);
      i += 2;
    } else if (text.substr(i, 3) == "{u}") {
      out.append(unit);
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string_view kind_word(Kind k) {
  switch (k) {
    case Kind::phan_anh:
      return "Phản ánh về ";
    case Kind::kien_nghi:
      return "Kiến nghị về ";
    case Kind::de_xuat:
      return "Đề xuất về ";
    case Kind::gop_y:
      return "Góp ý về ";
    default:
      return "";
  }
}

// What becomes of a matter.
enum class Outcome {
  received,
  classified,
  assigned,
  accepted,
  forwarded_up,
  from_higher,
  guided,
  refused,
  answered,
  published,
  closed,
  reopened,
};

// ---- the generator ----

class Generator {
 public:
  explicit Generator(store::Store& store) : store_(store), rng_(kSeed) {}

  Expected<int> run();

 private:
  Expected<std::vector<Date>> working_days();
  Expected<store::Matter> act(store::ActionCommand cmd, const store::Matter& m);
  Date later(Date d, int lo, int hi) {
    const Date next = d.plus_days(rng_.between(lo, hi));
    return next < kLastAction ? next : kLastAction;
  }
  std::string doc(std::string_view suffix) {
    return std::to_string(rng_.between(12, 980)).append("/").append(suffix);
  }
  Expected<int> generic(const Date& received, std::vector<store::Matter>& open);
  Expected<void> named(const Date& received, const std::string& unit, const std::string& who,
                       const std::string& title, const std::string& content);
  // The two proposals of the 2021 dialogue named in the press, with their points as published.
  Expected<void> named_pair(const Date& dialogue);

  store::Store& store_;
  Rng rng_;
  bool have_chuyenvien_ = false;
  std::vector<DemoUnit> units_;
};

Expected<std::vector<Date>> Generator::working_days() {
  const auto holidays = TRY(store_.holidays(kFirstDay, kLastDay));
  std::map<std::int64_t, bool> special;  // day -> working
  for (const auto& h : holidays) special[h.date.days()] = h.working_day;
  std::vector<Date> out;
  for (auto d = kFirstDay.days(); d <= kLastDay.days(); ++d) {
    const Date date = Date::from_days(d);
    const auto s = special.find(d);
    const bool working = s != special.end() ? s->second : date.weekday() < 5;
    if (working) out.push_back(date);
  }
  return out;
}

Expected<store::Matter> Generator::act(store::ActionCommand cmd, const store::Matter& m) {
  cmd.matter_id = m.id;
  cmd.expected_version = m.version;
  auto r = store_.matters().apply(cmd, Actor::system());
  if (!r.ok()) {
    Error e = r.error();
    e.message = std::string("Dữ liệu mẫu: vụ việc \"")
                    .append(m.title)
                    .append("\", thao tác ")
                    .append(lifecycle::code(cmd.action))
                    .append(" ngày ")
                    .append(cmd.on.iso())
                    .append(": ")
                    .append(e.message);
    return e;
  }
  return r;
}

Expected<int> Generator::generic(const Date& received, std::vector<store::Matter>& open) {
  const DemoUnit& unit = rng_.pick(units_);
  const std::string village = unit.code == "11824"
                                  ? std::string("khu ").append(std::to_string(rng_.between(1, 6)))
                                  : std::string(rng_.pick(kVillages));

  // Kind, field, words and the agency of 2021.
  constexpr std::array<Kind, 6> kinds = {Kind::phan_anh, Kind::kien_nghi, Kind::de_xuat,
                                         Kind::gop_y,    Kind::khieu_nai, Kind::to_cao};
  const Kind kind = kinds[rng_.weighted(std::array<int, 6>{30, 24, 12, 10, 14, 10})];
  std::string field, title, content, agency, doc_suffix;
  if (is_statutory(kind)) {
    std::vector<const StatutoryTemplate*> fit;
    for (const auto& t : kStatutory) {
      if (t.kind == kind) fit.push_back(&t);
    }
    const auto* t = rng_.pick(fit);
    field = t->field;
    title = std::string(t->title);
    content = fill(t->content, village, unit.name);
    agency = t->agency;
    doc_suffix = agency == "UBKT-VB" ? "CV/UBKTHU" : (agency == "TT-VB" ? "TTr" : "UBND-TTr");
  } else {
    const auto& f = rng_.pick(kFields);
    const auto& t = rng_.pick(f.general);
    field = f.field;
    title = std::string(kind_word(kind)).append(t.title);
    content = fill(t.content, village, unit.name);
    // About half go to the commune, the rest to the district department of the field.
    agency = f.district_agency.empty() || rng_.chance(45) ? std::string("UBND-").append(unit.code)
                                                          : std::string(f.district_agency);
    doc_suffix = agency.starts_with("UBND-1") ? "UBND" : std::string(f.doc_suffix);
  }
  title.append(" tại ").append(village).append(", ").append(unit.name);

  // Who: one person mostly, sometimes a group of 5-40 with up to three named.
  constexpr std::array<Channel, 7> channels = {
      Channel::online,          Channel::letter,   Channel::phone,   Channel::reception,
      Channel::village_meeting, Channel::dialogue, Channel::referral};
  const Channel channel = channels[rng_.weighted(std::array<int, 7>{14, 26, 10, 22, 14, 8, 6})];
  Submission s;
  s.channel = channel;
  s.received_on = received;
  s.head_count = rng_.chance(85) ? 1 : rng_.between(5, 40);
  const int named = s.head_count == 1 ? 1 : rng_.between(1, 3);
  for (int i = 0; i < named; ++i) {
    Person p;
    p.name = person_name(rng_);
    p.phone = phone(rng_);
    p.address = std::string(village).append(", ").append(unit.name).append(", huyện Vĩnh Bảo");
    s.people.push_back(std::move(p));
  }
  s.content = std::move(content);
  s.title = title;
  s.recorded_by = channel == Channel::online ? "public" : "tiepnhan";
  s.demo = true;

  store::NewMatter nm;
  nm.kind = kind;
  // Online and phone intakes arrive unclassified; the rest come in with their field.
  if (channel != Channel::online && channel != Channel::phone) nm.field_code = field;
  nm.unit_code = unit.code;
  nm.title = title;
  nm.submission = s;
  nm.tracking_code = api::new_tracking_code();
  nm.demo = true;
  auto m = TRY(store_.matters().create(nm, Actor::system()));

  // A duplicate: merged at once into an earlier open matter of the same commune.
  if (rng_.chance(5)) {
    std::vector<const store::Matter*> targets;
    for (const auto& o : open) {
      if (o.unit_code == unit.code) targets.push_back(&o);
    }
    if (!targets.empty()) {
      const auto* target = rng_.pick(targets);
      store::ActionCommand c;
      c.action = Action::merge;
      c.on = received;
      c.merge_into = target->id;
      c.note = "Trùng nội dung với vụ việc đã tiếp nhận";
      TRY(act(c, m));
      return 1;
    }
  }
  // Raised again by others before it was handled.
  if (rng_.chance(4)) {
    Submission again = s;
    again.channel = Channel::village_meeting;
    again.received_on = later(received, 3, 20);
    again.people = {Person{person_name(rng_), phone(rng_), "", s.people[0].address, ""}};
    again.head_count = rng_.between(1, 12);
    again.recorded_by = "tiepnhan";
    TRY(store_.matters().add_submission(m.id, again, Actor::system()));
  }

  // Where it ends.
  const auto o = static_cast<Outcome>(
      is_statutory(kind)
          ? rng_.weighted(std::array<int, 12>{4, 3, 6, 14, 3, 3, 6, 10, 15, 12, 18, 6})
          : rng_.weighted(std::array<int, 12>{5, 5, 10, 0, 4, 4, 7, 2, 18, 20, 20, 5}));
  bool keep_open = false;  // a merge target later
  Date d = received;

  auto finish = [&]() { return 1; };
  if (o == Outcome::received) {
    open.push_back(m);
    return finish();
  }
  // Guided or refused straight from intake (received or classified).
  store::ActionCommand c;
  c.on = d = later(d, 0, 3);
  if (o == Outcome::refused && rng_.chance(40)) {
    c.action = Action::refuse;
    c.ground = rng_.pick(kGrounds);
    m = TRY(act(c, m));
    if (rng_.chance(30)) {
      store::ActionCommand cl;
      cl.action = Action::close;
      cl.on = later(d, 1, 10);
      TRY(act(cl, m));
    }
    return finish();
  }
  c.action = Action::classify;
  c.kind = kind;
  c.field_code = field;
  m = TRY(act(c, m));
  if (o == Outcome::classified) {
    open.push_back(m);
    return finish();
  }
  if (o == Outcome::guided && rng_.chance(50)) {
    store::ActionCommand g;
    g.action = Action::guide;
    g.on = d = later(d, 1, 8);
    Answer a;
    a.form = "guide";
    a.document_number = std::to_string(rng_.between(5, 600)).append("/HD-BTCD");
    a.date = d;
    a.agency_code = "UBND-VB";
    a.text =
        "Hướng dẫn công dân gửi đơn đến Ủy ban nhân dân huyện Vĩnh Bảo là cơ quan có thẩm "
        "quyền giải quyết theo quy định.";
    g.answer = a;
    m = TRY(act(g, m));
    return finish();
  }

  // Assign.
  store::ActionCommand as;
  as.action = Action::assign;
  as.on = d = later(d, 1, 5);
  as.agency_code = agency;  // in office on the day of the assignment
  if (agency == "TNMT-VB" && have_chuyenvien_) as.handler = "chuyenvien";
  m = TRY(act(as, m));
  if (o == Outcome::assigned) {
    open.push_back(m);
    return finish();
  }
  if (o == Outcome::guided || o == Outcome::refused) {
    store::ActionCommand g;
    g.on = d = later(d, 2, 10);
    if (o == Outcome::guided) {
      g.action = Action::guide;
      Answer a;
      a.form = "guide";
      a.document_number = doc(doc_suffix);
      a.date = d;
      a.text =
          "Nội dung không thuộc thẩm quyền; hướng dẫn công dân gửi đơn đến Tòa án nhân dân "
          "huyện Vĩnh Bảo để được giải quyết theo thủ tục tố tụng.";
      g.answer = a;
    } else {
      g.action = Action::refuse;
      g.ground = rng_.pick(kGrounds);
    }
    m = TRY(act(g, m));
    if (rng_.chance(o == Outcome::refused ? 30 : 60)) {
      store::ActionCommand cl;
      cl.action = Action::close;
      cl.on = later(d, 1, 10);
      TRY(act(cl, m));
    }
    return finish();
  }
  if (is_statutory(kind)) {
    store::ActionCommand ac;
    ac.action = Action::accept;
    ac.on = d = later(d, 1, 6);
    m = TRY(act(ac, m));
    // Extensions: a complaint once, a denunciation (Luật Tố cáo 2018, from 2019) up to twice.
    const int max_ext = kind == Kind::khieu_nai ? 1 : (Date{2019, 1, 1} <= received ? 2 : 0);
    const int ext = o == Outcome::accepted || rng_.chance(25) ? (rng_.chance(60) ? max_ext : 1) : 0;
    for (int i = 0; i < std::min(ext, max_ext); ++i) {
      store::ActionCommand ex;
      ex.action = Action::extend;
      ex.on = d = later(d, 20, 28);
      ex.decision_number = std::to_string(rng_.between(100, 3000)).append("/QĐ-UBND");
      ex.note = "Vụ việc phức tạp, cần xác minh thêm";
      m = TRY(act(ex, m));
    }
    if (o == Outcome::accepted) {
      return finish();
    }
  }
  store::ActionCommand an;
  if (o == Outcome::forwarded_up || o == Outcome::from_higher) {
    store::ActionCommand fu;
    fu.action = Action::forward_up;
    fu.on = d = later(d, 2, 10);
    fu.note = "Thuộc thẩm quyền của thành phố, chờ ý kiến chỉ đạo";
    m = TRY(act(fu, m));
    if (o == Outcome::forwarded_up) return finish();
    an.action = Action::answer_from_higher;
    an.on = d = later(d, 10, 35);
    Answer a;
    a.form = "from_higher";
    a.document_number = doc(doc_suffix);
    a.date = d;
    a.agency_code = agency;
    a.signed_by = "Chủ tịch UBND huyện";
    a.text =
        "Thực hiện ý kiến chỉ đạo của Ủy ban nhân dân thành phố, trả lời công dân: nội dung "
        "kiến nghị đã được tổng hợp, giao các ngành chức năng xem xét, giải quyết theo thẩm "
        "quyền.";
    an.answer = a;
  } else {
    an.action = Action::answer;
    an.on = d = later(d, 3, 25);
    Answer a;
    const bool direct = channel == Channel::dialogue || channel == Channel::village_meeting
                            ? rng_.chance(70)
                            : rng_.chance(15);
    a.form = direct ? "direct" : "written";
    if (!direct) a.document_number = doc(doc_suffix);
    a.date = d;
    a.agency_code = agency;
    a.signed_by = agency.starts_with("UBND-1") ? "Chủ tịch UBND xã" : "Trưởng phòng";
    a.text = direct ? "Trả lời trực tiếp tại buổi tiếp công dân, đối thoại: ghi nhận ý kiến, giao "
                      "bộ phận chuyên môn kiểm tra và giải quyết trong tháng."
                    : "Đã kiểm tra thực tế, làm việc với các bên liên quan; nội dung được giải "
                      "quyết theo quy định, kết quả thông báo đến người gửi.";
    an.answer = a;
  }
  m = TRY(act(an, m));
  if (o == Outcome::forwarded_up || o == Outcome::from_higher) {
    if (rng_.chance(50)) {
      store::ActionCommand p;
      p.action = Action::publish;
      p.on = d = later(d, 1, 7);
      m = TRY(act(p, m));
    }
    return finish();
  }
  if (o == Outcome::answered) {
    if (rng_.chance(30)) {
      store::ActionCommand r;
      r.action = Action::rate;
      r.on = later(d, 1, 10);
      r.rating = rng_.between(1, 3);
      m = TRY(act(r, m));
    }
    return finish();
  }
  store::ActionCommand p;
  p.action = Action::publish;
  p.on = d = later(d, 1, 7);
  m = TRY(act(p, m));
  if (rng_.chance(40)) {
    store::ActionCommand r;
    r.action = Action::rate;
    r.on = later(d, 1, 10);
    r.rating = o == Outcome::reopened ? 1 : rng_.between(2, 3);
    m = TRY(act(r, m));
  }
  if (o == Outcome::published) {
    keep_open = true;
  } else {
    store::ActionCommand cl;
    cl.action = Action::close;
    cl.on = d = later(d, 5, 20);
    m = TRY(act(cl, m));
    if (o == Outcome::reopened) {
      store::ActionCommand ro;
      ro.action = Action::reopen;
      ro.on = d = later(d, 5, 30);
      ro.note = "Công dân chưa đồng ý với kết quả giải quyết";
      m = TRY(act(ro, m));
      keep_open = true;
    }
  }
  if (keep_open) open.push_back(m);
  return finish();
}

Expected<void> Generator::named(const Date& received, const std::string& unit,
                                const std::string& who, const std::string& title,
                                const std::string& content) {
  Submission s;
  s.channel = Channel::dialogue;
  s.received_on = received;
  s.people = {Person{who, "", "", unit == "11824" ? "thị trấn Vĩnh Bảo" : "xã Vĩnh An", ""}};
  s.title = title;
  s.content = content;
  s.recorded_by = "tiepnhan";
  s.demo = true;
  store::NewMatter nm;
  nm.kind = Kind::de_xuat;
  nm.field_code = "xay_dung_dang";
  nm.unit_code = unit;
  nm.title = title;
  nm.submission = s;
  nm.tracking_code = api::new_tracking_code();
  nm.demo = true;
  auto m = TRY(store_.matters().create(nm, Actor::system()));
  store::ActionCommand c;
  c.action = Action::classify;
  c.on = received;
  c.kind = Kind::de_xuat;
  c.field_code = "xay_dung_dang";
  m = TRY(act(c, m));
  store::ActionCommand as;
  as.action = Action::assign;
  as.on = received;
  as.agency_code = "HU-VB";
  m = TRY(act(as, m));
  store::ActionCommand an;
  an.action = Action::answer;
  an.on = Date{2021, 10, 15};
  Answer a;
  a.form = "written";
  a.document_number = std::to_string(rng_.between(300, 700)).append("-CV/HU");
  a.date = an.on;
  a.agency_code = "HU-VB";
  a.signed_by = "Ban Thường vụ Huyện ủy";
  a.text =
      "Ban Thường vụ Huyện ủy ghi nhận các đề xuất của đại biểu tại Hội nghị đối thoại năm "
      "2021; giao các ban xây dựng Đảng của Huyện ủy nghiên cứu, tham mưu cụ thể hóa trong "
      "chương trình công tác và hướng dẫn các chi, đảng bộ cơ sở thực hiện.";
  an.answer = a;
  m = TRY(act(an, m));
  store::ActionCommand p;
  p.action = Action::publish;
  p.on = Date{2021, 10, 18};
  TRY(act(p, m));
  return {};
}

Expected<void> Generator::named_pair(const Date& dialogue) {
  TRY(named(
      dialogue, "11824", "Nguyễn Văn Sơn",
      "Đề xuất giải pháp về công tác phát triển đảng viên trên địa bàn huyện (đại biểu Nguyễn "
      "Văn Sơn, thị trấn Vĩnh Bảo)",
      "Đại biểu Nguyễn Văn Sơn (thị trấn Vĩnh Bảo) đề xuất một số giải pháp về công tác phát "
      "triển đảng viên trên địa bàn huyện:\n"
      "1. Các chi, đảng bộ cơ sở tập trung rà soát, phát hiện, tạo nguồn phát triển đảng viên, "
      "tập trung vào: số công chức, viên chức còn lại; trưởng thôn, phó trưởng thôn; người lao "
      "động địa phương làm việc tại các doanh nghiệp, hợp tác xã, đơn vị sự nghiệp, tổ chức xã "
      "hội trong và ngoài nhà nước trên địa bàn huyện; lao động nông thôn.\n"
      "2. Cấp ủy cơ sở giao nhiệm vụ và gắn trách nhiệm của cấp ủy viên, tổ chức đoàn thể, "
      "đảng viên chính thức trong việc hướng dẫn, giúp đỡ, giới thiệu quần chúng ưu tú vào "
      "đảng.\n"
      "3. Tăng cường tuyên truyền, vận động, thuyết phục để cho các doanh nghiệp, hợp tác xã, "
      "đơn vị sự nghiệp ngoài công lập và quần chúng ưu tú có động cơ vào Đảng đúng đắn. "
      "Thường xuyên tổ chức đối thoại, hướng dẫn, giúp đỡ các đơn vị tháo gỡ khó khăn trong "
      "quá trình sản xuất, kinh doanh lồng ghép với việc phát triển tổ chức đảng, đoàn thể tại "
      "các đơn vị.\n"
      "4. Các cấp ủy đảng tăng cường đôn đốc, kiểm tra, giám sát cấp ủy cấp dưới, cơ quan, đơn "
      "vị trong việc phát triển đảng viên. Thường xuyên mở hội nghị trao đổi kinh nghiệm, học "
      "tập cách làm tốt, làm hay, hiệu quả, kịp thời giải quyết khó khăn, vướng mắc trong công "
      "tác xây dựng Đảng; sơ kết, tổng kết, biểu dương, khen thưởng kịp thời tổ chức, cá nhân "
      "làm tốt công tác phát triển đảng viên.\n"
      "5. Chú trọng đào tạo, bồi dưỡng kỹ năng, nghiệp vụ cho cán bộ cấp ủy; không ngừng nâng "
      "cao vai trò, năng lực lãnh đạo và sức chiến đấu của tổ chức đảng; củng cố và tăng cường "
      "mối quan hệ gắn bó giữa Đảng, chính quyền và Nhân dân."));
  TRY(named(
      dialogue, "11842", "Vũ Quang Trình",
      "Đề xuất giải pháp khắc phục hạn chế trong học tập lý luận chính trị của cán bộ, đảng "
      "viên (đại biểu Vũ Quang Trình, xã Vĩnh An)",
      "Đại biểu Vũ Quang Trình (xã Vĩnh An) đề xuất một số giải pháp để khắc phục một số hạn "
      "chế trong học tập lý luận chính trị của cán bộ, đảng viên:\n"
      "1. Tiếp tục tăng cường sự lãnh đạo, chỉ đạo, nâng cao nhận thức về vị trí, vai trò, tầm "
      "quan trọng của lý luận chính trị đối với cán bộ, đảng viên; coi trọng hơn nữa công tác "
      "quản lý, giáo dục, tuyên truyền để cán bộ, đảng viên nhận thức và ý thức rõ việc học "
      "tập lý luận chính trị là quyền lợi của mình, coi đó là nhu cầu tự thân, việc làm thường "
      "xuyên, liên tục. Với cấp ủy cơ sở, lấy việc tham gia học tập lý luận chính trị là một "
      "trong những tiêu chí để đánh giá chất lượng đảng viên và tổ chức Đảng hàng năm ở địa "
      "phương, đơn vị.\n"
      "2. Đổi mới công tác giáo dục lý luận chính trị, học tập các nghị quyết, chỉ thị trong "
      "Đảng và hệ thống chính trị, chú trọng đổi mới nội dung theo hướng thiết thực, gắn với "
      "thực tiễn sinh động ở mỗi địa phương, đơn vị.\n"
      "3. Coi trọng hơn nữa việc đào tạo, bồi dưỡng, lựa chọn báo cáo viên, tuyên truyền viên "
      "về phẩm chất chính trị, năng lực chuyên môn. Đây là vấn đề quan trọng góp phần trực "
      "tiếp nhất để khắc phục việc ngại học tập lý luận chính trị trong cán bộ, đảng viên hiện "
      "nay.\n"
      "4. Chỉ đạo các địa phương, cơ quan, đơn vị, đồng thời hỗ trợ nguồn kinh phí để nâng cấp "
      "cơ sở vật chất các Nhà văn hóa xã, nâng cấp các đường truyền, đặc biệt là màn hình lớn "
      "phục vụ tốt hơn nữa việc học tập lý luận chính trị của cán bộ, đảng viên trên địa bàn "
      "huyện."));
  return {};
}

Expected<int> Generator::run() {
  store::MatterQuery any;
  any.per_page = 1;
  any.include_merged = true;
  if (TRY(store_.matters().list(any)).total > 0) return 0;

  for (int code = 11824; code <= 11911; code += 3) {
    const auto u = TRY(store_.unit(std::to_string(code)));
    units_.push_back(DemoUnit{u.code, u.full_name()});
  }
  have_chuyenvien_ = store_.user_by_username("chuyenvien").ok();

  const auto days = TRY(working_days());
  std::vector<Date> received;
  received.reserve(kGenerated);
  for (int i = 0; i < kGenerated; ++i) received.push_back(rng_.pick(days));
  std::sort(received.begin(), received.end());

  int created = 0;
  std::vector<store::Matter> open;  // candidates for a duplicate to merge into
  const Date dialogue{2021, 9, 28};
  bool named_done = false;
  for (const auto& r : received) {
    if (!named_done && dialogue < r) {
      TRY(named_pair(dialogue));
      created += 2;
      named_done = true;
    }
    created += TRY(generic(r, open));
  }
  if (!named_done) {
    TRY(named_pair(dialogue));
    created += 2;
  }
  return created;
}

}  // namespace

Expected<int> load_demo_matters(store::Store& store) {
  Generator generator(store);
  return generator.run();
}

}  // namespace doithoai::cli
