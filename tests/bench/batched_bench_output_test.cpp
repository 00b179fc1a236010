// llama-batched-bench's --output-format jsonl output, as the pinned tool printed it on this
// machine, and what goes wrong with output that is not that.
#include <gtest/gtest.h>

#include "bench/batched_bench_output.h"

using namespace r1tune;
using namespace r1tune::bench;

namespace {

const char * kTwoCounts =
    "\n"
    R"({"n_kv_max": 512, "n_batch": 512, "n_ubatch": 512, "flash_attn": -1, "is_pp_shared": 1, "n_gpu_layers": -1, "n_threads": 2, "n_threads_batch": 2, "pp": 32, "tg": 8, "pl": 1, "n_kv": 40, "t_pp": 0.139386, "speed_pp": 229.578293, "t_tg": 0.271666, "speed_tg": 29.447926, "t": 0.411052, "speed": 97.311295})"
    "\n"
    R"({"n_kv_max": 512, "n_batch": 512, "n_ubatch": 512, "flash_attn": -1, "is_pp_shared": 1, "n_gpu_layers": -1, "n_threads": 2, "n_threads_batch": 2, "pp": 32, "tg": 8, "pl": 2, "n_kv": 48, "t_pp": 0.142563, "speed_pp": 224.462173, "t_tg": 0.349297, "speed_tg": 45.806293, "t": 0.491860, "speed": 97.588753})"
    "\n\n";

BatchedRequest request(std::vector<int> counts) {
    BatchedRequest r;
    r.prompt_tokens = 32;
    r.decode_tokens = 8;
    r.sequence_counts = std::move(counts);
    return r;
}

} // namespace

TEST(BatchedBenchOutput, GivesTheDecodeSpeedOfEveryCountInTheRequestsOrder) {
    std::vector<BatchedPoint> points;
    ASSERT_TRUE(parse_batched_bench_output(kTwoCounts, request({2, 1}), points));
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].sequences, 2);
    EXPECT_DOUBLE_EQ(points[0].decode_tokens_per_second, 45.806293);
    EXPECT_EQ(points[1].sequences, 1);
    EXPECT_DOUBLE_EQ(points[1].decode_tokens_per_second, 29.447926);
}

TEST(BatchedBenchOutput, ACountWithoutALineIsAnError) {
    // The tool silently skips a count whose tokens do not fit its context.
    std::vector<BatchedPoint> points;
    const Status s = parse_batched_bench_output(kTwoCounts, request({1, 2, 4}), points);
    EXPECT_EQ(s.kind(), ErrorKind::kInternal);
    EXPECT_EQ(s.message(), "llama-batched-bench printed no result for 4 sequences");
    EXPECT_TRUE(points.empty());
}

TEST(BatchedBenchOutput, LinesOfOtherLengthsDoNotCount) {
    BatchedRequest other = request({1});
    other.decode_tokens = 16;
    std::vector<BatchedPoint> points;
    EXPECT_EQ(parse_batched_bench_output(kTwoCounts, other, points).message(),
              "llama-batched-bench printed no result for 1 sequence");
}

TEST(BatchedBenchOutput, MalformedLinesAreOneClearError) {
    std::vector<BatchedPoint> points;
    EXPECT_EQ(parse_batched_bench_output("\n{\"pp\": 32, \"tg\": 8, \"pl\": 1, \"speed_tg\": 29.4\n", request({1}), points)
                  .message(),
              "llama-batched-bench's line 2 is not a JSON object");
    EXPECT_EQ(parse_batched_bench_output(R"({"pp": 32, "tg": 8, "pl": 1})", request({1}), points).message(),
              "llama-batched-bench's line 1 has no number in \"speed_tg\"");
    EXPECT_EQ(parse_batched_bench_output(R"({"pp": 32, "tg": 8, "pl": 1, "speed_tg": 0})", request({1}), points).message(),
              "llama-batched-bench's line 1 gives a decode speed that is not positive");
    // The Markdown table (the tool's default format) has no result lines at all.
    EXPECT_EQ(parse_batched_bench_output("|    PP |     TG |    B |\n|-------|--------|------|\n", request({1}), points)
                  .message(),
              "llama-batched-bench printed no result for 1 sequence");
}
