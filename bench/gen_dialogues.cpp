// Adds N generated dialogue conferences to an existing doithoai database, for the report
// benchmarks (issue 4: a province's summary over 1,000,000 matters and 10,000 dialogues).
//
//   build/doithoai init --db bench.db
//   build/doithoai-gen-matters --db bench.db --matters 1000000
//   build/doithoai-gen-dialogues --db bench.db --dialogues 10000 [--seed 11] [--detailed 2]
//
// Hosts are the Party committees and People's Committees of the reference data (communes,
// districts, the city), each on days its unit and agency existed, 2016-01-01 to 2025-12-31 (or
// yesterday), in time order. Most dialogues are recorded from their report, as a district
// records its history (closed, with attendance and the number of opinions). `--detailed` percent of
// them go the whole way through the store as the server runs them: planned, registration opened,
// speakers registered by staff, held with its attendance, each speaker's opinion recorded (a
// submission of a new matter, channel dialogue), forwarded to the higher level or left pending.
// Each dialogue's content comes from its own random stream (seed, index), so the same seed gives
// the same dialogues whatever the number of threads; ids differ between runs. Marked as demo data
// and as generated.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/tracking_code.hpp"
#include "cli/demo_rng.hpp"
#include "domain/date.hpp"
#include "store/store.hpp"

namespace {

using namespace doithoai;

using Rng = cli::DemoRng;  // splitmix64: the same stream on every machine

const std::vector<std::string> kNames = {"Nguyễn Văn", "Trần Thị", "Phạm Văn", "Lê Thị",
                                         "Vũ Văn",     "Đỗ Thị",   "Bùi Văn",  "Hoàng Thị"};
const std::vector<std::string> kGiven = {"An",  "Bình", "Cường", "Dung", "Hà",  "Hùng",
                                         "Lan", "Minh", "Nam",   "Oanh", "Sơn", "Thủy"};
const std::vector<std::string> kTopics = {"Giá vật tư nông nghiệp tăng cao",
                                          "Đường giao thông nội đồng xuống cấp",
                                          "Đơn giá bồi thường giải phóng mặt bằng",
                                          "Xây dựng nông thôn mới kiểu mẫu",
                                          "Chính sách hỗ trợ hộ nghèo",
                                          "Ô nhiễm môi trường làng nghề",
                                          "Phát triển đảng viên ở thôn",
                                          "An ninh trật tự khu dân cư"};

struct Host {
  std::string agency;
  std::string unit;
  std::string title;  // "Bí thư Đảng ủy", "Chủ tịch UBND"
  std::string name;   // "Đảng ủy xã Vĩnh An"
  Date from, to;      // when it can have held a dialogue
};

struct Plan {
  std::vector<Host> hosts;
  std::vector<std::string> fields;
  Date today;
  Date last;  // the last day a dialogue may be held
};

Expected<Plan> make_plan(store::Store& store) {
  Plan plan;
  plan.today = vietnam_date(now_utc());
  // Held 2016-2025 (and not after yesterday).
  const Date last = std::min(plan.today.plus_days(-1), Date{2025, 12, 31});
  plan.last = last;
  const Date first{2016, 1, 1};
  const auto units = TRY(store.units(std::nullopt));
  for (const auto& a : TRY(store.agencies())) {
    if (a.kind != "party_committee" && a.kind != "people_committee") continue;
    for (const auto& u : units) {
      if (u.code != a.unit_code || u.sample) continue;
      Host h;
      h.agency = a.code;
      h.unit = u.code;
      h.name = a.name;
      h.title = a.kind == "party_committee" ? "Bí thư" : "Chủ tịch UBND";
      h.from = first < u.valid_from ? u.valid_from : first;
      h.to = last;
      if (u.valid_to && *u.valid_to < h.to) h.to = *u.valid_to;
      if (a.valid_to && *a.valid_to < h.to) h.to = *a.valid_to;
      if (h.from <= h.to) plan.hosts.push_back(std::move(h));
    }
  }
  for (const auto& f : TRY(store.fields())) plan.fields.push_back(f.code);
  if (plan.hosts.empty() || plan.fields.empty()) {
    return invalid("no_reference", "the database has no hosts or fields: run init first");
  }
  return plan;
}

class Generator {
 public:
  Generator(store::Store& store, Plan plan, std::uint64_t seed, std::uint64_t n, int detailed)
      : store_(store), plan_(std::move(plan)), seed_(seed), n_(n), detailed_(detailed) {}

