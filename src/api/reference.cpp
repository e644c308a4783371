// Units (with mergers), agencies, fields and unit levels: the reference data every screen uses.
#include <regex>

#include "api/internal.hpp"
#include "store/store.hpp"

namespace doithoai::api {

namespace {

using permissions::Action;

Expected<void> check_code(const std::string& code, const std::string& field) {
  static const std::regex kCode("[A-Za-z0-9_.-]{1,32}");
  if (!std::regex_match(code, kCode)) {
    return invalid("bad_code",
                   "Mã chỉ gồm chữ cái không dấu, số, '.', '_' hoặc '-' (tối đa 32 ký tự)", field);
  }
  return {};
}

Expected<void> check_level(store::Store& store, const std::string& level) {
  for (const auto& l : TRY(store.unit_levels())) {
    if (l.code == level) return {};
  }
  return invalid("unknown_level", "Cấp đơn vị hành chính không tồn tại: \"" + level + "\"",
                 "level");
}

// Reads {code, name, type_name, level, parent_code?, note?} from a JSON object.
Expected<Unit> read_unit(const json& object, const std::string& prefix) {
  static const char* kAllowed[] = {"code",        "name", "type_name", "level",
                                   "parent_code", "note", "valid_from"};
  if (!object.is_object()) {
    return invalid("wrong_type", "\"" + prefix + "\" phải là một đối tượng", prefix);
  }
  for (const auto& [key, value] : object.items()) {
    if (std::find(std::begin(kAllowed), std::end(kAllowed), key) == std::end(kAllowed)) {
      return invalid("unknown_field", "Trường không được hỗ trợ: \"" + prefix + key + "\"",
                     prefix + key);
    }
  }
  auto get = [&](const char* key, bool required) -> Expected<std::string> {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required)
        return invalid("required", "Thiếu thông tin bắt buộc: \"" + prefix + key + "\"",
                       prefix + key);
      return std::string();
    }
    if (!it->is_string()) {
      return invalid("wrong_type", "Trường \"" + prefix + key + "\" phải là chuỗi ký tự",
                     prefix + key);
    }
    return it->get<std::string>();
  };
  Unit unit;
  unit.code = TRY(get("code", true));
  TRY(check_code(unit.code, prefix + "code"));
  unit.name = TRY(get("name", true));
  unit.type_name = TRY(get("type_name", true));
  unit.level = TRY(get("level", true));
  const auto parent = TRY(get("parent_code", false));
  if (!parent.empty()) unit.parent_code = parent;
  unit.note = TRY(get("note", false));
  const auto from = TRY(get("valid_from", false));
  if (!from.empty()) {
    const auto d = Date::parse_iso(from);
    if (!d)
      return invalid("bad_date", "Ngày không hợp lệ (cần dạng YYYY-MM-DD)", prefix + "valid_from");
    unit.valid_from = *d;
  } else {
    unit.valid_from = vietnam_date(now_utc());
  }
  return unit;
}

// Where a change to units happens, for the permission check: under the parent, or the root.
Expected<permissions::Target> placement_target(store::Store& store, const Unit& unit) {
  if (!unit.parent_code) return permissions::Target{};
  auto parent = store.unit(*unit.parent_code);
  if (!parent.ok()) {
    return invalid("unknown_parent", "Đơn vị cấp trên không tồn tại: \"" + *unit.parent_code + "\"",
                   "parent_code");
  }
  return unit_target(store, *unit.parent_code);
}

}  // namespace

