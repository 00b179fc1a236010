// The turns that ask a question: scaffold, notebook entries and question, where each placement
// puts them, the question last.
#include "pipeline/question_turns.h"

#include <gtest/gtest.h>

using namespace r1tune;
using namespace r1tune::pipeline;

namespace {

prompt::ScaffoldTemplate scaffold() {
    prompt::ScaffoldTemplate out;
    EXPECT_TRUE(prompt::ScaffoldTemplate::parse("Be careful.\n{{#notebook}}\n\nEarlier mistakes:\n{{notebook}}\n{{/notebook}}\n\n"
                                                "Problem: {{question}}",
                                                "t", out));
    return out;
}

std::vector<notebook::Entry> one_entry() {
    notebook::Entry entry;
    entry.question = "What is 6 x 7 minus a long enough tail to leave the small-string buffer?";
    entry.mistake = "The product was taken as 48.";
    entry.correction = "6 x 7 = 42.";
    return {entry};
}

const std::string kQuestion = "How many legs do 3 spiders have, counting every one of their eight legs each?";

} // namespace

TEST(QuestionTurns, AUserTurnHoldsScaffoldEntriesAndThenTheQuestion) {
    const prompt::ScaffoldTemplate s = scaffold();
    const auto turns = question_turns(&s, prompt::ScaffoldPlacement::kUserTurn, one_entry(), text::Language::kEnglish, kQuestion);
    ASSERT_EQ(turns.size(), 1u);
    EXPECT_EQ(turns[0].role, "user");
    EXPECT_TRUE(turns[0].content.starts_with("Be careful.\n\nEarlier mistakes:\n")) << turns[0].content;
    EXPECT_NE(turns[0].content.find("The product was taken as 48."), std::string::npos) << turns[0].content;
    EXPECT_TRUE(turns[0].content.ends_with("Problem: " + kQuestion)) << turns[0].content;
}

TEST(QuestionTurns, ASystemTurnHoldsScaffoldAndEntriesAndTheUserTurnTheQuestion) {
    const prompt::ScaffoldTemplate s = scaffold();
    const auto turns = question_turns(&s, prompt::ScaffoldPlacement::kSystemTurn, one_entry(), text::Language::kEnglish, kQuestion);
    ASSERT_EQ(turns.size(), 2u);
    EXPECT_EQ(turns[0].role, "system");
    EXPECT_NE(turns[0].content.find("6 x 7 = 42."), std::string::npos) << turns[0].content;
    EXPECT_EQ(turns[0].content.find(kQuestion), std::string::npos) << turns[0].content;
    EXPECT_EQ(turns[1].content, kQuestion);
}

TEST(QuestionTurns, ASlotOnTheQuestionsLineDoesNotLoseTheEntriesOfASystemTurn) {
    // The system turn drops the question's line, slot and all: the entries go before the question.
    prompt::ScaffoldTemplate s;
    ASSERT_TRUE(prompt::ScaffoldTemplate::parse("Be careful.\nProblem: {{question}} {{notebook}}", "t", s));
    const auto turns = question_turns(&s, prompt::ScaffoldPlacement::kSystemTurn, one_entry(), text::Language::kEnglish, kQuestion);
    ASSERT_EQ(turns.size(), 2u);
    EXPECT_EQ(turns[0].content, "Be careful.");
    EXPECT_NE(turns[1].content.find("6 x 7 = 42."), std::string::npos) << turns[1].content;
    EXPECT_TRUE(turns[1].content.ends_with(kQuestion)) << turns[1].content;
}

TEST(QuestionTurns, WithoutAScaffoldTheEntriesStandBeforeTheQuestion) {
    for (const auto placement : {prompt::ScaffoldPlacement::kNone, prompt::ScaffoldPlacement::kUserTurn}) {
        const prompt::ScaffoldTemplate s = scaffold();
        const auto turns = question_turns(placement == prompt::ScaffoldPlacement::kNone ? &s : nullptr, placement,
                                          one_entry(), text::Language::kEnglish, kQuestion);
        ASSERT_EQ(turns.size(), 1u);
        EXPECT_NE(turns[0].content.find("The product was taken as 48."), std::string::npos) << turns[0].content;
        EXPECT_TRUE(turns[0].content.ends_with(kQuestion)) << turns[0].content;
        // A base model (kNone) gets no scaffold even when there is one.
        EXPECT_EQ(turns[0].content.find("Be careful."), std::string::npos) << turns[0].content;
    }
}
