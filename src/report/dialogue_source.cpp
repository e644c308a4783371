#include "report/dialogue_source.hpp"

#include <map>

#include "store/dialogues.hpp"
#include "store/store.hpp"

namespace doithoai::report {

namespace {

// The dialogues held in the period: in the scope's unit (with its subtree and the units merged
// into it), or hosted by the agency; the totals, the figures of each host and of each unit where
// they were held (the summary rolls those up into its rows), from one grouped read.
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
    std::map<std::string, DialogueTally> hosts, units;
    for (const auto& cell : TRY(dialogues_.count_by_unit_and_host(q))) {
      const DialogueTally t = tally(cell.counts);
      for (DialogueTally* into :
           {&f.total, &hosts[cell.host_agency_code], &units[cell.unit_code]}) {
        into->dialogues += t.dialogues;
        into->attendances += t.attendances;
        into->submissions += t.submissions;
      }
    }
    f.by_host_agency.assign(hosts.begin(), hosts.end());
    f.by_unit.assign(units.begin(), units.end());
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
