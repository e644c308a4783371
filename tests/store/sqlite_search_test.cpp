// Full-text search of matters in the SQLite store: accent-insensitive matching on a fixed
// corpus, bm25 ranking, prefixes, filters and scope with the text, what the public may search,
// snippets, hostile queries, and the index kept in step by every write (updates, merges,
// deletes). Also the similarity signatures and their LSH candidates.
#include <algorithm>
#include <filesystem>
#include <set>

#include "store/matter_test_util.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/search.hpp"

namespace doithoai::store {
namespace {

using lifecycle::Action;
using testing::d;
using testing::make_new_matter;
using testing::must;

class SqliteSearch : public testing::MatterStoreTest {
 protected:
  Matter add(const std::string& code, const std::string& title, const std::string& content,
             std::string unit = "C1", Kind kind = Kind::phan_anh) {
    auto nm = make_new_matter(code, kind, "2026-09-07", std::move(unit));
    nm.title = title;
    nm.submission.title = title;
    nm.submission.content = content;
    return create(nm);
  }

  MatterPage search(const std::string& text, MatterQuery q = {}) {
    q.text = text;
    q.per_page = 100;
    return must(matters().list(q), "search " + text);
  }

  std::vector<Id> ids(const std::string& text, MatterQuery q = {}) {
    std::vector<Id> out;
    for (const auto& m : search(text, std::move(q)).items) out.push_back(m.id);
    return out;
  }

  std::set<Id> id_set(const std::string& text, MatterQuery q = {}) {
    const auto v = ids(text, std::move(q));
    return {v.begin(), v.end()};
  }

  // How many segments an FTS5 index is made of (its %_idx table has rows for each).
  std::string segments(const std::string& index) {
    return must(raw()->query_text("SELECT count(DISTINCT segid) FROM search." + index + "_idx"));
  }

  // Once caught up, both indexes hold every document exactly as the database gives it.
  bool index_in_step() { return must(store_->search().text_index_consistent()); }

  // The matter classified into dat-dai, assigned to UB-C1 and answered in writing.
  Matter answered(Matter m) {
    auto classify = command(m, Action::classify);
    classify.field_code = "dat-dai";
    m = apply(classify);
    auto assign = command(m, Action::assign);
    assign.agency_code = "UB-C1";
    m = apply(assign);
    auto answer = command(m, Action::answer);
    answer.answer = written_answer();
    return apply(answer);
  }

