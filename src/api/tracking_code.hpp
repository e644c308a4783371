// Tracking codes now live in store/tracking_code.hpp (the web pages use them too).
#pragma once

#include "store/tracking_code.hpp"

namespace doithoai::api {
using store::new_tracking_code;
using store::normalize_tracking_code;
}  // namespace doithoai::api
