#include "store/reference_files.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/deadlines.hpp"
#include "domain/matter.hpp"
#include "domain/reception.hpp"

namespace doithoai::store {

namespace {

namespace fs = std::filesystem;

constexpr const char* kErrorCode = "bad_reference_data";

// Strict UTF-8: rejects stray continuation bytes, truncated sequences, overlong forms,
// surrogates (U+D800..U+DFFF) and code points above U+10FFFF.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

bool has_control_char(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::string trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && s[b] == ' ') ++b;
  while (e > b && s[e - 1] == ' ') --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    out.push_back(trim(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start)));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string join(const std::vector<std::string_view>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// Codes are keys used in URLs, logs and other files: ASCII letters, digits, '-', '_', '.'.
bool valid_code(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || ptr != end || s.empty()) return std::nullopt;
  return v;
}

struct Row {
  int line = 0;
  std::vector<std::string> cols;
};

// One parsed .tsv file: its path as shown in messages and its data rows.
struct Table {
  std::string path;
  std::vector<std::string_view> header;
  std::vector<Row> rows;

  Error error(int line, const std::string& message, std::string field = {}) const {
    return invalid(kErrorCode, path + " dòng " + std::to_string(line) + ": " + message,
                   std::move(field));
  }
  Error error(const Row& row, const std::string& message, std::size_t col) const {
    return error(row.line, message, std::string(header[col]));
  }
  // Fails when the column is empty.
  std::optional<Error> require(const Row& row, std::size_t col) const {
    if (row.cols[col].empty()) {
      return error(row, "thiếu giá trị cột " + std::string(header[col]), col);
    }
    return std::nullopt;
  }
};

Expected<Table> read_table(const std::string& dir, const char* name,
                           std::vector<std::string_view> header) {
  Table table;
  table.path = (fs::path(dir) / name).string();
  table.header = std::move(header);

  std::ifstream in(table.path, std::ios::binary);
  if (!in) return invalid(kErrorCode, "Không đọc được tệp " + table.path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return invalid(kErrorCode, "Lỗi khi đọc tệp " + table.path);

  std::string_view text(content);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // tolerate a BOM

  bool header_seen = false;
  int line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == text.npos ? text.npos : nl - start);
    start = nl == text.npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (!valid_utf8(line)) return table.error(line_no, "không phải văn bản UTF-8 hợp lệ");
    if (line.find_first_not_of(' ') == line.npos || line.front() == '#') continue;

    std::vector<std::string> cols = split(line, '\t');
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (has_control_char(cols[i])) {
        return table.error(line_no, "cột " + std::to_string(i + 1) + " chứa ký tự điều khiển");
      }
    }
    if (!header_seen) {
      bool same = cols.size() == table.header.size();
      for (std::size_t i = 0; same && i < cols.size(); ++i) same = cols[i] == table.header[i];
      if (!same) {
        return table.error(line_no, "dòng tiêu đề phải gồm các cột (cách nhau bằng TAB): " +
                                        join(table.header, ", "));
      }
      header_seen = true;
      continue;
    }
    if (cols.size() != table.header.size()) {
      return table.error(line_no, "cần " + std::to_string(table.header.size()) +
                                      " cột (cách nhau bằng TAB), có " +
                                      std::to_string(cols.size()));
    }
    table.rows.push_back(Row{line_no, std::move(cols)});
  }
  if (!header_seen) return invalid(kErrorCode, table.path + ": không có dòng tiêu đề");
  return table;
}

// Checks a code column: present, well-formed and not seen before in this file.
std::optional<Error> check_code(const Table& t, const Row& row, std::size_t col,
                                std::map<std::string, int>& seen) {
  if (auto e = t.require(row, col)) return e;
  const std::string& code = row.cols[col];
  if (!valid_code(code)) {
    return t.error(
        row, "mã không hợp lệ (chỉ gồm chữ cái không dấu, chữ số, '-', '_', '.'): " + code, col);
  }
  const auto [it, inserted] = seen.emplace(code, row.line);
  if (!inserted) {
    return t.error(row, "mã trùng với dòng " + std::to_string(it->second) + ": " + code, col);
  }
  return std::nullopt;
}

