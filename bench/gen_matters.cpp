// Fills a doithoai database with N generated matters for the load and size benchmarks.
//
//   build/doithoai init --db bench.db
//   build/doithoai-gen-matters --db bench.db --matters 1000000 [--seed 7] [--threads 16]
//
// Every matter goes through the store as the server writes it (validated, deadlines computed,
// phone numbers encrypted, one Event per change), so the database has the shape and the
// indexes of a real one: communes of the reference data, dates 2016 to yesterday within each
// unit's lifetime, every kind, field and channel, and about half the matters carried further
// through the lifecycle (classified, assigned, accepted, answered, published, closed). Each
// matter's content comes from its own random stream (seed, index), so the same seed gives the
// same matters whatever the number of threads; ids and tracking codes differ between runs.
// Records are marked as demo data.
//
// A matter's title and content follow what it is about (its field) and its kind, with the
// words of bench/matter_vocabulary.tsv and some noise (another field's subject or phrases,
// another kind's opening; the officer's classification mostly agrees with the topic), so that
// the field suggestion's held-out accuracy measured on generated data means something.
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/signer.hpp"
#include "api/tracking_code.hpp"
#include "domain/date.hpp"
#include "store/store.hpp"

namespace {

using namespace doithoai;
using lifecycle::Action;

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  int between(int lo, int hi) { return lo + static_cast<int>(next() % (hi - lo + 1)); }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[next() % v.size()];
  }
  bool chance(int percent) { return between(1, 100) <= percent; }
};

// The words of the generated texts (bench/matter_vocabulary.tsv): per field, per kind, and for
// every matter.
struct Vocabulary {
  std::map<std::string, std::vector<std::string>> subjects, field_details;  // by field code
  std::map<Kind, std::vector<std::string>> heads, kind_details;
  std::vector<std::string> common, places, families, givens;
};

Expected<Vocabulary> read_vocabulary(const std::string& path) {
  std::ifstream in(path);
  if (!in) return invalid("no_vocabulary", "cannot read " + path);
  Vocabulary v;
  std::string line;
  int number = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t');
    const auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) {
      return invalid("bad_vocabulary", path + ":" + std::to_string(number) + ": three columns");
    }
    if (header) {  // group, part, text
      header = false;
      continue;
    }
    const std::string group = line.substr(0, t1);
    const std::string part = line.substr(t1 + 1, t2 - t1 - 1);
    std::string text = line.substr(t2 + 1);
    const auto bad = [&] {
      return invalid("bad_vocabulary", path + ":" + std::to_string(number) + ": " + group + " " +
                                           part + " is not known");
    };
    if (group.rfind("kind:", 0) == 0) {
      const auto kind = parse_kind(group.substr(5));
      if (!kind) return bad();
      if (part == "head") {
        v.heads[*kind].push_back(std::move(text));
      } else if (part == "detail") {
        v.kind_details[*kind].push_back(std::move(text));
      } else {
        return bad();
      }
    } else if (group == "*") {
      if (part == "common") {
        v.common.push_back(std::move(text));
      } else if (part == "place") {
        v.places.push_back(std::move(text));
      } else if (part == "family") {
        v.families.push_back(std::move(text));
      } else if (part == "given") {
        v.givens.push_back(std::move(text));
      } else {
        return bad();
      }
    } else if (part == "subject") {
      v.subjects[group].push_back(std::move(text));
    } else if (part == "detail") {
      v.field_details[group].push_back(std::move(text));
    } else {
      return bad();
    }
  }
  for (const Kind k : all_kinds()) {
    if (v.heads[k].empty() || v.kind_details[k].empty()) {
      return invalid("bad_vocabulary",
                     path + ": no head or detail for kind " + std::string(code(k)));
    }
  }
  if (v.common.empty() || v.places.empty() || v.families.empty() || v.givens.empty()) {
    return invalid("bad_vocabulary", path + ": common, place, family and given are needed");
  }
  return v;
}

struct Place {
  std::string unit;
  std::string agency;  // its People's Committee, or empty
  Date from, to;       // when matters may be received there
};

