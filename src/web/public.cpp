// The public portal: no login, nothing personal. Home, submitting a matter and its receipt,
// tracking by code with the rating form, published answers, the guide.
#include <algorithm>

#include "domain/text.hpp"
#include "store/matter_service.hpp"
#include "store/store.hpp"
#include "store/tracking_code.hpp"
#include "web/format.hpp"
#include "web/internal.hpp"

namespace doithoai::web {

namespace {

Date today() {
  return vietnam_date(now_utc());
}

std::vector<Event> matter_events(store::Store& store, Id id) {
  store::EventQuery q;
  q.entity_type = "matter";
  q.entity_id = std::to_string(id);
  q.limit = 200;
  auto events = store.events(q);
  return events.ok() ? std::move(events).value() : std::vector<Event>{};
}

// The first deadline still to meet, if any.
const deadlines::Deadline* next_deadline(const store::MatterRecord& r) {
  const deadlines::Deadline* next = nullptr;
  for (const auto& d : r.deadlines) {
    if (!d.met_on && (next == nullptr || d.due_on < next->due_on)) next = &d;
  }
  return next;
}

Data answer_data(Lang lang, const Answer& a, const Reference& ref) {
  Data d;
  d.set("text", a.text);
  d.set("form", std::string(msg(lang, "answer_form_" + a.form)));
  if (!a.document_number.empty()) d.set("document_number", a.document_number);
  if (a.date) d.set("date", format_date(*a.date));
  if (!a.agency_code.empty()) d.set("agency", ref.agency_name(a.agency_code));
  return d;
}

Data deadlines_data(Lang lang, const store::MatterRecord& r, const Reference& ref) {
  List list;
  for (const auto& dl : r.deadlines) {
    const auto words = deadline_words(lang, dl, today(), ref.calendar);
    Data d;
    d.set("step", step_name(lang, dl.step));
    d.set("due_on", format_date(dl.due_on));
    d.set("words", words.text);
    d.set("state", words.state);
    list.push_back(d);
  }
  return list;
}

// The matter as the public may see it: no people, no content, no staff names.
Data public_matter(Lang lang, const store::MatterRecord& r, const Reference& ref,
                   const std::vector<Event>& events) {
  const auto& m = r.matter;
  Data d;
  d.set("code", m.tracking_code);
  d.set("title", m.title);
  d.set("kind", name_of(lang, m.kind));
  d.set("status", status_data(lang, m.status));
  d.set("unit", ref.unit_name(m.unit_code));
  if (!m.field_code.empty()) d.set("field", ref.field_name(m.field_code));
  d.set("received_on", format_date(m.received_on));
  if (m.answered_on) d.set("answered_on", format_date(*m.answered_on));
  d.set("deadlines", deadlines_data(lang, r, ref));
  d.set("has_deadlines", !r.deadlines.empty());
  List steps;
  for (const auto& s : store::public_timeline(events)) {
    Data step;
    step.set("at", format_datetime(s.at));
    const auto a = lifecycle::parse_action(s.step);
    step.set("name", a ? name_of(lang, *a) : std::string(msg(lang, "timeline_" + s.step)));
    steps.push_back(step);
  }
  d.set("timeline", steps);
  if (const Answer* a = store::public_answer(r)) d.set("answer", answer_data(lang, *a, ref));
  if (m.rating) d.set("rating", std::string(msg(lang, "rating_" + std::to_string(*m.rating))));
  return d;
}

Expected<store::MatterRecord> find_by_code(store::Store& store, const std::string& typed) {
  const auto code = store::normalize_tracking_code(typed);
  if (!code) return not_found("matter_not_found", "Không tìm thấy vụ việc với mã tra cứu này");
  return store.matters().get_by_tracking_code(*code);
}

// The submit form, empty or with what was typed and the errors.
http::Response submit_form(Services& services, Page& page, const Reference& ref, const Form* form,
                           const Error* error, int status) {
  const Lang lang = page.lang;
  auto value = [form](std::string_view k) { return form ? form->value(k) : std::string(); };
  Data d;
  for (const auto* k : {"title", "content", "name", "phone", "email", "address"}) {
    d.set(k, value(k));
  }
  d.set("kinds", kind_options(lang, value("kind")));
  d.set("fields", field_options(ref.fields, value("field_code")));
  d.set("units", unit_options(lang, ref, value("unit_code"), today(), false));
  if (error) {
    static const std::pair<std::string_view, std::string_view> kLabels[] = {
        {"kind", "label_kind"},   {"unit_code", "label_commune"}, {"field_code", "label_field"},
        {"title", "label_title"}, {"content", "label_content"},   {"name", "label_name"},
        {"phone", "label_phone"}, {"email", "label_email"},       {"address", "label_address"}};
    std::string label;
    for (const auto& [f, key] : kLabels) {
      if (f == error->field) label = std::string(msg(lang, key));
    }
    const auto text = field_error_message(lang, *error, label);
    if (!label.empty()) {
      d.set("err_" + error->field, text);
      Data summary;
      summary.set("text", text);
      summary.set("href", "#f-" + error->field);
      d.set("error_summary", summary);
    } else {
      Data summary;
      summary.set("text", text);
      d.set("error_summary", summary);
    }
  }
  page.section = "submit";
  return render(services, page, "submit", d, std::string(msg(lang, "submit_title")), status);
}

}  // namespace

void register_public_pages(http::Router& router, Services& services) {
  auto& store = services.context.store;

  router.get("/", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    store::MatterQuery q;
    q.published_only = true;
    q.sort = store::SortOrder::updated_desc;
    q.per_page = 6;
    auto newest = store.matters().list(q);
    if (!newest.ok()) return error_page(services, page, newest.error());
    List items;
    for (const auto& m : newest->items) {
      Data d;
      d.set("title", m.title);
      d.set("href", "/ket-qua/" + m.tracking_code);
      d.set("unit", ref->unit_name(m.unit_code));
      d.set("kind", name_of(lang, m.kind));
      if (m.answered_on) d.set("answered_on", format_date(*m.answered_on));
      items.push_back(d);
    }
    Data d;
    d.set("has_newest", !items.empty());
    d.set("newest", items);
    d.set("published_total", format_number(newest->total));
    // The most read answers (view counts as last written; see web/views.hpp).
    if (auto viewed = store.most_viewed(5); viewed.ok() && !viewed->empty()) {
      List most;
      for (const auto& v : *viewed) {
        Data x;
        x.set("title", v.title);
        x.set("href", "/ket-qua/" + v.tracking_code);
        x.set("unit", ref->unit_name(v.unit_code));
        x.set("kind", name_of(lang, v.kind));
        x.set("views", msg(lang, "views_count", {format_number(v.views)}));
        most.push_back(x);
      }
      d.set("most_viewed", most);
      d.set("has_most_viewed", true);
    }
    add_dialogue_home(services, lang, d);
    add_reception_home(services, lang, d);
    page.section = "home";
    return render(services, page, "home", d, std::string(msg(lang, "home_title")));
  });

