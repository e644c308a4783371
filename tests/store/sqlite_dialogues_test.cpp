// The SQLite DialogueStore: each state change with its Event (before/after) and its refusals
// (nothing changed), registration limits, opinions entering the matters module and driving it,
// the follow-up that keeps a dialogue open, the whole record, and the counts reports add up.
#include <sqlite3.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "store/dialogue_test_util.hpp"

namespace doithoai::store::testing {
namespace {

namespace D = doithoai::dialogue;
using nlohmann::json;

class Dialogues : public DialogueStoreTest {
 protected:
  NewDialogue new_dialogue(Date held_on, std::string host = "UB-C1") {
    NewDialogue n;
    n.title = "Hội nghị đối thoại của Chủ tịch UBND xã với Nhân dân";
    n.host_name = "Chủ tịch UBND xã Nguyễn Văn Bình";
    n.host_title = "Chủ tịch UBND xã";
    n.host_agency_code = std::move(host);
    n.held_on = held_on;
    n.venue = "Hội trường UBND xã";
    n.board = {{"Nguyễn Văn Bình", "Chủ trì"}, {"Trần Thị Hoa", "Thư ký"}};
    n.agenda = {{"dat-dai", ""}, {"", "Ý kiến khác"}};
    return n;
  }

  Dialogue create(const NewDialogue& n) { return must(dialogues().create(n, staff()), "create"); }

  Expected<Dialogue> act(const Dialogue& d, D::Action a, std::optional<int> attendance = {}) {
    DialogueCommand c;
    c.dialogue_id = d.id;
    c.expected_version = d.version;
    c.action = a;
    c.on = today();
    c.attendance = attendance;
    return dialogues().apply(c, staff());
  }

  Dialogue open_for_registration(Date held_on, std::optional<int> cap = {},
                                 std::optional<Date> closes = {}) {
    auto n = new_dialogue(held_on);
    n.registration_cap = cap;
    n.registration_closes_on = closes;
    auto d = create(n);
    return must(act(d, D::Action::open_registration), "open");
  }

  NewRegistration registration(const Dialogue& d, std::string name, std::string phone = "",
                               std::string unit = "C1") {
    NewRegistration r;
    r.dialogue_id = d.id;
    r.name = std::move(name);
    r.phone = std::move(phone);
    r.unit_code = std::move(unit);
    r.topic = "Đường liên thôn xuống cấp";
    r.field_code = "dat-dai";
    r.registered_on = today();
    return r;
  }

  RaisedOpinion raised(std::string title, Kind kind = Kind::kien_nghi) {
    RaisedOpinion o;
    o.kind = kind;
    o.field_code = "dat-dai";
    o.unit_code = "C1";
    o.title = title;
    o.content = "Đề nghị xem xét: " + title;
    o.people = {make_person("Lê Văn Cường")};
    o.tracking_code = "T-" + std::to_string(++codes_);
    return o;
  }

  NewOpinion opinion(const Dialogue& d, RaisedOpinion r, D::Outcome outcome) {
    NewOpinion o;
    o.dialogue_id = d.id;
    o.raised = std::move(r);
    o.outcome.outcome = outcome;
    o.on = d.held_on;
    switch (outcome) {
      case D::Outcome::answered:
        o.outcome.answered_by = "Chủ tịch UBND xã";
        o.outcome.answer_text = "Xã sẽ sửa đường trong quý IV.";
        break;
      case D::Outcome::assigned:
        o.outcome.agency_code = "UB-C1";
        o.outcome.due_on = d.held_on.plus_days(15);
        break;
      default:
        break;
    }
    return o;
  }

  // A dialogue held two days ago.
  Dialogue held() {
    auto d = open_for_registration(today().plus_days(-2));
    return must(act(d, D::Action::hold, 120), "hold");
  }

  int codes_ = 0;
};

TEST_F(Dialogues, CreatedPlannedWithBoardAgendaAndAnEvent) {
  const auto d = create(new_dialogue(today().plus_days(30)));
  EXPECT_EQ(d.status, D::Status::planned);
  EXPECT_EQ(d.unit_code, "C1");
  EXPECT_EQ(d.level, "commune");
  ASSERT_EQ(d.board.size(), 2U);
  EXPECT_EQ(d.board[1].role, "Thư ký");
  ASSERT_EQ(d.agenda.size(), 2U);
  EXPECT_EQ(d.agenda[0].title, "Đất đai");  // titled from its field
  const auto events = events_of("dialogue", d.id);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].action, "dialogue.create");
  EXPECT_EQ(json::parse(events[0].after_json)["status"], "planned");
}

