#include "report/minutes.hpp"

#include <set>

#include "domain/dialogue.hpp"
#include "domain/text.hpp"
#include "report/format.hpp"

namespace doithoai::report {

namespace {

const Agency* find_agency(const Reference& ref, const std::string& code) {
  for (const auto& a : ref.agencies) {
    if (a.code == code) return &a;
  }
  return nullptr;
}

std::string agency_name(const Reference& ref, const std::string& code) {
  const Agency* a = find_agency(ref, code);
  return a != nullptr ? a->name : code;
}

std::string unit_name(const Reference& ref, const std::string& code) {
  const Unit* u = ref.units.find(code);
  return u != nullptr ? u->full_name() : code;
}

std::string field_name(const Reference& ref, const std::string& code) {
  for (const auto& f : ref.fields) {
    if (f.code == code) return f.name;
  }
  return code;
}

// "Nguyễn Văn An (xã Vĩnh An)": the name and the commune, never a phone or an address.
std::string speaker(const std::string& name, const std::string& unit_code, const Reference& ref) {
  std::string out = name.empty() ? std::string("Đại biểu dự hội nghị") : name;
  if (!unit_code.empty()) out.append(" (").append(unit_name(ref, unit_code)).append(")");
  return out;
}

bool is_secretary(const store::BoardMember& m) {
  return text::fold(m.role).find("thu ky") != std::string::npos;
}

std::string count_of(std::int64_t n, std::string_view what) {
  return format_number(n) + " " + std::string(what);
}

}  // namespace

std::string time_words(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return t;
  return t.substr(0, 2) + " giờ " + t.substr(3, 2) + " phút";
}

std::string outcome_words(const store::Opinion& o, const Reference& ref) {
  using dialogue::Outcome;
  switch (o.outcome) {
    case Outcome::answered: {
      std::string out = "Trả lời trực tiếp tại hội nghị";
      std::string by = o.answered_by;
      if (!o.agency_code.empty()) {
        by.append(by.empty() ? "" : ", ").append(agency_name(ref, o.agency_code));
      }
      if (!by.empty()) out.append(" (").append(by).append(")");
      return out;
    }
    case Outcome::assigned: {
      std::string out = "Giao " + (o.agency_code.empty() ? std::string("cơ quan chuyên môn")
                                                         : agency_name(ref, o.agency_code));
      out.append(" giải quyết, trả lời bằng văn bản");
      if (o.due_on) out.append("; hạn ").append(o.due_on->vi());
      return out;
    }
    case Outcome::forwarded: {
      std::string out = "Thuộc thẩm quyền cấp trên: chuyển ";
      out.append(o.agency_code.empty() ? std::string("cấp trên") : agency_name(ref, o.agency_code));
      out.append(" xem xét, giải quyết");
      return out;
    }
    case Outcome::pending:
      break;
  }
  return "Chưa có kết quả xử lý";
}

Expected<OfficialDocument> dialogue_minutes(const store::DialogueRecord& record,
                                            const Reference& ref) {
  const auto& d = record.dialogue;
  if (!dialogue::counts_as_held(d.status)) {
    return conflict("dialogue_not_held", "Hội nghị đối thoại chưa tổ chức (trạng thái: " +
                                             std::string(dialogue::name_vi(d.status)) +
                                             "): biên bản chỉ lập cho hội nghị đã tổ chức");
  }
  OfficialDocument doc;
  const Agency* host = find_agency(ref, d.host_agency_code);
  const std::string host_name = host != nullptr ? host->name : d.host_agency_code;
  doc.issuing_body = host_name;
  if (host != nullptr && host->parent_code) {
    if (const Agency* parent = find_agency(ref, *host->parent_code)) {
      doc.parent_body = parent->name;
    }
  }
  doc.number = (d.id < 10 ? "0" : "") + std::to_string(d.id) + "/BB-" + d.host_agency_code;
  const Unit* unit = ref.units.find(d.unit_code);
  doc.place = unit != nullptr ? unit->name : d.unit_code;
  doc.date = d.held_on;
  doc.kind = "Biên bản";
  doc.subject = d.title;

  auto& body = doc.body;
  // I. Time and venue.
  body.push_back(Block::heading("I. THỜI GIAN, ĐỊA ĐIỂM"));
  {
    std::string p = "Vào";
    if (!d.starts_at.empty()) p.append(" hồi ").append(time_words(d.starts_at)).append(",");
    p.append(" ").append(document_date(d.held_on));
    if (!d.venue.empty()) p.append(", tại ").append(d.venue);
    p.append(", ").append(host_name).append(" tổ chức ").append(d.title).append(".");
    body.push_back(Block::paragraph(p));
  }

  // II. Who took part.
  body.push_back(Block::heading("II. THÀNH PHẦN THAM DỰ"));
  {
    std::string chair = "Chủ trì hội nghị: " + d.host_name;
    if (!d.host_title.empty() && d.host_name.find(d.host_title) == std::string::npos) {
      chair.append(", ").append(d.host_title);
    }
    body.push_back(Block::paragraph(chair + "."));
  }
  std::string secretary;
  std::vector<std::string> board;
  for (const auto& m : d.board) {
    if (is_secretary(m)) {
      if (secretary.empty()) secretary = m.name;
      continue;
    }
    board.push_back(std::string("- ").append(m.name));
    if (!m.role.empty()) board.back().append(", ").append(m.role);
  }
  if (!board.empty()) {
    body.push_back(Block::paragraph("Đoàn chủ tọa:"));
    for (auto& line : board) body.push_back(Block::paragraph(std::move(line)));
  }
  if (!secretary.empty()) body.push_back(Block::paragraph("Thư ký hội nghị: " + secretary + "."));
  body.push_back(
      Block::paragraph("Tham dự hội nghị có " + count_of(d.attendance, "lượt người") + "."));
  if (!record.village_meetings.empty()) {
    std::int64_t people = 0, opinions = 0;
    for (const auto& m : record.village_meetings) {
      people += m.attendance;
      opinions += m.opinions;
    }
    body.push_back(
        Block::paragraph("Trước hội nghị, đã tổ chức " +
                         count_of(static_cast<std::int64_t>(record.village_meetings.size()),
                                  "hội nghị Nhân dân ở thôn, khu dân cư") +
                         " với " + count_of(people, "lượt người tham dự") + ", tổng hợp được " +
                         count_of(opinions, "ý kiến") + "."));
  }
  std::vector<const store::SpeakerRegistration*> speakers;
  for (const auto& r : record.registrations) {
    if (!r.withdrawn) speakers.push_back(&r);
  }
  if (!speakers.empty()) {
    body.push_back(
        Block::paragraph("Có " + count_of(static_cast<std::int64_t>(speakers.size()), "công dân") +
                         " đăng ký phát biểu tại hội nghị."));
  }

  // III. The opinions, in speaking order.
  body.push_back(Block::heading("III. NỘI DUNG HỘI NGHỊ"));
  if (!d.agenda.empty()) {
    std::string fields;
    for (const auto& a : d.agenda) {
      const std::string name = !a.title.empty() ? a.title : field_name(ref, a.field_code);
      fields.append(fields.empty() ? "" : "; ").append(name);
    }
    body.push_back(
        Block::paragraph("Hội nghị tập trung đối thoại về các lĩnh vực: " + fields + "."));
  }
  DocTable table;
  table.headers = {"STT", "Người phát biểu", "Lĩnh vực", "Nội dung ý kiến",
                   "Kết quả trả lời, xử lý"};
  table.widths = {1.3, 4.5, 3, 6.5, 6};
  table.font_size = 11;
  std::set<Id> listed;
  auto add_opinion = [&](const store::Opinion& o, const std::string& who) {
    listed.insert(o.id);
    table.rows.push_back({std::to_string(table.rows.size() + 1),
                          o.matter_kind == Kind::to_cao ? std::string(kWithheldDenouncer) : who,
                          o.field_code.empty() ? std::string() : field_name(ref, o.field_code),
                          o.summary, outcome_words(o, ref)});
  };
  for (const auto* r : speakers) {
    const std::string who = speaker(r->name, r->unit_code, ref);
    bool spoke = false;
    for (const auto& o : record.opinions) {
      if (o.registration_id == r->id) {
        add_opinion(o, who);
        spoke = true;
      }
    }
    if (!spoke) {
      // A registered speaker with no opinion recorded: what became of them.
      table.rows.push_back({std::to_string(table.rows.size() + 1), who,
                            r->field_code.empty() ? std::string() : field_name(ref, r->field_code),
                            r->topic, std::string(dialogue::name_vi(r->outcome))});
    }
  }
  for (const auto& o : record.opinions) {
    if (listed.count(o.id) == 0) add_opinion(o, speaker(o.speaker_name, "", ref));
  }
  if (!table.rows.empty()) {
    body.push_back(Block::paragraph(
        "Các ý kiến của công dân, theo thứ tự phát biểu, và kết quả trả lời, xử lý:"));
    body.push_back(Block::of_table(std::move(table)));
  } else if (d.opinions_reported) {
    body.push_back(Block::paragraph(
        "Tại hội nghị có " + count_of(*d.opinions_reported, "lượt ý kiến") +
        " (số liệu theo báo cáo kết quả hội nghị; không có danh sách ý kiến chi tiết)."));
  } else {
    body.push_back(Block::paragraph("Không có ý kiến nào được ghi nhận tại hội nghị."));
  }

  // IV. The result and the closing.
  body.push_back(Block::heading("IV. KẾT QUẢ VÀ KẾT LUẬN"));
  const auto& p = record.progress;
  if (p.opinions > 0) {
    std::string result = "Tổng số " + count_of(p.opinions, "ý kiến") + ", trong đó: ";
    std::vector<std::string> parts;
    if (p.answered > 0) {
      parts.push_back(count_of(p.answered, "ý kiến được trả lời trực tiếp tại hội nghị"));
    }
    if (p.assigned > 0) {
      parts.push_back(count_of(p.assigned, "ý kiến giao cơ quan chuyên môn giải quyết"));
    }
    if (p.forwarded > 0) {
      parts.push_back(count_of(p.forwarded, "ý kiến thuộc thẩm quyền cấp trên, chuyển cấp trên"));
    }
    if (p.pending > 0) parts.push_back(count_of(p.pending, "ý kiến chưa xử lý"));
    for (std::size_t i = 0; i < parts.size(); ++i)
      result.append(i == 0 ? "" : "; ").append(parts[i]);
    body.push_back(Block::paragraph(result + "."));
  }
  if (!d.summary.empty()) {
    body.push_back(Block::paragraph("Kết luận của đồng chí chủ trì hội nghị: " + d.summary));
  }
  body.push_back(Block::paragraph(
      "Hội nghị kết thúc cùng ngày. Biên bản được lập thành 02 bản có giá trị như nhau, đã được "
      "thông qua tại hội nghị."));

  std::set<std::string> assigned;
  for (const auto& o : record.opinions) {
    if (o.outcome == dialogue::Outcome::assigned && !o.agency_code.empty()) {
      assigned.insert(o.agency_code);
    }
  }
  for (const auto& code : assigned) doc.recipients.push_back(agency_name(ref, code));
  doc.recipients.emplace_back("Lưu: VT");
  doc.signatures = {Signature{"", "Thư ký", secretary},
                    Signature{"Chủ trì hội nghị", d.host_title, d.host_name}};
  return doc;
}

}  // namespace doithoai::report
