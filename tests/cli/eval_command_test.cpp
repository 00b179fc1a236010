// `r1tune eval` from the outside: a real run on the tiny model whose answers a grammar fixes,
// so right and wrong are known; resuming after an interruption; and bad inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run_process.h"

using r1tune::process::run_process;

namespace {

const std::string kBinary = R1TUNE_BINARY;

std::filesystem::path test_dir(const std::string & name) {
    const auto dir = std::filesystem::path(R1TUNE_TEST_TMP) / ("eval-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::string read_all(const std::filesystem::path & path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<nlohmann::json> result_lines(const std::filesystem::path & path) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(read_all(path));
    std::string line;
    std::getline(in, line); // the header
    while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

// A user data folder whose answer grammar allows only "\boxed{4}": every answer is 4.
std::filesystem::path answer_four_data(const std::filesystem::path & dir) {
    const auto data = dir / "data";
    std::filesystem::create_directories(data / "grammars");
    std::ofstream(data / "grammars" / "boxed_answer.gbnf") << "root ::= \"\\\\boxed{4}\"\n";
    return data;
}

// Two items whose answer is 4 and two whose answer is 5.
std::filesystem::path four_items(const std::filesystem::path & dir) {
    const auto path = dir / "items.jsonl";
    std::ofstream out(path);
    out << R"({"id": "q1", "question": "What is 2+2?", "answer": "4"})" << "\n"
        << R"({"id": "q2", "question": "What is 2+3?", "answer": "5"})" << "\n"
        << R"({"id": "q3", "question": "2 加 2 等于几？", "answer": "4"})" << "\n"
        << R"({"id": "q4", "question": "What is 10-5?", "answer": "5"})" << "\n";
    return path;
}

std::vector<std::string> eval_args(const std::filesystem::path & items, const std::filesystem::path & results) {
    return {kBinary, "eval", items.string(), "-m", R1TUNE_TINY_FIXTURE, "-n", "30", "--thinking-budget", "6",
            "--configs", "boxed", "--results", results.string(), "-t", "1"};
}

// A test's folder with the four items and the answer-four data folder, and one finished run.
struct FinishedRun {
    explicit FinishedRun(const std::string & name)
        : dir(test_dir(name)), items(four_items(dir)), results(dir / "run.jsonl"),
          data("R1TUNE_DATA=" + answer_four_data(dir).string()) {
        exit_code = run_process(eval_args(items, results), "", {data}).exit_code;
    }
    std::filesystem::path dir, items, results;
    std::string data;
    int exit_code = -1;
};

TEST(EvalCommand, JudgesAnswersAgainstTheReferenceAndWritesTheReports) {
    const auto dir = test_dir("judge");
    const auto results = dir / "run.jsonl";
    auto r = run_process(eval_args(four_items(dir), results), "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = result_lines(results);
    ASSERT_EQ(lines.size(), 4u);
    for (const auto & line : lines) {
        EXPECT_EQ(line["config"], "deepseek boxed");
        EXPECT_TRUE(line["answered"].get<bool>()) << line;
        // Every answer is 4: right exactly where the reference says 4.
        const bool four = line["id"] == "q1" || line["id"] == "q3";
        EXPECT_EQ(line["correct"].get<bool>(), four) << line;
        EXPECT_GT(line["generated_tokens"].get<int>(), 0);
    }
    EXPECT_NE(r.out.find("| deepseek boxed | 4 | 50.0 %"), std::string::npos) << r.out;
    for (const char * extension : {".md", ".json", ".svg"}) {
        EXPECT_TRUE(std::filesystem::exists(dir / (std::string("run") + extension))) << extension;
    }
    const auto report = nlohmann::json::parse(read_all(dir / "run.json"));
    EXPECT_EQ(report["configurations"][0]["accuracy"]["successes"], 2) << report.dump(2);
}

TEST(EvalCommand, ItemsAnsweredAtOnceInLanesAreJudgedAsOneAtATime) {
    const auto dir = test_dir("parallel");
    const auto results = dir / "run.jsonl";
    auto args = eval_args(four_items(dir), results);
    *(std::find(args.begin(), args.end(), "--configs") + 1) = "boxed,vote:2";
    args.insert(args.end(), {"--parallel", "3"});
    const auto started = std::chrono::steady_clock::now();
    auto r = run_process(args, "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    const double wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = result_lines(results);
    ASSERT_EQ(lines.size(), 8u);
    std::vector<std::string> seen;
    double shares_ms = 0;
    for (const auto & line : lines) {
        // Each item's share of the time it was in flight: never more than its own latency, and
        // all of them together never more than the run took.
        const double share = line["share_ms"].get<double>();
        EXPECT_GT(share, 0) << line;
        // (+1 ms: an item whose end another lane's later begin overtook on the lock ends then.)
        EXPECT_LE(share, line["latency_ms"].get<double>() + 1.0) << line;
        shares_ms += share;
        seen.push_back(line["config"].get<std::string>() + " " + line["id"].get<std::string>());
        if (line["config"] != "deepseek boxed") continue;
        const bool four = line["id"] == "q1" || line["id"] == "q3";
        EXPECT_EQ(line["correct"].get<bool>(), four) << line;
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "an item was answered twice";
    EXPECT_NE(r.out.find("| deepseek boxed | 4 | 50.0 %"), std::string::npos) << r.out;
    EXPECT_LE(shares_ms, wall_ms);
}

TEST(EvalCommand, AnInterruptedRunResumesWithoutLosingOrRepeatingAnItem) {
    const auto dir = test_dir("resume");
    const auto items = four_items(dir);
    const auto results = dir / "run.jsonl";
    const std::string data = "R1TUNE_DATA=" + answer_four_data(dir).string();
    ASSERT_EQ(run_process(eval_args(items, results), "", {data}).exit_code, 0);

    // Keep the header and the first result, and half of the second line, as a kill mid-write would.
    std::istringstream in(read_all(results));
    std::string header, first, second;
    std::getline(in, header);
    std::getline(in, first);
    std::getline(in, second);
    std::ofstream(results, std::ios::binary | std::ios::trunc) << header << "\n" << first << "\n" << second.substr(0, 20);

    auto r = run_process(eval_args(items, results), "", {data});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("resuming"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1 of 4"), std::string::npos) << r.err;
    const auto lines = result_lines(results);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].dump(), nlohmann::json::parse(first).dump()); // the kept result is untouched
    std::vector<std::string> ids;
    for (const auto & line : lines) ids.push_back(line["id"]);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"q1", "q2", "q3", "q4"}));

    // A finished run resumed runs nothing and reports the same.
    auto again = run_process(eval_args(items, results), "", {data});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(result_lines(results).size(), 4u);
    EXPECT_NE(again.out.find("| deepseek boxed | 4 | 50.0 %"), std::string::npos) << again.out;
}

TEST(EvalCommand, ALaterRunAddsAConfigurationToTheSameResultsFile) {
    const FinishedRun first("add-config");
    ASSERT_EQ(first.exit_code, 0);
    [[maybe_unused]] const auto & [dir, items, results, data, first_exit] = first;
    const std::string first_run = read_all(results);

    auto args = eval_args(items, results);
    *(std::find(args.begin(), args.end(), "--configs") + 1) = "boxed,plain";
    auto r = run_process(args, "", {data});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("4 of 8"), std::string::npos) << r.err; // the boxed rows are kept, not run again
    EXPECT_EQ(read_all(results).rfind(first_run, 0), 0u);
    const auto lines = result_lines(results);
    ASSERT_EQ(lines.size(), 8u);
    EXPECT_EQ(lines[4]["config"], "deepseek plain");
    // Each row keeps what a later reader needs to see why it was judged so.
    EXPECT_TRUE(lines[4].contains("response")) << lines[4];
    EXPECT_TRUE(lines[4].contains("verdicts")) << lines[4];
    EXPECT_NE(r.out.find("| deepseek plain | 4 |"), std::string::npos) << r.out;
}

TEST(EvalCommand, ReportOnlyReportsWhatIsThereAndRunsNothing) {
    const auto dir = test_dir("report-only");
    const auto items = four_items(dir);
    const auto results = dir / "run.jsonl";
    const std::string data = "R1TUNE_DATA=" + answer_four_data(dir).string();
    auto args = eval_args(items, results);
    args.push_back("--report-only");
    auto none = run_process(args, "", {data});
    EXPECT_EQ(none.exit_code, 4) << none.err;
    EXPECT_NE(none.err.find("no results file"), std::string::npos) << none.err;
    EXPECT_FALSE(std::filesystem::exists(results));

    ASSERT_EQ(run_process(eval_args(items, results), "", {data}).exit_code, 0);
    // Keep two of the four results, as a run still going would have.
    std::istringstream in(read_all(results));
    std::string header, first, second;
    std::getline(in, header);
    std::getline(in, first);
    std::getline(in, second);
    // The second row is still being written by the run: its newline is not there yet.
    std::ofstream(results, std::ios::binary | std::ios::trunc) << header << "\n" << first << "\n" << second;
    const std::string before = read_all(results);
    auto r = run_process(args, "", {data});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_all(results), before); // nothing ran, nothing was cut: the run's file is its own
    EXPECT_NE(r.out.find("| deepseek boxed | 1 |"), std::string::npos) << r.out;
}

