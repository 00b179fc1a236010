// How much of a run's wall time belongs to each of the items answered at once. Under
// `eval --parallel N` an item's own wall time (its latency) counts every moment it shared the
// machine with other items, so latencies summed over items overstate the run N-fold and a
// configuration measured three at a time looks three times as slow as one measured alone.
// Dividing each moment among the items in flight gives each item its share: the shares add up
// to the run's busy wall time, and the time per item compares across runs of any width.
// What is timed is the answer (the pipeline's run), as a user would wait for it; eval's own
// judging of it afterwards (a code item's tests) is in neither the latency nor the share.
#pragma once

#include <chrono>
#include <mutex>

namespace r1tune::eval {

class TimeShare {
public:
    using Clock = std::chrono::steady_clock;

    // An item begins at `now`; keep the mark for its end.
    double begin(Clock::time_point now);
    // The item that began at `mark` ends at `now`: its share of the wall time since then, in ms.
    double end(double mark, Clock::time_point now);

    // One item in flight: begun when made, ended by end() or, should an exception leave first,
    // when it goes, so that the items still running are not divided by one too many.
    class Item {
    public:
        Item(TimeShare & share, Clock::time_point start) : share_(share), mark_(share.begin(start)) {}
        ~Item() {
            if (!ended_) share_.end(mark_, Clock::now());
        }
        Item(const Item &) = delete;
        Item & operator=(const Item &) = delete;
        double end(Clock::time_point now) {
            ended_ = true;
            return share_.end(mark_, now);
        }

    private:
        TimeShare & share_;
        double mark_;
        bool ended_ = false;
    };

private:
    // Advances `shared_ms_` to `now`: the time since the last event, divided among the items in flight.
    void advance(Clock::time_point now);

    std::mutex mutex_;
    Clock::time_point last_{};
    int in_flight_ = 0;
    double shared_ms_ = 0; // ∫ 1 / (items in flight) dt over the time any item was in flight
};

} // namespace r1tune::eval
