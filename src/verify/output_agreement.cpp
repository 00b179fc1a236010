#include "verify/output_agreement.h"

#include <algorithm>
#include <cctype>
#include <optional>
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

// The decimal places `value` is written with (3.25: 2), or nothing when it has no finite
// decimal form (1/3).
std::optional<int> decimal_places(const Rational & value) {
    mpz_class den = value.get_den();
    int twos = 0, fives = 0;
    while (den % 2 == 0) den /= 2, ++twos;
    while (den % 5 == 0) den /= 5, ++fives;
    if (den != 1) return std::nullopt;
    return std::max(twos, fives);
}

// Whether `written` is `printed` as a person writes a program's result: the same value up to a
// float's last digits (3.3000000000000003 is 3.3), or rounded, up or down, to the places it is
// written with (12.5 as 13 or 12; 3.3333333333333335 as 3.33).
bool reads_as(const Rational & written, const Rational & printed) {
    const Rational distance = abs(written - printed);
    const Rational scale = std::max(Rational(1), Rational(abs(printed)));
    if (distance <= Rational(1, 1'000'000'000) * scale) return true;
    const std::optional<int> places = decimal_places(written);
    if (!places) return false;
    mpz_class unit = 1;
    mpz_ui_pow_ui(unit.get_mpz_t(), 10, static_cast<unsigned long>(*places));
    return distance < Rational(1, unit);
}

// Whether `stated` (the answer) is `printed` (the program's result); a share printed as 25 and
// written 25 % is.
bool agrees(const Quantity & stated, const Rational & printed) {
    return reads_as(stated.value, printed) || (stated.percent && reads_as(stated.value * 100, printed));
}

// Whether the text after the output works something out: an equals sign, or a number that is
// neither the program's result nor the answer (24 per box, 3 boxes: a calculation in words).
bool works_out_more(std::string_view after, const Rational & printed, const Quantity & stated) {
    if (after.find('=') != std::string_view::npos || after.find("＝") != std::string_view::npos) return true;
    for (std::size_t i = 0; i < after.size(); ++i) {
        const char c = after[i];
        if (c < '0' || c > '9') continue;
        if (i > 0 && (std::isalnum(static_cast<unsigned char>(after[i - 1])) || after[i - 1] == '.')) continue;
        const auto number = parse_number(after.substr(i));
        if (!number) continue;
        const Rational & v = number->value;
        if (v != printed && v != stated.value && !(stated.percent && v == stated.value * 100) && !agrees(stated, v)) {
            return true;
        }
        i += number->length - 1;
    }
    return false;
}

// The answer as the sentence shows it: 85, 33 %.
std::string shown(const Quantity & stated) {
    return stated.percent ? to_display(stated.value * 100) + "%" : to_display(stated.value);
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
    if (answer.from_thinking || answer.no_solution || answer.quantities.size() != 1 ||
        answer.quantities.front().offset < output_end) {
        return unknown(language, "the final answer is not one number stated after the output");
    }
    const Quantity & stated = answer.quantities.front();
    if (works_out_more(after, printed->value, stated)) {
        return unknown(language, "the text after the output works something out");
    }
    const std::string shown_printed(printed_text);
    const std::string evidence = "printed: " + shown_printed + "\nanswer: " + stated.text;
    if (agrees(stated, printed->value)) {
        return make_verdict(kVerifier, Outcome::kPass,
                            text::in_language(language, "The final answer is the " + shown_printed + " that the program printed.",
                                              "最终答案就是程序输出的 " + shown_printed + "。"),
                            evidence, stated.offset);
    }
    const std::string shown_answer = shown(stated);
    return make_verdict(kVerifier, Outcome::kFail,
                        text::in_language(language, "The program printed " + shown_printed + ", but the final answer is " +
                                                        shown_answer + ", which is not the result the answer relies on.",
                                          "程序输出的是 " + shown_printed + "，但最终答案是 " + shown_answer + "，与所依据的结果不符。"),
                        evidence, stated.offset);
}

} // namespace r1tune::verify
