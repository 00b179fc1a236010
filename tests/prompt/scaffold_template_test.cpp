#include "prompt/scaffold_template.h"

#include <gtest/gtest.h>

namespace r1tune::prompt {
namespace {

ScaffoldTemplate parse_ok(std::string_view text) {
    ScaffoldTemplate scaffold;
    const Status status = ScaffoldTemplate::parse(text, "test.en.md", scaffold);
    EXPECT_TRUE(status.is_ok()) << status.message();
    return scaffold;
}

// Parses `text` and expects an input error whose message contains every phrase.
void expect_rejected(std::string_view text, std::initializer_list<std::string_view> phrases) {
    ScaffoldTemplate scaffold;
    const Status status = ScaffoldTemplate::parse(text, "my.en.md", scaffold);
    ASSERT_FALSE(status.is_ok()) << text;
    EXPECT_EQ(status.kind(), ErrorKind::kInput);
    for (std::string_view phrase : phrases) {
        EXPECT_NE(status.message().find(phrase), std::string::npos) << status.message();
    }
}

constexpr std::string_view kWithSections = "{{! A test scaffold. }}\n"
                                           "Role line.\n"
                                           "Problem: {{question}}\n"
                                           "\n"
                                           "1. Solve.\n"
                                           "{{#notebook}}\n"
                                           "\n"
                                           "Earlier mistakes:\n"
                                           "{{notebook}}\n"
                                           "{{/notebook}}\n"
                                           "{{#feedback}}\n"
                                           "\n"
                                           "Check: {{feedback}}\n"
                                           "{{/feedback}}\n";

TEST(ScaffoldTemplate, FillsTheQuestionAndDropsEmptySectionsWithTheirLines) {
    const ScaffoldTemplate scaffold = parse_ok(kWithSections);
    EXPECT_EQ(scaffold.render({"1+1?", "", ""}), "Role line.\nProblem: 1+1?\n\n1. Solve.");
}

TEST(ScaffoldTemplate, ShowsASectionOnceItHasAValue) {
    const ScaffoldTemplate scaffold = parse_ok(kWithSections);
    EXPECT_EQ(scaffold.render({"1+1?", "- forgot to carry", ""}),
              "Role line.\nProblem: 1+1?\n\n1. Solve.\n\nEarlier mistakes:\n- forgot to carry");
    EXPECT_EQ(scaffold.render({"1+1?", "", "1+1 is not 3"}),
              "Role line.\nProblem: 1+1?\n\n1. Solve.\n\nCheck: 1+1 is not 3");
}

TEST(ScaffoldTemplate, SaysWhetherItTakesNotebookEntries) {
    EXPECT_TRUE(parse_ok(kWithSections).takes_notebook());
    EXPECT_FALSE(parse_ok("Q: {{question}}{{#feedback}} {{feedback}}{{/feedback}}").takes_notebook());
    // A slot on the question's line is left out of a system turn with the question.
    const ScaffoldTemplate same_line = parse_ok("Be careful.\nQ: {{question}} {{notebook}}");
    EXPECT_TRUE(same_line.takes_notebook());
    EXPECT_FALSE(same_line.takes_notebook(/*without_question=*/true));
    EXPECT_TRUE(parse_ok(kWithSections).takes_notebook(/*without_question=*/true));
}

TEST(ScaffoldTemplate, TheFirstCommentIsTheDescription) {
    EXPECT_EQ(parse_ok(kWithSections).description(), "A test scaffold.");
    EXPECT_EQ(parse_ok("{{question}}").description(), "");
}

TEST(ScaffoldTemplate, InlineSectionsAndSpacesInsideTags) {
    const ScaffoldTemplate scaffold = parse_ok("Q: {{ question }}{{#feedback}} (fix: {{feedback}}){{/feedback}}");
    EXPECT_EQ(scaffold.render({"x?", "", ""}), "Q: x?");
    EXPECT_EQ(scaffold.render({"x?", "", "y"}), "Q: x? (fix: y)");
}

TEST(ScaffoldTemplate, ValuesAreNotExpandedAgain) {
    const ScaffoldTemplate scaffold = parse_ok("Q: {{question}}");
    EXPECT_EQ(scaffold.render({"what is {{notebook}}?", "secret", ""}), "Q: what is {{notebook}}?");
}

TEST(ScaffoldTemplate, WithoutQuestionLeavesOutTheQuestionLines) {
    const ScaffoldTemplate scaffold = parse_ok(kWithSections);
    EXPECT_EQ(scaffold.render_without_question({"1+1?", "", ""}), "Role line.\n\n1. Solve.");
}

TEST(ScaffoldTemplate, WithoutQuestionTakesTheBlankLineBeforeAQuestionParagraphWithIt) {
    const ScaffoldTemplate scaffold = parse_ok("Role line.\n\n1. Solve.\n\nProblem: {{question}}\n{{#feedback}}\n\n"
                                               "Check: {{feedback}}\n{{/feedback}}\n\nEnd.");
    EXPECT_EQ(scaffold.render({"1+1?", "", "no"}), "Role line.\n\n1. Solve.\n\nProblem: 1+1?\n\nCheck: no\n\nEnd.");
    // The blank line before the question goes; the others stay.
    EXPECT_EQ(scaffold.render_without_question({"1+1?", "", "no"}), "Role line.\n\n1. Solve.\n\nCheck: no\n\nEnd.");
    EXPECT_EQ(scaffold.render_without_question({"1+1?", "", ""}), "Role line.\n\n1. Solve.\n\nEnd.");
    // A question at the top of a paragraph keeps the blank line that opens the paragraph.
    const ScaffoldTemplate opening = parse_ok("Role line.\n\nProblem: {{question}}\nSolve it.");
    EXPECT_EQ(opening.render_without_question({"1+1?", "", ""}), "Role line.\n\nSolve it.");
    // A question paragraph between two others leaves one blank line between them.
    const ScaffoldTemplate between = parse_ok("Role line.\n\nProblem: {{question}}\n\nEnd.");
    EXPECT_EQ(between.render_without_question({"1+1?", "", ""}), "Role line.\n\nEnd.");
}

TEST(ScaffoldTemplate, UnknownPlaceholdersAreNamedAllAtOnce) {
    expect_rejected("{{question}} {{answer}} {{hint}} {{answer}}",
                    {"my.en.md", "unknown placeholders {{answer}}, {{hint}}", "known: {{question}}"});
    expect_rejected("{{question}}{{#hints}}x{{/hints}}", {"unknown placeholder {{hints}}"});
}

TEST(ScaffoldTemplate, AMissingQuestionIsAnError) {
    expect_rejected("Solve it step by step.\n{{notebook}}\n", {"my.en.md", "no {{question}}"});
    // A section named after the question does not put the question in.
    expect_rejected("{{#question}}Solve.{{/question}}", {"no {{question}}"});
}

TEST(ScaffoldTemplate, BrokenSectionsAndTagsAreErrors) {
    expect_rejected("{{question}}\n{{#notebook}}\nx\n", {"my.en.md line 2", "{{#notebook}} is never closed"});
    expect_rejected("{{question}}\n{{/feedback}}\n", {"line 2", "{{/feedback}} closes no open"});
    expect_rejected("{{question}}\n{{#notebook}}{{#feedback}}{{/feedback}}{{/notebook}}", {"cannot nest"});
    expect_rejected("{{question}}\n{{#notebook}}x{{/feedback}}", {"{{/feedback}} closes no open"});
    expect_rejected("{{question}} {{notebook", {"line 1", "not closed"});
}

} // namespace
} // namespace r1tune::prompt
