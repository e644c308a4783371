// Helpers for the store tests: a unique temporary directory per test, opening a migrated store
// on a real file in it, and a small set of reference data.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "domain/date.hpp"
#include "domain/model.hpp"
#include "store/reference_files.hpp"
#include "store/store.hpp"

namespace doithoai::store::testing {

// A fresh directory under the system temp dir, removed with everything in it at scope end.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "doithoai-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline Date d(std::string_view iso) {
  const auto date = Date::parse_iso(iso);
  if (!date) throw std::invalid_argument("bad test date " + std::string(iso));
  return *date;
}

// Unwraps an Expected in a test, failing loudly (gtest reports the exception) on an error.
template <typename T>
T must(Expected<T> e, std::string_view what = "") {
  if (!e.ok()) {
    throw std::runtime_error(std::string(what) + ": " + e.error().code + " " + e.error().message);
  }
  return std::move(e).value();
}
inline void must(Expected<void> e, std::string_view what = "") {
  if (!e.ok()) {
    throw std::runtime_error(std::string(what) + ": " + e.error().code + " " + e.error().message);
  }
}

inline std::unique_ptr<Store> open_store(const std::string& path, Options options = {}) {
  options.path = path;
  return must(open_sqlite(options), "open_sqlite");
}

inline std::unique_ptr<Store> open_migrated(const std::string& path, Options options = {}) {
  auto store = open_store(path, std::move(options));
  must(store->migrate(), "migrate");
  return store;
}

inline Unit make_unit(std::string code, std::string name, std::string type_name, std::string level,
                      std::optional<std::string> parent,
                      std::string_view valid_from = "2000-01-01") {
  Unit u;
  u.code = std::move(code);
  u.name = std::move(name);
  u.type_name = std::move(type_name);
  u.level = std::move(level);
  u.parent_code = std::move(parent);
  u.valid_from = d(valid_from);
  return u;
}

// A province P1 with communes C1, C2, C3 and a village V1 under C1 (listed child first, so that
// seeding has to order parents first), two agencies, three fields, three holidays.
inline ReferenceData sample_reference() {
  ReferenceData data;
  data.levels = {{"province", "Tỉnh, thành phố", 1},
                 {"commune", "Xã, phường, thị trấn", 2},
                 {"village", "Thôn, tổ dân phố", 3}};
  data.units = {make_unit("V1", "Đông", "thôn", "village", "C1"),
                make_unit("C1", "Vĩnh An", "xã", "commune", "P1"),
                make_unit("C2", "Vĩnh Bình", "xã", "commune", "P1"),
                make_unit("C3", "Hòa Lạc", "xã", "commune", "P1"),
                make_unit("P1", "Bắc Sơn", "tỉnh", "province", std::nullopt, "1990-01-01")};
  data.agencies = {{"UB-C1-VP", "Văn phòng UBND xã Vĩnh An", "office", "C1", "UB-C1", {}},
                   {"UB-C1", "UBND xã Vĩnh An", "people_committee", "C1", {}, {}}};
  data.fields = {{"dat-dai-tranh-chap", "Tranh chấp đất đai", "dat-dai", 1, true},
                 {"dat-dai", "Đất đai", {}, 1, true},
                 {"moi-truong", "Môi trường", {}, 2, true}};
  data.holidays = {{d("2026-01-01"), "Tết Dương lịch", false, "Bộ luật Lao động"},
                   {d("2026-04-30"), "Ngày Chiến thắng", false, "Bộ luật Lao động"},
                   {d("2026-05-01"), "Quốc tế Lao động", false, "Bộ luật Lao động"}};
  return data;
}

inline User make_user(std::string username) {
  User u;
  u.username = std::move(username);
  u.display_name = "Nguyễn Văn " + u.username;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
  return u;
}

inline Actor admin_actor() {
  return Actor{1, "admin"};
}

#ifdef DOITHOAI_SOURCE_DIR
// The rules of data/deadline_rules.tsv, as shipped.
inline std::vector<deadlines::Rule> shipped_deadline_rules() {
  return must(load_reference_data(DOITHOAI_SOURCE_DIR "/data"), "load data/").deadline_rules;
}
#endif

// A 32-byte key for the encrypted fields.
inline std::string test_key(char fill = 'k') {
  return std::string(32, fill);
}

// A person with every field filled.
inline Person make_person(std::string name, std::string phone = "0912345678",
                          std::string id_number = "031090001234") {
  Person p;
  p.name = std::move(name);
  p.phone = std::move(phone);
  p.email = "nguoidan@example.vn";
  p.address = "Thôn Đông, xã Vĩnh An";
  p.id_number = std::move(id_number);
  return p;
}

// A new matter in commune C1 of sample_reference(), raised by one person.
inline NewMatter make_new_matter(std::string tracking_code, Kind kind, std::string_view received_on,
                                 std::string unit_code = "C1") {
  NewMatter m;
  m.kind = kind;
  m.unit_code = std::move(unit_code);
  m.title = "Đường liên thôn xuống cấp";
  m.tracking_code = std::move(tracking_code);
  m.submission.channel = Channel::reception;
  m.submission.received_on = d(received_on);
  m.submission.title = m.title;
  m.submission.content = "Đề nghị sửa đường liên thôn Đông - Tây, nhiều ổ gà sau mưa lũ.";
  m.submission.people = {make_person("Nguyễn Văn An")};
  m.submission.head_count = 1;
  m.submission.recorded_by = "intake1";
  return m;
}

}  // namespace doithoai::store::testing