TEST_F(Dialogues, BadPlansAreRefusedAndNothingIsWritten) {
  const auto before = event_count();
  auto n = new_dialogue(today());
  n.host_agency_code = "NOPE";
  EXPECT_EQ(dialogues().create(n, staff()).error().code, "unknown_agency");
  n = new_dialogue(today());
  n.registration_closes_on = today().plus_days(1);
  EXPECT_EQ(dialogues().create(n, staff()).error().code, "closes_after_dialogue");
  n = new_dialogue(today());
  n.starts_at = "25:00";
  EXPECT_EQ(dialogues().create(n, staff()).error().code, "bad_time");
  n = new_dialogue(d("2026-01-10"), "DU-C9");  // C9's Party committee ended on 30/06/2025
  EXPECT_EQ(dialogues().create(n, staff()).error().code, "agency_ended");
  EXPECT_EQ(event_count(), before);
  DialogueQuery all;
  EXPECT_EQ(must(dialogues().list(all)).total, 0);
}

TEST_F(Dialogues, EveryLifecycleStepIsAnEventWithBeforeAndAfter) {
  auto d = create(new_dialogue(today().plus_days(-1)));
  const std::vector<std::pair<D::Action, std::string>> steps = {
      {D::Action::start_collecting, "collecting"},
      {D::Action::open_registration, "registration_open"},
      {D::Action::hold, "held"},
      {D::Action::follow_up, "following_up"},
      {D::Action::close, "closed"}};
  std::string previous = "planned";
  for (const auto& [action, status] : steps) {
    const int version = d.version;
    d = must(act(d, action, action == D::Action::hold ? std::optional<int>(250) : std::nullopt),
             D::code(action));
    EXPECT_EQ(D::code(d.status), status);
    EXPECT_EQ(d.version, version + 1);
    const auto last = events_of("dialogue", d.id).front();
    EXPECT_EQ(last.action, std::string("dialogue.").append(D::code(action)));
    EXPECT_EQ(json::parse(last.before_json)["status"], previous);
    EXPECT_EQ(json::parse(last.after_json)["status"], status);
    previous = status;
  }
  EXPECT_EQ(d.attendance, 250);
}

TEST_F(Dialogues, RefusedActionsChangeNothing) {
  auto d = create(new_dialogue(today().plus_days(10)));
  const auto before = event_count();
  // Not allowed from planned.
  auto r = act(d, D::Action::close);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "action_not_allowed");
  // Not before the day.
  r = act(d, D::Action::hold);
  EXPECT_EQ(r.error().code, "dialogue_not_yet_held");
  // A stale version.
  d.version += 1;
  EXPECT_EQ(act(d, D::Action::start_collecting).error().code, "stale_version");
  EXPECT_EQ(event_count(), before);
  EXPECT_EQ(must(dialogues().get(d.id)).status, D::Status::planned);
}

TEST_F(Dialogues, EditsOnlyWhilePreparing) {
  auto d = create(new_dialogue(today().plus_days(10)));
  DialogueEdit e;
  e.dialogue_id = d.id;
  e.expected_version = d.version;
  e.venue = "Nhà văn hóa thôn Đông";
  e.registration_cap = std::optional<int>(30);
  e.board = std::vector<BoardMember>{{"Nguyễn Văn Bình", "Chủ trì"}};
  d = must(dialogues().edit(e, staff()));
  EXPECT_EQ(d.venue, "Nhà văn hóa thôn Đông");
  EXPECT_EQ(d.registration_cap, 30);
  EXPECT_EQ(d.board.size(), 1U);
  EXPECT_EQ(events_of("dialogue", d.id).front().action, "dialogue.edit");
  d = must(act(must(dialogues().get(d.id)), D::Action::open_registration));
  d = must(act(create(new_dialogue(today())), D::Action::hold));
  e.dialogue_id = d.id;
  e.expected_version = d.version;
  EXPECT_EQ(dialogues().edit(e, staff()).error().code, "dialogue_held_edit");
}