TEST(EvalCommand, AResultsFileOfAnotherRunIsRefusedAndKept) {
    const FinishedRun first("other-run");
    ASSERT_EQ(first.exit_code, 0);
    [[maybe_unused]] const auto & [dir, items, results, data, first_exit] = first;
    const std::string before = read_all(results);
    auto args = eval_args(items, results);
    args.insert(args.end(), {"--seed", "7"});
    auto r = run_process(args, "", {data});
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("another run"), std::string::npos) << r.err;
    EXPECT_EQ(read_all(results), before);
}

TEST(EvalCommand, BadLinesAreNamedAndSkippedOnlyWhenAsked) {
    const auto dir = test_dir("bad-lines");
    const auto items = dir / "items.jsonl";
    std::ofstream(items) << R"({"id": "q1", "question": "What is 2+2?", "answer": "4"})" << "\n"
                         << "{not json\n";
    auto refused = run_process(eval_args(items, dir / "a.jsonl"));
    EXPECT_EQ(refused.exit_code, 4) << refused.err;
    EXPECT_NE(refused.err.find("line 2"), std::string::npos) << refused.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "a.jsonl"));

    auto args = eval_args(items, dir / "b.jsonl");
    args.push_back("--skip-bad-lines");
    auto skipped = run_process(args);
    EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
    EXPECT_NE(skipped.err.find("line 2"), std::string::npos) << skipped.err;
    EXPECT_EQ(result_lines(dir / "b.jsonl").size(), 1u);
}

