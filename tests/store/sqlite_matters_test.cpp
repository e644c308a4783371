// Matters in the SQLite store: intake with deadlines, validation, the lifecycle of a complaint
// and a denunciation, optimistic concurrency, merges, further submissions, deadline rules and
// the event log.
#include <atomic>
#include <latch>
#include <thread>

#include "store/matter_test_util.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store {
namespace {

using lifecycle::Action;
using testing::contains;
using testing::d;
using testing::make_new_matter;
using testing::must;

class SqliteMatters : public testing::MatterStoreTest {};

const deadlines::Deadline* deadline(const std::vector<deadlines::Deadline>& list,
                                    std::string_view step) {
  for (const auto& x : list) {
    if (x.step == step) return &x;
  }
  return nullptr;
}

// ---- intake ----

TEST_F(SqliteMatters, CreateStoresTheMatterWithItsSubmissionAndDeadlines) {
  auto nm = make_new_matter("VB-2026-0001", Kind::kien_nghi, "2026-11-20");
  nm.field_code = "moi-truong";
  nm.submission.people.push_back(testing::make_person("Trần Thị Bình", "0987654321", ""));
  nm.submission.head_count = 5;
  const Matter m = create(nm);

  EXPECT_GT(m.id, 0);
  EXPECT_EQ(m.tracking_code, "VB-2026-0001");
  EXPECT_EQ(m.kind, Kind::kien_nghi);
  EXPECT_EQ(m.status, Status::received);
  EXPECT_EQ(m.field_code, "moi-truong");
  EXPECT_EQ(m.unit_code, "C1");
  EXPECT_EQ(m.channel, Channel::reception);
  EXPECT_EQ(m.received_on, d("2026-11-20"));
  EXPECT_EQ(m.submissions, 1);
  EXPECT_EQ(m.head_count, 5);
  EXPECT_EQ(m.version, 1);
  EXPECT_FALSE(m.identity_protected);
  EXPECT_FALSE(m.published);
  EXPECT_EQ(m.summary, nm.submission.content);
  EXPECT_GT(m.created_at, 0);
  // 2026-11-20 is a Friday: 10 working days end on Friday 4 December, 15 on Friday 11 December.
  EXPECT_EQ(m.next_due_on, d("2026-12-04"));

  const auto record = must(matters().get(m.id));
  EXPECT_EQ(record.matter.tracking_code, m.tracking_code);
  ASSERT_EQ(record.deadlines.size(), 2u);
  const auto* notify = deadline(record.deadlines, "notify");
  const auto* resolve = deadline(record.deadlines, "resolve");
  ASSERT_NE(notify, nullptr);
  ASSERT_NE(resolve, nullptr);
  EXPECT_EQ(notify->due_on, d("2026-12-04"));
  EXPECT_EQ(notify->rule, "*/notify@2019-02-18");
  EXPECT_EQ(resolve->due_on, d("2026-12-11"));
  EXPECT_EQ(resolve->rule, "kien_nghi/resolve@2000-01-01");
  EXPECT_FALSE(notify->met_on.has_value());

  ASSERT_EQ(record.submissions.size(), 1u);
  const Submission& s = record.submissions[0];
  EXPECT_EQ(s.matter_id, m.id);
  EXPECT_EQ(s.content, nm.submission.content);
  EXPECT_EQ(s.head_count, 5);
  EXPECT_EQ(s.recorded_by, "intake1");
  EXPECT_EQ(s.channel, Channel::reception);
  ASSERT_EQ(s.people.size(), 2u);
  EXPECT_EQ(s.people[0].name, "Nguyễn Văn An");
  EXPECT_EQ(s.people[0].phone, "0912345678");
  EXPECT_EQ(s.people[0].id_number, "031090001234");
  EXPECT_EQ(s.people[0].address, "Thôn Đông, xã Vĩnh An");
  EXPECT_EQ(s.people[1].name, "Trần Thị Bình");
  EXPECT_EQ(s.people[1].phone, "0987654321");
  EXPECT_EQ(s.people[1].id_number, "");
  EXPECT_TRUE(record.answers.empty());

  const auto events = events_of(m.id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "matter.create");
  EXPECT_EQ(events[0].actor, "intake1");
  EXPECT_TRUE(contains(events[0].after_json, "\"head_count\":5")) << events[0].after_json;
  EXPECT_TRUE(contains(events[0].after_json, "\"people\":2")) << events[0].after_json;
}

// The writer builds the created matter from what it inserted instead of reading the row back:
// it must be the row as stored, column for column.
TEST_F(SqliteMatters, TheCreatedMatterIsTheRowAsStored) {
  for (const Kind kind : {Kind::phan_anh, Kind::to_cao}) {
    auto nm =
        make_new_matter(kind == Kind::to_cao ? "VB-2026-0101" : "VB-2026-0102", kind, "2026-11-20");
    nm.field_code = kind == Kind::to_cao ? "" : "moi-truong";
    nm.submission.content = std::string(400, 'x');
    nm.demo = kind == Kind::to_cao;
    const Matter made = create(nm);
    const Matter stored = must(matters().get(made.id)).matter;
    EXPECT_EQ(made.id, stored.id);
    EXPECT_EQ(made.tracking_code, stored.tracking_code);
    EXPECT_EQ(made.kind, stored.kind);
    EXPECT_EQ(made.field_code, stored.field_code);
    EXPECT_EQ(made.unit_code, stored.unit_code);
    EXPECT_EQ(made.status, stored.status);
    EXPECT_EQ(made.title, stored.title);
    EXPECT_EQ(made.summary, stored.summary);
    EXPECT_EQ(made.agency_code, stored.agency_code);
    EXPECT_EQ(made.handler, stored.handler);
    EXPECT_EQ(made.channel, stored.channel);
    EXPECT_EQ(made.received_on, stored.received_on);
    EXPECT_EQ(made.accepted_on, stored.accepted_on);
    EXPECT_EQ(made.answered_on, stored.answered_on);
    EXPECT_EQ(made.next_due_on, stored.next_due_on);
    EXPECT_EQ(made.submissions, stored.submissions);
    EXPECT_EQ(made.head_count, stored.head_count);
    EXPECT_EQ(made.extensions, stored.extensions);
    EXPECT_EQ(made.merged_into, stored.merged_into);
    EXPECT_EQ(made.refusal_ground, stored.refusal_ground);
    EXPECT_EQ(made.rating, stored.rating);
    EXPECT_EQ(made.identity_protected, stored.identity_protected);
    EXPECT_EQ(made.published, stored.published);
    EXPECT_EQ(made.demo, stored.demo);
    EXPECT_EQ(made.version, stored.version);
    EXPECT_EQ(made.created_at, stored.created_at);
    EXPECT_EQ(made.updated_at, stored.updated_at);
  }
}

TEST_F(SqliteMatters, ALongContentIsShortenedForTheSummaryOnly) {
  auto nm = make_new_matter("VB-LONG", Kind::gop_y, "2026-11-20");
  nm.submission.content.clear();
  for (int i = 0; i < 40; ++i) nm.submission.content += "Ý kiến đóng góp ";
  const Matter m = create(nm);
  EXPECT_LE(m.summary.size(), 300u);
  EXPECT_LT(m.summary.size(), nm.submission.content.size());
  EXPECT_EQ(m.summary.substr(0, 20), nm.submission.content.substr(0, 20));
  EXPECT_EQ(must(matters().get(m.id)).submissions[0].content, nm.submission.content);
}

TEST_F(SqliteMatters, ADenunciationIsIdentityProtectedWithItsAcceptDeadline) {
  const Matter m = create(make_new_matter("VB-TC-1", Kind::to_cao, "2026-11-20"));
  EXPECT_TRUE(m.identity_protected);
  const auto record = must(matters().get(m.id));
  ASSERT_EQ(record.deadlines.size(), 2u);
  EXPECT_EQ(deadline(record.deadlines, "accept")->due_on, d("2026-12-01"));  // 7 working days
  EXPECT_EQ(deadline(record.deadlines, "notify")->due_on, d("2026-12-04"));
  EXPECT_EQ(deadline(record.deadlines, "resolve"), nullptr);  // runs from acceptance
  EXPECT_EQ(m.next_due_on, d("2026-12-01"));
}

TEST_F(SqliteMatters, TheTrackingCodeFindsTheMatter) {
  const Matter m = create(make_new_matter("VB-FIND", Kind::phan_anh, "2026-11-20"));
  EXPECT_EQ(must(matters().get_by_tracking_code("VB-FIND")).matter.id, m.id);
  const auto missing = matters().get_by_tracking_code("VB-NONE");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  EXPECT_EQ(matters().get(m.id + 1000).error().code, "matter_not_found");
}

TEST_F(SqliteMatters, InvalidIntakeChangesNothingAndWritesNoEvent) {
  create(make_new_matter("VB-TAKEN", Kind::phan_anh, "2026-11-20"));
  const auto events_before = all_events().size();
  const Date today = vietnam_date(now_utc());

  struct Case {
    std::string name;
    NewMatter matter;
    std::string code;
    ErrorKind kind = ErrorKind::invalid;
  };
  std::vector<Case> cases;
  auto base = [] { return make_new_matter("VB-NEW", Kind::phan_anh, "2026-11-20"); };
  {
    auto m = base();
    m.unit_code = "NO-SUCH-UNIT";
    cases.push_back({"unknown unit", m, "unknown_unit"});
  }
  {
    auto m = base();
    m.unit_code = "C9";  // ended 2025-06-30
    cases.push_back({"unit not valid on the receipt date", m, "unit_not_valid"});
  }
  {
    auto m = base();
    m.field_code = "no-such-field";
    cases.push_back({"unknown field", m, "unknown_field"});
  }
  {
    auto m = base();
    m.submission.received_on = today.plus_days(2);
    cases.push_back({"received in the future", m, "received_in_future"});
  }
  {
    auto m = base();
    m.submission.content = "  \n ";
    cases.push_back({"empty content", m, "content_required"});
  }
  {
    auto m = base();
    m.title = "";
    cases.push_back({"empty title", m, "title_required"});
  }
  {
    auto m = base();
    m.submission.people.clear();
    cases.push_back({"nobody", m, "person_required"});
  }
  {
    auto m = base();
    m.submission.people[0].name = " ";
    cases.push_back({"a person without a name", m, "person_name_required"});
  }
  {
    auto m = base();
    m.submission.people.push_back(testing::make_person("Lê Văn Cường"));
    m.submission.head_count = 1;
    cases.push_back({"fewer heads than names", m, "bad_head_count"});
  }
  {
    auto m = base();
    m.tracking_code = "VB-TAKEN";
    cases.push_back({"tracking code taken", m, "tracking_code_taken", ErrorKind::conflict});
  }
  for (const auto& c : cases) {
    const auto result = matters().create(c.matter, intake());
    ASSERT_FALSE(result.ok()) << c.name;
    EXPECT_EQ(result.error().code, c.code) << c.name << ": " << result.error().message;
    EXPECT_EQ(result.error().kind, c.kind) << c.name;
    EXPECT_FALSE(result.error().message.empty()) << c.name;
  }
  EXPECT_EQ(matter_count(), 1);
  EXPECT_EQ(all_events().size(), events_before);
  // The valid one goes through.
  EXPECT_TRUE(matters().create(base(), intake()).ok());
  EXPECT_EQ(matter_count(), 2);
}

// ---- the lifecycle ----

TEST_F(SqliteMatters, AComplaintGoesThroughItsWholeLifecycle) {
  auto nm = make_new_matter("VB-KN-1", Kind::khieu_nai, "2026-09-07");  // a Monday
  Matter m = create(nm);
  {
    const auto r = must(matters().get(m.id));
    ASSERT_EQ(r.deadlines.size(), 2u);  // notify and accept; resolve waits for acceptance
    EXPECT_EQ(deadline(r.deadlines, "notify")->due_on, d("2026-09-21"));
    EXPECT_EQ(deadline(r.deadlines, "accept")->due_on, d("2026-09-21"));
    EXPECT_EQ(deadline(r.deadlines, "resolve"), nullptr);
  }

  auto classify = command(m, Action::classify);
  classify.field_code = "dat-dai";
  m = apply(classify);
  EXPECT_EQ(m.status, Status::classified);
  EXPECT_EQ(m.field_code, "dat-dai");
  EXPECT_EQ(m.version, 2);

  auto assign = command(m, Action::assign);
  assign.agency_code = "UB-C1";
  assign.handler = "officer1";
  m = apply(assign);
  EXPECT_EQ(m.status, Status::assigned);
  EXPECT_EQ(m.agency_code, "UB-C1");
  EXPECT_EQ(m.handler, "officer1");
  EXPECT_EQ(m.version, 3);

  m = apply(command(m, Action::accept, "2026-09-14"));
  EXPECT_EQ(m.status, Status::accepted);
  EXPECT_EQ(m.accepted_on, d("2026-09-14"));
  {
    const auto r = must(matters().get(m.id));
    ASSERT_EQ(r.deadlines.size(), 3u);
    EXPECT_EQ(deadline(r.deadlines, "notify")->met_on, d("2026-09-14"));
    EXPECT_EQ(deadline(r.deadlines, "accept")->met_on, d("2026-09-14"));
    const auto* resolve = deadline(r.deadlines, "resolve");
    ASSERT_NE(resolve, nullptr);
    EXPECT_EQ(resolve->due_on, d("2026-10-14"));  // 30 days from acceptance
    EXPECT_FALSE(resolve->met_on.has_value());
    EXPECT_EQ(resolve->rule, "khieu_nai/resolve@2012-07-01");
  }
  EXPECT_EQ(m.next_due_on, d("2026-10-14"));

  auto extend = command(m, Action::extend);
  extend.decision_number = "15/QĐ-UBND";
  m = apply(extend);
  EXPECT_EQ(m.status, Status::accepted);
  EXPECT_EQ(m.extensions, 1);
  EXPECT_EQ(m.next_due_on, d("2026-10-29"));
  {
    const auto r = must(matters().get(m.id));
    EXPECT_EQ(deadline(r.deadlines, "resolve")->due_on, d("2026-10-29"));  // 15 days more
    EXPECT_EQ(deadline(r.deadlines, "resolve")->extensions, 1);
    EXPECT_EQ(deadline(r.deadlines, "notify")->due_on, d("2026-09-21"));  // unchanged
  }

  // The law allows one extension of a complaint.
  auto again = command(m, Action::extend);
  again.decision_number = "16/QĐ-UBND";
  const auto refused = matters().apply(again, officer());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "extension_limit");
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(must(matters().get(m.id)).matter.version, m.version);

