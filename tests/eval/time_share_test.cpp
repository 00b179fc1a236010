// Each item's share of a run's wall time, when items are answered at once.
#include "eval/time_share.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace r1tune::eval;
using namespace std::chrono_literals;

namespace {

const TimeShare::Clock::time_point t0{};

} // namespace

TEST(TimeShare, AnItemAloneOwnsItsWholeTime) {
    TimeShare share;
    const double a = share.begin(t0 + 1s);
    EXPECT_DOUBLE_EQ(share.end(a, t0 + 4s), 3000.0);
    // Time when nothing ran belongs to nobody.
    const double b = share.begin(t0 + 10s);
    EXPECT_DOUBLE_EQ(share.end(b, t0 + 12s), 2000.0);
}

TEST(TimeShare, OverlappingItemsSplitTheTimeTheyShareAndTheSharesAddUpToTheWallTime) {
    TimeShare share;
    // a: 0–6 s, b: 2–4 s, c: 3–9 s. Alone 0–2 (a), two 2–3 (a, b), three 3–4, two 4–6 (a, c), alone 6–9 (c).
    const double a = share.begin(t0);
    const double b = share.begin(t0 + 2s);
    const double c = share.begin(t0 + 3s);
    const double b_ms = share.end(b, t0 + 4s);
    const double a_ms = share.end(a, t0 + 6s);
    const double c_ms = share.end(c, t0 + 9s);
    EXPECT_NEAR(a_ms, 2000 + 500 + 1000.0 / 3 + 1000, 1e-9);
    EXPECT_NEAR(b_ms, 500 + 1000.0 / 3, 1e-9);
    EXPECT_NEAR(c_ms, 1000.0 / 3 + 1000 + 3000, 1e-9);
    EXPECT_NEAR(a_ms + b_ms + c_ms, 9000.0, 1e-9);
}

TEST(TimeShare, AnEventReadOffTheClockBeforeAnEarlierOneIsTakenAtThatOnesTime) {
    TimeShare share;
    const double a = share.begin(t0 + 5s);
    const double b = share.begin(t0 + 4s); // its thread read the clock first, but took the lock second
    EXPECT_DOUBLE_EQ(share.end(a, t0 + 7s), 1000.0);
    EXPECT_DOUBLE_EQ(share.end(b, t0 + 8s), 2000.0);
}

TEST(TimeShare, AnItemLeftByAnExceptionStillEnds) {
    TimeShare share;
    share.begin(t0); // a: in flight throughout
    try {
        TimeShare::Item thrown(share, t0);
        throw std::runtime_error("the item failed");
    } catch (const std::runtime_error &) {
    }
    // Had the thrown item stayed in flight, the time from now on would be halved for a.
    const TimeShare::Clock::time_point now = TimeShare::Clock::now();
    const double b = share.begin(now);
    EXPECT_NEAR(share.end(b, now + 2s), 1000.0, 1e-9); // a and b share these 2 s
}

TEST(TimeShare, AnItemEndedByHandIsNotEndedAgainWhenItGoes) {
    // eval's path: end() with the item's finish, then the Item leaves its scope.
    TimeShare share;
    const TimeShare::Clock::time_point now = TimeShare::Clock::now();
    const double a = share.begin(now); // in flight throughout
    {
        TimeShare::Item item(share, now);
        EXPECT_NEAR(item.end(now + 2s), 1000.0, 1e-9); // a and the item shared these 2 s
    }
    // Ended twice, the items in flight would count none while a still runs: b would take the
    // 2 s it shares with a for itself alone.
    const double b = share.begin(now + 4s);
    EXPECT_NEAR(share.end(b, now + 6s), 1000.0, 1e-9);
    EXPECT_NEAR(share.end(a, now + 6s), 1000.0 + 2000.0 + 1000.0, 1e-9);
}
