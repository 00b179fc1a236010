#include "bench/llama_bench_output.h"

#include <nlohmann/json.hpp>

namespace r1tune::bench {

namespace {

using nlohmann::json;

// The test object with these token counts, or nullptr.
const json * find_test(const json & tests, int n_prompt, int n_gen) {
    for (const auto & test : tests) {
        if (test.is_object() && test.value("n_prompt", -1) == n_prompt && test.value("n_gen", -1) == n_gen &&
            test.value("n_depth", 0) == 0) {
            return &test;
        }
    }
    return nullptr;
}

// A positive number field of a test; `what` names the test in the error.
Status positive_number(const json & test, const char * field, const std::string & what, double & out) {
    const auto it = test.find(field);
    if (it == test.end() || !it->is_number() || it->get<double>() <= 0) {
        return Status::internal("llama-bench's " + what + " has no positive number in \"" + field + "\"");
    }
    out = it->get<double>();
    return Status::ok();
}

} // namespace

Status parse_llama_bench_output(std::string_view json_text, int prompt_tokens, int decode_tokens,
                                LlamaBenchResult & out) {
    const json tests = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (tests.is_discarded()) return Status::internal("llama-bench's output is not JSON (was it run with -o json?)");
    if (!tests.is_array()) return Status::internal("llama-bench's output is not a JSON list of tests");

    const std::string prompt_name = "prompt test of " + std::to_string(prompt_tokens) + " tokens";
    const std::string decode_name = "generation test of " + std::to_string(decode_tokens) + " tokens";
    const json * prompt = find_test(tests, prompt_tokens, 0);
    if (!prompt) return Status::internal("llama-bench's output has no " + prompt_name);
    const json * decode = find_test(tests, 0, decode_tokens);
    if (!decode) return Status::internal("llama-bench's output has no " + decode_name);

    LlamaBenchResult result;
    double prompt_ns = 0;
    if (Status s = positive_number(*prompt, "avg_ts", prompt_name, result.measurement.prompt_tokens_per_second); !s) return s;
    if (Status s = positive_number(*prompt, "avg_ns", prompt_name, prompt_ns); !s) return s;
    if (Status s = positive_number(*decode, "avg_ts", decode_name, result.measurement.decode_tokens_per_second); !s) return s;
    result.measurement.first_token_ms = prompt_ns / 1e6;
    result.build_commit = prompt->value("build_commit", "");
    out = std::move(result);
    return Status::ok();
}

} // namespace r1tune::bench