  router.get("/gui-phan-anh", [&services](http::Request& request) {
    auto page = page_for(services, request);
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    return submit_form(services, page, *ref, nullptr, nullptr, 200);
  });

  // Like the API's public submission, the form is checked on the I/O thread and handed to the
  // writer; the receipt's redirect (or the form again) goes back once the write is on disk.
  router.post_async(
      "/gui-phan-anh", [&services, &store](http::Request& request, const http::Respond& respond) {
        auto now = [&respond](http::Response response) {
          respond([response = std::move(response)] { return response; });
        };
        auto page = page_for(services, request);
        auto ref = reference(services);
        if (!ref.ok()) return now(error_page(services, page, ref.error()));
        auto form = Form::parse(request, {"csrf_token", "kind", "field_code", "unit_code", "title",
                                          "content", "name", "phone", "email", "address"});
        if (!form.ok()) return now(error_page(services, page, form.error()));
        if (auto csrf = check_csrf(page, *form); !csrf.ok())
          return now(submit_form(services, page, *ref, &*form, &csrf.error(), 403));
        if (!services.public_submissions.try_take({"s:" + request.remote_address}, now_utc())) {
          const auto e = Error::make(
              ErrorKind::rate_limited, "too_many_submissions",
              "Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn, vui lòng thử lại sau");
          return now(submit_form(services, page, *ref, &*form, &e, 429));
        }
        auto matter = store::read_public_submission(*form, ref->tree, today());
        if (!matter.ok())
          return now(submit_form(services, page, *ref, &*form, &matter.error(), 422));
        store::create_with_code_async(
            store.matters(), std::move(matter).value(), Actor{std::nullopt, "public"},
            [&services, respond, page = std::move(page), ref = std::move(ref),
             form = std::move(form).value()](Expected<store::MatterRecord> created) {
              respond([&services, page, ref, form,
                       created = std::move(created)]() mutable -> http::Response {
                if (!created.ok())
                  return submit_form(services, page, *ref, &form, &created.error(), 422);
                return redirect("/bien-nhan/" + created->matter.tracking_code);
              });
            });
      });

