#include "check_report.h"

#include <string>

namespace r1tune::cli {

void print_check(std::FILE * out, const feedback::Check & check) {
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