TEST(EvalCommand, BadOptionsFailBeforeTheModelLoads) {
    const auto dir = test_dir("bad-options");
    const auto items = four_items(dir);
    struct Case {
        std::vector<std::string> extra;
        int exit_code;
        const char * says;
    };
    const std::vector<Case> cases = {
        {{"--configs", "scafold"}, 2, "'scafold'"},
        {{"--configs", "vote:0"}, 2, "vote"},
        {{"--profiles", "nonexistent"}, 2, "nonexistent"},
        {{"--generate", "all"}, 2, "not both"},
        {{"--count", "0"}, 2, "--count"},
        {{"--report", (dir / "no-such-folder" / "x").string()}, 2, "does not exist"},
    };
    for (const Case & c : cases) {
        auto args = eval_args(items, dir / "r.jsonl");
        args.insert(args.end(), c.extra.begin(), c.extra.end());
        auto r = run_process(args);
        EXPECT_EQ(r.exit_code, c.exit_code) << c.extra[0] << ": " << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    }
    auto over_results = eval_args(items, dir / "r.json");
    over_results.insert(over_results.end(), {"--report", (dir / "r").string()});
    auto r = run_process(over_results);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("over"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "r.json"));
    auto missing = run_process({kBinary, "eval", (dir / "none.jsonl").string(), "-m", R1TUNE_TINY_FIXTURE});
    EXPECT_EQ(missing.exit_code, 4) << missing.err;
    auto neither = run_process({kBinary, "eval", "-m", R1TUNE_TINY_FIXTURE});
    EXPECT_EQ(neither.exit_code, 2) << neither.err;
    auto generated_bad = run_process({kBinary, "eval", "--generate", "chickens", "-m", R1TUNE_TINY_FIXTURE});
    EXPECT_EQ(generated_bad.exit_code, 2) << generated_bad.err;
    EXPECT_NE(generated_bad.err.find("chickens"), std::string::npos) << generated_bad.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "r.jsonl"));
}

