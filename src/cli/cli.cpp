#include "cli/cli.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/config.hpp"
#include "cli/report_commands.hpp"
#include "cli/search_commands.hpp"

namespace doithoai::cli {

namespace {

// Logs are one JSON object a line, in UTC, with no personal data: on stdout for the server, on
// stderr for the other commands so that their stdout stays their result (a token, a list).
void setup_logging(bool server) {
  auto logger =
      server ? spdlog::stdout_logger_mt("doithoai") : spdlog::stderr_logger_mt("doithoai");
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})",
                      spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"doithoai — tiếp công dân, đối thoại và xử lý phản ánh, kiến nghị"};
  app.require_subcommand(1);
  // Global options (--db, --config, --data-dir) may also follow the subcommand.
  app.fallthrough();
  app.set_version_flag("--version", "doithoai 0.1.0");

  Options options;
  options.argv0 = argv[0];
  app.add_option("--db", options.db_path, "Tệp cơ sở dữ liệu SQLite (mặc định ./doithoai.db)");
  app.add_option("--config", options.config_path, "Tệp cấu hình TOML");
  app.add_option("--data-dir", options.data_dir, "Thư mục dữ liệu danh mục (mặc định ./data)");

  auto* serve = app.add_subcommand("serve", "Chạy máy chủ HTTP");
  serve->add_option("--listen", options.listen, "Địa chỉ HOST:PORT (mặc định 127.0.0.1:8080)");
  serve->add_flag("--demo", options.demo, "Nạp dữ liệu mẫu lần đầu (tài khoản thử nghiệm)");
  serve->add_flag("--log-requests", options.log_requests, "Ghi nhật ký mọi yêu cầu");

  auto* init = app.add_subcommand("init", "Tạo cơ sở dữ liệu, áp dụng migration, nạp danh mục");
  auto* migrate = app.add_subcommand("migrate", "Áp dụng các migration còn thiếu");

  auto* user = app.add_subcommand("user", "Quản lý tài khoản");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Thêm tài khoản");
  UserAddOptions user_opts;
  user_add->add_option("--username", user_opts.username, "Tên đăng nhập")->required();
  user_add->add_option("--display-name", user_opts.display_name, "Họ và tên");
  user_add->add_option("--role", user_opts.role, "admin | intake | leader | officer | inspector")
      ->required();
  auto* agency_opt = user_add->add_option("--agency", user_opts.agency, "Mã cơ quan (phạm vi)");
  auto* unit_opt =
      user_add->add_option("--unit", user_opts.unit, "Mã đơn vị (phạm vi, gồm cấp dưới)");
  agency_opt->excludes(unit_opt);
  user_add->add_flag("--password-stdin", user_opts.password_stdin, "Đọc mật khẩu từ stdin")
      ->required();
  auto* user_list = user->add_subcommand("list", "Liệt kê tài khoản");

  auto* token = app.add_subcommand("token", "Mã truy cập API");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Tạo mã truy cập cho một tài khoản");
  std::string token_user, token_name = "cli";
  token_create->add_option("--username", token_user, "Tên đăng nhập")->required();
  token_create->add_option("--name", token_name, "Tên gợi nhớ của mã");

  auto* holiday = app.add_subcommand("holiday", "Lịch ngày nghỉ, ngày làm bù");
  holiday->require_subcommand(1);
  HolidayOptions holiday_opts;
  auto* holiday_add = holiday->add_subcommand("add", "Thêm ngày nghỉ (hoặc ngày làm bù)");
  holiday_add->add_option("--date", holiday_opts.date, "YYYY-MM-DD")->required();
  holiday_add->add_option("--name", holiday_opts.name, "Tên ngày nghỉ")->required();
  holiday_add->add_flag("--working-day", holiday_opts.working_day,
                        "Ngày làm bù (thứ Bảy/Chủ nhật)");
  holiday_add->add_option("--source", holiday_opts.source, "Văn bản quy định");
  auto* holiday_list = holiday->add_subcommand("list", "Liệt kê");
  holiday_list->add_option("--year", holiday_opts.year, "Năm");
  auto* holiday_remove = holiday->add_subcommand("remove", "Xóa một ngày");
  holiday_remove->add_option("--date", holiday_opts.date, "YYYY-MM-DD")->required();

  auto* rule = app.add_subcommand("rule", "Quy tắc thời hạn giải quyết");
  rule->require_subcommand(1);
  auto* rule_list = rule->add_subcommand("list", "Liệt kê các quy tắc");
  RuleOptions rule_opts;
  auto* rule_add =
      rule->add_subcommand("add", "Thêm một phiên bản quy tắc (áp dụng từ --valid-from)");
  rule_add->add_option("--kind", rule_opts.kind, "Loại vụ việc, hoặc * cho mọi loại");
  rule_add->add_option("--step", rule_opts.step, "notify | accept | resolve")->required();
  rule_add->add_option("--days", rule_opts.days, "Số ngày")->required();
  rule_add->add_option("--count", rule_opts.count, "working | calendar");
  rule_add->add_option("--from", rule_opts.from, "received | accepted");
  rule_add->add_option("--extension-days", rule_opts.extension_days, "Số ngày mỗi lần gia hạn");
  rule_add->add_option("--max-extensions", rule_opts.max_extensions, "Số lần gia hạn tối đa");
  rule_add->add_option("--valid-from", rule_opts.valid_from, "YYYY-MM-DD")->required();
  rule_add->add_option("--source", rule_opts.source, "Văn bản quy định")->required();
  rule_add->add_flag("--unconfirmed", rule_opts.unconfirmed, "Chưa xác nhận căn cứ pháp lý");

  auto* backup = app.add_subcommand("backup", "Sao lưu trực tuyến (an toàn khi máy chủ đang chạy)");
  std::string backup_to;
  backup->add_option("--to", backup_to, "Tệp đích (không được tồn tại)")->required();

  auto* check = app.add_subcommand("check", "Kiểm tra toàn vẹn và trạng thái migration");
  const auto search_command = add_search_commands(app, options);  // reindex, dedup, train

  const ReportCommand report(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  setup_logging(serve->parsed());
  if (*serve) return cmd_serve(options);
  if (*init) return cmd_init(options);
  if (*migrate) return cmd_migrate(options);
  if (*user_add) return cmd_user_add(options, user_opts);
  if (*user_list) return cmd_user_list(options);
  if (*token_create) return cmd_token_create(options, token_user, token_name);
  if (*holiday_add) return cmd_holiday_add(options, holiday_opts);
  if (*holiday_list) return cmd_holiday_list(options, holiday_opts);
  if (*holiday_remove) return cmd_holiday_remove(options, holiday_opts);
  if (*rule_list) return cmd_rule_list(options);
  if (*rule_add) return cmd_rule_add(options, rule_opts);
  if (*backup) return cmd_backup(options, backup_to);
  if (*check) return cmd_check(options);
  if (report.parsed()) return report.run(options);
  if (const auto code = search_command()) return *code;
  return 2;
}

}  // namespace doithoai::cli
