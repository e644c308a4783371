// Tracking codes (mã tra cứu): 10 characters of Crockford base32 (no I, L, O, U), written as
// "XXXXX-XXXXX": short enough to read over the phone, 50 random bits so that guessing or
// enumerating them is hopeless (and public look-ups are rate-limited besides).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace doithoai::store {

std::string new_tracking_code();
// What a person typed, made canonical: case, spaces and hyphens ignored; O read as 0 and I, L
// as 1. nullopt when it cannot be a tracking code.
std::optional<std::string> normalize_tracking_code(std::string_view typed);

}  // namespace doithoai::store
