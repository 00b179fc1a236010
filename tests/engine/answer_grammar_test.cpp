// The answer grammar (data/grammars/boxed_answer.gbnf, built in through prompt::embedded_files)
// applied by engine::Sampler on the tiny random model. Left alone the model writes gibberish
// that breaks the grammar; with the grammar switched on, the answer must stay a prefix of "free
// lines, then exactly one \boxed{…} line", checked against a hand-written judge of that language.
//
// llama.cpp's grammar costs some 35 to 55 ms per token over the 151,936-token vocabulary, so
// these tests sample a few hundred tokens in all, not thousands.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "engine/generation.h"
#include "engine/sampler.h"
#include "engine/session.h"
#include "prompt/embedded_data.h"
#include "text/utf8.h"
#include "tiny_model.h"

using namespace r1tune;
using engine::BatchToken;
using engine::Sampler;
using engine::SamplerSettings;
using engine::Session;
using engine::Token;

namespace {

// The thinking is over: what is sampled from here on is the answer.
const char * kPrompt = "<｜begin▁of▁sentence｜><｜User｜>How many legs do 3 rabbits have?<｜Assistant｜><think>\n"
                       "Three rabbits, four legs each.\n</think>\n\n";
constexpr int kMaxTokens = 64;

std::string boxed_answer_grammar() {
    for (const auto & file : prompt::embedded_files()) {
        if (file.path == "grammars/boxed_answer.gbnf") return std::string(file.text);
    }
    ADD_FAILURE() << "grammars/boxed_answer.gbnf is not built in";
    return {};
}

// The built-in grammar with its root replaced by `root`, keeping its other rules: a random model
// never writes \boxed by itself, but it can be made to, and then the rules for the boxed line
// (one line, one \boxed, a non-empty answer) are what constrains it.
std::string with_root(const std::string & root) {
    std::istringstream in(boxed_answer_grammar());
    std::string out;
    int replaced = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("root ")) {
            line = "root ::= " + root;
            ++replaced;
        }
        out += line + "\n";
    }
    EXPECT_EQ(replaced, 1) << "boxed_answer.gbnf should define root on one line";
    return out;
}

const char * kForcedStart = "Twelve legs: \\boxed{";
const char * kForcedRoot = R"("Twelve legs: \\boxed{" inner "}" line "\n"?)";

SamplerSettings greedy() {
    SamplerSettings s;
    s.temperature = 0.0f;
    return s;
}

SamplerSettings sampled(std::uint32_t seed) {
    SamplerSettings s;
    s.temperature = 0.8f;
    s.top_k = 40;
    s.top_p = 0.95f;
    s.repeat_penalty = 1.1f; // the penalties' history must see the same tokens with a grammar
    s.seed = seed;
    return s;
}

struct Answer {
    std::vector<Token> tokens; // without the end-of-generation token
    std::string text;
    bool ended = false; // the sampler chose the end-of-generation token
};

struct RunOptions {
    std::string prompt_suffix;       // text after kPrompt, e.g. a start forced on the plain model
    int max_tokens = kMaxTokens;
    Sampler * shadow = nullptr;      // samples from the very same logits at each step, never decoded
    std::vector<Token> * shadow_tokens = nullptr;
    int grammar_after = -1;          // switch `grammar` on after this many tokens
    std::string grammar;
};

// Decodes the prompt, then samples, decoding each token to get the next logits.
Answer sample_answer(Session & session, Sampler & sampler, const RunOptions & options = {}) {
    const auto & model = fixture::tiny_model();
    const auto prompt = fixture::tokens_of(kPrompt + options.prompt_suffix);
    session.clear();
    Answer answer;
    if (Status s = session.decode_prompt(prompt, 0); !s) {
        ADD_FAILURE() << s.message();
        return answer;
    }
    int output = -1;
    for (int step = 0; step < options.max_tokens; ++step) {
        if (step == options.grammar_after) {
            if (Status s = sampler.enable_grammar(model, options.grammar); !s) ADD_FAILURE() << s.message();
        }
        const Token token = sampler.sample(session.logits(output));
        if (options.shadow != nullptr) options.shadow_tokens->push_back(options.shadow->sample(session.logits(output)));
        if (model.is_end_of_generation(token)) {
            answer.ended = true;
            break;
        }
        answer.tokens.push_back(token);
        answer.text += model.token_text(token);
        const BatchToken next{token, 0, static_cast<int>(prompt.size()) + step};
        if (Status s = session.decode_step({&next, 1}); !s) {
            ADD_FAILURE() << s.message();
            break;
        }
        output = 0;
    }
    return answer;
}

