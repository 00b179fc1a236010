// `r1tune serve` as a client meets it: a real server process on the tiny fixture, spoken to over
// loopback with cpp-httplib's client.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/run_process.h"

namespace {

using nlohmann::json;

// A server started with `args` after `r1tune serve -m FIXTURE --port 0 -t 1`, and the port it
// printed. Stopped (SIGTERM) when it goes out of scope.
class Server {
public:
    explicit Server(std::vector<std::string> args, std::vector<std::string> env = {}) {
        std::vector<std::string> argv = {R1TUNE_BINARY, "serve", "-m", R1TUNE_TINY_FIXTURE, "--port", "0", "-t", "1"};
        argv.insert(argv.end(), args.begin(), args.end());
        int err[2];
        EXPECT_EQ(pipe(err), 0);
        pid_ = fork();
        if (pid_ == 0) {
            dup2(err[1], STDERR_FILENO);
            close(err[0]);
            close(err[1]);
            for (const std::string & e : env) putenv(const_cast<char *>(e.c_str()));
            std::vector<char *> raw;
            for (std::string & a : argv) raw.push_back(a.data());
            raw.push_back(nullptr);
            execv(raw[0], raw.data());
            _exit(127);
        }
        close(err[1]);
        err_fd_ = err[0];
        // The port is on the first line; a server that cannot start says why and exits.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        std::smatch m;
        const std::regex listening("on http://[0-9.]+:([0-9]+)/v1");
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{err_fd_, POLLIN, 0};
            if (poll(&p, 1, 200) <= 0) continue;
            char buffer[4096];
            const ssize_t n = read(err_fd_, buffer, sizeof buffer);
            if (n <= 0) break;
            log_.append(buffer, static_cast<std::size_t>(n));
            if (std::regex_search(log_, m, listening)) {
                port_ = std::stoi(m[1]);
                break;
            }
        }
        EXPECT_GT(port_, 0) << log_;
    }

    ~Server() {
        if (pid_ > 0) stop();
        if (err_fd_ >= 0) close(err_fd_);
    }

    int port() const { return port_; }
    httplib::Client client(int read_timeout_s = 120) const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(read_timeout_s, 0);
        return c;
    }

    void signal(int sig) const { kill(pid_, sig); }

    // SIGTERM, then the exit code (-1 if it did not exit on its own within a minute).
    int stop() {
        kill(pid_, SIGTERM);
        return wait_exit();
    }

    int wait_exit() {
        for (int i = 0; i < 600; ++i) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
        return -1;
    }

private:
    pid_t pid_ = -1;
    int err_fd_ = -1;
    int port_ = -1;
    std::string log_;
};

std::string question_body(const std::string & extra = "") {
    return R"({"messages":[{"role":"user","content":"What is 2+3?"}],"max_tokens":16)" + extra + "}";
}

// A question the tiny model keeps answering for a long time (15,000 tokens: on this seed it does not
// end its turn), so that it is still being answered whatever the test does next.
std::string long_body(bool stream) {
    return std::string(R"({"messages":[{"role":"user","content":"Tell a long story."}],"max_tokens":15000,)") +
           R"("seed":2042822024,)" +
           R"("r1tune":{"strategy":"plain","retries":0},"stream":)" + (stream ? "true" : "false") + "}";
}

// The data lines of a server-sent event stream.
std::vector<std::string> data_lines(const std::string & body) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while ((at = body.find("data: ", at)) != std::string::npos) {
        const std::size_t end = body.find("\n\n", at);
        out.push_back(body.substr(at + 6, end - at - 6));
        at = end;
    }
    return out;
}

