// Where the API and the CLI get the dialogue figures of a report from. This is the one place
// to wire the dialogues module in: until it stores dialogues, the answer is NoDialogueSource
// (no figure claimed, `dialogues_recorded: false` in the report).
#pragma once

#include <memory>

#include "report/summary.hpp"

namespace doithoai::store {
class Store;
}

namespace doithoai::report {

std::unique_ptr<DialogueSource> dialogue_source_for(store::Store& store);

}  // namespace doithoai::report