Answer sample_with_grammar(Session & session, const SamplerSettings & settings, const std::string & grammar,
                           int max_tokens = kMaxTokens) {
    Sampler sampler(fixture::tiny_model(), settings);
    if (Status s = sampler.enable_grammar(fixture::tiny_model(), grammar); !s) ADD_FAILURE() << s.message();
    RunOptions options;
    options.max_tokens = max_tokens;
    return sample_answer(session, sampler, options);
}

// The grammar's language written out by hand, independently of llama.cpp: can `text` still grow
// into an answer of the grammar, and is it one already? Like any GBNF language it holds
// characters only, so the text must be UTF-8 (the last character may still be incomplete).
struct Verdict {
    bool prefix = false;
    bool complete = false;
};

Verdict judge_boxed_answer(const std::string & text) {
    if (!text::is_valid_utf8(std::string_view(text).substr(0, text::complete_utf8_prefix(text)))) return {};
    static const std::string kBoxed = "\\boxed";
    const std::size_t first = text.find(kBoxed);
    if (first == std::string::npos) return {true, false}; // free lines so far
    if (text.find(kBoxed, first + 1) != std::string::npos) return {}; // a second \boxed
    const std::string rest = text.substr(first + kBoxed.size());
    if (rest.empty()) return {true, false};
    if (rest[0] != '{') return {};
    const std::size_t close = rest.find('}', 1);
    const std::string inner = rest.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    if (inner.find('\n') != std::string::npos) return {}; // the boxed answer is on one line
    if (close == std::string::npos) return {true, false};
    if (inner.empty()) return {};
    const std::string tail = rest.substr(close + 1);
    const std::size_t newline = tail.find('\n');
    if (newline != std::string::npos && newline + 1 != tail.size()) return {}; // a line after the boxed one
    return {true, true};
}

void expect_in_grammar(const Answer & answer, const std::string & what) {
    const Verdict verdict = judge_boxed_answer(answer.text);
    EXPECT_TRUE(verdict.prefix) << what << " left the grammar: " << answer.text;
    if (answer.ended) EXPECT_TRUE(verdict.complete) << what << " ended before its \\boxed line: " << answer.text;
}

} // namespace

TEST(AnswerGrammar, TheJudgeKnowsTheLanguage) {
    EXPECT_TRUE(judge_boxed_answer("So 12 legs.\n\n**Answer:** \\boxed{12}").complete);
    EXPECT_TRUE(judge_boxed_answer("$\\boxed{\\frac{1}{2}}$\n").complete);
    EXPECT_TRUE(judge_boxed_answer("twelve\n\\box").prefix);
    EXPECT_FALSE(judge_boxed_answer("twelve\n\\box").complete);
    EXPECT_TRUE(judge_boxed_answer("\xE7\x8F").prefix); // a character still arriving
    EXPECT_FALSE(judge_boxed_answer("\xE7\x8F a").prefix);
    EXPECT_FALSE(judge_boxed_answer("\\boxed{}").prefix);
    EXPECT_FALSE(judge_boxed_answer("\\boxed{12}\nmore").prefix);
    EXPECT_FALSE(judge_boxed_answer("\\boxed{1\n2}").prefix);
    EXPECT_FALSE(judge_boxed_answer("\\boxed{1} or \\boxed{2}").prefix);
}

TEST(AnswerGrammar, TheBuiltInGrammarParses) {
    Sampler sampler(fixture::tiny_model(), greedy());
    EXPECT_FALSE(sampler.grammar_enabled());
    const Status s = sampler.enable_grammar(fixture::tiny_model(), boxed_answer_grammar());
    ASSERT_TRUE(s) << s.message();
    EXPECT_TRUE(sampler.grammar_enabled());
    EXPECT_TRUE(sampler.grammar_status());
}

