#include "cli/commands.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>

#include "api/api.hpp"
#include "api/signer.hpp"
#include "auth/auth.hpp"
#include "cli/config.hpp"
#include "cli/demo.hpp"
#include "cli/demo_dialogues.hpp"
#include "cli/open.hpp"
#include "cli/search_commands.hpp"
#include "domain/permissions.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "store/reference_files.hpp"
#include "store/store.hpp"
#include "web/web.hpp"

namespace doithoai::cli {

// Prints an error the way every command does: one line on stderr.
int fail(const Error& error) {
  std::cerr << "doithoai: " << error.message;
  if (!error.field.empty()) std::cerr << " (" << error.field << ")";
  std::cerr << '\n';
  return 1;
}

namespace {

Expected<Config> load_config(const Options& options) {
  Config config;
  if (!options.config_path.empty()) TRY(load_config_file(options.config_path, config));
  if (!options.db_path.empty()) config.db_path = options.db_path;
  if (!options.data_dir.empty()) config.data_dir = options.data_dir;
  if (!options.listen.empty()) TRY(parse_listen(options.listen, config.server));
  if (options.log_requests) config.server.log_requests = true;
  config.data_dir = resolve_data_dir(config.data_dir, options.argv0.c_str());
  config.server.static_dir = resolve_static_dir(config.server.static_dir, options.argv0.c_str());
  return config;
}

// The key that encrypts phone and ID numbers at rest: 64 hex characters in a file beside the
// database (or [security] key_file), created with mode 0600 the first time. Losing it loses
// those numbers; back it up apart from the database.
Expected<std::string> load_or_create_key(const Config& config, bool new_database) {
  const std::string path = config.key_file.empty() ? config.db_path + ".key" : config.key_file;
  if (!std::filesystem::exists(path)) {
    // A key is made only with a new database: an existing one without its key must not get a
    // fresh key silently (its numbers would stay unreadable). It opens without one.
    if (!new_database) {
      spdlog::warn("no key file {}: phone and ID numbers cannot be read or recorded", path);
      return std::string();
    }
    if (sodium_init() < 0) return internal_error("libsodium could not be initialised");
    unsigned char key[crypto_secretbox_KEYBYTES];
    randombytes_buf(key, sizeof key);
    char hex[crypto_secretbox_KEYBYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return internal_error("Không tạo được tệp khóa " + path);
    const std::string line = std::string(hex) + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                    ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return internal_error("Không ghi được tệp khóa " + path);
    spdlog::info("encryption key created: {}", path);
  }
  std::ifstream in(path);
  std::string hex;
  std::getline(in, hex);
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  std::size_t len = 0;
  if (hex.size() != crypto_secretbox_KEYBYTES * 2 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len != key.size()) {
    return invalid("bad_key_file", "Tệp khóa " + path + " phải chứa đúng 64 ký tự hex");
  }
  return key;
}

}  // namespace

Expected<Opened> open(const Options& options, Prepare prepare, bool create,
                      std::function<void(double, int)> on_commit) {
  Opened opened{TRY(load_config(options)), nullptr};
  store::Options store_options;
  store_options.path = opened.config.db_path;
  store_options.create_if_missing = create;
  store_options.on_commit = std::move(on_commit);
  store_options.signer = api::matter_signer();
  const bool new_database = create && !std::filesystem::exists(opened.config.db_path);
  store_options.secret_key = TRY(load_or_create_key(opened.config, new_database));
  opened.store = TRY(store::open_sqlite(store_options));
  if (prepare == Prepare::migrate_and_seed) {
    const auto state = TRY(opened.store->migrate());
    spdlog::info("database {} at migration {}", opened.config.db_path, state.current);
    const auto data = TRY(store::load_reference_data(opened.config.data_dir));
    const auto seeded = TRY(opened.store->seed_reference(data, Actor::system()));
    if (seeded.seeded) {
      spdlog::info("reference data seeded: {} units, {} agencies, {} fields, {} holidays",
                   seeded.units, seeded.agencies, seeded.fields, seeded.holidays);
    }
  }
  return opened;
}

namespace {

auth::Options auth_options(const Config& config) {
  auth::Options o;
  o.session_idle = std::chrono::minutes(config.session_idle_minutes);
  o.session_absolute = std::chrono::hours(config.session_absolute_hours);
  o.login_burst = config.login_burst;
  o.login_per_minute = config.login_per_minute;
  o.hash_threads = config.hash_threads;
  return o;
}

// Demo accounts (data/demo_users.tsv), created once into a database with no users.
constexpr std::string_view kDemoPassword = "doithoai-demo";

Expected<int> load_demo_users(const Config& config, store::Store& store, auth::Service& auth) {
  if (!TRY(store.users()).empty()) return 0;
  const auto path = std::filesystem::path(config.data_dir) / "demo_users.tsv";
  std::ifstream in(path);
  if (!in) return invalid("no_demo_users", "Không đọc được " + path.string());
  std::string line;
  int created = 0;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string col; std::getline(ss, col, '\t');) cols.push_back(col);
    if (cols.size() != 5) return invalid("bad_demo_users", path.string() + ": cần 5 cột: " + line);
    const auto role = permissions::parse_role(cols[2]);
    if (!role)
      return invalid("bad_demo_users", path.string() + ": vai trò không tồn tại: " + cols[2]);
    User user;
    user.username = cols[0];
    user.display_name = cols[1];
    user.grants.push_back(Grant{
        *role, cols[3] == "agency" ? Grant::ScopeKind::agency : Grant::ScopeKind::unit, cols[4]});
    TRY(auth.create_user(user, kDemoPassword, Actor::system()));
    ++created;
  }
  return created;
}

}  // namespace

