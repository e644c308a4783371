// The minutes (biên bản) of a dialogue conference, built from its record as an official document
// (Nghị định 30/2020): the host agency as issuing body, number, place and date, then the usual
// parts of Vietnamese minutes (time and venue; presiding board and attendance; the opinions in
// speaking order with their outcomes; the result and the closing) and the signatures of the
// secretary and the chair. Pure: the caller reads the record and the reference data.
#pragma once

#include "report/document.hpp"
#include "report/summary.hpp"
#include "store/dialogues.hpp"

namespace doithoai::report {

// The minutes of a dialogue that has been held (held, following up or closed); a dialogue not
// yet held has none: conflict "dialogue_not_held".
Expected<OfficialDocument> dialogue_minutes(const store::DialogueRecord& record,
                                            const Reference& reference);

// "08:00" -> "08 giờ 00 phút"; anything else is returned as it is.
std::string time_words(const std::string& hh_mm);

// The outcome of one opinion as the minutes state it: "Trả lời trực tiếp tại hội nghị (Giám
// đốc Sở Nông nghiệp)", "Giao Sở Tài nguyên và Môi trường giải quyết, hạn 30/10/2021",
// "Thuộc thẩm quyền cấp trên: chuyển cấp trên xem xét, giải quyết".
std::string outcome_words(const store::Opinion& opinion, const Reference& reference);

}  // namespace doithoai::report
