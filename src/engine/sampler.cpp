#include "engine/sampler.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "engine/llama_log.h"
#include "engine/model.h"
#include "llama.h"

namespace r1tune::engine {

namespace {

// llama.cpp's grammar parser prints its reason ("expecting ::= at …") followed by the whole
// grammar with fprintf(stderr), not through its log, so r1tune's quiet log neither hides nor
// keeps it. While a grammar is built, file descriptor 2 goes to a temporary file instead.
class StderrCapture {
public:
    StderrCapture() {
        std::fflush(stderr);
        file_ = std::tmpfile();
        if (file_ == nullptr) return;
        saved_ = ::dup(STDERR_FILENO);
        if (saved_ < 0 || ::dup2(::fileno(file_), STDERR_FILENO) < 0) {
            if (saved_ >= 0) ::close(saved_);
            std::fclose(file_);
            file_ = nullptr;
        }
    }
    ~StderrCapture() { finish(); }
    bool active() const { return file_ != nullptr; }
    StderrCapture(const StderrCapture &) = delete;
    StderrCapture & operator=(const StderrCapture &) = delete;

    // Restores stderr and returns what was written to it meanwhile.
    std::string finish() {
        if (file_ == nullptr) return {};
        std::fflush(stderr);
        ::dup2(saved_, STDERR_FILENO);
        ::close(saved_);
        std::string text;
        std::rewind(file_);
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file_)) > 0;) text.append(buffer, n);
        std::fclose(file_);
        file_ = nullptr;
        return text;
    }

private:
    std::FILE * file_ = nullptr;
    int saved_ = -1;
};

// The parser's reason out of what it printed, e.g. "expecting ::= at := x"; empty if none.
std::string grammar_parse_reason(const std::string & printed) {
    static const std::string kMarker = "error parsing grammar: ";
    const std::size_t at = printed.find(kMarker);
    if (at == std::string::npos) return {};
    std::string reason = printed.substr(at + kMarker.size());
    reason = reason.substr(0, reason.find('\n')); // "… at <rest of the grammar>": keep one line
    while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\r')) reason.pop_back();
    if (reason.ends_with(" at")) reason += " the end"; // nothing was left of the grammar
    if (reason.size() > 80) reason = reason.substr(0, 77) + "...";
    return reason;
}

// llama.cpp parses a grammar recursively; tens of thousands of nested groups overflow the stack
// (a crash, not an error), while real grammars nest a handful of levels.
constexpr int kMaxGrammarNesting = 256;

// The deepest parenthesis nesting outside quoted strings, character classes and comments.
int nesting_depth(const std::string & gbnf) {
    int depth = 0, deepest = 0;
    char quote = 0; // '"' or ']' while inside a string or a class
    bool comment = false;
    for (std::size_t i = 0; i < gbnf.size(); ++i) {
        const char c = gbnf[i];
        if (comment) {
            comment = c != '\n';
        } else if (quote != 0) {
            if (c == '\\') ++i; // an escaped character
            else if (c == quote) quote = 0;
        } else if (c == '"') {
            quote = '"';
        } else if (c == '[') {
            quote = ']';
        } else if (c == '#') {
            comment = true;
        } else if (c == '(') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ')') {
            --depth;
        }
    }
    return deepest;
}

} // namespace

Status SamplerSettings::validate() const {
    auto bad = [](const std::string & what) { return Status::usage(what); };
    if (!std::isfinite(temperature) || temperature < 0) return bad("temperature must be 0 (greedy) or positive");
    if (top_k < 0) return bad("top_k must be 0 (off) or positive");
    if (!(top_p > 0 && top_p <= 1)) return bad("top_p must be in (0, 1]");
    if (!(min_p >= 0 && min_p < 1)) return bad("min_p must be in [0, 1)");
    if (!(repeat_penalty > 0) || !std::isfinite(repeat_penalty)) return bad("repeat penalty must be positive (1 = off)");
    if (repeat_last_n < -1) return bad("repeat window must be -1 (whole context), 0 (off) or positive");
    if (!std::isfinite(presence_penalty)) return bad("presence penalty must be a finite number");
    if (!std::isfinite(frequency_penalty)) return bad("frequency penalty must be a finite number");
    return Status::ok();
}