struct Plan {
  std::vector<Place> places;
  std::vector<std::string> fields;  // those with subjects and details in the vocabulary
  Vocabulary words;
  Date yesterday;
};

Expected<Plan> make_plan(store::Store& store, Vocabulary words) {
  Plan plan;
  plan.words = std::move(words);
  plan.yesterday = vietnam_date(now_utc()).plus_days(-1);
  const auto units = TRY(store.units(std::nullopt));
  const auto agencies = TRY(store.agencies());
  const Date first{2016, 1, 1};
  for (const auto& u : units) {
    if (u.level != "commune" || u.sample) continue;
    Place p;
    p.unit = u.code;
    p.from = first < u.valid_from ? u.valid_from : first;
    p.to = u.valid_to && *u.valid_to < plan.yesterday ? *u.valid_to : plan.yesterday;
    if (p.to < p.from) continue;
    for (const auto& a : agencies) {
      if (a.unit_code == u.code && a.kind == "people_committee") p.agency = a.code;
    }
    plan.places.push_back(std::move(p));
  }
  for (const auto& f : TRY(store.fields())) {
    if (plan.words.subjects[f.code].empty() || plan.words.field_details[f.code].empty()) {
      std::cerr << "field " << f.code << " has no words in the vocabulary: not generated\n";
      continue;
    }
    plan.fields.push_back(f.code);
  }
  if (plan.places.empty() || plan.fields.empty()) {
    return invalid("no_reference",
                   "the database has no communes or no field with words: run init first");
  }
  return plan;
}

// How much of a text follows its field and kind; the rest is noise, so that the field is not
// given away by any one word. In percent.
constexpr int kTitleHeadOfKind = 85;      // else the head of another kind
constexpr int kTitleSubjectOfField = 80;  // else the subject of another field
constexpr int kPhraseOfField = 35;        // a content phrase from the field...
constexpr int kPhraseOfOtherField = 10;   // ...from another field
constexpr int kPhraseOfKind = 8;          // ...from the kind; the rest common phrases
constexpr int kClassifiedAsTopic = 92;    // the officer's field is the text's; else another

// Phrases joined into a sentence (no capital: Vietnamese capitals are not ASCII).
std::string sentence(int phrases, const std::function<const std::string&()>& phrase) {
  std::string out;
  for (int i = 0; i < phrases; ++i) {
    if (!out.empty()) out += ' ';
    out += phrase();
  }
  return out.append(".");
}

Date day_between(Rng& rng, Date from, Date to) {
  return Date::from_days(from.days() +
                         static_cast<std::int64_t>(
                             rng.next() % static_cast<std::uint64_t>(to.days() - from.days() + 1)));
}

class Generator {
 public:
  // Matter i of n is received around day i/n of the span, as a real database fills in time
  // order (which keeps the date indexes appending rather than scattering).
  Generator(store::Store& store, Plan plan, std::uint64_t seed, std::uint64_t n)
      : store_(store), plan_(std::move(plan)), seed_(seed), n_(n) {}

