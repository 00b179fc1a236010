// The remote responder against a scripted OpenAI-shaped server (cpp-httplib on a loopback port):
// what it asks for, how it gives way when a server refuses `n` or log-probabilities, and what a
// broken server costs. The scripts answer what real servers answered (llama-server's refusal of
// n past its slots, r1tune serve's of logprobs, a stream cut off).
#include "pipeline/remote_responder.h"

#include <httplib.h>

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "pipeline/answer_checker.h"

namespace r1tune::pipeline {
namespace {

using json = nlohmann::json;

// One streamed chunk per choice, then usage and [DONE].
std::string stream_of(const std::vector<std::string> & answers) {
    std::string body;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        body += "data: " + json({{"choices", {{{"index", i}, {"delta", {{"content", answers[i]}}}, {"finish_reason", "stop"}}}}}).dump() + "\n\n";
    }
    body += "data: " + json({{"choices", json::array()}, {"usage", {{"prompt_tokens", 10}, {"completion_tokens", 5 * answers.size()}}}}).dump() + "\n\n";
    return body + "data: [DONE]\n\n";
}

class ScriptedServer {
public:
    // `answer(request, n)` gives the answers of one request, or sets `status` to refuse it.
    using Script = std::function<std::vector<std::string>(const json & request, int & status)>;

    explicit ScriptedServer(Script script) : script_(std::move(script)) {
        server_.Get("/v1/models", [](const httplib::Request &, httplib::Response & res) {
            res.set_content(R"({"object":"list","data":[{"id":"scripted"}]})", "application/json");
        });
        server_.Post("/v1/chat/completions", [this](const httplib::Request & req, httplib::Response & res) {
            const json request = json::parse(req.body);
            int status = 200;
            std::vector<std::string> answers;
            {
                std::lock_guard lock(mutex_);
                requests_.push_back(request);
                answers = script_(request, status);
            }
            if (status != 200) {
                res.status = status;
                res.set_content(R"({"error":{"message":"refused by script","type":"invalid_request_error"}})", "application/json");
                return;
            }
            res.set_content(stream_of(answers), "text/event-stream");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        server_.wait_until_ready();
    }
    ~ScriptedServer() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<json> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    Script script_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<json> requests_;
};

remote::OpenAiBackend connect(const ScriptedServer & server) {
    remote::OpenAiBackend backend;
    EXPECT_TRUE(remote::OpenAiBackend::connect({server.url(), "", ""}, backend));
    return backend;
}

RemoteResponderOptions vote_options(int width, AnswerChecker * checker) {
    RemoteResponderOptions o;
    o.strategy.kind = prompt::Strategy::Kind::kVote;
    o.strategy.width = width;
    o.sampler.seed = 100;
    o.max_tokens = 64;
    o.checker = checker;
    o.question = "What is 3 + 4?";
    return o;
}

TEST(RemoteResponder, AVoteAsksForItsSamplesAsOneRequestsChoices) {
    ScriptedServer server([](const json & r, int &) {
        std::vector<std::string> answers;
        for (int i = 0; i < r["n"].get<int>(); ++i) answers.push_back(i == 1 ? "The answer is 8." : "The answer is 7.");
        return answers;
    });
    const remote::OpenAiBackend backend = connect(server);
    RemoteResponder responder(backend, vote_options(3, nullptr), {});
    feedback::Response out;
    ASSERT_TRUE(responder.respond({{"user", "What is 3 + 4?"}}, out));
    EXPECT_EQ(out.answer, "The answer is 7.");
    ASSERT_TRUE(out.strategy);
    EXPECT_EQ(out.strategy->sequences, 3);
    EXPECT_EQ(out.strategy->winner_votes, 2);
    EXPECT_EQ(out.generated_tokens, 15); // the server's usage
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0]["n"], 3);
    EXPECT_EQ(requests[0]["seed"], 100);
    EXPECT_TRUE(requests[0]["logprobs"].get<bool>());
    EXPECT_TRUE(requests[0]["stream"].get<bool>());
    EXPECT_EQ(requests[0]["model"], "scripted");
}

TEST(RemoteResponder, AServerThatRefusesLogprobsAndNGetsOneSampleARequestFromThenOn) {
    ScriptedServer server([](const json & r, int & status) {
        if (r.value("logprobs", false) || r["n"].get<int>() > 1) status = 400;
        return std::vector<std::string>{"It is 7."};
    });
    const remote::OpenAiBackend backend = connect(server);
    RemoteResponder responder(backend, vote_options(3, nullptr), {});
    feedback::Response out;
    ASSERT_TRUE(responder.respond({{"user", "What is 3 + 4?"}}, out));
    EXPECT_EQ(out.strategy->sequences, 3);
    EXPECT_EQ(out.strategy->winner_votes, 3);
    auto requests = server.requests();
    // n = 3 with logprobs, without, one with logprobs, then one without: taken. Then the other
    // two samples straight away, on seeds 101 and 102.
    ASSERT_EQ(requests.size(), 6u);
    EXPECT_EQ(requests[1]["n"], 3);
    EXPECT_FALSE(requests[1].contains("logprobs"));
    EXPECT_EQ(requests[2]["n"], 1);
    EXPECT_TRUE(requests[2]["logprobs"].get<bool>());
    for (std::size_t i = 3; i < 6; ++i) {
        EXPECT_EQ(requests[i]["n"], 1);
        EXPECT_FALSE(requests[i].contains("logprobs"));
        EXPECT_EQ(requests[i]["seed"], 100 + static_cast<int>(i) - 3);
    }
    // The next question on the backend asks as the server takes it at once.
    RemoteResponder next(backend, vote_options(2, nullptr), {});
    ASSERT_TRUE(next.respond({{"user", "What is 3 + 4?"}}, out));
    requests = server.requests();
    ASSERT_EQ(requests.size(), 8u);
    EXPECT_EQ(requests[6]["n"], 1);
}

TEST(RemoteResponder, AServerThatCapsNKeepsItsLogprobs) {
    // llama-server refuses n past its slots (here: any n above 1) but gives log-probabilities.
    ScriptedServer server([](const json & r, int & status) {
        if (r["n"].get<int>() > 1) status = 400;
        return std::vector<std::string>{"It is 7."};
    });
    const remote::OpenAiBackend backend = connect(server);
    RemoteResponder responder(backend, vote_options(2, nullptr), {});
    feedback::Response out;
    ASSERT_TRUE(responder.respond({{"user", "What is 3 + 4?"}}, out));
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 4u); // (2, logprobs), (2, none), (1, logprobs): taken; then the second sample
    EXPECT_TRUE(requests[3]["logprobs"].get<bool>());
    EXPECT_EQ(requests[3]["n"], 1);
    EXPECT_TRUE(backend.takes_logprobs());
    EXPECT_FALSE(backend.takes_n());
}