  // A connection of our own, for the writes no store method makes (deletes, title edits), with
  // the index file attached as the readers have it (schema `search`).
  std::unique_ptr<sqlite::Connection> raw() {
    auto c = must(sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE), "open");
    must(c->exec("ATTACH DATABASE '" + sqlite::SearchIndexer::file_for(path_) + "' AS search"));
    return c;
  }
};

// The fixed corpus of the ranking and matching tests.
class SearchCorpus : public SqliteSearch {
 protected:
  void SetUp() override {
    SqliteSearch::SetUp();
    gpmb = add("S-1", "Chậm chi trả bồi thường giải phóng mặt bằng",
               "Các hộ đã bàn giao mặt bằng nhưng chưa nhận đủ tiền bồi thường.");
    road = add("S-2", "Đường liên thôn xuống cấp", "Đường Đông - Tây nhiều ổ gà sau mưa lũ.");
    road_upper = add("S-3", "ĐƯỜNG TRỤC XÃ NGẬP NƯỚC", "Mưa lớn làm ngập tuyến đường trục xã.");
    unaccented = add("S-4", "Giai phong mat bang du an cum cong nghiep",
                     "Nguoi dan de nghi cong khai phuong an boi thuong.", "C2");
    mention = add("S-5", "Ô nhiễm kênh mương",
                  "Nước thải chăn nuôi chảy ra kênh, gần khu giải phóng mặt bằng cũ.");
    other = add("S-6", "Trợ cấp người cao tuổi", "Chưa nhận trợ cấp tháng này.", "C2");
  }
  Matter gpmb, road, road_upper, unaccented, mention, other;
};

TEST_F(SearchCorpus, UnaccentedWordsFindAccentedTextAndTheReverse) {
  EXPECT_EQ(id_set("giai phong mat bang"), (std::set<Id>{gpmb.id, unaccented.id, mention.id}));
  EXPECT_EQ(id_set("giải phóng mặt bằng"), (std::set<Id>{gpmb.id, unaccented.id, mention.id}));
  EXPECT_EQ(id_set("GIẢI PHÓNG"), (std::set<Id>{gpmb.id, unaccented.id, mention.id}));
  // đ and Đ fold to d; case does not matter.
  EXPECT_EQ(id_set("duong"), (std::set<Id>{road.id, road_upper.id}));
  EXPECT_EQ(id_set("đường"), (std::set<Id>{road.id, road_upper.id}));
  EXPECT_EQ(id_set("Đường"), (std::set<Id>{road.id, road_upper.id}));
  // A query typed in NFD (combining marks) finds the NFC text.
  EXPECT_EQ(id_set("d\u01b0\u0301\u01a1\u0300ng"), (std::set<Id>{road.id, road_upper.id}));
  EXPECT_EQ(id_set("tro cap nguoi cao tuoi"), (std::set<Id>{other.id}));
}

TEST_F(SearchCorpus, EveryWordIsRequired) {
  EXPECT_EQ(id_set("duong ngap"), (std::set<Id>{road_upper.id}));
  EXPECT_TRUE(ids("duong bồi thường").empty());
}

TEST_F(SearchCorpus, TitleMatchesRankAboveMentionsInTheText) {
  const auto ranked = ids("giai phong mat bang");
  ASSERT_EQ(ranked.size(), 3u);
  // In the title (twice over: title and the words again in the text) first; only in the text last.
  EXPECT_EQ(ranked.back(), mention.id);
  EXPECT_NE(std::find(ranked.begin(), ranked.begin() + 2, gpmb.id), ranked.begin() + 2);
}

// On a corpus the bounds do not cut, the order is exactly FTS5's own bm25 (same weights, ties
// newest first): bm25_df is given exact document frequencies when words are rare.
TEST_F(SearchCorpus, TheRankingIsFts5Bm25WhenNothingIsCut) {
  ASSERT_TRUE(index_in_step());  // the index file read directly below holds the corpus
  auto c = raw();
  auto bm25 =
      must(c->prepare("SELECT rowid FROM matter_search WHERE matter_search MATCH ? "
                      "ORDER BY bm25(matter_search, 4.0, 1.0, 2.0), rowid DESC"));
  for (const std::string text : {"giai phong mat bang", "mat bang", "duong", "boi thuong", "kenh",
                                 "tro ca", "nhan", "ngap"}) {
    bm25.reset();
    bm25.bind(1, sqlite::match_expression(text, false));
    std::vector<Id> expected;
    while (must(bm25.step())) expected.push_back(bm25.int64(0));
    ASSERT_FALSE(expected.empty()) << text;
    EXPECT_EQ(ids(text), expected) << text;
    EXPECT_FALSE(search(text).total_capped) << text;
  }
  // The same score, not only the same order: three documents hold each of the four words.
  auto score = must(c->prepare(
      "SELECT bm25(matter_search, 4.0, 1.0, 2.0), bm25_df(matter_search, 4.0, 1.0, 2.0, 3, 3, 3, "
      "3) FROM matter_search WHERE matter_search MATCH ?"));
  score.bind(1, sqlite::match_expression("giai phong mat bang", false));
  int rows = 0;
  while (must(score.step())) {
    EXPECT_NEAR(score.real(0), score.real(1), 1e-9);
    ++rows;
  }
  EXPECT_EQ(rows, 3);
}

TEST_F(SearchCorpus, TheLastWordMatchesAsAPrefixUnlessFollowedByASpace) {
  EXPECT_EQ(id_set("tro ca"), (std::set<Id>{other.id}));  // type-ahead: "ca" -> "cap", "cao"
  EXPECT_EQ(id_set("bồi thườ"), (std::set<Id>{gpmb.id, unaccented.id}));
  EXPECT_TRUE(ids("tro ca ").empty());  // a finished word: exact
}

TEST_F(SearchCorpus, FiltersAndScopeCombineWithTheText) {
  MatterQuery in_c2;
  in_c2.unit_codes = {"C2"};
  EXPECT_EQ(id_set("giai phong mat bang", in_c2), (std::set<Id>{unaccented.id}));
  MatterQuery scoped;
  scoped.scope_units = {"C1"};
  EXPECT_EQ(id_set("giai phong mat bang", scoped), (std::set<Id>{gpmb.id, mention.id}));
  MatterQuery classified;
  classified.statuses = {Status::classified};
  EXPECT_TRUE(ids("giai phong mat bang", classified).empty());
  MatterQuery complaints;
  complaints.kind = Kind::khieu_nai;
  EXPECT_TRUE(ids("duong", complaints).empty());
}

TEST_F(SearchCorpus, PagesCountEveryMatchAndKeepTheRankOrder) {
  MatterQuery q;
  q.text = "giai phong mat bang";
  q.per_page = 2;
  const auto first = must(matters().list(q));
  EXPECT_EQ(first.total, 3);
  ASSERT_EQ(first.items.size(), 2u);
  q.page = 2;
  const auto second = must(matters().list(q));
  EXPECT_EQ(second.total, 3);
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].id, mention.id);
  q.page = 5;
  const auto beyond = must(matters().list(q));
  EXPECT_EQ(beyond.total, 3);
  EXPECT_TRUE(beyond.items.empty());
}

TEST_F(SearchCorpus, SnippetsMarkTheMatchedWordsInTheOriginalText) {
  const auto page = search("tien boi thuong");
  ASSERT_EQ(page.items.size(), 1u);
  ASSERT_EQ(page.snippets.size(), 1u);
  EXPECT_EQ(page.snippets[0],
            "Các hộ đã bàn giao mặt bằng nhưng chưa nhận đủ <mark>tiền</mark> <mark>bồi</mark> "
            "<mark>thường</mark>.");
  // No text search, no snippets.
  EXPECT_TRUE(must(matters().list(MatterQuery{})).snippets.empty());
}

TEST(SearchSnippet, EscapesHtmlAndShortensLongTexts) {
  EXPECT_EQ(sqlite::snippet("<b>Đường</b> & ngõ", {"duong"}, false),
            "&lt;b&gt;<mark>Đường</mark>&lt;/b&gt; &amp; ngõ");
  std::string longer;
  for (int i = 0; i < 60; ++i) longer += "chữ" + std::to_string(i) + " ";
  longer += "đích cuối";
  const auto s = sqlite::snippet(longer, {"dich"}, false, 10);
  EXPECT_EQ(s.rfind("… ", 0), 0u);
  EXPECT_NE(s.find("<mark>đích</mark>"), std::string::npos);
  EXPECT_EQ(sqlite::snippet("không có gì", {"duong"}, false), "");
}