  std::atomic<std::uint64_t> opinions{0};

  // Dialogue i of n is held around day i/n of the span, by a host that existed then.
  Expected<void> one(std::uint64_t index) {
    Rng rng(seed_ ^ (index * 0xD1B54A32D192ED03ULL) ^ 0x5DEECE66DULL);
    const Date first{2016, 1, 1};
    const auto span = static_cast<std::uint64_t>(plan_.last.days() - first.days());
    const Date around =
        Date::from_days(first.days() + static_cast<std::int64_t>(index * span / n_));
    const Host* chosen = &rng.pick(plan_.hosts);
    for (int tries = 0; tries < 100 && !(chosen->from <= around && around <= chosen->to); ++tries) {
      chosen = &rng.pick(plan_.hosts);
    }
    const Host& host = *chosen;
    const Date held_on =
        host.from <= around && around <= host.to
            ? around
            : Date::from_days(host.from.days() +
                              static_cast<std::int64_t>(
                                  rng.next() % static_cast<std::uint64_t>(host.to.days() -
                                                                          host.from.days() + 1)));

    store::NewDialogue d;
    d.title = "Hội nghị đối thoại giữa người đứng đầu " + host.name + " với Nhân dân năm " +
              std::to_string(held_on.year);
    d.host_name = "Đồng chí " + host.title + " " + host.name;
    d.host_title = host.title;
    d.host_agency_code = host.agency;
    d.held_on = held_on;
    d.starts_at = rng.chance(50) ? "08:00" : "14:00";
    d.venue = "Hội trường " + host.name;
    d.agenda = {{rng.pick(plan_.fields), ""}, {rng.pick(plan_.fields), ""}};
    d.board = {{d.host_name, "Chủ trì"}, {"Đồng chí Chánh Văn phòng", "Thư ký"}};
    d.generated = true;
    d.demo = true;
    const int attendance = rng.between(40, 400);
    if (!rng.chance(detailed_)) {
      d.from_report = true;
      d.attendance = attendance;
      d.opinions_reported = rng.between(3, 60);
      opinions += static_cast<std::uint64_t>(d.opinions_reported);
      TRY(store_.dialogues().create(d, Actor::system()));
      return {};
    }

    // The whole way: plan, registration, the conference, its opinions.
    const int speakers = rng.between(3, 12);
    d.registration_cap = speakers + 5;
    d.registration_closes_on = held_on.plus_days(-1);
    auto dialogue = TRY(store_.dialogues().create(d, Actor::system()));
    auto act = [&](dialogue::Action a, std::optional<int> people) -> Expected<void> {
      store::DialogueCommand c;
      c.dialogue_id = dialogue.id;
      c.expected_version = dialogue.version;
      c.action = a;
      c.on = plan_.today;
      c.attendance = people;
      dialogue = TRY(store_.dialogues().apply(c, Actor::system()));
      return {};
    };
    TRY(act(dialogue::Action::open_registration, std::nullopt));
    std::vector<store::SpeakerRegistration> registered;
    for (int s = 0; s < speakers; ++s) {
      store::NewRegistration r;
      r.dialogue_id = dialogue.id;
      r.name = rng.pick(kNames) + " " + rng.pick(kGiven) + " " + std::to_string(s + 1);
      r.unit_code = host.unit;
      r.topic = rng.pick(kTopics);
      r.field_code = rng.pick(plan_.fields);
      r.registered_on = held_on.plus_days(-rng.between(1, 10));
      r.by_staff = true;
      r.recorded_by = "bench";
      r.demo = true;
      registered.push_back(TRY(store_.dialogues().register_speaker(r, Actor::system())));
    }
    TRY(act(dialogue::Action::hold, attendance));
    for (const auto& r : registered) {
      if (rng.chance(15)) continue;  // absent, or the time ran out
      store::NewOpinion o;
      o.dialogue_id = dialogue.id;
      o.registration_id = r.id;
      store::RaisedOpinion raised;
      raised.kind = rng.chance(80) ? Kind::kien_nghi : Kind::de_xuat;
      raised.field_code = r.field_code;
      raised.unit_code = host.unit;
      raised.title = r.topic;
      raised.content = r.topic + ": đề nghị các cấp xem xét, giải quyết.";
      raised.people = {Person{r.name, "", "", "", ""}};
      raised.tracking_code = api::new_tracking_code();
      raised.recorded_by = "bench";
      o.raised = raised;
      o.on = held_on;
      o.demo = true;
      if (rng.chance(60)) o.outcome.outcome = dialogue::Outcome::forwarded;
      TRY(store_.dialogues().record_opinion(o, Actor::system()));
      ++opinions;
    }
    return {};
  }