  auto answer = command(m, Action::answer, "2026-10-20");
  answer.answer = written_answer("2026-10-20");
  m = apply(answer);
  EXPECT_EQ(m.status, Status::answered);
  EXPECT_EQ(m.answered_on, d("2026-10-20"));
  EXPECT_FALSE(m.next_due_on.has_value());
  {
    const auto r = must(matters().get(m.id));
    EXPECT_EQ(deadline(r.deadlines, "resolve")->met_on, d("2026-10-20"));
    ASSERT_EQ(r.answers.size(), 1u);
    EXPECT_EQ(r.answers[0].form, "written");
    EXPECT_EQ(r.answers[0].document_number, "125/UBND-TCD");
    EXPECT_EQ(r.answers[0].agency_code, "UB-C1");  // the lead agency by default
    EXPECT_EQ(r.answers[0].text, written_answer().text);
  }

  m = apply(command(m, Action::publish));
  EXPECT_EQ(m.status, Status::published);
  EXPECT_TRUE(m.published);

  m = apply(command(m, Action::close));
  EXPECT_EQ(m.status, Status::closed);
  EXPECT_TRUE(m.published);
  EXPECT_EQ(m.version, 8);

  std::vector<std::string> actions;
  for (const auto& e : events_of(m.id)) actions.insert(actions.begin(), e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"matter.create", "matter.classify", "matter.assign",
                                               "matter.accept", "matter.extend", "matter.answer",
                                               "matter.publish", "matter.close"}));
  const auto last = events_of(m.id).front();
  EXPECT_TRUE(contains(last.before_json, "\"status\":\"published\"")) << last.before_json;
  EXPECT_TRUE(contains(last.after_json, "\"status\":\"closed\"")) << last.after_json;
  EXPECT_TRUE(contains(last.after_json, "\"version\":8")) << last.after_json;
}

