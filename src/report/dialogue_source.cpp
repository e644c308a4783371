#include "report/dialogue_source.hpp"

#include "store/dialogues.hpp"
#include "store/store.hpp"

namespace doithoai::report {

namespace {

// The dialogues held in the period: in the scope's unit (with its subtree and the units merged
// into it), or hosted by the agency; the totals and the figures of each host.
class StoreDialogueSource final : public DialogueSource {
 public:
  explicit StoreDialogueSource(store::DialogueStore& dialogues) : dialogues_(dialogues) {}

  Expected<DialogueFigures> figures(const DialogueQuery& query) override {
    store::DialogueCountQuery q;
    q.from = query.from;
    q.to = query.to;
    q.unit_code = query.unit_code;
    q.host_agency_code = query.host_agency;
    DialogueFigures f;
    f.recorded = true;
    const auto total = TRY(dialogues_.count(q));
    f.total = tally(total);
    for (const auto& host : TRY(dialogues_.count_by_host(q))) {
      f.by_host_agency.emplace_back(host.host_agency_code, tally(host.counts));
    }
    return f;
  }

 private:
  static DialogueTally tally(const store::DialogueCounts& c) {
    return DialogueTally{c.dialogues, c.attendance, c.opinions};
  }

  store::DialogueStore& dialogues_;
};

}  // namespace

std::unique_ptr<DialogueSource> dialogue_source_for(store::Store& store) {
  return std::make_unique<StoreDialogueSource>(store.dialogues());
}

}  // namespace doithoai::report
