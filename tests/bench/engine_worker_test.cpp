// The line r1tune's measuring child prints, read back by the parent: a measurement, or the
// child's error with its kind (so a bad model is still exit code 3), or nothing usable.
#include <gtest/gtest.h>

#include <algorithm>

#include "bench/engine_worker.h"

using namespace r1tune;
using namespace r1tune::bench;

TEST(EngineWorker, AMeasurementLineRoundTrips) {
    SingleMeasurement m;
    ASSERT_TRUE(parse_single_worker_line(
        R"({"prompt_tokens_per_second": 108.5, "decode_tokens_per_second": 31.2, "first_token_ms": 4800, "model": "qwen2 1.5B"})",
        m));
    EXPECT_DOUBLE_EQ(m.prompt_tokens_per_second, 108.5);
    EXPECT_DOUBLE_EQ(m.decode_tokens_per_second, 31.2);
    EXPECT_DOUBLE_EQ(m.first_token_ms, 4800);
    EXPECT_EQ(m.model_description, "qwen2 1.5B");

    std::vector<BatchedPoint> points;
    ASSERT_TRUE(parse_batched_worker_line(
        R"({"batched": [{"sequences": 1, "decode_tokens_per_second": 30}, {"sequences": 8, "decode_tokens_per_second": 40}]})",
        points));
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[1].sequences, 8);
    EXPECT_DOUBLE_EQ(points[1].decode_tokens_per_second, 40);
}

TEST(EngineWorker, TheChildsErrorKeepsItsKind) {
    SingleMeasurement m;
    const Status s = parse_single_worker_line(R"({"error": {"kind": "model", "message": "x.gguf is not a GGUF file"}})", m);
    EXPECT_EQ(s.kind(), ErrorKind::kModel);
    EXPECT_EQ(s.message(), "x.gguf is not a GGUF file");
    std::vector<BatchedPoint> points;
    EXPECT_EQ(parse_batched_worker_line(R"({"error": {"kind": "input", "message": "full"}})", points).kind(),
              ErrorKind::kInput);
}

TEST(EngineWorker, UnusableLinesAreInternalErrors) {
    SingleMeasurement m;
    EXPECT_EQ(parse_single_worker_line("", m).message(), "r1tune's measuring process printed no result");
    EXPECT_EQ(parse_single_worker_line(R"({"error": "oops"})", m).message(), "r1tune's measuring process failed");
    EXPECT_EQ(parse_single_worker_line(R"({"prompt_tokens_per_second": 1, "decode_tokens_per_second": 0, "first_token_ms": 1})", m)
                  .message(),
              "r1tune's measuring process printed a result without positive speeds and times");
    std::vector<BatchedPoint> points;
    EXPECT_EQ(parse_batched_worker_line(R"({"batched": [{"sequences": 1}]})", points).kind(), ErrorKind::kInternal);
}

TEST(EngineWorker, TheChildGetsTheRequestsSettings) {
    SingleRequest request;
    request.model_path = "/m.gguf";
    request.threads = 2;
    request.cpus = {0, 1};
    request.prompt_tokens = 16;
    request.decode_tokens = 4;
    const auto command = single_worker_command("/b/r1tune", request);
    const std::vector<std::string> expected = {"/b/r1tune", "bench", "--worker", "single", "-m", "/m.gguf", "-t", "2",
                                               "--prompt-tokens", "16", "--decode-tokens", "4", "--cpus", "0-1"};
    EXPECT_EQ(command, expected);
}
