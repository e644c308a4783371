// Where the API and the CLI get the dialogue figures of a report from: the dialogues the store
// holds (store.dialogues()), counted in SQL for the period and the scope.
#pragma once

#include <memory>

#include "report/summary.hpp"

namespace doithoai::store {
class Store;
}

namespace doithoai::report {

std::unique_ptr<DialogueSource> dialogue_source_for(store::Store& store);

}  // namespace doithoai::report
