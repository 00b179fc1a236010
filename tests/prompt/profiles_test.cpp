#include "prompt/profiles.h"
#include "prompt/model_family.h"

#include <gtest/gtest.h>

#include "test_folder.h"

namespace r1tune::prompt {
namespace {

namespace fs = std::filesystem;
using testing::fresh_test_folder;
using testing::write_file;

ProfileTable load_ok(std::string_view name, const std::optional<fs::path> & user_dir = std::nullopt) {
    ProfileTable table;
    const Status status = load_profile_table(name, user_dir, table);
    EXPECT_TRUE(status.is_ok()) << status.message();
    return table;
}

// A valid table whose "math" entry is `math` (every other task a copy of the chat profile).
std::string table_with_math(const std::string & math) {
    const std::string chat = R"({"scaffold": "general", "temperature": 0.3, "top_k": 20, "top_p": 1.0,
        "min_p": 0.0, "repeat_penalty": 1.1, "max_tokens": 512, "strategy": "plain", "verifiers": []})";
    return R"({"tasks": {"proof": )" + chat + R"(, "code": )" + chat + R"(, "math": )" + math +
           R"(, "logic": )" + chat + R"(, "creative": )" + chat + R"(, "chat": )" + chat + "}}";
}

const std::string kGoodMath = R"({"scaffold": "auto", "temperature": 0.6, "top_k": 40, "top_p": 0.95,
    "min_p": 0.05, "repeat_penalty": 1.0, "max_tokens": 8192, "strategy": "vote:8",
    "verifiers": ["arithmetic", "constraints"], "note": "why"})";

// `field` set to `value` in an otherwise good math profile.
std::string math_with(const std::string & field, const std::string & value) {
    std::string math = kGoodMath;
    const std::size_t key = math.find("\"" + field + "\"");
    const std::size_t start = math.find(':', key) + 1;
    const std::size_t end = math.find_first_of(",}", math[start + 1] == '[' ? math.find(']', start) : start);
    return math.substr(0, start) + " " + value + math.substr(end);
}

void expect_rejected(const std::string & json, std::initializer_list<std::string_view> phrases) {
    ProfileTable table;
    const Status status = ProfileTable::parse(json, "my.json", table);
    ASSERT_FALSE(status.is_ok()) << json;
    EXPECT_EQ(status.kind(), ErrorKind::kInput);
    for (std::string_view phrase : phrases) {
        EXPECT_NE(status.message().find(phrase), std::string::npos) << status.message();
    }
}

TEST(ProfileTables, TheGuideTableHasTheGuidesNumbers) {
    const ProfileTable guide = load_ok("guide");
    EXPECT_FLOAT_EQ(guide.for_task(Task::kProof).sampling.temperature, 0.05f);
    EXPECT_FLOAT_EQ(guide.for_task(Task::kCode).sampling.temperature, 0.05f);
    EXPECT_FLOAT_EQ(guide.for_task(Task::kMath).sampling.temperature, 0.05f);
    EXPECT_FLOAT_EQ(guide.for_task(Task::kLogic).sampling.temperature, 0.05f);
    EXPECT_FLOAT_EQ(guide.for_task(Task::kCreative).sampling.temperature, 0.7f);
    EXPECT_FLOAT_EQ(guide.for_task(Task::kChat).sampling.temperature, 0.3f);
    for (Task task : kAllTasks) {
        EXPECT_EQ(guide.for_task(task).sampling.top_k, 20) << to_string(task);
        EXPECT_FLOAT_EQ(guide.for_task(task).sampling.repeat_penalty, 1.1f) << to_string(task);
    }
}

TEST(ProfileTables, TheDeepSeekTableFollowsDeepSeeksAdvice) {
    const ProfileTable deepseek = load_ok("deepseek");
    for (Task task : kAllTasks) {
        const Sampling & s = deepseek.for_task(task).sampling;
        EXPECT_GE(s.temperature, 0.5f) << to_string(task);
        EXPECT_LE(s.temperature, 0.7f) << to_string(task);
        EXPECT_FLOAT_EQ(s.top_p, 0.95f) << to_string(task);
        EXPECT_FLOAT_EQ(s.repeat_penalty, 1.0f) << to_string(task);
    }
    EXPECT_FLOAT_EQ(deepseek.for_task(Task::kMath).sampling.temperature, 0.6f);
    EXPECT_EQ(deepseek.for_task(Task::kMath).max_tokens, 8192);
    EXPECT_EQ(deepseek.for_task(Task::kChat).max_tokens, 4096);
}

