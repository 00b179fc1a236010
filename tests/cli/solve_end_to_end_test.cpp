// `r1tune solve` end to end: the real binary, a real GGUF, the JSON a script would read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/run_process.h"

using nlohmann::json;
using r1tune::process::run_process;

namespace {

const std::string kBinary = R1TUNE_BINARY;
const char * kChickenRabbit = "笼子里有35个头，94只脚，问鸡兔各几只？";

json parse_or_fail(const std::string & out) {
    json doc = json::parse(out, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(doc.is_discarded()) << "not JSON: " << out;
    return doc;
}

} // namespace

TEST(SolveEndToEnd, FixtureModelGivesAValidJsonTrace) {
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "8", "--json", "--seed", "3", kChickenRabbit});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json doc = parse_or_fail(r.out);
    ASSERT_TRUE(doc.is_object());
    EXPECT_EQ(doc["finish_reason"], "max_tokens");
    EXPECT_EQ(doc["tokens"]["generated"], 8);
    EXPECT_GT(doc["tokens"]["prompt"].get<int>(), 10);
    // The R1 template opened <think> and the random model never closes it.
    EXPECT_FALSE(doc["thinking"].get<std::string>().empty());
    EXPECT_EQ(doc["answer"], "");
    EXPECT_EQ(doc["thinking_closed"], false);
    EXPECT_GT(doc["timings"]["decode_tokens_per_second"].get<double>(), 0.0);
    EXPECT_EQ(doc["settings"]["seed"], 3);
}

TEST(SolveEndToEnd, QuestionFromStandardInputGivesTheSameResultAsAnArgument) {
    auto from_arg = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "6", "--json", "--temp", "0", "2+2?"});
    auto from_stdin = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "6", "--json", "--temp", "0"}, "2+2?\n");
    ASSERT_EQ(from_arg.exit_code, 0) << from_arg.err;
    ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
    EXPECT_EQ(parse_or_fail(from_arg.out)["thinking"], parse_or_fail(from_stdin.out)["thinking"]);
}

TEST(SolveEndToEnd, ShowThinkingPrintsTheReasoningBlock) {
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "6", "--show-thinking", "hi"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("<think>\n", 0), 0u) << r.out;
    EXPECT_NE(r.err.find("max_tokens"), std::string::npos) << r.err;
    auto quiet = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "6", "hi"});
    EXPECT_EQ(quiet.out.find("<think>"), std::string::npos) << quiet.out;
}

TEST(SolveEndToEnd, TheDefaultRealModelSolvesTheChickenRabbitQuestionAndTheAnswerIsVerified) {
    // No --model: the default model from the catalog, which scripts/bootstrap.sh installs. This
    // is the README's first command, greedy so that it is reproducible: a build whose kernels
    // compute garbage, a broken chat template or a checker that cannot bind 鸡 and 兔 fails here.
    auto r = run_process({kBinary, "solve", "--json", "--temp", "0", "--strategy", "plain", kChickenRabbit});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json doc = parse_or_fail(r.out);
    EXPECT_EQ(doc["model"]["family"], "chat") << r.out;
    EXPECT_EQ(doc["profile"]["table"], "chat") << r.out;
    ASSERT_FALSE(doc["attempts"].empty()) << r.out;
    const json & answer = doc["attempts"].back()["check"]["answer"];
    EXPECT_EQ(answer["summary"], "鸡=23，兔=12") << doc["answer"];
    EXPECT_EQ(doc["verification"], "verified") << doc["answer"];
}

