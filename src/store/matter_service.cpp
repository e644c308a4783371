#include "store/matter_service.hpp"

#include <memory>
#include <set>

#include "store/tracking_code.hpp"

namespace doithoai::store {

using permissions::Action;

MatterScope matter_scope(const permissions::Subject& subject, const UnitTree& tree) {
  MatterScope s;
  std::set<std::string> units, agencies;
  for (const auto& g : subject.grants) {
    if (!permissions::role_permits(g.role, Action::read_matter)) continue;
    if (g.scope_kind == Grant::ScopeKind::unit) {
      if (g.scope_is_root) s.everything = true;
      for (auto& c : tree.subtree(g.scope_code)) units.insert(std::move(c));
    } else {
      agencies.insert(g.scope_code);
      if (g.role != Role::officer) {
        for (auto& c : tree.subtree(g.agency_unit_code)) units.insert(std::move(c));
      }
    }
  }
  s.units.assign(units.begin(), units.end());
  s.agencies.assign(agencies.begin(), agencies.end());
  return s;
}

Expected<void> restrict_to_scope(MatterQuery& query, const permissions::Subject& subject,
                                 const UnitTree& tree) {
  auto scope = matter_scope(subject, tree);
  if (scope.everything) return {};
  if (scope.units.empty() && scope.agencies.empty()) {
    return Error::make(ErrorKind::forbidden, "forbidden",
                       "Tài khoản chưa được phân quyền xem vụ việc");
  }
  query.scope_units = std::move(scope.units);
  query.scope_agencies = std::move(scope.agencies);
  return {};
}

permissions::Target matter_target(const UnitTree& tree, const Matter& matter) {
  permissions::Target t;
  t.unit_path = tree.path(matter.unit_code);
  t.agency_code = matter.agency_code;
  t.handler = matter.handler;
  return t;
}

Expected<bool> reveal_people(MatterStore& matters, const permissions::Subject& subject,
                             const UnitTree& tree, const Matter& matter, const Actor& actor) {
  if (!matter.identity_protected) return true;
  if (!permissions::can(subject, Action::view_identity, matter_target(tree, matter))) return false;
  TRY(matters.record_identity_view(matter.id, actor));
  return true;
}

Expected<bool> reveal_visitor(ReceptionStore& receptions, MatterStore& matters,
                              const permissions::Subject& subject, const UnitTree& tree,
                              const Visit& visit, const permissions::Target& agency_target,
                              const Actor& actor) {
  if (visit.kind != Kind::to_cao) return true;
  permissions::Target target = agency_target;
  if (visit.matter_id) target = matter_target(tree, TRY(matters.get(*visit.matter_id)).matter);
  if (!permissions::can(subject, Action::view_identity, target)) return false;
  TRY(receptions.record_identity_view(visit.id, actor));
  return true;
}

Visit withhold_visitor(Visit visit) {
  if (visit.kind != Kind::to_cao) return visit;
  visit.name = std::string(kWithheldDenouncer);
  visit.address.clear();
  visit.phone.clear();
  visit.id_number.clear();
  return visit;
}

Expected<Kind> read_kind(const input::Source& in) {
  const auto code = TRY(in.string("kind", 32));
  const auto kind = parse_kind(code);
  if (!kind) {
    return invalid(
        "unknown_kind",
        "Loại vụ việc không hợp lệ (phan_anh, kien_nghi, de_xuat, gop_y, khieu_nai, to_cao)",
        "kind");
  }
  return *kind;
}

Expected<NewMatter> read_staff_matter(const input::Source& in, const UnitTree& tree) {
  NewMatter m;
  m.kind = TRY(read_kind(in));
  const auto channel = parse_channel(TRY(in.string("channel", 32)));
  if (!channel) return invalid("unknown_channel", "Kênh tiếp nhận không hợp lệ", "channel");
  m.unit_code = TRY(in.string("unit_code", 64));
  if (!tree.contains(m.unit_code))
    return invalid("unknown_unit", "Đơn vị không tồn tại: \"" + m.unit_code + "\"", "unit_code");
  m.field_code = TRY(in.optional_string("field_code", 64)).value_or("");
  m.title = TRY(in.string("title", 500));
  m.submission.channel = *channel;
  m.submission.received_on = TRY(in.date("received_at"));
  m.submission.title = m.title;
  m.submission.content = TRY(in.string("content", 50000));
  return m;
}

namespace {

// Whether to try again with another code: the one drawn was taken, and attempts are left.
bool draw_again(const Expected<MatterRecord>& created, int attempt) {
  return !created.ok() && created.error().code == "tracking_code_taken" && attempt < 4;
}

void create_attempt(MatterStore& matters, NewMatter matter, const Actor& actor,
                    MatterStore::CreatedRecord done, int attempt) {
  matter.tracking_code = new_tracking_code();
  // The matter travels with the unit of work, shared rather than copied; it is copied only for
  // another attempt when its code was taken.
  auto held = std::make_shared<const NewMatter>(std::move(matter));
  matters.create_record_async(
      held, actor,
      [&matters, held, actor, done = std::move(done), attempt](Expected<MatterRecord> created) {
        if (!draw_again(created, attempt)) {
          done(std::move(created));
          return;
        }
        create_attempt(matters, *held, actor, done, attempt + 1);
      });
}

}  // namespace

Expected<MatterRecord> create_with_code(MatterStore& matters, NewMatter matter,
                                        const Actor& actor) {
  for (int attempt = 0;; ++attempt) {
    matter.tracking_code = new_tracking_code();
    auto created = matters.create_record(matter, actor);
    if (!draw_again(created, attempt)) return created;
  }
}

void create_with_code_async(MatterStore& matters, NewMatter matter, const Actor& actor,
                            MatterStore::CreatedRecord done) {
  create_attempt(matters, std::move(matter), actor, std::move(done), 0);
}

Error action_not_allowed(const Matter& matter, lifecycle::Action action) {
  std::string names;
  for (const auto a : lifecycle::allowed_actions(matter.status, matter.kind)) {
    if (!names.empty()) names += ", ";
    names += lifecycle::name_vi(a);
  }
  return conflict("action_not_allowed",
                  "Không thể \"" + std::string(lifecycle::name_vi(action)) + "\" khi vụ việc " +
                      std::string(name_vi(matter.status)) + "." +
                      (names.empty() ? "" : " Được phép: " + names + "."),
                  "action");
}

Expected<ActionCommand> read_action_command(const input::Source& in, lifecycle::Action action,
                                            const Matter& current) {
  ActionCommand c;
  c.matter_id = current.id;
  c.action = action;
  c.on = vietnam_date(now_utc());
  c.expected_version = current.version;
  if (const auto v = TRY(in.integer("version"))) c.expected_version = static_cast<int>(*v);
  using A = lifecycle::Action;
  switch (action) {
    case A::classify:
      if (TRY(in.optional_string("kind", 32))) c.kind = TRY(read_kind(in));
      c.field_code = TRY(in.optional_string("field_code", 64)).value_or("");
      c.unit_code = TRY(in.optional_string("unit_code", 64)).value_or("");
      if (!c.kind && c.field_code.empty() && c.unit_code.empty()) {
        return invalid("required", "Cần ít nhất một trong kind, field_code, unit_code",
                       "field_code");
      }
      break;
    case A::assign:
      c.agency_code = TRY(in.string("agency_code", 64));
      c.handler = TRY(in.optional_string("handler", 64)).value_or("");
      break;
    case A::answer:
    case A::answer_from_higher:
    case A::guide: {
      Answer a;
      a.form = action == A::guide ? "guide"
               : action == A::answer_from_higher
                   ? "from_higher"
                   : TRY(in.optional_string("form", 16)).value_or("written");
      if (a.form != "direct" && a.form != "written" && a.form != "from_higher" &&
          a.form != "guide") {
        return invalid("bad_form", "form phải là direct hoặc written", "form");
      }
      a.text = TRY(in.string("text", 50000));
      a.document_number = TRY(in.optional_string("document_number", 100)).value_or("");
      a.signed_by = TRY(in.optional_string("signed_by", 200)).value_or("");
      a.agency_code = TRY(in.optional_string("agency_code", 64)).value_or("");
      a.date = TRY(in.optional_date("date"));
      if ((a.form == "written" || a.form == "guide") && a.document_number.empty()) {
        return invalid("required", "Văn bản cần có số hiệu", "document_number");
      }
      if (a.form == "written" && !a.date)
        return invalid("required", "Văn bản cần có ngày ban hành", "date");
      c.answer = std::move(a);
      break;
    }
    case A::refuse:
      c.ground = TRY(in.string("ground", 2000));
      break;
    case A::merge: {
      const auto into = TRY(in.integer("into"));
      if (!into) return invalid("required", "Cần mã số vụ việc được gộp vào: \"into\"", "into");
      c.merge_into = *into;
      break;
    }
    case A::extend:
      c.decision_number = TRY(in.string("decision_number", 100));
      break;
    default:
      break;
  }
  c.note = TRY(in.optional_string("note", 2000)).value_or("");
  return c;
}

Expected<Matter> perform_action(MatterStore& matters, const UnitTree& tree,
                                const permissions::Subject& subject, const Actor& actor,
                                Id matter_id, lifecycle::Action action, const input::Source& in) {
  const auto record = TRY(matters.get(matter_id));
  const auto& current = record.matter;
  if (current.merged_into)
    return conflict("matter_merged", "Vụ việc đã được gộp vào vụ việc khác", "action");
  TRY(permissions::require(subject, lifecycle::permission_for(action),
                           matter_target(tree, current)));
  if (action == lifecycle::Action::rate) {
    return Error::make(ErrorKind::forbidden, "forbidden",
                       "Mức độ hài lòng do người gửi đánh giá qua mã tra cứu");
  }
  if (!lifecycle::next_status(current.status, action, current.kind))
    return action_not_allowed(current, action);
  auto command = TRY(read_action_command(in, action, current));
  // Re-classifying into another unit must stay within the officer's scope too.
  if (!command.unit_code.empty()) {
    if (!tree.contains(command.unit_code))
      return invalid("unknown_unit", "Đơn vị không tồn tại", "unit_code");
    permissions::Target to = matter_target(tree, current);
    to.unit_path = tree.path(command.unit_code);
    TRY(permissions::require(subject, lifecycle::permission_for(action), to));
  }
  if (command.merge_into) {
    const auto other = TRY(matters.get(*command.merge_into));
    TRY(permissions::require(subject, Action::merge_matter, matter_target(tree, other.matter)));
  }
  return matters.apply(command, actor);
}

Expected<NewMatter> read_public_submission(const input::Source& in, const UnitTree& tree,
                                           Date today) {
  NewMatter m;
  const auto kind_code = TRY(in.string("kind", 32));
  const auto kind = parse_kind(kind_code);
  if (!kind) return invalid("unknown_kind", "Loại phản ánh, kiến nghị không hợp lệ", "kind");
  m.kind = *kind;
  m.unit_code = TRY(in.string("unit_code", 64));
  if (!tree.contains(m.unit_code))
    return invalid("unknown_unit", "Xã, phường không tồn tại", "unit_code");
  m.field_code = TRY(in.optional_string("field_code", 64)).value_or("");
  m.title = TRY(in.string("title", 500));
  m.submission.channel = Channel::online;
  m.submission.received_on = today;
  m.submission.title = m.title;
  m.submission.content = TRY(in.string("content", 20000));
  Person p;
  p.name = TRY(in.string("name", 200));
  p.phone = TRY(in.optional_string("phone", 50)).value_or("");
  p.email = TRY(in.optional_string("email", 200)).value_or("");
  p.address = TRY(in.optional_string("address", 500)).value_or("");
  m.submission.people.push_back(std::move(p));
  m.submission.recorded_by = "public";
  return m;
}

Expected<Matter> rate_matter(MatterStore& matters, const Matter& matter, const input::Source& in,
                             Date today) {
  const auto rating = in.integer("rating");
  if (!rating.ok() || !*rating || **rating < 1 || **rating > 3) {
    return invalid("bad_rating",
                   "Mức độ hài lòng: 1 (Chưa hài lòng), 2 (Hài lòng), 3 (Rất hài lòng)", "rating");
  }
  if (!lifecycle::next_status(matter.status, lifecycle::Action::rate, matter.kind)) {
    return conflict("not_answered_yet", "Chỉ đánh giá được sau khi vụ việc đã được trả lời",
                    "rating");
  }
  ActionCommand c;
  c.matter_id = matter.id;
  c.expected_version = matter.version;
  c.action = lifecycle::Action::rate;
  c.on = today;
  c.rating = static_cast<int>(**rating);
  return matters.apply(c, Actor{std::nullopt, "public"});
}

std::vector<TimelineStep> public_timeline(const std::vector<Event>& events_newest_first) {
  std::vector<TimelineStep> out;
  for (auto it = events_newest_first.rbegin(); it != events_newest_first.rend(); ++it) {
    const auto& e = *it;
    if (e.action.rfind("matter.", 0) != 0 || e.action == "matter.identity_view") continue;
    std::string step = e.action.substr(7);
    if (step != "create" && step != "submission_add" && !lifecycle::parse_action(step)) continue;
    out.push_back(TimelineStep{e.at, std::move(step)});
  }
  return out;
}

const Answer* public_answer(const MatterRecord& record) {
  if (!record.matter.published) return nullptr;
  const Answer* found = nullptr;
  for (const auto& a : record.answers) {
    if (a.form != "guide") found = &a;
  }
  return found;
}

}  // namespace doithoai::store