TEST_F(SqliteMatters, ADenunciationMayBeExtendedTwiceAndNotAThirdTime) {
  Matter m = create(make_new_matter("VB-TC-2", Kind::to_cao, "2026-09-07"));
  auto assign = command(m, Action::assign);
  assign.agency_code = "UB-C1";
  auto classify = command(m, Action::classify);
  m = apply(classify);
  assign.expected_version = m.version;
  m = apply(assign);
  m = apply(command(m, Action::accept, "2026-09-14"));
  EXPECT_EQ(m.next_due_on, d("2026-10-14"));
  for (int i = 1; i <= 2; ++i) {
    auto extend = command(m, Action::extend);
    extend.decision_number = std::to_string(i) + "/QĐ-CT";
    m = apply(extend);
    EXPECT_EQ(m.extensions, i);
  }
  // 14/10 + 30 = 13/11 (Friday), + 30 = 13/12, a Sunday: the next working day.
  EXPECT_EQ(m.next_due_on, d("2026-12-14"));
  auto third = command(m, Action::extend);
  third.decision_number = "3/QĐ-CT";
  const auto refused = matters().apply(third, officer());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "extension_limit");
  EXPECT_TRUE(contains(refused.error().message, "2 lần")) << refused.error().message;
  const auto now = must(matters().get(m.id)).matter;
  EXPECT_EQ(now.extensions, 2);
  EXPECT_EQ(now.version, m.version);
}

