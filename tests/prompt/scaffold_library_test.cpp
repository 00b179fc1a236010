#include "prompt/scaffold_library.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "test_folder.h"

namespace r1tune::prompt {
namespace {

namespace fs = std::filesystem;
using testing::fresh_test_folder;
using testing::write_file;
using text::Language;

constexpr const char * kBuiltInNames[] = {"code",  "digit_puzzle", "general",     "logic",
                                            "math",  "program",      "proof",       "word_problem"};

ScaffoldLibrary load_ok(const std::optional<fs::path> & user_dir) {
    ScaffoldLibrary library;
    const Status status = ScaffoldLibrary::load(user_dir, library);
    EXPECT_TRUE(status.is_ok()) << status.message();
    return library;
}

bool contains(const std::string & text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(ScaffoldLibrary, ShipsEveryScaffoldInBothLanguages) {
    const ScaffoldLibrary library = load_ok(std::nullopt);
    EXPECT_EQ(library.names(), std::vector<std::string>(std::begin(kBuiltInNames), std::end(kBuiltInNames)));
    for (const char * name : kBuiltInNames) {
        for (Language language : {Language::kEnglish, Language::kChinese}) {
            const Scaffold * scaffold = library.find(name, language);
            ASSERT_NE(scaffold, nullptr) << name << "." << language_code(language);
            EXPECT_EQ(scaffold->source, DataSource::kBuiltIn);
            EXPECT_FALSE(scaffold->body.description().empty()) << name;
        }
    }
}

TEST(ScaffoldLibrary, BuiltInScaffoldsRenderCleanlyWithoutNotebookOrFeedback) {
    const ScaffoldLibrary library = load_ok(std::nullopt);
    for (const Scaffold & scaffold : library.scaffolds()) {
        const std::string where = scaffold.name + "." + std::string(language_code(scaffold.language));
        const std::string text = scaffold.body.render({"QUESTION", "", ""});
        EXPECT_TRUE(contains(text, "QUESTION")) << where;
        EXPECT_FALSE(contains(text, "{{")) << where;
        EXPECT_FALSE(contains(text, "\n\n\n")) << where;
        // The question is in the language of the scaffold.
        EXPECT_EQ(text::detect_language(text), scaffold.language) << where;
        const std::string with_notes = scaffold.body.render({"QUESTION", "NOTEBOOK", "FEEDBACK"});
        EXPECT_TRUE(contains(with_notes, "NOTEBOOK")) << where;
        EXPECT_TRUE(contains(with_notes, "FEEDBACK")) << where;
        // Short: a 1.5B model follows short instructions better than long ones.
        EXPECT_LT(text.size(), 1200u) << where;
    }
}

TEST(ScaffoldLibrary, BuiltInScaffoldsPutWhatEveryQuestionSharesFirstAndTheQuestionLast) {
    // So that questions in a row share the prompt up to the question in the KV cache: the role,
    // the steps and the notebook entries come first; only the feedback (per question) follows.
    const ScaffoldLibrary library = load_ok(std::nullopt);
    for (const Scaffold & scaffold : library.scaffolds()) {
        const std::string where = scaffold.name + "." + std::string(language_code(scaffold.language));
        const std::string first = scaffold.body.render({"FIRST QUESTION", "NOTEBOOK", ""});
        const std::string second = scaffold.body.render({"SECOND QUESTION", "NOTEBOOK", ""});
        EXPECT_TRUE(first.ends_with("FIRST QUESTION")) << where;
        const std::string shared = first.substr(0, first.size() - std::string("FIRST QUESTION").size());
        EXPECT_TRUE(second.starts_with(shared)) << where;
        EXPECT_TRUE(contains(shared, "NOTEBOOK")) << where;
        const std::string retried = scaffold.body.render({"FIRST QUESTION", "NOTEBOOK", "FEEDBACK"});
        EXPECT_TRUE(retried.starts_with(first)) << where;
        EXPECT_TRUE(retried.ends_with("FEEDBACK")) << where;
    }
}

TEST(ScaffoldLibrary, TheProgramScaffoldAsksForPythonWithAnOutputBlockAndABoxedAnswer) {
    // The shape tools/python_tool runs: a ```python block, then an ```output block it fills.
    const ScaffoldLibrary library = load_ok(std::nullopt);
    for (Language language : {Language::kEnglish, Language::kChinese}) {
        const std::string text = library.find("program", language)->body.render({"QUESTION", "", ""});
        EXPECT_TRUE(contains(text, "```python")) << text;
        EXPECT_TRUE(contains(text, "```output")) << text;
        EXPECT_TRUE(contains(text, "\\boxed{}")) << text;
        EXPECT_FALSE(contains(text, "1.")) << "no numbered steps to copy: " << text;
    }
}

TEST(ScaffoldLibrary, WordProblemsAndDigitPuzzlesCheckEveryConditionAndAllowNoSolution) {
    const ScaffoldLibrary library = load_ok(std::nullopt);
    for (const char * name : {"word_problem", "digit_puzzle"}) {
        const std::string en = library.find(name, Language::kEnglish)->body.render({"Q", "", ""});
        EXPECT_TRUE(contains(en, "EVERY condition")) << name;
        EXPECT_TRUE(contains(en, "no solution")) << name;
        EXPECT_TRUE(contains(en, "\\boxed{}")) << name;
        const std::string zh = library.find(name, Language::kChinese)->body.render({"Q", "", ""});
        EXPECT_TRUE(contains(zh, "每一个条件")) << name;
        EXPECT_TRUE(contains(zh, "无解")) << name;
        EXPECT_TRUE(contains(zh, "\\boxed{}")) << name;
    }
}

TEST(ScaffoldLibrary, AUserFileOverridesTheBuiltInOneAndNewNamesAreAdded) {
    const fs::path user = fresh_test_folder();
    write_file(user / "scaffolds" / "math.en.md", "{{! Mine. }}\nMy math: {{question}}\n");
    write_file(user / "scaffolds" / "riddle.zh.md", "谜语：{{question}}\n");
    write_file(user / "scaffolds" / "notes.txt", "not a scaffold, ignored");
    const ScaffoldLibrary library = load_ok(user);

    const Scaffold * math = library.find("math", Language::kEnglish);
    ASSERT_NE(math, nullptr);
    EXPECT_EQ(math->source, DataSource::kUser);
    EXPECT_EQ(math->path, user / "scaffolds" / "math.en.md");
    EXPECT_EQ(math->body.render({"2+2?", "", ""}), "My math: 2+2?");
    EXPECT_EQ(library.find("math", Language::kChinese)->source, DataSource::kBuiltIn);
    ASSERT_NE(library.find("riddle", Language::kChinese), nullptr);
}

TEST(ScaffoldLibrary, AMissingUserFolderAddsNothing) {
    const ScaffoldLibrary library = load_ok(fresh_test_folder() / "absent");
    EXPECT_EQ(library.scaffolds().size(), 2 * std::size(kBuiltInNames));
}

TEST(ScaffoldLibrary, ABrokenUserFileIsAnErrorNamingIt) {
    const fs::path user = fresh_test_folder();
    write_file(user / "scaffolds" / "math.zh.md", "一步一步解题。\n");
    ScaffoldLibrary library;
    const Status status = ScaffoldLibrary::load(user, library);
    ASSERT_FALSE(status.is_ok());
    EXPECT_EQ(status.kind(), ErrorKind::kInput);
    EXPECT_TRUE(contains(status.message(), (user / "scaffolds" / "math.zh.md").string())) << status.message();
    EXPECT_TRUE(contains(status.message(), "no {{question}}")) << status.message();
}

TEST(ScaffoldLibrary, AUserFileWithoutALanguageIsAnError) {
    const fs::path user = fresh_test_folder();
    write_file(user / "scaffolds" / "math.md", "{{question}}\n");
    ScaffoldLibrary library;
    const Status status = ScaffoldLibrary::load(user, library);
    ASSERT_FALSE(status.is_ok());
    EXPECT_TRUE(contains(status.message(), "NAME.zh.md or NAME.en.md")) << status.message();
}

TEST(ScaffoldLibrary, FallsBackToTheOtherLanguageWithANote) {
    const fs::path user = fresh_test_folder();
    write_file(user / "scaffolds" / "riddle.en.md", "Riddle: {{question}}\n");
    const ScaffoldLibrary library = load_ok(user);
    const Scaffold * scaffold = nullptr;
    std::string note;
    ASSERT_TRUE(library.get("riddle", Language::kChinese, scaffold, note).is_ok());
    EXPECT_EQ(scaffold->language, Language::kEnglish);
    EXPECT_EQ(note, "the scaffold 'riddle' has no Chinese version; using the English one");

    ASSERT_TRUE(library.get("math", Language::kChinese, scaffold, note).is_ok());
    EXPECT_EQ(scaffold->language, Language::kChinese);
    EXPECT_TRUE(note.empty());
}

TEST(ScaffoldLibrary, AnUnknownNameListsTheKnownOnes) {
    const ScaffoldLibrary library = load_ok(std::nullopt);
    const Scaffold * scaffold = nullptr;
    std::string note;
    const Status status = library.get("poetry", Language::kEnglish, scaffold, note);
    ASSERT_FALSE(status.is_ok());
    EXPECT_EQ(status.kind(), ErrorKind::kUsage);
    EXPECT_TRUE(contains(status.message(), "code, digit_puzzle, general")) << status.message();
}

TEST(ScaffoldFile, TakesItsLanguageFromTheSuffixOrTheText) {
    const fs::path folder = fresh_test_folder();
    write_file(folder / "coach.zh.md", "Coach: {{question}}\n");
    write_file(folder / "mine.txt", "请解题：{{question}}\n");
    Scaffold scaffold;
    ASSERT_TRUE(load_scaffold_file(folder / "coach.zh.md", scaffold).is_ok());
    EXPECT_EQ(scaffold.name, "coach");
    EXPECT_EQ(scaffold.language, Language::kChinese);
    EXPECT_EQ(scaffold.source, DataSource::kFile);
    ASSERT_TRUE(load_scaffold_file(folder / "mine.txt", scaffold).is_ok());
    EXPECT_EQ(scaffold.name, "mine");
    EXPECT_EQ(scaffold.language, Language::kChinese);

    const Status missing = load_scaffold_file(folder / "absent.md", scaffold);
    EXPECT_EQ(missing.kind(), ErrorKind::kIo);
}

TEST(ChooseScaffold, NoneANameOrAFile) {
    const ScaffoldLibrary library = load_ok(std::nullopt);
    ScaffoldChoice choice;
    ASSERT_TRUE(choose_scaffold(library, "none", Language::kChinese, choice).is_ok());
    EXPECT_FALSE(choice.scaffold.has_value());

    ASSERT_TRUE(choose_scaffold(library, "logic", Language::kChinese, choice).is_ok());
    ASSERT_TRUE(choice.scaffold.has_value());
    EXPECT_EQ(choice.scaffold->name, "logic");
    EXPECT_EQ(choice.scaffold->language, Language::kChinese);

    const fs::path file = fresh_test_folder() / "mine.en.md";
    write_file(file, "Mine: {{question}}");
    ASSERT_TRUE(choose_scaffold(library, file.string(), Language::kChinese, choice).is_ok());
    EXPECT_EQ(choice.scaffold->source, DataSource::kFile);
    EXPECT_EQ(choice.scaffold->body.render({"q", "", ""}), "Mine: q");

    const Status status = choose_scaffold(library, "no-such-thing", Language::kEnglish, choice);
    EXPECT_EQ(status.kind(), ErrorKind::kUsage);
    EXPECT_TRUE(contains(status.message(), "neither a scaffold")) << status.message();
}

TEST(UserDataDir, R1tuneDataWinsThenXdgThenHome) {
    const char * saved[] = {std::getenv("R1TUNE_DATA"), std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME")};
    const std::string saved_values[] = {saved[0] ? saved[0] : "", saved[1] ? saved[1] : "", saved[2] ? saved[2] : ""};

    setenv("R1TUNE_DATA", "/data/r1", 1);
    setenv("XDG_CONFIG_HOME", "/xdg", 1);
    setenv("HOME", "/home/u", 1);
    EXPECT_EQ(user_data_dir(), fs::path("/data/r1"));
    unsetenv("R1TUNE_DATA");
    EXPECT_EQ(user_data_dir(), fs::path("/xdg/r1tune"));
    unsetenv("XDG_CONFIG_HOME");
    EXPECT_EQ(user_data_dir(), fs::path("/home/u/.config/r1tune"));
    unsetenv("HOME");
    EXPECT_FALSE(user_data_dir().has_value());

    const char * names[] = {"R1TUNE_DATA", "XDG_CONFIG_HOME", "HOME"};
    for (int i = 0; i < 3; ++i) {
        if (saved[i] != nullptr) setenv(names[i], saved_values[i].c_str(), 1);
    }
}

} // namespace
} // namespace r1tune::prompt
