// The dialogue lifecycle as a table: every (status, action) pair against an independent copy of
// the table in src/domain/dialogue.hpp, what may be done to a dialogue's parts in each status,
// and the registration limits with worked examples.
#include "domain/dialogue.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace doithoai::dialogue {
namespace {

Date d(int y, int m, int day) {
  return Date{y, m, day};
}

// (from, action) -> to; every pair not listed is refused.
const std::map<std::pair<std::string, std::string>, std::string>& expected_table() {
  static const std::map<std::pair<std::string, std::string>, std::string> t{
      {{"planned", "start_collecting"}, "collecting"},
      {{"planned", "open_registration"}, "registration_open"},
      {{"collecting", "open_registration"}, "registration_open"},
      {{"planned", "hold"}, "held"},
      {{"collecting", "hold"}, "held"},
      {{"registration_open", "hold"}, "held"},
      {{"held", "follow_up"}, "following_up"},
      {{"held", "close"}, "closed"},
      {{"following_up", "close"}, "closed"},
  };
  return t;
}

TEST(DialogueLifecycle, EveryStatusAndActionFollowsTheTable) {
  int allowed = 0;
  for (const Status s : all_statuses()) {
    for (const Action a : all_actions()) {
      const auto it = expected_table().find({std::string(code(s)), std::string(code(a))});
      const auto next = next_status(s, a);
      if (it == expected_table().end()) {
        EXPECT_FALSE(next.has_value()) << code(s) << " + " << code(a);
      } else {
        ASSERT_TRUE(next.has_value()) << code(s) << " + " << code(a);
        EXPECT_EQ(code(*next), it->second) << code(s) << " + " << code(a);
        ++allowed;
      }
    }
  }
  EXPECT_EQ(allowed, static_cast<int>(expected_table().size()));
}

TEST(DialogueLifecycle, AClosedDialogueHasNoActionLeft) {
  EXPECT_TRUE(allowed_actions(Status::closed).empty());
  const auto e = not_allowed(Status::closed, Action::hold);
  EXPECT_EQ(e.kind, ErrorKind::conflict);
  EXPECT_EQ(e.code, "action_not_allowed");
  EXPECT_NE(e.message.find("Đã kết thúc"), std::string::npos);
}

TEST(DialogueLifecycle, TheRefusalNamesTheAllowedActions) {
  const auto e = not_allowed(Status::held, Action::open_registration);
  EXPECT_NE(e.message.find("Chuyển sang theo dõi giải quyết"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("Kết thúc"), std::string::npos) << e.message;
}

TEST(DialogueLifecycle, CodesRoundTrip) {
  for (const Status s : all_statuses()) EXPECT_EQ(parse_status(code(s)), s);
  for (const Action a : all_actions()) EXPECT_EQ(parse_action(code(a)), a);
  for (const Outcome o : all_outcomes()) EXPECT_EQ(parse_outcome(code(o)), o);
  EXPECT_FALSE(parse_status("cancelled"));
  EXPECT_FALSE(parse_outcome("ignored"));
  EXPECT_EQ(parse_speaker_outcome("spoke"), SpeakerOutcome::spoke);
}

TEST(DialogueActivities, WhatMayBeDoneInEachStatus) {
  // status -> activities allowed (independent copy of allows()).
  const std::map<Status, std::set<Activity>> expected{
      {Status::planned, {Activity::edit}},
      {Status::collecting,
       {Activity::edit, Activity::village_meeting, Activity::register_staff, Activity::set_order}},
      {Status::registration_open,
       {Activity::edit, Activity::village_meeting, Activity::register_public,
        Activity::register_staff, Activity::set_order}},
      {Status::held,
       {Activity::set_order, Activity::record_opinion, Activity::record_attendance,
        Activity::record_speaker_outcome}},
      {Status::following_up,
       {Activity::record_opinion, Activity::record_attendance, Activity::record_speaker_outcome}},
      {Status::closed, {}},
  };
  for (const Status s : all_statuses()) {
    for (const Activity a : all_activities()) {
      EXPECT_EQ(allows(s, a), expected.at(s).count(a) > 0)
          << code(s) << " activity " << static_cast<int>(a);
    }
  }
}

TEST(DialogueStatistics, OnlyHeldDialoguesCount) {
  EXPECT_FALSE(counts_as_held(Status::planned));
  EXPECT_FALSE(counts_as_held(Status::registration_open));
  EXPECT_TRUE(counts_as_held(Status::held));
  EXPECT_TRUE(counts_as_held(Status::following_up));
  EXPECT_TRUE(counts_as_held(Status::closed));
}

// A conference on Tuesday 28/09/2021, registration closing Friday 24/09, at most 41 speakers.
RegistrationWindow window(int registered = 0) {
  RegistrationWindow w;
  w.status = Status::registration_open;
  w.held_on = d(2021, 9, 28);
  w.closes_on = d(2021, 9, 24);
  w.cap = 41;
  w.registered = registered;
  return w;
}

TEST(Registration, OpenUpToTheEndOfTheClosingDay) {
  EXPECT_TRUE(check_registration(window(), d(2021, 9, 20), false).ok());
  EXPECT_TRUE(check_registration(window(), d(2021, 9, 24), false).ok());
  const auto late = check_registration(window(), d(2021, 9, 25), false);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, "registration_closed");
  EXPECT_EQ(late.error().kind, ErrorKind::conflict);
  EXPECT_NE(late.error().message.find("24/09/2021"), std::string::npos);
}

TEST(Registration, WithoutAClosingDateItClosesTheDayBeforeTheConference) {
  auto w = window();
  w.closes_on.reset();
  EXPECT_EQ(closing_day(w), d(2021, 9, 27));
  EXPECT_TRUE(check_registration(w, d(2021, 9, 27), false).ok());
  EXPECT_EQ(check_registration(w, d(2021, 9, 28), false).error().code, "registration_closed");
}

TEST(Registration, TheCapIsAHardLimit) {
  EXPECT_TRUE(check_registration(window(40), d(2021, 9, 20), false).ok());
  const auto full = check_registration(window(41), d(2021, 9, 20), false);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, "registration_full");
  EXPECT_NE(full.error().message.find("41"), std::string::npos);
  auto uncapped = window(5000);
  uncapped.cap.reset();
  EXPECT_TRUE(check_registration(uncapped, d(2021, 9, 20), false).ok());
}

TEST(Registration, CitizensOnlyWhileOpenStaffAlsoWhileCollecting) {
  auto w = window();
  w.status = Status::collecting;
  EXPECT_EQ(check_registration(w, d(2021, 9, 20), false).error().code, "registration_not_open");
  EXPECT_TRUE(check_registration(w, d(2021, 9, 20), true).ok());
  for (const Status s : {Status::planned, Status::held, Status::following_up, Status::closed}) {
    w.status = s;
    EXPECT_EQ(check_registration(w, d(2021, 9, 20), true).error().code, "registration_not_open")
        << code(s);
    EXPECT_EQ(check_registration(w, d(2021, 9, 20), false).error().code, "registration_not_open")
        << code(s);
  }
}

TEST(Hold, NotBeforeTheDay) {
  EXPECT_EQ(check_hold(d(2021, 9, 28), d(2021, 9, 27)).error().code, "dialogue_not_yet_held");
  EXPECT_TRUE(check_hold(d(2021, 9, 28), d(2021, 9, 28)).ok());
  EXPECT_TRUE(check_hold(d(2021, 9, 28), d(2026, 1, 5)).ok());
}

}  // namespace
}  // namespace doithoai::dialogue
