// A zip archive built in memory (libzip), for the Office Open XML packages. Private to report/.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/result.hpp"

namespace doithoai::report::detail {

// (name, bytes) in order; names are stored as UTF-8. Deflated.
Expected<std::string> zip_parts(const std::vector<std::pair<std::string, std::string>>& parts);

// Escapes text for XML character data and attribute values.
std::string xml_escape(std::string_view s);

}  // namespace doithoai::report::detail