TEST_F(SqliteMatters, AStaleVersionIsAConflictAndChangesNothing) {
  Matter m = create(make_new_matter("VB-STALE", Kind::phan_anh, "2026-11-20"));
  const auto first = command(m, Action::classify);
  m = apply(first);
  const auto events_before = all_events().size();

  auto late = first;  // decided on version 1
  late.action = Action::refuse;
  late.ground = "Vụ việc đã được giải quyết";
  const auto result = matters().apply(late, officer());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(result.error().code, "stale_version");
  EXPECT_EQ(result.error().message, "Vụ việc vừa được người khác cập nhật, vui lòng tải lại");
  const auto now = must(matters().get(m.id)).matter;
  EXPECT_EQ(now.status, Status::classified);
  EXPECT_EQ(now.version, 2);
  EXPECT_EQ(now.refusal_ground, "");
  EXPECT_EQ(all_events().size(), events_before);
}

TEST_F(SqliteMatters, AnActionNotAllowedIsAConflictListingTheAllowedOnes) {
  const Matter m = create(make_new_matter("VB-NA", Kind::kien_nghi, "2026-11-20"));
  const auto events_before = all_events().size();
  const auto result = matters().apply(command(m, Action::publish), officer());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(result.error().code, "action_not_allowed");
  const std::string& msg = result.error().message;
  EXPECT_TRUE(contains(msg, "Công khai kết quả")) << msg;  // what was asked
  EXPECT_TRUE(contains(msg, "Mới tiếp nhận")) << msg;      // the current status
  for (const auto a : lifecycle::allowed_actions(Status::received, Kind::kien_nghi)) {
    EXPECT_TRUE(contains(msg, std::string(lifecycle::name_vi(a)))) << msg;
  }
  EXPECT_TRUE(contains(msg, "Phân loại")) << msg;
  EXPECT_FALSE(contains(msg, "Thụ lý,")) << msg;
  // Accepting is for complaints and denunciations only.
  EXPECT_EQ(matters().apply(command(m, Action::accept), officer()).error().code,
            "action_not_allowed");
  EXPECT_EQ(must(matters().get(m.id)).matter.version, 1);
  EXPECT_EQ(all_events().size(), events_before);
}

