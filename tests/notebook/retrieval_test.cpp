// Which entries go in front of a question: the router's family and task over a shared word, a
// record of failures sinking an entry, one entry per question or correction, the token budget.
#include "notebook/retrieval.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "notebook/notebook_text.h"

namespace fs = std::filesystem;
using r1tune::notebook::Entry;
using r1tune::notebook::NotebookStore;
using r1tune::notebook::retrieve;
using r1tune::notebook::RetrievalOptions;
using r1tune::notebook::RetrievalQuery;
using r1tune::notebook::Retrieved;
using r1tune::text::Language;

namespace {

class Retrieval : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = fs::temp_directory_path() / ("r1tune-retrieval-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".sqlite");
        fs::remove(path_);
        ASSERT_TRUE(NotebookStore::open(path_, NotebookStore::Opening::kMakeIfMissing, store_));
    }
    void TearDown() override {
        store_.reset();
        for (const char * suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
    }
    std::int64_t add(std::string question, std::string family, std::string correction = "") {
        Entry e;
        e.task = "math";
        e.language = "zh";
        e.family = std::move(family);
        e.question = std::move(question);
        e.mistake = "答案不满足题目的条件。";
        e.correction = correction.empty() ? "正确做法：" + e.question : correction;
        e.verified_by = "constraints";
        EXPECT_TRUE(store_->add(e));
        return e.id;
    }
    std::vector<Retrieved> retrieve_for(const RetrievalQuery & query, RetrievalOptions options = {}) {
        std::vector<Retrieved> out;
        // A character count stands in for the tokenizer.
        EXPECT_TRUE(retrieve(*store_, query, options, [](std::string_view s) { return static_cast<int>(s.size()); }, out));
        return out;
    }

    fs::path path_;
    std::unique_ptr<NotebookStore> store_;
};

RetrievalQuery rabbits_query() {
    return {"鸡兔同笼，共有头20个，脚50只，鸡和兔各有几只？", "math", "chicken_rabbit", Language::kChinese};
}

} // namespace

TEST_F(Retrieval, TheSameFamilyComesBeforeASharedWord) {
    // This one shares more words with the question, but it is another kind of problem.
    const std::int64_t wordy = add("同笼的鸡和兔各有几只颜色？共有头几个？", "");
    const std::int64_t rabbits = add("笼子里有35个头，94只脚，鸡兔各几只？", "chicken_rabbit");
    RetrievalOptions one;
    one.max_entries = 1;
    one.token_budget = 10000;
    const auto chosen = retrieve_for(rabbits_query(), one);
    ASSERT_EQ(chosen.size(), 1u);
    EXPECT_EQ(chosen[0].entry.id, rabbits);
    EXPECT_NE(chosen[0].why.find("same family chicken_rabbit"), std::string::npos) << chosen[0].why;
    (void)wordy;
}

TEST_F(Retrieval, AnEntryThatKeptFailingSinks) {
    const std::int64_t failing = add("笼子里有35个头，94只脚，鸡兔各几只？", "chicken_rabbit");
    const std::int64_t helping = add("笼中鸡兔共10只，脚共28只，各几只？", "chicken_rabbit");
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(store_->count_shown({failing}, NotebookStore::Ending::kFailed));
    ASSERT_TRUE(store_->count_shown({helping}, NotebookStore::Ending::kVerified));
    RetrievalOptions options;
    options.token_budget = 10000;
    const auto chosen = retrieve_for(rabbits_query(), options);
    ASSERT_EQ(chosen.size(), 2u);
    EXPECT_EQ(chosen[0].entry.id, helping);
    EXPECT_EQ(chosen[1].entry.id, failing);
    EXPECT_NE(chosen[1].why.find("shown 4 times, 0 right"), std::string::npos) << chosen[1].why;
    Entry counted;
    ASSERT_TRUE(store_->get(failing, counted));
    EXPECT_EQ(counted.retrieved, 4);
    EXPECT_EQ(counted.shown_failed, 4);
}

TEST_F(Retrieval, OneEntryPerCorrectionAndTheBudgetHolds) {
    add("笼子里有35个头，94只脚，鸡兔各几只？", "chicken_rabbit", "同一个做法");
    add("鸡兔同笼，头35个，脚94只，鸡兔各几只？", "chicken_rabbit", "同一个做法");
    add("鸡兔共10只，脚共28只，鸡兔各几只？", "chicken_rabbit");
    RetrievalOptions options;
    options.token_budget = 10000;
    auto chosen = retrieve_for(rabbits_query(), options);
    EXPECT_EQ(chosen.size(), 2u); // the repeated correction once

    // A budget one entry fits in takes the best one that fits; none fits in a tiny one.
    const int one_entry = static_cast<int>(r1tune::notebook::entry_text(chosen[0].entry, Language::kChinese).size()) + 2;
    options.token_budget = one_entry;
    chosen = retrieve_for(rabbits_query(), options);
    EXPECT_EQ(chosen.size(), 1u);
    options.token_budget = 10;
    EXPECT_TRUE(retrieve_for(rabbits_query(), options).empty());
}

TEST_F(Retrieval, NothingSharedNothingShown) {
    add("一列火车2小时行驶120千米，速度是多少？", "distance");
    EXPECT_TRUE(retrieve_for({"Write a poem about autumn.", "creative", "", Language::kEnglish}).empty());
}

TEST(NotebookText, EntriesComeBeforeTheQuestionInItsLanguage) {
    Entry e;
    e.question = "2+3×4=?";
    e.mistake = "先算了加法。";
    e.correction = "先乘后加：3×4=12，2+12=14。";
    const std::string zh = r1tune::notebook::question_after_entries({e}, Language::kChinese, "5+2×3=?");
    EXPECT_EQ(zh, "以前在类似题目上犯过的错误，请不要再犯：\n\n【题目】2+3×4=?\n【典型错误】先算了加法。\n【修正示范】先乘后加："
                  "3×4=12，2+12=14。\n\n题目：\n5+2×3=?");
    EXPECT_EQ(r1tune::notebook::question_after_entries({}, Language::kEnglish, "5+2*3=?"), "5+2*3=?");
    EXPECT_EQ(r1tune::notebook::entry_text(e, Language::kEnglish).rfind("Question: 2+3×4=?\nMistake: ", 0), 0u);
}
