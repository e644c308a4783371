// The pages' shared reference data: loaded once, kept while the database's reference version
// stays the same, loaded again after any change to units, agencies, fields, holidays or
// deadline rules, whoever made it (this store or another one on the same file, as another
// process), and not after writes to other tables.
#include <gtest/gtest.h>

#include "store/store_test_util.hpp"
#include "web/internal.hpp"

namespace doithoai::web {
namespace {

using store::testing::admin_actor;
using store::testing::d;
using store::testing::must;

class ReferenceCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("ref.db");
    store_ = store::testing::open_migrated(path_);
    must(store_->seed_reference(store::testing::sample_reference(), admin_actor()), "seed");
  }
  void TearDown() override { store_->close(); }

  store::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(ReferenceCacheTest, LoadsOnceWhileNothingChanges) {
  ReferenceCache cache(*store_);
  EXPECT_EQ(cache.loads(), 0U);
  const auto first = cache.get();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->unit_name("C1"), "xã Vĩnh An");
  const auto second = cache.get();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(&*first, &*second);  // the same snapshot, not a copy
  EXPECT_EQ(cache.loads(), 1U);

  // Writes to other tables leave the reference version alone.
  must(store_->add_user(store::testing::make_user("canbo"), admin_actor()), "user");
  ASSERT_TRUE(cache.get().ok());
  EXPECT_EQ(cache.loads(), 1U);
}

TEST_F(ReferenceCacheTest, EachKindOfChangeLoadsAgainOnce) {
  ReferenceCache cache(*store_);
  ASSERT_TRUE(cache.get().ok());
  const Date holiday = d("2026-06-03");  // a Wednesday
  EXPECT_TRUE(cache.get()->calendar.is_working_day(holiday));

  must(store_->add_holiday(Holiday{holiday, "Nghỉ thử", false, ""}, admin_actor()), "holiday");
  const auto after_holiday = cache.get();
  ASSERT_TRUE(after_holiday.ok());
  EXPECT_FALSE(after_holiday->calendar.is_working_day(holiday));
  EXPECT_EQ(cache.loads(), 2U);
  ASSERT_TRUE(cache.get().ok());
  EXPECT_EQ(cache.loads(), 2U);
  // The snapshot a request holds stays as it was.
  must(store_->remove_holiday(holiday, admin_actor()), "remove");
  EXPECT_FALSE(after_holiday->calendar.is_working_day(holiday));
  EXPECT_TRUE(cache.get()->calendar.is_working_day(holiday));
  EXPECT_EQ(cache.loads(), 3U);

  must(store_->add_unit(store::testing::make_unit("C4", "Tân Lập", "xã", "commune", "P1"),
                        admin_actor()),
       "unit");
  EXPECT_EQ(cache.get()->unit_name("C4"), "xã Tân Lập");
  must(store_->add_agency(Agency{"UB-C4", "UBND xã Tân Lập", "people_committee", "C4", {}, {}},
                          admin_actor()),
       "agency");
  EXPECT_EQ(cache.get()->agency_name("UB-C4"), "UBND xã Tân Lập");
  must(store_->add_field(Field{"giao-thong", "Giao thông", {}, 3, true}, admin_actor()), "field");
  EXPECT_EQ(cache.get()->field_name("giao-thong"), "Giao thông");
  must(store_->set_field_active("giao-thong", false, admin_actor()), "inactive");
  ASSERT_TRUE(cache.get().ok());
  EXPECT_FALSE(cache.get()->fields.empty());
  EXPECT_EQ(cache.loads(), 7U);
}

TEST_F(ReferenceCacheTest, SeesAChangeMadeThroughAnotherConnection) {
  ReferenceCache cache(*store_);
  ASSERT_TRUE(cache.get().ok());
  EXPECT_EQ(cache.get()->unit_name("C9"), "C9");
  {
    // Another store on the same file: what another process (the CLI) would do.
    auto other = store::testing::open_store(path_);
    must(other->add_unit(store::testing::make_unit("C9", "Hưng Tiến", "xã", "commune", "P1"),
                         admin_actor()),
         "unit");
    other->close();
  }
  EXPECT_EQ(cache.get()->unit_name("C9"), "xã Hưng Tiến");
  EXPECT_EQ(cache.loads(), 2U);
}

TEST_F(ReferenceCacheTest, UnitOptionsAreInVietnameseOrder) {
  ReferenceCache cache(*store_);
  const auto ref = cache.get();
  ASSERT_TRUE(ref.ok());
  // Villages left out; communes and the province by name: Bắc Sơn, Hòa Lạc, Vĩnh An, Vĩnh Bình.
  const auto options = unit_options(Lang::vi, *ref, "C2", std::nullopt, false);
  std::vector<std::string> values;
  for (const auto& o : options) values.push_back(o.get("value")->string_value());
  EXPECT_EQ(values, (std::vector<std::string>{"P1", "C3", "C1", "C2"}));
  // The same as the list built from the units themselves.
  const auto plain = unit_options(Lang::vi, ref->units, ref->levels, "C2", std::nullopt, false);
  ASSERT_EQ(plain.size(), options.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(plain[i].get("value")->string_value(), values[i]);
    EXPECT_EQ(plain[i].get("label")->string_value(), options[i].get("label")->string_value());
    EXPECT_EQ(plain[i].get("selected")->is_true(), options[i].get("selected")->is_true());
  }
}

}  // namespace
}  // namespace doithoai::web