TEST_F(SqliteMatters, ActionParametersAreValidated) {
  Matter m = create(make_new_matter("VB-PAR", Kind::kien_nghi, "2026-11-20"));
  auto expect_invalid = [&](ActionCommand c, const std::string& code) {
    const auto result = matters().apply(c, officer());
    ASSERT_FALSE(result.ok()) << code;
    EXPECT_EQ(result.error().code, code) << result.error().message;
    EXPECT_EQ(must(matters().get(m.id)).matter.version, m.version) << code;
  };
  {
    auto c = command(m, Action::classify);
    c.field_code = "nope";
    expect_invalid(c, "unknown_field");
    c.field_code = "";
    c.unit_code = "NOPE";
    expect_invalid(c, "unknown_unit");
  }
  m = apply(command(m, Action::classify));
  {
    auto c = command(m, Action::assign);
    expect_invalid(c, "agency_required");
    c.agency_code = "NOPE";
    expect_invalid(c, "unknown_agency");
    c.agency_code = "UB-C1";
    c.handler = "nobody";
    expect_invalid(c, "unknown_handler");
  }
  {
    auto c = command(m, Action::refuse, "2026-11-23");
    expect_invalid(c, "ground_required");
    c.ground = "Đã giải quyết";
    c.on = d("2026-11-19");
    expect_invalid(c, "date_before_receipt");
    c.on = vietnam_date(now_utc()).plus_days(3);
    expect_invalid(c, "date_in_future");
  }
  auto assign = command(m, Action::assign);
  assign.agency_code = "UB-C1";
  m = apply(assign);
  {
    auto c = command(m, Action::answer, "2026-11-23");
    expect_invalid(c, "answer_required");
    Answer a = written_answer("2026-11-23");
    a.text = "";
    c.answer = a;
    expect_invalid(c, "answer_text_required");
    a = written_answer("2026-11-23");
    a.document_number = "";
    c.answer = a;
    expect_invalid(c, "document_number_required");
    a = written_answer("2026-11-23");
    a.date.reset();
    c.answer = a;
    expect_invalid(c, "answer_date_required");
    a = written_answer("2026-11-23");
    a.form = "email";
    c.answer = a;
    expect_invalid(c, "bad_answer_form");
    // A direct answer needs no document.
    Answer direct;
    direct.form = "direct";
    direct.text = "Trả lời trực tiếp tại buổi tiếp công dân";
    c.answer = direct;
    m = apply(c);
  }
  {
    auto c = command(m, Action::rate);
    c.rating = 4;
    expect_invalid(c, "bad_rating");
    c.rating = 3;
    m = apply(c);
    EXPECT_EQ(m.rating, 3);
    EXPECT_EQ(m.status, Status::answered);
  }
}

// A letter of 2025 is assigned as it was then: to the agency in office on the day of the
// assignment, not to one that had already ended.
TEST_F(SqliteMatters, AnAgencyIsAssignableWhileInOfficeOnTheDayOfTheAssignment) {
  Matter early = create(make_new_matter("VB-OLD1", Kind::kien_nghi, "2025-06-10", "C9"));
  early = apply(command(early, Action::classify, "2025-06-11"));
  auto assign = command(early, Action::assign, "2025-06-30");
  assign.agency_code = "UB-C9";
  early = apply(assign);
  EXPECT_EQ(early.agency_code, "UB-C9");

  Matter late = create(make_new_matter("VB-OLD2", Kind::kien_nghi, "2025-06-10", "C9"));
  late = apply(command(late, Action::classify, "2025-06-11"));
  auto too_late = command(late, Action::assign, "2025-07-01");
  too_late.agency_code = "UB-C9";
  const auto refused = matters().apply(too_late, officer());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "agency_ended");
  EXPECT_EQ(refused.error().field, "agency_code");
  EXPECT_EQ(must(matters().get(late.id)).matter.version, late.version);
}

TEST_F(SqliteMatters, GuidingAndRefusingNeedTheirDocumentsAndEndTheDeadlines) {
  Matter guided = create(make_new_matter("VB-G", Kind::kien_nghi, "2026-11-20"));
  auto guide = command(guided, Action::guide, "2026-11-23");
  Answer doc;
  doc.document_number = "";
  doc.agency_code = "UB-C2";
  guide.answer = doc;
  EXPECT_EQ(matters().apply(guide, officer()).error().code, "document_number_required");
  doc.document_number = "07/HD-UBND";
  doc.agency_code = "";
  guide.answer = doc;
  EXPECT_EQ(matters().apply(guide, officer()).error().code, "guide_target_required");
  doc.agency_code = "UB-C2";
  guide.answer = doc;
  guided = apply(guide);
  EXPECT_EQ(guided.status, Status::guided);
  EXPECT_FALSE(guided.next_due_on.has_value());
  const auto r = must(matters().get(guided.id));
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].form, "guide");
  EXPECT_EQ(r.answers[0].agency_code, "UB-C2");
  EXPECT_EQ(deadline(r.deadlines, "notify")->met_on, d("2026-11-23"));

  // A complaint sent on to the competent body: its acceptance step is never met here, yet
  // nothing is due any more.
  Matter sent_on = create(make_new_matter("VB-G2", Kind::khieu_nai, "2026-11-20"));
  auto guide_complaint = command(sent_on, Action::guide, "2026-11-23");
  guide_complaint.answer = doc;
  sent_on = apply(guide_complaint);
  EXPECT_FALSE(deadline(must(matters().get(sent_on.id)).deadlines, "accept")->met_on);
  EXPECT_FALSE(sent_on.next_due_on.has_value());

  Matter refused = create(make_new_matter("VB-R", Kind::khieu_nai, "2026-11-20"));
  auto refuse = command(refused, Action::refuse, "2026-11-24");
  refuse.ground = "Khiếu nại đã có quyết định giải quyết lần hai";
  refused = apply(refuse);
  EXPECT_EQ(refused.status, Status::refused);
  EXPECT_EQ(refused.refusal_ground, refuse.ground);
  EXPECT_FALSE(refused.next_due_on.has_value());
  const auto rr = must(matters().get(refused.id));
  EXPECT_EQ(deadline(rr.deadlines, "accept")->met_on, d("2026-11-24"));
}