TEST_F(SearchCorpus, HostileQueriesAreWordsAndNothingElse) {
  // FTS5 syntax and SQL are never passed on: only the words are searched.
  for (const std::string& q : std::vector<std::string>{"\"",
                                                       "'",
                                                       "*",
                                                       "-",
                                                       "(",
                                                       ")",
                                                       "NEAR(",
                                                       "a OR b",
                                                       "title:x",
                                                       "{title}: x",
                                                       "^duong",
                                                       "\" OR 1=1 --",
                                                       "'; DROP TABLE matters; --",
                                                       "duong\" OR \"x",
                                                       "\\",
                                                       "%",
                                                       "_",
                                                       "duong AND NOT ngap",
                                                       "NOT",
                                                       "OR",
                                                       "AND",
                                                       std::string(600, 'a'),
                                                       "\x01\x02"}) {
    const auto r = matters().list([&] {
      MatterQuery m;
      m.text = q;
      return m;
    }());
    ASSERT_TRUE(r.ok()) << q << ": " << r.error().message;
  }
  // "duong AND NOT ngap" asks for the four words, all of them: nothing has "and not".
  EXPECT_TRUE(ids("duong AND NOT ngap").empty());
  EXPECT_EQ(id_set("duong\" OR \"ngap"), (std::set<Id>{}));  // needs "or" too
  EXPECT_EQ(id_set("(duong)"), (std::set<Id>{road.id, road_upper.id}));
  EXPECT_TRUE(ids("***").empty());
  EXPECT_EQ(matter_count(), 6);  // nothing dropped
  EXPECT_TRUE(index_in_step());
}

TEST_F(SearchCorpus, ThePublicSearchesPublishedAnswersOnly) {
  MatterQuery pub;
  pub.published_only = true;
  EXPECT_TRUE(ids("duong", pub).empty());  // nothing published yet

  // Answer the road matter and publish it: its title and answer become searchable publicly,
  // not what the citizen wrote.
  Matter m = road;
  m = answered(m);
  EXPECT_TRUE(ids("kinh phi", pub).empty());               // answered, not yet published
  EXPECT_EQ(id_set("kinh phi"), (std::set<Id>{road.id}));  // staff see the answer at once
  m = apply(command(m, Action::publish));
  EXPECT_EQ(id_set("kinh phi", pub), (std::set<Id>{road.id}));
  EXPECT_EQ(id_set("duong lien thon", pub), (std::set<Id>{road.id}));
  EXPECT_TRUE(ids("nhieu o ga", pub).empty());  // the citizen's words stay private
  EXPECT_EQ(id_set("nhieu o ga"), (std::set<Id>{road.id}));
  const auto page = search("kinh phi", pub);
  ASSERT_EQ(page.snippets.size(), 1u);
  EXPECT_NE(page.snippets[0].find("<mark>kinh</mark> <mark>phí</mark>"), std::string::npos);
  EXPECT_TRUE(index_in_step());
}

TEST_F(SqliteSearch, TheIndexFollowsSubmissionsMergesAndDeletes) {
  const Matter a = add("M-1", "Ngập úng khu dân cư", "Nước không thoát được sau mưa.");
  const Matter b = add("M-2", "Cống thoát nước tắc nghẽn", "Cống bị tắc lâu ngày.");
  EXPECT_EQ(id_set("thoat nuoc"), (std::set<Id>{a.id, b.id}));

  // A further submission adds its words to the matter.
  Submission more = make_new_matter("x", Kind::phan_anh, "2026-09-08").submission;
  more.title = "Rác thải ven đường";
  more.content = "Rác thải dồn ứ gây mùi hôi thối.";
  must(matters().add_submission(a.id, more, intake()));
  EXPECT_EQ(id_set("hoi thoi"), (std::set<Id>{a.id}));
  EXPECT_EQ(id_set("rac thai ven duong"), (std::set<Id>{a.id}));
  EXPECT_TRUE(index_in_step());

  // Merging a into b moves a's submissions: their words now find b (a keeps its own title).
  auto merge = command(a, Action::merge);
  merge.merge_into = b.id;
  apply(merge);
  EXPECT_EQ(id_set("hoi thoi"), (std::set<Id>{b.id}));
  MatterQuery with_merged;
  with_merged.include_merged = true;
  EXPECT_EQ(id_set("ngap ung", with_merged), (std::set<Id>{a.id, b.id}));
  EXPECT_EQ(id_set("ngap ung"), (std::set<Id>{b.id}));  // merged ones stay out of lists
  EXPECT_TRUE(index_in_step());

  // Writes no store method makes today still keep the index in step: a new title, a changed
  // content, deleted rows.
  auto c = raw();
  must(c->exec("UPDATE matters SET title = 'Đèn đường hỏng' WHERE id = " + std::to_string(b.id)));
  EXPECT_EQ(id_set("den duong hong"), (std::set<Id>{b.id}));
  EXPECT_EQ(id_set("nghen"), (std::set<Id>{b.id}));        // still the submission's own title...
  EXPECT_EQ(id_set("cong bi tac"), (std::set<Id>{b.id}));  // ...the content's are not
  must(c->exec("UPDATE submissions SET content = 'Bóng đèn cháy' WHERE matter_id = " +
               std::to_string(b.id) + " AND content LIKE 'Cống%'"));
  EXPECT_TRUE(ids("cong bi tac").empty());
  EXPECT_EQ(id_set("bong den chay"), (std::set<Id>{b.id}));
  must(c->exec("DELETE FROM submission_people; DELETE FROM submissions WHERE content LIKE 'Rác%'"));
  EXPECT_TRUE(ids("hoi thoi").empty());
  must(
      c->exec("DELETE FROM matter_deadlines; DELETE FROM submissions; DELETE FROM answers; "
              "DELETE FROM matter_signatures; "
              "UPDATE matters SET merged_into = NULL, status = 'received'; DELETE FROM matters"));
  EXPECT_TRUE(ids("den duong").empty());
  EXPECT_TRUE(index_in_step());
}