std::optional<Error> parse_date(const Table& t, const Row& row, std::size_t col, Date& out) {
  const auto d = Date::parse_iso(row.cols[col]);
  if (!d) {
    return t.error(row,
                   "ngày không hợp lệ ở cột " + std::string(t.header[col]) +
                       " (cần dạng YYYY-MM-DD): " + row.cols[col],
                   col);
  }
  out = *d;
  return std::nullopt;
}

std::optional<Error> parse_flag(const Table& t, const Row& row, std::size_t col, bool& out) {
  const std::string& v = row.cols[col];
  if (v != "0" && v != "1") {
    return t.error(row, "cột " + std::string(t.header[col]) + " phải là 0 hoặc 1: " + v, col);
  }
  out = v == "1";
  return std::nullopt;
}

// --- levels.tsv: code, name, rank -----------------------------------------------------------

Expected<std::vector<UnitLevel>> load_levels(const std::string& dir) {
  auto table = read_table(dir, "levels.tsv", {"code", "name", "rank"});
  if (!table) return std::move(table).error();
  const Table& t = *table;
  std::vector<UnitLevel> out;
  std::map<std::string, int> codes;
  std::map<int, int> ranks;
  for (const Row& row : t.rows) {
    if (auto e = check_code(t, row, 0, codes)) return *e;
    if (auto e = t.require(row, 1)) return *e;
    const auto rank = parse_int(row.cols[2]);
    if (!rank || *rank < 1) {
      return t.error(row, "hạng (rank) phải là số nguyên dương: " + row.cols[2], 2);
    }
    const auto [it, inserted] = ranks.emplace(*rank, row.line);
    if (!inserted) {
      return t.error(row, "hạng trùng với dòng " + std::to_string(it->second), 2);
    }
    out.push_back(UnitLevel{row.cols[0], row.cols[1], *rank});
  }
  return out;
}

// --- units.tsv --------------------------------------------------------------------------------

