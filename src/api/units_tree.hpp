// The unit hierarchy lives in domain/unit_tree.hpp (the report module needs it too); the API
// keeps its name for it.
#pragma once

#include "domain/unit_tree.hpp"

namespace doithoai::api {

using doithoai::UnitTree;

}  // namespace doithoai::api