Sampler::Sampler(const Model & model, const SamplerSettings & s) : n_vocab_(model.vocab_size()) {
    llama_sampler_chain_params params = llama_sampler_chain_default_params();
    params.no_perf = true;
    chain_ = llama_sampler_chain_init(params);
    // The same order as llama.cpp's own tools: penalties look at raw logits, then the
    // candidate set is cut down, then temperature shapes what is left.
    const bool penalties = s.repeat_penalty != 1.0f || s.presence_penalty != 0.0f || s.frequency_penalty != 0.0f;
    if (penalties) {
        llama_sampler_chain_add(chain_, llama_sampler_init_penalties(model.vocab_size(), s.repeat_last_n, s.repeat_penalty,
                                                                     s.frequency_penalty, s.presence_penalty));
    }
    if (s.greedy()) {
        llama_sampler_chain_add(chain_, llama_sampler_init_greedy());
        return;
    }
    if (s.top_k > 0) llama_sampler_chain_add(chain_, llama_sampler_init_top_k(s.top_k));
    if (s.top_p < 1.0f) llama_sampler_chain_add(chain_, llama_sampler_init_top_p(s.top_p, 1));
    if (s.min_p > 0.0f) llama_sampler_chain_add(chain_, llama_sampler_init_min_p(s.min_p, 1));
    llama_sampler_chain_add(chain_, llama_sampler_init_temp(s.temperature));
    llama_sampler_chain_add(chain_, llama_sampler_init_dist(s.seed));
}

Sampler::~Sampler() {
    llama_sampler_free(chain_);
    if (grammar_ != nullptr) llama_sampler_free(grammar_);
}

Status Sampler::enable_grammar(const Model & model, const std::string & gbnf) {
    // llama.cpp takes an empty grammar as "no grammar" and would constrain nothing.
    if (gbnf.find_first_not_of(" \t\r\n") == std::string::npos) return Status::usage("the grammar is empty");
    if (nesting_depth(gbnf) > kMaxGrammarNesting) {
        return Status::usage("the grammar nests parentheses more than " + std::to_string(kMaxGrammarNesting) +
                             " deep (llama.cpp's parser recurses once per level and would overflow its stack)");
    }
    const llama_vocab * vocab = model.vocab();
    // The token sample() ends with when the grammar is stuck: the model's own end of text.
    Token end = llama_vocab_eos(vocab);
    if (end == LLAMA_TOKEN_NULL || !llama_vocab_is_eog(vocab, end)) end = llama_vocab_eot(vocab);
    if (end == LLAMA_TOKEN_NULL) return Status::usage("a grammar needs a model with an end-of-generation token");

    clear_llama_error();
    StderrCapture capture;
    const bool captured = capture.active();
    llama_sampler * grammar = llama_sampler_init_grammar(vocab, gbnf.c_str(), "root");
    const std::string printed = capture.finish();
    if (grammar == nullptr) {
        std::string reason = grammar_parse_reason(printed);
        if (reason.empty()) {
            reason = last_llama_error(); // e.g. "grammar does not contain a 'root' symbol"
            // Said without a printed reason, this means the parser found no rule at all.
            if (reason == "failed to parse grammar") reason = captured ? "it has no rules" : "";
        }
        return Status::usage(reason.empty() ? "the grammar does not parse" : "the grammar does not parse: " + reason);
    }
    if (!printed.empty()) std::fputs(printed.c_str(), stderr); // not the parser's: pass it on

    if (grammar_ != nullptr) llama_sampler_free(grammar_);
    grammar_ = grammar;
    end_token_ = end;
    grammar_status_ = Status::ok();
    return Status::ok();
}