TEST(RemoteResponder, AServerThatGivesFewerChoicesIsAskedForTheRest) {
    ScriptedServer server([](const json &, int &) { return std::vector<std::string>{"7", "7"}; });
    const remote::OpenAiBackend backend = connect(server);
    RemoteResponder responder(backend, vote_options(5, nullptr), {});
    feedback::Response out;
    ASSERT_TRUE(responder.respond({{"user", "What is 3 + 4?"}}, out));
    EXPECT_EQ(out.strategy->sequences, 5);
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(requests[1]["n"], 3);
    EXPECT_EQ(requests[1]["seed"], 102);
    EXPECT_EQ(requests[2]["n"], 1);
    EXPECT_EQ(requests[2]["seed"], 104);
}

TEST(RemoteResponder, AVerifiedSampleWinsOverTheCountAsLocally) {
    // Two samples say 8, one says 7; the reference check pins 7.
    ScriptedServer server([](const json & r, int &) {
        std::vector<std::string> answers{"The answer is 8.", "The answer is 8.", "The answer is 7."};
        answers.resize(static_cast<std::size_t>(r["n"].get<int>()), "The answer is 8.");
        return answers;
    });
    const remote::OpenAiBackend backend = connect(server);
    CheckPlan plan;
    plan.expected = "7";
    plan.question = "What is 3 + 4?";
    AnswerChecker checker(plan);
    RemoteResponder responder(backend, vote_options(3, &checker), {});
    feedback::Response out;
    ASSERT_TRUE(responder.respond({{"user", "What is 3 + 4?"}}, out));
    EXPECT_EQ(out.answer, "The answer is 7.");
    int failed = 0;
    for (const auto & c : out.strategy->candidates) failed += c.verdict == "fail";
    EXPECT_EQ(failed, 2);
}