TEST(SolveEndToEnd, TheReadmesFirstCommandPrintsTheRightVerifiedAnswer) {
    // Exactly what a new user runs: the default model, its family's table (auto:5 for math),
    // checks and feedback. Sampled, so the vote and the checks are what make it reliable.
    auto r = run_process({kBinary, "solve", kChickenRabbit});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("鸡=23"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("兔=12"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[verified after"), std::string::npos) << r.err;
}

TEST(SolveEndToEnd, TheJsonTraceShowsEveryDecisionAndAttempt) {
    // The whole loop on the fixture: routed, scaffolded, generated, checked. A random model's
    // answer holds nothing to bind to the derived constraints, so no feedback round follows.
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "8", "--json", kChickenRabbit});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json doc = parse_or_fail(r.out);
    EXPECT_EQ(doc["route"]["task"], "math");
    EXPECT_EQ(doc["route"]["language"], "zh");
    EXPECT_FALSE(doc["route"]["reasons"].empty());
    EXPECT_EQ(doc["profile"]["table"], "deepseek");
    EXPECT_EQ(doc["scaffold"]["name"], "word_problem");
    EXPECT_EQ(doc["model"]["family"], "deepseek-r1");
    EXPECT_EQ(doc["checks"]["constraints"]["text"], "鸡 + 兔 == 35 && 2*鸡 + 4*兔 == 94");
    ASSERT_EQ(doc["attempts"].size(), 1u);
    // The R1 family takes the scaffold in the user turn, with the question inside it.
    const std::string user_turn = doc["attempts"][0]["user_turn"];
    EXPECT_NE(user_turn.find(kChickenRabbit), std::string::npos);
    EXPECT_NE(user_turn.find("\\boxed{}"), std::string::npos) << user_turn;
    EXPECT_EQ(doc["verification"], "unverified");
    EXPECT_TRUE(doc["attempts"][0]["check"]["verdicts"].is_array());
}

TEST(SolveEndToEnd, ExplainSaysWhyAndOptionsOverrideTheProfile) {
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "4", "--explain", "--profiles", "guide",
                          "--temp", "0.3", "--scaffold", "none", "Prove that the square root of 2 is irrational."});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("route: proof, en"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("keywords prove: proof"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("profile: guide/proof: temperature 0.3, top_k 20"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("scaffold: none"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no system prompt"), std::string::npos) << r.err;
}

TEST(SolveEndToEnd, ScaffoldTurnMovesTheScaffoldOutOfTheR1UserTurn) {
    // An R1 distill takes the scaffold in the user turn; --scaffold-turn system makes it a system
    // turn, and the user turn holds the question alone.
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "4", "--json", "--retries", "0",
                          "--scaffold", "word_problem", "--scaffold-turn", "system", "--explain", kChickenRabbit});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = parse_or_fail(r.out);
    EXPECT_EQ(doc["attempts"][0]["user_turn"], kChickenRabbit);
    EXPECT_EQ(doc["scaffold"]["name"], "word_problem");
    EXPECT_NE(r.err.find("--scaffold-turn system"), std::string::npos) << r.err;
}

TEST(SolveEndToEnd, ScaffoldAutoIsTheRoutersChoiceEvenUnderATableWithout) {
    // The chat table sends math questions without a scaffold; auto asks for the router's.
    for (const auto & [scaffold, expected] : {std::pair{"auto", "word_problem"}, std::pair{"", "none"}}) {
        std::vector<std::string> args{kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "4", "--json", "--retries", "0",
                                      "--profiles", "chat"};
        if (*scaffold != '\0') args.insert(args.end(), {"--scaffold", scaffold});
        args.push_back(kChickenRabbit);
        auto r = run_process(args);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(parse_or_fail(r.out)["scaffold"]["name"], expected) << scaffold;
    }
}

TEST(SolveEndToEnd, BadPipelineOptionsAreUsageErrors) {
    for (const std::vector<std::string> & extra :
         {std::vector<std::string>{"--profiles", "nosuch"}, {"--scaffold", "nosuch"}, {"--check", "c + == 1"},
          {"--retries", "-1"}, {"--feedback", "again"}, {"--loops", "stop"}, {"--answer-format", "latex"},
          {"--answer-format", "boxed", "--strategy", "beam:2"}, {"--strategy", "vote:3", "--temp", "0"},
          {"--tools", "perl"}, {"--spec", "draft"}, {"--spec", "ngram", "--spec-tokens", "0"},
          {"--scaffold-turn", "assistant"}}) {
        std::vector<std::string> argv = {kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "4"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        argv.push_back("2+2?");
        auto r = run_process(argv);
        EXPECT_EQ(r.exit_code, 2) << extra[0] << ": " << r.err;
        EXPECT_EQ(r.err.rfind("r1tune: ", 0), 0u) << r.err;
    }
}

TEST(SolveEndToEnd, SpeculationGivesTheSameAnswerAndCountsWhatItKept) {
    const std::vector<std::string> args = {kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "30", "--json", "--temp", "0",
                                           "--strategy", "plain", "--retries", "0", "--scaffold", "none",
                                           "1 2 3 1 2 3 1 2 3 1 2 3"};
    auto plain = run_process(args);
    auto fast_args = args;
    fast_args.insert(fast_args.end(), {"--spec", "ngram", "--spec-tokens", "3"});
    auto fast = run_process(fast_args);
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    ASSERT_EQ(fast.exit_code, 0) << fast.err;
    const json a = parse_or_fail(plain.out)["attempts"][0];
    const json b = parse_or_fail(fast.out)["attempts"][0];
    EXPECT_EQ(b["thinking"], a["thinking"]);
    EXPECT_EQ(b["answer"], a["answer"]);
    EXPECT_FALSE(a.contains("speculation"));
    ASSERT_TRUE(b.contains("speculation")) << b.dump();
    EXPECT_GT(b["speculation"]["accepted"].get<int>(), 0);
    EXPECT_LE(b["speculation"]["accepted"].get<int>(), b["speculation"]["proposed"].get<int>());
}

TEST(SolveEndToEnd, ABoxedAnswerFormatHoldsTheAnswerToOneBoxedLine) {
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "30", "--thinking-budget", "6",
                          "--answer-format", "boxed", "--json", "--retries", "0", "2+2?"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json doc = parse_or_fail(r.out);
    EXPECT_EQ(doc["profile"]["answer_format"], "boxed");
    const std::string answer = doc["answer"];
    const std::size_t first = answer.find("\\boxed");
    if (first != std::string::npos) EXPECT_EQ(answer.find("\\boxed", first + 1), std::string::npos) << answer;
    if (doc["finish_reason"] == "end_of_sequence") EXPECT_NE(first, std::string::npos) << answer;

    // The user's own grammar replaces the built-in one: one that allows a single answer makes
    // even the random model give it, and the reference check passes.
    const std::filesystem::path data = std::filesystem::path(R1TUNE_TEST_TMP) / "grammar-override";
    std::filesystem::create_directories(data / "grammars");
    std::ofstream(data / "grammars" / "boxed_answer.gbnf") << "root ::= \"\\\\boxed{4}\"\n";
    auto forced = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "30", "--thinking-budget", "6",
                               "--answer-format", "boxed", "--expect", "4", "--json", "--retries", "0", "2+2?"},
                              "", {"R1TUNE_DATA=" + data.string()});
    ASSERT_EQ(forced.exit_code, 0) << forced.err;
    json verified = parse_or_fail(forced.out);
    EXPECT_EQ(verified["answer"], "\\boxed{4}");
    EXPECT_EQ(verified["verification"], "verified");
}

