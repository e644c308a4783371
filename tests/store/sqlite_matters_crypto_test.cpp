// Phone and ID numbers at rest: encrypted in the database file, readable only with the key.
#include "store/field_cipher.hpp"
#include "store/matter_test_util.hpp"
#include "store/sqlite/connection.hpp"

namespace doithoai::store {
namespace {

using testing::contains;
using testing::make_new_matter;
using testing::must;

class SqliteMatterEncryption : public testing::MatterStoreTest {};

TEST_F(SqliteMatterEncryption, TheDatabaseFilesNeverHoldAPhoneOrIdNumberInClear) {
  auto nm = make_new_matter("VB-ENC", Kind::to_cao, "2026-11-20");
  nm.submission.people = {testing::make_person("Vũ Quang Trình", "0913579246", "031088123456")};
  const Matter m = create(nm);
  auto more = nm.submission;
  more.people = {testing::make_person("Nguyễn Văn Sơn", "0988776655", "031077654321")};
  must(matters().add_submission(m.id, more, intake()));

  // While open (the WAL holds the commits) and after closing (folded into the main file).
  for (int pass = 0; pass < 2; ++pass) {
    const std::string bytes = testing::database_bytes(path_);
    ASSERT_GT(bytes.size(), 4096u);
    // The scan does see what is stored in clear...
    EXPECT_TRUE(contains(bytes, "Vũ Quang Trình")) << "pass " << pass;
    // ...and never the numbers.
    for (const char* secret : {"0913579246", "031088123456", "0988776655", "031077654321"}) {
      EXPECT_FALSE(contains(bytes, secret)) << secret << " in pass " << pass;
    }
    if (pass == 0) store_->close();
  }

  // Reopened with the key, they read back.
  Options options;
  options.secret_key = testing::test_key();
  auto reopened = testing::open_store(path_, options);
  const auto record = must(reopened->matters().get(m.id));
  ASSERT_EQ(record.submissions.size(), 2u);
  EXPECT_EQ(record.submissions[0].people[0].phone, "0913579246");
  EXPECT_EQ(record.submissions[0].people[0].id_number, "031088123456");
  EXPECT_EQ(record.submissions[1].people[0].phone, "0988776655");
}

TEST_F(SqliteMatterEncryption, TheSameNumberEncryptsDifferentlyEachTime) {
  auto a = make_new_matter("VB-N1", Kind::phan_anh, "2026-11-20");
  auto b = make_new_matter("VB-N2", Kind::phan_anh, "2026-11-20");
  create(a);
  create(b);
  store_->close();
  auto c = must(sqlite::Connection::open(path_, SQLITE_OPEN_READONLY), "open");
  auto q = must(c->prepare("SELECT count(DISTINCT phone_enc), count(*) FROM submission_people"));
  ASSERT_TRUE(must(q.step()));
  EXPECT_EQ(q.int64(1), 2);
  EXPECT_EQ(q.int64(0), 2);  // a fresh nonce per value
}

TEST_F(SqliteMatterEncryption, AnotherKeyGetsAnErrorNotGarbage) {
  const Matter m = create(make_new_matter("VB-KEY", Kind::kien_nghi, "2026-11-20"));
  store_->close();

  Options other;
  other.secret_key = testing::test_key('x');
  auto wrong = testing::open_store(path_, other);
  const auto record = wrong->matters().get(m.id);
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ErrorKind::internal);
  EXPECT_EQ(record.error().code, "decrypt_failed");
  // What is not encrypted is still listed.
  EXPECT_EQ(must(wrong->matters().list({})).total, 1);
}

TEST_F(SqliteMatterEncryption, WithoutAKeyTheStoreOpensButRefusesPhoneAndIdNumbers) {
  const Matter with_numbers = create(make_new_matter("VB-NK-1", Kind::kien_nghi, "2026-11-20"));
  store_->close();

  auto keyless = testing::open_store(path_);  // no secret_key
  EXPECT_FALSE(must(keyless->units(std::nullopt)).empty());
  const auto read = keyless->matters().get(with_numbers.id);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "no_encryption_key");
  EXPECT_EQ(read.error().kind, ErrorKind::internal);

  EventQuery q;
  q.limit = 10000;
  const auto events_before = must(keyless->events(q)).size();
  const auto created = keyless->matters().create(
      make_new_matter("VB-NK-2", Kind::kien_nghi, "2026-11-20"), intake());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, "no_encryption_key");
  EXPECT_EQ(must(keyless->events(q)).size(), events_before);
  EXPECT_FALSE(keyless->matters().get_by_tracking_code("VB-NK-2").ok());

  // A submission without phone or ID number needs no key.
  auto plain = make_new_matter("VB-NK-3", Kind::kien_nghi, "2026-11-20");
  plain.submission.people[0].phone.clear();
  plain.submission.people[0].id_number.clear();
  const auto ok = keyless->matters().create(plain, intake());
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(must(keyless->matters().get(ok->id)).submissions[0].people[0].name, "Nguyễn Văn An");
}

TEST(SqliteMatterKey, AKeyOfTheWrongLengthIsRefusedAtOpen) {
  testing::TempDir dir;
  Options options;
  options.path = dir.file("short.db");
  options.secret_key = std::string(31, 'k');
  const auto opened = open_sqlite(options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::invalid);
  EXPECT_EQ(opened.error().code, "missing_key");
  EXPECT_FALSE(std::filesystem::exists(options.path));
}

TEST(FieldCipher, SealsAndOpensAndRefusesTampering) {
  const FieldCipher cipher(testing::test_key());
  const auto sealed = must(cipher.seal("0912345678"));
  EXPECT_EQ(sealed.size(), 24u + 16u + 10u);
  EXPECT_FALSE(contains(sealed, "0912345678"));
  EXPECT_EQ(must(cipher.open(sealed)), "0912345678");
  auto tampered = sealed;
  tampered.back() = static_cast<char>(tampered.back() ^ 1);
  EXPECT_EQ(cipher.open(tampered).error().code, "decrypt_failed");
  EXPECT_EQ(cipher.open("short").error().code, "decrypt_failed");
  const FieldCipher none("");
  EXPECT_EQ(none.seal("1").error().code, "no_encryption_key");
}

}  // namespace
}  // namespace doithoai::store
