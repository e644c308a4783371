// An in-memory store::Store for the auth tests: users, sessions, API tokens, units and agencies,
// with counters of the calls auth makes. Everything else fails with an internal error.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace doithoai::auth::test_support {

class FakeStore : public store::Store {
 public:
  // Test set-up and inspection.
  void put_unit(Unit unit) {
    std::lock_guard lock(mutex_);
    units_[unit.code] = std::move(unit);
  }
  void put_agency(Agency agency) {
    std::lock_guard lock(mutex_);
    agencies_[agency.code] = std::move(agency);
  }
  // Adds a user directly (with a ready password hash); returns its id.
  Id put_user(User user) {
    std::lock_guard lock(mutex_);
    user.id = next_user_id_++;
    users_[user.id] = user;
    return user.id;
  }
  void set_active(Id user_id, bool active) {
    std::lock_guard lock(mutex_);
    users_.at(user_id).active = active;
  }
  void revoke_token(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    tokens_.at(token_hash).revoked = true;
  }
  std::optional<Session> stored_session(const std::string& token_hash) const {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(token_hash);
    if (it == sessions_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<Session> all_sessions() const {
    std::lock_guard lock(mutex_);
    std::vector<Session> out;
    for (const auto& [hash, session] : sessions_) out.push_back(session);
    return out;
  }
  std::vector<ApiToken> all_tokens() const {
    std::lock_guard lock(mutex_);
    std::vector<ApiToken> out;
    for (const auto& [hash, token] : tokens_) out.push_back(token);
    return out;
  }
  std::optional<User> stored_user(const std::string& username) const {
    std::lock_guard lock(mutex_);
    for (const auto& [id, user] : users_) {
      if (user.username == username) return user;
    }
    return std::nullopt;
  }
  std::vector<std::pair<std::string, Timestamp>> touches() const {
    std::lock_guard lock(mutex_);
    return touches_;
  }
  int session_reads() const {
    std::lock_guard lock(mutex_);
    return session_reads_;
  }
  int token_reads() const {
    std::lock_guard lock(mutex_);
    return token_reads_;
  }
  int user_count() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(users_.size());
  }

  // Runs after session_by_hash has read (outside the store's lock), before it returns.
  std::function<void()> after_session_read;

  // store::Store: what auth uses.
  Expected<Unit> unit(const std::string& code) override {
    std::lock_guard lock(mutex_);
    const auto it = units_.find(code);
    if (it == units_.end()) return not_found("unknown_unit", "Không tìm thấy đơn vị");
    return it->second;
  }
  Expected<Agency> agency(const std::string& code) override {
    std::lock_guard lock(mutex_);
    const auto it = agencies_.find(code);
    if (it == agencies_.end()) return not_found("unknown_agency", "Không tìm thấy cơ quan");
    return it->second;
  }
  Expected<User> add_user(const User& user, const Actor&) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, existing] : users_) {
      if (existing.username == user.username) {
        return conflict("username_taken", "Tên đăng nhập đã có người dùng", "username");
      }
    }
    User stored = user;
    stored.id = next_user_id_++;
    users_[stored.id] = stored;
    return stored;
  }
  Expected<User> user_by_username(const std::string& username) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, user] : users_) {
      if (user.username == username) return user;
    }
    return not_found("unknown_user", "Không tìm thấy người dùng");
  }
  Expected<User> user_by_id(Id id) override {
    std::lock_guard lock(mutex_);
    const auto it = users_.find(id);
    if (it == users_.end()) return not_found("unknown_user", "Không tìm thấy người dùng");
    return it->second;
  }
  Expected<std::vector<User>> users() override {
    std::lock_guard lock(mutex_);
    std::vector<User> out;
    for (const auto& [id, user] : users_) out.push_back(user);
    return out;
  }
  Expected<void> create_session(const Session& session, const Actor&) override {
    std::lock_guard lock(mutex_);
    sessions_[session.token_hash] = session;
    return {};
  }
  Expected<Session> session_by_hash(const std::string& token_hash) override {
    std::optional<Session> found;
    {
      std::lock_guard lock(mutex_);
      ++session_reads_;
      const auto it = sessions_.find(token_hash);
      if (it != sessions_.end()) found = it->second;
    }
    if (after_session_read) after_session_read();
    if (!found) return not_found("unknown_session", "Không có phiên");
    return *found;
  }
  void touch_session_later(const std::string& token_hash, Timestamp at) override {
    std::lock_guard lock(mutex_);
    touches_.emplace_back(token_hash, at);
    const auto it = sessions_.find(token_hash);
    if (it != sessions_.end()) it->second.last_seen_at = std::max(it->second.last_seen_at, at);
  }
  Expected<void> delete_session(const std::string& token_hash, const Actor&) override {
    std::lock_guard lock(mutex_);
    if (sessions_.erase(token_hash) == 0) return not_found("unknown_session", "Không có phiên");
    return {};
  }
  Expected<ApiToken> create_api_token(const ApiToken& token, const Actor&) override {
    std::lock_guard lock(mutex_);
    ApiToken stored = token;
    stored.id = next_token_id_++;
    tokens_[stored.token_hash] = stored;
    return stored;
  }
  Expected<ApiToken> api_token_by_hash(const std::string& token_hash) override {
    std::lock_guard lock(mutex_);
    ++token_reads_;
    const auto it = tokens_.find(token_hash);
    if (it == tokens_.end()) return not_found("unknown_token", "Không có mã");
    return it->second;
  }

  // store::Store: not used by auth.
  Expected<store::MigrationState> migrate() override { return unused(); }
  Expected<store::MigrationState> migration_state() override { return unused(); }
  Expected<store::CheckReport> check() override { return unused(); }
  Expected<void> backup_to(const std::string&) override { return unused(); }
  Expected<void> begin_bulk_load() override { return unused(); }
  Expected<void> end_bulk_load() override { return unused(); }
  Expected<store::SeedReport> seed_reference(const store::ReferenceData&, const Actor&) override {
    return unused();
  }
  Expected<std::int64_t> reference_version() override { return unused(); }
  Expected<std::vector<UnitLevel>> unit_levels() override { return unused(); }
  Expected<std::vector<Unit>> units(std::optional<Date>) override { return unused(); }
  Expected<Unit> add_unit(const Unit&, const Actor&) override { return unused(); }
  Expected<Unit> merge_units(const UnitMerger&, const Actor&) override { return unused(); }
  Expected<std::vector<Agency>> agencies() override { return unused(); }
  Expected<std::vector<Field>> fields() override { return unused(); }
  Expected<Agency> add_agency(const Agency&, const Actor&) override { return unused(); }
  Expected<Field> add_field(const Field&, const Actor&) override { return unused(); }
  Expected<Field> set_field_active(const std::string&, bool, const Actor&) override {
    return unused();
  }
  Expected<User> set_user_active(Id, bool, const Actor&) override { return unused(); }
  Expected<User> set_user_grants(Id, const std::vector<Grant>&, const Actor&) override {
    return unused();
  }
  Expected<void> add_views(const std::vector<std::pair<Id, std::int64_t>>&) override {
    return unused();
  }
  Expected<std::vector<store::ViewedMatter>> most_viewed(int) override { return unused(); }
  Expected<std::vector<Holiday>> holidays(std::optional<Date>, std::optional<Date>) override {
    return unused();
  }
  Expected<Holiday> add_holiday(const Holiday&, const Actor&) override { return unused(); }
  Expected<void> remove_holiday(const Date&, const Actor&) override { return unused(); }
  Expected<int> delete_sessions_before(Timestamp, Timestamp) override { return unused(); }
  Expected<std::vector<Event>> events(const store::EventQuery&) override { return unused(); }
  store::MatterStore& matters() override {
    throw std::logic_error("matters() is not implemented by the auth test store");
  }
  store::ReportStore& reports() override {
    throw std::logic_error("reports() is not implemented by the auth test store");
  }
  store::DialogueStore& dialogues() override {
    throw std::logic_error("dialogues() is not implemented by the auth test store");
  }
  store::ReceptionStore& receptions() override {
    throw std::logic_error("receptions() is not implemented by the auth test store");
  }
  store::SearchStore& search() override {
    throw std::logic_error("search() is not implemented by the auth test store");
  }
  void close() override {}

 private:
  static Error unused() { return internal_error("not implemented by the auth test store"); }

  mutable std::mutex mutex_;
  std::map<std::string, Unit> units_;
  std::map<std::string, Agency> agencies_;
  std::map<Id, User> users_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, ApiToken> tokens_;
  std::vector<std::pair<std::string, Timestamp>> touches_;
  Id next_user_id_ = 1;
  Id next_token_id_ = 1;
  int session_reads_ = 0;
  int token_reads_ = 0;
};

}  // namespace doithoai::auth::test_support
