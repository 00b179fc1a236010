// How generated problems are worded: for every family (and variant: age.difference_later,
// work_rate.pipes, …) the question templates in Chinese and in English. They are data, not code:
// data/problems/wordings.json, compiled in like the scaffolds, so a wording is added or changed
// without touching the generators, which fill in the {placeholders}.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace r1tune::eval {

class ProblemWordings {
public:
    // Reads the compiled-in file and checks that every key the generators use holds at least
    // one template in each language; anything else is an internal error naming the key.
    static Status load(ProblemWordings & out);

    // The templates of `key` in Chinese or English (never empty after a load).
    const std::vector<std::string> & of(std::string_view key, bool zh) const;

    // The keys the generators use.
    static const std::vector<std::string_view> & keys();

private:
    std::map<std::string, std::array<std::vector<std::string>, 2>, std::less<>> by_key_; // [en, zh]
};

} // namespace r1tune::eval