// However many matters match, a search reads the matches newest first and ranks at most text_cap
// of those passing the filters, reading at most ten times as many: the total is then a lower
// bound, said by total_capped.
TEST_F(SqliteSearch, ABoundedSearchRanksTheNewestMatchesAndSaysThereAreMore) {
  std::vector<Id> made;
  for (int i = 0; i < 12; ++i) {
    made.push_back(
        add("B-" + std::to_string(i), "Đường thôn " + std::to_string(i), "Đường hỏng.").id);
  }
  // The newest three; one of them holds the word in its title three times over: it ranks first.
  must(raw()->exec("UPDATE matters SET title = 'Đường đường đường' WHERE id = " +
                   std::to_string(made[10])));
  MatterQuery q;
  q.text = "duong";
  q.per_page = 100;
  q.text_cap = 3;
  auto page = must(matters().list(q));
  EXPECT_EQ(page.total, 3);
  EXPECT_TRUE(page.total_capped);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].id, made[10]);
  EXPECT_EQ((std::set<Id>{page.items[1].id, page.items[2].id}), (std::set<Id>{made[11], made[9]}));
  q.page = 2;  // beyond what was ranked
  EXPECT_TRUE(must(matters().list(q)).items.empty());

  // Without the bound cutting: every match, exact total, the best first.
  q.page = 1;
  q.text_cap = 500;
  page = must(matters().list(q));
  EXPECT_EQ(page.total, 12);
  EXPECT_FALSE(page.total_capped);
  ASSERT_EQ(page.items.size(), 12u);
  EXPECT_EQ(page.items[0].id, made[10]);
}

// A filter that rejects most matches cannot make a search read them all: it reads at most ten
// times text_cap matches, newest first, and says when it stopped before the end.
TEST_F(SqliteSearch, AFilterRejectingMostMatchesIsBoundedAndStillApplied) {
  const Matter old_a = add("F-1", "Đường ngập", "Nước ngập.", "C2");
  const Matter old_b = add("F-2", "Đường lún", "Mặt đường lún.", "C2");
  for (int i = 0; i < 23; ++i) add("F-N" + std::to_string(i), "Đường xóm", "Đường hẹp.");
  MatterQuery in_c2;
  in_c2.unit_codes = {"C2"};
  in_c2.text = "duong";
  in_c2.per_page = 100;
  in_c2.text_cap = 2;  // reads the 20 newest matches: none is in C2
  auto page = must(matters().list(in_c2));
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.total, 0);
  EXPECT_TRUE(page.total_capped);

  in_c2.text_cap = 3;  // reads 30: all 25, so the count is exact
  page = must(matters().list(in_c2));
  EXPECT_EQ(page.total, 2);
  EXPECT_FALSE(page.total_capped);
  std::set<Id> found;
  for (const auto& m : page.items) {
    EXPECT_EQ(m.unit_code, "C2");
    found.insert(m.id);
  }
  EXPECT_EQ(found, (std::set<Id>{old_a.id, old_b.id}));
  EXPECT_EQ(page.snippets.size(), page.items.size());
}

// Words that are each common but seldom together would make FTS5 walk their whole posting
// lists for few matches: only the newest ids holding about 60 postings a ranked match are
// searched, and the total then says older matters were not.
TEST_F(SqliteSearch, CommonWordsSeldomTogetherSearchOnlyTheNewestIds) {
  const Matter both = add("W-0", "Cầu cống", "Cầu và cống đều hỏng.");
  for (int i = 1; i <= 100; ++i) {
    add("W-" + std::to_string(i), i % 2 ? "Cầu tạm" : "Cống tắc", "Hỏng.");
  }
  MatterQuery q;
  q.text = "cau cong ";
  q.text_cap = 1;  // about 60 postings: the newest 60 or so ids, not the oldest matter
  auto page = must(matters().list(q));
  EXPECT_TRUE(page.items.empty());
  EXPECT_TRUE(page.total_capped);
  q.text_cap = 2;  // 120 postings: every id
  page = must(matters().list(q));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, both.id);
  EXPECT_EQ(page.total, 1);
  EXPECT_FALSE(page.total_capped);
  // One word is never cut by ids: each posting is a match, and the matches read are bounded.
  q.text = "cau ";
  q.text_cap = 1;
  page = must(matters().list(q));
  EXPECT_EQ(page.total, 1);
  EXPECT_TRUE(page.total_capped);
}

