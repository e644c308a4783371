// SIGTERM under load: acknowledged writes survive, in-flight requests finish, the database
// closes cleanly.
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

TEST(Shutdown, SigtermUnderLoadKeepsEveryAcknowledgedWrite) {
  LiveServer server({{"admin", "admin", "--unit", "31"}});
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> total{0};
  std::atomic<bool> refused{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; i < 400 && !refused; ++i) {
        char date[48];
        std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2040 + t, 1 + i / 28 % 12, 1 + i % 28);
        const json body = {{"date", date}, {"name", "tải"}};
        try {
          auto r = server.call("POST", "/api/v1/holidays", "admin", body.dump());
          if (r.status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.insert(date);
          }
          ++total;
        } catch (const std::exception&) {
          refused = true;  // the server stopped accepting
        }
      }
    });
  }
  while (total < 200 && !refused) std::this_thread::yield();
  const int exit_code = server.process().stop(SIGTERM);
  for (auto& c : clients) c.join();
  EXPECT_EQ(exit_code, 0);
  EXPECT_NE(server.process().output().find("database closed"), std::string::npos);
  ASSERT_FALSE(acknowledged.empty());

  auto check = cli(server.db(), {"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  std::string listed;
  for (int t = 0; t < 8; ++t) {
    listed += cli(server.db(), {"holiday", "list", "--year", std::to_string(2040 + t)}).out;
  }
  for (const auto& date : acknowledged) {
    EXPECT_NE(listed.find(date), std::string::npos) << date << " was acknowledged but is gone";
  }
}

}  // namespace
}  // namespace doithoai::testsupport
