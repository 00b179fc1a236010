#include "verify/output_agreement.h"

#include <string>

#include "text/ascii_text.h"
#include "verify/code_blocks.h"
#include "verify/number.h"

namespace r1tune::verify {

namespace {

constexpr std::string_view kVerifier = "result";

Verdict unknown(text::Language language, std::string evidence) {
    return make_verdict(kVerifier, Outcome::kUnknown,
                        text::in_language(language, "The answer does not rest on a single number a program printed, so it was not compared with one.",
                                          "回答没有依据程序输出的单个数，因此没有与之比较。"),
                        std::move(evidence));
}

// Whether `stated` (the answer) reads `printed` (the program's result) as a person would: the
// same value; a fraction rounded to a neighbouring whole number; a share printed as 25 and
// written 25 %.
bool agrees(const Quantity & stated, const Rational & printed) {
    const Rational & a = stated.value;
    if (a == printed) return true;
    if (stated.percent && a * 100 == printed) return true;
    if (printed.get_den() != 1 && a.get_den() == 1) {
        const Rational distance = abs(a - printed);
        return distance < 1;
    }
    return false;
}

} // namespace

Verdict check_answer_follows_output(std::string_view answer_text, const ExtractedAnswer & answer,
                                    text::Language language) {
    const auto pair = program_and_output(answer_text);
    if (!pair) return unknown(language, "no ```python block followed by an ```output block");
    const std::string_view printed_text = text::trim(pair->output.content);
    const auto printed = parse_number(printed_text);
    if (!printed || printed->length != printed_text.size()) return unknown(language, "the output is not one number");
    // What follows the output block's closing fence.
    const std::size_t output_end = pair->output.offset + pair->output.content.size();
    const std::size_t fence_end = answer_text.find('\n', output_end);
    const std::string_view after = fence_end == std::string_view::npos ? std::string_view{} : answer_text.substr(fence_end);
    if (after.find('=') != std::string_view::npos || after.find("＝") != std::string_view::npos) {
        return unknown(language, "the text after the output works something out");
    }
    if (answer.from_thinking || answer.no_solution || answer.quantities.size() != 1 ||
        answer.quantities.front().offset < output_end) {
        return unknown(language, "the final answer is not one number stated after the output");
    }
    const Quantity & stated = answer.quantities.front();
    const std::string shown_printed(printed_text);
    const std::string evidence = "printed: " + shown_printed + "\nanswer: " + stated.text;
    if (agrees(stated, printed->value)) {
        return make_verdict(kVerifier, Outcome::kPass,
                            text::in_language(language, "The final answer is the " + shown_printed + " that the program printed.",
                                              "最终答案就是程序输出的 " + shown_printed + "。"),
                            evidence, stated.offset);
    }
    const std::string shown_answer = to_display(stated.value);
    return make_verdict(kVerifier, Outcome::kFail,
                        text::in_language(language, "The program printed " + shown_printed + ", but the final answer is " +
                                                        shown_answer + ", which is not the result the answer relies on.",
                                          "程序输出的是 " + shown_printed + "，但最终答案是 " + shown_answer + "，与所依据的结果不符。"),
                        evidence, stated.offset);
}

} // namespace r1tune::verify