Expected<std::vector<Unit>> load_units(const std::string& dir,
                                       const std::vector<UnitLevel>& levels) {
  auto table = read_table(dir, "units.tsv",
                          {"code", "name", "type_name", "level", "parent_code", "valid_from",
                           "valid_to", "predecessors", "sample", "note"});
  if (!table) return std::move(table).error();
  const Table& t = *table;
  enum { kCode, kName, kType, kLevel, kParent, kFrom, kTo, kPred, kSample, kNote };

  std::map<std::string, int> rank_of;
  for (const auto& l : levels) rank_of[l.code] = l.rank;

  std::vector<Unit> units;
  std::map<std::string, int> codes;  // code -> line
  for (const Row& row : t.rows) {
    Unit u;
    if (auto e = check_code(t, row, kCode, codes)) return *e;
    if (auto e = t.require(row, kName)) return *e;
    if (auto e = t.require(row, kLevel)) return *e;
    if (auto e = t.require(row, kFrom)) return *e;
    if (auto e = t.require(row, kSample)) return *e;
    u.code = row.cols[kCode];
    u.name = row.cols[kName];
    u.type_name = row.cols[kType];
    u.level = row.cols[kLevel];
    if (!rank_of.count(u.level)) {
      return t.error(row, "cấp đơn vị không có trong levels.tsv: " + u.level, kLevel);
    }
    if (!row.cols[kParent].empty()) u.parent_code = row.cols[kParent];
    if (auto e = parse_date(t, row, kFrom, u.valid_from)) return *e;
    if (!row.cols[kTo].empty()) {
      Date to;
      if (auto e = parse_date(t, row, kTo, to)) return *e;
      if (to < u.valid_from) {
        return t.error(row, "ngày kết thúc (valid_to) trước ngày bắt đầu (valid_from)", kTo);
      }
      u.valid_to = to;
    }
    if (!row.cols[kPred].empty()) {
      for (auto& p : split(row.cols[kPred], ',')) {
        if (p.empty()) return t.error(row, "danh sách đơn vị tiền thân có mục rỗng", kPred);
        for (const auto& q : u.predecessor_codes) {
          if (q == p) return t.error(row, "đơn vị tiền thân bị lặp: " + p, kPred);
        }
        u.predecessor_codes.push_back(std::move(p));
      }
    }
    if (auto e = parse_flag(t, row, kSample, u.sample)) return *e;
    u.note = row.cols[kNote];
    units.push_back(std::move(u));
  }

  // References, now that every code is known.
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < units.size(); ++i) index[units[i].code] = i;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    const Row& row = t.rows[i];
    if (u.parent_code) {
      const auto it = index.find(*u.parent_code);
      if (it == index.end()) {
        return t.error(row, "mã đơn vị cha không tồn tại: " + *u.parent_code, kParent);
      }
      const Unit& parent = units[it->second];
      if (rank_of[parent.level] >= rank_of[u.level]) {
        return t.error(row, "đơn vị cha " + parent.code + " không thuộc cấp cao hơn", kParent);
      }
    }
    for (const auto& p : u.predecessor_codes) {
      const auto it = index.find(p);
      if (it == index.end()) {
        return t.error(row, "mã đơn vị tiền thân không tồn tại: " + p, kPred);
      }
      if (p == u.code) return t.error(row, "đơn vị không thể là tiền thân của chính nó", kPred);
      const Unit& pred = units[it->second];
      if (!(pred.valid_from < u.valid_from) ||
          (pred.valid_to && !(*pred.valid_to < u.valid_from))) {
        return t.error(
            row,
            "đơn vị tiền thân " + p + " phải bắt đầu và kết thúc trước ngày " + u.valid_from.iso(),
            kPred);
      }
    }
  }
  for (std::size_t i = 0; i < units.size(); ++i) {
    for (const auto& p : units[i].predecessor_codes) {
      units[index[p]].successor_codes.push_back(units[i].code);
    }
  }
  return units;
}

// --- agencies.tsv: code, name, kind, unit_code, parent_code ----------------------------------

Expected<std::vector<Agency>> load_agencies(const std::string& dir,
                                            const std::vector<Unit>& units) {
  auto table =
      read_table(dir, "agencies.tsv", {"code", "name", "kind", "unit_code", "parent_code"});
  if (!table) return std::move(table).error();
  const Table& t = *table;
  enum { kCode, kName, kKind, kUnit, kParent };
  static const std::set<std::string> kKinds = {
      "party_committee", "people_committee", "fatherland_front", "department",
      "party_board",     "inspectorate",     "office",           "council"};

  std::map<std::string, const Unit*> unit_by_code;
  for (const auto& u : units) unit_by_code[u.code] = &u;

  std::vector<Agency> agencies;
  std::map<std::string, int> codes;
  for (const Row& row : t.rows) {
    if (auto e = check_code(t, row, kCode, codes)) return *e;
    if (auto e = t.require(row, kName)) return *e;
    if (auto e = t.require(row, kKind)) return *e;
    if (auto e = t.require(row, kUnit)) return *e;
    Agency a;
    a.code = row.cols[kCode];
    a.name = row.cols[kName];
    a.kind = row.cols[kKind];
    if (!kKinds.count(a.kind)) return t.error(row, "loại cơ quan không hợp lệ: " + a.kind, kKind);
    a.unit_code = row.cols[kUnit];
    const auto u = unit_by_code.find(a.unit_code);
    if (u == unit_by_code.end()) {
      return t.error(row, "mã đơn vị hành chính không tồn tại: " + a.unit_code, kUnit);
    }
    a.valid_to = u->second->valid_to;
    if (!row.cols[kParent].empty()) a.parent_code = row.cols[kParent];
    agencies.push_back(std::move(a));
  }

  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < agencies.size(); ++i) index[agencies[i].code] = i;
  for (std::size_t i = 0; i < agencies.size(); ++i) {
    const Row& row = t.rows[i];
    if (!agencies[i].parent_code) continue;
    if (!index.count(*agencies[i].parent_code)) {
      return t.error(row, "mã cơ quan cấp trên không tồn tại: " + *agencies[i].parent_code,
                     kParent);
    }
    // Walking up must end within as many steps as there are agencies.
    std::optional<std::string> p = agencies[i].parent_code;
    for (std::size_t steps = 0; p; ++steps) {
      if (*p == agencies[i].code || steps > agencies.size()) {
        return t.error(row, "quan hệ cơ quan cấp trên tạo thành vòng lặp", kParent);
      }
      const auto it = index.find(*p);
      p = it == index.end() ? std::nullopt : agencies[it->second].parent_code;
    }
  }
  return agencies;
}

