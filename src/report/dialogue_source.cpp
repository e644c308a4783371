#include "report/dialogue_source.hpp"

#include "store/store.hpp"

namespace doithoai::report {

std::unique_ptr<DialogueSource> dialogue_source_for(store::Store& /*store*/) {
  // TODO(dialogues): a source over store.dialogues() once dialogues are stored; see
  // DialogueQuery for what it must count (held in the period, in the units or by the host).
  return std::make_unique<NoDialogueSource>();
}

}  // namespace doithoai::report