Expected<std::unique_ptr<store::Store>> open_store(const Options& options) {
  auto opened = TRY(open(options, Prepare::open_only, false));
  return std::move(opened.store);
}

int cmd_serve(const Options& options) {
  // Responses of tens of kilobytes are allocated and freed at every request; without these,
  // glibc returns that memory to the kernel and faults it back in each time (seen in perf as
  // page-table work). Memory stays bounded by the cache sizes either way.
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  http::Metrics metrics;
  auto opened =
      open(options, Prepare::migrate_and_seed, true,
           [&metrics](double seconds, int units) { metrics.observe_commit(seconds, units); });
  if (!opened.ok()) return fail(opened.error());
  auto& config = opened->config;
  auto& store = *opened->store;
  metrics.add_gauge("doithoai_search_index_lag",
                    "Changes to matters the search index file does not hold yet.", [&store] {
                      const auto lag = store.search().index_lag();
                      return lag.ok() ? static_cast<double>(*lag)
                                      : std::numeric_limits<double>::quiet_NaN();
                    });

  auth::Service auth(store, auth_options(config));
  if (options.demo) {
    const auto demo = load_demo_users(config, store, auth);
    if (!demo.ok()) return fail(demo.error());
    if (*demo > 0) {
      spdlog::info("demo accounts created: {} (password {})", *demo, kDemoPassword);
    }
    const auto matters = load_demo_matters(store);
    if (!matters.ok()) return fail(matters.error());
    if (*matters > 0) spdlog::info("demo matters created: {}", *matters);
    const auto dialogues = load_demo_dialogues(store);
    if (!dialogues.ok()) return fail(dialogues.error());
    if (*dialogues > 0) spdlog::info("demo dialogues created: {}", *dialogues);
  }

  api::Settings settings;
  settings.cookie_secure = config.cookie_secure;
  settings.session_absolute_seconds = config.session_absolute_hours * 3600;
  settings.public_submission_burst = config.public_submission_burst;
  settings.public_submission_per_minute = config.public_submission_per_minute;
  settings.model_path = model_path(config);
  settings.lexicon_path = (std::filesystem::path(config.data_dir) / "field_lexicon.tsv").string();
  const SearchUpkeep search_upkeep(store, config);  // signatures caught up, retraining scheduled
  api::Api api(api::Context{store, auth, metrics, settings});
  http::Router router;
  api.register_routes(router);
  web::Settings web_settings;
  web_settings.cookie_secure = config.cookie_secure;
  web_settings.session_absolute_seconds = settings.session_absolute_seconds;
  web_settings.public_submission_burst = config.public_submission_burst;
  web_settings.public_submission_per_minute = config.public_submission_per_minute;
  web::Web web(web::Context{store, auth, web_settings, [&api] { api.reference_changed(); }});
  web.register_routes(router);

  http::Server server(config.server, router, metrics);
  std::string error;
  if (!server.listen(error)) {
    std::cerr << "doithoai: không mở được cổng " << config.server.host << ":" << config.server.port
              << ": " << error << '\n';
    return 1;
  }
  server.on_ready = [&] {
    spdlog::info("serving http://{}:{}", config.server.host, server.port());
    spdlog::default_logger()->flush();
  };
  server.run();
  web.stop();
  store.close();
  spdlog::info("stopped; database closed");
  spdlog::default_logger()->flush();
  return 0;
}