TEST_F(Dialogues, RegistrationLimits) {
  const auto d = open_for_registration(today().plus_days(20), 2);
  const auto first = must(dialogues().register_speaker(
      registration(d, "Nguyễn Văn An", "0912 345 678"), Actor{std::nullopt, "public"}));
  EXPECT_EQ(first.phone, "0912 345 678");
  EXPECT_FALSE(first.by_staff);
  const auto before = event_count();
  // The same person again: name folded, phone digits compared (+84 is 0).
  auto again = registration(d, "nguyen van an", "+84912345678");
  EXPECT_EQ(dialogues().register_speaker(again, staff()).error().code, "already_registered");
  must(dialogues().register_speaker(registration(d, "Trần Thị Bích"), staff()));
  // Past the cap.
  EXPECT_EQ(dialogues().register_speaker(registration(d, "Lê Văn Cường"), staff()).error().code,
            "registration_full");
  EXPECT_EQ(event_count(), before + 1);
  EXPECT_EQ(must(dialogues().get(d.id)).registrations, 2);
  // Withdrawing frees the place; the same person may register again.
  must(dialogues().withdraw_registration(d.id, first.id, staff()));
  EXPECT_EQ(must(dialogues().get(d.id)).registrations, 1);
  must(dialogues().register_speaker(again, staff()));
}

TEST_F(Dialogues, NoRegistrationAfterTheClosingDayNorWhenNotOpen) {
  const auto closed =
      open_for_registration(today().plus_days(5), std::nullopt, today().plus_days(-1));
  const auto planned = create(new_dialogue(today().plus_days(5)));
  const auto before = event_count();
  EXPECT_EQ(
      dialogues().register_speaker(registration(closed, "Nguyễn Văn An"), staff()).error().code,
      "registration_closed");
  auto r = registration(planned, "Nguyễn Văn An");
  r.by_staff = true;
  EXPECT_EQ(dialogues().register_speaker(r, staff()).error().code, "registration_not_open");
  r.dialogue_id = 9999;
  EXPECT_EQ(dialogues().register_speaker(r, staff()).error().code, "dialogue_not_found");
  auto future = registration(closed, "Nguyễn Văn An");
  future.registered_on = today().plus_days(1);
  EXPECT_EQ(dialogues().register_speaker(future, staff()).error().code, "date_in_future");
  EXPECT_EQ(event_count(), before);
  EXPECT_EQ(must(dialogues().get(closed.id)).registrations, 0);
}

TEST_F(Dialogues, VillageMeetingsCollectOpinionsAsSubmissions) {
  auto d = create(new_dialogue(today().plus_days(10)));
  d = must(act(d, D::Action::start_collecting));
  NewVillageMeeting m;
  m.dialogue_id = d.id;
  m.unit_code = "V1";
  m.held_on = today().plus_days(-3);
  m.organisers = {"DU-C1", "UB-C1"};
  m.attendance = 85;
  m.opinions = {raised("Đường thôn Đông ngập"), raised("Đèn đường hỏng")};
  m.opinions[1].unit_code.clear();  // defaults to the meeting's unit
  const auto meeting = must(dialogues().add_village_meeting(m, staff()));
  ASSERT_EQ(meeting.submission_ids.size(), 2U);
  EXPECT_EQ(matter_count(), 2);
  MatterQuery q;
  q.channel = Channel::village_meeting;
  EXPECT_EQ(must(store_->matters().list(q)).total, 2);

  const auto before = event_count();
  const auto matters = matter_count();
  m.unit_code = "C2";  // not in the dialogue's commune
  EXPECT_EQ(dialogues().add_village_meeting(m, staff()).error().code, "unit_out_of_scope");
  m.unit_code = "V1";
  m.held_on = today().plus_days(11);
  EXPECT_EQ(dialogues().add_village_meeting(m, staff()).error().code, "meeting_after_dialogue");
  m.held_on = today().plus_days(-3);
  m.opinions = {raised("Đường thôn Tây ngập"), raised("Cống hỏng")};
  m.opinions[1].field_code = "no-such-field";  // the second opinion fails: the first is undone
  EXPECT_EQ(dialogues().add_village_meeting(m, staff()).error().code, "unknown_field");
  EXPECT_EQ(event_count(), before);
  EXPECT_EQ(matter_count(), matters);
  EXPECT_EQ(must(dialogues().record(d.id)).village_meetings.size(), 1U);
}

