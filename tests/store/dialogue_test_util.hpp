// A migrated store seeded for the dialogue and reception tests: the matter tests' reference data
// plus a Party committee of commune C1, a commune C4 that succeeded the ended commune C9 on
// 01/07/2025 (with C9's Party committee), and the reception duty rules as shipped.
#pragma once

#include "store/matter_test_util.hpp"

namespace doithoai::store::testing {

inline ReferenceData dialogue_reference() {
  auto data = matter_reference();
  auto c4 = make_unit("C4", "Hòa Bình Mới", "xã", "commune", "P1", "2025-07-01");
  c4.predecessor_codes = {"C9"};
  data.units.push_back(c4);
  data.agencies.push_back({"DU-C1", "Đảng ủy xã Vĩnh An", "party_committee", "C1", {}, {}});
  data.agencies.push_back({"DU-C9", "Đảng ủy xã Cũ", "party_committee", "C9", {}, d("2025-06-30")});
  data.agencies.push_back({"UB-P1", "UBND tỉnh Bắc Sơn", "people_committee", "P1", {}, {}});
  using P = reception::DutyRule::Per;
  data.reception_duties = {
      {"ubnd_xa", "Chủ tịch UBND cấp xã", "people_committee", "commune", 1, P::week,
       d("2014-07-01"), true, "Luật Tiếp công dân 2013 Điều 15"},
      {"bi_thu_xa", "Bí thư cấp ủy cấp xã", "party_committee", "commune", 1, P::month,
       d("2019-02-18"), false, "QĐ 11-QĐi/TW"},
      {"bi_thu_xa_2025", "Bí thư cấp ủy cấp xã", "party_committee", "commune", 2, P::month,
       d("2025-11-23"), true, "KL 215-KL/TW"},
  };
  return data;
}

class DialogueStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("dialogues.db");
    Options options;
    options.secret_key = test_key();
    store_ = open_migrated(path_, options);
    must(store_->seed_reference(dialogue_reference(), Actor::system()), "seed");
  }

  DialogueStore& dialogues() { return store_->dialogues(); }
  ReceptionStore& receptions() { return store_->receptions(); }

  static Actor staff() { return Actor{2, "tiepnhan1"}; }
  static Date today() { return vietnam_date(now_utc()); }

  std::int64_t event_count() {
    EventQuery q;
    q.limit = 100000;
    return static_cast<std::int64_t>(must(store_->events(q)).size());
  }
  std::vector<Event> events_of(const std::string& type, Id id) {
    EventQuery q;
    q.entity_type = type;
    q.entity_id = std::to_string(id);
    q.limit = 1000;
    return must(store_->events(q));
  }
  std::int64_t matter_count() {
    MatterQuery q;
    q.include_merged = true;
    return must(store_->matters().list(q)).total;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

}  // namespace doithoai::store::testing
