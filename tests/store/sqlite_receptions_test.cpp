// The SQLite ReceptionStore: schedules and their refusals, sessions, bookings, visits (one
// opening a matter in the same unit of work), refusals with their ground, the register in
// form 03's order, and compliance across the November 2025 rule change.
#include <nlohmann/json.hpp>

#include "store/dialogue_test_util.hpp"

namespace doithoai::store::testing {
namespace {

using nlohmann::json;

class Receptions : public DialogueStoreTest {
 protected:
  NewSchedule weekly_thursday(std::string agency = "UB-C1", Date from = d("2025-09-01")) {
    NewSchedule s;
    s.leader_name = "Nguyễn Văn Bình";
    s.leader_title = "Chủ tịch UBND xã";
    s.agency_code = std::move(agency);
    s.rule = "FREQ=WEEKLY;BYDAY=TH";
    s.starts_on = from;
    s.time_from = "07:30";
    s.time_to = "11:30";
    s.venue = "Trụ sở UBND xã";
    s.slots = 2;
    return s;
  }

  NewVisit visit(Id schedule, Date on, std::string name = "Đỗ Văn Hải") {
    NewVisit v;
    v.schedule_id = schedule;
    v.visited_on = on;
    v.name = std::move(name);
    v.address = "thôn Đông, xã Vĩnh An";
    v.phone = "0987654321";
    v.id_number = "031090001234";
    v.summary = "Đề nghị cấp giấy chứng nhận quyền sử dụng đất";
    v.kind = Kind::kien_nghi;
    v.direction = reception::Direction::guided;
    v.direction_body = "Văn phòng đăng ký đất đai";
    v.direction_document = "15/UBND";
    v.tracking_code = "R-" + std::to_string(++codes_);
    return v;
  }

  int codes_ = 0;
};

TEST_F(Receptions, AScheduleIsStoredWithItsCanonicalRuleAndAnEvent) {
  auto s = weekly_thursday();
  s.rule = "FREQ=MONTHLY;BYDAY=4TH,2TH";
  const auto created = must(receptions().add_schedule(s, staff()));
  EXPECT_EQ(created.rule, "FREQ=MONTHLY;BYDAY=2TH,4TH");
  EXPECT_EQ(created.unit_code, "C1");
  EXPECT_FALSE(created.rule_vi.empty());
  const auto events = events_of("reception_schedule", created.id);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].action, "reception_schedule.create");
  EXPECT_EQ(json::parse(events[0].after_json)["first_dates"][0], "2025-09-11");
  EXPECT_EQ(must(receptions().schedule_dates(created.id, d("2025-11-01"), d("2025-11-30"))).size(),
            2U);
}

TEST_F(Receptions, ARuleThatYieldsNoDateIsRefused) {
  const auto before = event_count();
  auto s = weekly_thursday();
  s.rule = "FREQ=MONTHLY;BYMONTHDAY=31";
  s.starts_on = d("2026-04-01");
  s.ends_on = d("2026-04-30");
  const auto r = receptions().add_schedule(s, staff());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "rule_yields_no_date");
  EXPECT_EQ(r.error().field, "rule");
  // Only holidays in the window: nothing either (30/04 and 01/05/2026 are holidays).
  s.rule = "FREQ=WEEKLY;BYDAY=TH,FR";
  s.starts_on = d("2026-04-30");
  s.ends_on = d("2026-05-01");
  EXPECT_EQ(receptions().add_schedule(s, staff()).error().code, "rule_yields_no_date");
  s.rule = "FREQ=DAILY";
  EXPECT_EQ(receptions().add_schedule(s, staff()).error().code, "bad_rule");
  s = weekly_thursday("NOPE");
  EXPECT_EQ(receptions().add_schedule(s, staff()).error().code, "unknown_agency");
  EXPECT_EQ(event_count(), before);
  ScheduleQuery q;
  EXPECT_TRUE(must(receptions().schedules(q)).empty());
}