TEST(AnswerGrammar, WithoutTheGrammarTheTinyModelBreaksIt) {
    // What the grammar tests below rule out really happens without it.
    auto session = fixture::tiny_session();
    Sampler plain(fixture::tiny_model(), greedy());
    const Answer free = sample_answer(*session, plain);
    EXPECT_FALSE(text::is_valid_utf8(free.text)) << free.text; // bytes that never form a character
    EXPECT_FALSE(judge_boxed_answer(free.text).prefix) << free.text;

    Sampler boxed(fixture::tiny_model(), greedy());
    RunOptions forced;
    forced.prompt_suffix = kForcedStart; // the same start, given instead of constrained
    const Answer in_box = sample_answer(*session, boxed, forced);
    EXPECT_NE(in_box.text.find('\n'), std::string::npos) << in_box.text; // the boxed answer runs over lines
    EXPECT_FALSE(judge_boxed_answer(kForcedStart + in_box.text).prefix) << in_box.text;
}

TEST(AnswerGrammar, GreedyAnswerStaysInTheGrammar) {
    auto session = fixture::tiny_session();
    const Answer answer = sample_with_grammar(*session, greedy(), boxed_answer_grammar());
    expect_in_grammar(answer, "greedy answer");
    EXPECT_GT(answer.tokens.size(), 16u);

    Sampler plain(fixture::tiny_model(), greedy());
    EXPECT_NE(answer.tokens, sample_answer(*session, plain).tokens) << "the grammar changed nothing";
}

TEST(AnswerGrammar, SampledAnswerStaysInTheGrammar) {
    auto session = fixture::tiny_session();
    const Answer answer = sample_with_grammar(*session, sampled(6), boxed_answer_grammar());
    expect_in_grammar(answer, "answer at temperature 0.8");
    EXPECT_GT(answer.tokens.size(), 16u);

    // Seed 6 is one at which the model alone writes bytes that never form a character.
    Sampler plain(fixture::tiny_model(), sampled(6));
    EXPECT_FALSE(judge_boxed_answer(sample_answer(*session, plain).text).prefix) << "the seed no longer tests anything";
}

TEST(AnswerGrammar, InsideTheBoxTheAnswerStaysOnOneLineWithOneBoxed) {
    auto session = fixture::tiny_session();
    const std::string grammar = with_root(kForcedRoot);
    for (const SamplerSettings & settings : {greedy(), sampled(3)}) {
        const Answer answer = sample_with_grammar(*session, settings, grammar, 32);
        ASSERT_TRUE(answer.text.starts_with(kForcedStart)) << answer.text;
        expect_in_grammar(answer, "boxed answer at temperature " + std::to_string(settings.temperature));
    }
}

TEST(AnswerGrammar, OnceTheTextIsCompleteOnlyTheEndCanFollow) {
    // The random model never closes the box by itself; a grammar with a two-digit answer makes
    // it, and after the "}" the end-of-generation token is the one token left.
    auto session = fixture::tiny_session();
    for (const SamplerSettings & settings : {greedy(), sampled(4)}) {
        const Answer answer = sample_with_grammar(*session, settings, R"(root ::= "Twelve legs: \\boxed{" [0-9] [0-9]? "}")");
        EXPECT_TRUE(answer.ended) << answer.text;
        EXPECT_TRUE(judge_boxed_answer(answer.text).complete) << answer.text;
        EXPECT_TRUE(answer.text.starts_with(kForcedStart)) << answer.text;
    }
}

TEST(AnswerGrammar, SwitchedOnMidAnswerItConstrainsOnlyWhatFollows) {
    auto session = fixture::tiny_session();
    Sampler plain(fixture::tiny_model(), sampled(5));
    RunOptions short_run;
    short_run.max_tokens = 12;
    const Answer free = sample_answer(*session, plain, short_run);

    Sampler sampler(fixture::tiny_model(), sampled(5));
    RunOptions options;
    options.max_tokens = 36;
    options.grammar_after = 12;
    options.grammar = with_root(kForcedRoot);
    const Answer answer = sample_answer(*session, sampler, options);
    ASSERT_GE(answer.tokens.size(), 12u);
    EXPECT_EQ(std::vector<Token>(answer.tokens.begin(), answer.tokens.begin() + 12), free.tokens);
    const std::string after = answer.text.substr(free.text.size());
    EXPECT_TRUE(after.starts_with(kForcedStart)) << after;
}