TEST_F(SqliteMatters, ClassifyingAsADenunciationProtectsTheIdentityForGood) {
  Matter m = create(make_new_matter("VB-CL", Kind::phan_anh, "2026-11-20"));
  EXPECT_FALSE(m.identity_protected);
  auto c = command(m, Action::classify);
  c.kind = Kind::to_cao;
  c.unit_code = "C2";
  m = apply(c);
  EXPECT_EQ(m.kind, Kind::to_cao);
  EXPECT_EQ(m.unit_code, "C2");
  EXPECT_TRUE(m.identity_protected);
  // The deadlines follow the new kind: a denunciation's accept step, no 15-day resolve.
  const auto r = must(matters().get(m.id));
  EXPECT_NE(deadline(r.deadlines, "accept"), nullptr);
  EXPECT_EQ(deadline(r.deadlines, "resolve"), nullptr);

  c = command(m, Action::classify);
  c.kind = Kind::kien_nghi;
  m = apply(c);
  EXPECT_EQ(m.kind, Kind::kien_nghi);
  EXPECT_TRUE(m.identity_protected);
}

// ---- merges ----

TEST_F(SqliteMatters, MergeMovesTheSubmissionsAndTheOldCodeFindsTheTarget) {
  Matter target = create(make_new_matter("VB-M-A", Kind::kien_nghi, "2026-11-16"));
  auto dup = make_new_matter("VB-M-B", Kind::kien_nghi, "2026-11-20");
  dup.submission.head_count = 30;
  Matter source = create(dup);

  auto merge = command(source, Action::merge);
  merge.merge_into = target.id;
  source = apply(merge);
  EXPECT_EQ(source.status, Status::merged);
  EXPECT_EQ(source.merged_into, target.id);
  EXPECT_EQ(source.submissions, 0);
  EXPECT_FALSE(source.next_due_on.has_value());

  const auto t = must(matters().get(target.id));
  EXPECT_EQ(t.matter.submissions, 2);
  EXPECT_EQ(t.matter.head_count, 31);
  EXPECT_EQ(t.matter.version, target.version);  // counters are not a decision
  ASSERT_EQ(t.submissions.size(), 2u);
  EXPECT_EQ(t.submissions[1].head_count, 30);

  // The merged matter's code finds the matter it went into; its own record says where it went.
  const auto by_code = must(matters().get_by_tracking_code("VB-M-B"));
  EXPECT_EQ(by_code.matter.id, target.id);
  EXPECT_EQ(by_code.submissions.size(), 2u);
  const auto own = must(matters().get(source.id));
  EXPECT_EQ(own.matter.status, Status::merged);
  EXPECT_TRUE(own.submissions.empty());

  ASSERT_FALSE(events_of(source.id).empty());
  EXPECT_EQ(events_of(source.id).front().action, "matter.merge");
  EXPECT_EQ(events_of(target.id).front().action, "matter.merged_in");
  EXPECT_TRUE(contains(events_of(target.id).front().after_json, "\"head_count\":31"));

  // A merged matter takes no new submission.
  auto more = make_new_matter("x", Kind::kien_nghi, "2026-11-21").submission;
  EXPECT_EQ(matters().add_submission(source.id, more, intake()).error().code, "matter_merged");
}

TEST_F(SqliteMatters, MergeRefusesItselfACycleAndAMergedTarget) {
  Matter a = create(make_new_matter("VB-C-A", Kind::phan_anh, "2026-11-16"));
  Matter b = create(make_new_matter("VB-C-B", Kind::phan_anh, "2026-11-17"));
  Matter c = create(make_new_matter("VB-C-C", Kind::phan_anh, "2026-11-18"));

  auto self = command(a, Action::merge);
  self.merge_into = a.id;
  EXPECT_EQ(matters().apply(self, officer()).error().code, "merge_into_itself");

  auto missing = command(a, Action::merge);
  missing.merge_into = c.id + 100;
  EXPECT_EQ(matters().apply(missing, officer()).error().code, "unknown_merge_target");

  auto b_into_a = command(b, Action::merge);
  b_into_a.merge_into = a.id;
  b = apply(b_into_a);

  // a into b, which went into a: a cycle.
  auto cycle = command(a, Action::merge);
  cycle.merge_into = b.id;
  const auto refused = matters().apply(cycle, officer());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "merge_cycle");
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);

  // c into b, which is merged already: go to a instead.
  auto into_merged = command(c, Action::merge);
  into_merged.merge_into = b.id;
  EXPECT_EQ(matters().apply(into_merged, officer()).error().code, "merge_target_merged");

  EXPECT_EQ(must(matters().get(a.id)).matter.status, Status::received);
  EXPECT_EQ(must(matters().get(c.id)).matter.status, Status::received);
  EXPECT_EQ(must(matters().get(a.id)).matter.submissions, 2);
}