TEST(SolveEndToEnd, WaitFeedbackNeedsAThinkingModel) {
    const std::string tiny = R1TUNE_TINY_FIXTURE;
    const std::string base = tiny.substr(0, tiny.rfind('/')) + "/tiny-base-model.gguf";
    auto r = run_process({kBinary, "solve", "-m", base, "-n", "4", "--feedback", "wait", "2+2?"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--feedback turn"), std::string::npos) << r.err;
    auto ok = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "4", "--feedback", "wait", "--json",
                           "2+2?"});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(parse_or_fail(ok.out)["settings"]["feedback"], "wait");
}

TEST(SolveEndToEnd, TheThinkingBudgetMakesTheModelAnswer) {
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "30", "--thinking-budget", "6", "--json",
                          "--retries", "0", "2+2?"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json doc = parse_or_fail(r.out);
    EXPECT_EQ(doc["tokens"]["thinking"], 6);
    EXPECT_EQ(doc["thinking_budget_reached"], true);
    EXPECT_EQ(doc["thinking_closed"], true);
    EXPECT_FALSE(doc["answer"].get<std::string>().empty());
    EXPECT_EQ(doc["settings"]["thinking_budget"], 6);

    // A profile can carry the budget; the option overrides it.
    const std::string task = R"({"scaffold": "none", "temperature": 0.6, "top_k": 40, "top_p": 0.95, "min_p": 0,
        "repeat_penalty": 1, "max_tokens": 30, "thinking_budget": 5, "strategy": "plain", "verifiers": []})";
    const std::filesystem::path table = std::filesystem::path(R1TUNE_TEST_TMP) / "capped.json";
    std::filesystem::create_directories(table.parent_path());
    std::ofstream(table) << R"({"tasks": {"proof": )" << task << R"(, "code": )" << task << R"(, "math": )" << task
                         << R"(, "logic": )" << task << R"(, "creative": )" << task << R"(, "chat": )" << task << "}}";
    auto profiled = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "--profiles", table.string(), "--json",
                                 "--retries", "0", "2+2?"});
    ASSERT_EQ(profiled.exit_code, 0) << profiled.err;
    EXPECT_EQ(parse_or_fail(profiled.out)["tokens"]["thinking"], 5);
    auto overridden = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "--profiles", table.string(),
                                   "--thinking-budget", "0", "--json", "--retries", "0", "2+2?"});
    ASSERT_EQ(overridden.exit_code, 0) << overridden.err;
    EXPECT_EQ(parse_or_fail(overridden.out)["thinking_budget_reached"], false);
}

