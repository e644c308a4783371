// The command line, run as a user would: the real binary on a real database file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "domain/date.hpp"
#include "integration/fixture.hpp"

namespace doithoai::testsupport {
namespace {

class Cli : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("doithoai-cli"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path db() const { return dir_ / "cli.db"; }
  std::filesystem::path dir_;
};

TEST_F(Cli, HelpWorksOnEveryCommand) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                {"serve", "--help"},
                                                                {"migrate", "--help"},
                                                                {"user", "add", "--help"},
                                                                {"token", "create", "--help"},
                                                                {"holiday", "add", "--help"},
                                                                {"backup", "--help"},
                                                                {"check", "--help"},
                                                                {"init", "--help"}}) {
    auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_NE(r.out.find("--"), std::string::npos) << args[0];
  }
}

TEST_F(Cli, AnUnknownCommandIsAUsageError) {
  auto r = run_cli({"fly"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(r.err.empty());
}

TEST_F(Cli, MigrateCreatesTheSchemaAndCheckIsClean) {
  auto migrate = cli(db(), {"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("Migration"), std::string::npos);
  auto check = cli(db(), {"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("integrity: ok"), std::string::npos);
  // Migrating again changes nothing and still succeeds.
  EXPECT_EQ(cli(db(), {"migrate"}).exit_code, 0);
}

// The search indexes live in a file beside the database, derived from it: `check` compares
// them with the database and `reindex` builds them again.
TEST_F(Cli, CheckComparesTheSearchIndexWithTheDatabaseAndReindexRepairsIt) {
  ASSERT_EQ(cli(db(), {"migrate"}).exit_code, 0);
  auto check = cli(db(), {"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("search index: ok"), std::string::npos) << check.out;
  {
    sqlite3* index = nullptr;
    ASSERT_EQ(sqlite3_open((db().string() + ".search").c_str(), &index), SQLITE_OK);
    const int rc = sqlite3_exec(index,
                                "INSERT INTO matter_search (rowid, title, body, answer) "
                                "VALUES (7, 'den duong', '', '')",
                                nullptr, nullptr, nullptr);
    sqlite3_close(index);
    ASSERT_EQ(rc, SQLITE_OK);
  }
  check = cli(db(), {"check"});
  EXPECT_EQ(check.exit_code, 1) << check.out;
  EXPECT_NE(check.out.find("search index: does not match the database"), std::string::npos)
      << check.out;
  auto reindex = cli(db(), {"reindex"});
  EXPECT_EQ(reindex.exit_code, 0) << reindex.out << reindex.err;
  check = cli(db(), {"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("search index: ok"), std::string::npos) << check.out;
}

TEST_F(Cli, CommandsOnAMissingDatabaseFailWithoutCreatingIt) {
  auto r = cli(db(), {"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(r.err.empty());
  EXPECT_FALSE(std::filesystem::exists(db()));
}

TEST_F(Cli, UserAddReadsThePasswordFromStdinAndRefusesBadInput) {
  ASSERT_EQ(cli(db(), {"init"}).exit_code, 0);
  auto ok = cli(db(),
                {"user", "add", "--username", "quantri", "--role", "admin", "--unit", "31",
                 "--password-stdin"},
                "a-long-password\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto dup = cli(db(),
                 {"user", "add", "--username", "quantri", "--role", "admin", "--unit", "31",
                  "--password-stdin"},
                 "a-long-password\n");
  EXPECT_EQ(dup.exit_code, 1);
  auto role =
      cli(db(),
          {"user", "add", "--username", "x", "--role", "king", "--unit", "31", "--password-stdin"},
          "a-long-password\n");
  EXPECT_EQ(role.exit_code, 2);
  auto scope = cli(
      db(),
      {"user", "add", "--username", "y", "--role", "admin", "--unit", "NOPE", "--password-stdin"},
      "a-long-password\n");
  EXPECT_EQ(scope.exit_code, 1);
  auto weak =
      cli(db(),
          {"user", "add", "--username", "z", "--role", "admin", "--unit", "31", "--password-stdin"},
          "short\n");
  EXPECT_EQ(weak.exit_code, 1);
  auto list = cli(db(), {"user", "list"});
  EXPECT_NE(list.out.find("quantri"), std::string::npos);
  EXPECT_EQ(list.out.find("\ny\t"), std::string::npos);
}

TEST_F(Cli, TokenCreatePrintsOnlyTheToken) {
  ASSERT_EQ(cli(db(), {"init"}).exit_code, 0);
  ASSERT_EQ(cli(db(),
                {"user", "add", "--username", "api", "--role", "inspector", "--unit", "31",
                 "--password-stdin"},
                "a-long-password\n")
                .exit_code,
            0);
  auto token = cli(db(), {"token", "create", "--username", "api"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  EXPECT_GE(token.out.size(), 40u);
  EXPECT_EQ(token.out.find(' '), std::string::npos);
  EXPECT_EQ(cli(db(), {"token", "create", "--username", "ghost"}).exit_code, 1);
}

TEST_F(Cli, HolidaysAreAddedListedAndRemoved) {
  ASSERT_EQ(cli(db(), {"init"}).exit_code, 0);
  auto add = cli(db(), {"holiday", "add", "--date", "2027-11-24", "--name", "Ngày Văn hóa"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(cli(db(), {"holiday", "add", "--date", "2027-11-24", "--name", "again"}).exit_code, 1);
  EXPECT_EQ(cli(db(), {"holiday", "add", "--date", "2027-13-01", "--name", "x"}).exit_code, 2);
  EXPECT_EQ(cli(db(), {"holiday", "add", "--date", "2027-11-23", "--name", "x", "--working-day"})
                .exit_code,
            2);
  auto list = cli(db(), {"holiday", "list", "--year", "2027"});
  EXPECT_NE(list.out.find("2027-11-24"), std::string::npos);
  EXPECT_NE(list.out.find("Ngày Văn hóa"), std::string::npos);
  EXPECT_EQ(cli(db(), {"holiday", "remove", "--date", "2027-11-24"}).exit_code, 0);
  EXPECT_EQ(cli(db(), {"holiday", "remove", "--date", "2027-11-24"}).exit_code, 1);
  EXPECT_EQ(cli(db(), {"holiday", "list", "--year", "2027"}).out.find("2027-11-24"),
            std::string::npos);
}

TEST_F(Cli, DeadlineRulesAreListedAndNewVersionsAdded) {
  ASSERT_EQ(cli(db(), {"init"}).exit_code, 0);
  auto list = cli(db(), {"rule", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("to_cao/resolve@"), std::string::npos);
  EXPECT_NE(list.out.find("CHƯA XÁC NHẬN"), std::string::npos);
  const std::vector<std::string> add = {"rule",         "add",        "--kind",   "gop_y",
                                        "--step",       "notify",     "--days",   "5",
                                        "--valid-from", "2027-01-01", "--source", "Quyết định thử"};
  auto added = cli(db(), add);
  EXPECT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(cli(db(), add).exit_code, 1);  // the same version twice
  EXPECT_NE(cli(db(), {"rule", "list"}).out.find("gop_y/notify@2027-01-01"), std::string::npos);
  EXPECT_EQ(cli(db(), {"rule", "add", "--kind", "gossip", "--step", "notify", "--days", "5",
                       "--valid-from", "2027-01-01", "--source", "x"})
                .exit_code,
            2);
  EXPECT_EQ(cli(db(), {"rule", "add", "--step", "notify", "--days", "0", "--valid-from",
                       "2027-02-01", "--source", "x"})
                .exit_code,
            1);
}

TEST_F(Cli, AConfigFileWithAnUnknownKeyIsRefused) {
  const auto config = dir_ / "bad.toml";
  std::ofstream(config) << "[server]\nlisten = \"127.0.0.1:0\"\nthreads = 4\n";
  auto r = cli(db(), {"init", "--config", config.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("server.threads"), std::string::npos);
}

TEST_F(Cli, BackupWhileServingGivesAConsistentCopy) {
  LiveServer server({{"admin", "admin", "--unit", "31"}});
  // Keep the writer busy while the backup runs.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; !stop && i < 300; ++i) {
      const auto date = Date{2030 + i / 300, 1 + (i / 28) % 12, 1 + i % 28};
      const json body = {{"date", date.iso()}, {"name", "tải " + std::to_string(i)}};
      if (server.call("POST", "/api/v1/holidays", "admin", body.dump()).status == 201) ++written;
    }
    done = true;
  });
  while (written < 20 && !done) std::this_thread::yield();
  const auto copy = server.dir() / "backup.db";
  auto backup = cli(server.db(), {"backup", "--to", copy.string()});
  stop = true;
  writer.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  auto check = cli(copy, {"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto list = cli(copy, {"holiday", "list", "--year", "2030"});
  EXPECT_NE(list.out.find("tải 0"), std::string::npos);
  // A backup never overwrites an existing file.
  EXPECT_EQ(cli(server.db(), {"backup", "--to", copy.string()}).exit_code, 1);
}

}  // namespace
}  // namespace doithoai::testsupport