TEST(AnswerGrammar, MalformedGrammarsAreUsageErrors) {
    Sampler sampler(fixture::tiny_model(), greedy());
    struct Case {
        const char * gbnf;
        const char * says;
    };
    const Case cases[] = {
        {"root ::= \"a\" (", "the grammar does not parse: expecting ')' at the end"},
        {"root := \"a\"", "expecting ::="},
        {"answer ::= \"a\"", "'root'"},
        {"root ::= missing", "'missing'"},
        {"# only a comment\n", "has no rules"},
        {" \n", "the grammar is empty"},
    };
    for (const Case & c : cases) {
        const Status s = sampler.enable_grammar(fixture::tiny_model(), c.gbnf);
        EXPECT_EQ(s.kind(), ErrorKind::kUsage) << c.gbnf;
        EXPECT_NE(s.message().find(c.says), std::string::npos) << s.message();
        EXPECT_EQ(s.message().find('\n'), std::string::npos) << s.message(); // one sentence, not the grammar
        EXPECT_FALSE(sampler.grammar_enabled());
    }
    // A grammar that does not parse leaves the one before it in place.
    ASSERT_TRUE(sampler.enable_grammar(fixture::tiny_model(), boxed_answer_grammar()));
    EXPECT_FALSE(sampler.enable_grammar(fixture::tiny_model(), "root ::= ("));
    EXPECT_TRUE(sampler.grammar_enabled());
}

TEST(AnswerGrammar, WithoutAGrammarSamplingIsUnchanged) {
    auto session = fixture::tiny_session();
    // Greedy without a grammar is still the argmax of the logits.
    Sampler plain_greedy(fixture::tiny_model(), greedy());
    session->clear();
    ASSERT_TRUE(session->decode_prompt(fixture::tokens_of(kPrompt), 0));
    const float * logits = session->logits(-1);
    const int n_vocab = fixture::tiny_model().vocab_size();
    EXPECT_EQ(plain_greedy.sample(session->logits(-1)), std::max_element(logits, logits + n_vocab) - logits);

    // A sampler whose grammar failed to parse is left as it was: the same tokens as one that
    // never had a grammar, from the same logits.
    Sampler plain(fixture::tiny_model(), sampled(9));
    Sampler refused(fixture::tiny_model(), sampled(9));
    ASSERT_FALSE(refused.enable_grammar(fixture::tiny_model(), "root ::= ("));
    std::vector<Token> refused_tokens;
    RunOptions options;
    options.shadow = &refused;
    options.shadow_tokens = &refused_tokens;
    const Answer answer = sample_answer(*session, plain, options);
    ASSERT_EQ(answer.tokens.size(), static_cast<std::size_t>(kMaxTokens));
    EXPECT_EQ(answer.tokens, refused_tokens);
}

TEST(AnswerGrammar, TheGrammarPathSamplesLikeLlamaSamplerSample) {
    // With a grammar that allows any text, sampling by hand (grammar, then the chain) picks what
    // llama_sampler_sample picks from the same logits, seed and penalty history. "Any text" still
    // excludes the 469 tokens that are no text (empty padding pieces, lone UTF-8 bytes), and such
    // a token in the candidate set shifts the distribution; a top-k of 8 keeps them out of it here.
    auto session = fixture::tiny_session();
    SamplerSettings settings = sampled(9);
    settings.top_k = 8;
    Sampler plain(fixture::tiny_model(), settings);
    Sampler open(fixture::tiny_model(), settings);
    ASSERT_TRUE(open.enable_grammar(fixture::tiny_model(), "root ::= [^\\x00]*"));
    std::vector<Token> open_tokens;
    RunOptions options;
    options.max_tokens = 32;
    options.shadow = &open;
    options.shadow_tokens = &open_tokens;
    const Answer answer = sample_answer(*session, plain, options);
    ASSERT_EQ(answer.tokens.size(), 32u);
    // The grammar also has something to forbid once the random model's text ends in the middle
    // of a character (then only its continuation bytes may follow): compare up to there.
    std::size_t free_steps = 0;
    std::string text;
    while (free_steps < answer.tokens.size() && text::is_valid_utf8(text) && text::complete_utf8_prefix(text) == text.size()) {
        text += fixture::tiny_model().token_text(answer.tokens[free_steps++]);
    }
    ASSERT_GE(free_steps, 16u) << "too few steps to compare";
    EXPECT_EQ(std::vector<Token>(answer.tokens.begin(), answer.tokens.begin() + free_steps),
              std::vector<Token>(open_tokens.begin(), open_tokens.begin() + free_steps));
}