  Expected<void> one(std::uint64_t index) {
    Rng rng{seed_ ^ (index * 0xD1B54A32D192ED03ULL)};
    const Date first{2016, 1, 1};
    const auto span = static_cast<std::uint64_t>(plan_.yesterday.days() - first.days());
    const Date around =
        Date::from_days(first.days() + static_cast<std::int64_t>(index * span / n_));
    const Place* chosen = &rng.pick(plan_.places);
    for (int tries = 0; tries < 50 && !(chosen->from <= around && around <= chosen->to); ++tries) {
      chosen = &rng.pick(plan_.places);
    }
    const Place& place = *chosen;
    static const std::vector<Kind> kinds = {Kind::phan_anh,  Kind::phan_anh, Kind::kien_nghi,
                                            Kind::kien_nghi, Kind::de_xuat,  Kind::gop_y,
                                            Kind::khieu_nai, Kind::to_cao};
    static const std::vector<Channel> channels = {
        Channel::online,    Channel::online,          Channel::letter,   Channel::phone,
        Channel::reception, Channel::village_meeting, Channel::dialogue, Channel::referral};
    const auto& w = plan_.words;
    store::NewMatter m;
    m.kind = rng.pick(kinds);
    m.unit_code = place.unit;
    // What the matter is about: its field (the officer classifies it so, mostly).
    const std::string& topic = rng.pick(plan_.fields);
    const auto other_field = [&]() -> const std::string& { return rng.pick(plan_.fields); };
    const Kind head_kind = rng.chance(kTitleHeadOfKind) ? m.kind : rng.pick(kinds);
    const std::string& subject_field = rng.chance(kTitleSubjectOfField) ? topic : other_field();
    // One draw per statement: the order of the draws is fixed whatever the compiler.
    m.title = rng.pick(w.heads.at(head_kind));
    m.title.append(" ").append(rng.pick(w.subjects.at(subject_field)));
    if (rng.chance(50)) m.title.append(" ").append(rng.pick(w.places));
    m.tracking_code = api::new_tracking_code();
    m.demo = true;
    auto& s = m.submission;
    s.channel = rng.pick(channels);
    s.received_on = place.from <= around && around <= place.to
                        ? around
                        : day_between(rng, place.from, place.to);
    s.title = m.title;
    const auto phrase = [&]() -> const std::string& {
      const int roll = rng.between(1, 100);
      if (roll <= kPhraseOfField) return rng.pick(w.field_details.at(topic));
      if (roll <= kPhraseOfField + kPhraseOfOtherField) {
        return rng.pick(w.field_details.at(other_field()));
      }
      if (roll <= kPhraseOfField + kPhraseOfOtherField + kPhraseOfKind) {
        return rng.pick(w.kind_details.at(m.kind));
      }
      return rng.pick(w.common);
    };
    s.content = sentence(rng.between(6, 20), phrase);
    s.content.append(" ").append(sentence(rng.between(4, 14), phrase));
    Person p;
    p.name = rng.pick(w.families);
    p.name.append(" ").append(rng.pick(w.givens));
    p.phone = "09" + std::to_string(rng.between(10000000, 99999999));
    p.address = rng.pick(w.places);
    s.people.push_back(std::move(p));
    s.head_count = rng.chance(5) ? rng.between(2, 60) : 1;
    s.recorded_by = s.channel == Channel::online ? "public" : "bench";
    s.demo = true;
    auto matter = TRY(store_.matters().create(m, Actor::system()));

    // How far it goes: half stay as received, the rest move on step by step.
    const int depth = rng.chance(50) ? 0 : rng.between(1, 6);
    Date on = s.received_on;
    auto act = [&](store::ActionCommand c) -> Expected<void> {
      c.matter_id = matter.id;
      c.expected_version = matter.version;
      const Date next = on.plus_days(rng.between(0, 12));
      on = next < place.to ? next : place.to;  // while the commune and its UBND exist
      c.on = on;
      matter = TRY(store_.matters().apply(c, Actor::system()));
      return {};
    };
    if (depth >= 1) {
      store::ActionCommand c;
      c.action = Action::classify;
      c.field_code = rng.chance(kClassifiedAsTopic) ? topic : other_field();
      TRY(act(c));
    }
    if (depth >= 2 && !place.agency.empty()) {
      store::ActionCommand c;
      c.action = Action::assign;
      c.agency_code = place.agency;
      TRY(act(c));
    } else {
      return {};
    }
    if (depth >= 3 && (m.kind == Kind::khieu_nai || m.kind == Kind::to_cao)) {
      store::ActionCommand c;
      c.action = Action::accept;
      TRY(act(c));
    }
    if (depth >= 4) {
      store::ActionCommand c;
      c.action = Action::answer;
      Answer a;
      a.form = "written";
      a.document_number = std::to_string(rng.between(10, 999)) + "/UBND";
      a.signed_by = "Chủ tịch UBND xã";
      a.text =
          sentence(rng.between(8, 20), [&]() -> const std::string& { return rng.pick(w.common); });
      a.agency_code = place.agency;
      c.answer = a;
      // The answer's date is the action's day; set after act() picks it.
      c.matter_id = matter.id;
      c.expected_version = matter.version;
      const Date next = on.plus_days(rng.between(1, 20));
      on = next < place.to ? next : place.to;  // while the commune and its UBND exist
      c.on = on;
      c.answer->date = on;
      matter = TRY(store_.matters().apply(c, Actor::system()));
    }
    if (depth >= 5) {
      store::ActionCommand c;
      c.action = Action::publish;
      TRY(act(c));
    }
    if (depth >= 6) {
      store::ActionCommand c;
      c.action = Action::close;
      TRY(act(c));
    }
    return {};
  }

