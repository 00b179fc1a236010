#include "verify/constraint_check.h"

#include <algorithm>

#include "text/characters.h"

namespace r1tune::verify {

namespace {

using text::Language;
using Kind = Expression::Kind;


std::string span(std::string_view text, const Expression & e) {
    return std::string(text.substr(e.begin, e.end - e.begin));
}

// The terms of the top-level &&: each is reported on its own.
void split_clauses(const Expression & e, std::vector<const Expression *> & out) {
    if (e.kind == Kind::kAnd) {
        split_clauses(e.operands[0], out);
        split_clauses(e.operands[1], out);
    } else {
        out.push_back(&e);
    }
}

// "鸡=23、兔=12" or "c=23, r=12", in the order the constraints name them.
std::string assignment_text(const std::vector<std::string> & names, const Bindings & values, Language language) {
    std::string out;
    for (const std::string & name : names) {
        if (!out.empty()) out += language == Language::kChinese ? "、" : ", ";
        out += name + "=" + to_display(values.at(name));
    }
    return out;
}

// Parses constraints, or explains (unknown) why they cannot be used.
struct Parsed {
    std::optional<Expression> expression;
    Verdict refusal;
};

Parsed parse_constraints(std::string_view verifier, std::string_view constraints, Language language) {
    Parsed out;
    ParseResult parsed = parse_expression(constraints);
    const bool zh = language == Language::kChinese;
    if (!parsed.expression) {
        const std::size_t at = text::count_characters(constraints.substr(0, parsed.error_offset)) + 1;
        out.refusal = make_verdict(verifier,
                                   Outcome::kUnknown,
                                   zh ? "约束“" + std::string(constraints) + "”无法解析：第 " + std::to_string(at) + " 个字符处有误。"
                                       : "The constraints \"" + std::string(constraints) + "\" do not parse: the error is at character " +
                                       std::to_string(at) + ".",
                                   parsed.error);
        out.refusal.offset = parsed.error_offset;
        return out;
    }
    if (!is_condition(*parsed.expression)) {
        out.refusal = make_verdict(verifier,
                                   Outcome::kUnknown,
                                   zh ? "约束“" + std::string(constraints) + "”不是条件：需要 ==、<、> 这样的比较。"
                                       : "The constraints \"" + std::string(constraints) +
                                       "\" are not a condition: they need a comparison such as ==, < or >.");
        return out;
    }
    out.expression = std::move(parsed.expression);
    return out;
}

std::string both_sides(const Rational & left, const Rational & right, bool right_is_literal, Language language) {
    if (language == Language::kChinese)
        return "左边是 " + to_display(left) + (right_is_literal ? "" : "，右边是 " + to_display(right));
    return "the left side is " + to_display(left) + (right_is_literal ? "" : " and the right side is " + to_display(right));
}

// Whether clause holds for `values` (which bind every name it uses), or the verdict when it
// does not or cannot be evaluated.
std::optional<Verdict> check_clause(std::string_view constraints, const Expression & clause, const Bindings & values,
                                    const std::string & answer, Language language) {
    const bool zh = language == Language::kChinese;
    const Evaluation result = evaluate(clause, values);
    if (!result.ok()) {
        const std::string what = span(constraints, clause);
        return make_verdict("constraints",
                            Outcome::kUnknown,
                            zh ? "按你的答案 " + answer + "，约束 " + what + " 无法计算（除以零或没有精确值）。"
                                : "With your answer " + answer + ", the constraint " + what +
                                " cannot be evaluated (a division by zero or no exact value).",
                            what);
    }
    if (result.value != 0) return std::nullopt;
    // Name the comparison that fails, with its two sides; a chain (0 < x < 10) names its link.
    if (clause.kind == Kind::kCompare) {
        for (std::size_t i = 0; i < clause.comparisons.size(); ++i) {
            const Expression & left = clause.operands[i];
            const Expression & right = clause.operands[i + 1];
            Expression link;
            link.kind = Kind::kCompare;
            link.operands = {left, right};
            link.comparisons = {clause.comparisons[i]};
            if (evaluate(link, values).value != 0) continue;
            const Rational l = evaluate(left, values).value;
            const Rational r = evaluate(right, values).value;
            const std::string what = clause.comparisons.size() == 1 ? span(constraints, clause)
                                                                    : std::string(constraints.substr(left.begin, right.end - left.begin));
            Verdict v = make_verdict("constraints",
                                     Outcome::kFail,
                                     zh ? "你的答案 " + answer + " 不满足 " + what + "：" +
                                         both_sides(l, r, right.kind == Kind::kNumber, language) + "。"
                                         : "Your answer " + answer + " does not satisfy " + what + ": " +
                                         both_sides(l, r, right.kind == Kind::kNumber, language) + ".",
                                     what + " (left " + to_display(l) + ", right " + to_display(r) + ")");
            v.offset = left.begin;
            return v;
        }
    }
    const std::string what = span(constraints, clause);
    Verdict v = make_verdict("constraints",
                             Outcome::kFail,
                             zh ? "你的答案 " + answer + " 不满足 " + what + "。"
                                 : "Your answer " + answer + " does not satisfy " + what + ".",
                             what + " is false");
    v.offset = clause.begin;
    return v;
}

// Exhaustive search over the domains, clause by clause: a clause is tested as soon as every
// variable it uses has a value, so a failing clause prunes the rest of its subtree.
class Search {
public:
    Search(const std::vector<const Expression *> & clauses, const std::vector<std::string> & names,
           const std::vector<const Domain *> & domains)
        : names_(names), domains_(domains), ready_(names.size() + 1) {
        for (const std::string & name : names) values_[name] = 0;
        for (const Expression * clause : clauses) {
            std::size_t level = 0; // clauses without variables are tested before any assignment
            for (const std::string & name : variables_of(*clause))
                level = std::max(level, static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin()) + 1);
            ready_[level].push_back(clause);
        }
    }

