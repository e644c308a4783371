// The reception register (Sổ tiếp công dân, mẫu số 03 of Thông tư 04/2021/TT-TTCP) as a printed
// document (A4 landscape, the form's columns in its order) and as an XLSX sheet, from the rows the
// store lists. The register carries the visitor's name, address and ID document (DOMAIN.md),
// never a phone number; a denouncer's identity is never exported (Luật Tố cáo Art. 47): those
// cells say it is withheld.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "report/document.hpp"
#include "report/xlsx.hpp"
#include "store/receptions.hpp"

namespace doithoai::report {

// The form's columns in order: (JSON key, Vietnamese title).
const std::vector<std::pair<std::string, std::string>>& register_columns();

struct RegisterHeading {
  std::string body;         // the agency (or unit) whose register it is: "UBND huyện Vĩnh Bảo"
  std::string parent_body;  // optional
  std::string place;        // "Vĩnh Bảo"
  Date from, to;
  Date as_of;  // the day it is printed
};

// The row as it may leave the system: a denunciation's name, address and ID are withheld.
store::RegisterRow exported_row(const store::RegisterRow& row);

// The cells of an exported row, in the form's order, as text (dates dd/mm/yyyy).
std::vector<std::string> register_cells(const store::RegisterRow& row);

OfficialDocument register_document(const std::vector<store::RegisterRow>& rows,
                                   const RegisterHeading& heading);
XlsxWorkbook register_workbook(const std::vector<store::RegisterRow>& rows,
                               const RegisterHeading& heading);

}  // namespace doithoai::report