// llama_sampler_sample would allocate and fill a vocabulary-sized array on every call (1.8 MB
// for Qwen2's 151,936 tokens); the sampler's own array is filled in place instead. The chain sees
// the same candidates in the same order, so the draw is the same.
llama_token_data_array Sampler::candidates(const float * logits) {
    GGML_ASSERT(logits != nullptr);
    candidates_.resize(static_cast<std::size_t>(n_vocab_));
    for (llama_token id = 0; id < n_vocab_; ++id) candidates_[id] = llama_token_data{id, logits[id], 0.0f};
    return llama_token_data_array{candidates_.data(), candidates_.size(), -1, false};
}

Token Sampler::sample(const float * logits) {
    if (grammar_ != nullptr) return sample_with_grammar(logits);
    llama_token_data_array cur = candidates(logits);
    llama_sampler_apply(chain_, &cur);
    GGML_ASSERT(cur.selected >= 0 && cur.selected < static_cast<std::int64_t>(cur.size));
    const Token token = cur.data[cur.selected].id;
    llama_sampler_accept(chain_, token);
    return token;
}

// Checking the whole vocabulary against the grammar costs tens of milliseconds per token, so,
// as llama.cpp's own common sampler does, the chain draws first and only that token is checked;
// only when the grammar forbids it is the vocabulary masked and the draw repeated. Greedy picks
// exactly what grammar-first would; a sampled draw is rejection sampling, which keeps the allowed
// tokens' relative odds except where top-k/top-p cut a masked list differently.
Token Sampler::sample_with_grammar(const float * logits) {
    if (!grammar_status_) return end_token_; // stuck before: keep ending

    llama_token_data_array cur = candidates(logits);
    llama_sampler_apply(chain_, &cur);
    GGML_ASSERT(cur.selected >= 0 && cur.selected < static_cast<std::int64_t>(cur.size));
    llama_token_data drawn{cur.data[cur.selected].id, 1.0f, 0.0f};
    llama_token_data_array only_drawn{&drawn, 1, -1, false};
    llama_sampler_apply(grammar_, &only_drawn);
    if (drawn.logit > -INFINITY) {
        llama_sampler_accept(grammar_, drawn.id);
        llama_sampler_accept(chain_, drawn.id);
        return drawn.id;
    }

    cur = candidates(logits);
    llama_sampler_apply(grammar_, &cur); // forbidden tokens get a logit of -inf
    bool any_allowed = false;
    for (std::size_t i = 0; i < cur.size && !any_allowed; ++i) any_allowed = cur.data[i].logit > -INFINITY;

    if (!any_allowed) {
        // Nothing to choose from. If the text may end here, ending it is what the grammar
        // allows; the end token is asked about alone, since its logit may be what was -inf.
        llama_token_data end{end_token_, 0.0f, 0.0f};
        llama_token_data_array only_end{&end, 1, -1, false};
        llama_sampler_apply(grammar_, &only_end);
        if (end.logit > -INFINITY) {
            llama_sampler_accept(grammar_, end_token_);
        } else {
            // Accepting a token the grammar forbids would abort inside llama.cpp: end unaccepted.
            grammar_status_ = Status::internal(
                "the answer grammar left no token to choose, so the answer was cut off before it was complete");
        }
        llama_sampler_accept(chain_, end_token_);
        return end_token_;
    }

    llama_sampler_apply(chain_, &cur); // penalties, top-k/p, temperature, then greedy or dist
    GGML_ASSERT(cur.selected >= 0 && cur.selected < static_cast<std::int64_t>(cur.size));
    const Token token = cur.data[cur.selected].id;
    llama_sampler_accept(grammar_, token);
    llama_sampler_accept(chain_, token);
    return token;
}

} // namespace r1tune::engine
