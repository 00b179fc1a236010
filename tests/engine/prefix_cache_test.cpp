// The prefix cache (ContextOptions::reuse_prefix): a prompt that shares its beginning with the
// previous one evaluates only the rest, and continues as a cold session would; the cache
// survives a trip through a file, and a bad file is refused in one sentence.
//
// Warm is not bit-identical to cold: the kept prefix was evaluated in another decode call than
// the rest, in other batch shapes, and the K and V cells are stored as f16, whose rounding step
// is about a thousandth of a value; a cell one step apart moves this model's logits (all below 1)
// by some 6e-4. WarmLogitsMatchColdWithinTolerance bounds that difference (3e-3) and shows that
// a wrong history is an order of magnitude beyond it. The runs of 16 tokens below are compared
// token for token: on this build no difference that small changes one of their tokens, and a
// wrong prefix would change the first. Runs that fill a context are compared by length only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/generation.h"
#include "engine/prefix_file.h"
#include "engine/session.h"
#include "tiny_model.h"

using namespace r1tune;
using engine::FinishReason;
using engine::GenerationOptions;
using engine::GenerationStats;
using engine::KvCacheType;
using engine::SamplerSettings;
using engine::SequenceResult;
using engine::Session;
using engine::Token;

namespace {

// A scaffold of some 150 tokens in front of every question, as r1tune's profiles put one.
std::string scaffold() {
    std::string text = "<｜begin▁of▁sentence｜>";
    for (int i = 0; i < 4; ++i) {
        text += "Solve the problem step by step. Check every number you write against the question before you "
                "answer, and give the final answer on its own line. ";
    }
    return text;
}

std::vector<Token> question(const std::string & text) {
    return fixture::tokens_of(scaffold() + "<｜User｜>" + text + "<｜Assistant｜><think>\n");
}

// Functions, not globals: the model must not load before main().
const std::vector<Token> & rabbits() {
    static const std::vector<Token> tokens = question("How many legs do 3 rabbits have?");
    return tokens;
}
const std::vector<Token> & cage() {
    static const std::vector<Token> tokens = question("A cage holds 35 heads and 94 feet. How many chickens are there?");
    return tokens;
}

std::unique_ptr<Session> session(bool reuse, int n_sequences = 1, int n_ctx = 1024) {
    engine::ContextOptions options;
    options.n_ctx = n_ctx;
    options.n_sequences = n_sequences;
    options.n_threads = 2;
    options.reuse_prefix = reuse;
    std::unique_ptr<Session> out;
    const Status s = Session::create(fixture::tiny_model(), options, out);
    EXPECT_TRUE(s) << s.message();
    return out;
}

SamplerSettings greedy() {
    SamplerSettings s;
    s.temperature = 0.0f;
    return s;
}

std::vector<SamplerSettings> seeded(int n) {
    std::vector<SamplerSettings> samplers;
    for (int i = 0; i < n; ++i) {
        SamplerSettings s;
        s.temperature = 0.9f;
        s.top_k = 0;
        s.top_p = 1.0f;
        s.seed = 40 + static_cast<std::uint32_t>(i);
        samplers.push_back(s);
    }
    return samplers;
}

struct Outcome {
    std::vector<std::vector<Token>> tokens; // per sequence
    std::vector<FinishReason> finishes;
    GenerationStats stats;
};

Outcome generate(Session & session, const std::vector<Token> & prompt, const std::vector<SamplerSettings> & samplers,
                 int max_tokens = 16, const GenerationOptions & base = {}) {
    GenerationOptions options = base;
    options.max_tokens = max_tokens;
    options.starts_in_thinking = true;
    std::vector<SequenceResult> results;
    Outcome run;
    const Status s = engine::generate(session, prompt, samplers, options, nullptr, results, run.stats);
    EXPECT_TRUE(s) << s.message();
    for (const auto & r : results) {
        run.tokens.push_back(r.tokens);
        run.finishes.push_back(r.finish);
    }
    return run;
}

// What a session that never saw another prompt gives.
Outcome cold(const std::vector<Token> & prompt, const std::vector<SamplerSettings> & samplers, int max_tokens = 16,
             int n_ctx = 1024, const GenerationOptions & options = {}) {
    auto fresh = session(false, static_cast<int>(samplers.size()), n_ctx);
    return generate(*fresh, prompt, samplers, max_tokens, options);
}

int common_prefix(const std::vector<Token> & a, const std::vector<Token> & b) {
    return static_cast<int>(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
}

std::filesystem::path temp_path(const std::string & name) {
    std::filesystem::create_directories(R1TUNE_TEST_TMP);
    const auto path = std::filesystem::path(R1TUNE_TEST_TMP) / name;
    std::filesystem::remove(path);
    return path;
}

bool mentions(const Status & s, const std::string & text) { return s.message().find(text) != std::string::npos; }

// A session that refused a file must hold nothing and still answer like a cold one.
void expect_empty_and_usable(Session & session) {
    EXPECT_TRUE(session.cached_prompt().empty());
    const Outcome run = generate(session, cage(), {greedy()});
    EXPECT_EQ(run.stats.reused_prompt_tokens, 0);
    EXPECT_EQ(run.tokens, cold(cage(), {greedy()}).tokens);
}

// Saves the cache of a session that answered `prompt` to `path`.
void save_after(const std::vector<Token> & prompt, const std::filesystem::path & path) {
    auto warm = session(true);
    generate(*warm, prompt, {greedy()});
    const Status s = warm->save_prefix(path);
    ASSERT_TRUE(s) << s.message();
}

} // namespace

TEST(PrefixCache, TheQuestionsShareALongPrefixButNotTheirEnds) {
    // The premise of the tests below.
    const int common = common_prefix(rabbits(), cage());
    EXPECT_GT(common, 100);
    EXPECT_LT(common, static_cast<int>(rabbits().size()) - 5);
    EXPECT_LT(common, static_cast<int>(cage().size()) - 5);
}

TEST(PrefixCache, WarmLogitsMatchColdWithinTolerance) {
    const int n_vocab = fixture::tiny_model().vocab_size();
    const std::vector<Token> chain = {9707, 11, 1246, 525, 498, 30};
    // The largest difference between the logits of `a` and `b` over the prompt's last token and
    // the chain fed after it.
    auto worst_gap = [&](Session & a, Session & b, int n_prompt) {
        float worst = 0;
        for (std::size_t step = 0; step <= chain.size(); ++step) {
            for (int v = 0; v < n_vocab; ++v) worst = std::max(worst, std::fabs(a.logits(-1)[v] - b.logits(-1)[v]));
            if (step == chain.size()) break;
            const engine::BatchToken next{chain[step], 0, n_prompt + static_cast<int>(step)};
            EXPECT_TRUE(a.decode_step({&next, 1}));
            EXPECT_TRUE(b.decode_step({&next, 1}));
        }
        return worst;
    };
    int reused = 0;
    auto warm = session(true);
    ASSERT_TRUE(warm->load_prompt(rabbits(), 1, reused));
    ASSERT_TRUE(warm->load_prompt(cage(), 1, reused));
    ASSERT_EQ(reused, common_prefix(rabbits(), cage()));
    auto fresh = session(false);
    ASSERT_TRUE(fresh->load_prompt(cage(), 1, reused));
    const float gap = worst_gap(*warm, *fresh, static_cast<int>(cage().size()));
    EXPECT_LT(gap, 3e-3f);

    // The same measure between histories that differ in one early token is far larger.
    std::vector<Token> changed = cage();
    changed[10] = changed[10] == 11 ? 12 : 11;
    auto other = session(false);
    ASSERT_TRUE(other->load_prompt(changed, 1, reused));
    auto reference = session(false);
    ASSERT_TRUE(reference->load_prompt(cage(), 1, reused));
    const float history_gap = worst_gap(*other, *reference, static_cast<int>(cage().size()));
    EXPECT_GT(history_gap, 3e-2f);
}

TEST(PrefixCache, ASecondPromptEvaluatesOnlyWhatFollowsTheCommonPrefix) {
    auto warm = session(true);
    const Outcome first = generate(*warm, rabbits(), {greedy()});
    EXPECT_EQ(first.stats.reused_prompt_tokens, 0);
    EXPECT_EQ(warm->cached_prompt(), rabbits());

    const Outcome second = generate(*warm, cage(), {greedy()});
    EXPECT_EQ(second.stats.reused_prompt_tokens, common_prefix(rabbits(), cage()));
    EXPECT_EQ(second.stats.prompt_tokens, static_cast<int>(cage().size()));
    EXPECT_EQ(second.tokens, cold(cage(), {greedy()}).tokens);
    EXPECT_EQ(warm->cached_prompt(), cage());
}

TEST(PrefixCache, SeededSequencesOfAVoteMatchACold) {
    auto warm = session(true, 3);
    generate(*warm, rabbits(), seeded(3));
    const Outcome second = generate(*warm, cage(), seeded(3));
    EXPECT_EQ(second.stats.reused_prompt_tokens, common_prefix(rabbits(), cage()));
    const Outcome reference = cold(cage(), seeded(3));
    EXPECT_EQ(second.tokens, reference.tokens);
    EXPECT_NE(second.tokens[0], second.tokens[1]); // the seeds really differ
    // Only the prompt holder keeps cells after the vote.
    for (int s = 0; s < 3; ++s) EXPECT_EQ(warm->cached_length(s), 0) << "sequence " << s;
}

TEST(PrefixCache, TheSamePromptAgainReusesAllButItsLastToken) {
    auto warm = session(true);
    const Outcome first = generate(*warm, rabbits(), {greedy()});
    const Outcome again = generate(*warm, rabbits(), {greedy()});
    EXPECT_EQ(again.stats.reused_prompt_tokens, static_cast<int>(rabbits().size()) - 1);
    EXPECT_EQ(again.tokens, first.tokens);
}

TEST(PrefixCache, APromptThatIsAPrefixOfTheCachedOneReusesAllButItsLastToken) {
    const std::vector<Token> shorter(rabbits().begin(), rabbits().begin() + 120);
    auto warm = session(true);
    generate(*warm, rabbits(), {greedy()});
    const Outcome run = generate(*warm, shorter, {greedy()});
    EXPECT_EQ(run.stats.reused_prompt_tokens, 119);
    EXPECT_EQ(run.tokens, cold(shorter, {greedy()}).tokens);
    EXPECT_EQ(warm->cached_prompt(), shorter);
}

TEST(PrefixCache, APromptWithNothingInCommonReusesNothing) {
    const std::vector<Token> other = fixture::tokens_of("<｜User｜>What is 7 times 8?<｜Assistant｜><think>\n");
    ASSERT_EQ(common_prefix(other, rabbits()), 0);
    auto warm = session(true);
    generate(*warm, rabbits(), {greedy()});
    const Outcome run = generate(*warm, other, {greedy()});
    EXPECT_EQ(run.stats.reused_prompt_tokens, 0);
    EXPECT_EQ(run.tokens, cold(other, {greedy()}).tokens);
    EXPECT_EQ(warm->cached_prompt(), other);
}

TEST(PrefixCache, WithoutReuseNothingIsKept) {
    auto plain = session(false);
    generate(*plain, rabbits(), {greedy()});
    const Outcome run = generate(*plain, cage(), {greedy()});
    EXPECT_EQ(run.stats.reused_prompt_tokens, 0);
    EXPECT_TRUE(plain->cached_prompt().empty());
    EXPECT_EQ(plain->cached_length(0), 0);
}

TEST(PrefixCache, AGenerationThatFilledTheContextLeavesTheCacheUsable) {
    // Two sequences run a 256-token context full. The holder shares the prompt's cells with
    // them, so they get exactly as far as they do without it; and the next prompt still reuses.
    constexpr int kCtx = 256;
    auto lengths = [](const Outcome & run) {
        std::vector<std::size_t> out;
        for (const auto & tokens : run.tokens) out.push_back(tokens.size());
        return out;
    };
    const std::vector<FinishReason> full(2, FinishReason::kContextFull);
    auto warm = session(true, 2, kCtx);
    const Outcome first = generate(*warm, rabbits(), seeded(2), 1000);
    const Outcome first_cold = cold(rabbits(), seeded(2), 1000, kCtx);
    EXPECT_EQ(first.finishes, full);
    EXPECT_EQ(lengths(first), lengths(first_cold));

    const Outcome next = generate(*warm, cage(), seeded(2), 1000);
    const Outcome next_cold = cold(cage(), seeded(2), 1000, kCtx);
    EXPECT_EQ(next.stats.reused_prompt_tokens, common_prefix(rabbits(), cage()));
    EXPECT_EQ(next.finishes, full);
    EXPECT_EQ(lengths(next), lengths(next_cold));
}

TEST(PrefixCache, ARestartedSequenceStartsFromTheReusedPrompt) {
    // A restart throws a sequence's tokens away but the prompt's last position, which the
    // holder shares: the run must still match a cold one.
    GenerationOptions options;
    options.on_token = [](int, const engine::TokenEvent & e) {
        return e.result.restarts == 0 && e.result.tokens.size() == 5 ? engine::SequenceAction::kRestart
                                                                      : engine::SequenceAction::kContinue;
    };
    auto warm = session(true, 2);
    generate(*warm, rabbits(), seeded(2), 12, options);
    const Outcome run = generate(*warm, cage(), seeded(2), 12, options);
    EXPECT_EQ(run.stats.reused_prompt_tokens, common_prefix(rabbits(), cage()));
    EXPECT_EQ(run.tokens, cold(cage(), seeded(2), 12, 1024, options).tokens);
}

TEST(PrefixCache, ASavedPrefixStartsAnotherSessionWarm) {
    const auto path = temp_path("warm.prefix");
    save_after(rabbits(), path);

    auto restored = session(true);
    const Status s = restored->load_prefix(path);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(restored->cached_prompt(), rabbits());
    const Outcome run = generate(*restored, cage(), {greedy()});
    EXPECT_EQ(run.stats.reused_prompt_tokens, common_prefix(rabbits(), cage()));
    EXPECT_EQ(run.tokens, cold(cage(), {greedy()}).tokens);
}

TEST(PrefixCache, SavingReplacesTheFileAndLeavesNoTemporaryBehind) {
    const auto path = temp_path("replaced.prefix");
    save_after(rabbits(), path);
    save_after(cage(), path);
    for (const auto & entry : std::filesystem::directory_iterator(path.parent_path())) {
        EXPECT_EQ(entry.path().filename().string().find("replaced.prefix.tmp"), std::string::npos) << entry.path();
    }
    auto restored = session(true);
    ASSERT_TRUE(restored->load_prefix(path));
    EXPECT_EQ(restored->cached_prompt(), cage());
}

TEST(PrefixCache, NothingToSaveIsAnError) {
    const auto path = temp_path("nothing.prefix");
    auto plain = session(false);
    generate(*plain, rabbits(), {greedy()});
    Status s = plain->save_prefix(path);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_TRUE(mentions(s, "prefix reuse is off")) << s.message();

    auto empty = session(true);
    s = empty->save_prefix(path);
    EXPECT_EQ(s.kind(), ErrorKind::kInput);
    EXPECT_TRUE(mentions(s, "no evaluated prompt")) << s.message();
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(PrefixCache, SavingIntoAMissingFolderIsAnIoErrorNamingIt) {
    const auto path = temp_path("no-such-folder") / "cache.prefix";
    auto warm = session(true);
    generate(*warm, rabbits(), {greedy()});
    const Status s = warm->save_prefix(path);
    EXPECT_EQ(s.kind(), ErrorKind::kIo);
    EXPECT_TRUE(mentions(s, "no-such-folder")) << s.message();
    EXPECT_EQ(warm->cached_prompt(), rabbits()); // the cache itself is untouched
}

TEST(PrefixCache, AMissingFileIsAnIoErrorNamingIt) {
    const auto path = temp_path("missing.prefix");
    auto s = session(true);
    const Status st = s->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kIo);
    EXPECT_TRUE(mentions(st, path.string())) << st.message();
    expect_empty_and_usable(*s);
}

TEST(PrefixCache, AFileThatIsNoPromptCacheIsRefused) {
    const auto path = temp_path("notes.prefix");
    std::ofstream(path) << "these are my notes, not a prompt cache\n";
    auto s = session(true);
    const Status st = s->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kInput);
    EXPECT_TRUE(mentions(st, "is not an r1tune prompt cache")) << st.message();
    expect_empty_and_usable(*s);
}