void register_reference_routes(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get(
      "/api/v1/units",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        TRY(require(principal, Action::read_reference, {}));
        const auto at = TRY(query_date(request, "at"));
        const auto level = request.query_param("level").value_or("");
        const auto parent = request.query_param("parent").value_or("");
        const std::string key = "units|" + (at ? at->iso() : "") + "|" + level + "|" + parent;
        if (auto cached = services.reference_cache.get(key)) {
          return cached_json_response(cached);
        }
        const auto generation = services.reference_cache.generation();
        json items = json::array();
        for (const auto& unit : TRY(store.units(at))) {
          if (!level.empty() && unit.level != level) continue;
          if (!parent.empty() && unit.parent_code.value_or("") != parent) continue;
          items.push_back(unit_json(unit));
        }
        json body{{"items", std::move(items)}, {"at", at ? json(at->iso()) : json(nullptr)}};
        body["total"] = body["items"].size();
        return cached_json_response(services.reference_cache.put(key, body.dump(), generation));
      }));

  router.get("/api/v1/units/{code}",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               TRY(require(principal, Action::read_reference, {}));
               const auto unit = TRY(store.unit(request.path_param("code")));
               return json_response(200, unit_json(unit));
             }));

  router.post("/api/v1/units",
              handler([&services, &store](http::Request& request) -> Expected<http::Response> {
                const auto principal = TRY(authenticate(services.context, request));
                const auto body = TRY(Body::parse(request, {"code", "name", "type_name", "level",
                                                            "parent_code", "note", "valid_from"}));
                auto unit = TRY(read_unit(body.raw(), ""));
                TRY(require(principal, Action::manage_units, TRY(placement_target(store, unit))));
                TRY(check_level(store, unit.level));
                const auto created =
                    TRY(store.add_unit(unit, Actor{principal.user.id, principal.user.username}));
                services.reference_cache.invalidate();
                return json_response(201, unit_json(created));
              }));

  // A merger by decree: the listed units end the day before `effective` and the new unit
  // succeeds them. Records stay attached to the old units; reports roll them up.
  router.post(
      "/api/v1/units/mergers",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        const auto body = TRY(Body::parse(request, {"from", "into", "effective", "decision"}));
        UnitMerger merger;
        merger.from_codes = TRY(body.string_array("from"));
        if (merger.from_codes.empty()) {
          return invalid("required", "Cần ít nhất một đơn vị được sáp nhập", "from");
        }
        const json* into = body.find("into");
        if (into == nullptr) return invalid("required", "Thiếu đơn vị mới: \"into\"", "into");
        merger.into = TRY(read_unit(*into, "into."));
        merger.into.valid_from = TRY(body.date("effective"));
        merger.decision = TRY(body.string("decision", 500));
        for (const auto& code : merger.from_codes) {
          auto target = unit_target(store, code);
          if (!target.ok()) {
            return invalid("unknown_unit", "Đơn vị không tồn tại: \"" + code + "\"", "from");
          }
          TRY(require(principal, Action::manage_units, *target));
        }
        TRY(require(principal, Action::manage_units, TRY(placement_target(store, merger.into))));
        TRY(check_level(store, merger.into.level));
        const auto created =
            TRY(store.merge_units(merger, Actor{principal.user.id, principal.user.username}));
        services.reference_cache.invalidate();
        return json_response(201, unit_json(created));
      }));

  router.get("/api/v1/unit-levels",
             handler([&services, &store](http::Request& request) -> Expected<http::Response> {
               const auto principal = TRY(authenticate(services.context, request));
               TRY(require(principal, Action::read_reference, {}));
               json items = json::array();
               for (const auto& l : TRY(store.unit_levels())) {
                 items.push_back({{"code", l.code}, {"name", l.name}, {"rank", l.rank}});
               }
               return json_response(200, json{{"items", items}, {"total", items.size()}});
             }));

  router.get(
      "/api/v1/agencies",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        TRY(require(principal, Action::read_reference, {}));
        const auto unit = request.query_param("unit").value_or("");
        const std::string key = "agencies|" + unit;
        if (auto cached = services.reference_cache.get(key)) {
          return cached_json_response(cached);
        }
        const auto generation = services.reference_cache.generation();
        json items = json::array();
        for (const auto& a : TRY(store.agencies())) {
          if (!unit.empty() && a.unit_code != unit) continue;
          items.push_back({{"code", a.code},
                           {"name", a.name},
                           {"kind", a.kind},
                           {"unit_code", a.unit_code},
                           {"parent_code", a.parent_code ? json(*a.parent_code) : json(nullptr)},
                           {"valid_to", a.valid_to ? json(a.valid_to->iso()) : json(nullptr)}});
        }
        json body{{"items", items}, {"total", items.size()}};
        return cached_json_response(services.reference_cache.put(key, body.dump(), generation));
      }));

  router.get(
      "/api/v1/fields",
      handler([&services, &store](http::Request& request) -> Expected<http::Response> {
        const auto principal = TRY(authenticate(services.context, request));
        TRY(require(principal, Action::read_reference, {}));
        json items = json::array();
        for (const auto& f : TRY(store.fields())) {
          items.push_back({{"code", f.code},
                           {"name", f.name},
                           {"parent_code", f.parent_code ? json(*f.parent_code) : json(nullptr)},
                           {"sort_order", f.sort_order},
                           {"active", f.active}});
        }
        return json_response(200, json{{"items", items}, {"total", items.size()}});
      }));
}

}  // namespace doithoai::api
