#include "store/field_cipher.hpp"
#include "store/sqlite/access.hpp"
#include "store/sqlite/dialogue_store.hpp"
#include "store/sqlite/reception_ops.hpp"

namespace doithoai::store::sqlite {

namespace {

namespace ops = reception_ops;

class SqliteReceptionStore final : public ReceptionStore {
 public:
  SqliteReceptionStore(ReaderPool& readers, Writer& writer, std::string_view secret_key)
      : readers_(readers),
        writer_(writer),
        key_(secret_key),
        cipher_(secret_key),
        services_{cipher_, key_, cache_} {}

  Expected<ReceptionSchedule> add_schedule(const NewSchedule& s, const Actor& actor) override {
    return write<ReceptionSchedule>(
        [&](Connection& c) { return ops::add_schedule(c, s, actor, services_); });
  }
  Expected<ReceptionSchedule> end_schedule(Id id, Date ends_on, const Actor& actor) override {
    return write<ReceptionSchedule>(
        [&](Connection& c) { return ops::end_schedule(c, id, ends_on, actor); });
  }
  Expected<ReceptionSchedule> schedule(Id id) override {
    return read([&](Connection& c) { return ops::read_schedule(c, id); });
  }
  Expected<std::vector<ReceptionSchedule>> schedules(const ScheduleQuery& q) override {
    return read([&](Connection& c) { return ops::read_schedules(c, q); });
  }
  Expected<std::vector<Date>> schedule_dates(Id id, Date from, Date to) override {
    return read([&](Connection& c) { return ops::schedule_dates(c, id, from, to, services_); });
  }
  Expected<ReceptionSession> add_session(const NewSession& s, const Actor& actor) override {
    return write<ReceptionSession>(
        [&](Connection& c) { return ops::add_session(c, s, actor, services_); });
  }
  Expected<ReceptionSession> apply(const SessionCommand& cmd, const Actor& actor) override {
    return write<ReceptionSession>(
        [&](Connection& c) { return ops::apply_session(c, cmd, actor); });
  }
  Expected<ReceptionSession> session(Id id) override {
    return read([&](Connection& c) { return ops::read_session(c, id); });
  }
  Expected<std::vector<ReceptionSession>> sessions(const SessionQuery& q) override {
    return read([&](Connection& c) { return ops::read_sessions(c, q); });
  }
  Expected<Booking> book(const NewBooking& b, const Actor& actor) override {
    return write<Booking>([&](Connection& c) { return ops::book(c, b, actor, services_); });
  }
  Expected<std::vector<Booking>> bookings(Id session_id) override {
    return read([&](Connection& c) { return ops::read_bookings(c, session_id, services_); });
  }
  Expected<Visit> record_visit(const NewVisit& v, const Actor& actor) override {
    return write<Visit>([&](Connection& c) { return ops::record_visit(c, v, actor, services_); });
  }
  Expected<Visit> visit(Id id) override {
    return read([&](Connection& c) { return ops::read_visit(c, id, services_); });
  }
  Expected<void> record_identity_view(Id visit_id, const Actor& actor) override {
    return writer_.submit(
        [&](Connection& c) { return ops::record_visit_identity_view(c, visit_id, actor); });
  }
  Expected<std::vector<RegisterRow>> register_rows(const RegisterQuery& q) override {
    auto visits = TRY(this->visits(q));
    std::vector<RegisterRow> rows;
    rows.reserve(visits.size());
    for (const auto& v : visits) rows.push_back(ops::register_row(v));
    return rows;
  }
  Expected<std::vector<Visit>> visits(const RegisterQuery& q) override {
    return read([&](Connection& c) { return ops::read_visits(c, q, services_); });
  }
  Expected<std::vector<reception::DutyRule>> duty_rules() override {
    return read([](Connection& c) { return ops::read_duties(c); });
  }
  Expected<std::vector<ComplianceRow>> compliance(const ComplianceQuery& q) override {
    return read([&](Connection& c) { return ops::compliance(c, q); });
  }

 private:
  template <typename F>
  auto read(F&& f) -> std::invoke_result_t<F, Connection&> {
    return read_snapshot(readers_, std::forward<F>(f));
  }
  template <typename T, typename F>
  Expected<T> write(F&& f) {
    return write_unit<T>(writer_, std::forward<F>(f));
  }

  ReaderPool& readers_;
  Writer& writer_;
  const std::string key_;
  const FieldCipher cipher_;
  matter_ops::DeadlineCache cache_;
  const ops::Services services_;
};

}  // namespace

std::unique_ptr<ReceptionStore> make_reception_store(ReaderPool& readers, Writer& writer,
                                                     std::string_view secret_key) {
  return std::make_unique<SqliteReceptionStore>(readers, writer, secret_key);
}

}  // namespace doithoai::store::sqlite