TEST(ProfileTables, BothTablesShareScaffoldsBudgetsAndVerifiers) {
    // So that comparing them measures the sampling alone.
    const ProfileTable guide = load_ok("guide");
    const ProfileTable deepseek = load_ok("deepseek");
    for (Task task : kAllTasks) {
        EXPECT_EQ(guide.for_task(task).scaffold, deepseek.for_task(task).scaffold) << to_string(task);
        EXPECT_EQ(guide.for_task(task).max_tokens, deepseek.for_task(task).max_tokens) << to_string(task);
        EXPECT_EQ(guide.for_task(task).verifiers, deepseek.for_task(task).verifiers) << to_string(task);
        EXPECT_EQ(to_string(guide.for_task(task).strategy), "plain");
    }
    const std::vector<Verifier> math = {Verifier::kArithmetic, Verifier::kConstraints, Verifier::kReference};
    EXPECT_EQ(deepseek.for_task(Task::kMath).verifiers, math);
}

TEST(ProfileTables, EveryFamilysDefaultTableIsBuiltIn) {
    std::vector<std::string> names;
    ASSERT_TRUE(profile_table_names(std::nullopt, names).is_ok());
    EXPECT_EQ(names, (std::vector<std::string>{"chat", "deepseek", "guide"}));
    for (ModelFamily family : {ModelFamily::kDeepSeekR1, ModelFamily::kChat, ModelFamily::kBase}) {
        load_ok(default_profile_table(family));
    }
    EXPECT_EQ(default_profile_table(ModelFamily::kChat), "chat");
    EXPECT_EQ(default_profile_table(ModelFamily::kDeepSeekR1), "deepseek");
}

TEST(ProfileTables, AutoMeansTheRoutersScaffold) {
    const ProfileTable deepseek = load_ok("deepseek");
    EXPECT_EQ(deepseek.for_task(Task::kMath).scaffold_for("word_problem"), "word_problem");
    EXPECT_EQ(deepseek.for_task(Task::kProof).scaffold_for("math"), "proof");
}

TEST(ProfileParse, ReadsEveryField) {
    ProfileTable table;
    const Status status = ProfileTable::parse(table_with_math(kGoodMath), "my.json", table);
    ASSERT_TRUE(status.is_ok()) << status.message();
    const Profile & math = table.for_task(Task::kMath);
    EXPECT_EQ(math.scaffold, "auto");
    EXPECT_FLOAT_EQ(math.sampling.min_p, 0.05f);
    EXPECT_EQ(math.strategy.kind, Strategy::Kind::kVote);
    EXPECT_EQ(math.strategy.width, 8);
    EXPECT_EQ(to_string(math.strategy), "vote:8");
    EXPECT_EQ(math.verifiers, (std::vector<Verifier>{Verifier::kArithmetic, Verifier::kConstraints}));
    EXPECT_EQ(math.note, "why");
    EXPECT_EQ(math.answer_format, AnswerFormat::kFree); // optional, free when absent
    EXPECT_EQ(math.thinking_budget, 0);                 // optional, no cap when absent
    EXPECT_EQ(table.for_task(Task::kChat).max_tokens, 512);
}

TEST(ProfileParse, ThinkingBudget) {
    std::string capped = kGoodMath;
    capped.insert(capped.find("\"verifiers\""), "\"thinking_budget\": 2048, ");
    ProfileTable table;
    ASSERT_TRUE(ProfileTable::parse(table_with_math(capped), "my.json", table));
    EXPECT_EQ(table.for_task(Task::kMath).thinking_budget, 2048);
    std::string negative = kGoodMath;
    negative.insert(negative.find("\"verifiers\""), "\"thinking_budget\": -1, ");
    expect_rejected(table_with_math(negative), {"\"thinking_budget\" must be 0 (no cap)", "not -1"});
}

