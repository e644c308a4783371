// `doithoai report ...`: the reports from the command line, as the API gives them.
#pragma once

#include <memory>
#include <string>

#include "cli/commands.hpp"

namespace CLI {
class App;
}

namespace doithoai::cli {

struct ReportOptions {
  std::string from, to, unit, agency, format = "text", out;
  int overdue_limit = 100;
  long long dialogue = 0;
};

class ReportCommand {
 public:
  // Adds `report summary`, `report minutes` and `report register` to the application.
  explicit ReportCommand(CLI::App& app);
  bool parsed() const;
  int run(const Options& options) const;

 private:
  CLI::App* summary_ = nullptr;
  CLI::App* minutes_ = nullptr;
  CLI::App* register_ = nullptr;
  std::shared_ptr<ReportOptions> options_ = std::make_shared<ReportOptions>();
  std::shared_ptr<ReportOptions> minutes_options_ = std::make_shared<ReportOptions>();
  std::shared_ptr<ReportOptions> register_options_ = std::make_shared<ReportOptions>();
};

}  // namespace doithoai::cli
