// `r1tune check`: the verifiers on their own, no model needed. Given a question and a model's
// output (from any system), prints each verdict; exit 0 when no check fails, 1 when one does.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "check_report.h"
#include "commands.h"
#include "pipeline/answer_checker.h"
#include "pipeline/trace.h"
#include "prompt/router.h"
#include "question_input.h"
#include "user_checks.h"
#include "text/thinking_split.h"

namespace r1tune::cli {

namespace {

struct CheckOptions {
    QuestionSource question;
    std::string output = "-";
    UserChecks checks;
    bool json = false;
};

// A model's whole output, thinking included, stays far below this.
constexpr std::size_t kMaxOutputBytes = std::size_t{16} << 20;

// The output may hold a whole R1 turn (thinking, </think>, answer), just the answer, or a
// thinking block opened by the output itself.
feedback::Response response_from_output(const std::string & output) {
    const auto open = output.find("<think>");
    const auto close = output.find("</think>");
    const bool starts_in_thinking = close != std::string::npos && (open == std::string::npos || open > close);
    const text::SplitText split = text::split_thinking(output, starts_in_thinking);
    feedback::Response r;
    r.thinking = split.thinking;
    r.answer = split.answer;
    r.thinking_closed = split.thinking_closed;
    return r;
}

Status run_check(const CheckOptions & o, int & exit_code) {
    if (!o.question.given_as_argument && o.question.file.empty()) {
        return Status::usage("give the question as an argument or with -f FILE (the model's output is read with --output)");
    }
    if (o.question.file == "-" && o.output == "-") {
        return Status::usage("the question and the output cannot both come from standard input");
    }
    if (o.output == "-" && isatty(STDIN_FILENO)) {
        return Status::usage("give the model's output with -o FILE or on standard input");
    }
    std::string question;
    if (Status s = read_question(o.question, question); !s) return s;
    std::string output;
    if (Status s = read_text_input(o.output, "the model output", kMaxOutputBytes, output); !s) return s;
    if (output.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Status::input(o.output == "-" ? "the model output on standard input is empty"
                                             : "the model output in " + o.output + " is empty");
    }
    std::optional<std::string> tests;
    if (Status s = o.checks.read_tests(tests); !s) return s;

    // Every verifier that can apply does: arithmetic always, constraints when given or derived,
    // the reference with --expect, the tests with --tests.
    const prompt::RouteDecision route = prompt::route(question);
    pipeline::CheckPlan plan;
    if (Status s = pipeline::plan_checks(question, route.language, /*arithmetic=*/true, /*derive=*/true,
                                         o.checks.constraints_if_given(),
                                         o.checks.expected_if_given(), tests, plan);
        !s) {
        return s;
    }
    pipeline::AnswerChecker checker(plan);
    const feedback::Check check = checker.check(response_from_output(output));
    const bool failed = feedback::first_failure(check) != nullptr;

    if (o.json) {
        nlohmann::json doc = pipeline::to_json(check);
        doc["result"] = failed ? "fail" : "pass";
        if (plan.constraints) doc["constraints"] = {{"text", *plan.constraints}, {"origin", plan.constraints_origin}};
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        print_check(stdout, check);
        if (plan.constraints) std::printf("  (constraints from %s)\n", plan.constraints_origin.c_str());
    }
    exit_code = failed ? 1 : 0;
    return Status::ok();
}

} // namespace

void register_check(CLI::App & app, int & exit_code) {
    auto options = std::make_shared<CheckOptions>();
    auto * cmd = app.add_subcommand("check", "run the verifiers on a model's output (no model needed); exit 1 when a check fails");
    auto & o = *options;
    CLI::Option * question = cmd->add_option("question", o.question.text, "the question the output answers");
    cmd->add_option("-f,--file", o.question.file, "read the question from FILE ('-' = standard input)");
    cmd->add_option("-o,--output", o.output, "the model's output, thinking and answer ('-' = standard input)")
        ->capture_default_str();
    o.checks.add_options(*cmd);
    cmd->add_flag("--json", o.json, "print one JSON document: the extracted answer, every verdict, the result");
    cmd->callback([options, question, &exit_code] {
        options->question.given_as_argument = question->count() > 0;
        int code = 0;
        const Status status = run_check(*options, code);
        exit_code = status ? code : report_error(status);
    });
}

} // namespace r1tune::cli
