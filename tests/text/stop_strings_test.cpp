#include "text/stop_strings.h"

#include <gtest/gtest.h>

using r1tune::text::StopStringMatcher;

TEST(StopStrings, CutsTheAnswerBeforeTheStopString) {
    StopStringMatcher m({"\n\n", "Question:"});
    std::string shown = m.feed("x = 5. Question: what");
    EXPECT_TRUE(m.stopped());
    EXPECT_EQ(m.matched(), "Question:");
    EXPECT_EQ(shown, "x = 5. ");
    EXPECT_EQ(m.feed("more"), "");
}

TEST(StopStrings, HoldsBackAPossibleStartAcrossPieces) {
    StopStringMatcher m({"END"});
    std::string shown = m.feed("answer E");
    EXPECT_EQ(shown, "answer ");
    shown += m.feed("N");
    EXPECT_EQ(shown, "answer ");
    shown += m.feed("D tail");
    EXPECT_TRUE(m.stopped());
    EXPECT_EQ(shown, "answer ");
}

TEST(StopStrings, ReleasesHeldTextWhenItIsNotAStop) {
    StopStringMatcher m({"END"});
    std::string shown = m.feed("the EN");
    shown += m.feed("emy");
    EXPECT_FALSE(m.stopped());
    EXPECT_EQ(shown, "the ENemy");
    StopStringMatcher n({"END"});
    shown = n.feed("tail E");
    shown += n.finish();
    EXPECT_EQ(shown, "tail E");
}

TEST(StopStrings, EarliestMatchWinsAmongSeveralStops) {
    StopStringMatcher m({"bbb", "a"});
    EXPECT_EQ(m.feed("xx a bbb"), "xx ");
    EXPECT_EQ(m.matched(), "a");
}

TEST(StopStrings, NoStopsPassEverythingThrough) {
    StopStringMatcher m({});
    EXPECT_EQ(m.feed("anything"), "anything");
    EXPECT_FALSE(m.stopped());
}
