#include "text/thinking_split.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using r1tune::text::Channel;
using r1tune::text::split_thinking;
using r1tune::text::ThinkingSplitter;

namespace {

// Feeds `pieces` one by one and collects the text of each channel.
struct Collected {
    std::string thinking;
    std::string answer;
};
Collected feed_pieces(const std::vector<std::string> & pieces, bool starts_in_thinking) {
    ThinkingSplitter splitter(starts_in_thinking);
    Collected c;
    auto take = [&](const std::vector<r1tune::text::Span> & spans) {
        for (const auto & s : spans) (s.channel == Channel::kThinking ? c.thinking : c.answer) += s.text;
    };
    for (const auto & p : pieces) take(splitter.feed(p));
    take(splitter.finish());
    return c;
}

} // namespace

TEST(ThinkingSplit, R1OutputStartsInsideTheThinkingBlock) {
    auto s = split_thinking("设鸡x只，兔y只。\nx+y=35\n</think>\n\n鸡23只，兔12只。", true);
    EXPECT_EQ(s.thinking, "设鸡x只，兔y只。\nx+y=35\n");
    EXPECT_EQ(s.answer, "鸡23只，兔12只。");
    EXPECT_TRUE(s.thinking_closed);
}

TEST(ThinkingSplit, UnclosedThinkingLeavesTheAnswerEmpty) {
    auto s = split_thinking("Let me count the feet... 2*23 = 46", true);
    EXPECT_EQ(s.thinking, "Let me count the feet... 2*23 = 46");
    EXPECT_EQ(s.answer, "");
    EXPECT_FALSE(s.thinking_closed);
}

TEST(ThinkingSplit, ModelThatOpensTheBlockItself) {
    auto s = split_thinking("\n<think>\nhmm\n</think>\nAnswer: 12", false);
    EXPECT_EQ(s.thinking, "\nhmm\n");
    EXPECT_EQ(s.answer, "Answer: 12");
}

TEST(ThinkingSplit, PlainModelOutputIsAllAnswer) {
    auto s = split_thinking("There are 23 chickens and 12 rabbits.", false);
    EXPECT_EQ(s.thinking, "");
    EXPECT_EQ(s.answer, "There are 23 chickens and 12 rabbits.");
    EXPECT_FALSE(s.thinking_closed);
}

TEST(ThinkingSplit, ThinkTagAfterAnswerTextIsPartOfTheAnswer) {
    auto s = split_thinking("Use <think> tags like this.", false);
    EXPECT_EQ(s.answer, "Use <think> tags like this.");
    EXPECT_EQ(s.thinking, "");
}

TEST(ThinkingSplit, TagsSplitAcrossPiecesAreRecognised) {
    auto c = feed_pieces({"a", "b</th", "in", "k>", "\n", "answer"}, true);
    EXPECT_EQ(c.thinking, "ab");
    EXPECT_EQ(c.answer, "answer");
    auto d = feed_pieces({"<", "thi", "nk>x</", "think>y"}, false);
    EXPECT_EQ(d.thinking, "x");
    EXPECT_EQ(d.answer, "y");
}

TEST(ThinkingSplit, APartialTagThatIsNotATagIsReleased) {
    auto c = feed_pieces({"x </t", "able> y"}, true);
    EXPECT_EQ(c.thinking, "x </table> y");
    EXPECT_EQ(c.answer, "");
}

TEST(ThinkingSplit, SecondCloseTagIsAnswerText) {
    auto s = split_thinking("t</think>a</think>b", true);
    EXPECT_EQ(s.thinking, "t");
    EXPECT_EQ(s.answer, "a</think>b");
}
