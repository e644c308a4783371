// kill -9 in the middle of a flood of public submissions: after a restart every tracking code
// that got a 201 is there, the database passes its integrity check and the search index file
// agrees with it.
#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

TEST(Crash, KillNineLosesNoAcknowledgedSubmission) {
  const auto dir = make_temp_dir("doithoai-crash");
  const auto config = dir / "doithoai.toml";
  std::ofstream(config) << "[security]\npublic_submission_burst = 100000\n"
                           "public_submission_per_minute = 100000\n";
  LiveServer server({}, {"--config", config.string()});
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> dead{false};
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&, t] {
      HttpClient client(server.port());
      for (int i = 0; i < 2000 && !dead; ++i) {
        const json body = {
            {"name", "Người gửi " + std::to_string(t)},
            {"unit_code", "HP-2025-VINHBAO"},
            {"kind", "phan_anh"},
            {"title", "Phản ánh số " + std::to_string(i)},
            {"content", "Nội dung phản ánh thử nghiệm khi máy chủ bị tắt đột ngột."}};
        try {
          auto r = client.request("POST", "/api/v1/public/submissions",
                                  {{"Content-Type", "application/json"}}, body.dump());
          if (r.status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.push_back(json::parse(r.body)["tracking_code"]);
            ++ok;
          }
        } catch (const std::exception&) {
          dead = true;
        }
      }
    });
  }
  while (ok < 1500 && !dead) std::this_thread::yield();
  server.process().stop(SIGKILL);
  dead = true;
  for (auto& c : clients) c.join();
  ASSERT_GE(acknowledged.size(), 1000u);

  auto check = cli(server.db(), {"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("integrity: ok"), std::string::npos);
  // The search index file, written by its own thread, holds every committed matter as it is.
  EXPECT_NE(check.out.find("search index: ok"), std::string::npos) << check.out;
  ServerProcess restarted(server.db());
  HttpClient client(restarted.port());
  std::size_t missing = 0;
  for (const auto& code : acknowledged) {
    if (client.request("GET", "/api/v1/public/matters/" + code).status != 200) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged submissions";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace doithoai::testsupport