TEST_F(Receptions, AVisitOnADayWithNoSessionIsRefused) {
  const auto s = must(receptions().add_schedule(weekly_thursday(), staff()));
  const auto before = event_count();
  const auto wednesday = receptions().record_visit(visit(s.id, d("2025-10-08")), staff());
  ASSERT_FALSE(wednesday.ok());
  EXPECT_EQ(wednesday.error().code, "no_session_on_day");
  EXPECT_NE(wednesday.error().message.find("08/10/2025"), std::string::npos);
  EXPECT_EQ(event_count(), before);
  SessionQuery q;
  q.from = d("2025-01-01");
  q.to = d("2026-12-31");
  EXPECT_TRUE(must(receptions().sessions(q)).empty());

  // A Thursday: the session the rule yields is recorded and held, the visit numbered 1.
  const auto v = must(receptions().record_visit(visit(s.id, d("2025-10-09")), staff()));
  EXPECT_EQ(v.number, 1);
  EXPECT_EQ(v.phone, "0987654321");
  EXPECT_EQ(v.id_number, "031090001234");
  const auto session = must(receptions().session(v.session_id));
  EXPECT_EQ(session.status, SessionStatus::held);
  EXPECT_EQ(session.visits, 1);
  const auto v2 =
      must(receptions().record_visit(visit(s.id, d("2025-10-09"), "Bùi Thị Lan"), staff()));
  EXPECT_EQ(v2.number, 2);
  EXPECT_EQ(v2.session_id, v.session_id);
  const auto events = events_of("reception_session", v.session_id);
  std::vector<std::string> actions;
  for (const auto& e : events) actions.push_back(e.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"reception_session.visit_add", "reception_session.visit_add",
                                      "reception_session.hold", "reception_session.create"}));
  for (const auto& e : events) {
    EXPECT_EQ(e.after_json.find("Đỗ Văn Hải"), std::string::npos);
    EXPECT_EQ(e.after_json.find("031090001234"), std::string::npos);
  }
}

TEST_F(Receptions, AnExtraSessionMakesAnyDayAReceptionDay) {
  const auto s = must(receptions().add_schedule(weekly_thursday(), staff()));
  NewSession n;
  n.schedule_id = s.id;
  n.held_on = d("2025-10-08");
  EXPECT_EQ(receptions().add_session(n, staff()).error().code, "not_a_schedule_day");
  n.extra = true;
  n.note = "Vụ việc đông người về giải phóng mặt bằng";
  const auto extra = must(receptions().add_session(n, staff()));
  EXPECT_TRUE(extra.extra);
  EXPECT_EQ(receptions().add_session(n, staff()).error().code, "session_exists");
  const auto v = must(receptions().record_visit(visit(s.id, d("2025-10-08")), staff()));
  EXPECT_EQ(v.session_id, extra.id);
}

TEST_F(Receptions, AVisitOpensAMatterInTheSameUnitOfWork) {
  const auto s = must(receptions().add_schedule(weekly_thursday(), staff()));
  auto v = visit(s.id, d("2025-10-09"));
  v.direction = reception::Direction::accepted;
  v.open_matter = true;
  v.field_code = "no-such-field";
  const auto before = event_count();
  EXPECT_EQ(receptions().record_visit(v, staff()).error().code, "unknown_field");
  EXPECT_EQ(event_count(), before);
  EXPECT_EQ(matter_count(), 0);
  SessionQuery q;
  q.from = d("2025-01-01");
  q.to = d("2026-12-31");
  EXPECT_TRUE(must(receptions().sessions(q)).empty());  // the session was not kept either

  v.field_code = "dat-dai";
  v.head_count = 3;
  const auto recorded = must(receptions().record_visit(v, staff()));
  ASSERT_TRUE(recorded.matter_id);
  EXPECT_EQ(recorded.matter_tracking_code, v.tracking_code);
  const auto matter = must(store_->matters().get(*recorded.matter_id));
  EXPECT_EQ(matter.matter.channel, Channel::reception);
  EXPECT_EQ(matter.matter.unit_code, "C1");
  EXPECT_EQ(matter.matter.head_count, 3);
  EXPECT_EQ(matter.submissions[0].people[0].id_number, "031090001234");
  EXPECT_EQ(matter.submissions[0].received_on, d("2025-10-09"));
}