// Waits until the server is answering a request (at most a minute).
bool answering(const Server & server) {
    for (int i = 0; i < 600; ++i) {
        auto r = server.client().Get("/health");
        if (r && r->status == 200 && json::parse(r->body)["requests"]["answering"] == 1) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

// Asks until the server takes a request again (not 429), at most `tries` times a second apart.
int status_once_free(const Server & server, int tries) {
    int status = 0;
    for (int i = 0; i < tries; ++i) {
        auto r = server.client().Post("/v1/chat/completions", question_body(), "application/json");
        status = r ? r->status : -1;
        if (status != 429) break;
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    return status;
}

TEST(Serve, HealthModelsAndAChatCompletion) {
    Server server({});
    auto c = server.client();
    auto health = c.Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    auto page = c.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
    EXPECT_NE(page->body.find("/app.js"), std::string::npos);
    auto script = c.Get("/app.js");
    ASSERT_TRUE(script);
    EXPECT_NE(script->get_header_value("Content-Type").find("javascript"), std::string::npos);
    EXPECT_NE(script->body.find("/v1/chat/completions"), std::string::npos);
    auto none = c.Get("/missing.js");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 404);
    auto models = c.Get("/v1/models");
    ASSERT_TRUE(models);
    EXPECT_EQ(json::parse(models->body)["data"][0]["id"], "tiny-r1-qwen2");

    auto r = c.Post("/v1/chat/completions", question_body(R"(,"seed":3)"), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const json doc = json::parse(r->body);
    EXPECT_EQ(doc["object"], "chat.completion");
    EXPECT_TRUE(doc["choices"][0]["message"]["content"].is_string());
    EXPECT_EQ(doc["choices"][0]["finish_reason"], "length"); // the tiny model never ends in 16 tokens
    EXPECT_GT(doc["usage"]["completion_tokens"].get<int>(), 0);
    EXPECT_TRUE(doc["r1tune"]["verification"].is_string());
    EXPECT_EQ(doc["r1tune"]["question"], "What is 2+3?");
    EXPECT_EQ(doc["r1tune"]["settings"]["seed"], 3);
}

TEST(Serve, AStreamSendsTheTextThenTheVerdictAndEnds) {
    Server server({});
    auto r = server.client().Post("/v1/chat/completions",
                                  question_body(R"(,"stream":true,"stream_options":{"include_usage":true},)"
                                                R"("r1tune":{"strategy":"plain","retries":0})"),
                                  "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->get_header_value("Content-Type").find("text/event-stream"), std::string::npos);
    const auto lines = data_lines(r->body);
    ASSERT_GE(lines.size(), 4u) << r->body;
    EXPECT_EQ(json::parse(lines.front())["choices"][0]["delta"]["role"], "assistant");
    EXPECT_EQ(lines.back(), "[DONE]");
    std::string streamed;
    bool finished = false, verdict = false, usage = false;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const json chunk = json::parse(lines[i]);
        EXPECT_EQ(chunk["object"], "chat.completion.chunk");
        if (!chunk["choices"].empty()) {
            const json & delta = chunk["choices"][0]["delta"];
            streamed += delta.value("reasoning_content", "") + delta.value("content", "");
            finished = finished || chunk["choices"][0]["finish_reason"] == "length";
        }
        if (chunk.contains("r1tune") && chunk["r1tune"]["event"] == "verdict") {
            verdict = true;
            const json & trace = chunk["r1tune"]["trace"];
            EXPECT_EQ(streamed, trace["thinking"].get<std::string>() + trace["answer"].get<std::string>());
        }
        usage = usage || chunk.contains("usage");
    }
    EXPECT_TRUE(finished);
    EXPECT_TRUE(verdict);
    EXPECT_TRUE(usage);
}

TEST(Serve, BadRequestsGetOpenAiErrorsAndTheServerGoesOn) {
    Server server({"--max-body", "2048", "--sequences", "4"});
    auto c = server.client();
    auto bad_json = c.Post("/v1/chat/completions", "{\"messages\": [", "application/json");
    ASSERT_TRUE(bad_json);
    EXPECT_EQ(bad_json->status, 400);
    EXPECT_NE(json::parse(bad_json->body)["error"]["message"].get<std::string>().find("not valid JSON"), std::string::npos);

    auto lever = c.Post("/v1/chat/completions", question_body(R"(,"r1tune":{"strategy":"vote:9"})"), "application/json");
    ASSERT_TRUE(lever);
    EXPECT_EQ(lever->status, 400);
    EXPECT_NE(lever->body.find("--sequences 9"), std::string::npos) << lever->body;

    auto unknown = c.Post("/v1/chat/completions", question_body(R"(,"r1tune":{"strategy":"vote:3","colour":"red"})"),
                          "application/json");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 400);
    EXPECT_NE(unknown->body.find("r1tune.colour"), std::string::npos);

    // A request names the server's scaffolds and tables, never its files.
    for (const char * lever : {R"("scaffold":"/etc/passwd")", R"("profile":"/proc/self/environ")", R"("scaffold":"../x")"}) {
        auto file = c.Post("/v1/chat/completions", question_body(std::string(R"(,"r1tune":{)") + lever + "}"),
                           "application/json");
        ASSERT_TRUE(file);
        EXPECT_EQ(file->status, 400) << lever;
        EXPECT_NE(file->body.find("names one of the server's"), std::string::npos) << file->body;
    }

    // Another site's page, and a name that a DNS rebinding pointed here, are refused.
    auto foreign = c.Post("/v1/chat/completions", httplib::Headers{{"Origin", "http://evil.example"}}, question_body(),
                          "text/plain");
    ASSERT_TRUE(foreign);
    EXPECT_EQ(foreign->status, 403);
    auto rebound = c.Get("/v1/models", httplib::Headers{{"Host", "attacker.example:8080"}});
    ASSERT_TRUE(rebound);
    EXPECT_EQ(rebound->status, 403);
    auto same_site = c.Get("/v1/models", httplib::Headers{{"Origin", "http://127.0.0.1:" + std::to_string(server.port())}});
    ASSERT_TRUE(same_site);
    EXPECT_EQ(same_site->status, 200);

    auto big = c.Post("/v1/chat/completions", std::string(4096, ' ') + question_body(), "application/json");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->status, 413);
    EXPECT_EQ(json::parse(big->body)["error"]["code"], "body_too_large");

    auto nowhere = c.Get("/v1/nowhere");
    ASSERT_TRUE(nowhere);
    EXPECT_EQ(nowhere->status, 404);
    EXPECT_TRUE(json::parse(nowhere->body)["error"]["message"].is_string());

    auto fine = c.Post("/v1/chat/completions", question_body(), "application/json");
    ASSERT_TRUE(fine);
    EXPECT_EQ(fine->status, 200);
}

TEST(Serve, TheApiKeyGuardsTheApiButNotHealth) {
    Server server({}, {"R1TUNE_API_KEY=k3y-for-test"});
    auto c = server.client();
    auto none = c.Get("/v1/models");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 401);
    auto wrong = c.Get("/v1/models", httplib::Headers{{"Authorization", "Bearer k3y-for-tesT"}});
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    auto right = c.Get("/v1/models", httplib::Headers{{"Authorization", "Bearer k3y-for-test"}});
    ASSERT_TRUE(right);
    EXPECT_EQ(right->status, 200);
    auto completion = c.Post("/v1/chat/completions", question_body(), "application/json");
    ASSERT_TRUE(completion);
    EXPECT_EQ(completion->status, 401);
    auto health = c.Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
}

