// The SQL behind the ReceptionStore, as functions of a connection (see dialogue_ops.hpp for the
// conventions and the shared helpers). Events are on "reception_schedule" and
// "reception_session" entities and never carry a visitor's name, address, phone or ID number.
#pragma once

#include <optional>
#include <vector>

#include "store/receptions.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/dialogue_ops.hpp"

namespace doithoai::store::sqlite::reception_ops {

using Services = dialogue_ops::Services;

// Seeds reception_duties from data/ when the table is empty; returns how many rows.
Expected<int> seed_duties(Connection& c, const std::vector<reception::DutyRule>& rules);
Expected<std::vector<reception::DutyRule>> read_duties(Connection& c);

Expected<ReceptionSchedule> add_schedule(Connection& c, const NewSchedule& s, const Actor& actor,
                                         const Services& sv);
Expected<ReceptionSchedule> end_schedule(Connection& c, Id id, Date ends_on, const Actor& actor);
Expected<ReceptionSchedule> read_schedule(Connection& c, Id id);
Expected<std::vector<ReceptionSchedule>> read_schedules(Connection& c, const ScheduleQuery& q);
Expected<std::vector<Date>> schedule_dates(Connection& c, Id id, Date from, Date to,
                                           const Services& sv);

Expected<ReceptionSession> add_session(Connection& c, const NewSession& s, const Actor& actor,
                                       const Services& sv);
Expected<ReceptionSession> apply_session(Connection& c, const SessionCommand& cmd,
                                         const Actor& actor);
Expected<ReceptionSession> read_session(Connection& c, Id id);
Expected<std::vector<ReceptionSession>> read_sessions(Connection& c, const SessionQuery& q);

Expected<Booking> book(Connection& c, const NewBooking& b, const Actor& actor, const Services& sv);
Expected<std::vector<Booking>> read_bookings(Connection& c, Id session_id, const Services& sv);

Expected<Visit> record_visit(Connection& c, const NewVisit& v, const Actor& actor,
                             const Services& sv);
Expected<Visit> read_visit(Connection& c, Id id, const Services& sv);
Expected<void> record_visit_identity_view(Connection& c, Id visit_id, const Actor& actor);
Expected<std::vector<Visit>> read_visits(Connection& c, const RegisterQuery& q, const Services& sv);
RegisterRow register_row(const Visit& v);

Expected<std::vector<ComplianceRow>> compliance(Connection& c, const ComplianceQuery& q);

}  // namespace doithoai::store::sqlite::reception_ops