// --- fields.tsv: code, name, parent_code, sort_order ------------------------------------------

Expected<std::vector<Field>> load_fields(const std::string& dir) {
  auto table = read_table(dir, "fields.tsv", {"code", "name", "parent_code", "sort_order"});
  if (!table) return std::move(table).error();
  const Table& t = *table;
  std::vector<Field> fields;
  std::map<std::string, int> codes;
  for (const Row& row : t.rows) {
    if (auto e = check_code(t, row, 0, codes)) return *e;
    if (auto e = t.require(row, 1)) return *e;
    if (auto e = t.require(row, 3)) return *e;
    Field f;
    f.code = row.cols[0];
    f.name = row.cols[1];
    if (!row.cols[2].empty()) f.parent_code = row.cols[2];
    const auto order = parse_int(row.cols[3]);
    if (!order) return t.error(row, "thứ tự (sort_order) phải là số nguyên: " + row.cols[3], 3);
    f.sort_order = *order;
    fields.push_back(std::move(f));
  }
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < fields.size(); ++i) index[fields[i].code] = i;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!fields[i].parent_code) continue;
    if (!index.count(*fields[i].parent_code)) {
      return t.error(t.rows[i], "mã lĩnh vực cha không tồn tại: " + *fields[i].parent_code, 2);
    }
    std::optional<std::string> p = fields[i].parent_code;
    for (std::size_t steps = 0; p; ++steps) {
      if (*p == fields[i].code || steps > fields.size()) {
        return t.error(t.rows[i], "quan hệ lĩnh vực cha tạo thành vòng lặp", 2);
      }
      const auto it = index.find(*p);
      p = it == index.end() ? std::nullopt : fields[it->second].parent_code;
    }
  }
  return fields;
}

// --- holidays.tsv: date, name, working_day, source ---------------------------------------------

Expected<std::vector<Holiday>> load_holidays(const std::string& dir) {
  auto table = read_table(dir, "holidays.tsv", {"date", "name", "working_day", "source"});
  if (!table) return std::move(table).error();
  const Table& t = *table;
  std::vector<Holiday> out;
  std::map<Date, int> seen;
  for (const Row& row : t.rows) {
    for (std::size_t col = 0; col < t.header.size(); ++col) {
      if (auto e = t.require(row, col)) return *e;
    }
    Holiday h;
    if (auto e = parse_date(t, row, 0, h.date)) return *e;
    const auto [it, inserted] = seen.emplace(h.date, row.line);
    if (!inserted) {
      return t.error(row, "ngày trùng với dòng " + std::to_string(it->second) + ": " + h.date.iso(),
                     0);
    }
    h.name = row.cols[1];
    if (auto e = parse_flag(t, row, 2, h.working_day)) return *e;
    if (h.working_day && h.date.weekday() < 5) {
      return t.error(row, "ngày làm bù phải là thứ Bảy hoặc Chủ nhật: " + h.date.iso(), 2);
    }
    h.source = row.cols[3];
    out.push_back(std::move(h));
  }
  return out;
}

