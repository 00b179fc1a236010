#include "prompt/scaffold_placement.h"

#include <gtest/gtest.h>

namespace r1tune::prompt {
namespace {

ScaffoldTemplate sample_scaffold() {
    ScaffoldTemplate scaffold;
    EXPECT_TRUE(ScaffoldTemplate::parse("Be careful.\nProblem: {{question}}\n\nCheck your answer.", "t", scaffold).is_ok());
    return scaffold;
}

TEST(ScaffoldPlacement, FamilyNamesRoundTrip) {
    for (ModelFamily family : {ModelFamily::kDeepSeekR1, ModelFamily::kBase, ModelFamily::kChat}) {
        EXPECT_EQ(parse_model_family(to_string(family)), family);
    }
    EXPECT_FALSE(parse_model_family("llama").has_value());
}

TEST(ScaffoldPlacement, R1DistillsGetEverythingInTheUserTurn) {
    EXPECT_EQ(family_settings(ModelFamily::kDeepSeekR1).placement, ScaffoldPlacement::kUserTurn);
    const ScaffoldTemplate scaffold = sample_scaffold();
    const std::vector<Turn> turns = opening_turns(&scaffold, {"2+2?", "", ""}, family_settings(ModelFamily::kDeepSeekR1).placement);
    ASSERT_EQ(turns.size(), 1u);
    EXPECT_EQ(turns[0].role, "user");
    EXPECT_EQ(turns[0].content, "Be careful.\nProblem: 2+2?\n\nCheck your answer.");
}

TEST(ScaffoldPlacement, ChatModelsGetASystemTurnAndTheBareQuestion) {
    const ScaffoldTemplate scaffold = sample_scaffold();
    EXPECT_EQ(family_settings(ModelFamily::kChat).placement, ScaffoldPlacement::kSystemTurn);
    const std::vector<Turn> turns = opening_turns(&scaffold, {"2+2?", "", ""}, family_settings(ModelFamily::kChat).placement);
    ASSERT_EQ(turns.size(), 2u);
    EXPECT_EQ(turns[0].role, "system");
    EXPECT_EQ(turns[0].content, "Be careful.\n\nCheck your answer.");
    EXPECT_EQ(turns[1].role, "user");
    EXPECT_EQ(turns[1].content, "2+2?");
}

TEST(ScaffoldPlacement, BaseModelsGetTheQuestionWithoutTheScaffold) {
    // Gemma 3 270M base, given the word-problem scaffold, answered with the scaffold's own steps.
    EXPECT_EQ(family_settings(ModelFamily::kBase).placement, ScaffoldPlacement::kNone);
    const ScaffoldTemplate scaffold = sample_scaffold();
    const std::vector<Turn> turns = opening_turns(&scaffold, {"2+2?", "", ""}, family_settings(ModelFamily::kBase).placement);
    ASSERT_EQ(turns.size(), 1u);
    EXPECT_EQ(turns[0].role, "user");
    EXPECT_EQ(turns[0].content, "2+2?");
}

TEST(ScaffoldPlacement, WithoutAScaffoldTheQuestionGoesAlone) {
    const std::vector<Turn> turns = opening_turns(nullptr, {"2+2?", "", ""}, family_settings(ModelFamily::kChat).placement);
    ASSERT_EQ(turns.size(), 1u);
    EXPECT_EQ(turns[0].role, "user");
    EXPECT_EQ(turns[0].content, "2+2?");
}

TEST(ScaffoldPlacement, AScaffoldTurnIsNamedUserOrSystem) {
    EXPECT_EQ(parse_scaffold_turn("user"), ScaffoldPlacement::kUserTurn);
    EXPECT_EQ(parse_scaffold_turn("system"), ScaffoldPlacement::kSystemTurn);
    EXPECT_FALSE(parse_scaffold_turn("assistant").has_value());
    EXPECT_FALSE(parse_scaffold_turn("").has_value());
}

TEST(ScaffoldPlacement, EveryFamilySaysWhy) {
    for (ModelFamily family : {ModelFamily::kDeepSeekR1, ModelFamily::kBase, ModelFamily::kChat}) {
        EXPECT_FALSE(family_settings(family).why.empty());
    }
}

} // namespace
} // namespace r1tune::prompt
