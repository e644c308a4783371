// Deadline rules kept by admins: a new version applies to matters received from its date on.
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

TEST(DeadlineRulesApi, ANewRuleVersionAppliesFromItsDateOnly) {
  LiveServer s({{"admin", "admin", "--unit", "31"},
                {"tiepnhan", "intake", "--unit", "31"},
                {"xaadmin", "admin", "--unit", "HP-2025-VINHBAO"}});
  const auto seeded = s.get_json("/api/v1/deadline-rules", "tiepnhan");
  EXPECT_GE(seeded["total"].get<int>(), 9);

  const json rule = {{"kind", "gop_y"},
                     {"step", "notify"},
                     {"days", 5},
                     {"count", "working"},
                     {"from", "received"},
                     {"valid_from", "2026-06-01"},
                     {"source", "Quyết định thử nghiệm"}};
  const auto before = s.last_event_id("admin");
  EXPECT_EQ(s.call("POST", "/api/v1/deadline-rules", "xaadmin", rule.dump()).status, 403);
  EXPECT_EQ(s.call("POST", "/api/v1/deadline-rules", "tiepnhan", rule.dump()).status, 403);
  json bad = rule;
  bad["days"] = 0;
  EXPECT_EQ(s.call("POST", "/api/v1/deadline-rules", "admin", bad.dump()).status, 422);
  bad = rule;
  bad["count"] = "lunar";
  EXPECT_EQ(s.call("POST", "/api/v1/deadline-rules", "admin", bad.dump()).status, 422);
  EXPECT_EQ(s.last_event_id("admin"), before);

  auto created = s.call("POST", "/api/v1/deadline-rules", "admin", rule.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(s.call("POST", "/api/v1/deadline-rules", "admin", rule.dump()).status, 409);

  auto intake = [&](const std::string& received) {
    const json body = {{"kind", "gop_y"},
                       {"channel", "phone"},
                       {"received_at", received},
                       {"unit_code", "HP-2025-VINHBAO"},
                       {"title", "Góp ý"},
                       {"content", "Nội dung"},
                       {"people", {{{"name", "Lê Văn Hùng"}}}}};
    auto r = s.call("POST", "/api/v1/matters", "tiepnhan", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    const auto matter = json::parse(r.body);
    for (const auto& d : matter["deadlines"]) {
      if (d["step"] == "notify") return d;
    }
    return json(nullptr);
  };
  const auto old_rule = intake("2026-05-29");  // Friday: 10 working days -> Friday 12/06
  EXPECT_EQ(old_rule["due_on"], "2026-06-12");
  const auto new_rule = intake("2026-06-01");  // Monday: 5 working days -> Monday 08/06
  EXPECT_EQ(new_rule["due_on"], "2026-06-08");
  EXPECT_EQ(new_rule["rule"], "gop_y/notify@2026-06-01");
}

}  // namespace
}  // namespace doithoai::testsupport
