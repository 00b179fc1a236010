#include "serve/chat_request.h"

#include <gtest/gtest.h>

namespace r1tune::serve {
namespace {

ChatRequest parsed(const std::string & body) {
    ChatRequest r;
    const Status s = parse_chat_request(body, r);
    EXPECT_TRUE(s) << s.message();
    return r;
}

std::string refusal(const std::string & body) {
    ChatRequest r;
    const Status s = parse_chat_request(body, r);
    EXPECT_FALSE(s) << body;
    EXPECT_EQ(s.kind(), ErrorKind::kInput);
    return s.message();
}

TEST(ChatRequest, TheLastUserMessageIsTheQuestionAndSystemMessagesLead) {
    const ChatRequest r = parsed(R"({"model":"x","messages":[
        {"role":"system","content":"Be brief."},{"role":"developer","content":"Answer in English."},
        {"role":"user","content":"1+1?"},{"role":"assistant","content":"2"},
        {"role":"user","content":[{"type":"text","text":"笼子里有35个头，"},{"type":"text","text":"94只脚"}]}]})");
    EXPECT_EQ(r.question, "笼子里有35个头，94只脚");
    ASSERT_EQ(r.earlier_turns.size(), 3u);
    EXPECT_EQ(r.earlier_turns[0].role, "system");
    EXPECT_EQ(r.earlier_turns[0].content, "Be brief.\n\nAnswer in English.");
    EXPECT_EQ(r.earlier_turns[1].role, "user");
    EXPECT_EQ(r.earlier_turns[2].content, "2");
    EXPECT_EQ(r.model, "x");
    EXPECT_FALSE(r.stream);
}

TEST(ChatRequest, SamplerValuesStopsAndLeversAreRead) {
    const ChatRequest r = parsed(R"({"messages":[{"role":"user","content":"q"}],"stream":true,
        "stream_options":{"include_usage":true},"temperature":0.3,"top_p":0.9,"top_k":20,"seed":7,
        "max_completion_tokens":300,"stop":["END","###"],"presence_penalty":0.5,"user":"someone",
        "r1tune":{"strategy":"vote:3","check":"x + y == 3","expect":"7","retries":1,"thinking_budget":256}})");
    EXPECT_TRUE(r.stream);
    EXPECT_TRUE(r.stream_usage);
    EXPECT_FLOAT_EQ(*r.sampler.temperature, 0.3f);
    EXPECT_FLOAT_EQ(*r.sampler.top_p, 0.9f);
    EXPECT_EQ(*r.sampler.top_k, 20);
    EXPECT_EQ(*r.seed, 7u);
    EXPECT_EQ(*r.max_tokens, 300);
    EXPECT_EQ(r.stops, (std::vector<std::string>{"END", "###"}));
    EXPECT_FLOAT_EQ(*r.presence_penalty, 0.5f);
    EXPECT_EQ(*r.levers.strategy, "vote:3");
    EXPECT_EQ(*r.levers.check, "x + y == 3");
    EXPECT_EQ(*r.levers.expect, "7");
    EXPECT_EQ(*r.levers.retries, 1);
    EXPECT_EQ(*r.levers.thinking_budget, 256);
    EXPECT_FALSE(r.levers.scaffold);
}

TEST(ChatRequest, OlderClientsMaxTokensAndASingleStopString) {
    const ChatRequest r = parsed(R"({"messages":[{"role":"user","content":"q"}],"max_tokens":12,"stop":"\n\n","n":1})");
    EXPECT_EQ(*r.max_tokens, 12);
    EXPECT_EQ(r.stops, std::vector<std::string>{"\n\n"});
}

TEST(ChatRequest, BrokenBodiesAreRefusedWithTheReason) {
    EXPECT_NE(refusal("{\"messages\": [").find("not valid JSON"), std::string::npos);
    EXPECT_NE(refusal("{\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}").find("UTF-8"), std::string::npos);
    EXPECT_NE(refusal("[1,2]").find("JSON object"), std::string::npos);
    EXPECT_NE(refusal("{}").find("\"messages\" is missing"), std::string::npos);
    EXPECT_NE(refusal(R"({"messages":[]})").find("non-empty array"), std::string::npos);
    EXPECT_NE(refusal(R"({"messages":["hi"]})").find("messages[0]"), std::string::npos);
    EXPECT_NE(refusal(R"({"messages":[{"role":"user"}]})").find("no content"), std::string::npos);
    EXPECT_NE(refusal(R"({"messages":[{"role":"user","content":5}]})").find("messages[0].content"), std::string::npos);
}

TEST(ChatRequest, TheConversationMustEndWithAQuestion) {
    EXPECT_NE(refusal(R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})")
                  .find("last message must be the user's"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"messages":[{"role":"user","content":"  \n"}]})").find("empty"), std::string::npos);
    EXPECT_NE(refusal(R"({"messages":[{"role":"tool","content":"x"},{"role":"user","content":"q"}]})").find("\"tool\""),
              std::string::npos);
    EXPECT_NE(refusal(R"({"messages":[{"role":"user","content":"a"},{"role":"system","content":"b"},{"role":"user","content":"q"}]})")
                  .find("after the conversation began"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]})")
                  .find("not text"),
              std::string::npos);
}

TEST(ChatRequest, WhatCannotBeHonouredIsRefusedNotDropped) {
    const std::string q = R"("messages":[{"role":"user","content":"q"}])";
    EXPECT_NE(refusal("{" + q + R"(,"tools":[{"type":"function","function":{"name":"f"}}]})").find("\"tools\""), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"logprobs":true,"top_logprobs":5})").find("top_logprobs"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"logprobs":"yes"})").find("\"logprobs\" must be"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"response_format":{"type":"json_object"}})").find("response_format"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"r1tune":{"stratgey":"vote:5"}})").find("\"r1tune.stratgey\" is not a lever"),
              std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"r1tune":"vote:5"})").find("\"r1tune\" must be an object"), std::string::npos);
}

TEST(ChatRequest, ValuesOfTheWrongTypeOrRangeNameTheirField) {
    const std::string q = R"("messages":[{"role":"user","content":"q"}])";
    EXPECT_NE(refusal("{" + q + R"(,"temperature":"hot"})").find("\"temperature\" must be a number"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"temperature":9})").find("\"temperature\" is 9, outside"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"temperature":1e999})").find("not valid JSON"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"top_k":2.5})").find("\"top_k\" must be an integer"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"seed":-1})").find("\"seed\""), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"max_tokens":0})").find("\"max_tokens\""), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"n":0})").find("\"n\" is 0, outside 1 to 256"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"n":1000})").find("\"n\""), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"n":"3"})").find("\"n\" must be an integer"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"stream":"yes"})").find("\"stream\""), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"stop":[1]})").find("\"stop\""), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"stop":""})").find("empty string"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"r1tune":{"retries":99}})").find("\"r1tune.retries\" is 99"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"r1tune":{"strategy":5}})").find("\"r1tune.strategy\" must be a string"), std::string::npos);
    EXPECT_NE(refusal("{" + q + R"(,"r1tune":{"notebook":"yes"}})").find("\"r1tune.notebook\" must be true or false"),
              std::string::npos);
}

} // namespace
} // namespace r1tune::serve