  router.get("/bien-nhan/{code}", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto record = find_by_code(store, request.path_param("code"));
    if (!record.ok()) return error_page(services, page, record.error());
    Data d = public_matter(lang, *record, *ref, {});
    if (const auto* next = next_deadline(*record)) {
      Data n;
      n.set("step", step_name(lang, next->step));
      n.set("due_on", format_date(next->due_on));
      n.set("words", deadline_words(lang, *next, today(), ref->calendar).text);
      n.set("explain", std::string(msg(lang, "next_" + next->step)));
      d.set("next", n);
    }
    d.set("track_href", "/tra-cuu/" + record->matter.tracking_code);
    page.section = "submit";
    return render(services, page, "receipt", d, std::string(msg(lang, "receipt_title")));
  });

  router.get("/tra-cuu", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    Data d;
    page.section = "track";
    if (const auto typed = request.query_param("ma")) {
      d.set("code", *typed);
      const auto code = store::normalize_tracking_code(*typed);
      if (code && store.matters().get_by_tracking_code(*code).ok()) {
        return redirect("/tra-cuu/" + *code);
      }
      d.set("error", std::string(msg(lang, code ? "track_not_found" : "track_bad_code")));
      return render(services, page, "track_form", d, std::string(msg(lang, "track_title")),
                    code ? 404 : 422);
    }
    return render(services, page, "track_form", d, std::string(msg(lang, "track_title")));
  });

  router.get("/tra-cuu/{code}", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto record = find_by_code(store, request.path_param("code"));
    if (!record.ok()) return error_page(services, page, record.error());
    // A merged matter's code leads to the matter it went into: show that one's code.
    if (record->matter.tracking_code != request.path_param("code")) {
      const auto typed = store::normalize_tracking_code(request.path_param("code"));
      if (typed && *typed != record->matter.tracking_code)
        page.flashes.emplace_back(msg(lang, "track_merged"));
    }
    Data d = public_matter(lang, *record, *ref, matter_events(store, record->matter.id));
    const auto& m = record->matter;
    if (lifecycle::next_status(m.status, lifecycle::Action::rate, m.kind)) {
      Data rate;
      rate.set("action", "/tra-cuu/" + m.tracking_code + "/danh-gia");
      List options;
      for (int i = 3; i >= 1; --i) {
        options.push_back(option(std::to_string(i),
                                 std::string(msg(lang, "rating_" + std::to_string(i))),
                                 m.rating && *m.rating == i));
      }
      rate.set("options", options);
      if (const auto e = request.query_param("loi"); e && *e == "rating")
        rate.set("error", std::string(msg(lang, "rating_required")));
      d.set("rate", rate);
    }
    if (request.query_param("da-danh-gia")) page.flashes.emplace_back(msg(lang, "rating_thanks"));
    page.section = "track";
    return render(services, page, "track", d, std::string(msg(lang, "track_title")));
  });

  router.post("/tra-cuu/{code}/danh-gia", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    auto form = Form::parse(request, {"csrf_token", "rating"});
    if (!form.ok()) return error_page(services, page, form.error());
    if (auto csrf = check_csrf(page, *form); !csrf.ok())
      return error_page(services, page, csrf.error());
    auto record = find_by_code(store, request.path_param("code"));
    if (!record.ok()) return error_page(services, page, record.error());
    const std::string back = "/tra-cuu/" + record->matter.tracking_code;
    auto rated = store::rate_matter(store.matters(), record->matter, *form, today());
    if (!rated.ok()) {
      if (rated.error().code == "bad_rating") return redirect(back + "?loi=rating#danh-gia");
      return error_page(services, page, rated.error());
    }
    return redirect(back + "?da-danh-gia=1");
  });

  router.get("/ket-qua", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    store::MatterQuery q;
    q.published_only = true;
    q.sort = store::SortOrder::updated_desc;
    const auto field = request.query_param("field").value_or("");
    const auto unit = request.query_param("unit").value_or("");
    const auto kind = request.query_param("kind").value_or("");
    const auto words = request.query_param("q").value_or("");
    std::vector<std::string> filters;
    if (!words.empty()) {
      if (words.size() > 200 || !text::valid_utf8(words)) {
        return error_page(
            services, page,
            invalid("bad_query", "Từ khóa tìm kiếm không hợp lệ (tối đa 200 ký tự)", "q"));
      }
      q.text = words;
      filters.push_back(msg(lang, "filter_words", {words}));
    }
    q.field_code = field;
    if (!field.empty()) filters.push_back(ref->field_name(field));
    if (!unit.empty()) {
      if (!ref->tree.contains(unit)) {
        return error_page(services, page, invalid("unknown_unit", "Đơn vị không tồn tại", "unit"));
      }
      q.unit_codes = ref->tree.rollup(unit);
      filters.push_back(ref->unit_name(unit));
    }
    if (!kind.empty()) {
      q.kind = parse_kind(kind);
      if (!q.kind) {
        return error_page(services, page,
                          invalid("unknown_kind", "Loại vụ việc không hợp lệ", "kind"));
      }
      filters.push_back(name_of(lang, *q.kind));
    }
    const auto page_no = request.query_param("page").value_or("1");
    q.page = std::clamp(std::atoi(page_no.c_str()), 1, 100000);
    q.per_page = 10;
    auto result = store.matters().list(q);
    if (!result.ok()) return error_page(services, page, result.error());
    List items;
    for (std::size_t i = 0; i < result->items.size(); ++i) {
      const auto& m = result->items[i];
      auto record = store.matters().get(m.id);
      if (!record.ok()) continue;
      Data d;
      // The store's snippet is escaped already, with the matched words in <mark>.
      if (i < result->snippets.size() && !result->snippets[i].empty())
        d.set("snippet", result->snippets[i]);
      d.set("title", m.title);
      d.set("href", "/ket-qua/" + m.tracking_code);
      d.set("unit", ref->unit_name(m.unit_code));
      d.set("kind", name_of(lang, m.kind));
      if (!m.field_code.empty()) d.set("field", ref->field_name(m.field_code));
      if (m.answered_on) d.set("answered_on", format_date(*m.answered_on));
      if (const Answer* a = store::public_answer(*record)) {
        std::string excerpt = text::truncate_utf8(a->text, 280);
        if (a->text.size() > 280) excerpt.append("…");
        d.set("excerpt", excerpt);
      }
      items.push_back(d);
    }
    Data d;
    d.set("items", items);
    d.set("kinds", kind_options(lang, kind));
    d.set("fields", field_options(ref->fields, field));
    d.set("units", unit_options(lang, *ref, unit, std::nullopt, false));
    d.set("q", words);
    d.set("count", msg(lang, "answers_count",
                       {result->total_capped ? std::string(msg(lang, "more_than_total")) + " " +
                                                   format_number(result->total)
                                             : format_number(result->total)}));
    std::string filter_words;
    for (const auto& f : filters) filter_words += (filter_words.empty() ? "" : " · ") + f;
    if (!filter_words.empty()) d.set("filters", filter_words);
    d.set("pager", pager(lang,
                         url_with("/ket-qua",
                                  {{"q", words}, {"field", field}, {"unit", unit}, {"kind", kind}}),
                         result->total, q.page, q.per_page));
    page.section = "answers";
    return render(services, page, "answers", d, std::string(msg(lang, "answers_title")));
  });

  router.get("/ket-qua/{code}", [&services, &store](http::Request& request) {
    auto page = page_for(services, request);
    const Lang lang = page.lang;
    auto ref = reference(services);
    if (!ref.ok()) return error_page(services, page, ref.error());
    auto record = find_by_code(store, request.path_param("code"));
    if (!record.ok() || !record->matter.published) {
      return error_page(services, page,
                        not_found("answer_not_found", "Không tìm thấy kết quả trả lời công khai"));
    }
    services.views.count(record->matter.id);
    Data d = public_matter(lang, *record, *ref, {});
    page.section = "answers";
    return render(services, page, "answer", d, record->matter.title);
  });

  router.get("/huong-dan", [&services](http::Request& request) {
    auto page = page_for(services, request);
    page.section = "guide";
    return render(services, page, "guide", Data{}, std::string(msg(page.lang, "guide_title")));
  });
}

}  // namespace doithoai::web
