// The reference data every page uses (units, levels, fields, agencies, the working-day
// calendar), read once and shared between requests until the database says it changed.
#include <algorithm>
#include <utility>

#include "domain/text.hpp"
#include "store/store.hpp"
#include "web/internal.hpp"

namespace doithoai::web {

namespace {

// The indexes of items in the Vietnamese order of their names (then their codes).
template <typename T>
std::vector<std::size_t> by_name(const std::vector<T>& items) {
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&items](std::size_t a, std::size_t b) {
    const int c = text::compare_vi(items[a].name, items[b].name);
    return c != 0 ? c < 0 : items[a].code < items[b].code;
  });
  return order;
}

}  // namespace

Expected<Reference> load_reference(store::Store& store) {
  Reference r;
  r.units = TRY(store.units(std::nullopt));
  r.levels = TRY(store.unit_levels());
  r.fields = TRY(store.fields());
  r.agencies = TRY(store.agencies());
  r.tree = UnitTree(r.units);
  r.calendar = WorkingCalendar(TRY(store.holidays(std::nullopt, std::nullopt)));
  // The order of the unit and agency selects, sorted once here rather than on every page.
  r.units_by_name = by_name(r.units);
  r.agencies_by_name = by_name(r.agencies);
  return r;
}

std::string Reference::unit_name(const std::string& code) const {
  const Unit* u = tree.find(code);
  return u ? u->full_name() : code;
}

std::string Reference::field_name(const std::string& code) const {
  for (const auto& f : fields) {
    if (f.code == code) return f.name;
  }
  return code;
}

std::string Reference::agency_name(const std::string& code) const {
  for (const auto& a : agencies) {
    if (a.code == code) return a.name;
  }
  return code;
}

std::string Reference::owner_name(Date today) const {
  std::string owner;
  for (const auto& u : units) {
    if (!u.parent_code && u.valid_at(today)) {
      owner = u.full_name();
      break;
    }
  }
  if (owner.empty()) {
    for (const auto& u : units) {
      if (!u.parent_code) {
        owner = u.full_name();
        break;
      }
    }
  }
  // Capitalise the level word: "thành phố Hải Phòng" -> "Thành phố Hải Phòng".
  if (!owner.empty() && owner[0] >= 'a' && owner[0] <= 'z')
    owner[0] = static_cast<char>(owner[0] - 32);
  return owner;
}

SharedReference ReferenceCache::get() {
  // Read the version before the data: a change committed in between makes the next request
  // load again, never keeps older data under a newer version.
  auto version = store_.reference_version();
  if (!version.ok()) return SharedReference(version.error());
  {
    std::lock_guard lock(mutex_);
    if (current_ && version_ == *version) return SharedReference(current_);
  }
  // One load at a time: the requests that arrive meanwhile wait and take its result.
  std::lock_guard building(build_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (current_ && version_ == *version) return SharedReference(current_);
  }
  auto loaded = load_reference(store_);
  if (!loaded.ok()) return SharedReference(loaded.error());
  auto fresh = std::make_shared<const Reference>(std::move(*loaded));
  loads_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  current_ = fresh;
  version_ = *version;
  return SharedReference(std::move(fresh));
}

SharedReference reference(Services& services) {
  return services.reference.get();
}

}  // namespace doithoai::web
