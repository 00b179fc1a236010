// `r1tune bench` from the outside: one tiny run of every section against the real llama.cpp
// tools (built with r1tune), a run without the tools, and bad input with its exit code.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run_process.h"

using r1tune::process::run_process;

namespace {

const std::string kBinary = R1TUNE_BINARY;

// One thread: on a small shared machine, two threads of one process wait for each other by
// spinning, and any other busy process then slows every step of a two-thread run tens of times.
std::vector<std::string> tiny_bench(std::vector<std::string> extra) {
    std::vector<std::string> argv = {kBinary, "bench", "-m", R1TUNE_TINY_FIXTURE, "-t", "1", "--rounds", "1",
                                     "--prompt-tokens", "16", "--decode-tokens", "4", "--batch", "1,2"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

std::string read_file(const std::filesystem::path & path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST(BenchCommand, EverySectionWithPositiveNumbersOnBothSides) {
    const std::filesystem::path dir = std::filesystem::path(R1TUNE_TEST_TMP) / "bench";
    std::filesystem::create_directories(dir);
    const std::filesystem::path markdown = dir / "results.md";
    std::filesystem::remove(markdown);

    auto r = run_process(tiny_bench({"--sections", "single,batched", "--sweep", "--json", "--markdown", markdown.string()}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["sections"].size(), 3u) << r.out;
    EXPECT_EQ(doc["sections"][0]["name"], "single");
    EXPECT_EQ(doc["sections"][1]["name"], "batched");
    EXPECT_EQ(doc["sections"][2]["name"], "sweep");
    for (const auto & section : doc["sections"]) {
        EXPECT_TRUE(section["llama_cpp_unavailable"].is_null()) << section["llama_cpp_unavailable"];
        ASSERT_FALSE(section["rows"].empty());
        for (const auto & row : section["rows"]) {
            for (const char * side : {"r1tune", "llama_cpp", "ratio"}) {
                ASSERT_TRUE(row[side].is_object()) << row["label"] << " " << side;
                EXPECT_GT(row[side]["median"].get<double>(), 0) << row["label"] << " " << side;
            }
        }
    }
    EXPECT_EQ(doc["sections"][1]["rows"].size(), 2u); // one row per sequence count
    EXPECT_EQ(doc["settings"]["threads"], 1);
    EXPECT_EQ(doc["sections"][2]["rows"].size(), 4u); // decode and prompt, 1 thread not pinned and pinned
    EXPECT_FALSE(doc["llama_cpp"]["tools_build_commit"].is_null());

    const std::string text = read_file(markdown);
    for (const char * part : {"## r1tune's engine next to llama.cpp", "model: ", "machine: ", "llama.cpp: ",
                              "### One sequence", "### Sequences sharing", "### Threads and pinning", "| measure |"}) {
        EXPECT_NE(text.find(part), std::string::npos) << part << " missing from:\n" << text;
    }
}

TEST(BenchCommand, AMissingToolLeavesItsColumnNotBuilt) {
    const std::filesystem::path empty = std::filesystem::path(R1TUNE_TEST_TMP) / "bench-no-tools";
    std::filesystem::create_directories(empty);
    auto r = run_process(tiny_bench({"--sections", "single", "--llama-bin", empty.string()}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("One sequence"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("not built (cmake --build build --target llama-bench)"), std::string::npos) << r.out;
}

TEST(BenchCommand, BadInputIsOneSentenceAndItsExitCode) {
    struct Case {
        std::vector<std::string> args;
        int exit_code;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"bench", "--rounds", "0"}, 2, "--rounds"},
        {{"bench", "--batch", "1,0"}, 2, "--batch"},
        {{"bench", "--sections", "single,speed"}, 2, "unknown section 'speed' (known: single, batched, sweep, prefix, serve, spec)"},
        {{"bench", "--llama-bin", "/nonexistent/bin"}, 2, "--llama-bin"},
        {{"bench", "-m", "/nonexistent/model.gguf"}, 3, "/nonexistent/model.gguf"},
    };
    for (const auto & c : cases) {
        std::vector<std::string> argv = {kBinary};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        auto r = run_process(argv);
        EXPECT_EQ(r.exit_code, c.exit_code) << c.args.back() << ": " << r.err;
        EXPECT_EQ(r.err.rfind("r1tune: ", 0), 0u) << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
}

TEST(BenchCommand, ThePrefixSectionReusesThePrefixOnBothSides) {
    auto r = run_process(tiny_bench({"--sections", "prefix", "--prefix-tokens", "120", "--json"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["sections"].size(), 1u);
    const auto & section = doc["sections"][0];
    EXPECT_EQ(section["name"], "prefix");
    EXPECT_TRUE(section["llama_cpp_unavailable"].is_null()) << section["llama_cpp_unavailable"];
    ASSERT_EQ(section["rows"].size(), 5u);
    for (const auto & row : section["rows"]) {
        EXPECT_GT(row["r1tune"]["median"].get<double>(), 0) << row["label"];
        EXPECT_GT(row["llama_cpp"]["median"].get<double>(), 0) << row["label"];
    }
    // Both sides took the shared prefix from their cache: neither count may be zero.
    const std::string notes = section["notes"].dump();
    EXPECT_EQ(notes.find("reused 0 tokens"), std::string::npos) << notes;
    EXPECT_EQ(notes.find("reported 0 cached"), std::string::npos) << notes;
    // The prompts are r1tune's own layout (scaffold and notebook entries before the question):
    // they share at least the asked-for prefix.
    const std::size_t reused_at = notes.find("r1tune reused ");
    ASSERT_NE(reused_at, std::string::npos) << notes;
    EXPECT_GE(std::stoi(notes.substr(reused_at + std::string("r1tune reused ").size())), 120) << notes;
    EXPECT_NE(notes.find("Later questions of a run, r1tune warm ÷ cold"), std::string::npos) << notes;
}

TEST(BenchCommand, ThePrefixPromptsShareTheirPrefixForEveryFamily) {
    // An R1 distill takes scaffold and entries in the user turn; a base model takes no scaffold,
    // and the entries stand in front of the question: either way the questions share the prefix.
    for (const char * model : {R1TUNE_TINY_FIXTURE, R1TUNE_BASE_MODEL_FIXTURE}) {
        auto r = run_process({kBinary, "bench", "--worker", "prefix-prompts", "-m", model, "-t", "1", "--prefix-tokens",
                              "300", "--state-file", "/nonexistent/unused.bin"});
        ASSERT_EQ(r.exit_code, 0) << model << ": " << r.err << r.out;
        const auto doc = nlohmann::json::parse(r.out);
        EXPECT_GE(doc["shared"].get<int>(), 300) << model;
        EXPECT_LT(doc["shared"].get<int>(), static_cast<int>(doc["first"].size())) << model;
    }
}

TEST(BenchCommand, TheSpecSectionComparesEachSidesSpeculationWithItsPlainDecoding) {
    // The fixture drafts for itself: llama-server's draft rows have numbers, r1tune's stay empty.
    auto r = run_process(tiny_bench({"--sections", "spec", "--draft", R1TUNE_TINY_FIXTURE, "--json"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["sections"].size(), 1u);
    const auto & section = doc["sections"][0];
    EXPECT_EQ(section["name"], "spec");
    EXPECT_TRUE(section["llama_cpp_unavailable"].is_null()) << section["llama_cpp_unavailable"];
    const auto & rows = section["rows"];
    ASSERT_EQ(rows.size(), 7u); // plain, then speed, speed-up and proposals kept for n-gram and for the draft
    for (int i : {0, 1, 2}) EXPECT_GT(rows[i]["r1tune"]["median"].get<double>(), 0) << rows[i]["label"];
    for (int i : {0, 1, 2, 4, 5}) EXPECT_GT(rows[i]["llama_cpp"]["median"].get<double>(), 0) << rows[i]["label"];
    EXPECT_TRUE(rows[4]["r1tune"].is_null()) << rows[4];
    // Greedy proposals leave r1tune's text as it was (but for a batch's last bits on the random
    // fixture's flat logits, which may turn one near-tie).
    const std::string notes = section["notes"].dump();
    EXPECT_TRUE(notes.find("n-gram proposals, r1tune 4,") != std::string::npos ||
                notes.find("n-gram proposals, r1tune 3,") != std::string::npos)
        << notes;
}

TEST(BenchCommand, AMissingDraftModelIsSaidBeforeAnythingRuns) {
    auto r = run_process(tiny_bench({"--sections", "spec", "--draft", "/nonexistent/draft.gguf"}));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("--draft"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("Speculative"), std::string::npos) << r.out;
}

TEST(BenchCommand, AnUnusableTemporaryFolderIsOneSentenceNotAnInternalError) {
    const std::string missing = std::string(R1TUNE_TEST_TMP) + "/no-such-tmp";
    auto r = run_process(tiny_bench({"--sections", "spec"}), "", {"TMPDIR=" + missing});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("the folder for temporary files, " + missing + ", cannot hold the servers' logs"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
}

TEST(BenchCommand, AnOptionForASectionTheRunLeavesOutIsSaidAndChangesNothing) {
    // --draft is not even resolved: the spec section that would use it does not run.
    auto r = run_process(tiny_bench({"--sections", "single", "--draft", "/nonexistent/draft.gguf", "--json"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("note: --draft is for the spec section, which this run leaves out"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("note: --batch is for the batched section,"), std::string::npos) << r.err;
    // --decode-tokens is read by the single section too: no note for it.
    EXPECT_EQ(r.err.find("note: --decode-tokens"), std::string::npos) << r.err;
    // An error stays the only line, notes or not.
    auto bad = run_process({kBinary, "bench", "--prefix-tokens", "100", "-m", "/nonexistent/model.gguf"});
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["sections"].size(), 1u);
}

TEST(BenchCommand, ADraftThatIsNoModelIsLlamaServersFailureWithItsLogsReasonAndLeavesNoFolder) {
    const std::filesystem::path dir = std::filesystem::path(R1TUNE_TEST_TMP) / "bench-bad-draft";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::filesystem::path draft = dir / "not-a-model.gguf";
    std::ofstream(draft) << "this is not a GGUF file";
    auto r = run_process(tiny_bench({"--sections", "spec", "--draft", draft.string(), "--json"}), "",
                         {"TMPDIR=" + dir.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto section = nlohmann::json::parse(r.out)["sections"][0];
    const std::string unavailable = section["llama_cpp_unavailable"].get<std::string>();
    EXPECT_NE(unavailable.find("failed to load draft model"), std::string::npos) << unavailable;
    EXPECT_GT(section["rows"][0]["r1tune"]["median"].get<double>(), 0); // r1tune's side was measured all the same
    // The run's temporary folder (the servers' logs) went with it.
    for (const auto & entry : std::filesystem::directory_iterator(dir)) {
        EXPECT_FALSE(entry.path().filename().string().starts_with("r1tune-bench-")) << entry.path();
    }
}

TEST(BenchCommand, TheServeSectionMeasuresBothServersAtEveryClientCount) {
    auto r = run_process(tiny_bench({"--sections", "serve", "--serve-tokens", "8", "--json"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["sections"].size(), 1u);
    const auto & section = doc["sections"][0];
    EXPECT_EQ(section["name"], "serve");
    EXPECT_TRUE(section["llama_cpp_unavailable"].is_null()) << section["llama_cpp_unavailable"];
    ASSERT_EQ(section["rows"].size(), 6u); // throughput and first text at 1, 2 and 4 clients
    EXPECT_EQ(section["rows"][4]["label"], "throughput, 4 clients");
    for (const auto & row : section["rows"]) {
        EXPECT_GT(row["r1tune"]["median"].get<double>(), 0) << row["label"];
        EXPECT_GT(row["llama_cpp"]["median"].get<double>(), 0) << row["label"];
    }
}
