// The machine's load when a run begins, from /proc/loadavg's text.
#include <gtest/gtest.h>

#include "bench/load_average.h"

using namespace r1tune::bench;

TEST(LoadAverage, TheOneMinuteFieldIsTaken) {
    EXPECT_EQ(parse_load_average("3.19 3.44 3.35 3/512 48213\n"), 3.19);
    EXPECT_EQ(parse_load_average("0.00 0.01 0.05 1/90 7"), 0.0);
}

TEST(LoadAverage, AnythingElseIsNone) {
    EXPECT_FALSE(parse_load_average(""));
    EXPECT_FALSE(parse_load_average("busy 1.0"));
    EXPECT_FALSE(parse_load_average("1.5x 1 1"));
}

TEST(LoadAverage, ThisMachineHasOne) {
    const auto load = read_load_average();
    ASSERT_TRUE(load);
    EXPECT_GE(*load, 0.0);
}
