#include "eval/time_share.h"

#include <algorithm>

namespace r1tune::eval {

void TimeShare::advance(Clock::time_point now) {
    // Threads read the clock before they take the lock, so an event may arrive a little older
    // than the last one: it happened at that one's time.
    now = std::max(now, last_);
    if (in_flight_ > 0) shared_ms_ += std::chrono::duration<double, std::milli>(now - last_).count() / in_flight_;
    last_ = now;
}

double TimeShare::begin(Clock::time_point now) {
    std::lock_guard lock(mutex_);
    advance(now);
    ++in_flight_;
    return shared_ms_;
}

double TimeShare::end(double mark, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    advance(now);
    --in_flight_;
    return shared_ms_ - mark;
}

} // namespace r1tune::eval
