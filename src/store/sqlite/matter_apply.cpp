// A lifecycle action on a matter, as one unit of work: the version and the lifecycle are
// checked again, the action's parameters validated, the row updated (version + 1), deadlines
// recomputed and one Event appended with the state before and after.
#include <algorithm>
#include <unordered_set>

#include "store/sqlite/matter_ops.hpp"
#include "store/sqlite/ops.hpp"

namespace doithoai::store::sqlite::matter_ops {

namespace {

using lifecycle::Action;
using nlohmann::json;

constexpr int kMaxMergeHops = 10000;

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::optional<std::string_view> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::string_view(s);
}

Error stale_version() {
  return conflict("stale_version", "Vụ việc vừa được người khác cập nhật, vui lòng tải lại",
                  "expected_version");
}

Error not_allowed(const Matter& m, Action action) {
  std::string message = "Không thể thực hiện thao tác \"";
  message.append(lifecycle::name_vi(action))
      .append("\" khi vụ việc ở trạng thái \"")
      .append(name_vi(m.status))
      .append("\". ");
  const auto allowed = lifecycle::allowed_actions(m.status, m.kind);
  if (allowed.empty()) {
    message.append("Vụ việc không còn thao tác nào.");
  } else {
    message.append("Các thao tác được phép: ");
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (i > 0) message.append(", ");
      message.append(lifecycle::name_vi(allowed[i]));
    }
    message.append(".");
  }
  return conflict("action_not_allowed", std::move(message), "action");
}

// The day an action happens: not before the matter was received, not after today.
Expected<void> check_day(const Matter& m, Date on) {
  if (on < m.received_on) {
    return invalid("date_before_receipt",
                   "Ngày thực hiện không được trước ngày nhận vụ việc (" + m.received_on.vi() + ")",
                   "on");
  }
  if (vietnam_date(now_utc()) < on) {
    return invalid("date_in_future", "Ngày thực hiện không được sau ngày hôm nay", "on");
  }
  return {};
}

// The answer an answer, answer_from_higher or guide action records, validated.
Expected<Answer> checked_answer(Connection& c, const Matter& m, const ActionCommand& cmd) {
  if (!cmd.answer) {
    return invalid("answer_required", "Cần nhập nội dung trả lời hoặc văn bản hướng dẫn", "answer");
  }
  Answer a = *cmd.answer;
  switch (cmd.action) {
    case Action::answer:
      if (a.form != "direct" && a.form != "written") {
        return invalid("bad_answer_form",
                       "Hình thức trả lời phải là trả lời trực tiếp (direct) hoặc bằng văn bản "
                       "(written)",
                       "answer.form");
      }
      break;
    case Action::answer_from_higher:
      if (a.form.empty()) a.form = "from_higher";
      if (a.form != "from_higher") {
        return invalid("bad_answer_form",
                       "Hình thức trả lời theo chỉ đạo của cấp trên là from_higher", "answer.form");
      }
      break;
    default:  // guide
      if (a.form.empty()) a.form = "guide";
      if (a.form != "guide") {
        return invalid("bad_answer_form", "Hình thức hướng dẫn, chuyển đơn là guide",
                       "answer.form");
      }
      break;
  }
  if (a.form == "guide") {
    if (blank(a.document_number)) {
      return invalid("document_number_required", "Cần ghi số văn bản hướng dẫn, chuyển đơn",
                     "answer.document_number");
    }
    if (blank(a.agency_code) && blank(a.text)) {
      return invalid("guide_target_required",
                     "Cần ghi cơ quan có thẩm quyền hoặc nội dung hướng dẫn", "answer.agency_code");
    }
  } else {
    if (blank(a.text)) {
      return invalid("answer_text_required", "Nội dung trả lời không được để trống", "answer.text");
    }
    if (a.form != "direct") {
      if (blank(a.document_number)) {
        return invalid("document_number_required", "Cần ghi số văn bản trả lời",
                       "answer.document_number");
      }
      if (!a.date) {
        return invalid("answer_date_required", "Cần ghi ngày của văn bản trả lời", "answer.date");
      }
    }
    if (a.agency_code.empty()) a.agency_code = m.agency_code;
  }
  if (a.date) {
    if (*a.date < m.received_on) {
      return invalid("answer_date_before_receipt",
                     "Ngày văn bản không được trước ngày nhận vụ việc", "answer.date");
    }
    if (vietnam_date(now_utc()) < *a.date) {
      return invalid("answer_date_in_future", "Ngày văn bản không được sau ngày hôm nay",
                     "answer.date");
    }
  }
  if (!a.agency_code.empty()) TRY(check_agency(c, a.agency_code, "answer.agency_code", a.date));
  a.matter_id = m.id;
  a.recorded_at = now_utc();
  return a;
}