TEST(SolveEndToEnd, AVoteRunsItsSamplesInOneBatchAndReportsThem) {
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "10", "--strategy", "vote:4", "--json",
                          "--retries", "0", "2+2?"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json doc = parse_or_fail(r.out);
    ASSERT_TRUE(doc["vote"].is_object()) << r.out;
    EXPECT_EQ(doc["vote"]["samples"], 4);
    ASSERT_EQ(doc["vote"]["candidates"].size(), 4u);
    EXPECT_EQ(doc["tokens"]["generated"], 40); // four samples of ten tokens, none ending early
    EXPECT_EQ(doc["profile"]["strategy"], "vote:4");
    auto filtered = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "10", "--strategy", "vote:4:conf",
                                 "--json", "--retries", "0", "2+2?"});
    ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
    json conf = parse_or_fail(filtered.out);
    EXPECT_EQ(conf["profile"]["strategy"], "vote:4:conf");
    EXPECT_EQ(conf["vote"]["abandoned_low_confidence"], 0); // ten tokens never fill a confidence window
    for (const std::string bad : {"vote:1", "beam:4:conf", "majority"}) {
        auto refused = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "--strategy", bad, "2+2?"});
        EXPECT_EQ(refused.exit_code, 2) << bad;
        EXPECT_NE(refused.err.find("strategy"), std::string::npos) << refused.err;
    }
}

TEST(SolveEndToEnd, BeamSearchChecksEveryBeamAndReportsThem) {
    auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "8", "--strategy", "beam:3", "--json",
                          "--retries", "0", "--expect", "4", "2+2?"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json doc = parse_or_fail(r.out);
    const json & beam = doc["attempts"][0]["beam"];
    ASSERT_TRUE(beam.is_object()) << r.out;
    EXPECT_EQ(beam["beams"], 3);
    ASSERT_EQ(beam["candidates"].size(), 3u);
    for (const auto & c : beam["candidates"]) {
        // --expect gives every beam a verdict; the random model never says 4.
        EXPECT_TRUE(c["verdict"] == "fail" || c["verdict"] == "unknown") << c;
        EXPECT_EQ(c["tokens"], 8);
    }
    EXPECT_GE(beam["candidates"][0]["score"].get<double>(), beam["candidates"][2]["score"].get<double>());
    EXPECT_EQ(doc["profile"]["strategy"], "beam:3");
}

TEST(SolveEndToEnd, ALoopingTraceIsWrappedUpUnlessLoopsAreOff) {
    // Asked a question that repeats itself, alone (no scaffold), the random fixture's greedy
    // trace falls into a cycle some 500 tokens in.
    const char * repeating = "1 2 3 1 2 3 1 2 3 1 2 3";
    auto wrapped = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "--temp", "0", "-n", "1100", "--json",
                                "--retries", "0", "--scaffold", "none", repeating});
    ASSERT_EQ(wrapped.exit_code, 0) << wrapped.err;
    json doc = parse_or_fail(wrapped.out);
    EXPECT_EQ(doc["settings"]["loops"], "wrap");
    EXPECT_EQ(doc["interventions"]["loops_wrapped_up"], 1);
    EXPECT_EQ(doc["thinking_closed"], true);
    EXPECT_NE(doc["thinking"].get<std::string>().find("I am repeating the same steps"), std::string::npos);

    auto loose = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "--temp", "0", "-n", "1100", "--json",
                              "--retries", "0", "--loops", "off", "--scaffold", "none", repeating});
    ASSERT_EQ(loose.exit_code, 0) << loose.err;
    json off = parse_or_fail(loose.out);
    EXPECT_EQ(off["interventions"]["loops_wrapped_up"], 0);
    EXPECT_EQ(off["thinking_closed"], false);

    auto bad = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "--loops", "stop", "2+2?"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--loops must be"), std::string::npos) << bad.err;
}

