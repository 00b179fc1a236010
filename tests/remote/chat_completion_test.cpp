#include "remote/chat_completion.h"

#include <gtest/gtest.h>

namespace r1tune::remote {
namespace {

TEST(ChatCompletion, TheRequestCarriesTheSamplerAndLeavesOutWhatDoesNothing) {
    CompletionRequest r;
    r.model = "qwen";
    r.messages = {{"system", "Be brief."}, {"user", "1+1?"}};
    r.sampler.temperature = 0.7f;
    r.sampler.top_k = 0;
    r.sampler.repeat_penalty = 1.0f;
    r.sampler.seed = 7;
    r.max_tokens = 128;
    r.n = 3;
    r.logprobs = true;
    const nlohmann::json body = to_json(r);
    EXPECT_EQ(body["model"], "qwen");
    EXPECT_EQ(body["messages"].size(), 2u);
    EXPECT_EQ(body["messages"][1]["content"], "1+1?");
    EXPECT_FLOAT_EQ(body["temperature"].get<float>(), 0.7f);
    EXPECT_EQ(body["seed"], 7);
    EXPECT_EQ(body["n"], 3);
    EXPECT_EQ(body["max_tokens"], 128);
    EXPECT_TRUE(body["logprobs"].get<bool>());
    EXPECT_FALSE(body.contains("top_k"));          // 0 = off
    EXPECT_FALSE(body.contains("repeat_penalty")); // 1 = off
    EXPECT_FALSE(body.contains("stop"));
    EXPECT_FALSE(body.contains("stream_options"));
}

TEST(ChatCompletion, AWholeReplyGivesEachChoiceItsThinkingAnswerAndLogprobs) {
    const std::string body = R"({"choices":[
        {"index":1,"message":{"role":"assistant","content":"<think>3 and 4</think>\n\nThe answer is 7."},"finish_reason":"stop",
         "logprobs":{"content":[{"token":"7","logprob":-0.5},{"token":".","logprob":-0.25}]}},
        {"index":0,"message":{"role":"assistant","reasoning_content":"Add them.","content":"7"},"finish_reason":"length"}],
        "usage":{"prompt_tokens":20,"completion_tokens":31}})";
    Completion c;
    ASSERT_TRUE(parse_completion(body, c));
    ASSERT_EQ(c.choices.size(), 2u);
    EXPECT_EQ(c.choices[0].thinking, "Add them.");
    EXPECT_EQ(c.choices[0].answer, "7");
    EXPECT_TRUE(c.choices[0].thinking_closed); // the answer began after it
    EXPECT_EQ(c.choices[0].finish_reason, "length");
    EXPECT_EQ(c.choices[1].thinking, "3 and 4");
    EXPECT_EQ(c.choices[1].answer, "The answer is 7.");
    EXPECT_TRUE(c.choices[1].thinking_closed);
    EXPECT_EQ(c.choices[1].logprob_count, 2);
    EXPECT_DOUBLE_EQ(c.choices[1].sum_logprob, -0.75);
    EXPECT_EQ(c.prompt_tokens, 20);
    EXPECT_EQ(c.completion_tokens, 31);
}

TEST(ChatCompletion, ThinkingCutOffByTheLimitStaysOpen) {
    Completion c;
    ASSERT_TRUE(parse_completion(R"({"choices":[{"message":{"reasoning_content":"First, 3"},"finish_reason":"length"}]})", c));
    EXPECT_FALSE(c.choices[0].thinking_closed);
    EXPECT_TRUE(c.choices[0].answer.empty());
    EXPECT_EQ(c.completion_tokens, -1); // no usage given
}

TEST(ChatCompletion, WhatIsNotAChatCompletionIsRefusedWithItsStart) {
    Completion c;
    for (const char * body : {"", "not json", "[1,2]", R"({"object":"list"})", R"({"choices":[{"text":"old API"}]})",
                              R"({"choices":[{"index":5,"message":{"content":"x"}}]})"}) {
        const Status s = parse_completion(body, c);
        EXPECT_FALSE(s) << body;
        EXPECT_EQ(s.kind(), ErrorKind::kIo) << body; // the server's fault, not the question's
    }
    EXPECT_NE(parse_completion("<html>502 Bad Gateway</html>", c).message().find("502 Bad Gateway"), std::string::npos);
}

TEST(ChatCompletion, AnErrorReplySaysTheServersOwnMessage) {
    EXPECT_EQ(error_sentence("http://h/v1/chat/completions", 400,
                             R"({"error":{"message":"n must be at most 4","type":"invalid_request_error"}})"),
              "http://h/v1/chat/completions answered 400: n must be at most 4");
    EXPECT_EQ(error_sentence("http://h/x", 502, "Bad Gateway"), "http://h/x answered 502: Bad Gateway");
    EXPECT_EQ(error_sentence("http://h/x", 500, "\xff\xfe"), "http://h/x answered 500: (not text)");
}

// The events of a streamed reply with two choices, interleaved, as llama-server sends them.
const std::string kStream =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Let me\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"<think>hm</thi\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"nk>\\n\\n5\"},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"4\"},\"finish_reason\":\"stop\","
    "\"logprobs\":{\"content\":[{\"token\":\"4\",\"logprob\":-0.1}]}}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12}}\n\n"
    "data: [DONE]\n\n";