// Words each common (more postings than the frequency sample) but seldom together: FTS5 walking
// both lists together does not stop at the id bound, so the matches above it are counted from
// each word's own postings first, and the search steps that many. It finds exactly them.
TEST_F(SqliteSearch, CommonWordsSeldomTogetherAreCountedAboveTheBound) {
  add("T-0", "Cầu cống", "Cầu và cống đều hỏng.");  // the oldest: below the bound
  std::set<Id> newest;
  for (int i = 1; i <= 1200; ++i) {
    const std::string code = "T-" + std::to_string(i);
    if (i == 1150 || i == 1180 || i == 1199) {
      newest.insert(add(code, "Cầu cống", "Cầu và cống đều hỏng.").id);
    } else {
      add(code, i % 2 ? "Cầu tạm" : "Cống tắc", "Hỏng.");
    }
  }
  MatterQuery q;
  q.text_cap = 10;  // about 600 postings: the newest 600 or so ids
  auto page = search("cau cong ", q);
  std::set<Id> found;
  for (const auto& m : page.items) found.insert(m.id);
  EXPECT_EQ(found, newest);
  EXPECT_EQ(page.total, 3);
  EXPECT_TRUE(page.total_capped);  // the oldest matter was not searched
  // The same words as a prefix (type-ahead) and in the other order.
  found.clear();
  for (const auto& m : search("cong ca", q).items) found.insert(m.id);
  EXPECT_EQ(found, newest);
  // Never together: nothing, and nothing is read past the bound.
  page = search("tam tac ", q);
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.total, 0);
}

TEST_F(SqliteSearch, ReindexRebuildsTheSameIndexAndRecordsAnEvent) {
  add("R-1", "Giải phóng mặt bằng", "Chưa nhận tiền bồi thường.");
  must(store_->search().rebuild_text_index(Actor::cli()));
  EXPECT_TRUE(index_in_step());
  EXPECT_EQ(ids("giai phong").size(), 1u);
  EXPECT_EQ(all_events().front().action, "search.reindex");
}

// The generator's bulk load: while it lasts the indexes do not follow the writes; at its end the
// triggers are back and both indexes hold everything, exactly as if they had followed.
TEST_F(SqliteSearch, ABulkLoadRebuildsTheIndexesAtItsEnd) {
  const Matter before = add("B-1", "Đèn đường hỏng", "Thôn Đông.");
  must(store_->begin_bulk_load());
  const Matter during = add("B-2", "Giải phóng mặt bằng", "Chưa nhận tiền bồi thường.");
  must(store_->search().save_signatures(
      {{during.id, 1, std::vector<std::uint32_t>(60, 3), {77}, 2}}));
  EXPECT_TRUE(ids("giai phong").empty());  // not indexed yet
  EXPECT_TRUE(must(store_->search().candidates({77}, {}, 100, 10)).empty());
  // Enough text, with FTS5 flushing its buffer every few hundred bytes, for the rebuild to
  // write many segments.
  for (int i = 0; i < 40; ++i) {
    const Matter m =
        add("BL-" + std::to_string(i), "Kiến nghị số " + std::to_string(i),
            "Đường thôn " + std::to_string(i) + " xuống cấp, mương " + std::to_string(i * 7) +
                " tắc, nước ngập ruộng " + std::to_string(i * 13) + ".");
    const std::int64_t bucket = 1000 + i;
    must(store_->search().save_signatures(
        {{m.id, 1, std::vector<std::uint32_t>(60, static_cast<std::uint32_t>(i)), {bucket}, 2}}));
  }
  must(
      raw()->exec("INSERT INTO search.matter_search (matter_search, rank) VALUES ('hashsize', 256);"
                  "INSERT INTO search.matter_lsh (matter_lsh, rank) VALUES ('hashsize', 256);"));
  // Opened again (the bulk load is recorded in the database); the rebuild keeps that setting.
  store_.reset();
  open_store();
  must(store_->begin_bulk_load());  // twice is harmless: the set-aside triggers are kept once
  must(store_->end_bulk_load());
  EXPECT_EQ(ids("giai phong"), (std::vector<Id>{during.id}));
  EXPECT_EQ(ids("den duong"), (std::vector<Id>{before.id}));
  const auto found = must(store_->search().candidates({77}, {}, 100, 10));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].matter.id, during.id);
  EXPECT_TRUE(index_in_step());
  // Each index is left as one segment, whatever the flushes of the rebuild made of it.
  EXPECT_EQ(segments("matter_search"), "1");
  EXPECT_EQ(segments("matter_lsh"), "1");
  // The triggers follow the writes again.
  const Matter after = add("B-3", "Nước sạch", "Giếng khoan nhiễm phèn.");
  EXPECT_EQ(ids("nuoc sach"), (std::vector<Id>{after.id}));
  must(store_->end_bulk_load());  // nothing to end: harmless
  EXPECT_TRUE(index_in_step());
}