TEST(SolveEndToEnd, RawByteTokensNeverBreakTheJson) {
    // A random-weight model emits Qwen's raw byte tokens, which need not form UTF-8; such bytes
    // once aborted the JSON output. They become U+FFFD.
    for (int seed = 1; seed <= 12; ++seed) {
        auto r = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "48", "--json", "--retries", "0",
                              "--temp", "1.5", "--top-k", "0", "--top-p", "1", "--seed", std::to_string(seed), "2+2?"});
        ASSERT_EQ(r.exit_code, 0) << "seed " << seed << ": " << r.err;
        parse_or_fail(r.out);
    }
}

TEST(SolveEndToEnd, APromptCacheCarriesTheSharedPromptToTheNextRun) {
    const auto dir = std::filesystem::path(R1TUNE_TEST_TMP) / "prompt-cache";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string cache = (dir / "prompt.bin").string();
    auto run = [&](const std::string & question) {
        return run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "4", "--json", "--retries", "0",
                            "--temp", "0", "--prompt-cache", cache, question});
    };
    auto first = run("笼子里有35个头，94只脚，问鸡兔各几只？");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(parse_or_fail(first.out)["attempts"][0]["tokens"]["prompt_reused"], 0);
    ASSERT_TRUE(std::filesystem::exists(cache));

    // A new process, a new question behind the same scaffold: the shared part comes from the file.
    auto second = run("笼子里有20个头，50只脚，问鸡兔各几只？");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    const json tokens = parse_or_fail(second.out)["attempts"][0]["tokens"];
    // The scaffold puts its steps first and the question last: everything up to the question is
    // reused, and only the question (under 30 tokens) and the template's closing are evaluated.
    EXPECT_GT(tokens["prompt_reused"].get<int>(), tokens["prompt"].get<int>() - 30) << tokens;
    EXPECT_LT(tokens["prompt_reused"].get<int>(), tokens["prompt"].get<int>()) << tokens;

    // A damaged cache is said so and the question runs cold; the run still succeeds.
    std::ofstream(cache, std::ios::binary | std::ios::trunc) << "not a prompt cache";
    auto damaged = run("笼子里有20个头，50只脚，问鸡兔各几只？");
    ASSERT_EQ(damaged.exit_code, 0) << damaged.err;
    EXPECT_NE(damaged.err.find("not using the prompt cache"), std::string::npos) << damaged.err;
    EXPECT_EQ(parse_or_fail(damaged.out)["attempts"][0]["tokens"]["prompt_reused"], 0);

    // A file that is not a cache at all is never replaced by one.
    const std::string notes = (dir / "notes.txt").string();
    std::ofstream(notes) << "my notes\n";
    auto mistaken = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "4", "--retries", "0",
                                 "--prompt-cache", notes, "2+2?"});
    EXPECT_EQ(mistaken.exit_code, 0) << mistaken.err;
    EXPECT_NE(mistaken.err.find("not replacing it"), std::string::npos) << mistaken.err;
    std::ifstream kept(notes);
    std::string line;
    std::getline(kept, line);
    EXPECT_EQ(line, "my notes");
}

TEST(SolveEndToEnd, PinnedThreadsGiveTheSameGreedyAnswer) {
    auto unpinned = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "8", "--json", "--temp", "0",
                                 "--retries", "0", "-t", "1", "2+2?"});
    auto pinned = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "-n", "8", "--json", "--temp", "0",
                               "--retries", "0", "--cpus", "0", "2+2?"});
    ASSERT_EQ(unpinned.exit_code, 0) << unpinned.err;
    ASSERT_EQ(pinned.exit_code, 0) << pinned.err;
    EXPECT_EQ(parse_or_fail(pinned.out)["settings"]["threads"], 1);
    EXPECT_EQ(parse_or_fail(pinned.out)["settings"]["cpus"], "0");
    EXPECT_TRUE(parse_or_fail(unpinned.out)["settings"]["cpus"].is_null());
    EXPECT_EQ(parse_or_fail(pinned.out)["thinking"], parse_or_fail(unpinned.out)["thinking"]);
    auto bad = run_process({kBinary, "solve", "-m", R1TUNE_TINY_FIXTURE, "--cpus", "3-1", "2+2?"});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("--cpus"), std::string::npos) << bad.err;
}
