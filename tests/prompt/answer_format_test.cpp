#include "prompt/answer_format.h"

#include <gtest/gtest.h>

#include "test_folder.h"

namespace r1tune::prompt {
namespace {

TEST(AnswerFormat, NamesParse) {
    AnswerFormat f;
    ASSERT_TRUE(parse_answer_format("boxed", f));
    EXPECT_EQ(f, AnswerFormat::kBoxed);
    ASSERT_TRUE(parse_answer_format("free", f));
    EXPECT_EQ(to_string(f), "free");
    const Status bad = parse_answer_format("Boxed", f);
    EXPECT_FALSE(bad);
    EXPECT_EQ(bad.kind(), ErrorKind::kUsage);
}

TEST(AnswerFormat, BoxedHasTheBuiltInGrammarAndFreeHasNone) {
    std::string grammar = "left over";
    ASSERT_TRUE(answer_grammar(AnswerFormat::kFree, std::nullopt, grammar));
    EXPECT_TRUE(grammar.empty());
    ASSERT_TRUE(answer_grammar(AnswerFormat::kBoxed, std::nullopt, grammar));
    EXPECT_NE(grammar.find("root"), std::string::npos);
    EXPECT_NE(grammar.find("\\\\boxed{"), std::string::npos); // GBNF spells the backslash twice
}

TEST(AnswerFormat, TheUsersGrammarReplacesTheBuiltInOne) {
    const auto dir = testing::fresh_test_folder();
    testing::write_file(dir / "grammars" / "boxed_answer.gbnf", "root ::= \"42\"\n");
    std::string grammar;
    ASSERT_TRUE(answer_grammar(AnswerFormat::kBoxed, dir, grammar));
    EXPECT_EQ(grammar, "root ::= \"42\"\n");
    // An empty file would switch the grammar off without a word: it is an error naming the file.
    testing::write_file(dir / "grammars" / "boxed_answer.gbnf", " \n");
    const Status empty = answer_grammar(AnswerFormat::kBoxed, dir, grammar);
    EXPECT_EQ(empty.kind(), ErrorKind::kInput);
    EXPECT_NE(empty.message().find("boxed_answer.gbnf is empty"), std::string::npos) << empty.message();
}

} // namespace
} // namespace r1tune::prompt
