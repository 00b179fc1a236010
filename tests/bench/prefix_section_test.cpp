// The prefix section reads its workers' lines field by field: a worker that prints a line of
// another shape (another version, a cut-off line) is an error that names the field, never a
// crash. A shell script stands in for `r1tune bench --worker MODE …`.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bench/llama_server.h"
#include "bench/prefix_section.h"

using namespace r1tune;
using namespace r1tune::bench;

namespace {

// A stand-in worker answering each mode ($3) with the given line; one file per test process, so
// that tests run in parallel (ctest -j) never rewrite each other's worker.
std::filesystem::path fake_worker(const std::string & prompts_line, const std::string & prefix_line) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("r1tune-fake-prefix-worker-" + std::to_string(::getpid()) + ".sh");
    std::ofstream script(path);
    script << "#!/bin/sh\n"
           << "case \"$3\" in\n"
           << "  prefix-prompts) echo '" << prompts_line << "' ;;\n"
           << "  prefix) echo '" << prefix_line << "' ;;\n"
           << "  *) echo '{\"load_ms\": 1, \"warm_ms\": 2, \"reused\": 3}' ;;\n"
           << "esac\n";
    script.close();
    ::chmod(path.c_str(), 0755);
    return path;
}

Status run_with(const std::filesystem::path & worker) {
    BenchSetup setup;
    setup.r1tune = worker;
    setup.rounds = 1;
    setup.progress = [](const std::string &) {};
    LlamaTool server{"llama-server", "/nonexistent/llama-server", "not built"};
    PrefixRequest request;
    request.model_path = "unused.gguf";
    request.state_file =
        std::filesystem::temp_directory_path() / ("r1tune-fake-prefix-" + std::to_string(::getpid()) + ".bin");
    BenchReport report;
    return run_prefix_section(setup, request, server, report);
}

constexpr const char * kPrompts = R"({"first": [1, 2, 3], "second": [1, 2, 4], "third": [1, 2, 5], "shared": 2})";
constexpr const char * kPrefix = R"({"cold_ms": 10, "warm_ms": 2, "warm_reused": 2, "save_ms": 1})";

} // namespace

TEST(PrefixSection, WellFormedWorkerLinesMakeASection) {
    EXPECT_TRUE(run_with(fake_worker(kPrompts, kPrefix)));
}

TEST(PrefixSection, APromptsLineOfAnotherShapeNamesTheField) {
    const Status s = run_with(fake_worker(R"({"first": "1 2 3", "second": [1], "third": [1], "shared": 1})", kPrefix));
    EXPECT_EQ(s.kind(), ErrorKind::kInternal);
    EXPECT_NE(s.message().find("\"first\""), std::string::npos) << s.message();
    const Status no_shared = run_with(fake_worker(R"({"first": [1], "second": [1], "third": [1]})", kPrefix));
    EXPECT_NE(no_shared.message().find("\"shared\""), std::string::npos) << no_shared.message();
}

TEST(PrefixSection, AMeasurementLineWithoutAFieldNamesIt) {
    const Status s = run_with(fake_worker(kPrompts, R"({"cold_ms": 10, "warm_reused": 2, "save_ms": 1})"));
    EXPECT_EQ(s.kind(), ErrorKind::kInternal);
    EXPECT_NE(s.message().find("\"warm_ms\""), std::string::npos) << s.message();
    const Status text = run_with(fake_worker(kPrompts, R"({"cold_ms": "fast", "warm_ms": 2, "warm_reused": 2, "save_ms": 1})"));
    EXPECT_NE(text.message().find("\"cold_ms\""), std::string::npos) << text.message();
}

// llama-server's side: the first token's time and how much of the prompt came from its cache.
TEST(PrefixSection, LlamaServerCompletionTimings) {
    CompletionTimings t;
    ASSERT_TRUE(parse_completion_timings(
        R"({"content": "4", "timings": {"cache_n": 1040, "prompt_n": 5, "prompt_ms": 80.5, "predicted_ms": 19.5}})", t));
    EXPECT_EQ(t.cached_tokens, 1040);
    EXPECT_DOUBLE_EQ(t.first_token_ms(), 100.0);
    const Status cut = parse_completion_timings(R"({"timings": {"cache_n": 0, "prompt_ms": 1}})", t);
    EXPECT_EQ(cut.kind(), ErrorKind::kInternal);
    EXPECT_NE(cut.message().find("\"predicted_ms\""), std::string::npos) << cut.message();
    EXPECT_NE(parse_completion_timings("<html>busy</html>", t).message().find("no timings"), std::string::npos);
}