// With no room to wait, a second request is refused while the first is answered; once the first
// one's client hangs up, the model is free again long before that answer would have ended.
TEST(Serve, AFullQueueRefusesAndAClientThatHangsUpFreesTheModel) {
    Server server({"--queue", "0", "-c", "16384"});
    std::atomic<bool> reading{false};
    std::thread streaming([&] {
        httplib::Request req;
        req.method = "POST";
        req.path = "/v1/chat/completions";
        req.body = long_body(true);
        req.set_header("Content-Type", "application/json");
        int chunks = 0;
        req.content_receiver = [&](const char *, std::size_t, uint64_t, uint64_t) {
            reading = true;
            return ++chunks < 20; // then hang up
        };
        server.client().send(req);
    });
    while (!reading) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    streaming.join(); // hung up
    EXPECT_EQ(status_once_free(server, 10), 200);

    // The same for a client that gave up waiting for a whole answer.
    std::thread waiting([&] { server.client(1).Post("/v1/chat/completions", long_body(false), "application/json"); });
    ASSERT_TRUE(answering(server));
    auto busy = server.client().Post("/v1/chat/completions", question_body(), "application/json");
    ASSERT_TRUE(busy);
    EXPECT_EQ(busy->status, 429);
    EXPECT_EQ(json::parse(busy->body)["error"]["code"], "queue_full");
    waiting.join(); // timed out after a second and closed its connection
    EXPECT_EQ(status_once_free(server, 10), 200);
}