// --- deadline_rules.tsv ------------------------------------------------------------------------

Expected<std::vector<deadlines::Rule>> load_deadline_rules(const std::string& dir) {
  auto table = read_table(dir, "deadline_rules.tsv",
                          {"kind", "step", "days", "count", "from", "extension_days",
                           "max_extensions", "valid_from", "confirmed", "source"});
  if (!table) return std::move(table).error();
  const Table& t = *table;
  enum { kKind, kStep, kDays, kCount, kFrom, kExtDays, kMaxExt, kValidFrom, kConfirmed, kSource };

  auto parse_number = [&](const Row& row, std::size_t col, int& out) -> std::optional<Error> {
    const auto v = parse_int(row.cols[col]);
    if (!v) {
      return t.error(
          row, "cột " + std::string(t.header[col]) + " phải là số nguyên: " + row.cols[col], col);
    }
    out = *v;
    return std::nullopt;
  };

  std::vector<deadlines::Rule> out;
  std::map<std::string, int> seen;  // Rule::id() -> line
  for (const Row& row : t.rows) {
    for (std::size_t col = 0; col < t.header.size(); ++col) {
      if (auto e = t.require(row, col)) return *e;
    }
    deadlines::Rule r;
    if (row.cols[kKind] != "*") {
      r.kind = parse_kind(row.cols[kKind]);
      if (!r.kind) {
        return t.error(row,
                       "loại vụ việc không hợp lệ (phan_anh, kien_nghi, de_xuat, gop_y, khieu_nai, "
                       "to_cao hoặc * cho mọi loại): " +
                           row.cols[kKind],
                       kKind);
      }
    }
    r.step = row.cols[kStep];
    if (auto e = parse_number(row, kDays, r.days)) return *e;
    if (row.cols[kCount] == "working") {
      r.count = deadlines::DayCount::working;
    } else if (row.cols[kCount] == "calendar") {
      r.count = deadlines::DayCount::calendar;
    } else {
      return t.error(row, "cột count phải là working hoặc calendar: " + row.cols[kCount], kCount);
    }
    if (row.cols[kFrom] == "received") {
      r.from = deadlines::Anchor::received;
    } else if (row.cols[kFrom] == "accepted") {
      r.from = deadlines::Anchor::accepted;
    } else {
      return t.error(row, "cột from phải là received hoặc accepted: " + row.cols[kFrom], kFrom);
    }
    if (auto e = parse_number(row, kExtDays, r.extension_days)) return *e;
    if (auto e = parse_number(row, kMaxExt, r.max_extensions)) return *e;
    if (auto e = parse_date(t, row, kValidFrom, r.valid_from)) return *e;
    if (auto e = parse_flag(t, row, kConfirmed, r.confirmed)) return *e;
    r.source = row.cols[kSource];

    if (auto valid = deadlines::validate(r); !valid.ok()) {
      const Error& e = valid.error();
      std::size_t col = kStep;
      for (std::size_t i = 0; i < t.header.size(); ++i) {
        if (t.header[i] == e.field) col = i;
      }
      return t.error(row, e.message + " (" + row.cols[col] + ")", col);
    }
    if (r.step != "resolve" && r.from != deadlines::Anchor::received) {
      return t.error(row, "bước " + r.step + " phải tính từ ngày nhận (received)", kFrom);
    }
    const auto [it, inserted] = seen.emplace(r.id(), row.line);
    if (!inserted) {
      return t.error(row,
                     "trùng loại, bước và ngày hiệu lực với dòng " + std::to_string(it->second),
                     kValidFrom);
    }
    out.push_back(std::move(r));
  }
  return out;
}

// --- reception_duties.tsv ----------------------------------------------------------------------