TEST_F(SqliteMatters, MergeFindsACycleSeveralMergesAway) {
  Matter a = create(make_new_matter("VB-D-A", Kind::phan_anh, "2026-11-16"));
  Matter b = create(make_new_matter("VB-D-B", Kind::phan_anh, "2026-11-17"));
  Matter c = create(make_new_matter("VB-D-C", Kind::phan_anh, "2026-11-18"));
  auto c_into_b = command(c, Action::merge);
  c_into_b.merge_into = b.id;
  c = apply(c_into_b);
  auto b_into_a = command(b, Action::merge);
  b_into_a.merge_into = a.id;
  b = apply(b_into_a);
  // c -> b -> a: merging a into c would close the loop.
  auto a_into_c = command(a, Action::merge);
  a_into_c.merge_into = c.id;
  EXPECT_EQ(matters().apply(a_into_c, officer()).error().code, "merge_cycle");
  // The oldest code follows both merges.
  EXPECT_EQ(must(matters().get_by_tracking_code("VB-D-C")).matter.id, a.id);
  EXPECT_EQ(must(matters().get(a.id)).matter.submissions, 3);
}

// ---- concurrency ----

TEST_F(SqliteMatters, OfEightConcurrentActionsOnOneVersionExactlyOneWins) {
  const Matter m = create(make_new_matter("VB-RACE", Kind::kien_nghi, "2026-11-20"));
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> won{0}, stale{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto c = command(m, Action::classify);
      c.field_code = i % 2 == 0 ? "dat-dai" : "moi-truong";
      start.arrive_and_wait();
      const auto result = matters().apply(c, officer());
      if (result.ok()) {
        ++won;
      } else if (result.error().code == "stale_version") {
        ++stale;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(stale.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(must(matters().get(m.id)).matter.version, 2);
  int classify_events = 0;
  for (const auto& e : events_of(m.id)) classify_events += e.action == "matter.classify";
  EXPECT_EQ(classify_events, 1);
}

// ---- further submissions, identity views ----

TEST_F(SqliteMatters, AFurtherSubmissionIsAddedAndCounted) {
  Matter m = create(make_new_matter("VB-SUB", Kind::kien_nghi, "2026-11-16"));
  auto s = make_new_matter("x", Kind::kien_nghi, "2026-11-20").submission;
  s.people = {testing::make_person("Phạm Văn Dũng"), testing::make_person("Hoàng Thị Em")};
  s.head_count = 12;
  s.channel = Channel::village_meeting;
  const auto added = must(matters().add_submission(m.id, s, intake()));
  EXPECT_GT(added.id, 0);
  EXPECT_EQ(added.matter_id, m.id);
  const auto r = must(matters().get(m.id));
  EXPECT_EQ(r.matter.submissions, 2);
  EXPECT_EQ(r.matter.head_count, 13);
  ASSERT_EQ(r.submissions.size(), 2u);
  EXPECT_EQ(r.submissions[1].channel, Channel::village_meeting);
  ASSERT_EQ(r.submissions[1].people.size(), 2u);
  EXPECT_EQ(r.submissions[1].people[1].name, "Hoàng Thị Em");
  EXPECT_EQ(events_of(m.id).front().action, "matter.submission_add");

  s.content = "";
  EXPECT_EQ(matters().add_submission(m.id, s, intake()).error().code, "content_required");
  EXPECT_EQ(matters().add_submission(m.id + 99, s, intake()).error().code, "matter_not_found");
  EXPECT_EQ(must(matters().get(m.id)).matter.submissions, 2);
}

TEST_F(SqliteMatters, AClosedMatterTakesNoSubmission) {
  Matter m = create(make_new_matter("VB-CLOSED", Kind::kien_nghi, "2026-11-16"));
  auto refuse = command(m, Action::refuse, "2026-11-17");
  refuse.ground = "Đã giải quyết";
  m = apply(refuse);
  m = apply(command(m, Action::close));
  const auto s = make_new_matter("x", Kind::kien_nghi, "2026-11-20").submission;
  const auto result = matters().add_submission(m.id, s, intake());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "matter_closed");
  EXPECT_EQ(must(matters().get(m.id)).matter.submissions, 1);
}

TEST_F(SqliteMatters, SeeingADenouncersIdentityIsLogged) {
  const Matter m = create(make_new_matter("VB-ID", Kind::to_cao, "2026-11-20"));
  must(matters().record_identity_view(m.id, officer()));
  const auto events = events_of(m.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "matter.identity_view");
  EXPECT_EQ(events[0].actor, "officer1");
  EXPECT_EQ(must(matters().get(m.id)).matter.version, 1);
  EXPECT_EQ(matters().record_identity_view(m.id + 5, officer()).error().code, "matter_not_found");
}

// ---- the event log holds no personal data ----

TEST_F(SqliteMatters, EventsCarryNoNamePhoneAddressOrIdNumber) {
  auto nm = make_new_matter("VB-PRIV", Kind::khieu_nai, "2026-09-07");
  Matter m = create(nm);
  auto s = nm.submission;
  s.people = {testing::make_person("Đỗ Thị Giang", "0909111222", "001199000777")};
  must(matters().add_submission(m.id, s, intake()));
  Matter other = create(make_new_matter("VB-PRIV-2", Kind::khieu_nai, "2026-09-08"));
  m = apply(command(m, Action::classify));
  auto assign = command(m, Action::assign);
  assign.agency_code = "UB-C1";
  m = apply(assign);
  m = apply(command(m, Action::accept, "2026-09-10"));
  auto merge = command(other, Action::merge);
  merge.merge_into = m.id;
  apply(merge);
  must(matters().record_identity_view(m.id, officer()));

  const auto events = all_events();
  ASSERT_GE(events.size(), 7u);
  for (const auto& e : events) {
    for (const std::string secret :
         {"Nguyễn Văn An", "Đỗ Thị Giang", "0912345678", "0909111222", "031090001234",
          "001199000777", "nguoidan@example.vn", "Thôn Đông", "ổ gà"}) {
      EXPECT_FALSE(contains(e.before_json, secret)) << e.action << " " << e.before_json;
      EXPECT_FALSE(contains(e.after_json, secret)) << e.action << " " << e.after_json;
    }
  }
}

// ---- deadline rules ----

TEST_F(SqliteMatters, ANewRuleAppliesToMattersReceivedFromItsDate) {
  const Matter before = create(make_new_matter("VB-R-1", Kind::kien_nghi, "2026-11-20"));
  deadlines::Rule rule;
  rule.kind = Kind::kien_nghi;
  rule.step = "resolve";
  rule.days = 10;
  rule.count = deadlines::DayCount::working;
  rule.valid_from = d("2026-11-23");
  rule.source = "Quy chế tiếp công dân của UBND xã (thử nghiệm)";
  rule.confirmed = false;
  const auto added = must(matters().add_deadline_rule(rule, testing::admin_actor()));
  EXPECT_EQ(added.id(), "kien_nghi/resolve@2026-11-23");

  const auto dup = matters().add_deadline_rule(rule, testing::admin_actor());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "deadline_rule_exists");
  auto bad = rule;
  bad.valid_from = d("2026-12-01");
  bad.days = 0;
  EXPECT_EQ(matters().add_deadline_rule(bad, testing::admin_actor()).error().kind,
            ErrorKind::invalid);
  bad.days = 10;
  bad.source = "";
  EXPECT_EQ(matters().add_deadline_rule(bad, testing::admin_actor()).error().code,
            "source_required");

  EventQuery q;
  q.entity_type = "deadline_rule";
  const auto events = must(store_->events(q));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "deadline_rule.create");
  EXPECT_EQ(events[0].entity_id, "kien_nghi/resolve@2026-11-23");
  EXPECT_EQ(must(matters().deadline_rules()).size(), testing::shipped_deadline_rules().size() + 1);

  // Nothing is recomputed retroactively; a later receipt gets the new rule.
  EXPECT_EQ(deadline(must(matters().get(before.id)).deadlines, "resolve")->due_on, d("2026-12-11"));
  const Matter late = create(make_new_matter("VB-R-2", Kind::kien_nghi, "2026-11-24"));
  const auto r = must(matters().get(late.id));
  EXPECT_EQ(deadline(r.deadlines, "resolve")->due_on, d("2026-12-08"));
  EXPECT_EQ(deadline(r.deadlines, "resolve")->rule, "kien_nghi/resolve@2026-11-23");
  const Matter early = create(make_new_matter("VB-R-3", Kind::kien_nghi, "2026-11-20"));
  EXPECT_EQ(deadline(must(matters().get(early.id)).deadlines, "resolve")->due_on, d("2026-12-11"));
}

