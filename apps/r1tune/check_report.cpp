#include "check_report.h"

#include <string>

namespace r1tune::cli {

nlohmann::json to_json(const verify::ExtractedAnswer & answer, const std::string & summary) {
    nlohmann::json quantities = nlohmann::json::array();
    for (const auto & q : answer.quantities) {
        quantities.push_back({{"name", q.name},
                              {"value", verify::to_canonical(q.value)},
                              {"unit", q.unit},
                              {"percent", q.percent},
                              {"text", q.text}});
    }
    return {{"summary", summary},
            {"rule", std::string(verify::to_string(answer.rule))},
            {"from_thinking", answer.from_thinking},
            {"no_solution", answer.no_solution},
            {"quantities", quantities}};
}

nlohmann::json to_json(const verify::Verdict & v) {
    nlohmann::json j = {{"verifier", v.verifier},
                        {"outcome", std::string(verify::to_string(v.outcome))},
                        {"sentence", v.sentence},
                        {"evidence", v.evidence}};
    if (v.offset != std::string::npos) j["offset"] = v.offset;
    return j;
}

nlohmann::json to_json(const pipeline::Check & check) {
    nlohmann::json verdicts = nlohmann::json::array();
    for (const auto & v : check.verdicts) verdicts.push_back(to_json(v));
    return {{"answer", to_json(check.answer, check.answer_summary)}, {"verdicts", verdicts}};
}

void print_check(std::FILE * out, const pipeline::Check & check) {
    if (check.answer.empty()) {
        std::fputs("answer: none found\n", out);
    } else {
        std::fprintf(out, "answer: %s (from %s%s)\n", check.answer_summary.c_str(),
                     std::string(verify::to_string(check.answer.rule)).c_str(),
                     check.answer.from_thinking ? ", in the thinking" : "");
    }
    for (const auto & v : check.verdicts) {
        const char * mark = v.outcome == verify::Outcome::kPass ? "✓" : v.outcome == verify::Outcome::kFail ? "✗" : "?";
        std::fprintf(out, "  %s %s: %s\n", mark, v.verifier.c_str(), v.sentence.c_str());
    }
}

} // namespace r1tune::cli
