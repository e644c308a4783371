#include "store/sqlite/matters.hpp"

#include "store/field_cipher.hpp"
#include "store/sqlite/access.hpp"
#include "store/sqlite/matter_ops.hpp"
#include "store/sqlite/ops.hpp"
#include "store/sqlite/search.hpp"

namespace doithoai::store::sqlite {

namespace {

namespace ops = matter_ops;

class SqliteMatterStore final : public MatterStore {
 public:
  SqliteMatterStore(ReaderPool& readers, Writer& writer, std::string_view secret_key,
                    MatterSigner signer)
      : readers_(readers), writer_(writer), cipher_(secret_key), signer_(std::move(signer)) {}

  Expected<MatterRecord> create_record(const NewMatter& matter, const Actor& actor) override {
    const auto signature = signature_of(matter);
    return write_unit<MatterRecord>(writer_, [&](Connection& c) {
      return ops::create_matter(c, matter, actor, cipher_, cache_,
                                signature ? &*signature : nullptr);
    });
  }

  void create_record_async(const std::shared_ptr<const NewMatter>& matter, const Actor& actor,
                           CreatedRecord done) override {
    auto signature = signature_of(*matter);
    write_unit_async<MatterRecord>(
        writer_,
        [this, matter, actor, signature = std::move(signature)](Connection& c) {
          return ops::create_matter(c, *matter, actor, cipher_, cache_,
                                    signature ? &*signature : nullptr);
        },
        std::move(done));
  }

  Expected<Submission> add_submission(Id matter_id, const Submission& submission,
                                      const Actor& actor) override {
    return write_unit<Submission>(writer_, [&](Connection& c) {
      return ops::add_submission(c, matter_id, submission, actor, cipher_);
    });
  }

  Expected<MatterRecord> get(Id id) override {
    return read_snapshot(readers_, [&](Connection& c) { return ops::read_record(c, id, cipher_); });
  }

  Expected<MatterRecord> get_by_tracking_code(const std::string& code) override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<MatterRecord> {
      const auto id = TRY(ops::find_by_tracking_code(c, code));
      if (!id) return ops::matter_not_found();
      return ops::read_record(c, TRY(ops::final_matter(c, *id)), cipher_);
    });
  }

  Expected<MatterPage> list(const MatterQuery& query) override {
    return read_snapshot(readers_, [&](Connection& c) -> Expected<MatterPage> {
      auto page = TRY(query.text.empty() ? ops::list_matters(c, query) : search_matters(c, query));
      if (query.with_outcomes) {
        page.outcomes.reserve(page.items.size());
        for (const auto& m : page.items) {
          page.outcomes.push_back(
              {TRY(ops::read_answers(c, m.id)), TRY(ops::read_deadlines(c, m.id))});
        }
      }
      return page;
    });
  }

  Expected<Matter> apply(const ActionCommand& command, const Actor& actor) override {
    return write_unit<Matter>(
        writer_, [&](Connection& c) { return ops::apply_action(c, command, actor, cache_); });
  }

  Expected<void> record_identity_view(Id matter_id, const Actor& actor) override {
    return writer_.submit(
        [&](Connection& c) { return ops::record_identity_view(c, matter_id, actor); });
  }

  Expected<std::vector<deadlines::Rule>> deadline_rules() override {
    return read_snapshot(readers_, [](Connection& c) { return read_deadline_rules(c); });
  }

  Expected<deadlines::Rule> add_deadline_rule(const deadlines::Rule& rule,
                                              const Actor& actor) override {
    return write_unit<deadlines::Rule>(
        writer_, [&](Connection& c) { return sqlite::add_deadline_rule(c, rule, actor); });
  }

 private:
  // A new matter's similarity signature, hashed on the caller's thread: the writer only stores
  // it.
  std::optional<MatterSignature> signature_of(const NewMatter& matter) const {
    if (!signer_) return std::nullopt;
    return signer_(matter.title, ops::summary_of(matter.submission.content));
  }

  ReaderPool& readers_;
  Writer& writer_;
  const FieldCipher cipher_;
  ops::DeadlineCache cache_;
  MatterSigner signer_;
};

}  // namespace

std::unique_ptr<MatterStore> make_matter_store(ReaderPool& readers, Writer& writer,
                                               std::string_view secret_key, MatterSigner signer) {
  return std::make_unique<SqliteMatterStore>(readers, writer, secret_key, std::move(signer));
}

}  // namespace doithoai::store::sqlite
