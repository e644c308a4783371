// Shared set-up of the auth Service tests: a fake store holding a small tree of units and an
// agency, a clock the test moves by hand, and users whose password hash is computed once.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth.hpp"
#include "auth/fake_store.hpp"

namespace doithoai::auth::test_support {

inline constexpr std::string_view kPassword = "mật-khẩu-đúng-2026";
inline constexpr Timestamp kStart = 1767225600;  // 2026-01-01T00:00:00Z

// One Argon2id hash of kPassword for every test user: hashing costs ~0.1 s.
inline const std::string& password_hash() {
  static const std::string hash = hash_password(kPassword).value();
  return hash;
}

inline Grant unit_grant(Role role, std::string code) {
  return Grant{role, Grant::ScopeKind::unit, std::move(code)};
}
inline Grant agency_grant(Role role, std::string code) {
  return Grant{role, Grant::ScopeKind::agency, std::move(code)};
}

class AuthTest : public ::testing::Test {
 protected:
  AuthTest() {
    store.put_unit(make_unit("01", "Hà Nội", "province", std::nullopt));
    store.put_unit(make_unit("00004", "Ba Đình", "commune", "01"));
    Agency agency;
    agency.code = "ubnd-00004";
    agency.name = "Ủy ban nhân dân phường Ba Đình";
    agency.kind = "people_committee";
    agency.unit_code = "00004";
    store.put_agency(agency);
  }

  static Unit make_unit(std::string code, std::string name, std::string level,
                        std::optional<std::string> parent) {
    Unit unit;
    unit.code = std::move(code);
    unit.name = std::move(name);
    unit.level = std::move(level);
    unit.parent_code = std::move(parent);
    unit.valid_from = Date{2025, 7, 1};
    return unit;
  }

  // Options with the test clock; adjust, then start().
  Options options() {
    Options o;
    o.clock = [this] { return now.load(); };
    return o;
  }
  void start(Options o) { service = std::make_unique<Service>(store, std::move(o)); }
  void start() { start(options()); }

  Id add_user(const std::string& username, bool active = true) {
    User user;
    user.username = username;
    user.display_name = "Người dùng " + username;
    user.password_hash = password_hash();
    user.active = active;
    user.grants = {unit_grant(Role::officer, "00004")};
    return store.put_user(user);
  }

  void advance(Timestamp seconds) { now += seconds; }

  FakeStore store;
  std::atomic<Timestamp> now{kStart};
  std::unique_ptr<Service> service;
};

}  // namespace doithoai::auth::test_support