// A client that gives up while its request waits leaves the queue at once: its place is free for
// the next one while the answer in progress goes on.
TEST(Serve, AClientThatLeavesTheQueueFreesItsPlace) {
    Server server({"--queue", "1", "-c", "16384"});
    std::thread running([&] { server.client(10).Post("/v1/chat/completions", long_body(false), "application/json"); });
    ASSERT_TRUE(answering(server));
    std::thread waiting([&] { server.client(1).Post("/v1/chat/completions", question_body(), "application/json"); });
    waiting.join(); // gave up after a second, queued behind the long answer
    int waiting_now = -1;
    for (int i = 0; i < 15 && waiting_now != 0; ++i) { // well before the long answer's client gives up
        auto health = server.client().Get("/health");
        if (health) waiting_now = json::parse(health->body)["requests"]["waiting"].get<int>();
        if (waiting_now != 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(waiting_now, 0);
    running.join(); // the long answer's client gave up too
}

TEST(Serve, ASecondSignalStopsAtOnce) {
    Server server({"--queue", "0", "--grace", "600", "-c", "16384"});
    std::thread asking([&] { server.client(5).Post("/v1/chat/completions", long_body(false), "application/json"); });
    ASSERT_TRUE(answering(server));
    server.signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait_exit(), 128 + SIGTERM);
    asking.join();
}

TEST(Serve, SigtermFinishesTheAnswerInProgressThenExits) {
    Server server({"--queue", "0", "--grace", "120"});
    int status = 0;
    std::thread asking([&] {
        auto r = server.client().Post("/v1/chat/completions",
                                      R"({"messages":[{"role":"user","content":"q"}],"max_tokens":1500})",
                                      "application/json");
        status = r ? r->status : -1;
    });
    ASSERT_TRUE(answering(server));
    server.signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto health = server.client().Get("/health"); // the answer of 1,500 tokens is still being written
    ASSERT_TRUE(health);
    EXPECT_EQ(json::parse(health->body)["status"], "stopping");
    auto refused = server.client().Post("/v1/chat/completions", question_body(), "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 503);
    asking.join();
    EXPECT_EQ(status, 200);
    EXPECT_EQ(server.wait_exit(), 0);
}

TEST(Serve, AServerThatCannotStartSaysWhyAndExits) {
    const auto missing = r1tune::process::run_process({R1TUNE_BINARY, "serve", "-m", "/nonexistent/model.gguf"});
    EXPECT_EQ(missing.exit_code, 3) << missing.err;
    EXPECT_NE(missing.err.find("/nonexistent/model.gguf"), std::string::npos) << missing.err;

    const auto port = r1tune::process::run_process({R1TUNE_BINARY, "serve", "--port", "70000"});
    EXPECT_EQ(port.exit_code, 2) << port.err;

    const auto lever = r1tune::process::run_process(
        {R1TUNE_BINARY, "serve", "-m", R1TUNE_TINY_FIXTURE, "--strategy", "vote:0", "--port", "0"});
    EXPECT_EQ(lever.exit_code, 2) << lever.err;

    Server first({});
    const auto taken = r1tune::process::run_process(
        {R1TUNE_BINARY, "serve", "-m", R1TUNE_TINY_FIXTURE, "-t", "1", "--port", std::to_string(first.port())});
    EXPECT_EQ(taken.exit_code, 5) << taken.err;
    EXPECT_NE(taken.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())), std::string::npos) << taken.err;
}