Expected<Id> insert_answer(Connection& c, const Answer& a) {
  auto q = TRY(c.cached(
      "INSERT INTO answers (matter_id, form, document_number, date, signed_by, text, agency_code, "
      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  q->bind_all(a.matter_id, a.form, a.document_number, a.date, a.signed_by, a.text,
              null_if_empty(a.agency_code), a.recorded_at);
  TRY(q->run());
  return c.last_insert_rowid();
}

// The steps an action meets on the day it happens.
std::vector<std::string> steps_met_by(Action action) {
  switch (action) {
    case Action::accept:
      return {"notify", "accept"};
    case Action::refuse:
      return {"notify", "accept", "resolve"};
    case Action::answer:
    case Action::answer_from_higher:
    case Action::guide:
      return {"notify", "resolve"};
    default:
      return {};
  }
}

deadlines::Facts facts_of(const Matter& m, const std::vector<deadlines::Deadline>& existing) {
  deadlines::Facts f;
  f.kind = m.kind;
  f.received_on = m.received_on;
  f.accepted_on = m.accepted_on;
  f.extensions = m.extensions;
  for (const auto& d : existing) {
    if (d.met_on) f.met.emplace_back(d.step, *d.met_on);
  }
  return f;
}

json answer_json(const Answer& a) {
  // The words of the answer stay in the answers table; the log records the document.
  return json{{"form", a.form},
              {"document_number", a.document_number},
              {"date", a.date ? json(a.date->iso()) : json(nullptr)},
              {"signed_by", a.signed_by},
              {"agency", a.agency_code.empty() ? json(nullptr) : json(a.agency_code)}};
}

struct MergeTarget {
  Matter before;
  int moved = 0;
};

Expected<MergeTarget> merge_into(Connection& c, const Matter& source, const ActionCommand& cmd) {
  if (!cmd.merge_into) {
    return invalid("merge_target_required", "Cần chọn vụ việc để gộp vào", "merge_into");
  }
  const Id target_id = *cmd.merge_into;
  if (target_id == source.id) {
    return invalid("merge_into_itself", "Không thể gộp vụ việc vào chính nó", "merge_into");
  }
  auto target = TRY(find_matter(c, target_id));
  if (!target) {
    return invalid("unknown_merge_target", "Không tìm thấy vụ việc để gộp vào", "merge_into");
  }
  // Walking the target's merges must never come back to the source.
  {
    std::unordered_set<Id> seen{target_id};
    std::optional<Id> next = target->merged_into;
    for (int hops = 0; next && hops < kMaxMergeHops; ++hops) {
      if (*next == source.id) {
        return conflict("merge_cycle",
                        "Vụ việc đích đã được gộp vào vụ việc này: gộp nữa sẽ tạo vòng lặp",
                        "merge_into");
      }
      if (!seen.insert(*next).second) break;
      auto m = TRY(find_matter(c, *next));
      next = m ? m->merged_into : std::nullopt;
    }
  }
  if (target->merged_into) {
    return conflict("merge_target_merged",
                    "Vụ việc đích đã được gộp vào vụ việc khác, hãy gộp vào vụ việc đó",
                    "merge_into");
  }
  if (target->status == Status::closed) {
    return conflict("merge_target_closed", "Vụ việc đích đã kết thúc", "merge_into");
  }
  MergeTarget out{std::move(*target), 0};
  {
    auto q = TRY(c.cached("UPDATE submissions SET matter_id = ? WHERE matter_id = ?"));
    q->bind_all(target_id, source.id);
    TRY(q->run());
    out.moved = c.changes();
  }
  auto q =
      TRY(c.cached("UPDATE matters SET submissions = submissions + ?, head_count = head_count + ?, "
                   "updated_at = ? WHERE id = ?"));
  q->bind_all(source.submissions, source.head_count, now_utc(), target_id);
  TRY(q->run());
  return out;
}

}  // namespace

Expected<Matter> apply_action(Connection& c, const ActionCommand& cmd, const Actor& actor,
                              DeadlineCache& cache) {
  const auto found = TRY(find_matter(c, cmd.matter_id));
  if (!found) return matter_not_found();
  const Matter& before = *found;
  if (before.version != cmd.expected_version) return stale_version();
  const auto next = lifecycle::next_status(before.status, cmd.action, before.kind);
  if (!next) return not_allowed(before, cmd.action);

  Matter after = before;
  after.status = *next;
  json params = json::object();
  if (!cmd.note.empty()) params["note"] = cmd.note;
  std::optional<Answer> answer;
  std::optional<MergeTarget> target;
  const auto context = TRY(cache.get(c));
  const auto existing = TRY(read_deadlines(c, before.id));

  switch (cmd.action) {
    case Action::classify:
      if (cmd.kind) after.kind = *cmd.kind;
      if (!cmd.field_code.empty()) {
        TRY(check_field(c, cmd.field_code));
        after.field_code = cmd.field_code;
      }
      if (!cmd.unit_code.empty()) {
        TRY(check_unit(c, cmd.unit_code, before.received_on, cmd.on));
        after.unit_code = cmd.unit_code;
      }
      // Once a denunciation, always protected: the sender wrote in under that promise.
      after.identity_protected = before.identity_protected || after.kind == Kind::to_cao;
      params["kind"] = code(after.kind);
      params["field"] = after.field_code.empty() ? json(nullptr) : json(after.field_code);
      params["unit"] = after.unit_code;
      break;
    case Action::assign:
      if (blank(cmd.agency_code)) {
        return invalid("agency_required", "Cần chọn cơ quan chủ trì xử lý", "agency_code");
      }
      // The agency must be in office on the day of the assignment.
      TRY(check_agency(c, cmd.agency_code, "agency_code", cmd.on));
      if (!cmd.handler.empty()) {
        auto user = read_user_by_username(c, cmd.handler);
        if (!user.ok()) {
          if (user.error().kind != ErrorKind::not_found) return std::move(user).error();
          return invalid("unknown_handler", "Không tìm thấy người xử lý: " + cmd.handler,
                         "handler");
        }
        if (!user->active) {
          return invalid("handler_inactive", "Tài khoản người xử lý đã bị khóa", "handler");
        }
      }
      after.agency_code = cmd.agency_code;
      after.handler = cmd.handler;
      params["agency"] = cmd.agency_code;
      params["handler"] = cmd.handler.empty() ? json(nullptr) : json(cmd.handler);
      break;
    case Action::accept:
      TRY(check_day(before, cmd.on));
      after.accepted_on = cmd.on;
      params["on"] = cmd.on.iso();
      break;
    case Action::answer:
    case Action::answer_from_higher:
    case Action::guide:
      TRY(check_day(before, cmd.on));
      answer = TRY(checked_answer(c, before, cmd));
      if (cmd.action != Action::guide) after.answered_on = cmd.on;
      params["on"] = cmd.on.iso();
      params["answer"] = answer_json(*answer);
      break;
    case Action::forward_up:
      break;
    case Action::refuse:
      TRY(check_day(before, cmd.on));
      if (blank(cmd.ground)) {
        return invalid("ground_required", "Cần ghi rõ căn cứ không thụ lý", "ground");
      }
      after.refusal_ground = cmd.ground;
      params["on"] = cmd.on.iso();
      params["ground"] = cmd.ground;
      break;
    case Action::merge:
      target = TRY(merge_into(c, before, cmd));
      after.merged_into = target->before.id;
      after.submissions = 0;
      after.head_count = 0;
      params["merge_into"] = target->before.id;
      params["merge_into_tracking_code"] = target->before.tracking_code;
      params["moved_submissions"] = target->moved;
      break;
    case Action::extend:
      if (blank(cmd.decision_number)) {
        return invalid("decision_number_required", "Cần ghi số quyết định gia hạn",
                       "decision_number");
      }
      TRY(deadlines::may_extend(context->rules, facts_of(before, existing)));
      after.extensions = before.extensions + 1;
      params["decision_number"] = cmd.decision_number;
      break;
    case Action::publish:
      after.published = true;
      break;
    case Action::close:
    case Action::reopen:
      break;
    case Action::rate:
      if (!cmd.rating || *cmd.rating < 1 || *cmd.rating > 3) {
        return invalid("bad_rating",
                       "Mức độ hài lòng phải là 1 (Chưa hài lòng), 2 (Hài lòng) hoặc 3 (Rất hài "
                       "lòng)",
                       "rating");
      }
      after.rating = cmd.rating;
      params["rating"] = *cmd.rating;
      break;
  }

  // Deadlines: a step met stays met on the day it first was.
  auto facts = facts_of(after, existing);
  for (const auto& step : steps_met_by(cmd.action)) {
    const bool already = std::any_of(facts.met.begin(), facts.met.end(),
                                     [&](const auto& met) { return met.first == step; });
    if (!already) facts.met.emplace_back(step, cmd.on);
  }
  const auto list = deadlines::compute(context->rules, context->calendar, facts);
  after.next_due_on = TRY(store_deadlines(c, before.id, after.status, list));

  const Timestamp now = now_utc();
  {
    auto q = TRY(c.cached(
        "UPDATE matters SET kind = ?, field_code = ?, unit_code = ?, status = ?, agency_code = ?, "
        "handler = ?, accepted_on = ?, answered_on = ?, next_due_on = ?, extensions = ?, "
        "merged_into = ?, refusal_ground = ?, rating = ?, identity_protected = ?, published = ?, "
        "submissions = ?, head_count = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?"));
    q->bind_all(code(after.kind), null_if_empty(after.field_code), after.unit_code,
                code(after.status), null_if_empty(after.agency_code), null_if_empty(after.handler),
                after.accepted_on, after.answered_on, after.next_due_on, after.extensions,
                after.merged_into, after.refusal_ground, after.rating, after.identity_protected,
                after.published, after.submissions, after.head_count, now, before.id,
                before.version);
    TRY(q->run());
    if (c.changes() != 1) return stale_version();
  }
  if (answer) {
    const Id answer_id = TRY(insert_answer(c, *answer));
    params["answer"]["id"] = answer_id;
  }

  auto updated = TRY(find_matter(c, before.id));
  if (!updated) return matter_not_found();
  json after_json = state_json(*updated);
  after_json["params"] = params;
  after_json["deadlines"] = deadlines_json(list);
  const std::string action = std::string("matter.").append(lifecycle::code(cmd.action));
  TRY(append_event(c, actor, action, "matter", std::to_string(before.id), dump(state_json(before)),
                   dump(after_json)));
  if (target) {
    const json t_before{{"submissions", target->before.submissions},
                        {"head_count", target->before.head_count}};
    const json t_after{{"submissions", target->before.submissions + before.submissions},
                       {"head_count", target->before.head_count + before.head_count},
                       {"merged_from", before.id},
                       {"merged_from_tracking_code", before.tracking_code},
                       {"moved_submissions", target->moved}};
    TRY(append_event(c, actor, "matter.merged_in", "matter", std::to_string(target->before.id),
                     dump(t_before), dump(t_after)));
  }
  return std::move(*updated);
}

}  // namespace doithoai::store::sqlite::matter_ops
