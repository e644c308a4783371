// Demo matters for `doithoai serve --demo`: about 400 invented petitions of the 30 communes and
// towns of huyện Vĩnh Bảo (2016-2021), driven through the lifecycle, plus the two proposals of
// the Huyện ủy's 2021 dialogue named in the press. Generated from a fixed seed with our own
// PRNG, so every machine gets the same set (tracking codes aside, which are random).
#pragma once

#include "domain/result.hpp"
#include "store/store.hpp"

namespace doithoai::cli {

// Creates the demo matters and returns how many; does nothing and returns 0 when the database
// already holds a matter. Any refusal by the store is returned as the Error.
Expected<int> load_demo_matters(store::Store& store);

}  // namespace doithoai::cli
