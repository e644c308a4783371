#include "store/sqlite/dialogue_store.hpp"

#include "store/field_cipher.hpp"
#include "store/sqlite/access.hpp"
#include "store/sqlite/dialogue_ops.hpp"

namespace doithoai::store::sqlite {

namespace {

namespace ops = dialogue_ops;

class SqliteDialogueStore final : public DialogueStore {
 public:
  SqliteDialogueStore(ReaderPool& readers, Writer& writer, std::string_view secret_key)
      : readers_(readers),
        writer_(writer),
        key_(secret_key),
        cipher_(secret_key),
        services_{cipher_, key_, cache_} {}

  Expected<Dialogue> create(const NewDialogue& d, const Actor& actor) override {
    return write<Dialogue>([&](Connection& c) { return ops::create_dialogue(c, d, actor); });
  }
  Expected<Dialogue> edit(const DialogueEdit& e, const Actor& actor) override {
    return write<Dialogue>([&](Connection& c) { return ops::edit_dialogue(c, e, actor); });
  }
  Expected<Dialogue> apply(const DialogueCommand& cmd, const Actor& actor) override {
    return write<Dialogue>([&](Connection& c) { return ops::apply_action(c, cmd, actor); });
  }
  Expected<Dialogue> get(Id id) override {
    return read_snapshot(readers_, [&](Connection& c) { return ops::read_dialogue(c, id); });
  }
  Expected<DialogueRecord> record(Id id) override {
    return read_snapshot(readers_,
                         [&](Connection& c) { return ops::read_record(c, id, services_); });
  }
  Expected<DialoguePage> list(const DialogueQuery& q) override {
    return read_snapshot(readers_, [&](Connection& c) { return ops::list_dialogues(c, q); });
  }
  Expected<VillageMeeting> add_village_meeting(const NewVillageMeeting& m,
                                               const Actor& actor) override {
    return write<VillageMeeting>(
        [&](Connection& c) { return ops::add_village_meeting(c, m, actor, services_); });
  }
  Expected<SpeakerRegistration> register_speaker(const NewRegistration& r,
                                                 const Actor& actor) override {
    return write<SpeakerRegistration>(
        [&](Connection& c) { return ops::register_speaker(c, r, actor, services_); });
  }
  Expected<SpeakerRegistration> withdraw_registration(Id dialogue_id, Id registration_id,
                                                      const Actor& actor) override {
    return write<SpeakerRegistration>([&](Connection& c) {
      return ops::withdraw_registration(c, dialogue_id, registration_id, actor, services_);
    });
  }
  Expected<std::vector<SpeakerRegistration>> set_speaking_order(Id dialogue_id,
                                                                const std::vector<Id>& ids,
                                                                const Actor& actor) override {
    return write<std::vector<SpeakerRegistration>>([&](Connection& c) {
      return ops::set_speaking_order(c, dialogue_id, ids, actor, services_);
    });
  }
  Expected<SpeakerRegistration> set_speaker_outcome(Id dialogue_id, Id registration_id,
                                                    dialogue::SpeakerOutcome outcome,
                                                    const Actor& actor) override {
    return write<SpeakerRegistration>([&](Connection& c) {
      return ops::set_speaker_outcome(c, dialogue_id, registration_id, outcome, actor, services_);
    });
  }
  Expected<Opinion> record_opinion(const NewOpinion& o, const Actor& actor) override {
    return write<Opinion>(
        [&](Connection& c) { return ops::record_opinion(c, o, actor, services_); });
  }
  Expected<Opinion> set_outcome(Id dialogue_id, Id opinion_id, const OutcomeCommand& cmd, Date on,
                                const Actor& actor) override {
    return write<Opinion>([&](Connection& c) {
      return ops::set_outcome(c, dialogue_id, opinion_id, cmd, on, actor, services_);
    });
  }
  Expected<Dialogue> record_attendance(Id dialogue_id, int attendance,
                                       const Actor& actor) override {
    return write<Dialogue>(
        [&](Connection& c) { return ops::record_attendance(c, dialogue_id, attendance, actor); });
  }
  Expected<DialogueCounts> count(const DialogueCountQuery& q) override {
    return read_snapshot(readers_, [&](Connection& c) { return ops::count_dialogues(c, q); });
  }
  Expected<std::vector<HostCounts>> count_by_host(const DialogueCountQuery& q) override {
    return read_snapshot(readers_, [&](Connection& c) { return ops::count_by_host(c, q); });
  }
  Expected<std::vector<UnitHostCounts>> count_by_unit_and_host(
      const DialogueCountQuery& q) override {
    return read_snapshot(readers_,
                         [&](Connection& c) { return ops::count_by_unit_and_host(c, q); });
  }

 private:
  template <typename T, typename F>
  Expected<T> write(F&& f) {
    return write_unit<T>(writer_, std::forward<F>(f));
  }

  ReaderPool& readers_;
  Writer& writer_;
  const std::string key_;
  const FieldCipher cipher_;
  matter_ops::DeadlineCache cache_;
  const ops::Services services_;
};

}  // namespace

std::unique_ptr<DialogueStore> make_dialogue_store(ReaderPool& readers, Writer& writer,
                                                   std::string_view secret_key) {
  return std::make_unique<SqliteDialogueStore>(readers, writer, secret_key);
}

}  // namespace doithoai::store::sqlite
