// llama-bench's -o json output, as the pinned llama-bench prints it (trimmed to the fields that
// matter), and what goes wrong with output that is not that.
#include <gtest/gtest.h>

#include "bench/llama_bench_output.h"

using namespace r1tune;
using namespace r1tune::bench;

namespace {

// Two tests of `llama-bench -p 512 -n 128 -r 1 -o json`, fields in the tool's order.
const char * kTwoTests = R"([
  {
    "build_commit": "80fb11a",
    "model_type": "qwen2 1.5B Q4_K - Medium",
    "n_threads": 2,
    "cpu_mask": "0x0",
    "cpu_strict": false,
    "n_prompt": 512,
    "n_gen": 0,
    "n_depth": 0,
    "avg_ns": 4740000000,
    "stddev_ns": 0,
    "avg_ts": 108.016878,
    "stddev_ts": 0.000000,
    "samples_ns": [ 4740000000 ],
    "samples_ts": [ 108.017 ]
  },
  {
    "build_commit": "80fb11a",
    "model_type": "qwen2 1.5B Q4_K - Medium",
    "n_threads": 2,
    "n_prompt": 0,
    "n_gen": 128,
    "n_depth": 0,
    "avg_ns": 4025157232,
    "stddev_ns": 0,
    "avg_ts": 31.8,
    "stddev_ts": 0.000000,
    "samples_ns": [ 4025157232 ],
    "samples_ts": [ 31.8 ]
  }
]
)";

} // namespace

TEST(LlamaBenchOutput, TakesThePromptAndGenerationTests) {
    LlamaBenchResult result;
    ASSERT_TRUE(parse_llama_bench_output(kTwoTests, 512, 128, result));
    EXPECT_DOUBLE_EQ(result.measurement.prompt_tokens_per_second, 108.016878);
    EXPECT_DOUBLE_EQ(result.measurement.decode_tokens_per_second, 31.8);
    EXPECT_DOUBLE_EQ(result.measurement.first_token_ms, 4740.0); // the prompt's mean time
    EXPECT_EQ(result.build_commit, "80fb11a");
}

TEST(LlamaBenchOutput, ATestOfOtherSizesIsMissingNotMistaken) {
    LlamaBenchResult result;
    const Status s = parse_llama_bench_output(kTwoTests, 256, 128, result);
    EXPECT_EQ(s.kind(), ErrorKind::kInternal);
    EXPECT_EQ(s.message(), "llama-bench's output has no prompt test of 256 tokens");
    EXPECT_EQ(parse_llama_bench_output(kTwoTests, 512, 64, result).message(),
              "llama-bench's output has no generation test of 64 tokens");
}

TEST(LlamaBenchOutput, MalformedOutputIsOneClearError) {
    LlamaBenchResult result;
    EXPECT_EQ(parse_llama_bench_output("| model | size |\n| --- | --- |\n", 512, 128, result).message(),
              "llama-bench's output is not JSON (was it run with -o json?)");
    EXPECT_EQ(parse_llama_bench_output("[\n  {\n    \"n_prompt\": 512,", 512, 128, result).message(),
              "llama-bench's output is not JSON (was it run with -o json?)"); // cut off mid-run
    EXPECT_EQ(parse_llama_bench_output(R"({"n_prompt": 512})", 512, 128, result).message(),
              "llama-bench's output is not a JSON list of tests");
    EXPECT_EQ(parse_llama_bench_output(R"([{"n_prompt": 512, "n_gen": 0, "avg_ns": 5}, {"n_prompt": 0, "n_gen": 128}])",
                                       512, 128, result)
                  .message(),
              "llama-bench's prompt test of 512 tokens has no positive number in \"avg_ts\"");
    EXPECT_EQ(parse_llama_bench_output(
                  R"([{"n_prompt": 512, "n_gen": 0, "avg_ns": 5, "avg_ts": 1}, {"n_prompt": 0, "n_gen": 128, "avg_ts": "fast"}])",
                  512, 128, result)
                  .message(),
              "llama-bench's generation test of 128 tokens has no positive number in \"avg_ts\"");
}
