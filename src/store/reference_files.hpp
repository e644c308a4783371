// Reads the reference data that seeds an empty database: data/levels.tsv, units.tsv,
// agencies.tsv, fields.tsv, holidays.tsv, deadline_rules.tsv and reception_duties.tsv (described
// in data/README.md).
//
// The files are UTF-8, TAB-separated; lines starting with '#' and empty lines are ignored; the
// first other line is the header row and must name the columns exactly. Every row is checked
// (column count, required values, ISO dates, known level/parent/predecessor/unit codes, no
// duplicate codes, 0/1 flags, valid UTF-8, no control characters; deadline rules also with
// deadlines::validate, known kind codes, and no two rows for the same kind, step and valid_from).
// The first problem found is returned as Error{invalid, "bad_reference_data"} whose message names
// the file and the line, e.g. "data/units.tsv dòng 12: mã đơn vị cha không tồn tại: 999".
//
// Derived values: Unit::successor_codes from the predecessors of later units, and
// Agency::valid_to from the valid_to of the agency's unit (an agency ends with its unit).
#pragma once

#include <string>

#include "domain/result.hpp"
#include "store/store.hpp"

namespace doithoai::store {

Expected<ReferenceData> load_reference_data(const std::string& dir);

}  // namespace doithoai::store