TEST(ProfileParse, AnswerFormat) {
    std::string boxed = kGoodMath;
    boxed.insert(boxed.find("\"verifiers\""), "\"answer_format\": \"boxed\", ");
    ProfileTable table;
    ASSERT_TRUE(ProfileTable::parse(table_with_math(boxed), "my.json", table));
    EXPECT_EQ(table.for_task(Task::kMath).answer_format, AnswerFormat::kBoxed);
    std::string latex = kGoodMath;
    latex.insert(latex.find("\"verifiers\""), "\"answer_format\": \"latex\", ");
    expect_rejected(table_with_math(latex), {"\"answer_format\" must be \"free\" or \"boxed\"", "not \"latex\""});
    std::string beam = boxed;
    beam.replace(beam.find("vote:8"), 6, "beam:4");
    expect_rejected(table_with_math(beam), {"\"answer_format\"", "beam search"});
}

TEST(ProfileParse, Tools) {
    ProfileTable table;
    ASSERT_TRUE(ProfileTable::parse(table_with_math(kGoodMath), "my.json", table));
    EXPECT_FALSE(table.for_task(Task::kMath).python_tool); // off unless the file says so
    std::string python = kGoodMath;
    python.insert(python.find("\"verifiers\""), "\"tools\": \"python\", ");
    ASSERT_TRUE(ProfileTable::parse(table_with_math(python), "my.json", table));
    EXPECT_TRUE(table.for_task(Task::kMath).python_tool);
    std::string perl = kGoodMath;
    perl.insert(perl.find("\"verifiers\""), "\"tools\": \"perl\", ");
    expect_rejected(table_with_math(perl), {"\"tools\" must be \"python\" or \"off\"", "not \"perl\""});
}

TEST(ProfileParse, TableLevelErrors) {
    expect_rejected("{not json", {"my.json", "not valid JSON"});
    expect_rejected("[]", {"must be a JSON object"});
    expect_rejected(R"({"tasks": {}, "extra": 1})", {"unknown field \"extra\""});
    expect_rejected(R"({"description": "no tasks"})", {"needs \"tasks\""});
    std::string with_poetry = table_with_math(kGoodMath);
    with_poetry.insert(with_poetry.find("\"proof\""), R"("poetry": {}, )");
    expect_rejected(with_poetry, {"unknown task \"poetry\""});
    std::string without_chat = table_with_math(kGoodMath);
    without_chat.replace(without_chat.find("\"chat\""), 6, "\"chit\"");
    expect_rejected(without_chat, {"unknown task \"chit\""});
}

TEST(ProfileParse, AMissingTaskIsAnError) {
    const std::string table = R"({"tasks": {"math": )" + kGoodMath + "}}";
    expect_rejected(table, {"my.json has no profile for the task \"proof\""});
}

TEST(ProfileParse, BadNumbersNameTheTaskAndTheField) {
    expect_rejected(table_with_math(math_with("temperature", "3.5")),
                    {"my.json, task math", "\"temperature\" must be a number from 0 (greedy) to 2, not 3.5"});
    expect_rejected(table_with_math(math_with("temperature", "\"hot\"")), {"\"temperature\"", "not \"hot\""});
    expect_rejected(table_with_math(math_with("top_k", "-1")), {"\"top_k\"", "not -1"});
    expect_rejected(table_with_math(math_with("top_k", "2.5")), {"\"top_k\""});
    expect_rejected(table_with_math(math_with("top_p", "0")), {"\"top_p\" must be above 0"});
    expect_rejected(table_with_math(math_with("min_p", "1")), {"\"min_p\""});
    expect_rejected(table_with_math(math_with("repeat_penalty", "0.9")), {"\"repeat_penalty\" must be from 1"});
    expect_rejected(table_with_math(math_with("max_tokens", "0")), {"\"max_tokens\""});
}