TEST(Serve, TheNotebooksEntriesGoWithEachQuestionUnlessARequestDeclines) {
    const std::string file = std::string(R1TUNE_TEST_TMP) + "/serve-notebook.sqlite";
    std::filesystem::create_directories(R1TUNE_TEST_TMP);
    std::filesystem::remove(file);
    const auto added = r1tune::process::run_process(
        {R1TUNE_BINARY, "notebook", "add", "--notebook", file, "-q", "笼子里有10个头，28只脚，问鸡兔各几只？",
         "--mistake", "把脚数当成了头数。", "--correction", "设鸡x只兔y只：x+y=10，2x+4y=28，得x=6，y=4。"});
    ASSERT_EQ(added.exit_code, 0) << added.err;

    Server server({"--notebook", file});
    const std::string question = R"({"messages":[{"role":"user","content":"笼子里有35个头，94只脚，问鸡兔各几只？"}],)"
                                 R"("max_tokens":8,"r1tune":{"strategy":"plain","retries":0)";
    auto shown = server.client().Post("/v1/chat/completions", question + "}}", "application/json");
    ASSERT_TRUE(shown);
    ASSERT_EQ(shown->status, 200) << shown->body;
    EXPECT_EQ(json::parse(shown->body)["r1tune"]["notebook"].size(), 1u) << shown->body;

    auto declined = server.client().Post("/v1/chat/completions", question + R"(,"notebook":false}})", "application/json");
    ASSERT_TRUE(declined);
    ASSERT_EQ(declined->status, 200) << declined->body;
    EXPECT_TRUE(json::parse(declined->body)["r1tune"]["notebook"].empty());

    Server without({});
    auto refused = without.client().Post("/v1/chat/completions", question + R"(,"notebook":true}})", "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400);
    EXPECT_NE(refused->body.find("--notebook"), std::string::npos);
}

// Requests answered at once decode together in lanes of one context: short ones are not held
// behind a long one, and each answer is its own request's. (That a lane's tokens see only its
// own cells is the engine's lanes test: text sampled from the random fixture's flat logits can
// differ from a lone run's in the last bits of a float, so it is not compared here.)
TEST(Serve, RequestsAnsweredAtOnceShareTheModelAndGetTheirOwnAnswers) {
    const std::vector<std::string> questions = {"What is 2+3?", "鸡兔同笼，共有头35个，脚94只。", "Name a prime."};
    Server server({"--parallel", "3", "-c", "16384", "--grace", "0"});
    // A long answer holds one lane ...
    std::atomic<bool> long_done{false};
    std::thread long_one([&] {
        server.client().Post("/v1/chat/completions", long_body(false), "application/json");
        long_done = true;
    });
    ASSERT_TRUE(answering(server));
    // ... while the others are answered beside it.
    std::vector<json> answers(questions.size());
    std::vector<std::thread> clients;
    for (std::size_t q = 0; q < questions.size(); ++q) {
        clients.emplace_back([&, q] {
            const json body = {{"messages", {{{"role", "user"}, {"content", questions[q]}}}},
                               {"max_tokens", 40},
                               {"r1tune", {{"strategy", q == 0 ? "vote:2" : "plain"}, {"retries", 0}}}};
            auto r = server.client().Post("/v1/chat/completions", body.dump(), "application/json");
            answers[q] = r && r->status == 200 ? json::parse(r->body) : json{{"status", r ? r->status : -1}};
        });
    }
    for (std::thread & t : clients) t.join();
    EXPECT_FALSE(long_done) << "the short answers waited for the long one";
    for (std::size_t q = 0; q < questions.size(); ++q) {
        ASSERT_TRUE(answers[q].contains("r1tune")) << answers[q].dump();
        EXPECT_EQ(answers[q]["r1tune"]["question"], questions[q]);
        EXPECT_GT(answers[q]["usage"]["completion_tokens"].get<int>(), 0);
    }
    EXPECT_EQ(answers[0]["r1tune"]["attempts"][0]["vote"]["samples"], 2);
    server.stop(); // the long answer is cancelled at once (--grace 0)
    long_one.join();
}

// A bounded load: many clients at once, a fixed number of requests each. Every request is answered
// or refused with 429, never dropped or left hanging, and the server answers afterwards.
TEST(Serve, ManyClientsAtOnceAreEachAnsweredOrRefused) {
    Server server({"--queue", "4", "--parallel", "3"});
    constexpr int kClients = 24, kEach = 3;
    std::atomic<int> answered{0}, refused{0}, other{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            for (int i = 0; i < kEach; ++i) {
                const bool stream = (c + i) % 2 == 0;
                auto r = server.client().Post(
                    "/v1/chat/completions",
                    R"({"messages":[{"role":"user","content":"2+2?"}],"max_tokens":4,"stream":)" +
                        std::string(stream ? "true" : "false") + "}",
                    "application/json");
                if (r && r->status == 200 && (!stream || r->body.find("data: [DONE]") != std::string::npos)) {
                    ++answered;
                } else if (r && r->status == 429) {
                    ++refused;
                } else {
                    ++other;
                }
            }
        });
    }
    for (std::thread & t : clients) t.join();
    EXPECT_EQ(answered + refused, kClients * kEach);
    EXPECT_EQ(other, 0);
    EXPECT_GT(answered, 0);
    auto health = server.client().Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    EXPECT_EQ(json::parse(health->body)["requests"]["waiting"], 0);
    EXPECT_EQ(status_once_free(server, 10), 200);
}

