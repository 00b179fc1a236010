// A session whose compute threads are pinned to CPUs (ContextOptions::cpus) through a ggml
// thread pool: same tokens as an unpinned one, the threads really placed, bad CPUs refused.
#include <gtest/gtest.h>

#include <sched.h>

#include <algorithm>

#include "cpu/cpu_list.h"
#include "engine/generation.h"
#include "engine/session.h"
#include "tiny_model.h"

using namespace r1tune;
using engine::ContextOptions;
using engine::Session;

namespace {

const char * kPrompt = "<｜begin▁of▁sentence｜><｜User｜>How many legs do 3 rabbits have?<｜Assistant｜><think>\n";

Status create(const std::vector<int> & cpus, int n_threads, std::unique_ptr<Session> & out) {
    ContextOptions options;
    options.n_ctx = 1024;
    options.n_threads = n_threads;
    options.cpus = cpus;
    return Session::create(fixture::tiny_model(), options, out);
}

std::vector<engine::Token> greedy_tokens(Session & session) {
    engine::SamplerSettings greedy;
    greedy.temperature = 0;
    engine::GenerationOptions options;
    options.max_tokens = 16;
    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    const Status s = engine::generate(session, fixture::tokens_of(kPrompt), {greedy}, options, nullptr, results, stats);
    EXPECT_TRUE(s) << s.message();
    return results.empty() ? std::vector<engine::Token>{} : results[0].tokens;
}

// The calling thread's CPUs; ggml runs a pool's first worker on the thread that decodes.
std::vector<int> this_thread_cpus() {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    EXPECT_EQ(sched_getaffinity(0, sizeof(mask), &mask), 0);
    std::vector<int> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &mask)) cpus.push_back(cpu);
    }
    return cpus;
}

// Puts the test thread's CPU mask back for the tests after it (OpenMP's workers stay where ggml
// placed them: nothing in ggml unpins them).
class RestoreAffinity {
public:
    RestoreAffinity() { EXPECT_EQ(sched_getaffinity(0, sizeof(saved_), &saved_), 0); }
    ~RestoreAffinity() { sched_setaffinity(0, sizeof(saved_), &saved_); }

private:
    cpu_set_t saved_;
};

} // namespace

TEST(PinnedSession, OneCpuGivesTheTokensOfAnUnpinnedSession) {
    RestoreAffinity restore;
    std::unique_ptr<Session> pinned;
    ASSERT_TRUE(create({cpu::allowed_cpus().front()}, 0, pinned));
    EXPECT_EQ(pinned->threads(), 1); // the thread count follows the CPU list
    auto unpinned = fixture::tiny_session();
    EXPECT_EQ(greedy_tokens(*pinned), greedy_tokens(*unpinned));
}

TEST(PinnedSession, TwoCpusPlaceTheDecodingThreadOnOneOfThem) {
    const std::vector<int> allowed = cpu::allowed_cpus();
    if (allowed.size() < 2) GTEST_SKIP() << "this process may run on one CPU only";
    const std::vector<int> cpus = {allowed[1], allowed[0]}; // in any order
    RestoreAffinity restore;
    std::unique_ptr<Session> pinned;
    const Status s = create(cpus, 0, pinned);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(pinned->threads(), 2);
    EXPECT_EQ(pinned->cpus(), (std::vector<int>{allowed[0], allowed[1]}));
    auto unpinned = fixture::tiny_session();
    EXPECT_EQ(greedy_tokens(*pinned), greedy_tokens(*unpinned));
    // Without the pool attached the thread would keep the whole mask it started with.
    const std::vector<int> now = this_thread_cpus();
    ASSERT_EQ(now.size(), 1u);
    EXPECT_TRUE(now[0] == allowed[0] || now[0] == allowed[1]) << now[0];
}

TEST(PinnedSession, ACpuThisProcessMayNotUseIsRefused) {
    const std::vector<int> allowed = cpu::allowed_cpus();
    int missing = 0;
    while (std::binary_search(allowed.begin(), allowed.end(), missing)) ++missing;
    if (missing >= 512) GTEST_SKIP() << "every CPU ggml can pin to is allowed here";
    std::unique_ptr<Session> session;
    const Status s = create({missing}, 0, session);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_NE(s.message().find("CPU " + std::to_string(missing) + " is not one this process may run on (" +
                               cpu::format_cpu_list(allowed) + ")"),
              std::string::npos)
        << s.message();
    EXPECT_EQ(session, nullptr);
}

TEST(PinnedSession, ACpuBeyondGgmlsMaskIsRefused) {
    std::unique_ptr<Session> session;
    const Status s = create({600}, 0, session);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_NE(s.message().find("ggml places threads on CPUs 0-511 only"), std::string::npos) << s.message();
}

TEST(PinnedSession, ThreadsAndCpusMustPair) {
    std::unique_ptr<Session> session;
    const Status s = create({cpu::allowed_cpus().front()}, 2, session);
    EXPECT_FALSE(s);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_NE(s.message().find("one CPU per thread"), std::string::npos) << s.message();
    ASSERT_TRUE(create({cpu::allowed_cpus().front()}, 1, session));
    EXPECT_EQ(session->threads(), 1);
}

TEST(PinnedSession, OneThreadIsPinnedAndTheCallerIsFreedAfterwards) {
    const std::vector<int> before = this_thread_cpus();
    {
        std::unique_ptr<Session> pinned;
        ASSERT_TRUE(create({before.back()}, 0, pinned));
        greedy_tokens(*pinned);
        // ggml does not place a single thread: the session does.
        EXPECT_EQ(this_thread_cpus(), std::vector<int>{before.back()});
    }
    EXPECT_EQ(this_thread_cpus(), before);
}

TEST(PinnedSession, ASecondPinnedSessionAfterTheFirstIsAllowed) {
    // eval makes one session per configuration: the first must not leave the thread confined.
    const std::vector<int> allowed = cpu::allowed_cpus();
    if (allowed.size() < 2) GTEST_SKIP() << "this process may run on one CPU only";
    const std::vector<int> both = {allowed[0], allowed[1]};
    for (int round = 0; round < 2; ++round) {
        std::unique_ptr<Session> pinned;
        const Status s = create(both, 0, pinned);
        ASSERT_TRUE(s) << "session " << round << ": " << s.message();
        greedy_tokens(*pinned);
    }
}
