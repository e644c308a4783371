// The store operations behind the web's admin screens: agencies, fields, locking users and
// changing their grants (each with its Event), and the view counts of published answers
// (migration 8).
#include <gtest/gtest.h>

#include "store/matter_test_util.hpp"

namespace doithoai::store {
namespace {

using lifecycle::Action;
using testing::d;
using testing::must;

class SqliteAdmin : public testing::MatterStoreTest {
 protected:
  std::vector<Event> events_named(const std::string& action) {
    std::vector<Event> out;
    for (auto& e : all_events()) {
      if (e.action == action) out.push_back(std::move(e));
    }
    return out;
  }

  // A phản ánh taken to a published answer.
  Matter published(const std::string& code, const std::string& title) {
    auto nm = testing::make_new_matter(code, Kind::phan_anh, "2026-09-07");
    nm.title = title;
    Matter m = create(nm);
    auto classify = command(m, Action::classify);
    classify.field_code = "dat-dai";
    m = apply(classify);
    auto assign = command(m, Action::assign);
    assign.agency_code = "UB-C1";
    m = apply(assign);
    auto answer = command(m, Action::answer, "2026-09-20");
    answer.answer = written_answer("2026-09-20");
    m = apply(answer);
    return apply(command(m, Action::publish));
  }
};

TEST_F(SqliteAdmin, AddsAnAgencyWithItsEvent) {
  Agency a{"UB-C3", "UBND xã Hòa Lạc", "people_committee", "C3", {}, {}};
  const auto created = must(store_->add_agency(a, testing::admin_actor()));
  EXPECT_EQ(created.name, "UBND xã Hòa Lạc");
  EXPECT_EQ(must(store_->agency("UB-C3")).unit_code, "C3");
  const auto events = events_named("agency.create");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].entity_id, "UB-C3");
  EXPECT_NE(events[0].after_json.find("UBND xã Hòa Lạc"), std::string::npos);

  EXPECT_EQ(store_->add_agency(a, testing::admin_actor()).error().code, "agency_exists");
  Agency nowhere{"X", "Cơ quan X", "office", "NOPE", {}, {}};
  EXPECT_EQ(store_->add_agency(nowhere, testing::admin_actor()).error().kind, ErrorKind::not_found);
  Agency orphan{"Y", "Cơ quan Y", "office", "C1", std::string("NOPE"), {}};
  EXPECT_EQ(store_->add_agency(orphan, testing::admin_actor()).error().code, "agency_not_found");
  EXPECT_EQ(events_named("agency.create").size(), 1u);  // refusals changed nothing
}

TEST_F(SqliteAdmin, AddsAndClosesAFieldWithEvents) {
  Field f{"giao-thong", "Giao thông", {}, 30, true};
  must(store_->add_field(f, testing::admin_actor()));
  EXPECT_EQ(store_->add_field(f, testing::admin_actor()).error().code, "field_exists");
  Field child{"giao-thong-duong", "Đường giao thông", std::string("khong-co"), 31, true};
  EXPECT_EQ(store_->add_field(child, testing::admin_actor()).error().code, "field_not_found");

  const auto closed = must(store_->set_field_active("giao-thong", false, testing::admin_actor()));
  EXPECT_FALSE(closed.active);
  bool found = false;
  for (const auto& x : must(store_->fields())) {
    if (x.code == "giao-thong") {
      found = true;
      EXPECT_FALSE(x.active);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(events_named("field.create").size(), 1u);
  EXPECT_EQ(events_named("field.deactivate").size(), 1u);
  EXPECT_EQ(store_->set_field_active("khong-co", true, testing::admin_actor()).error().code,
            "field_not_found");
}

TEST_F(SqliteAdmin, LockingAUserEndsTheirSessionsAndGrantsAreReplaced) {
  User u = testing::make_user("hoa");
  u.grants = {{Role::officer, Grant::ScopeKind::agency, "UB-C1"}};
  const auto created = must(store_->add_user(u, testing::admin_actor()));
  Session s{"hash-of-hoa", created.id, "csrf", now_utc(), now_utc()};
  must(store_->create_session(s, Actor::system()));
  ASSERT_TRUE(store_->session_by_hash("hash-of-hoa").ok());

  const auto locked = must(store_->set_user_active(created.id, false, testing::admin_actor()));
  EXPECT_FALSE(locked.active);
  EXPECT_FALSE(must(store_->user_by_id(created.id)).active);
  EXPECT_FALSE(store_->session_by_hash("hash-of-hoa").ok());
  EXPECT_EQ(events_named("user.deactivate").size(), 1u);
  EXPECT_TRUE(must(store_->set_user_active(created.id, true, testing::admin_actor())).active);
  EXPECT_EQ(events_named("user.activate").size(), 1u);

  const auto changed =
      must(store_->set_user_grants(created.id,
                                   {{Role::leader, Grant::ScopeKind::unit, "C1"},
                                    {Role::officer, Grant::ScopeKind::agency, "UB-C1"}},
                                   testing::admin_actor()));
  ASSERT_EQ(changed.grants.size(), 2u);
  EXPECT_EQ(changed.grants[0].role, Role::leader);
  const auto events = events_named("user.grants");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].before_json.find("officer"), std::string::npos);
  EXPECT_NE(events[0].after_json.find("leader"), std::string::npos);
  EXPECT_EQ(store_->set_user_active(9999, false, testing::admin_actor()).error().kind,
            ErrorKind::not_found);
}

TEST_F(SqliteAdmin, ViewsAddUpAndTheMostViewedArePublishedOnly) {
  const Matter a = published("VB-A", "Đèn đường thôn Đông không sáng");
  const Matter b = published("VB-B", "Rác thải ven sông");
  const Matter open = create(testing::make_new_matter("VB-C", Kind::phan_anh, "2026-09-08"));
  EXPECT_TRUE(must(store_->most_viewed(5)).empty());

  must(store_->add_views({{a.id, 2}, {b.id, 5}, {open.id, 50}, {987654, 3}}));
  must(store_->add_views({{a.id, 4}}));
  const auto top = must(store_->most_viewed(5));
  ASSERT_EQ(top.size(), 2u);  // the unpublished matter and the unknown id are not listed
  EXPECT_EQ(top[0].id, a.id);
  EXPECT_EQ(top[0].views, 6);
  EXPECT_EQ(top[0].tracking_code, "VB-A");
  EXPECT_EQ(top[0].title, "Đèn đường thôn Đông không sáng");
  EXPECT_EQ(top[1].id, b.id);
  EXPECT_EQ(top[1].views, 5);
  EXPECT_EQ(must(store_->most_viewed(1)).size(), 1u);
  EXPECT_EQ(events_named("views.add").size(), 2u);  // one Event a batch
}

}  // namespace
}  // namespace doithoai::store