TEST(ProfileParse, BadStrategiesVerifiersAndFields) {
    expect_rejected(table_with_math(math_with("strategy", "\"vote\"")), {"\"strategy\" must be", "not \"vote\""});
    expect_rejected(table_with_math(math_with("strategy", "\"beam:1\"")), {"\"strategy\""});
    expect_rejected(table_with_math(math_with("strategy", "\"beam:4x\"")), {"\"strategy\""});
    expect_rejected(table_with_math(math_with("strategy", "\"sample:4\"")), {"\"strategy\""});
    expect_rejected(table_with_math(math_with("strategy", "\"beam:4:conf\"")), {"\"strategy\""});
    expect_rejected(table_with_math(math_with("strategy", "\"vote:conf\"")), {"\"strategy\""});
    expect_rejected(table_with_math(math_with("strategy", "\"vote:8:confident\"")), {"\"strategy\""});
    expect_rejected(table_with_math(math_with("verifiers", "[\"spelling\"]")), {"\"verifiers\"", "not \"spelling\""});
    expect_rejected(table_with_math(math_with("verifiers", "[\"code\", \"code\"]")), {"names \"code\" twice"});
    expect_rejected(table_with_math(math_with("scaffold", "\"\"")), {"\"scaffold\""});
    std::string typo = kGoodMath;
    typo.replace(typo.find("\"temperature\""), 13, "\"temprature\"");
    expect_rejected(table_with_math(typo), {"unknown field \"temprature\""});
    std::string missing = kGoodMath;
    missing.replace(missing.find("\"note\": \"why\""), 13, "\"note\": null");
    expect_rejected(table_with_math(missing), {"\"note\" must be a string"});
}

TEST(ProfileTables, UserTablesOverrideAndExtendAndPathsWork) {
    const fs::path user = fresh_test_folder();
    write_file(user / "profiles" / "guide.json", table_with_math(kGoodMath));
    write_file(user / "profiles" / "mine.json", table_with_math(kGoodMath));
    std::vector<std::string> names;
    ASSERT_TRUE(profile_table_names(user, names).is_ok());
    EXPECT_EQ(names, (std::vector<std::string>{"chat", "deepseek", "guide", "mine"}));

    const ProfileTable guide = load_ok("guide", user);
    EXPECT_EQ(guide.for_task(Task::kMath).strategy.width, 8);
    EXPECT_EQ(guide.name(), (user / "profiles" / "guide.json").string());

    const fs::path elsewhere = user / "elsewhere.json";
    write_file(elsewhere, table_with_math(kGoodMath));
    EXPECT_EQ(load_ok(elsewhere.string()).for_task(Task::kChat).max_tokens, 512);

    ProfileTable table;
    const Status status = load_profile_table("nope", user, table);
    EXPECT_EQ(status.kind(), ErrorKind::kUsage);
    EXPECT_NE(status.message().find("known: chat, deepseek, guide, mine"), std::string::npos) << status.message();
}

} // namespace
} // namespace r1tune::prompt

namespace r1tune::prompt {

TEST(StrategySpec, EveryFormRoundTrips) {
    for (const char * spec : {"plain", "vote:8", "vote:8:conf", "auto:5", "beam:4", "beam:2", "vote:64"}) {
        Strategy s;
        ASSERT_TRUE(parse_strategy(spec, s)) << spec;
        EXPECT_EQ(to_string(s), spec);
    }
    Strategy s;
    ASSERT_TRUE(parse_strategy("vote:5:conf", s));
    EXPECT_EQ(s.kind, Strategy::Kind::kVote);
    EXPECT_EQ(s.width, 5);
    EXPECT_TRUE(s.confidence_filter);
    EXPECT_FALSE(s.adaptive);
    ASSERT_TRUE(parse_strategy("auto:6", s));
    EXPECT_EQ(s.kind, Strategy::Kind::kVote); // an adaptive vote: the session holds all six
    EXPECT_EQ(s.width, 6);
    EXPECT_TRUE(s.adaptive);
    ASSERT_TRUE(parse_strategy("beam:3", s));
    EXPECT_EQ(s.kind, Strategy::Kind::kBeam);
    EXPECT_FALSE(s.confidence_filter);
    for (const char * bad : {"", "beam:", "vote:1", "vote:65", "beam:4:conf", "vote::conf", "Vote:4", "vote:4 ",
                             "auto:1", "auto:5:conf", "auto"}) {
        const Status status = parse_strategy(bad, s);
        EXPECT_FALSE(status) << bad;
        EXPECT_NE(status.message().find("vote:N:conf"), std::string::npos) << bad;
    }
}

} // namespace r1tune::prompt