TEST(PrefixCache, ADamagedOrTruncatedFileIsRefused) {
    const auto path = temp_path("damaged.prefix");
    save_after(rabbits(), path);
    const auto size = std::filesystem::file_size(path);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(size / 2));
        const char byte = static_cast<char>(f.get());
        f.seekp(static_cast<std::streamoff>(size / 2));
        f.put(static_cast<char>(~byte)); // one byte in the KV cells, every bit flipped
    }
    // A warm session that refuses the file must drop what it held, not keep a half-state.
    auto s = session(true);
    generate(*s, rabbits(), {greedy()});
    Status st = s->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kInput);
    EXPECT_TRUE(mentions(st, "is damaged")) << st.message();
    expect_empty_and_usable(*s);

    save_after(rabbits(), path);
    std::filesystem::resize_file(path, size - 1000);
    st = s->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kInput);
    EXPECT_TRUE(mentions(st, "is damaged")) << st.message();
    expect_empty_and_usable(*s);
}

TEST(PrefixCache, AFileFromAnotherModelIsRefused) {
    // The base-model fixture has the tiny model's shape (llama.cpp's own sequence file would load
    // into it without a word), but it is another file.
    const auto path = temp_path("other-model.prefix");
    save_after(rabbits(), path);
    std::unique_ptr<engine::Model> other;
    ASSERT_TRUE(engine::Model::load({R1TUNE_BASE_MODEL_FIXTURE}, other));
    engine::ContextOptions options;
    options.n_ctx = 1024;
    options.n_threads = 2;
    options.reuse_prefix = true;
    std::unique_ptr<Session> s;
    ASSERT_TRUE(Session::create(*other, options, s));
    const Status st = s->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kInput);
    EXPECT_TRUE(mentions(st, "was saved with another model")) << st.message();
    EXPECT_TRUE(mentions(st, std::filesystem::path(R1TUNE_TINY_FIXTURE).filename().string())) << st.message();
    EXPECT_TRUE(s->cached_prompt().empty());
    std::vector<SequenceResult> results;
    GenerationStats stats;
    EXPECT_TRUE(engine::generate(*s, cage(), {greedy()}, {}, nullptr, results, stats));
}

