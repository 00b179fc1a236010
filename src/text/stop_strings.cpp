#include "text/stop_strings.h"

#include <algorithm>

namespace r1tune::text {

StopStringMatcher::StopStringMatcher(std::vector<std::string> stops) {
    for (auto & s : stops) {
        if (!s.empty()) stops_.push_back(std::move(s));
    }
}

std::string StopStringMatcher::feed(std::string_view piece) {
    if (stopped()) return {};
    pending_.append(piece);

    // The earliest complete match wins, whichever stop string it is.
    std::size_t first = std::string::npos;
    for (const auto & stop : stops_) {
        const std::size_t at = pending_.find(stop);
        if (at < first) {
            first = at;
            matched_ = stop;
        }
    }
    if (first != std::string::npos) {
        std::string ready = pending_.substr(0, first);
        pending_.clear();
        return ready;
    }

    // Hold back the longest tail that is a proper prefix of some stop string.
    std::size_t hold = 0;
    for (const auto & stop : stops_) {
        for (std::size_t len = std::min(pending_.size(), stop.size() - 1); len > hold; --len) {
            if (std::string_view(pending_).substr(pending_.size() - len) == std::string_view(stop).substr(0, len)) {
                hold = len;
                break;
            }
        }
    }
    std::string ready = pending_.substr(0, pending_.size() - hold);
    pending_.erase(0, ready.size());
    return ready;
}

std::string StopStringMatcher::finish() {
    std::string rest = std::move(pending_);
    pending_.clear();
    return rest;
}

} // namespace r1tune::text