// The index file is derived from the database: missing, made for another database, ahead of
// the database's log (a database restored from an older copy) or behind it, it is made to hold
// exactly what the database gives when the store opens.
TEST_F(SqliteSearch, TheIndexFileFollowsItsDatabaseWhateverHappenedToIt) {
  const Matter lamp = add("F-1", "Đèn đường hỏng", "Thôn Đông.");
  ASSERT_TRUE(index_in_step());
  const std::string index = sqlite::SearchIndexer::file_for(path_);
  const auto reopen_with = [&](const std::string& sql) {
    store_.reset();
    if (!sql.empty()) must(raw()->exec(sql));
    open_store();
  };
  // Missing.
  store_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(index + suffix);
  open_store();
  EXPECT_EQ(ids("den duong"), (std::vector<Id>{lamp.id}));
  EXPECT_TRUE(index_in_step());
  // Another database's, with a document this one does not have.
  const std::string stray =
      "INSERT INTO search.matter_search (rowid, title, body, answer) "
      "VALUES (999999, 'nuoc sach', '', '');";
  reopen_with(stray + "UPDATE search_index_state SET token = 'another'");
  EXPECT_TRUE(ids("nuoc sach").empty());
  EXPECT_EQ(ids("den duong"), (std::vector<Id>{lamp.id}));
  EXPECT_TRUE(index_in_step());
  // Ahead of the log: the database is an older copy than the one the index followed.
  reopen_with(stray + "DELETE FROM search_changes");
  EXPECT_TRUE(ids("nuoc sach").empty());
  EXPECT_TRUE(index_in_step());
  // Behind it (a crash between the database's commit and the index's): what follows the mark
  // is indexed again, to the same documents.
  const Matter well = add("F-2", "Giếng khoan nhiễm phèn", "Thôn Tây.");
  reopen_with("UPDATE search.search_state SET applied = 0");
  EXPECT_EQ(ids("gieng khoan"), (std::vector<Id>{well.id}));
  EXPECT_EQ(ids("den duong"), (std::vector<Id>{lamp.id}));
  EXPECT_TRUE(index_in_step());
}

// The log the index follows does not grow: the writer deletes what the index file holds.
TEST_F(SqliteSearch, TheLogIsForgottenOnceIndexed) {
  for (int i = 0; i < 10; ++i) {
    add("G-" + std::to_string(i), "Kiến nghị số " + std::to_string(i), "Đường thôn xuống cấp.");
    ASSERT_TRUE(index_in_step());
  }
  auto c = raw();
  // Each new matter appended a row for its document and one for its first submission.
  EXPECT_GE(std::stoi(must(c->query_text("SELECT max(seq) FROM search_changes"))), 20);
  // What is left: the last matter's rows, and the row at the index's mark.
  EXPECT_LE(std::stoi(must(c->query_text("SELECT count(*) FROM search_changes"))), 4);
  EXPECT_EQ(ids("duong thon").size(), 10u);
  // Caught up, the index is behind by nothing.
  EXPECT_EQ(must(store_->search().index_lag()), 0);
  // A write the store's writer does not make (so nobody tells the indexer) is behind until a
  // search or a check asks for it.
  must(c->exec("UPDATE matters SET title = 'Nước sạch' WHERE id = (SELECT max(id) FROM matters)"));
  EXPECT_EQ(ids("nuoc sach").size(), 1u);
  EXPECT_EQ(must(store_->search().index_lag()), 0);
}

TEST_F(SqliteSearch, SignaturesAreStoredAndFoundThroughTheirBuckets) {
  const Matter a = add("L-1", "Đường", "x");
  const Matter b = add("L-2", "Cầu", "y", "C2");
  MatterSignature sa{a.id, 1, std::vector<std::uint32_t>(60, 7), {11, 12, 13}, 5};
  MatterSignature sb{b.id, 1, std::vector<std::uint32_t>(60, 9), {13, 14}, 4};
  must(store_->search().save_signatures({sa, sb}));
  const auto back = must(store_->search().signature(a.id));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->minima, sa.minima);
  EXPECT_EQ(std::set<std::int64_t>(back->buckets.begin(), back->buckets.end()),
            (std::set<std::int64_t>{11, 12, 13}));

  CandidateFilter any;
  auto found = must(store_->search().candidates({12, 13}, any, 100, 10));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].matter.id, a.id);  // two shared buckets before one
  EXPECT_EQ(found[0].shared_buckets, 2);
  EXPECT_EQ(found[1].minima, sb.minima);

  CandidateFilter c2;
  c2.unit_codes = {"C2"};
  found = must(store_->search().candidates({12, 13}, c2, 100, 10));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].matter.id, b.id);

  CandidateFilter not_a;
  not_a.exclude = a.id;
  not_a.scope_units = {"C1"};
  EXPECT_TRUE(must(store_->search().candidates({12, 13}, not_a, 100, 10)).empty());

  // The caller's estimate drops a candidate before its matter is read.
  CandidateFilter not_sevens;
  not_sevens.estimate = [](const std::vector<std::uint32_t>& minima) {
    return minima.front() == 7 ? 0.1 : 0.9;
  };
  not_sevens.min_estimate = 0.5;
  found = must(store_->search().candidates({12, 13}, not_sevens, 100, 10));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].matter.id, b.id);

  // Replacing a signature replaces its buckets.
  sa.buckets = {99};
  must(store_->search().save_signatures({sa}));
  EXPECT_TRUE(must(store_->search().candidates({11, 12}, any, 100, 10)).empty());

  // Answered long ago is not "recent"; open matters always are.
  CandidateFilter recent;
  recent.answered_since = d("2026-01-01");
  EXPECT_EQ(must(store_->search().candidates({99}, recent, 100, 10)).size(), 1u);

  EXPECT_EQ(must(store_->search().count_texts(SearchStore::TextSelection::unsigned_only, 1)), 0);
  EXPECT_EQ(must(store_->search().count_texts(SearchStore::TextSelection::unsigned_only, 2)), 2);
  const auto texts = must(store_->search().texts({b.id, a.id}));
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0].title, "Cầu");
  EXPECT_EQ(texts[0].summary, "y");
}