TEST(Serve, TheNotebookCanBeListedSearchedAndAddedTo) {
    const std::string file = std::string(R1TUNE_TEST_TMP) + "/serve-notebook-api.sqlite";
    std::filesystem::create_directories(R1TUNE_TEST_TMP);
    std::filesystem::remove(file);
    const auto made = r1tune::process::run_process(
        {R1TUNE_BINARY, "notebook", "add", "--notebook", file, "-q", "A train goes 60 km/h for 2.5 hours. How far?",
         "--mistake", "Multiplied 60 by 2 and dropped the half hour.", "--correction", "60 × 2.5 = 150 km."});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    Server server({"--notebook", file}, {"R1TUNE_API_KEY=nb-key"});
    auto c = server.client();
    const httplib::Headers key{{"Authorization", "Bearer nb-key"}};
    auto locked = c.Get("/r1tune/notebook");
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 401);

    auto listed = c.Get("/r1tune/notebook", key);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->status, 200) << listed->body;
    EXPECT_EQ(json::parse(listed->body)["entries"].size(), 1u);

    const std::string entry = R"({"question":"笼子里有10个头，28只脚，问鸡兔各几只？","mistake":"把脚数当成了头数。",)"
                              R"("correction":"x+y=10，2x+4y=28，x=6，y=4。"})";
    auto added = c.Post("/r1tune/notebook", key, entry, "application/json");
    ASSERT_TRUE(added);
    EXPECT_EQ(added->status, 201) << added->body;
    auto again = c.Post("/r1tune/notebook", key, entry, "application/json");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 200);
    EXPECT_EQ(json::parse(again->body)["added"], false);

    auto found = c.Get("/r1tune/notebook?q=%E9%B8%A1%E5%85%94", key); // 鸡兔
    ASSERT_TRUE(found);
    ASSERT_EQ(found->status, 200) << found->body;
    const json hits = json::parse(found->body)["entries"];
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0]["family"], "chicken_rabbit"); // the router filled in the scene
    EXPECT_EQ(hits[0]["verified_by"], "by hand");

    auto incomplete = c.Post("/r1tune/notebook", key, R"({"question":"q","mistake":"m"})", "application/json");
    ASSERT_TRUE(incomplete);
    EXPECT_EQ(incomplete->status, 400);
    auto unknown = c.Post("/r1tune/notebook", key, R"({"question":"q","mistake":"m","correction":"c","colour":1})",
                          "application/json");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 400);
    EXPECT_NE(unknown->body.find("colour"), std::string::npos);

    Server without({});
    auto none = without.client().Get("/r1tune/notebook");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 404);
}

} // namespace

