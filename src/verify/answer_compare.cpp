#include "verify/answer_compare.h"

#include "verify/expression.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace r1tune::verify {

namespace {

bool same_value(const Quantity & a, const Quantity & b, bool rate_question) {
    if (a.value == b.value) return true;
    if (!rate_question || a.percent == b.percent) return false;
    const Quantity & percent = a.percent ? a : b;
    const Quantity & bare = a.percent ? b : a;
    return percent.value * 100 == bare.value;
}

// 兔 and 兔子, 鸡 and 小鸡 name the same animal; Latin names must match exactly (after the
// extractor's lower-casing and singular), since x is not part of ox.
bool same_name(const std::string & a, const std::string & b) {
    if (a == b) return true;
    const bool chinese = !a.empty() && !b.empty() && static_cast<unsigned char>(a[0]) >= 0x80 &&
                         static_cast<unsigned char>(b[0]) >= 0x80;
    return chinese && (a.find(b) != std::string::npos || b.find(a) != std::string::npos);
}

// Pairs every quantity of `a` with the one quantity of `b` of the same name, when the names
// allow exactly that; returns nothing otherwise.
std::optional<std::vector<std::size_t>> pair_by_name(const std::vector<Quantity> & a, const std::vector<Quantity> & b) {
    std::vector<std::size_t> partner(a.size());
    std::vector<bool> taken(b.size(), false);
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].name.empty()) return std::nullopt;
        std::size_t found = b.size(), matches = 0;
        for (std::size_t j = 0; j < b.size(); ++j) {
            if (!b[j].name.empty() && same_name(a[i].name, b[j].name)) {
                found = j;
                ++matches;
            }
        }
        if (matches != 1 || taken[found]) return std::nullopt;
        taken[found] = true;
        partner[i] = found;
    }
    return partner;
}

// Kuhn's augmenting paths: can quantity `i` of `a` take a partner, moving others if need be?
bool augment(std::size_t i, const std::vector<std::vector<bool>> & fits, std::vector<bool> & seen,
             std::vector<std::size_t> & owner) {
    for (std::size_t j = 0; j < fits[i].size(); ++j) {
        if (!fits[i][j] || seen[j]) continue;
        seen[j] = true;
        if (owner[j] == fits.size() || augment(owner[j], fits, seen, owner)) {
            owner[j] = i;
            return true;
        }
    }
    return false;
}

// Equal as multisets of values. A rate question makes equality non-transitive (50 ~ 50% ~ 1/2
// but 50 ≁ 1/2), so this is a matching, not a sort.
bool same_multiset(const std::vector<Quantity> & a, const std::vector<Quantity> & b, bool rate_question) {
    std::vector<std::vector<bool>> fits(a.size(), std::vector<bool>(b.size()));
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (std::size_t j = 0; j < b.size(); ++j) fits[i][j] = same_value(a[i], b[j], rate_question);
    }
    std::vector<std::size_t> owner(b.size(), a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        std::vector<bool> seen(b.size(), false);
        if (!augment(i, fits, seen, owner)) return false;
    }
    return true;
}

std::string describe_value(const Quantity & q) {
    if (q.percent) return to_display(q.value * 100) + "%";
    return to_display(q.value);
}

} // namespace

bool asks_for_rate(std::string_view question) {
    if (question.find("百分") != std::string_view::npos || question.find("率") != std::string_view::npos) return true;
    std::string lower(question);
    for (char & c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view word : {"percent", "rate"}) {
        for (std::size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
            if (at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]))) return true;
        }
    }
    return false;
}

bool same_answer(const ExtractedAnswer & a, const ExtractedAnswer & b, bool rate_question) {
    if (a.empty() || b.empty()) return false;
    if (a.no_solution || b.no_solution) return a.no_solution && b.no_solution;
    if (a.quantities.size() != b.quantities.size()) return false;
    if (a.quantities.size() > 1) {
        if (auto partner = pair_by_name(a.quantities, b.quantities)) {
            for (std::size_t i = 0; i < partner->size(); ++i) {
                if (!same_value(a.quantities[i], b.quantities[(*partner)[i]], rate_question)) return false;
            }
            return true;
        }
    }
    return same_multiset(a.quantities, b.quantities, rate_question);
}

std::string describe_answer(const ExtractedAnswer & answer, text::Language language) {
    const bool chinese = language == text::Language::kChinese;
    if (answer.no_solution) return chinese ? "无解" : "no solution";
    std::string out;
    for (const Quantity & q : answer.quantities) {
        if (!out.empty()) out += chinese ? "，" : ", ";
        if (!q.name.empty()) out += q.name + "=";
        out += describe_value(q);
    }
    return out;
}

namespace {

// A reference written as a calculation ("2^10", "3/4 * 8") is its exact value: the extractor
// alone would read "2^10" as 2. Returns false for a calculation without an exact value ("1/0",
// "10^999999"); anything that is not a calculation goes to the extractor ("鸡23只，兔12只", 无解).
bool read_reference(std::string_view text, ExtractedAnswer & out) {
    ParseOptions options;
    options.cjk_names = false;
    options.logic = false;
    const ParseResult parsed = parse_expression(text, options);
    if (parsed.expression && !is_condition(*parsed.expression) && variables_of(*parsed.expression).empty() &&
        parsed.expression->kind != Expression::Kind::kNumber) {
        const Evaluation value = evaluate(*parsed.expression);
        if (!value.ok()) return false;
        out = ExtractedAnswer{};
        Quantity q;
        q.value = value.value;
        q.text = std::string(text);
        out.quantities.push_back(q);
        out.rule = AnswerRule::kMarker;
        return true;
    }
    out = extract_answer(text);
    return true;
}

} // namespace

Verdict check_reference(const ExtractedAnswer & answer, std::string_view expected_answer_text,
                        text::Language language, std::string_view question) {
    const bool chinese = language == text::Language::kChinese;
    Verdict verdict;
    verdict.verifier = "reference";
    if (answer.empty()) {
        verdict.sentence = chinese ? "未能从回答中找到最终答案。" : "No final answer could be found in the response.";
        return verdict;
    }
    ExtractedAnswer expected;
    if (!read_reference(expected_answer_text, expected)) {
        verdict.sentence = chinese ? "参考答案「" + std::string(expected_answer_text) + "」无法算出一个确切的值。"
                                   : "The reference answer \"" + std::string(expected_answer_text) +
                                         "\" has no exact value.";
        return verdict;
    }
    const std::string given = describe_answer(answer, language);
    if (expected.empty()) {
        verdict.sentence = chinese ? "参考答案「" + std::string(expected_answer_text) + "」无法解读。"
                                   : "The reference answer \"" + std::string(expected_answer_text) + "\" could not be read.";
        return verdict;
    }
    const std::string reference = describe_answer(expected, language);
    verdict.evidence = given + " vs " + reference;
    if (!answer.from_thinking && !answer.quantities.empty()) verdict.offset = answer.quantities.front().offset;
    if (same_answer(answer, expected, asks_for_rate(question))) {
        verdict.outcome = Outcome::kPass;
        verdict.sentence = chinese ? "答案 " + given + " 与参考答案一致。" : "The answer " + given + " matches the reference.";
    } else {
        verdict.outcome = Outcome::kFail;
        verdict.sentence = chinese ? "答案 " + given + " 与参考答案 " + reference + " 不符。"
                                   : "The answer " + given + " does not match the reference " + reference + ".";
    }
    return verdict;
}

} // namespace r1tune::verify
