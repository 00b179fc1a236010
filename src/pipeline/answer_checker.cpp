#include "pipeline/answer_checker.h"

#include <algorithm>

#include "verify/answer_compare.h"
#include "verify/arithmetic_check.h"
#include "verify/code_check.h"
#include "verify/constraint_check.h"
#include "verify/expression.h"
#include "verify/output_agreement.h"

namespace r1tune::pipeline {

namespace {

using verify::Outcome;
using verify::Verdict;

Verdict unknown(std::string verifier, std::string sentence) {
    Verdict v;
    v.verifier = std::move(verifier);
    v.outcome = Outcome::kUnknown;
    v.sentence = std::move(sentence);
    return v;
}

// Whether the answer's quantity `name` is the plan's `variable`: the same name, a known alias
// (the extractor lower-cases English names and drops a plural -s), or one containing the other
// when the shorter has at least three bytes (兔 in 兔子, rabbit in rabbits), so that single
// letters such as `a` never match inside words.
bool names_match(const std::string & variable, const std::string & name) {
    if (name.empty()) return false;
    if (name == variable) return true;
    const std::string & shorter = name.size() < variable.size() ? name : variable;
    const std::string & longer = name.size() < variable.size() ? variable : name;
    if (shorter.size() >= 3 && longer.find(shorter) != std::string::npos) return true;
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kAliases = {
        {"鸡", {"chicken", "hen"}}, {"兔", {"rabbit", "bunnie", "bunny"}},
        {"chickens", {"鸡", "hen"}}, {"rabbits", {"兔", "bunnie", "bunny"}}};
    for (const auto & [var, aliases] : kAliases) {
        if (var == variable && std::find(aliases.begin(), aliases.end(), name) != aliases.end()) return true;
    }
    return false;
}

// Binds the plan's variables to the answer: by name where every variable finds its own
// quantity (none used twice), else by position when the counts agree and the answer names none
// of its values (a named one that matches no variable, such as 头=35 restated from the question,
// is not an answer to bind). Returns false when neither works.
bool bind_by_name_or_order(const std::vector<std::string> & variables, const verify::ExtractedAnswer & answer,
                           verify::Bindings & out) {
    out.clear();
    std::vector<bool> used(answer.quantities.size(), false);
    for (const auto & variable : variables) {
        std::size_t k = 0;
        while (k < answer.quantities.size() && (used[k] || !names_match(variable, answer.quantities[k].name))) ++k;
        if (k == answer.quantities.size()) break;
        used[k] = true;
        out[variable] = answer.quantities[k].value;
    }
    if (out.size() == variables.size()) return true;
    out.clear();
    if (answer.quantities.size() != variables.size()) return false;
    for (const auto & q : answer.quantities) {
        if (!q.name.empty()) return false;
    }
    for (std::size_t i = 0; i < variables.size(); ++i) out[variables[i]] = answer.quantities[i].value;
    return true;
}

// Binds the digits h, t, u (as many as there are variables) of a single whole-number answer.
bool bind_digits(const std::vector<std::string> & variables, const verify::ExtractedAnswer & answer,
                 verify::Bindings & out) {
    if (answer.quantities.size() != 1) return false;
    const verify::Rational & value = answer.quantities.front().value;
    if (value.get_den() != 1 || value < 0) return false;
    const std::string digits = value.get_num().get_str();
    if (digits.size() != variables.size()) return false;
    for (std::size_t i = 0; i < digits.size(); ++i) out[variables[i]] = verify::Rational(digits[i] - '0');
    return true;
}

} // namespace

Status plan_checks(std::string question, text::Language language, bool arithmetic, bool derive,
                   std::optional<std::string> user_constraints, std::optional<std::string> expected,
                   std::optional<std::string> code_tests, CheckPlan & out) {
    out = CheckPlan{};
    out.language = language;
    out.arithmetic = arithmetic;
    out.expected = std::move(expected);
    out.code_tests = std::move(code_tests);
    if (user_constraints) {
        const verify::ParseResult parsed = verify::parse_expression(*user_constraints);
        if (!parsed.expression || !verify::is_condition(*parsed.expression)) {
            return Status::usage("the --check constraint '" + *user_constraints + "' is not a condition" +
                                 (parsed.error.empty() ? std::string() : ": " + parsed.error));
        }
        out.constraints = std::move(user_constraints);
        out.constraint_variables = verify::variables_of(*parsed.expression);
        out.constraints_origin = "--check";
    } else if (derive) {
        if (auto derived = verify::derive_constraints(question)) {
            out.constraints = derived->constraints;
            out.constraint_variables = derived->variables;
            out.domains = derived->domains;
            out.digits_of_one_number = derived->digits_of_one_number;
            out.constraints_origin = derived->explanation;
        }
    }
    out.question = std::move(question);
    return Status::ok();
}

verify::CodeRunLimits AnswerChecker::sandbox_limits() const {
    verify::CodeRunLimits limits;
    limits.cancel = cancel_;
    return limits;
}

Verdict AnswerChecker::check_constraints(const verify::ExtractedAnswer & answer) const {
    const bool zh = plan_.language == text::Language::kChinese;
    if (answer.no_solution) {
        if (plan_.domains.empty()) {
            return unknown("no_solution", zh ? "答案是无解，但没有可以穷举的取值范围来检验它。"
                                             : "The answer is \"no solution\", but there is no finite range to search to test it.");
        }
        return verify::check_no_solution(*plan_.constraints, plan_.domains, plan_.language);
    }
    if (answer.empty()) {
        return unknown("constraints", zh ? "没有找到可以代入条件检验的答案。" : "No answer was found to test against the conditions.");
    }
    verify::Bindings bindings;
    const bool bound = plan_.digits_of_one_number ? bind_digits(plan_.constraint_variables, answer, bindings)
                                                  : bind_by_name_or_order(plan_.constraint_variables, answer, bindings);
    const bool one_whole_number = answer.quantities.size() == 1 && answer.quantities.front().value.get_den() == 1;
    if (!bound && plan_.digits_of_one_number && one_whole_number) {
        Verdict v;
        v.verifier = "constraints";
        v.outcome = Outcome::kFail;
        const std::string shown = verify::describe_answer(answer, plan_.language);
        v.sentence = zh ? "答案 " + shown + " 不是一个" + std::to_string(plan_.constraint_variables.size()) + "位数。"
                        : "The answer " + shown + " is not a " + std::to_string(plan_.constraint_variables.size()) +
                              "-digit number.";
        v.evidence = shown;
        return v;
    }
    if (!bound) {
        std::string variables;
        for (const auto & v : plan_.constraint_variables) variables += (variables.empty() ? "" : zh ? "、" : ", ") + v;
        const std::string shown = verify::describe_answer(answer, plan_.language);
        return unknown("constraints", zh ? "答案 " + shown + " 中的数量无法与条件中的 " + variables + " 一一对应。"
                                         : "The answer " + shown + " could not be matched to the variables " + variables +
                                               " of the conditions.");
    }
    return verify::check_constraints(*plan_.constraints, bindings, plan_.language);
}

feedback::Check AnswerChecker::check(const feedback::Response & response) {
    feedback::Check c;
    c.answer = verify::extract_answer(response.answer, response.thinking, plan_.question);
    if (!c.answer.empty()) c.answer_summary = verify::describe_answer(c.answer, plan_.language);
    if (plan_.arithmetic) {
        // The answer is the model's clean write-up; its thinking is full of abandoned attempts
        // that it corrects itself, so it is checked only when there is no answer text.
        c.verdicts.push_back(verify::check_arithmetic(response.answer.empty() ? response.thinking : response.answer,
                                                      plan_.language));
        // A program with the output the answer says it printed is working too: it is rerun, and
        // the final answer must be the result it rests on.
        if (verify::shows_program_output(response.answer)) {
            c.verdicts.push_back(verify::check_program_output(response.answer, plan_.language, sandbox_limits()));
            c.verdicts.push_back(verify::check_answer_follows_output(response.answer, c.answer, plan_.language));
        }
    }
    if (plan_.constraints) c.verdicts.push_back(check_constraints(c.answer));
    if (plan_.expected) {
        c.verdicts.push_back(verify::check_reference(c.answer, *plan_.expected, plan_.language, plan_.question));
    }
    if (plan_.code_tests) {
        c.verdicts.push_back(verify::check_code(response.answer, *plan_.code_tests, plan_.language, sandbox_limits()));
    }
    return c;
}

} // namespace r1tune::pipeline
