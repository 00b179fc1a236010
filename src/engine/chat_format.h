// Turns a conversation into the exact prompt text the model was trained on, using the chat
// template stored in the model's own GGUF metadata (llama.cpp's jinja engine).
//
// A GGUF without a template is a base (pretrained) model, like the catalog's Gemma 3 270M.
// llama.cpp would silently wrap it in ChatML turns it never saw, and it answers those with
// noise; r1tune writes a plain question/answer transcript in the question's language instead
// ("Question: …\nAnswer:" or "问题：…\n解答："), which a base model continues as an answer, and
// gives the stop strings that end the answer where the model would start the next question.
//
// DeepSeek-R1 distills must see `<｜Assistant｜><think>\n` at the end of the prompt; older
// GGUFs of them carry a template without the `<think>\n`, and without it the model sometimes
// skips its reasoning. ChatFormat adds the opening for that family when the template omits it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "util/status.h"

struct common_chat_templates;

namespace r1tune::engine {

class Model;

struct ChatMessage {
    std::string role; // "system", "user" or "assistant"
    std::string content;
};

// A stretch of a rendered prompt: the template's own text, whose markers are special tokens, or
// what a user or system message says, which is text only: a turn marker written in a question or
// a notebook entry must not end its turn or open another role.
struct PromptPiece {
    std::string text;
    bool message_text = false; // tokenize without parsing special tokens
};

class ChatFormat {
public:
    static Status create(const Model & model, std::unique_ptr<ChatFormat> & out);
    ~ChatFormat();

    // The prompt text for `messages`, ready to tokenize: it starts with the BOS text when the
    // model expects one and ends with the assistant's turn opening (and `<think>\n` for
    // thinking models).
    Status render(const std::vector<ChatMessage> & messages, std::string & prompt) const;

    // The same prompt in pieces: the user's and system messages' text apart from the template's
    // (a transcript is all text but its BOS). The model's own earlier answers stay in the
    // template's pieces: templates rewrite them, e.g. dropping their thinking. A template that
    // drops, moves or rewrites a user's or system message is a model error, since its text could
    // then not be kept apart. Tokenized piece by piece, the tokens at a piece's edge may differ
    // from the whole prompt's (a space before a word): the pipeline takes this path only for
    // messages that hold a special token's text.
    Status render_pieces(const std::vector<ChatMessage> & messages, std::vector<PromptPiece> & out) const;

    // True when render() leaves the model inside a thinking block (the prompt ends in <think>).
    bool opens_thinking() const { return opens_thinking_; }

    // True for DeepSeek-R1 distills (and DeepSeek's chat models): turn tags with full-width
    // bars and a single <think> token. DeepSeek advises no system prompt for them.
    bool is_r1_family() const { return r1_family_; }

    // True for a base model without a chat template (see above).
    bool is_transcript() const { return transcript_; }

    // Strings that end the answer because the model has begun a turn of its own; empty when
    // the chat template's end-of-turn token does that.
    std::vector<std::string> turn_stops() const;

private:
    ChatFormat() = default;
    std::string render_raw(const std::vector<ChatMessage> & messages) const;
    static std::string render_transcript(const std::vector<ChatMessage> & messages);

    struct TemplatesDeleter { void operator()(common_chat_templates * t) const; };
    std::unique_ptr<common_chat_templates, TemplatesDeleter> templates_;
    std::string bos_text_;
    bool prepend_bos_ = false;
    bool r1_family_ = false;
    bool opens_thinking_ = false;
    bool transcript_ = false;
};

} // namespace r1tune::engine