TEST(EvalCommand, GeneratedProblemsRunInBothLanguages) {
    const auto dir = test_dir("generated");
    auto r = run_process({kBinary, "eval", "--generate", "chicken_rabbit,age", "--count", "4", "-m", R1TUNE_TINY_FIXTURE,
                          "-n", "8", "--configs", "plain", "--results", (dir / "gen.jsonl").string(), "-t", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = result_lines(dir / "gen.jsonl");
    ASSERT_EQ(lines.size(), 4u);
    bool zh = false, en = false;
    for (const auto & line : lines) {
        const std::string id = line["id"];
        zh = zh || id.find("-zh-") != std::string::npos;
        en = en || id.find("-en-") != std::string::npos;
    }
    EXPECT_TRUE(zh && en);
}

} // namespace

namespace {

TEST(EvalCommand, TheReferenceNeverReachesTheFeedbackLoop) {
    const auto dir = test_dir("no-leak");
    const auto results = dir / "run.jsonl";
    auto args = eval_args(four_items(dir), results);
    args[std::find(args.begin(), args.end(), "--configs") - args.begin() + 1] = "boxed+verify";
    auto r = run_process(args, "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto & line : result_lines(results)) {
        // The answer 4 to "What is 2+3?" is wrong, but no check the model is given can know it:
        // knowing it would mean the reference leaked, and verify would retry.
        EXPECT_EQ(line["attempts"], 1) << line;
        EXPECT_NE(line["verification"], "failed") << line;
    }
}

TEST(EvalCommand, AnItemTooLongForTheContextIsRecordedAndTheRunGoesOn) {
    const auto dir = test_dir("too-long");
    const auto items = dir / "items.jsonl";
    std::string long_question;
    for (int i = 0; i < 400; ++i) long_question += "and again ";
    std::ofstream(items) << R"({"id": "long", "question": ")" << long_question << R"(", "answer": "4"})" << "\n"
                         << R"({"id": "short", "question": "What is 2+2?", "answer": "4"})" << "\n";
    auto args = eval_args(items, dir / "run.jsonl");
    args.insert(args.end(), {"-c", "256"});
    args[std::find(args.begin(), args.end(), "-n") - args.begin() + 1] = "8";
    auto r = run_process(args, "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("item long"), std::string::npos) << r.err;
    const auto lines = result_lines(dir / "run.jsonl");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["verification"], "error");
    EXPECT_NE(lines[0]["error"].get<std::string>().find("context"), std::string::npos) << lines[0];
    EXPECT_FALSE(lines[0]["correct"].get<bool>());
    EXPECT_EQ(lines[1]["id"], "short");
}

} // namespace

TEST(EvalCommand, TheNotebookLeverReadsTheNotebookAndChangesNothingInIt) {
    const auto dir = test_dir("notebook");
    const auto notebook = (dir / "nb.sqlite").string();
    // Only the Chinese item shares words with the entry (English items here are all function words).
    ASSERT_EQ(run_process({kBinary, "notebook", "add", "--notebook", notebook, "-q", "2 加 3 等于几？", "--mistake",
                           "答案 6 不是 2 加 3。", "--correction", "2 + 3 = 5。"})
                  .exit_code,
              0);
    const auto results = dir / "run.jsonl";
    std::vector<std::string> args = eval_args(four_items(dir), results);
    args[std::find(args.begin(), args.end(), "boxed") - args.begin()] = "boxed,notebook+boxed";
    args.insert(args.end(), {"--notebook", notebook});
    auto r = run_process(args, "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = result_lines(results);
    EXPECT_EQ(lines.size(), 8u);
    EXPECT_NE(r.out.find("deepseek notebook+boxed"), std::string::npos) << r.out;
    int shown = 0;
    for (const auto & line : lines) {
        const bool lever = line["config"] == "deepseek notebook+boxed";
        const bool chinese = line["id"] == "q3";
        EXPECT_EQ(line.contains("notebook"), lever && chinese) << line;
        if (line.contains("notebook")) shown += line["notebook"] == nlohmann::json::array({1});
    }
    EXPECT_EQ(shown, 1);
    // Read, never counted: the next item sees the notebook the first one saw.
    auto entry = run_process({kBinary, "notebook", "show", "1", "--json", "--notebook", notebook});
    EXPECT_EQ(nlohmann::json::parse(entry.out)["retrieved"], 0);

    // A notebook without the lever (or --learn) would do nothing: refused.
    std::vector<std::string> idle_args = eval_args(four_items(dir), dir / "idle.jsonl");
    idle_args.insert(idle_args.end(), {"--notebook", notebook});
    auto idle = run_process(idle_args);
    EXPECT_EQ(idle.exit_code, 2);
    EXPECT_NE(idle.err.find("notebook lever"), std::string::npos) << idle.err;

    // The lever without a notebook is a usage error before the model loads.
    args.resize(args.size() - 2);
    auto missing = run_process(args, "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("--notebook"), std::string::npos) << missing.err;
}

TEST(EvalCommand, LearningRecordsTheWrongAnswersWhoseSolutionIsKnown) {
    const auto dir = test_dir("learn");
    // Every answer is 4: the items whose answer is 5 are wrong, and one of them has a solution.
    const auto items = dir / "items.jsonl";
    std::ofstream(items) << R"({"id": "q1", "question": "What is 2+2?", "answer": "4"})" << "\n"
                         << R"({"id": "q2", "question": "What is 2+3?", "answer": "5", "solution": "2 + 3 = <<2+3=5>>5"})"
                         << "\n"
                         << R"({"id": "q4", "question": "What is 10-5?", "answer": "5"})" << "\n";
    const auto notebook = (dir / "learned.sqlite").string();
    const auto results = dir / "run.jsonl";
    const std::string data = "R1TUNE_DATA=" + answer_four_data(dir).string();
    std::vector<std::string> args = eval_args(items, results);
    args.insert(args.end(), {"--learn", "--notebook", notebook});
    auto r = run_process(args, "", {data});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto listed = run_process({kBinary, "notebook", "export", "--notebook", notebook});
    ASSERT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 1) << listed.out;
    const auto entry = nlohmann::json::parse(listed.out);
    EXPECT_EQ(entry["question"], "What is 2+3?");
    EXPECT_EQ(entry["correction"], "2 + 3 = 5");
    EXPECT_EQ(entry["mistake"], "The final answer was 4, but the right answer is 5.");
    EXPECT_EQ(entry["verified_by"], "reference solution");

    // The same from the results file afterwards, into another notebook; twice adds nothing.
    const auto other = (dir / "harvested.sqlite").string();
    auto harvest = run_process({kBinary, "notebook", "harvest", results.string(), "--dataset", items.string(), "--notebook", other});
    ASSERT_EQ(harvest.exit_code, 0) << harvest.err;
    EXPECT_EQ(harvest.out, "harvested 1 entries from 2 wrong answers of deepseek boxed (1 without a known correction, 0 already there)\n");
    harvest = run_process({kBinary, "notebook", "harvest", results.string(), "--dataset", items.string(), "--notebook", other});
    EXPECT_NE(harvest.out.find("harvested 0 entries"), std::string::npos) << harvest.out;
    // Rows written as items finished (eval --parallel) need not start with the run's first item.
    {
        std::istringstream in(read_all(results));
        std::string header, line;
        std::vector<std::string> rows;
        std::getline(in, header);
        while (std::getline(in, line)) rows.push_back(line);
        std::ofstream reversed(dir / "reversed.jsonl");
        reversed << header << "\n";
        for (auto it = rows.rbegin(); it != rows.rend(); ++it) reversed << *it << "\n";
    }
    harvest = run_process({kBinary, "notebook", "harvest", (dir / "reversed.jsonl").string(), "--dataset", items.string(),
                           "--notebook", (dir / "from-reversed.sqlite").string()});
    ASSERT_EQ(harvest.exit_code, 0) << harvest.err;
    EXPECT_EQ(harvest.out, "harvested 1 entries from 2 wrong answers of deepseek boxed (1 without a known correction, 0 already there)\n");
    // Another dataset with the same ids would pair one question with another's answer.
    const auto others = dir / "others.jsonl";
    std::ofstream(others) << R"({"id": "q1", "question": "What is 3+3?", "answer": "6"})" << "\n"
                          << R"({"id": "q2", "question": "What is 3+4?", "answer": "7", "solution": "3 + 4 = 7"})" << "\n"
                          << R"({"id": "q4", "question": "What is 9-2?", "answer": "7"})" << "\n";
    auto wrong = run_process({kBinary, "notebook", "harvest", results.string(), "--dataset", others.string(), "--notebook", other});
    EXPECT_EQ(wrong.exit_code, 4);
    EXPECT_NE(wrong.err.find("is not the dataset"), std::string::npos) << wrong.err;
    // Not a results file, or a configuration it does not hold.
    auto bad = run_process({kBinary, "notebook", "harvest", items.string(), "--dataset", items.string(), "--notebook", other});
    EXPECT_EQ(bad.exit_code, 4);
    bad = run_process({kBinary, "notebook", "harvest", results.string(), "--dataset", items.string(), "--config", "nosuch",
                       "--notebook", other});
    EXPECT_EQ(bad.exit_code, 4);
    EXPECT_NE(bad.err.find("nosuch"), std::string::npos) << bad.err;

    // Learning while the notebook lever reads the same notebook is refused.
    args = eval_args(items, dir / "both.jsonl");
    args[std::find(args.begin(), args.end(), "boxed") - args.begin()] = "notebook+boxed";
    args.insert(args.end(), {"--learn", "--notebook", notebook});
    auto both = run_process(args, "", {data});
    EXPECT_EQ(both.exit_code, 2);
    EXPECT_NE(both.err.find("--learn"), std::string::npos) << both.err;
}

TEST(EvalCommand, SkipAndLimitTakeAPartFurtherDown) {
    const auto dir = test_dir("skip");
    const auto results = dir / "run.jsonl";
    std::vector<std::string> args = eval_args(four_items(dir), results);
    args.insert(args.end(), {"--skip", "1", "--limit", "2"});
    auto r = run_process(args, "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = result_lines(results);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["id"], "q2");
    EXPECT_EQ(lines[1]["id"], "q3");
    args = eval_args(four_items(dir), dir / "none.jsonl");
    args.insert(args.end(), {"--skip", "4"});
    r = run_process(args, "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--skip 4 leaves none of the 4 items"), std::string::npos) << r.err;
}

TEST(EvalCommand, ATableOfItsOwnComparesWithTheModelsTable) {
    // The fixture is an R1 distill: its table is deepseek, so profiles:chat is another configuration.
    const auto dir = test_dir("tables");
    const auto results = dir / "run.jsonl";
    std::vector<std::string> args = eval_args(four_items(dir), results);
    args[std::find(args.begin(), args.end(), "boxed") - args.begin()] = "boxed,profiles:chat+boxed";
    args.insert(args.end(), {"--limit", "1"});
    auto r = run_process(args, "", {"R1TUNE_DATA=" + answer_four_data(dir).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = result_lines(results);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["config"], "deepseek boxed");
    EXPECT_EQ(lines[1]["config"], "chat boxed");
}