TEST(PrefixCache, AFileWithAnotherKvTypeIsRefused) {
    // The tiny model's heads are too small for a q8_0 cache, so the file is rewritten as one
    // that claims to hold q8_0 cells.
    const auto saved = temp_path("f16.prefix");
    save_after(rabbits(), saved);
    engine::PrefixFile file;
    ASSERT_TRUE(engine::read_prefix_file(saved, file));
    file.kv_type = KvCacheType::kQ8_0;
    const auto path = temp_path("q8.prefix");
    ASSERT_TRUE(engine::write_prefix_file(path, file));

    auto s = session(true);
    const Status st = s->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kInput);
    EXPECT_TRUE(mentions(st, "holds a KV cache of type q8_0, this session's is f16")) << st.message();
    expect_empty_and_usable(*s);
}

TEST(PrefixCache, CellsLlamaCppCannotRestoreAreRefused) {
    // A well-formed file whose KV cells are cut short: the checksum is right, llama.cpp is not.
    const auto saved = temp_path("whole.prefix");
    save_after(rabbits(), saved);
    engine::PrefixFile file;
    ASSERT_TRUE(engine::read_prefix_file(saved, file));
    file.state.resize(file.state.size() / 2);
    const auto path = temp_path("cut.prefix");
    ASSERT_TRUE(engine::write_prefix_file(path, file));

    auto s = session(true);
    const Status st = s->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kInput);
    EXPECT_TRUE(mentions(st, "could not be restored into this context")) << st.message();
    expect_empty_and_usable(*s);
}

TEST(PrefixCache, APrefixLongerThanTheContextIsRefused) {
    std::vector<Token> long_prompt = rabbits();
    const std::vector<Token> more = fixture::tokens_of(" and then some more rabbits");
    while (long_prompt.size() < 300) long_prompt.insert(long_prompt.end(), more.begin(), more.end());
    const auto path = temp_path("long.prefix");
    save_after(long_prompt, path);
    auto small = session(true, 1, 256);
    const Status st = small->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kInput);
    EXPECT_TRUE(mentions(st, "more than this context of 256")) << st.message();
    EXPECT_TRUE(small->cached_prompt().empty());
    const Outcome run = generate(*small, cage(), {greedy()});
    EXPECT_EQ(run.tokens, cold(cage(), {greedy()}, 16, 256).tokens);
}

TEST(PrefixCache, LoadingWithoutReuseIsAUsageError) {
    const auto path = temp_path("unused.prefix");
    save_after(rabbits(), path);
    auto plain = session(false);
    const Status st = plain->load_prefix(path);
    EXPECT_EQ(st.kind(), ErrorKind::kUsage);
    EXPECT_TRUE(mentions(st, "prefix reuse is off")) << st.message();
}