TEST(RemoteResponder, AutoDrawsMoreOnlyWhenTheFirstTwoDisagree) {
    int calls = 0;
    ScriptedServer agreeing([&](const json & r, int &) {
        ++calls;
        return std::vector<std::string>(static_cast<std::size_t>(r["n"].get<int>()), "7");
    });
    const remote::OpenAiBackend backend = connect(agreeing);
    RemoteResponderOptions o = vote_options(5, nullptr);
    o.strategy.adaptive = true;
    RemoteResponder responder(backend, o, {});
    feedback::Response out;
    ASSERT_TRUE(responder.respond({{"user", "What is 3 + 4?"}}, out));
    EXPECT_EQ(out.strategy->sequences, 2);
    EXPECT_EQ(agreeing.requests().front()["n"], 2);

    ScriptedServer split([](const json & r, int &) {
        std::vector<std::string> answers;
        for (int i = 0; i < r["n"].get<int>(); ++i) answers.push_back(std::to_string(7 + i % 2));
        return answers;
    });
    const remote::OpenAiBackend split_backend = connect(split);
    RemoteResponder split_responder(split_backend, o, {});
    ASSERT_TRUE(split_responder.respond({{"user", "What is 3 + 4?"}}, out));
    EXPECT_EQ(out.strategy->sequences, 5);
    const auto requests = split.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[1]["n"], 3);
    EXPECT_EQ(requests[1]["seed"], 102); // after the first round's two
}

TEST(RemoteResponder, APlainAnswerStreamsAndAServerFailureIsAnIoError) {
    ScriptedServer server([](const json &, int &) { return std::vector<std::string>{"<think>3+4</think>\n\n7"}; });
    const remote::OpenAiBackend backend = connect(server);
    std::string streamed_answer, streamed_thinking;
    RemoteResponderOptions o;
    o.question = "What is 3 + 4?";
    RemoteResponder responder(backend, o, [&](const engine::StreamEvent & e) {
        (e.channel == text::Channel::kAnswer ? streamed_answer : streamed_thinking) += e.text;
    });
    feedback::Response out;
    ASSERT_TRUE(responder.respond({{"user", "What is 3 + 4?"}}, out));
    EXPECT_EQ(out.answer, "7");
    EXPECT_EQ(out.thinking, "3+4");
    EXPECT_TRUE(out.thinking_closed);
    EXPECT_EQ(streamed_answer, "7");
    EXPECT_EQ(streamed_thinking, "3+4");
    EXPECT_FALSE(server.requests().front().contains("logprobs"));

    ScriptedServer broken([](const json &, int & status) {
        status = 503;
        return std::vector<std::string>{};
    });
    const remote::OpenAiBackend broken_backend = connect(broken);
    RemoteResponder failing(broken_backend, vote_options(3, nullptr), {});
    const Status s = failing.respond({{"user", "What is 3 + 4?"}}, out);
    EXPECT_EQ(s.kind(), ErrorKind::kIo);
    EXPECT_NE(s.message().find("answered 503: refused by script"), std::string::npos);
    EXPECT_EQ(broken.requests().size(), 1u); // a broken server is not asked again
}

TEST(RemoteResponder, ConnectingChecksTheServerAndTheModel) {
    ScriptedServer server([](const json &, int &) { return std::vector<std::string>{}; });
    remote::OpenAiBackend backend;
    ASSERT_TRUE(remote::OpenAiBackend::connect({server.url() + "/v1/", "", ""}, backend));
    EXPECT_EQ(backend.url(), server.url());
    EXPECT_EQ(backend.model(), "scripted");
    const Status unknown = remote::OpenAiBackend::connect({server.url(), "other", ""}, backend);
    EXPECT_EQ(unknown.kind(), ErrorKind::kUsage);
    EXPECT_NE(unknown.message().find("it lists scripted"), std::string::npos);
    const Status not_openai = remote::OpenAiBackend::connect({server.url() + "/elsewhere", "", ""}, backend);
    EXPECT_EQ(not_openai.kind(), ErrorKind::kIo);
    EXPECT_NE(not_openai.message().find("answered 404"), std::string::npos);
}

} // namespace
} // namespace r1tune::pipeline