 private:
  store::Store& store_;
  Plan plan_;
  std::uint64_t seed_;
  std::uint64_t n_;
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
  CLI::App app{"Fills a doithoai database with generated matters for the benchmarks"};
  std::string db;
  std::uint64_t count = 100000;
  std::uint64_t seed = 7;
  std::uint64_t first = 0;
  int threads = 16;
  app.add_option("--db", db, "database made by `doithoai init`")->required();
  app.add_option("--matters", count, "how many matters to add");
  app.add_option("--seed", seed, "the same seed gives the same matters");
  app.add_option("--first", first, "index of the first matter (to add more later)");
  std::string vocabulary = DOITHOAI_BENCH_DIR "/matter_vocabulary.tsv";
  app.add_option("--vocabulary", vocabulary, "words of the texts, per field and kind")
      ->capture_default_str();
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
  options.bulk_load = true;               // nobody is served from it yet: no fsync per commit
  options.signer = api::matter_signer();  // as the server does: similar-matter lookups work
  std::atomic<std::uint64_t> commits{0}, units{0}, commit_us{0};
  options.on_commit = [&](double seconds, int n) {
    ++commits;
    units += static_cast<std::uint64_t>(n);
    commit_us += static_cast<std::uint64_t>(seconds * 1e6);
  };
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
  // The search indexes are rebuilt once at the end instead of following every write.
  if (auto b = store.begin_bulk_load(); !b.ok()) {
    std::cerr << b.error().message << "\n";
    return 1;
  }
  auto words = read_vocabulary(vocabulary);
  if (!words.ok()) {
    std::cerr << words.error().message << "\n";
    return 1;
  }
  auto plan = make_plan(store, std::move(*words));
  if (!plan.ok()) {
    std::cerr << plan.error().message << "\n";
    return 1;
  }
  Generator gen(store, std::move(*plan), seed, first + count);
  std::atomic<std::uint64_t> next{first};
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> failed{false};
  std::mutex err_mu;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (;;) {
        const std::uint64_t i = next.fetch_add(1);
        if (i >= first + count || failed) return;
        if (auto r = gen.one(i); !r.ok()) {
          const std::lock_guard lock(err_mu);
          std::cerr << "matter " << i << ": " << r.error().code << ": " << r.error().message
                    << "\n";
          failed = true;
          return;
        }
        const auto n = ++done;
        if (n % 50000 == 0) {
          const double s =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          std::fprintf(stderr, "%llu matters, %.0f/s\n", static_cast<unsigned long long>(n),
                       static_cast<double>(n) / s);
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto rebuild_start = std::chrono::steady_clock::now();
  if (auto e = store.end_bulk_load(); !e.ok()) {
    std::cerr << "rebuilding the search indexes: " << e.error().message << "\n";
    return 1;
  }
  std::fprintf(
      stderr, "search indexes rebuilt in %.1f s\n",
      std::chrono::duration<double>(std::chrono::steady_clock::now() - rebuild_start).count());
  store.close();
  std::fprintf(
      stderr, "added %llu matters in %.1f s (%.0f/s); %llu commits of %.1f units, %.2f ms each\n",
      static_cast<unsigned long long>(done.load()), s, static_cast<double>(done.load()) / s,
      static_cast<unsigned long long>(commits.load()),
      commits ? static_cast<double>(units) / static_cast<double>(commits) : 0.0,
      commits ? static_cast<double>(commit_us) / 1000.0 / static_cast<double>(commits) : 0.0);
  return failed ? 1 : 0;
}
