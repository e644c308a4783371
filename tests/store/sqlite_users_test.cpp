// Users with grants, sessions and API tokens in the SQLite store.
#include <gtest/gtest.h>

#include "store/store_test_util.hpp"

namespace doithoai::store {
namespace {

using testing::must;
using testing::TempDir;

class SqliteUsers : public ::testing::Test {
 protected:
  void SetUp() override { store_ = testing::open_migrated(dir_.file("users.db")); }

  std::string all_events_text() {
    EventQuery q;
    q.limit = 10000;
    std::string text;
    for (const auto& e : must(store_->events(q))) {
      text += e.action + "|" + e.entity_type + "|" + e.entity_id + "|" + e.before_json + "|" +
              e.after_json + "\n";
    }
    return text;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteUsers, UserWithGrantsRoundTrips) {
  User u = testing::make_user("lan");
  u.grants = {{Role::officer, Grant::ScopeKind::agency, "UB-C1"},
              {Role::admin, Grant::ScopeKind::unit, "P1"}};
  const auto created = must(store_->add_user(u, Actor::cli()));
  EXPECT_GT(created.id, 0);
  EXPECT_GT(created.created_at, 0);
  EXPECT_EQ(created.username, "lan");
  EXPECT_EQ(created.password_hash, u.password_hash);  // the store gives it back to auth

  for (const User& got : {must(store_->user_by_username("lan")),
                          must(store_->user_by_id(created.id)), must(store_->users()).at(0)}) {
    EXPECT_EQ(got.id, created.id);
    EXPECT_EQ(got.display_name, "Nguyễn Văn lan");
    EXPECT_TRUE(got.active);
    ASSERT_EQ(got.grants.size(), 2u);
    // Grants come back in a canonical order (role, scope kind, scope code).
    EXPECT_EQ(got.grants[0].role, Role::admin);
    EXPECT_EQ(got.grants[0].scope_kind, Grant::ScopeKind::unit);
    EXPECT_EQ(got.grants[0].scope_code, "P1");
    EXPECT_EQ(got.grants[1].role, Role::officer);
    EXPECT_EQ(got.grants[1].scope_kind, Grant::ScopeKind::agency);
    EXPECT_EQ(got.grants[1].scope_code, "UB-C1");
  }
  EXPECT_EQ(store_->user_by_username("nobody").error().code, "user_not_found");
  EXPECT_EQ(store_->user_by_id(999).error().kind, ErrorKind::not_found);
}

TEST_F(SqliteUsers, UsersListsEveryUserWithOwnGrants) {
  User a = testing::make_user("a");
  a.grants = {{Role::intake, Grant::ScopeKind::unit, "C1"}};
  User b = testing::make_user("b");
  must(store_->add_user(a, Actor::cli()));
  must(store_->add_user(b, Actor::cli()));
  const auto users = must(store_->users());
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].username, "a");
  EXPECT_EQ(users[0].grants.size(), 1u);
  EXPECT_TRUE(users[1].grants.empty());
}

TEST_F(SqliteUsers, DuplicateUsernameIsAConflictAndWritesNothing) {
  must(store_->add_user(testing::make_user("minh"), Actor::cli()));
  const auto again = store_->add_user(testing::make_user("minh"), Actor::cli());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().code, "username_taken");
  EXPECT_EQ(again.error().field, "username");
  EXPECT_EQ(must(store_->users()).size(), 1u);
  EventQuery q;
  q.entity_type = "user";
  EXPECT_EQ(must(store_->events(q)).size(), 1u);
}

TEST_F(SqliteUsers, UserEventNeverCarriesThePasswordHash) {
  const auto created = must(store_->add_user(testing::make_user("hoa"), Actor::cli()));
  EventQuery q;
  q.entity_type = "user";
  q.entity_id = std::to_string(created.id);
  const auto events = must(store_->events(q));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "user.create");
  EXPECT_EQ(events[0].actor, "cli");
  EXPECT_FALSE(events[0].actor_id);
  EXPECT_NE(events[0].after_json.find("\"username\":\"hoa\""), std::string::npos);
  EXPECT_EQ(events[0].after_json.find("argon2"), std::string::npos);
  EXPECT_EQ(events[0].after_json.find("password"), std::string::npos);
}

