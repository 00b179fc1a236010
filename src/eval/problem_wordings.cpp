#include "eval/problem_wordings.h"

#include <nlohmann/json.hpp>

#include "prompt/embedded_data.h"

namespace r1tune::eval {

namespace {

constexpr std::string_view kFile = "problems/wordings.json";

} // namespace

const std::vector<std::string_view> & ProblemWordings::keys() {
    static const std::vector<std::string_view> kKeys = {
        "chicken_rabbit",        "digit_puzzle",           "age.difference_later", "age.difference_earlier",
        "age.sum_multiple",      "age.multiple_later",     "work_rate.together",   "work_rate.three_together",
        "work_rate.pipes",       "work_rate.one_then_other", "work_rate.find_one", "distance.meet",
        "distance.meet_people",  "distance.catch_up",      "distance.find_speed",  "distance.head_start"};
    return kKeys;
}

Status ProblemWordings::load(ProblemWordings & out) {
    std::string_view text;
    for (const prompt::EmbeddedFile & file : prompt::embedded_files()) {
        if (file.path == kFile) text = file.text;
    }
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return Status::internal(std::string(kFile) + " is not a JSON object");
    out.by_key_.clear();
    for (const std::string_view key : keys()) {
        const auto entry = doc.find(key);
        if (entry == doc.end() || !entry->is_object()) {
            return Status::internal(std::string(kFile) + " has no wordings for " + std::string(key));
        }
        auto & languages = out.by_key_[std::string(key)];
        for (const auto & [index, code] : {std::pair{0, "en"}, std::pair{1, "zh"}}) {
            const auto list = entry->find(code);
            if (list == entry->end() || !list->is_array() || list->empty()) {
                return Status::internal(std::string(kFile) + " has no " + code + " wording for " + std::string(key));
            }
            for (const auto & wording : *list) {
                if (!wording.is_string()) {
                    return Status::internal(std::string(kFile) + ": a " + code + " wording of " + std::string(key) +
                                            " is not a string");
                }
                languages[static_cast<std::size_t>(index)].push_back(wording.get<std::string>());
            }
        }
    }
    return Status::ok();
}

const std::vector<std::string> & ProblemWordings::of(std::string_view key, bool zh) const {
    // A key the load checked; another one is a mistake in the generators, which at() reports.
    return by_key_.at(std::string(key))[zh ? 1 : 0];
}

} // namespace r1tune::eval