TEST(ChatCompletion, AStreamIsReadAsItArrivesInPieces) {
    CompletionStream stream;
    std::vector<CompletionStream::Delta> deltas;
    // Byte by byte: no event may be read before it is whole.
    for (char byte : kStream) {
        for (auto & d : stream.feed(std::string_view(&byte, 1))) deltas.push_back(std::move(d));
        if (deltas.empty()) EXPECT_FALSE(stream.text_seen());
    }
    std::vector<CompletionStream::Delta> last;
    Completion c;
    ASSERT_TRUE(stream.finish(last, c));
    for (auto & d : last) deltas.push_back(std::move(d));
    ASSERT_EQ(c.choices.size(), 2u);
    EXPECT_EQ(c.choices[0].thinking, "Let me");
    EXPECT_EQ(c.choices[0].answer, "4");
    EXPECT_TRUE(c.choices[0].thinking_closed);
    EXPECT_EQ(c.choices[0].logprob_count, 1);
    EXPECT_EQ(c.choices[1].thinking, "hm");
    EXPECT_EQ(c.choices[1].answer, "5");
    EXPECT_TRUE(c.choices[1].thinking_closed);
    EXPECT_EQ(c.completion_tokens, 12);
    // The deltas, joined per choice and channel, are the same text.
    std::string answers, thinking;
    for (const auto & d : deltas) (d.span.channel == text::Channel::kAnswer ? answers : thinking) += d.span.text;
    EXPECT_EQ(thinking, "Let mehm");
    EXPECT_EQ(answers, "54");
}

TEST(ChatCompletion, AStreamThatBreaksOffOrReportsAnErrorFails) {
    {
        CompletionStream stream;
        stream.feed(kStream.substr(0, kStream.find("\"finish_reason\"")));
        std::vector<CompletionStream::Delta> last;
        Completion c;
        const Status s = stream.finish(last, c);
        EXPECT_EQ(s.kind(), ErrorKind::kIo);
        EXPECT_NE(s.message().find("broke off"), std::string::npos);
    }
    {
        CompletionStream stream;
        stream.feed("data: {\"error\":{\"message\":\"the prompt is too long\"}}\n\ndata: [DONE]\n\n");
        EXPECT_EQ(stream.error(), "the prompt is too long");
        std::vector<CompletionStream::Delta> last;
        Completion c;
        const Status s = stream.finish(last, c);
        EXPECT_EQ(s.kind(), ErrorKind::kInput); // this answer's error, told by a server that took it
        EXPECT_NE(s.message().find("the prompt is too long"), std::string::npos);
    }
    {
        // A hostile index is passed over, not obeyed.
        CompletionStream stream;
        stream.feed("data: {\"choices\":[{\"index\":99999999,\"delta\":{\"content\":\"x\"}}]}\n\n");
        std::vector<CompletionStream::Delta> last;
        Completion c;
        EXPECT_FALSE(stream.finish(last, c));
        EXPECT_FALSE(stream.text_seen());
    }
    {
        // A garbled event would cut the answer short unsaid: the stream fails.
        CompletionStream stream;
        stream.feed("data: {nonsense\n\n" + kStream);
        std::vector<CompletionStream::Delta> last;
        Completion c;
        const Status s = stream.finish(last, c);
        EXPECT_EQ(s.kind(), ErrorKind::kIo);
        EXPECT_NE(s.message().find("not a JSON object: {nonsense"), std::string::npos) << s.message();
    }
}

TEST(ChatCompletion, CrlfLinesAndDataSplitOverLinesAreOneEvent) {
    CompletionStream stream;
    // sse-starlette's CRLF, cut between CR and LF, and one event's JSON over two data lines.
    const std::string events =
        "data: {\"choices\":[{\"index\":0,\r\ndata: \"delta\":{\"content\":\"7\"},\"finish_reason\":\"stop\"}]}\r\n\r\n"
        "data: [DONE]\r\n\r\n";
    const std::size_t cut = events.find("\r\n\r\n") + 1;
    stream.feed(events.substr(0, cut));
    stream.feed(events.substr(cut));
    std::vector<CompletionStream::Delta> last;
    Completion c;
    ASSERT_TRUE(stream.finish(last, c));
    ASSERT_EQ(c.choices.size(), 1u);
    EXPECT_EQ(c.choices[0].answer, "7");
}

TEST(ChatCompletion, AnErrorQuotesWholeCharacters) {
    // 100 three-byte characters: the 200-byte cut falls inside the 67th.
    std::string chinese;
    for (int i = 0; i < 100; ++i) chinese += "错";
    const std::string sentence = error_sentence("http://h/x", 400, chinese);
    EXPECT_EQ(sentence, "http://h/x answered 400: " + chinese.substr(0, 66 * 3));
}

TEST(ChatCompletion, AServerThatIgnoresStreamIsReadAsAWholeReply) {
    CompletionStream stream;
    const std::string body = R"(  {"choices":[{"index":0,"message":{"reasoning_content":"2 and 2","content":"4"},"finish_reason":"stop"}]})";
    EXPECT_TRUE(stream.feed(body.substr(0, 30)).empty());
    EXPECT_TRUE(stream.feed(body.substr(30)).empty());
    std::vector<CompletionStream::Delta> last;
    Completion c;
    ASSERT_TRUE(stream.finish(last, c));
    ASSERT_EQ(c.choices.size(), 1u);
    EXPECT_EQ(c.choices[0].answer, "4");
    ASSERT_EQ(last.size(), 2u);
    EXPECT_EQ(last[0].span.channel, text::Channel::kThinking);
    EXPECT_EQ(last[1].span.text, "4");
}

TEST(ChatCompletion, FinishReasonsInR1tunesWords) {
    EXPECT_EQ(finish_reason_of("stop"), engine::FinishReason::kEndOfSequence);
    EXPECT_EQ(finish_reason_of("length"), engine::FinishReason::kMaxTokens);
    EXPECT_EQ(finish_reason_of(""), engine::FinishReason::kEndOfSequence);
}

} // namespace
} // namespace r1tune::remote