// Each step of a lookup is bounded: the newest per_bucket matters of a bucket, and of the
// matters found the `limit` sharing the most buckets (then the newest) are read.
TEST_F(SqliteSearch, CandidatesReadBoundedPostingsAndTheBestSharedFirst) {
  std::vector<Matter> m;
  for (int i = 0; i < 5; ++i) m.push_back(add("P-" + std::to_string(i), "Cầu", "x"));
  const std::vector<std::vector<std::int64_t>> buckets{
      {50, 51, 52}, {50, 51}, {50}, {50}, {50}};  // the oldest shares most
  std::vector<MatterSignature> sigs;
  for (int i = 0; i < 5; ++i) {
    sigs.push_back({m[static_cast<std::size_t>(i)].id, 1,
                    std::vector<std::uint32_t>(60, static_cast<std::uint32_t>(i)),
                    buckets[static_cast<std::size_t>(i)], 3});
  }
  must(store_->search().save_signatures(sigs));
  CandidateFilter any;
  auto found = must(store_->search().candidates({50, 51, 52}, any, 100, 2));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].matter.id, m[0].id);
  EXPECT_EQ(found[0].shared_buckets, 3);
  EXPECT_EQ(found[1].matter.id, m[1].id);
  // Two postings a bucket: bucket 50 gives its two newest only.
  found = must(store_->search().candidates({50}, any, 2, 10));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].matter.id, m[4].id);
  EXPECT_EQ(found[1].matter.id, m[3].id);
  // Filters still apply to what is read: the first two read fail it, nothing else is looked at.
  CandidateFilter elsewhere;
  elsewhere.unit_codes = {"C2"};
  EXPECT_TRUE(must(store_->search().candidates({50, 51, 52}, elsewhere, 100, 2)).empty());
}

// Each commit leaves the similarity index a segment more; merging steps make it one again, with
// the same postings, and say when there is nothing left to merge.
TEST_F(SqliteSearch, MergingTheSimilarityIndexKeepsEveryPostingInFewerPages) {
  std::vector<Id> ids;
  for (int i = 0; i < 8; ++i) {
    const Matter m = add("S-" + std::to_string(i), "Cầu", "x");
    ids.insert(ids.begin(), m.id);  // newest first, as candidates come
    must(store_->search().save_signatures(
        {{m.id, 1, std::vector<std::uint32_t>(60, 5), {60, 61 + i}, 2}}));
  }
  const auto data_rows = [this] {
    return std::stoi(must(raw()->query_text("SELECT count(*) FROM search.matter_lsh_data")));
  };
  const auto found_ids = [this] {
    std::vector<Id> out;
    for (const auto& c : must(store_->search().candidates({60}, {}, 100, 100))) {
      out.push_back(c.matter.id);
    }
    return out;
  };
  ASSERT_EQ(found_ids(), ids);
  const int before = data_rows();

  EXPECT_TRUE(must(store_->search().merge_similarity_index(1)));
  int steps = 1;
  while (must(store_->search().merge_similarity_index(1))) ASSERT_LT(++steps, 1000);
  EXPECT_FALSE(must(store_->search().merge_similarity_index(1000)));
  EXPECT_LT(data_rows(), before);
  EXPECT_EQ(found_ids(), ids);
  EXPECT_EQ(must(store_->search().candidates({61 + 3}, {}, 100, 100)).size(), 1u);
  EXPECT_TRUE(index_in_step());
}