TEST(AnswerGrammar, AGrammarNoTokenCanFollowEndsTheAnswerAndSaysSo) {
    // No token spells U+0000, so nothing can follow; the text is not complete either.
    auto session = fixture::tiny_session();
    Sampler sampler(fixture::tiny_model(), greedy());
    ASSERT_TRUE(sampler.enable_grammar(fixture::tiny_model(), "root ::= \"\\x00\""));
    ASSERT_TRUE(session->decode_prompt(fixture::tokens_of(kPrompt), 0));
    const Token first = sampler.sample(session->logits(-1));
    EXPECT_TRUE(fixture::tiny_model().is_end_of_generation(first));
    EXPECT_EQ(sampler.grammar_status().kind(), ErrorKind::kInternal);
    EXPECT_NE(sampler.grammar_status().message().find("cut off"), std::string::npos);
    EXPECT_EQ(sampler.sample(session->logits(-1)), first); // and it stays ended
}

// Through generate(): the grammar holds the answer only; the thinking before it is untouched.
TEST(AnswerGrammarInGeneration, OnlyTheAnswerAfterTheThinkingIsConstrained) {
    const char * question = "<｜begin▁of▁sentence｜><｜User｜>2+2?<｜Assistant｜><think>\n";
    engine::GenerationOptions options;
    options.max_tokens = 40;
    options.starts_in_thinking = true;
    options.thinking_budget = 6; // the model answers after six thinking tokens
    for (const SamplerSettings & settings : {greedy(), sampled(6)}) {
        auto session = fixture::tiny_session();
        std::vector<engine::SequenceResult> free_run, held;
        engine::GenerationStats stats;
        ASSERT_TRUE(engine::generate(*session, fixture::tokens_of(question), {settings}, options, nullptr, free_run, stats));
        engine::GenerationOptions constrained = options;
        constrained.answer_grammar = boxed_answer_grammar();
        ASSERT_TRUE(engine::generate(*session, fixture::tokens_of(question), {settings}, constrained, nullptr, held, stats));
        EXPECT_EQ(held[0].thinking, free_run[0].thinking);
        ASSERT_TRUE(held[0].thinking_closed);
        Answer answer;
        answer.text = held[0].answer;
        answer.ended = held[0].finish == engine::FinishReason::kEndOfSequence;
        expect_in_grammar(answer, "the generated answer");

        // A grammar the free answer cannot meet by chance shows that it is on from the answer's start.
        constrained.answer_grammar = with_root(kForcedRoot);
        ASSERT_TRUE(engine::generate(*session, fixture::tokens_of(question), {settings}, constrained, nullptr, held, stats));
        EXPECT_EQ(held[0].thinking, free_run[0].thinking);
        EXPECT_EQ(held[0].answer.rfind(kForcedStart, 0), 0u) << held[0].answer;
    }
}

TEST(AnswerGrammarInGeneration, AGrammarThatDoesNotParseIsRefusedBeforeDecoding) {
    auto session = fixture::tiny_session();
    engine::GenerationOptions options;
    options.answer_grammar = "root ::= (";
    std::vector<engine::SequenceResult> results;
    engine::GenerationStats stats;
    const Status s = engine::generate(*session, fixture::tokens_of(kPrompt), {greedy()}, options, nullptr, results, stats);
    EXPECT_FALSE(s);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_NE(s.message().find("grammar"), std::string::npos) << s.message();
}

TEST(AnswerGrammar, DeepNestingIsRefusedBeforeLlamaCppsParserOverflows) {
    Sampler sampler(fixture::tiny_model(), greedy());
    const std::string deep = "root ::= " + std::string(20000, '(') + "\"x\"" + std::string(20000, ')');
    const Status s = sampler.enable_grammar(fixture::tiny_model(), deep);
    EXPECT_EQ(s.kind(), ErrorKind::kUsage);
    EXPECT_NE(s.message().find("nests parentheses"), std::string::npos) << s.message();
    // Parentheses inside strings, classes and comments are not nesting.
    const std::string quoted = "# ((((\nroot ::= \"" + std::string(300, '(') + "\" [(] (\"a\")\n";
    EXPECT_TRUE(sampler.enable_grammar(fixture::tiny_model(), quoted));
}
