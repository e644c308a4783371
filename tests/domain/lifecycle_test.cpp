// The lifecycle as a table: every action from every status, for a feedback and a complaint.
#include "domain/lifecycle.hpp"

#include <gtest/gtest.h>

#include <map>

namespace doithoai::lifecycle {
namespace {

using S = Status;
using A = Action;

// The expected table for feedback-type matters (phản ánh, kiến nghị, đề xuất, góp ý): every
// (status, action) pair not listed is refused.
const std::map<std::pair<S, A>, S>& feedback_table() {
  static const std::map<std::pair<S, A>, S> t = {
      {{S::received, A::classify}, S::classified},
      {{S::received, A::guide}, S::guided},
      {{S::received, A::refuse}, S::refused},
      {{S::received, A::merge}, S::merged},
      {{S::classified, A::classify}, S::classified},
      {{S::classified, A::assign}, S::assigned},
      {{S::classified, A::guide}, S::guided},
      {{S::classified, A::refuse}, S::refused},
      {{S::classified, A::merge}, S::merged},
      {{S::assigned, A::assign}, S::assigned},
      {{S::assigned, A::answer}, S::answered},
      {{S::assigned, A::forward_up}, S::forwarded_up},
      {{S::assigned, A::guide}, S::guided},
      {{S::assigned, A::refuse}, S::refused},
      {{S::assigned, A::merge}, S::merged},
      {{S::forwarded_up, A::answer_from_higher}, S::answered},
      {{S::answered, A::publish}, S::published},
      {{S::answered, A::close}, S::closed},
      {{S::answered, A::reopen}, S::reopened},
      {{S::answered, A::rate}, S::answered},
      {{S::published, A::close}, S::closed},
      {{S::published, A::reopen}, S::reopened},
      {{S::published, A::rate}, S::published},
      {{S::guided, A::close}, S::closed},
      {{S::refused, A::close}, S::closed},
      {{S::closed, A::reopen}, S::reopened},
      {{S::closed, A::rate}, S::closed},
      {{S::reopened, A::classify}, S::classified},
      {{S::reopened, A::assign}, S::assigned},
      {{S::reopened, A::merge}, S::merged},
  };
  return t;
}

// Complaints and denunciations: acceptance (thụ lý) comes before the answer, and extensions
// apply once accepted.
std::map<std::pair<S, A>, S> statutory_table() {
  auto t = feedback_table();
  t.erase({S::assigned, A::answer});
  t[{S::assigned, A::accept}] = S::accepted;
  t[{S::accepted, A::answer}] = S::answered;
  t[{S::accepted, A::forward_up}] = S::forwarded_up;
  t[{S::accepted, A::extend}] = S::accepted;
  return t;
}

void check_table(Kind kind, const std::map<std::pair<S, A>, S>& table) {
  for (const auto from : all_statuses()) {
    for (const auto action : all_actions()) {
      const auto it = table.find({from, action});
      const auto got = next_status(from, action, kind);
      if (it == table.end()) {
        EXPECT_FALSE(got.has_value())
            << code(kind) << ": " << code(from) << " --" << code(action) << "--> should be refused";
      } else {
        ASSERT_TRUE(got.has_value())
            << code(kind) << ": " << code(from) << " --" << code(action) << "--> should be allowed";
        EXPECT_EQ(*got, it->second) << code(from) << " --" << code(action) << "-->";
      }
    }
  }
}

TEST(Lifecycle, FeedbackKindsFollowTheTable) {
  for (const auto kind : {Kind::phan_anh, Kind::kien_nghi, Kind::de_xuat, Kind::gop_y}) {
    check_table(kind, feedback_table());
  }
}

TEST(Lifecycle, ComplaintsAndDenunciationsFollowTheTable) {
  for (const auto kind : {Kind::khieu_nai, Kind::to_cao}) check_table(kind, statutory_table());
}

TEST(Lifecycle, AMergedMatterAllowsNothing) {
  for (const auto kind : all_kinds()) EXPECT_TRUE(allowed_actions(S::merged, kind).empty());
}

TEST(Lifecycle, AllowedActionsListExactlyTheTransitions) {
  const auto allowed = allowed_actions(S::assigned, Kind::to_cao);
  EXPECT_NE(std::find(allowed.begin(), allowed.end(), A::accept), allowed.end());
  EXPECT_EQ(std::find(allowed.begin(), allowed.end(), A::answer), allowed.end());
  EXPECT_EQ(std::find(allowed.begin(), allowed.end(), A::publish), allowed.end());
}

TEST(Lifecycle, CodesRoundTrip) {
  for (const auto a : all_actions()) {
    EXPECT_EQ(parse_action(code(a)), a);
    EXPECT_FALSE(name_vi(a).empty());
  }
  EXPECT_FALSE(parse_action("launch").has_value());
  for (const auto s : all_statuses()) EXPECT_EQ(parse_status(code(s)), s);
  for (const auto k : all_kinds()) EXPECT_EQ(parse_kind(code(k)), k);
  for (const auto c : all_channels()) EXPECT_EQ(parse_channel(code(c)), c);
  EXPECT_EQ(name_vi(S::forwarded_up), "Chờ cấp trên chỉ đạo");
  EXPECT_EQ(name_vi(Kind::to_cao), "Tố cáo");
}

TEST(Lifecycle, EachActionNeedsItsPermission) {
  EXPECT_EQ(permission_for(A::extend), permissions::Action::extend_deadline);
  EXPECT_EQ(permission_for(A::publish), permissions::Action::publish_answer);
  EXPECT_EQ(permission_for(A::answer_from_higher), permissions::Action::answer_matter);
}

}  // namespace
}  // namespace doithoai::lifecycle
