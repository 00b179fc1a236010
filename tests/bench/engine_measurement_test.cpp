// r1tune's side measured in-process on the tiny fixture model: every number is there and
// positive, batched counts come back in the order asked, and a bad model gives the child's
// error line. Speed itself is never asserted. Pinned measurements run only in the command's
// test: a pinned session leaves this process's threads pinned, and every later child would
// inherit that.
#include <gtest/gtest.h>

#include <memory>

#include "bench/engine_measurement.h"
#include "bench/engine_worker.h"
#include "engine/model.h"
#include "engine/tiny_model.h"

using namespace r1tune;
using namespace r1tune::bench;

namespace {

SingleRequest tiny_single() {
    SingleRequest request;
    request.model_path = R1TUNE_TINY_FIXTURE;
    request.threads = 1; // see bench_command_test.cpp: two threads crawl on a busy shared machine
    request.prompt_tokens = 16;
    request.decode_tokens = 4;
    return request;
}

} // namespace

TEST(EngineMeasurement, OneSequenceGivesEveryNumber) {
    SingleMeasurement m;
    ASSERT_TRUE(measure_engine_single(fixture::tiny_model(), tiny_single(), m));
    EXPECT_GT(m.prompt_tokens_per_second, 0);
    EXPECT_GT(m.decode_tokens_per_second, 0);
    // The first token waits for the whole prompt.
    EXPECT_GE(m.first_token_ms, 16 / m.prompt_tokens_per_second * 1000.0);
}

TEST(EngineMeasurement, BatchedCountsInTheOrderAsked) {
    BatchedRequest request;
    request.model_path = R1TUNE_TINY_FIXTURE;
    request.threads = 1;
    request.prompt_tokens = 16;
    request.decode_tokens = 4;
    request.sequence_counts = {2, 1, 3};
    std::vector<BatchedPoint> points;
    ASSERT_TRUE(measure_engine_batched(fixture::tiny_model(), request, points));
    ASSERT_EQ(points.size(), 3u);
    EXPECT_EQ(points[0].sequences, 2);
    EXPECT_EQ(points[1].sequences, 1);
    EXPECT_EQ(points[2].sequences, 3);
    for (const auto & p : points) EXPECT_GT(p.decode_tokens_per_second, 0);
}

TEST(EngineMeasurement, AMissingModelIsTheWorkersModelError) {
    SingleRequest request = tiny_single();
    request.model_path = "/nonexistent/model.gguf";
    std::string line;
    EXPECT_EQ(run_single_worker(request, line).kind(), ErrorKind::kModel);
    SingleMeasurement m;
    EXPECT_EQ(parse_single_worker_line(line, m).kind(), ErrorKind::kModel);
}
