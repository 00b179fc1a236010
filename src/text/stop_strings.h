// Stop strings for the answer: generation ends where one of them first appears, and the answer
// is cut before it. They apply to the answer only, so a stop string that the model merely
// mentions while thinking does not end the reasoning.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace r1tune::text {

class StopStringMatcher {
public:
    explicit StopStringMatcher(std::vector<std::string> stops);

    // Feeds answer text; returns the part that is safe to show now. Text that could be the
    // start of a stop string is held back until a later piece decides it.
    std::string feed(std::string_view piece);

    // Returns what was held back, once generation has ended without a stop string.
    std::string finish();

    bool stopped() const { return !matched_.empty(); }
    const std::string & matched() const { return matched_; }

private:
    std::vector<std::string> stops_;
    std::string pending_;
    std::string matched_;
};

} // namespace r1tune::text
