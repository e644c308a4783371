// Field suggestion: the lexicon fallback, the fastText model, the held-out split and the
// suggester that switches between them.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "search/fasttext_model.hpp"
#include "search/lexicon.hpp"
#include "search/suggester.hpp"

namespace doithoai::search {
namespace {

std::vector<Field> fields() {
  return {{"nong_nghiep", "Nông nghiệp và phát triển nông thôn", {}, 10, true},
          {"giai_phong_mat_bang", "Giải phóng mặt bằng", {}, 20, true},
          {"van_hoa_xa_hoi", "Văn hóa - xã hội", {}, 30, true},
          {"cu", "Lĩnh vực cũ", {}, 40, false},
          {"khac", "Khác", {}, 100, true}};
}

class TempDir {
 public:
  TempDir() {
    std::string p = (std::filesystem::temp_directory_path() / "doithoai-search-XXXXXX").string();
    if (::mkdtemp(p.data()) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = p;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

TEST(Lexicon, FieldNamesAloneGiveASuggestion) {
  const Lexicon lexicon(fields(), {});
  auto s = lexicon.suggest("Chậm giải phóng mặt bằng dự án", "");
  EXPECT_EQ(s.field_code, "giai_phong_mat_bang");
  EXPECT_GT(s.confidence, 0.0);
  EXPECT_EQ(s.source, "lexicon");
  s = lexicon.suggest("Phat trien nong thon", "");  // no tones
  EXPECT_EQ(s.field_code, "nong_nghiep");
  s = lexicon.suggest("Xin chào", "Không có từ nào của lĩnh vực.");
  EXPECT_EQ(s.field_code, "");
  EXPECT_EQ(s.confidence, 0.0);
  // "Khác" is one syllable: too vague to count; an inactive field is never suggested.
  EXPECT_EQ(lexicon.suggest("Việc khác", "").field_code, "");
  EXPECT_EQ(lexicon.suggest("lĩnh vực cũ", "").field_code, "");
}

TEST(Lexicon, PhrasesFromTheFileAndTheKindFromTheTitle) {
  const std::vector<LexiconEntry> entries = {
      {"nong_nghiep", {"phân bón", "lúa"}}, {"van_hoa_xa_hoi", {"học phí", "trường học"}},
      {"kind:khieu_nai", {"khiếu nại"}},    {"kind:kien_nghi", {"kiến nghị", "đề nghị"}},
      {"kind:to_cao", {"tố cáo"}},          {"unknown_field", {"lúa"}}};
  const Lexicon lexicon(fields(), entries);
  auto s = lexicon.suggest("Kiến nghị về giá phân bón", "Giá lúa thấp. Đề nghị hỗ trợ.");
  EXPECT_EQ(s.field_code, "nong_nghiep");
  EXPECT_EQ(s.kind, Kind::kien_nghi);
  EXPECT_GT(s.kind_confidence, 0.5);
  s = lexicon.suggest("Khiếu nại việc thu học phí", "Đề nghị trả lại tiền.");
  EXPECT_EQ(s.field_code, "van_hoa_xa_hoi");
  EXPECT_EQ(s.kind, Kind::khieu_nai);  // the title's first words outweigh "đề nghị" in the text
  s = lexicon.suggest("Về trường học", "Tôi tố cáo hiệu trưởng.");
  EXPECT_EQ(s.kind, Kind::to_cao);
  s = lexicon.suggest("Về trường học", "");
  EXPECT_EQ(s.kind, Kind::phan_anh);  // no cue: feedback
  EXPECT_EQ(s.kind_confidence, 0.0);
}

TEST(Lexicon, TheShippedFileReadsAndRejectsBadLines) {
  const auto shipped = read_lexicon_file(DOITHOAI_SOURCE_DIR "/data/field_lexicon.tsv");
  ASSERT_TRUE(shipped.ok()) << shipped.error().message;
  EXPECT_GE(shipped->size(), 10u);
  EXPECT_TRUE(read_lexicon_file("/nonexistent/field_lexicon.tsv")->empty());
  TempDir dir;
  std::ofstream(dir.file("bad.tsv")) << "code\twords\nkind:nope\tx\n";
  const auto bad = read_lexicon_file(dir.file("bad.tsv"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("dòng 2"), std::string::npos);
}

TEST(HeldOut, IsAboutOneInFiveAndDeterministic) {
  int held = 0;
  for (Id id = 1; id <= 10000; ++id) held += held_out(id) ? 1 : 0;
  EXPECT_GT(held, 1800);
  EXPECT_LT(held, 2200);
  EXPECT_EQ(held_out(42), held_out(42));
}

// A small synthetic corpus: three fields with their own vocabulary.
std::vector<Example> corpus(int n) {
  const std::vector<std::tuple<std::string, std::string, Kind>> kinds = {
      {"nong_nghiep", "lúa phân bón ruộng tưới tiêu mương", Kind::kien_nghi},
      {"giai_phong_mat_bang", "bồi thường thu hồi đất tái định cư dự án", Kind::khieu_nai},
      {"van_hoa_xa_hoi", "trường học học phí trạm y tế thuốc", Kind::phan_anh}};
  std::vector<Example> out;
  for (int i = 0; i < n; ++i) {
    const auto& [field, words, kind] = kinds[static_cast<std::size_t>(i) % kinds.size()];
    out.push_back(Example{i + 1, "Về " + words.substr(0, words.find(' ', 8)),
                          words + " thôn " + std::to_string(i % 7), field, kind});
  }
  return out;
}

TEST(FieldModel, TrainsSavesLoadsAndPredictsWithConfidence) {
  TempDir dir;
  const auto path = dir.file("model.bin");
  const auto examples = corpus(300);
  double last = -1;
  TrainOptions options;
  options.epochs = 20;
  options.buckets = 1000;
  ASSERT_TRUE(train_model(examples, path, options, [&](double p) { last = p; }).ok());
  EXPECT_DOUBLE_EQ(last, 1.0);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_FALSE(std::filesystem::exists(path + ".train.tmp"));
  auto model = FieldModel::load(path);
  ASSERT_TRUE(model.ok()) << model.error().message;
  const auto s = (*model)->suggest("Giá phân bón", "Ruộng lúa thiếu nước tưới");
  EXPECT_EQ(s.field_code, "nong_nghiep");
  EXPECT_EQ(s.kind, Kind::kien_nghi);
  EXPECT_EQ(s.source, "model");
  EXPECT_GT(s.confidence, 0.5);
  EXPECT_LE(s.confidence, 1.0);
  const auto acc = evaluate(**model, corpus(30));
  EXPECT_EQ(acc.examples, 30u);
  EXPECT_GT(acc.field(), 0.9);
}

TEST(FieldModel, BadFilesAndCancellingAreErrorsNotCrashes) {
  TempDir dir;
  std::ofstream(dir.file("junk.bin")) << "not a model";
  EXPECT_FALSE(FieldModel::load(dir.file("junk.bin")).ok());
  EXPECT_FALSE(FieldModel::load(dir.file("missing.bin")).ok());
  EXPECT_FALSE(train_model({}, dir.file("m.bin"), {}).ok());
  std::atomic<bool> cancel{true};
  TrainOptions options;
  options.buckets = 1000;
  const auto cancelled = train_model(corpus(300), dir.file("m.bin"), options, {}, &cancel);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().code, "cancelled");
  EXPECT_FALSE(std::filesystem::exists(dir.file("m.bin")));
}

TEST(Suggester, UsesTheLexiconUntilAModelFileAppears) {
  TempDir dir;
  const auto path = dir.file("model.bin");
  auto lexicon = std::make_shared<const Lexicon>(fields(), std::vector<LexiconEntry>{});
  Suggester suggester(lexicon, path, std::chrono::milliseconds(0));
  EXPECT_EQ(suggester.suggest("Giải phóng mặt bằng", "").source, "lexicon");
  TrainOptions options;
  options.epochs = 5;
  options.buckets = 1000;
  ASSERT_TRUE(train_model(corpus(90), path, options).ok());
  EXPECT_EQ(suggester.suggest("Giải phóng mặt bằng", "").source, "model");
  std::filesystem::remove(path);
  EXPECT_EQ(suggester.suggest("Giải phóng mặt bằng", "").source, "lexicon");
}

}  // namespace
}  // namespace doithoai::search
