// The Checker of a real run: extracts the answer from the model's response and runs the
// verifiers that apply to the question. What applies is decided once, up front, in a CheckPlan:
// the profile's verifiers for the routed task, the user's own checks (--check, --expect,
// --tests), and constraints derived from a recognised problem family.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "feedback/loop.h"
#include "verify/code_sandbox.h"
#include "verify/problem_families.h"

namespace r1tune::pipeline {

struct CheckPlan {
    std::string question;
    text::Language language = text::Language::kEnglish;
    bool arithmetic = false;
    std::optional<std::string> constraints;      // the user's --check, or derived ones
    std::vector<std::string> constraint_variables; // in the order an answer lists its values
    std::vector<verify::Domain> domains;         // lets a "no solution" answer be checked
    bool digits_of_one_number = false;           // the answer's digits bind the variables
    std::optional<std::string> expected;         // a reference answer
    std::optional<std::string> code_tests;       // Python tests for the answer's code
    std::string constraints_origin;              // "--check" or the derived family's explanation
};

// Builds a plan. `user_constraints` wins over derived ones; derived constraints are used only
// when `derive` is set (the profile lists the constraints verifier). A user constraint that
// does not parse is a usage error.
Status plan_checks(std::string question, text::Language language, bool arithmetic, bool derive,
                   std::optional<std::string> user_constraints, std::optional<std::string> expected,
                   std::optional<std::string> code_tests, CheckPlan & out);

class AnswerChecker : public feedback::Checker {
public:
    // `cancel`, set from another thread, stops a check's program in the sandbox (its verdict is
    // then unknown).
    explicit AnswerChecker(CheckPlan plan, const std::atomic<bool> * cancel = nullptr)
        : plan_(std::move(plan)), cancel_(cancel) {}
    feedback::Check check(const feedback::Response & response) override;
    bool can_verify() const override { return plan_.constraints || plan_.expected || plan_.code_tests; }
    const CheckPlan & plan() const { return plan_; }

private:
    verify::Verdict check_constraints(const verify::ExtractedAnswer & answer) const;
    verify::CodeRunLimits sandbox_limits() const;
    CheckPlan plan_;
    const std::atomic<bool> * cancel_;
};

} // namespace r1tune::pipeline