 private:
  store::Store& store_;
  Plan plan_;
  std::uint64_t seed_;
  std::uint64_t n_;
  int detailed_;
};

Expected<std::string> read_key(const std::string& db) {
  std::ifstream in(db + ".key");
  if (!in) return std::string();
  std::string hex;
  in >> hex;
  if (hex.size() != 64) return invalid("bad_key_file", db + ".key must hold 64 hex characters");
  std::string key(32, '\0');
  for (std::size_t i = 0; i < 32; ++i) {
    key[i] = static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  }
  return key;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Adds generated dialogue conferences to a doithoai database for the benchmarks"};
  std::string db;
  std::uint64_t count = 10000;
  std::uint64_t seed = 11;
  int detailed = 2;
  int threads = 8;
  app.add_option("--db", db, "database made by `doithoai init`")->required();
  app.add_option("--dialogues", count, "how many dialogues to add");
  app.add_option("--seed", seed, "the same seed gives the same dialogues");
  app.add_option("--detailed", detailed,
                 "percent of dialogues run through registration, the conference and opinions "
                 "(the others are recorded from their report)")
      ->check(CLI::Range(0, 100));
  app.add_option("--threads", threads, "concurrent writers (group commit)")
      ->check(CLI::Range(1, 256));
  CLI11_PARSE(app, argc, argv);

  store::Options options;
  options.path = db;
  auto key = read_key(db);
  if (!key.ok()) {
    std::cerr << key.error().message << "\n";
    return 1;
  }
  options.secret_key = *key;
  options.bulk_load = true;  // nobody is served from it yet: no fsync per commit
  auto opened = store::open_sqlite(options);
  if (!opened.ok()) {
    std::cerr << "cannot open " << db << ": " << opened.error().message << "\n";
    return 1;
  }
  auto& store = **opened;
  if (auto m = store.migrate(); !m.ok()) {
    std::cerr << m.error().message << "\n";
    return 1;
  }
  auto plan = make_plan(store);
  if (!plan.ok()) {
    std::cerr << plan.error().message << "\n";
    return 1;
  }
  Generator gen(store, std::move(*plan), seed, count, detailed);
  std::atomic<std::uint64_t> next{0};
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> failed{false};
  std::mutex err_mu;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (;;) {
        const std::uint64_t i = next.fetch_add(1);
        if (i >= count || failed) return;
        if (auto r = gen.one(i); !r.ok()) {
          const std::lock_guard lock(err_mu);
          std::cerr << "dialogue " << i << ": " << r.error().code << ": " << r.error().message
                    << "\n";
          failed = true;
          return;
        }
        if (const auto n = ++done; n % 2000 == 0) {
          std::fprintf(stderr, "%llu dialogues\n", static_cast<unsigned long long>(n));
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  store.close();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "added %llu dialogues with %llu opinions in %.1f s\n",
               static_cast<unsigned long long>(done.load()),
               static_cast<unsigned long long>(gen.opinions.load()), s);
  return failed ? 1 : 0;
}
