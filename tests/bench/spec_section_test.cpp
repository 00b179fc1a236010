// The spec section's readers: llama-server's answer with and without speculation's counts, and
// r1tune's spec worker's line, each of another shape an error that says so, never a crash.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bench/llama_server.h"
#include "bench/spec_measurement.h"

using namespace r1tune;
using namespace r1tune::bench;

TEST(SpecSection, LlamaServerTimingsWithAndWithoutSpeculation) {
    GenerationTimings t;
    ASSERT_TRUE(parse_generation_timings(
        R"({"content": "48 / 2 = 24", "timings": {"predicted_n": 40, "predicted_ms": 2000.0,
            "draft_n": 30, "draft_n_accepted": 12}})", t));
    EXPECT_EQ(t.content, "48 / 2 = 24");
    EXPECT_EQ(t.predicted_tokens, 40);
    EXPECT_DOUBLE_EQ(t.tokens_per_second(), 20.0);
    EXPECT_EQ(t.drafted, 30);
    EXPECT_EQ(t.drafted_kept, 12);
    // Plain decoding: the server leaves the draft counts out.
    ASSERT_TRUE(parse_generation_timings(R"({"content": "x", "timings": {"predicted_n": 4, "predicted_ms": 100}})", t));
    EXPECT_EQ(t.drafted, 0);
    EXPECT_EQ(t.drafted_kept, 0);
}

TEST(SpecSection, LlamaServerAnswersOfAnotherShapeAreErrors) {
    GenerationTimings t;
    EXPECT_NE(parse_generation_timings("not json", t).message().find("no text or timings"), std::string::npos);
    EXPECT_NE(parse_generation_timings(R"({"timings": {"predicted_n": 4, "predicted_ms": 1}})", t).message().find("no text"),
              std::string::npos);
    EXPECT_NE(parse_generation_timings(R"({"content": "x", "timings": {"predicted_ms": 1}})", t).message().find("predicted_n"),
              std::string::npos);
}

namespace {

std::string worker_line(int questions, int decoded) {
    nlohmann::json prompts = nlohmann::json::array(), texts = nlohmann::json::array();
    for (int i = 0; i < questions; ++i) {
        prompts.push_back({1, 2, 3});
        texts.push_back("answer " + std::to_string(i));
    }
    return nlohmann::json{{"prompts", prompts}, {"texts", texts},  {"decoded", decoded},
                          {"decode_ms", 500.0}, {"proposed", 10}, {"accepted", 4},  {"prompts_only", false}}
        .dump();
}

} // namespace

TEST(SpecSection, TheWorkersLineIsReadBack) {
    const int questions = static_cast<int>(spec_questions().size());
    SpecMeasurement m;
    ASSERT_TRUE(parse_spec_worker_line(worker_line(questions, 100), m));
    EXPECT_EQ(m.prompts.size(), spec_questions().size());
    EXPECT_EQ(m.texts.back(), "answer " + std::to_string(questions - 1));
    EXPECT_DOUBLE_EQ(m.tokens_per_second(), 200.0);
    EXPECT_EQ(m.proposed, 10);
    EXPECT_EQ(m.accepted, 4);
}

TEST(SpecSection, AWorkersLineOfAnotherShapeIsAnError) {
    const int questions = static_cast<int>(spec_questions().size());
    SpecMeasurement m;
    // A prompt short, nothing decoded, an error the worker reported, nothing at all.
    EXPECT_NE(parse_spec_worker_line(worker_line(questions - 1, 100), m).message().find("another shape"), std::string::npos);
    EXPECT_NE(parse_spec_worker_line(worker_line(questions, 0), m).message().find("decoded nothing"), std::string::npos);
    const Status error = parse_spec_worker_line(R"({"error": {"kind": "model", "message": "m.gguf is not a GGUF file"}})", m);
    EXPECT_EQ(error.kind(), ErrorKind::kModel);
    EXPECT_EQ(parse_spec_worker_line("", m).kind(), ErrorKind::kInternal);
}