Expected<std::vector<reception::DutyRule>> load_reception_duties(
    const std::string& dir, const std::vector<UnitLevel>& levels) {
  auto table = read_table(dir, "reception_duties.tsv",
                          {"code", "holder", "agency_kind", "unit_level", "days", "per",
                           "valid_from", "confirmed", "source"});
  if (!table) return std::move(table).error();
  const Table& t = *table;
  enum { kCode, kHolder, kKind, kLevel, kDays, kPer, kValidFrom, kConfirmed, kSource };
  std::set<std::string> level_codes;
  for (const auto& l : levels) level_codes.insert(l.code);
  std::vector<reception::DutyRule> out;
  std::map<std::string, int> seen;  // kind|level|valid_from -> line
  for (const Row& row : t.rows) {
    for (std::size_t col = 0; col < t.header.size(); ++col) {
      if (auto e = t.require(row, col)) return *e;
    }
    reception::DutyRule r;
    r.code = row.cols[kCode];
    if (!valid_code(r.code)) return t.error(row, "mã không hợp lệ: " + r.code, kCode);
    r.holder = row.cols[kHolder];
    r.agency_kind = row.cols[kKind];
    if (!valid_code(r.agency_kind)) {
      return t.error(row, "loại cơ quan không hợp lệ: " + r.agency_kind, kKind);
    }
    r.unit_level = row.cols[kLevel];
    if (level_codes.count(r.unit_level) == 0) {
      return t.error(row, "cấp đơn vị không có trong levels.tsv: " + r.unit_level, kLevel);
    }
    const auto days = parse_int(row.cols[kDays]);
    if (!days) return t.error(row, "cột days phải là số nguyên: " + row.cols[kDays], kDays);
    r.days = *days;
    if (row.cols[kPer] == "week") {
      r.per = reception::DutyRule::Per::week;
    } else if (row.cols[kPer] == "month") {
      r.per = reception::DutyRule::Per::month;
    } else {
      return t.error(row, "cột per phải là week hoặc month: " + row.cols[kPer], kPer);
    }
    if (auto e = parse_date(t, row, kValidFrom, r.valid_from)) return *e;
    if (auto e = parse_flag(t, row, kConfirmed, r.confirmed)) return *e;
    r.source = row.cols[kSource];
    if (auto valid = reception::validate(r); !valid.ok()) {
      return t.error(row, valid.error().message, kDays);
    }
    const auto key = r.agency_kind + "|" + r.unit_level + "|" + r.valid_from.iso();
    const auto [it, inserted] = seen.emplace(key, row.line);
    if (!inserted) {
      return t.error(
          row, "trùng loại cơ quan, cấp và ngày hiệu lực với dòng " + std::to_string(it->second),
          kValidFrom);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Expected<ReferenceData> load_reference_data(const std::string& dir) {
  ReferenceData data;
  {
    auto levels = load_levels(dir);
    if (!levels) return std::move(levels).error();
    data.levels = std::move(*levels);
  }
  {
    auto units = load_units(dir, data.levels);
    if (!units) return std::move(units).error();
    data.units = std::move(*units);
  }
  {
    auto agencies = load_agencies(dir, data.units);
    if (!agencies) return std::move(agencies).error();
    data.agencies = std::move(*agencies);
  }
  {
    auto fields = load_fields(dir);
    if (!fields) return std::move(fields).error();
    data.fields = std::move(*fields);
  }
  {
    auto holidays = load_holidays(dir);
    if (!holidays) return std::move(holidays).error();
    data.holidays = std::move(*holidays);
  }
  {
    auto rules = load_deadline_rules(dir);
    if (!rules) return std::move(rules).error();
    data.deadline_rules = std::move(*rules);
  }
  {
    auto duties = load_reception_duties(dir, data.levels);
    if (!duties) return std::move(duties).error();
    data.reception_duties = std::move(*duties);
  }
  return data;
}

}  // namespace doithoai::store
