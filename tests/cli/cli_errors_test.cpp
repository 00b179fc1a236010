// Bad input must give one clear sentence on stderr and the documented exit code:
// 2 usage, 3 model, 4 input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/run_process.h"

using r1tune::process::run_process;

namespace {

const std::string kBinary = R1TUNE_BINARY;
const std::string kFixture = R1TUNE_TINY_FIXTURE;

std::string temp_file(const std::string & name, const std::string & content) {
    std::filesystem::create_directories(R1TUNE_TEST_TMP);
    const auto path = std::filesystem::path(R1TUNE_TEST_TMP) / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

// Runs `r1tune solve` on the fixture with extra arguments.
r1tune::process::ProcessResult solve(std::vector<std::string> extra, const std::string & input = "") {
    std::vector<std::string> argv = {kBinary, "solve", "-m", kFixture, "-n", "4"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_process(argv, input);
}

void expect_one_sentence(const std::string & err, const std::string & contains) {
    EXPECT_NE(err.find(contains), std::string::npos) << err;
    EXPECT_EQ(err.rfind("r1tune: ", 0), 0u) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

} // namespace

TEST(CliErrors, MissingModelFileExits3) {
    auto r = run_process({kBinary, "solve", "-m", "/nonexistent/m.gguf", "hi"});
    EXPECT_EQ(r.exit_code, 3);
    expect_one_sentence(r.err, "there is no model file at /nonexistent/m.gguf");
}

TEST(CliErrors, FileThatIsNotGgufExits3) {
    auto path = temp_file("notes.gguf", "just some notes\n");
    auto r = run_process({kBinary, "solve", "-m", path, "hi"});
    EXPECT_EQ(r.exit_code, 3);
    expect_one_sentence(r.err, "not a GGUF");
}

TEST(CliErrors, TruncatedGgufExits3) {
    std::ifstream in(kFixture, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    auto path = temp_file("truncated.gguf", head);
    auto r = run_process({kBinary, "solve", "-m", path, "hi"});
    EXPECT_EQ(r.exit_code, 3);
    expect_one_sentence(r.err, "could not load");
}

TEST(CliErrors, UnknownCatalogNameExits3) {
    auto r = run_process({kBinary, "solve", "-m", "no-such-model", "hi"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("no-such-model"), std::string::npos) << r.err;
}

TEST(CliErrors, PromptLongerThanTheContextExits4) {
    std::string question;
    for (int i = 0; i < 400; ++i) question += "rabbit ";
    auto r = solve({"-c", "256", question});
    EXPECT_EQ(r.exit_code, 4);
    expect_one_sentence(r.err, "longer than the context");
}

TEST(CliErrors, InvalidUtf8QuestionExits4) {
    auto r = solve({"-f", "-"}, "35 heads \xff\xfe 94 feet");
    EXPECT_EQ(r.exit_code, 4);
    expect_one_sentence(r.err, "not valid UTF-8 (byte 9)");
    auto path = temp_file("bad.txt", "ok \xc3");
    r = solve({"-f", path});
    EXPECT_EQ(r.exit_code, 4);
    expect_one_sentence(r.err, "not valid UTF-8");
}

TEST(CliErrors, EmptyQuestionExits4) {
    auto r = solve({"-f", "-"}, "  \n ");
    EXPECT_EQ(r.exit_code, 4);
    expect_one_sentence(r.err, "empty");
}

TEST(CliErrors, MissingQuestionFileExits4) {
    auto r = solve({"-f", "/nonexistent/question.txt"});
    EXPECT_EQ(r.exit_code, 4);
    expect_one_sentence(r.err, "cannot read");
}

TEST(CliErrors, BadOptionValuesExit2) {
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"--temp", "-0.5", "hi"}, "temperature"},
        {{"--top-p", "1.5", "hi"}, "top_p"},
        {{"--threads", "0", "hi"}, "threads"},
        {{"--min-p", "1", "hi"}, "min_p"},
        {{"--kv-type", "q3", "hi"}, "KV cache type"},
        {{"--ctx-size", "8", "hi"}, "context size"},
        {{"--temp", "warm", "hi"}, "temp"},
        {{"--no-such-option", "hi"}, "no-such-option"},
    };
    for (const auto & c : cases) {
        auto r = solve(c.args);
        EXPECT_EQ(r.exit_code, 2) << c.args[0] << ": " << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args[0] << ": " << r.err;
    }
}

TEST(CliErrors, NoSubcommandIsAUsageError) {
    auto r = run_process({kBinary});
    EXPECT_EQ(r.exit_code, 2);
}

TEST(CliErrors, AMistypedCommandIsNamedWithTheKnownOnes) {
    auto r = run_process({kBinary, "slove", "hi"});
    EXPECT_EQ(r.exit_code, 2);
    expect_one_sentence(r.err, "unknown command 'slove' (known: solve, pull, check, scaffolds, eval, serve, notebook, doctor, bench, version)");
}

TEST(Cli, HelpAndVersionSucceed) {
    auto help = run_process({kBinary, "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("solve"), std::string::npos);
    auto version = run_process({kBinary, "version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("80fb11ac73e66d89eae2c6a91d8a77428fa733ed"), std::string::npos) << version.out;
}

TEST(CliErrors, CarelessInputsFoundByTryingToBreakIt) {
    // Each of these once crashed, hung, or did something other than what was asked.
    auto threads = solve({"--threads", "100000", "hi"});
    EXPECT_EQ(threads.exit_code, 2) << threads.err; // was a segfault inside llama.cpp
    auto context = solve({"-c", "2147483647", "hi"});
    EXPECT_EQ(context.exit_code, 2) << context.err; // was bad_alloc after 12 s
    auto batch = solve({"--strategy", "vote:8", "-b", "4", "hi"});
    EXPECT_EQ(batch.exit_code, 2) << batch.err; // was an abort in llama_decode
    EXPECT_NE(batch.err.find("--batch-size"), std::string::npos) << batch.err;
    auto stop = solve({"--stop", "END", "--json", "What is 2+3?"}, "piped text");
    ASSERT_EQ(stop.exit_code, 0) << stop.err; // --stop took the question as a second stop string
    EXPECT_NE(stop.out.find("\"question\": \"What is 2+3?\""), std::string::npos);
    auto empty = solve({""}, "piped text");
    EXPECT_EQ(empty.exit_code, 4) << empty.err; // an empty argument fell through to stdin
    const auto folder = std::filesystem::path(R1TUNE_TEST_TMP) / "a-folder";
    std::filesystem::create_directories(folder);
    auto from_folder = solve({"-f", folder.string()});
    EXPECT_EQ(from_folder.exit_code, 4);
    expect_one_sentence(from_folder.err, "is a folder");
    auto huge = solve({"-f", temp_file("huge.txt", std::string((1 << 20) + 10, 'a'))});
    EXPECT_EQ(huge.exit_code, 4); // was tokenized whole before the length check
    expect_one_sentence(huge.err, "longer than 1 MiB");
    auto tests_on_stdin = solve({"--tests", "-", "hi"});
    EXPECT_EQ(tests_on_stdin.exit_code, 2);
}
