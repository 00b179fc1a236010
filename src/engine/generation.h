// Generation: continue one prompt in N sequences at once, streaming their text.
//
// The prompt is evaluated once; every sequence forks its KV prefix and all live sequences are
// decoded together, one llama_decode per step. A single answer is simply N = 1. Each sequence
// has its own sampler settings (and seed). The output is split into thinking and answer; stop
// strings apply to the answer only.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sampler.h"
#include "engine/types.h"
#include "text/thinking_split.h"
#include "util/status.h"

namespace r1tune::engine {

class Session;

enum class FinishReason {
    kEndOfSequence, // the model ended its turn
    kStopString,    // a stop string appeared in the answer
    kMaxTokens,     // the max-token limit was reached
    kContextFull,   // the KV cache had no room left
    kCancelled,     // on_sequence_end asked to end the sequences still running
    kAbandoned,     // on_token gave up on this sequence (e.g. its confidence fell too low)
    kGrammarStuck,  // the answer grammar left no token to choose: the answer is incomplete
};
std::string_view to_string(FinishReason reason);

struct SequenceResult;

// What a strategy decides about a sequence after each of its tokens (GenerationOptions::on_token).
enum class SequenceAction {
    kContinue,
    kAbandon,       // end it now, with FinishReason::kAbandoned
    kCloseThinking, // write the wrap-up and the thinking block's closing into it: it answers next
    kRestart,       // drop its tokens and start it again from the prompt, on a new seed
};

// One generated token as a strategy sees it.
struct TokenEvent {
    Token token;
    text::Channel channel;         // where the sequence is after this token
    const float * logits;          // the distribution the token was sampled from
    int vocab_size;
    const SequenceResult & result; // the sequence so far, this token included
};

struct GenerationOptions {
    int max_tokens = 4096;           // per sequence, thinking included
    std::vector<std::string> stops;  // apply to the answer
    bool starts_in_thinking = false; // the prompt ends inside <think> (see ChatFormat)
    // Budget forcing: after this many tokens inside the thinking block, r1tune writes the
    // block's closing ("\n</think>\n\n") into the sequence itself, so the model goes on to
    // answer. 0 = no cap.
    int thinking_budget = 0;
    // Called as each sequence ends (not for cancelled ones); returning true ends every sequence
    // still running, with FinishReason::kCancelled. Voting uses it to stop once the winner is sure.
    std::function<bool(int sequence, const SequenceResult & result)> on_sequence_end;
    // Record each sampled token's log-probability under the model (before temperature and
    // truncation): voting breaks ties by it. Costs one pass over the vocabulary per token.
    bool record_logprobs = false;
    // With record_logprobs: keep each sampled token's text and log-probability too
    // (SequenceResult::logprobs, serve's logprobs). Off for votes, which need only the sum.
    bool keep_each_logprob = false;
    // Called after every token a sequence samples (not for tokens r1tune writes itself). Loop
    // detection and confidence filtering act through it.
    std::function<SequenceAction(int sequence, const TokenEvent & event)> on_token;
    // What SequenceAction::kCloseThinking writes before the closing tag, e.g. a sentence that
    // tells the model to stop repeating itself and answer.
    std::string wrap_up;
    // Tool use: asked after every token a sequence samples, with its thinking and answer so far.
    // Text it returns is written into that sequence right after the token (decoded as the
    // sequence's own tokens in its next step, streamed and counted like the model's, and cut to
    // what one step can hold) and the model goes on after it; empty: nothing. Running the
    // model's program for its ```output block works through this.
    std::function<std::string(int sequence, std::string_view thinking, std::string_view answer)> write_after;
    // A GBNF grammar the answer must follow: each sequence's sampler switches it on when its
    // answer starts (after </think>, or at once for a model that does not think), so the
    // thinking stays free. Empty = none. A grammar that does not parse is a usage error.
    std::string answer_grammar;
    // Draft-free speculation: each step also decodes up to this many tokens proposed from the
    // sequence's own earlier n-grams (engine/ngram_draft.h), and keeps those the model would
    // have drawn anyway. The draws are the same as without it (the same random numbers, in the
    // same order), so the output is too, but for the last bits a batch's rounding moves. 0: off.
    int speculate = 0;
    static constexpr int kMaxSpeculate = 16; // the most proposals one step may add
};

// A sampled token's text and log-probability under the model (GenerationOptions::record_logprobs).
struct TokenLogprob {
    std::string text; // the token's bytes (a piece of a UTF-8 character, possibly)
    float logprob = 0;
};

struct SequenceResult {
    std::string thinking;
    std::string answer;
    bool thinking_closed = false; // </think> was seen
    bool thinking_budget_reached = false; // r1tune closed the thinking block (budget forcing)
    bool wrapped_up = false;      // r1tune closed the thinking block on on_token's request
    int restarts = 0;             // times on_token restarted it (the rest describes the last run)
    int thinking_tokens = 0;      // tokens the model generated inside the thinking block
    double sum_logprob = 0;       // with record_logprobs: over the sampled tokens
    int logprob_count = 0;
    double mean_logprob() const { return logprob_count > 0 ? sum_logprob / logprob_count : 0; }
    std::vector<TokenLogprob> logprobs; // with keep_each_logprob: each sampled token (not r1tune's own)
    std::vector<Token> tokens;    // every generated token, the final end-of-turn token included
    FinishReason finish = FinishReason::kEndOfSequence;
};

struct GenerationStats {
    int prompt_tokens = 0;        // the whole prompt, reused tokens included
    int reused_prompt_tokens = 0; // kept from the previous prompt's cells (ContextOptions::reuse_prefix)
    double prompt_ms = 0;         // evaluating the prompt tokens that were not reused
    int decoded_tokens = 0;   // tokens that went through llama_decode after the prompt and were kept
    double decode_ms = 0;     // all decode steps together, with the sampling after each
    int proposed_tokens = 0;  // speculation's proposals decoded (GenerationOptions::speculate)
    int accepted_tokens = 0;  // of them, the ones the model drew
    double decode_tokens_per_second() const { return decode_ms > 0 ? decoded_tokens * 1000.0 / decode_ms : 0; }
};

// Text as it streams out: which sequence, which channel, and the new UTF-8 text. A restarted
// sequence sends one event with `restarted` set: what it streamed before is void.
struct StreamEvent {
    int sequence;
    text::Channel channel;
    std::string_view text;
    bool restarted = false;
};
using StreamCallback = std::function<void(const StreamEvent &)>;

// Runs `samplers.size()` sequences from `prompt` (which must fit the session's context and
// capacity). The prompt goes through Session::load_prompt: evaluated whole in an emptied cache,
// or, with reuse_prefix, only past what it shares with the session's cached prompt.
Status generate(Session & session, const std::vector<Token> & prompt, const std::vector<SamplerSettings> & samplers,
                const GenerationOptions & options, const StreamCallback & on_text, std::vector<SequenceResult> & results,
                GenerationStats & stats);

} // namespace r1tune::engine