    // A satisfying assignment, or nothing when there is none.
    std::optional<Bindings> run() { return descend(0) ? std::optional(values_) : std::nullopt; }

private:
    bool holds(std::size_t level) const {
        for (const Expression * clause : ready_[level]) {
            const Evaluation e = evaluate(*clause, values_);
            if (!e.ok() || e.value == 0) return false; // undefined there is not a solution
        }
        return true;
    }

    bool descend(std::size_t level) {
        if (!holds(level)) return false;
        if (level == names_.size()) return true;
        Rational & slot = values_[names_[level]];
        for (std::int64_t v = domains_[level]->lo;; ++v) {
            slot = static_cast<long>(v); // long is 64 bits on the platforms r1tune builds for
            if (descend(level + 1)) return true;
            if (v == domains_[level]->hi) break; // compared before ++ so hi == INT64_MAX cannot overflow
        }
        return false;
    }

    const std::vector<std::string> & names_;
    const std::vector<const Domain *> & domains_;
    std::vector<std::vector<const Expression *>> ready_; // clauses by the level that completes them
    Bindings values_;
};

} // namespace

Verdict check_constraints(std::string_view constraints, const Bindings & values, Language language) {
    const bool zh = language == Language::kChinese;
    Parsed parsed = parse_constraints("constraints", constraints, language);
    if (!parsed.expression) return parsed.refusal;
    const std::vector<std::string> names = variables_of(*parsed.expression);
    for (const std::string & name : names) {
        if (values.count(name)) continue;
        return make_verdict("constraints",
                            Outcome::kUnknown,
                            zh ? "约束用到变量 " + name + "，但答案里没有它的值。"
                                : "The constraints use the variable " + name + ", but the answer gives no value for it.",
                            name);
    }
    const std::string answer = assignment_text(names, values, language);
    std::vector<const Expression *> clauses;
    split_clauses(*parsed.expression, clauses);
    for (const Expression * clause : clauses)
        if (auto verdict = check_clause(constraints, *clause, values, answer, language)) return *verdict;
    return make_verdict("constraints",
                        Outcome::kPass,
                        zh ? "你的答案 " + answer + " 满足全部约束。" : "Your answer " + answer + " satisfies every constraint.",
                        answer);
}

Verdict check_no_solution(std::string_view constraints, const std::vector<Domain> & domains, Language language) {
    const bool zh = language == Language::kChinese;
    Parsed parsed = parse_constraints("no_solution", constraints, language);
    if (!parsed.expression) return parsed.refusal;
    const std::vector<std::string> names = variables_of(*parsed.expression);
    std::vector<const Domain *> ranges;
    std::uint64_t assignments = 1;
    for (const std::string & name : names) {
        const auto found = std::find_if(domains.begin(), domains.end(), [&](const Domain & d) { return d.variable == name; });
        if (found == domains.end())
            return make_verdict("no_solution",
                                Outcome::kUnknown,
                                zh ? "约束用到变量 " + name + "，但没有给出它的取值范围。"
                                    : "The constraints use the variable " + name + ", but no range is given for it.",
                                name);
        if (found->lo > found->hi)
            return make_verdict("no_solution",
                                Outcome::kUnknown,
                                zh ? "变量 " + name + " 的取值范围是空的。" : "The range of " + name + " is empty.",
                                name);
        // hi - lo + 1 in unsigned arithmetic is exact for any int64 pair; only the product can overflow.
        const std::uint64_t size = static_cast<std::uint64_t>(found->hi) - static_cast<std::uint64_t>(found->lo) + 1;
        if (size == 0 || size > kMaxNoSolutionAssignments || assignments * size > kMaxNoSolutionAssignments) {
            return make_verdict("no_solution",
                                Outcome::kUnknown,
                                zh ? "要试的取值超过 " + std::to_string(kMaxNoSolutionAssignments) + " 种，不做穷举。"
                                    : "The ranges hold more than " + std::to_string(kMaxNoSolutionAssignments) +
                                    " assignments, too many to try them all.");
        }
        assignments *= size;
        ranges.push_back(&*found);
    }
    std::vector<const Expression *> clauses;
    split_clauses(*parsed.expression, clauses);
    if (const auto solution = Search(clauses, names, ranges).run()) {
        const std::string found = assignment_text(names, *solution, language);
        return make_verdict("no_solution",
                            Outcome::kFail,
                            zh ? "“无解”不对：" + found + " 满足全部约束。"
                                : "\"No solution\" is wrong: " + found + " satisfies every constraint.",
                            found);
    }
    const std::string count = std::to_string(assignments);
    return make_verdict("no_solution",
                        Outcome::kPass,
                        zh ? "给定范围内的全部 " + count + " 种取值都不满足约束，确实无解。"
                            : "None of the " + count + " assignments in the given ranges satisfies the constraints, so there is indeed no solution.",
                        count + " assignments, none satisfies the constraints");
}

} // namespace r1tune::verify
