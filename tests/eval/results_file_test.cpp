// The results file: appended as items finish, resumed after an interruption without losing or
// doubling a result, and never mixed with another run's.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "eval/results_file.h"

namespace r1tune::eval {
namespace {

std::filesystem::path fresh_path(const std::string & name) {
    const auto dir = std::filesystem::temp_directory_path() / "r1tune-results-test";
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::filesystem::remove(path);
    return path;
}

std::string read_all(const std::filesystem::path & path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

ItemResult result(const std::string & id, bool correct) {
    ItemResult r;
    r.config = "deepseek plain";
    r.item_id = id;
    r.answer = correct ? "鸡=23，兔=12" : "12";
    r.answered = true;
    r.correct = correct;
    r.verification = correct ? "verified" : "failed";
    r.attempts = correct ? 1 : 3;
    r.thinking_tokens = 100;
    r.generated_tokens = 150;
    r.programs_run = 2;
    r.latency_ms = 1234.5;
    r.share_ms = 411.5;
    return r;
}

const nlohmann::json kRun = {{"model", "m.gguf"}, {"items", 3}};

TEST(ResultsFile, ItemResultsRoundTrip) {
    const ItemResult r = result("a", true);
    ItemResult back;
    ASSERT_TRUE(item_result_from_json(to_json(r), back));
    EXPECT_EQ(back.config, r.config);
    EXPECT_EQ(back.item_id, r.item_id);
    EXPECT_EQ(back.answer, r.answer);
    EXPECT_EQ(back.correct, r.correct);
    EXPECT_EQ(back.verification, r.verification);
    EXPECT_EQ(back.attempts, r.attempts);
    EXPECT_EQ(back.generated_tokens, r.generated_tokens);
    EXPECT_EQ(back.programs_run, r.programs_run);
    EXPECT_DOUBLE_EQ(back.latency_ms, r.latency_ms);
    EXPECT_DOUBLE_EQ(back.share_ms, r.share_ms);
    // A row written before code execution existed ran no program.
    nlohmann::json older = to_json(r);
    older.erase("programs_run");
    ASSERT_TRUE(item_result_from_json(older, back));
    EXPECT_EQ(back.programs_run, 0);
    // A row written before items were answered at once had the machine to itself.
    older.erase("share_ms");
    ASSERT_TRUE(item_result_from_json(older, back));
    EXPECT_DOUBLE_EQ(back.share_ms, r.latency_ms);
    nlohmann::json missing = to_json(r);
    missing.erase("correct");
    const Status s = item_result_from_json(missing, back);
    EXPECT_FALSE(s);
    EXPECT_NE(s.message().find("\"correct\""), std::string::npos) << s.message();
}

TEST(ResultsFile, AResumedRunGetsWhatWasWrittenAndCutsAnUnfinishedLine) {
    const auto path = fresh_path("resume.jsonl");
    {
        ResultsFile file;
        std::vector<ItemResult> existing;
        ASSERT_TRUE(ResultsFile::open(path, kRun, file, existing));
        EXPECT_TRUE(existing.empty());
        ASSERT_TRUE(file.append(result("a", true)));
        ASSERT_TRUE(file.append(result("b", false)));
    }
    // The process died while writing the third line.
    std::ofstream(path, std::ios::app | std::ios::binary) << R"({"config": "deepseek plain", "id": "c", "ans)";

    ResultsFile file;
    std::vector<ItemResult> existing;
    ASSERT_TRUE(ResultsFile::open(path, kRun, file, existing));
    ASSERT_EQ(existing.size(), 2u);
    EXPECT_EQ(existing[0].item_id, "a");
    EXPECT_TRUE(existing[0].correct);
    EXPECT_EQ(existing[1].item_id, "b");
    EXPECT_FALSE(existing[1].correct);
    const auto done = finished_items(existing);
    EXPECT_TRUE(done.contains({"deepseek plain", "a"}));
    EXPECT_FALSE(done.contains({"deepseek plain", "c"}));

    ASSERT_TRUE(file.append(result("c", true)));
    const std::string text = read_all(path);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4) << text; // header + a, b, c
    EXPECT_EQ(text.find("\"ans\n"), std::string::npos) << text;       // the cut line is gone
}

TEST(ResultsFile, AnotherRunsFileIsRefused) {
    const auto path = fresh_path("other.jsonl");
    {
        ResultsFile file;
        std::vector<ItemResult> existing;
        ASSERT_TRUE(ResultsFile::open(path, kRun, file, existing));
        ASSERT_TRUE(file.append(result("a", true)));
    }
    const std::string before = read_all(path);
    ResultsFile file;
    std::vector<ItemResult> existing;
    const Status s = ResultsFile::open(path, {{"model", "other.gguf"}, {"items", 3}}, file, existing);
    EXPECT_FALSE(s);
    EXPECT_EQ(s.kind(), ErrorKind::kInput);
    EXPECT_NE(s.message().find("another run"), std::string::npos) << s.message();
    EXPECT_EQ(read_all(path), before); // nothing lost
}

TEST(ResultsFile, AHeaderWithoutResultsIsTakenOverByAnotherRun) {
    const auto path = fresh_path("header-only.jsonl");
    {
        ResultsFile file;
        std::vector<ItemResult> existing;
        ASSERT_TRUE(ResultsFile::open(path, kRun, file, existing)); // then the run failed
    }
    const nlohmann::json other = {{"model", "other.gguf"}, {"items", 3}};
    ResultsFile file;
    std::vector<ItemResult> existing;
    ASSERT_TRUE(ResultsFile::open(path, other, file, existing));
    EXPECT_NE(read_all(path).find("other.gguf"), std::string::npos);
    EXPECT_EQ(read_all(path).find("m.gguf"), std::string::npos);
}

TEST(ResultsFile, AUsersFileIsNeverCutOrReplaced) {
    // A dataset whose last line lacks its newline, and a one-line file: neither is ours.
    for (const std::string & text : {std::string("{\"id\":\"a\",\"question\":\"2+3?\",\"answer\":\"5\"}\n{\"id\":\"b\"}"),
                                     std::string("{\"x\":1}")}) {
        const auto path = fresh_path("users.jsonl");
        std::ofstream(path, std::ios::binary) << text;
        ResultsFile file;
        std::vector<ItemResult> existing;
        const Status s = ResultsFile::open(path, kRun, file, existing);
        EXPECT_FALSE(s) << text;
        EXPECT_EQ(read_all(path), text);
    }
    const auto dir = fresh_path("a-directory");
    std::filesystem::create_directories(dir);
    ResultsFile file;
    std::vector<ItemResult> existing;
    EXPECT_EQ(ResultsFile::open(dir, kRun, file, existing).kind(), ErrorKind::kUsage);
    EXPECT_TRUE(std::filesystem::is_directory(dir));
}

TEST(ResultsFile, RowsOfOtherItemsOrConfigurationsAndRepeatsAreDropped) {
    std::vector<ItemResult> rows = {result("a", true), result("b", false), result("a", false), result("zz", true)};
    rows.push_back(result("b", true));
    rows.back().config = "guide plain";
    EXPECT_EQ(keep_rows_of_run(rows, {"deepseek plain"}, {"a", "b"}), 3u);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].item_id, "a");
    EXPECT_TRUE(rows[0].correct); // the first of the repeats
    EXPECT_EQ(rows[1].item_id, "b");
}

TEST(ResultsFile, AFileThatIsNotResultsIsRefusedAndKept) {
    const auto path = fresh_path("notes.jsonl");
    std::ofstream(path) << "{\"id\": \"q1\", \"question\": \"2+2?\", \"answer\": \"4\"}\n";
    ResultsFile file;
    std::vector<ItemResult> existing;
    const Status s = ResultsFile::open(path, kRun, file, existing);
    EXPECT_FALSE(s);
    EXPECT_NE(s.message().find("not an r1tune eval results file"), std::string::npos) << s.message();
    EXPECT_NE(read_all(path).find("2+2?"), std::string::npos);

    std::ofstream(path) << nlohmann::json{{"r1tune_eval", 3}, {"run", kRun}}.dump() << "\nnot json\n";
    const Status bad = ResultsFile::open(path, kRun, file, existing);
    EXPECT_FALSE(bad);
    EXPECT_NE(bad.message().find("line 2"), std::string::npos) << bad.message();
}

} // namespace
} // namespace r1tune::eval