TEST_F(Receptions, ARefusalNeedsItsLegalGround) {
  const auto s = must(receptions().add_schedule(weekly_thursday(), staff()));
  auto v = visit(s.id, d("2025-10-09"));
  v.direction = reception::Direction::refused;
  const auto before = event_count();
  EXPECT_EQ(receptions().record_visit(v, staff()).error().code, "ground_required");
  v.refusal_ground = "other_law";
  EXPECT_EQ(receptions().record_visit(v, staff()).error().code, "ground_text_required");
  v.refusal_ground = "threatening";
  v.open_matter = true;
  EXPECT_EQ(receptions().record_visit(v, staff()).error().code, "refused_no_matter");
  EXPECT_EQ(event_count(), before);
  v.open_matter = false;
  const auto refused = must(receptions().record_visit(v, staff()));
  EXPECT_NE(refused.refusal_text.find("Khoản 2 Điều 9"), std::string::npos);
  RegisterQuery q;
  q.agency_code = "UB-C1";
  q.from = d("2025-10-01");
  q.to = d("2025-10-31");
  const auto rows = must(receptions().register_rows(q));
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].direction.rfind("Từ chối tiếp: Khoản 2 Điều 9", 0), 0U) << rows[0].direction;
}

TEST_F(Receptions, TheRegisterHasTheColumnsOfForm03InOrder) {
  const auto s = must(receptions().add_schedule(weekly_thursday(), staff()));
  auto late = visit(s.id, d("2025-10-16"), "Trần Văn Nam");
  late.kind = Kind::khieu_nai;
  late.head_count = 3;
  late.prior_agency = "UBND xã Vĩnh An (Quyết định 12/QĐ-UBND)";
  late.direction = reception::Direction::transferred;
  late.direction_body = "Thanh tra huyện";
  late.direction_document = "45/UBND-TCD";
  late.follow_up = "Chờ kết quả";
  must(receptions().record_visit(late, staff()));
  must(receptions().record_visit(visit(s.id, d("2025-10-09")), staff()));
  RegisterQuery q;
  q.unit_code = "P1";
  q.from = d("2025-10-01");
  q.to = d("2025-10-31");
  const auto rows = must(receptions().register_rows(q));
  ASSERT_EQ(rows.size(), 2U);
  // Ordered by date; numbered in the order recorded within the agency's year.
  EXPECT_EQ(rows[0].date, d("2025-10-09"));
  EXPECT_EQ(rows[0].number, 2);
  EXPECT_EQ(rows[0].direction,
            "Trả lại đơn, hướng dẫn gửi đến Văn phòng đăng ký đất đai, văn "
            "bản số 15/UBND");
  const auto& r = rows[1];
  EXPECT_EQ(r.number, 1);
  EXPECT_EQ(r.name_and_address, "Trần Văn Nam, thôn Đông, xã Vĩnh An");
  EXPECT_EQ(r.id_document, "031090001234");
  EXPECT_EQ(r.summary, "Đề nghị cấp giấy chứng nhận quyền sử dụng đất");
  EXPECT_EQ(r.classification, "Khiếu nại; số người: 3");
  EXPECT_EQ(r.ruled_by, "UBND xã Vĩnh An (Quyết định 12/QĐ-UBND)");
  EXPECT_EQ(r.direction, "Chuyển đơn đến Thanh tra huyện, văn bản số 45/UBND-TCD");
  EXPECT_EQ(r.follow_up, "Chờ kết quả");
  q.unit_code = "C2";
  EXPECT_TRUE(must(receptions().register_rows(q)).empty());
}

TEST_F(Receptions, BookingLimits) {
  const auto s = must(receptions().add_schedule(weekly_thursday(), staff()));
  NewBooking b;
  b.schedule_id = s.id;
  b.on = d("2025-10-16");
  b.today = d("2025-10-10");
  b.name = "Vũ Thị Mai";
  b.phone = "0911222333";
  b.topic = "Hỏi về thủ tục cấp đổi sổ đỏ";
  b.code = "B1";
  const auto first = must(receptions().book(b, Actor{std::nullopt, "public"}));
  EXPECT_EQ(first.position, 1);
  const auto before = event_count();
  b.code = "B2";
  EXPECT_EQ(receptions().book(b, staff()).error().code, "already_booked");
  b.name = "Hoàng Văn Long";
  must(receptions().book(b, staff()));
  b.name = "Phan Thị Nga";
  b.code = "B3";
  EXPECT_EQ(receptions().book(b, staff()).error().code, "session_full");
  b.on = d("2025-10-15");  // a Wednesday
  EXPECT_EQ(receptions().book(b, staff()).error().code, "no_session_on_day");
  b.on = d("2025-10-09");  // before "today"
  EXPECT_EQ(receptions().book(b, staff()).error().code, "booking_too_late");
  EXPECT_EQ(event_count(), before + 1);
  const auto bookings = must(receptions().bookings(first.session_id));
  ASSERT_EQ(bookings.size(), 2U);
  EXPECT_EQ(bookings[0].phone, "0911222333");

  // A cancelled session takes no booking, and its bookings are cancelled.
  SessionCommand cancel;
  cancel.session_id = first.session_id;
  cancel.action = SessionCommand::Action::cancel;
  cancel.on = today();
  EXPECT_EQ(receptions().apply(cancel, staff()).error().code, "reason_required");
  cancel.note = "Lãnh đạo đi công tác, chuyển sang thứ Năm tuần sau";
  must(receptions().apply(cancel, staff()));
  EXPECT_EQ(must(receptions().bookings(first.session_id))[0].status, "cancelled");
  b.on = d("2025-10-16");
  b.name = "Đinh Văn Toàn";
  b.code = "B4";
  EXPECT_EQ(receptions().book(b, staff()).error().code, "session_not_open");
  EXPECT_EQ(receptions().record_visit(visit(s.id, d("2025-10-16")), staff()).error().code,
            "session_cancelled");
}