TEST_F(Dialogues, OpinionsDriveTheirMattersAndTheDialogueStaysOpenUntilAllAreAnswered) {
  auto d = held();
  auto answered = must(
      dialogues().record_opinion(opinion(d, raised("Sửa đường"), D::Outcome::answered), staff()));
  EXPECT_EQ(answered.matter_status, Status::answered);
  EXPECT_TRUE(answered.settled);
  const auto record = must(store_->matters().get(answered.matter_id));
  ASSERT_EQ(record.answers.size(), 1U);
  EXPECT_EQ(record.answers[0].form, "direct");
  EXPECT_EQ(record.answers[0].signed_by, "Chủ tịch UBND xã");
  EXPECT_EQ(record.submissions[0].channel, Channel::dialogue);

  auto assigned = must(dialogues().record_opinion(
      opinion(d, raised("Cấp giấy chứng nhận"), D::Outcome::assigned), staff()));
  EXPECT_EQ(assigned.matter_status, Status::assigned);
  EXPECT_EQ(must(store_->matters().get(assigned.matter_id)).matter.agency_code, "UB-C1");
  auto forward = opinion(d, raised("Quy hoạch khu công nghiệp"), D::Outcome::forwarded);
  forward.outcome.agency_code = "UB-P1";
  auto forwarded = must(dialogues().record_opinion(forward, staff()));
  EXPECT_EQ(forwarded.matter_status, Status::forwarded_up);
  auto pending = must(dialogues().record_opinion(
      opinion(d, raised("Ý kiến chưa rõ"), D::Outcome::pending), staff()));
  EXPECT_EQ(pending.matter_status, Status::received);

  auto progress = must(dialogues().record(d.id)).progress;
  EXPECT_EQ(progress.opinions, 4);
  EXPECT_EQ(progress.matters, 4);
  EXPECT_EQ(progress.settled, 1);
  EXPECT_EQ(progress.outstanding, 3);
  EXPECT_EQ(progress.pending, 1);
  d = must(dialogues().get(d.id));
  EXPECT_EQ(d.opinions, 4);
  d = must(act(d, D::Action::follow_up));
  const auto before = event_count();
  const auto refused = act(d, D::Action::close);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "matters_outstanding");
  EXPECT_NE(refused.error().message.find("3 vụ việc"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(event_count(), before);

  // The follow-up: the agency answers, the city directs, the pending one is answered.
  auto answer = [&](Id matter_id, lifecycle::Action action) {
    const auto m = must(store_->matters().get(matter_id)).matter;
    ActionCommand c;
    c.matter_id = m.id;
    c.expected_version = m.version;
    c.action = action;
    c.on = today();
    Answer a;
    a.form = action == lifecycle::Action::answer ? "written" : "from_higher";
    a.document_number = "12/UBND";
    a.date = today();
    a.text = "Đã giải quyết.";
    c.answer = a;
    must(store_->matters().apply(c, staff()), "answer");
  };
  answer(assigned.matter_id, lifecycle::Action::answer);
  answer(forwarded.matter_id, lifecycle::Action::answer_from_higher);
  OutcomeCommand now;
  now.outcome = D::Outcome::answered;
  now.answered_by = "Phó Chủ tịch UBND xã";
  must(dialogues().set_outcome(d.id, pending.id, now, today(), staff()));
  EXPECT_EQ(dialogues().set_outcome(d.id, pending.id, now, today(), staff()).error().code,
            "outcome_already_set");
  progress = must(dialogues().record(d.id)).progress;
  EXPECT_EQ(progress.outstanding, 0);
  EXPECT_EQ(progress.answered, 2);
  d = must(act(must(dialogues().get(d.id)), D::Action::close));
  EXPECT_EQ(d.status, D::Status::closed);
}

TEST_F(Dialogues, ARefusedOpinionLeavesNoMatterBehind) {
  const auto d = held();
  const auto before = event_count();
  const auto matters = matter_count();
  // A complaint is not answered on the spot.
  auto complaint =
      opinion(d, raised("Khiếu nại quyết định thu hồi đất", Kind::khieu_nai), D::Outcome::answered);
  EXPECT_EQ(dialogues().record_opinion(complaint, staff()).error().code,
            "statutory_not_answerable");
  auto no_deadline = opinion(d, raised("Sửa trường"), D::Outcome::assigned);
  no_deadline.outcome.due_on.reset();
  EXPECT_EQ(dialogues().record_opinion(no_deadline, staff()).error().code, "due_on_required");
  auto nobody = opinion(d, raised("Sửa trường"), D::Outcome::answered);
  nobody.outcome.answered_by.clear();
  EXPECT_EQ(dialogues().record_opinion(nobody, staff()).error().code, "answered_by_required");
  EXPECT_EQ(event_count(), before);
  EXPECT_EQ(matter_count(), matters);
  // Not while preparing.
  const auto planned = create(new_dialogue(today()));
  EXPECT_EQ(
      dialogues()
          .record_opinion(opinion(planned, raised("Sửa trường"), D::Outcome::pending), staff())
          .error()
          .code,
      "dialogue_planned_opinion");
}

TEST_F(Dialogues, ARegisteredSpeakerRaisesTheOpinionCollectedBeforeOnTheSameMatter) {
  auto d = create(new_dialogue(today()));
  d = must(act(d, D::Action::start_collecting));
  NewVillageMeeting m;
  m.dialogue_id = d.id;
  m.unit_code = "V1";
  m.held_on = today().plus_days(-5);
  m.opinions = {raised("Kênh mương bồi lắng")};
  const auto meeting = must(dialogues().add_village_meeting(m, staff()));
  auto r = registration(d, "Phạm Thị Lan");
  r.submission_id = meeting.submission_ids[0];
  r.by_staff = true;  // staff enter the compiled list while opinions are being collected
  r.registered_on = today().plus_days(-1);
  const auto reg = must(dialogues().register_speaker(r, staff()));
  ASSERT_TRUE(reg.matter_id);
  d = must(act(must(dialogues().get(d.id)), D::Action::hold));
  auto o = opinion(d, raised("Kênh mương bồi lắng"), D::Outcome::assigned);
  o.registration_id = reg.id;
  o.raised->people.clear();
  const auto op = must(dialogues().record_opinion(o, staff()));
  EXPECT_EQ(op.matter_id, *reg.matter_id);
  EXPECT_EQ(op.speaker_name, "Phạm Thị Lan");
  const auto matter = must(store_->matters().get(op.matter_id));
  EXPECT_EQ(matter.matter.submissions, 2);
  EXPECT_EQ(matter.submissions[1].people[0].name, "Phạm Thị Lan");
  const auto record = must(dialogues().record(d.id));
  EXPECT_EQ(record.registrations[0].outcome, D::SpeakerOutcome::spoke);
}

TEST_F(Dialogues, TheRecordListsSpeakersInSpeakingOrder) {
  const auto d = open_for_registration(today().plus_days(10));
  const auto a = must(dialogues().register_speaker(registration(d, "Nguyễn Văn An"), staff()));
  const auto b = must(dialogues().register_speaker(registration(d, "Trần Thị Bích"), staff()));
  const auto c = must(dialogues().register_speaker(registration(d, "Lê Văn Cường"), staff()));
  must(dialogues().set_speaking_order(d.id, {c.id, a.id}, staff()));
  auto record = must(dialogues().record(d.id));
  ASSERT_EQ(record.registrations.size(), 3U);
  EXPECT_EQ(record.registrations[0].id, c.id);
  EXPECT_EQ(record.registrations[0].position, 1);
  EXPECT_EQ(record.registrations[1].id, a.id);
  EXPECT_EQ(record.registrations[2].id, b.id);
  EXPECT_FALSE(record.registrations[2].position);
  EXPECT_EQ(events_of("dialogue", d.id).front().action, "dialogue.order_set");
  const auto before = event_count();
  EXPECT_EQ(dialogues().set_speaking_order(d.id, {a.id, a.id}, staff()).error().code,
            "duplicate_in_order");
  EXPECT_EQ(dialogues().set_speaking_order(d.id, {a.id, 424242}, staff()).error().code,
            "unknown_registration");
  EXPECT_EQ(event_count(), before);
  EXPECT_EQ(must(dialogues().record(d.id)).registrations[0].id, c.id);
}

TEST_F(Dialogues, AttendanceAndSpeakerOutcomesAfterTheConference) {
  auto d = open_for_registration(today());
  const auto a = must(dialogues().register_speaker(
      [&] {
        auto r = registration(d, "Nguyễn Văn An");
        r.registered_on = today().plus_days(-1);
        return r;
      }(),
      staff()));
  EXPECT_EQ(dialogues().record_attendance(d.id, 100, staff()).error().code,
            "dialogue_registration_open_attendance");
  d = must(act(must(dialogues().get(d.id)), D::Action::hold));
  EXPECT_EQ(must(dialogues().record_attendance(d.id, 180, staff())).attendance, 180);
  EXPECT_EQ(dialogues().record_attendance(d.id, -1, staff()).error().code, "bad_attendance");
  EXPECT_EQ(
      must(dialogues().set_speaker_outcome(d.id, a.id, D::SpeakerOutcome::absent, staff())).outcome,
      D::SpeakerOutcome::absent);
  const auto last = events_of("dialogue", d.id).front();
  EXPECT_EQ(last.action, "dialogue.speaker_outcome");
  EXPECT_EQ(json::parse(last.after_json)["outcome"], "absent");
  EXPECT_EQ(last.after_json.find("Nguyễn"), std::string::npos);  // no names in the log
}

TEST_F(Dialogues, CountsForReportsByScopePeriodAndHost) {
  auto report = [&](std::string host, Date on, int attendance, int opinions) {
    auto n = new_dialogue(on, std::move(host));
    n.from_report = true;
    n.attendance = attendance;
    n.opinions_reported = opinions;
    return create(n);
  };
  report("UB-C1", d("2021-03-10"), 100, 10);
  report("DU-C1", d("2021-06-10"), 200, 20);
  report("UB-C2", d("2021-09-10"), 300, 30);
  report("DU-C9", d("2021-12-10"), 400, 40);
  report("UB-C1", d("2022-01-10"), 500, 50);
  create(new_dialogue(d("2021-05-05")));  // planned: not held, not counted

  DialogueCountQuery q;
  q.from = d("2021-01-01");
  q.to = d("2021-12-31");
  auto all = must(dialogues().count(q));
  EXPECT_EQ(all.dialogues, 4);
  EXPECT_EQ(all.attendance, 1000);
  EXPECT_EQ(all.opinions, 100);
  q.unit_code = "C1";
  EXPECT_EQ(must(dialogues().count(q)).attendance, 300);
  q.unit_code = "P1";  // the province with its subtree
  EXPECT_EQ(must(dialogues().count(q)).dialogues, 4);
  q.unit_code = "C4";  // today's commune rolls up the ended C9 it succeeded
  EXPECT_EQ(must(dialogues().count(q)).attendance, 400);
  q.unit_code = "";
  q.host_agency_code = "UB-C1";
  EXPECT_EQ(must(dialogues().count(q)).dialogues, 1);
  q.unit_code = "C1";
  q.host_agency_code = "DU-C1";
  EXPECT_EQ(must(dialogues().count(q)).opinions, 20);
  q.unit_code = "";
  q.host_agency_code = "";
  const auto hosts = must(dialogues().count_by_host(q));
  ASSERT_EQ(hosts.size(), 4U);
  EXPECT_EQ(hosts[0].host_agency_code, "DU-C1");
  EXPECT_EQ(hosts[0].counts.attendance, 200);
  q.include_demo = false;
  EXPECT_EQ(must(dialogues().count(q)).dialogues, 4);  // none of these is demo
}

TEST_F(Dialogues, TenThousandDialoguesAreSummedWellUnder100Milliseconds) {
  const auto host = create(new_dialogue(d("2020-01-01")));
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    std::string sql = "BEGIN;";
    for (int i = 0; i < 10000; ++i) {
      const Date on = d("2016-01-01").plus_days(i % 1800);
      const char* unit = i % 3 == 0 ? "C1" : (i % 3 == 1 ? "C2" : "C9");
      const char* agency = i % 3 == 0 ? "UB-C1" : (i % 3 == 1 ? "UB-C2" : "DU-C9");
      sql +=
          "INSERT INTO dialogues (title, host_name, host_agency_code, unit_code, level, "
          "held_on, status, attendance, opinions, created_at, updated_at) VALUES ('x', 'y', '" +
          std::string(agency) + "', '" + unit + "', 'commune', '" + on.iso() +
          "', 'closed', 10, 2, 0, 0);";
    }
    sql += "COMMIT;";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  (void)host;
  DialogueCountQuery q;
  q.from = d("2016-01-01");
  q.to = d("2020-12-31");
  q.unit_code = "P1";
  double best = 1e9;
  DialogueCounts counts;
  for (int round = 0; round < 3; ++round) {
    const auto start = std::chrono::steady_clock::now();
    counts = must(dialogues().count(q));
    best = std::min(
        best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count());
  }
  EXPECT_EQ(counts.dialogues, 10000);
  EXPECT_EQ(counts.attendance, 100000);
  EXPECT_EQ(counts.opinions, 20000);
  EXPECT_LT(best, 100.0);
}

}  // namespace
}  // namespace doithoai::store::testing
