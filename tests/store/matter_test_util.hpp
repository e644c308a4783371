// A migrated store seeded for the matter tests: the sample reference data plus an ended commune
// (C9, until 2025-06-30, with its UBND UB-C9), the shipped deadline rules, and a user "officer1".
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "store/store_test_util.hpp"

namespace doithoai::store::testing {

inline ReferenceData matter_reference() {
  auto data = sample_reference();
  auto ended = make_unit("C9", "Cũ", "xã", "commune", "P1");
  ended.valid_to = d("2025-06-30");
  data.units.push_back(ended);
  data.agencies.push_back({"UB-C2", "UBND xã Vĩnh Bình", "people_committee", "C2", {}, {}});
  data.agencies.push_back({"UB-C9", "UBND xã Cũ", "people_committee", "C9", {}, d("2025-06-30")});
  data.deadline_rules = shipped_deadline_rules();
  return data;
}

class MatterStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("matters.db");
    open_store();
    must(store_->seed_reference(matter_reference(), Actor::system()), "seed");
    must(store_->add_user(make_user("officer1"), admin_actor()), "user");
  }

  // Opens the store on path_, with the key its data is sealed with: in SetUp, and again after
  // store_.reset() for a test that changed the file meanwhile.
  void open_store() {
    Options options;
    options.secret_key = test_key();
    store_ = open_migrated(path_, options);
  }

  MatterStore& matters() { return store_->matters(); }

  Matter create(const NewMatter& m) { return must(matters().create(m, intake()), "create"); }

  static Actor intake() { return Actor{2, "intake1"}; }
  static Actor officer() { return Actor{3, "officer1"}; }

  static ActionCommand command(const Matter& m, lifecycle::Action action,
                               std::string_view on = "2026-09-14") {
    ActionCommand c;
    c.matter_id = m.id;
    c.expected_version = m.version;
    c.action = action;
    c.on = d(on);
    return c;
  }

  Matter apply(const ActionCommand& c) {
    return must(matters().apply(c, officer()),
                std::string("apply ").append(lifecycle::code(c.action)));
  }

  static Answer written_answer(std::string_view date = "2026-10-20") {
    Answer a;
    a.form = "written";
    a.document_number = "125/UBND-TCD";
    a.date = d(date);
    a.signed_by = "Chủ tịch UBND xã";
    a.text = "UBND xã đã bố trí kinh phí sửa đường trong quý IV.";
    return a;
  }

  std::vector<Event> all_events() {
    EventQuery q;
    q.limit = 10000;
    return must(store_->events(q));
  }

  std::vector<Event> events_of(Id matter_id) {
    EventQuery q;
    q.entity_type = "matter";
    q.entity_id = std::to_string(matter_id);
    q.limit = 10000;
    return must(store_->events(q));
  }

  std::int64_t matter_count() {
    MatterQuery q;
    q.include_merged = true;
    return must(matters().list(q)).total;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

// Every byte of the database's files (main, WAL, shared memory).
inline std::string database_bytes(const std::string& path) {
  std::string all;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::ifstream in(path + suffix, std::ios::binary);
    if (!in) continue;
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace doithoai::store::testing