TEST_F(Receptions, ComplianceAcrossTheNovember2025Change) {
  auto s = weekly_thursday("DU-C1", d("2025-10-01"));
  s.leader_name = "Lê Văn Thắng";
  s.leader_title = "Bí thư Đảng ủy xã";
  s.rule = "FREQ=MONTHLY;BYDAY=2TH";
  const auto schedule = must(receptions().add_schedule(s, staff()));
  auto hold = [&](Date day) {
    NewSession n;
    n.schedule_id = schedule.id;
    n.held_on = day;
    n.extra = true;
    const auto session = must(receptions().add_session(n, staff()));
    SessionCommand c;
    c.session_id = session.id;
    c.on = today();
    must(receptions().apply(c, staff()));
  };
  hold(d("2025-10-09"));
  hold(d("2025-11-13"));
  hold(d("2025-12-11"));
  hold(d("2026-01-08"));
  hold(d("2026-01-22"));
  // A scheduled session that was not held does not count.
  NewSession planned;
  planned.schedule_id = schedule.id;
  planned.held_on = d("2025-12-25");
  planned.extra = true;
  must(receptions().add_session(planned, staff()));

  ComplianceQuery q;
  q.agency_code = "DU-C1";
  q.from_year = 2025;
  q.from_month = 10;
  q.to_year = 2026;
  q.to_month = 1;
  const auto rows = must(receptions().compliance(q));
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].leader_name, "Lê Văn Thắng");
  const std::vector<std::tuple<int, int, bool, std::string>> expected = {
      {1, 1, true, "bi_thu_xa"},
      {1, 1, true, "bi_thu_xa"},  // KL 215 took effect on 23/11: from December
      {2, 1, false, "bi_thu_xa_2025"},
      {2, 2, true, "bi_thu_xa_2025"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [required, held, met, rule] = expected[i];
    EXPECT_EQ(rows[i].month.required, required) << i;
    EXPECT_EQ(rows[i].month.held, held) << i;
    EXPECT_EQ(rows[i].month.met, met) << i;
    EXPECT_EQ(rows[i].month.rule->code, rule) << i;
  }
  // By unit: every agency with a duty in the subtree (the commune chairman has one, weekly).
  q.agency_code.clear();
  q.unit_code = "C1";
  const auto by_unit = must(receptions().compliance(q));
  EXPECT_EQ(by_unit.size(), 8U);  // DU-C1 and UB-C1, four months each
  for (const auto& r : by_unit) {
    if (r.agency_code == "UB-C1") {
      EXPECT_FALSE(r.month.met);  // never received anyone
    }
  }
  EXPECT_EQ(receptions().compliance(ComplianceQuery{"NOPE", "", 2025, 1, 2025, 2}).error().code,
            "unknown_agency");
}

TEST_F(Receptions, DutyRulesAreSeededOnce) {
  const auto rules = must(receptions().duty_rules());
  ASSERT_EQ(rules.size(), 3U);
  auto again = dialogue_reference();
  again.reception_duties.pop_back();
  must(store_->seed_reference(again, Actor::system()));
  EXPECT_EQ(must(receptions().duty_rules()).size(), 3U);
}

}  // namespace
}  // namespace doithoai::store::testing