int cmd_init(const Options& options) {
  auto opened = open(options, Prepare::migrate_and_seed, true);
  if (!opened.ok()) return fail(opened.error());
  opened->store->close();
  std::cout << "Đã khởi tạo " << opened->config.db_path << '\n';
  return 0;
}

int cmd_migrate(const Options& options) {
  auto opened = open(options, Prepare::open_only, true);
  if (!opened.ok()) return fail(opened.error());
  const auto state = opened->store->migrate();
  if (!state.ok()) return fail(state.error());
  opened->store->close();
  std::cout << "Migration: " << state->current << "/" << state->latest << '\n';
  return 0;
}

int cmd_user_add(const Options& options, const UserAddOptions& u) {
  const auto role = permissions::parse_role(u.role);
  if (!role) {
    std::cerr << "doithoai: vai trò không tồn tại: " << u.role
              << " (admin, intake, leader, officer, inspector)\n";
    return 2;
  }
  if (u.agency.empty() && u.unit.empty()) {
    std::cerr << "doithoai: cần --agency hoặc --unit để xác định phạm vi của vai trò\n";
    return 2;
  }
  std::string password;
  if (!std::getline(std::cin, password)) {
    std::cerr << "doithoai: không đọc được mật khẩu từ stdin\n";
    return 1;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto opened = open(options, Prepare::migrate_and_seed, true);
  if (!opened.ok()) return fail(opened.error());
  auth::Service auth(*opened->store, auth_options(opened->config));
  User user;
  user.username = u.username;
  user.display_name = u.display_name.empty() ? u.username : u.display_name;
  user.grants.push_back(Grant{*role,
                              u.agency.empty() ? Grant::ScopeKind::unit : Grant::ScopeKind::agency,
                              u.agency.empty() ? u.unit : u.agency});
  const auto created = auth.create_user(user, password, Actor::cli());
  if (!created.ok()) return fail(created.error());
  opened->store->close();
  std::cout << "Đã tạo tài khoản " << created->username << " (id " << created->id << ")\n";
  return 0;
}

int cmd_user_list(const Options& options) {
  auto opened = open(options, Prepare::open_only, false);
  if (!opened.ok()) return fail(opened.error());
  const auto users = opened->store->users();
  if (!users.ok()) return fail(users.error());
  for (const auto& u : *users) {
    std::cout << u.username << '\t' << u.display_name << '\t' << (u.active ? "active" : "inactive");
    for (const auto& g : u.grants) {
      std::cout << '\t' << permissions::role_code(g.role) << '@'
                << (g.scope_kind == Grant::ScopeKind::agency ? "agency:" : "unit:") << g.scope_code;
    }
    std::cout << '\n';
  }
  return 0;
}

int cmd_token_create(const Options& options, const std::string& username, const std::string& name) {
  auto opened = open(options, Prepare::open_only, false);
  if (!opened.ok()) return fail(opened.error());
  auth::Service auth(*opened->store, auth_options(opened->config));
  const auto token = auth.create_api_token(username, name, Actor::cli());
  if (!token.ok()) return fail(token.error());
  opened->store->close();
  std::cout << *token << '\n';
  return 0;
}

int cmd_holiday_add(const Options& options, const HolidayOptions& h) {
  const auto date = Date::parse_iso(h.date);
  if (!date) {
    std::cerr << "doithoai: ngày không hợp lệ (cần YYYY-MM-DD): " << h.date << '\n';
    return 2;
  }
  if (h.working_day && date->weekday() < 5) {
    std::cerr << "doithoai: ngày làm bù phải là thứ Bảy hoặc Chủ nhật\n";
    return 2;
  }
  auto opened = open(options, Prepare::migrate_and_seed, true);
  if (!opened.ok()) return fail(opened.error());
  const auto added =
      opened->store->add_holiday(Holiday{*date, h.name, h.working_day, h.source}, Actor::cli());
  if (!added.ok()) return fail(added.error());
  opened->store->close();
  std::cout << "Đã thêm " << added->date.vi() << " " << added->name << '\n';
  return 0;
}

int cmd_holiday_list(const Options& options, const HolidayOptions& h) {
  auto opened = open(options, Prepare::open_only, false);
  if (!opened.ok()) return fail(opened.error());
  std::optional<Date> from, to;
  if (h.year != 0) {
    from = Date{h.year, 1, 1};
    to = Date{h.year, 12, 31};
  }
  const auto list = opened->store->holidays(from, to);
  if (!list.ok()) return fail(list.error());
  for (const auto& d : *list) {
    std::cout << d.date.iso() << '\t' << (d.working_day ? "làm bù" : "nghỉ") << '\t' << d.name
              << '\t' << d.source << '\n';
  }
  return 0;
}

int cmd_holiday_remove(const Options& options, const HolidayOptions& h) {
  const auto date = Date::parse_iso(h.date);
  if (!date) {
    std::cerr << "doithoai: ngày không hợp lệ (cần YYYY-MM-DD): " << h.date << '\n';
    return 2;
  }
  auto opened = open(options, Prepare::open_only, false);
  if (!opened.ok()) return fail(opened.error());
  const auto removed = opened->store->remove_holiday(*date, Actor::cli());
  if (!removed.ok()) return fail(removed.error());
  opened->store->close();
  std::cout << "Đã xóa " << date->vi() << '\n';
  return 0;
}

int cmd_rule_list(const Options& options) {
  auto opened = open(options, Prepare::open_only, false);
  if (!opened.ok()) return fail(opened.error());
  const auto rules = opened->store->matters().deadline_rules();
  if (!rules.ok()) return fail(rules.error());
  for (const auto& r : *rules) {
    std::cout << r.id() << '\t' << r.days << ' '
              << (r.count == deadlines::DayCount::working ? "working" : "calendar") << " from "
              << (r.from == deadlines::Anchor::received ? "received" : "accepted");
    if (r.max_extensions > 0) std::cout << " +" << r.extension_days << "x" << r.max_extensions;
    std::cout << '\t' << (r.confirmed ? "" : "CHƯA XÁC NHẬN ") << r.source << '\n';
  }
  return 0;
}

int cmd_rule_add(const Options& options, const RuleOptions& o) {
  deadlines::Rule r;
  if (o.kind != "*") {
    r.kind = parse_kind(o.kind);
    if (!r.kind) {
      std::cerr << "doithoai: loại vụ việc không hợp lệ: " << o.kind << '\n';
      return 2;
    }
  }
  const auto from = Date::parse_iso(o.valid_from);
  if (!from || (o.count != "working" && o.count != "calendar") ||
      (o.from != "received" && o.from != "accepted")) {
    std::cerr << "doithoai: --valid-from YYYY-MM-DD, --count working|calendar, "
                 "--from received|accepted\n";
    return 2;
  }
  r.step = o.step;
  r.days = o.days;
  r.count = o.count == "working" ? deadlines::DayCount::working : deadlines::DayCount::calendar;
  r.from = o.from == "received" ? deadlines::Anchor::received : deadlines::Anchor::accepted;
  r.extension_days = o.extension_days;
  r.max_extensions = o.max_extensions;
  r.valid_from = *from;
  r.source = o.source;
  r.confirmed = !o.unconfirmed;
  if (auto valid = deadlines::validate(r); !valid.ok()) return fail(valid.error());
  auto opened = open(options, Prepare::migrate_and_seed, false);
  if (!opened.ok()) return fail(opened.error());
  const auto added = opened->store->matters().add_deadline_rule(r, Actor::cli());
  if (!added.ok()) return fail(added.error());
  opened->store->close();
  std::cout << "Đã thêm " << added->id() << '\n';
  return 0;
}

int cmd_backup(const Options& options, const std::string& to) {
  auto opened = open(options, Prepare::open_only, false);
  if (!opened.ok()) return fail(opened.error());
  const auto done = opened->store->backup_to(to);
  if (!done.ok()) return fail(done.error());
  opened->store->close();
  std::cout << "Đã sao lưu vào " << to << '\n';
  return 0;
}

int cmd_check(const Options& options) {
  auto opened = open(options, Prepare::open_only, false);
  if (!opened.ok()) return fail(opened.error());
  const auto report = opened->store->check();
  if (!report.ok()) return fail(report.error());
  const bool current = report->migrations.current == report->migrations.latest;
  // The search index file (derived from the database, so it is checked against it, once it
  // has caught up); only on a database of the current schema.
  std::optional<bool> index_ok;
  if (current) {
    const auto consistent = opened->store->search().text_index_consistent();
    if (!consistent.ok()) return fail(consistent.error());
    index_ok = *consistent;
  }
  opened->store->close();
  std::cout << "integrity: " << report->integrity_message << '\n'
            << "migrations: " << report->migrations.current << "/" << report->migrations.latest
            << '\n'
            << "events: " << (report->events_chain_ok ? "ok" : "gap in the event log") << '\n';
  if (index_ok) {
    std::cout << "search index: "
              << (*index_ok ? "ok" : "does not match the database (run `doithoai reindex`)")
              << '\n';
  }
  const bool ok = report->integrity_ok && report->events_chain_ok && current && index_ok != false;
  return ok ? 0 : 1;
}

}  // namespace doithoai::cli
