#include "serve/request_plan.h"

#include <gtest/gtest.h>

namespace r1tune::serve {
namespace {

RequestPlan planned(const std::string & levers_json, pipeline::SolverOptions server = {}) {
    ChatRequest request;
    EXPECT_TRUE(parse_chat_request(R"({"messages":[{"role":"user","content":"What is 17 times 23?"}],"r1tune":)" +
                                       levers_json + "}",
                                   request));
    RequestPlan out;
    const Status s = plan_request(request, server, prompt::ModelFamily::kChat, 1, out);
    EXPECT_TRUE(s) << s.message();
    return out;
}

TEST(RequestPlan, AnAnswerStreamsAsFinalOnlyWhenNothingCanReplaceIt) {
    EXPECT_TRUE(answer_is_final_as_written(planned(R"({"strategy":"plain","retries":0})")));
    EXPECT_FALSE(answer_is_final_as_written(planned(R"({"strategy":"plain"})"))); // a failed check goes back
    EXPECT_FALSE(answer_is_final_as_written(planned(R"({"strategy":"vote:3","retries":0})")));
    pipeline::SolverOptions restarting;
    restarting.loops = "restart"; // a looping sample starts over and voids what it wrote
    EXPECT_FALSE(answer_is_final_as_written(planned(R"({"strategy":"plain","retries":0})", restarting)));
}

TEST(RequestPlan, TheRequestsLeversLieOverTheServersOptions) {
    pipeline::SolverOptions server;
    server.retries = 2;
    const RequestPlan p = planned(R"({"strategy":"vote:3","retries":1})", server);
    EXPECT_EQ(p.plan.profile.strategy.width, 3);
    EXPECT_EQ(p.solver.options().retries, 1);
    EXPECT_EQ(p.plan.sampler.seed, 1u); // the server's seed when the request names none
}

TEST(RequestPlan, NSamplesAreAVoteWhoseEverySampleRunsToItsEnd) {
    ChatRequest request;
    ASSERT_TRUE(parse_chat_request(R"({"messages":[{"role":"user","content":"What is 17 times 23?"}],"n":4})", request));
    pipeline::SolverOptions server;
    server.retries = 2;
    RequestPlan p;
    ASSERT_TRUE(plan_request(request, server, prompt::ModelFamily::kChat, 1, p));
    EXPECT_EQ(p.plan.profile.strategy.kind, prompt::Strategy::Kind::kVote);
    EXPECT_EQ(p.plan.profile.strategy.width, 4);
    EXPECT_FALSE(p.plan.profile.strategy.adaptive);
    EXPECT_TRUE(p.solver.options().every_sample);
    EXPECT_EQ(p.solver.options().retries, 0);
    for (const char * levers : {R"({"strategy":"beam:2"})", R"({"retries":1})"}) {
        ASSERT_TRUE(parse_chat_request(std::string(R"({"messages":[{"role":"user","content":"q"}],"n":2,"r1tune":)") +
                                           levers + "}",
                                       request));
        const Status s = plan_request(request, server, prompt::ModelFamily::kChat, 1, p);
        EXPECT_EQ(s.kind(), ErrorKind::kInput) << levers;
        EXPECT_NE(s.message().find("\"n\""), std::string::npos) << s.message();
    }
}

TEST(RequestPlan, FilesAreNotTheRequestsToName) {
    for (const char * levers : {R"({"scaffold":"/etc/passwd"})", R"({"profile":"/tmp/table.json"})"}) {
        ChatRequest request;
        ASSERT_TRUE(parse_chat_request(std::string(R"({"messages":[{"role":"user","content":"q"}],"r1tune":)") +
                                           levers + "}",
                                       request));
        RequestPlan out;
        const Status s = plan_request(request, {}, prompt::ModelFamily::kChat, 1, out);
        EXPECT_EQ(s.kind(), ErrorKind::kInput) << levers;
        EXPECT_NE(s.message().find("names one of the server's"), std::string::npos) << s.message();
    }
}

} // namespace
} // namespace r1tune::serve