TEST_F(SqliteUsers, SessionCreateLookupTouchDelete) {
  const auto user = must(store_->add_user(testing::make_user("tuan"), Actor::cli()));
  const Session s{"hash-of-cookie-0123456789abcdef", user.id, "csrf-secret-value", 1000, 1000};
  must(store_->create_session(s, Actor{user.id, "tuan"}));

  auto got = must(store_->session_by_hash(s.token_hash));
  EXPECT_EQ(got.user_id, user.id);
  EXPECT_EQ(got.csrf_token, "csrf-secret-value");
  EXPECT_EQ(got.created_at, 1000);
  EXPECT_EQ(got.last_seen_at, 1000);

  // Touches are coalesced and never move last_seen_at backwards. A later synchronous write
  // commits after them (the writer's queue is ordered).
  store_->touch_session_later(s.token_hash, 1300);
  store_->touch_session_later(s.token_hash, 1200);
  store_->touch_session_later("no-such-session", 5000);
  must(store_->add_holiday({testing::d("2026-09-02"), "Quốc khánh", false, ""}, Actor::cli()));
  EXPECT_EQ(must(store_->session_by_hash(s.token_hash)).last_seen_at, 1300);

  const auto duplicate = store_->create_session(s, Actor{user.id, "tuan"});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().kind, ErrorKind::conflict);

  must(store_->delete_session(s.token_hash, Actor{user.id, "tuan"}));
  EXPECT_EQ(store_->session_by_hash(s.token_hash).error().code, "session_not_found");
  EXPECT_EQ(store_->delete_session(s.token_hash, Actor{user.id, "tuan"}).error().kind,
            ErrorKind::not_found);

  const auto log = all_events_text();
  EXPECT_NE(log.find("session.create|user|" + std::to_string(user.id)), std::string::npos) << log;
  EXPECT_NE(log.find("session.delete|user|" + std::to_string(user.id)), std::string::npos) << log;
  EXPECT_EQ(log.find(s.token_hash), std::string::npos);
  EXPECT_EQ(log.find("csrf-secret-value"), std::string::npos);
}

TEST_F(SqliteUsers, SessionForUnknownUserIsRefused) {
  const auto r = store_->create_session({"h", 42, "c", 1, 1}, Actor::system());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "user_not_found");
}

TEST_F(SqliteUsers, ExpirySweepDeletesOldAndIdleSessions) {
  const auto user = must(store_->add_user(testing::make_user("an"), Actor::cli()));
  must(store_->create_session({"old", user.id, "c", 100, 900}, Actor::system()));   // too old
  must(store_->create_session({"idle", user.id, "c", 500, 500}, Actor::system()));  // idle
  must(store_->create_session({"fresh", user.id, "c", 500, 950}, Actor::system()));
  const int deleted = must(store_->delete_sessions_before(/*created_before=*/200,
                                                          /*seen_before=*/800));
  EXPECT_EQ(deleted, 2);
  EXPECT_FALSE(store_->session_by_hash("old").ok());
  EXPECT_FALSE(store_->session_by_hash("idle").ok());
  EXPECT_TRUE(store_->session_by_hash("fresh").ok());
  EXPECT_EQ(must(store_->delete_sessions_before(200, 800)), 0);

  EventQuery q;
  q.entity_type = "session";
  const auto events = must(store_->events(q));
  ASSERT_EQ(events.size(), 1u);  // one summary for the sweep that removed something
  EXPECT_EQ(events[0].action, "session.expire");
  EXPECT_NE(events[0].after_json.find("\"deleted\":2"), std::string::npos);
}

TEST_F(SqliteUsers, ApiTokenCreateAndLookup) {
  const auto user = must(store_->add_user(testing::make_user("bot"), Actor::cli()));
  const auto token = must(
      store_->create_api_token({0, "token-hash-abc", user.id, "báo cáo", 0, false}, Actor::cli()));
  EXPECT_GT(token.id, 0);
  EXPECT_GT(token.created_at, 0);
  const auto got = must(store_->api_token_by_hash("token-hash-abc"));
  EXPECT_EQ(got.id, token.id);
  EXPECT_EQ(got.user_id, user.id);
  EXPECT_EQ(got.name, "báo cáo");
  EXPECT_FALSE(got.revoked);
  EXPECT_EQ(store_->api_token_by_hash("nope").error().kind, ErrorKind::not_found);
  EXPECT_EQ(store_->create_api_token({0, "token-hash-abc", user.id, "x", 0, false}, Actor::cli())
                .error()
                .code,
            "api_token_exists");
  const auto log = all_events_text();
  EXPECT_NE(log.find("api_token.create|api_token|" + std::to_string(token.id)), std::string::npos);
  EXPECT_EQ(log.find("token-hash-abc"), std::string::npos);
}

}  // namespace
}  // namespace doithoai::store