TEST_F(SqliteMatters, AHolidayAddedLaterCountsForTheNextMatter) {
  const Matter first = create(make_new_matter("VB-H-1", Kind::kien_nghi, "2026-11-20"));
  EXPECT_EQ(first.next_due_on, d("2026-12-04"));
  must(store_->add_holiday({d("2026-12-01"), "Ngày nghỉ thử", false, "thử"}, Actor::cli()));
  const Matter second = create(make_new_matter("VB-H-2", Kind::kien_nghi, "2026-11-20"));
  EXPECT_EQ(second.next_due_on, d("2026-12-07"));
  // A holiday written by another process (straight into the file) is seen too.
  {
    auto c = must(sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE), "open");
    must(c->exec("INSERT INTO holidays VALUES ('2026-12-02', 'Nghỉ khác', 0, 'thử')"));
  }
  const Matter third = create(make_new_matter("VB-H-3", Kind::kien_nghi, "2026-11-20"));
  EXPECT_EQ(third.next_due_on, d("2026-12-08"));
  must(store_->remove_holiday(d("2026-12-01"), Actor::cli()));
  const Matter fourth = create(make_new_matter("VB-H-4", Kind::kien_nghi, "2026-11-20"));
  EXPECT_EQ(fourth.next_due_on, d("2026-12-07"));
}

}  // namespace
}  // namespace doithoai::store