// With `best`, the filter is decided from the covering index matters_search_filter and only the
// best candidates passing it by estimate have their matter read: the same matters, in the same
// order, as filtering every candidate on its row and keeping the best by estimate.
TEST_F(SqliteSearch, TheBestCandidatesAreFilteredFromTheIndexAndReadByEstimate) {
  // Seven matters in one bucket; matter i estimates (i + 1) / 10 (the first of its minima).
  std::vector<Matter> m;
  std::vector<MatterSignature> sigs;
  for (int i = 0; i < 7; ++i) {
    m.push_back(add("E-" + std::to_string(i), "Cầu số " + std::to_string(i), "x",
                    i == 1 || i == 5 ? "C2" : "C1"));
    sigs.push_back({m.back().id,
                    1,
                    std::vector<std::uint32_t>(60, static_cast<std::uint32_t>(i + 1)),
                    {60},
                    3});
  }
  must(store_->search().save_signatures(sigs));
  {
    auto c = raw();
    const auto set = [&](const std::string& assignments, const Matter& x) {
      must(c->exec("UPDATE matters SET " + assignments + " WHERE id = " + std::to_string(x.id)));
    };
    set("status = 'merged', merged_into = " + std::to_string(m[0].id), m[2]);
    set("status = 'answered', answered_on = '2026-09-01'", m[3]);
    set("status = 'answered', answered_on = '2025-01-01'", m[4]);
    set("status = 'assigned', agency_code = 'UB-C2'", m[5]);
    set("status = 'refused'", m[6]);
  }
  const auto ids_of = [](const std::vector<Candidate>& found) {
    std::vector<Id> out;
    for (const auto& c : found) out.push_back(c.matter.id);
    return out;
  };
  const auto by_estimate = [](const std::vector<std::uint32_t>& minima) {
    return static_cast<double>(minima.front()) / 10.0;
  };
  // What `best` must give: every candidate filtered on its row, then the best by estimate (the
  // first in candidate order among equals), in candidate order.
  const auto expected = [&](CandidateFilter f, int best) {
    f.best = 0;
    auto all = must(store_->search().candidates({60}, f, 100, 64));
    std::vector<std::size_t> order(all.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return by_estimate(all[a].minima) > by_estimate(all[b].minima);
    });
    order.resize(std::min(order.size(), static_cast<std::size_t>(best)));
    std::sort(order.begin(), order.end());
    std::vector<Id> out;
    for (const auto i : order) out.push_back(all[i].matter.id);
    return out;
  };
  const auto best_of = [&](CandidateFilter f, int best) {
    f.best = best;
    const auto found = must(store_->search().candidates({60}, f, 100, 64));
    for (const auto& c : found) {  // the whole matter is read for those returned
      const auto row = must(matters().get(c.matter.id)).matter;
      EXPECT_EQ(c.matter.title, row.title);
      EXPECT_EQ(c.matter.tracking_code, row.tracking_code);
      EXPECT_EQ(c.matter.status, row.status);
      EXPECT_EQ(c.matter.answered_on, row.answered_on);
    }
    EXPECT_EQ(ids_of(found), expected(f, best));
    return ids_of(found);
  };

  CandidateFilter recent_here;  // the neighbourhood C1, open or answered since 2026-06-01
  recent_here.unit_codes = {"C1"};
  recent_here.answered_since = d("2026-06-01");
  recent_here.estimate = by_estimate;
  // Open 0 and recently answered 3 pass; merged 2, answered long ago 4, refused 6 and those of
  // C2 (1, 5) do not. Newest first: 3 before 0.
  EXPECT_EQ(best_of(recent_here, 10), (std::vector<Id>{m[3].id, m[0].id}));
  EXPECT_EQ(best_of(recent_here, 1), (std::vector<Id>{m[3].id}));  // the higher estimate
  recent_here.min_estimate = 0.5;                                  // 3 estimates 0.4
  EXPECT_EQ(best_of(recent_here, 10), (std::vector<Id>{}));

  CandidateFilter scoped;  // units C1, or matters assigned to UB-C2 wherever they are
  scoped.scope_units = {"C1"};
  scoped.scope_agencies = {"UB-C2"};
  scoped.estimate = by_estimate;
  EXPECT_EQ(best_of(scoped, 10),
            (std::vector<Id>{m[6].id, m[5].id, m[4].id, m[3].id, m[0].id}));  // not 1, not 2
  EXPECT_EQ(best_of(scoped, 2), (std::vector<Id>{m[6].id, m[5].id}));
  scoped.exclude = m[6].id;
  EXPECT_EQ(best_of(scoped, 2), (std::vector<Id>{m[5].id, m[4].id}));

  CandidateFilter flat;  // equal estimates: the first in candidate order (the newest)
  flat.estimate = [](const std::vector<std::uint32_t>&) { return 0.5; };
  EXPECT_EQ(best_of(flat, 3), (std::vector<Id>{m[6].id, m[5].id, m[4].id}));
}

// The public list reads each item's answers and deadlines with the page (with_outcomes), the
// same as the whole record holds, and never the submissions.
TEST_F(SqliteSearch, AListWithOutcomesCarriesEachItemsAnswersAndDeadlines) {
  Matter m = add("O-1", "Đường liên thôn xuống cấp", "Nhiều ổ gà.");
  const Matter open = add("O-2", "Đường trục xã ngập", "Ngập.");
  m = answered(m);
  m = apply(command(m, Action::publish));
  for (const std::string text : {"", "duong"}) {
    MatterQuery q;
    q.text = text;
    q.with_outcomes = true;
    const auto page = must(matters().list(q));
    ASSERT_EQ(page.items.size(), 2u) << text;
    ASSERT_EQ(page.outcomes.size(), 2u) << text;
    for (std::size_t i = 0; i < page.items.size(); ++i) {
      const auto record = must(matters().get(page.items[i].id));
      const auto& o = page.outcomes[i];
      ASSERT_EQ(o.answers.size(), record.answers.size());
      for (std::size_t a = 0; a < o.answers.size(); ++a) {
        EXPECT_EQ(o.answers[a].id, record.answers[a].id);
        EXPECT_EQ(o.answers[a].text, record.answers[a].text);
        EXPECT_EQ(o.answers[a].document_number, record.answers[a].document_number);
      }
      ASSERT_EQ(o.deadlines.size(), record.deadlines.size());
      for (std::size_t k = 0; k < o.deadlines.size(); ++k) {
        EXPECT_EQ(o.deadlines[k].step, record.deadlines[k].step);
        EXPECT_EQ(o.deadlines[k].due_on, record.deadlines[k].due_on);
        EXPECT_EQ(o.deadlines[k].met_on, record.deadlines[k].met_on);
      }
      EXPECT_EQ(o.answers.empty(), page.items[i].id == open.id);
      EXPECT_FALSE(o.deadlines.empty());
    }
    q.with_outcomes = false;  // not asked: not read
    EXPECT_TRUE(must(matters().list(q)).outcomes.empty());
  }
}

}  // namespace
}  // namespace doithoai::store
