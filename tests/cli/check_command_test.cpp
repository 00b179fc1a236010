// `r1tune check` end to end: the verifiers on a model's output, exit codes and JSON, no model.
// The cases are the tuning guide's own examples, including the mistakes it makes itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/run_process.h"

using nlohmann::json;
using r1tune::process::run_process;

namespace {

const std::string kBinary = R1TUNE_BINARY;
const std::string kChickenRabbit = "笼子里有35个头，94只脚，问鸡兔各几只？";
const std::string kDigitPuzzle = "一个三位数，各位数字之和是12，百位数字比十位数字大2，个位数字比十位数字小1，求这个数";

r1tune::process::ProcessResult check(std::vector<std::string> args, const std::string & output) {
    std::vector<std::string> argv = {kBinary, "check"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, output);
}

std::string temp_file(const std::string & name, const std::string & content) {
    std::filesystem::create_directories(R1TUNE_TEST_TMP);
    const auto path = std::filesystem::path(R1TUNE_TEST_TMP) / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

} // namespace

TEST(CheckCommand, TheGuidesRightAnswerPassesAndItsWrongArithmeticIsCaught) {
    // 23 chickens and 12 rabbits are right; the guide's "2×23+4×12=98" is not (it is 94).
    const std::string right = "<think>\n设鸡x只，兔y只。\n</think>\n\n2×23+4×12=46+48=94，符合。\\boxed{鸡23只，兔12只}";
    auto ok = check({kChickenRabbit}, right);
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("✓ constraints"), std::string::npos) << ok.out;
    EXPECT_NE(ok.out.find("✓ arithmetic"), std::string::npos) << ok.out;

    // The guide's own check line. (Followed by "所以答案不对" the verifier reads it as a retracted
    // step and stays silent: it prefers a miss to a false alarm.)
    const std::string wrong_claim = "验证：2×23+4×12=98≠94。\\boxed{鸡23只，兔12只}";
    auto bad = check({kChickenRabbit}, wrong_claim);
    EXPECT_EQ(bad.exit_code, 1) << bad.out;
    EXPECT_NE(bad.out.find("✗ arithmetic"), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("94"), std::string::npos) << bad.out;
}

TEST(CheckCommand, AWrongAnswerFailsTheDerivedConstraints) {
    auto r = check({kChickenRabbit}, "所以鸡有22只，兔有13只。");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("✗ constraints"), std::string::npos) << r.out;
}

TEST(CheckCommand, NoSolutionIsRightForTheGuidesDigitPuzzle) {
    auto r = check({kDigitPuzzle}, "3t+1=12 没有整数解，所以这样的三位数不存在，答案是无解。");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("✓ no_solution"), std::string::npos) << r.out;
}

TEST(CheckCommand, NoSolutionIsWrongWhenOneExists) {
    const std::string solvable = "一个三位数，各位数字之和是13，百位数字比十位数字大2，个位数字比十位数字小1，求这个数";
    auto r = check({solvable}, "答案：无解");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("✗ no_solution"), std::string::npos) << r.out;
    auto right = check({solvable}, "\\boxed{643}");
    EXPECT_EQ(right.exit_code, 0) << right.out;
}

TEST(CheckCommand, UserConstraintsAndAReferenceInJson) {
    auto r = check({"How many chickens (c) and rabbits (r)?", "--check", "c + r == 35 && 2*c + 4*r == 94", "--expect",
                    "c = 23, r = 12", "--json"},
                   "So c = 23 and r = 13.");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    json doc = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.out;
    EXPECT_EQ(doc["result"], "fail");
    EXPECT_EQ(doc["constraints"]["origin"], "--check");
    std::map<std::string, std::string> outcomes;
    for (const auto & v : doc["verdicts"]) outcomes[v["verifier"]] = v["outcome"];
    EXPECT_EQ(outcomes["constraints"], "fail");
    EXPECT_EQ(outcomes["reference"], "fail");
}

TEST(CheckCommand, CodeIsRunAgainstTheTests) {
    const std::string tests = temp_file("tests.py", "assert is_even(2)\nassert not is_even(3)\nassert is_even(0)\n");
    auto ok = check({"Write is_even(n) in Python.", "--tests", tests},
                    "```python\ndef is_even(n):\n    return n % 2 == 0\n```");
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    auto bad = check({"Write is_even(n) in Python.", "--tests", tests},
                     "```python\ndef is_even(n):\n    return n % 2 == 0 and n > 0\n```");
    EXPECT_EQ(bad.exit_code, 1) << bad.out;
    EXPECT_NE(bad.out.find("is_even(0)"), std::string::npos) << bad.out;
}

TEST(CheckCommand, BadInputIsAClearErrorWithItsExitCode) {
    auto no_question = check({}, "x");
    EXPECT_EQ(no_question.exit_code, 2);
    auto bad_constraint = check({"q", "--check", "c + == 3"}, "c = 1");
    EXPECT_EQ(bad_constraint.exit_code, 2);
    EXPECT_NE(bad_constraint.err.find("--check"), std::string::npos) << bad_constraint.err;
    auto missing = check({"q", "--output", "/nonexistent/out.txt"}, "");
    EXPECT_EQ(missing.exit_code, 4);
    EXPECT_NE(missing.err.find("/nonexistent/out.txt"), std::string::npos) << missing.err;
    auto invalid = check({"q"}, "x = \xff");
    EXPECT_EQ(invalid.exit_code, 4);
    EXPECT_NE(invalid.err.find("not valid UTF-8"), std::string::npos) << invalid.err;
}
