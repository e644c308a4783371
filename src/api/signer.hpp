// The similarity signature of a matter's text, as the search module computes it, in the form
// the store keeps. The store takes it through Options::signer so that a matter and its
// signature are written in one unit of work, whichever front end created the matter.
#pragma once

#include <string>

#include "store/search.hpp"

namespace doithoai::api {

store::MatterSignature matter_signature(const std::string& title, const std::string& summary);
store::MatterSigner matter_signer();

}  // namespace doithoai::api
