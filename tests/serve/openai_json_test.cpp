#include "serve/openai_json.h"

#include <gtest/gtest.h>

namespace r1tune::serve {
namespace {

pipeline::SolveTrace two_attempts() {
    pipeline::SolveTrace trace;
    trace.question = "What is 6 times 7?";
    feedback::Attempt first;
    first.response.answer = "41";
    first.response.thinking = "6*7=41";
    first.response.prompt_tokens = 30;
    first.response.generated_tokens = 12;
    first.response.finish_reason = "end_of_sequence";
    feedback::Attempt second;
    second.response.answer = "42";
    second.response.thinking = "6*7=42";
    second.response.prompt_tokens = 60;
    second.response.generated_tokens = 10;
    second.response.finish_reason = "max_tokens";
    trace.loop.attempts = {first, second};
    return trace;
}

TEST(OpenAiJson, TheCompletionCarriesTheLastAttemptAndEveryAttemptsTokens) {
    const CompletionHeader header{"chatcmpl-1", 1700000000, "qwen"};
    const nlohmann::json doc = completion(header, two_attempts());
    EXPECT_EQ(doc["object"], "chat.completion");
    EXPECT_EQ(doc["model"], "qwen");
    const auto & choice = doc["choices"][0];
    EXPECT_EQ(choice["message"]["role"], "assistant");
    EXPECT_EQ(choice["message"]["content"], "42");
    EXPECT_EQ(choice["message"]["reasoning_content"], "6*7=42");
    EXPECT_EQ(choice["finish_reason"], "length");
    EXPECT_EQ(doc["usage"]["prompt_tokens"], 90);
    EXPECT_EQ(doc["usage"]["completion_tokens"], 22);
    EXPECT_EQ(doc["usage"]["total_tokens"], 112);
    EXPECT_EQ(doc["r1tune"]["attempts"].size(), 2u);
    EXPECT_EQ(doc["r1tune"]["question"], "What is 6 times 7?");
}

TEST(OpenAiJson, WithNEverySampleOfTheVoteIsAChoice) {
    pipeline::SolveTrace trace = two_attempts();
    feedback::StrategySummary vote;
    for (const char * answer : {"42", "41", "42"}) {
        feedback::Candidate c;
        c.answer = answer;
        c.thinking = std::string("6*7=") + answer;
        c.finish_reason = answer == std::string("41") ? "max_tokens" : "end_of_sequence";
        vote.candidates.push_back(c);
    }
    trace.loop.attempts.back().response.strategy = vote;
    const CompletionHeader header{"chatcmpl-1", 1700000000, "qwen"};
    const nlohmann::json many = completion(header, trace, {3, false});
    ASSERT_EQ(many["choices"].size(), 3u);
    EXPECT_EQ(many["choices"][1]["index"], 1);
    EXPECT_EQ(many["choices"][1]["message"]["content"], "41");
    EXPECT_EQ(many["choices"][1]["message"]["reasoning_content"], "6*7=41");
    EXPECT_EQ(many["choices"][1]["finish_reason"], "length");
    EXPECT_EQ(many["choices"][2]["finish_reason"], "stop");
    EXPECT_TRUE(many["choices"][0]["logprobs"].is_null());
    // Without n, a vote is one answer: the one it chose.
    EXPECT_EQ(completion(header, trace)["choices"].size(), 1u);
}

TEST(OpenAiJson, LogprobsGiveEachTokenItsBytes) {
    pipeline::SolveTrace trace = two_attempts();
    // "4" and the first two bytes of "二" (e4 ba 8c): a token may end mid-character.
    trace.loop.attempts.back().response.logprobs = {{"4", -0.25f}, {"\xe4\xba", -1.5f}};
    const nlohmann::json doc = completion({"chatcmpl-1", 1700000000, "qwen"}, trace, {1, true});
    const auto & content = doc["choices"][0]["logprobs"]["content"];
    ASSERT_EQ(content.size(), 2u);
    EXPECT_EQ(content[0]["token"], "4");
    EXPECT_FLOAT_EQ(content[0]["logprob"].get<float>(), -0.25f);
    EXPECT_EQ(content[1]["bytes"], nlohmann::json::array({0xe4, 0xba}));
    EXPECT_TRUE(content[1]["top_logprobs"].empty());
    // The half character does not break the reply's text.
    EXPECT_NO_THROW(sse_event(doc));
}

TEST(OpenAiJson, FinishReasonsInOpenAisWords) {
    EXPECT_EQ(finish_reason("end_of_sequence"), "stop");
    EXPECT_EQ(finish_reason("stop_string"), "stop");
    EXPECT_EQ(finish_reason("max_tokens"), "length");
    EXPECT_EQ(finish_reason("context_full"), "length");
}

TEST(OpenAiJson, ChunksAndSideChunks) {
    const CompletionHeader header{"chatcmpl-2", 1, "m"};
    const nlohmann::json c = chunk(header, {{"content", "4"}});
    EXPECT_EQ(c["object"], "chat.completion.chunk");
    EXPECT_EQ(c["choices"][0]["delta"]["content"], "4");
    EXPECT_TRUE(c["choices"][0]["finish_reason"].is_null());
    EXPECT_EQ(chunk(header, nlohmann::json::object(), "stop")["choices"][0]["finish_reason"], "stop");
    const nlohmann::json side = side_chunk(header, "usage", {{"total_tokens", 3}});
    EXPECT_TRUE(side["choices"].empty());
    EXPECT_EQ(side["usage"]["total_tokens"], 3);
}

TEST(OpenAiJson, ErrorsHaveOpenAisShapeAndStatus) {
    const nlohmann::json e = error_body(Status::input("\"messages\" is missing"));
    EXPECT_EQ(e["error"]["message"], "\"messages\" is missing");
    EXPECT_EQ(e["error"]["type"], "invalid_request_error");
    EXPECT_EQ(http_status(Status::input("x")), 400);
    EXPECT_EQ(http_status(Status::usage("x")), 400);
    EXPECT_EQ(http_status(Status::model("x")), 500);
    EXPECT_EQ(http_status(Status::cancelled("x")), 503);
    EXPECT_EQ(error_body(Status::internal("x"))["error"]["type"], "server_error");
}

TEST(OpenAiJson, AnEventWithTextCutMidCharacterStillGoesOut) {
    const std::string event = sse_event({{"text", std::string("ab\xe4\xb8")}});
    EXPECT_EQ(event.rfind("data: ", 0), 0u);
    EXPECT_EQ(event.substr(event.size() - 2), "\n\n");
    EXPECT_NE(event.find("ab"), std::string::npos);
    EXPECT_EQ(event.find('\xe4'), std::string::npos);
}

} // namespace
} // namespace r1tune::serve
