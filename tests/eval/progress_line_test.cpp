// The evaluation's progress line.
#include <gtest/gtest.h>

#include "eval/progress_line.h"

namespace r1tune::eval {
namespace {

TEST(ProgressLine, ShowsItemsAccuracyAndTimeLeft) {
    EvalProgress p;
    p.done = 37;
    p.total = 120;
    p.run_now = 10;
    p.seconds_now = 50; // 5 s an item, 83 items left
    p.config = "deepseek scaffold";
    p.config_done = 37;
    p.config_correct = 21;
    EXPECT_EQ(format_eval_progress(p), "[ 37/120]  deepseek scaffold: 21/37 correct (57%)  ETA 6m55s");
}

TEST(ProgressLine, NoPaceNoEstimate) {
    EvalProgress p;
    p.done = 30; // all resumed
    p.total = 40;
    p.config = "guide plain";
    EXPECT_EQ(format_eval_progress(p), "[30/40]  guide plain: 0/0 correct");
}

TEST(ProgressLine, Durations) {
    EXPECT_EQ(format_duration(0), "0s");
    EXPECT_EQ(format_duration(59.4), "59s");
    EXPECT_EQ(format_duration(60), "1m00s");
    EXPECT_EQ(format_duration(725), "12m05s");
    EXPECT_EQ(format_duration(3600 * 3 + 125), "3h02m");
    EXPECT_EQ(format_duration(-5), "0s");
}

} // namespace
} // namespace r1tune::eval
