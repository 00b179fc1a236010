// Splits a reasoning model's output into its thinking (inside <think>…</think>) and its answer
// (after </think>), piece by piece as tokens arrive.
//
// R1 distills get `<think>\n` at the end of the prompt, so their output starts inside the
// thinking block. A model whose prompt did not open it may still open it itself: `<think>`
// before any answer text starts the block. Leading whitespace of the answer is dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace r1tune::text {

enum class Channel { kThinking, kAnswer };

struct Span {
    Channel channel;
    std::string text;
};

class ThinkingSplitter {
public:
    // `starts_in_thinking`: the prompt already opened the thinking block.
    explicit ThinkingSplitter(bool starts_in_thinking);

    // Feeds the next piece of generated text and returns the spans now known to belong to a
    // channel. Bytes that could be the start of a tag are held back until a later piece.
    std::vector<Span> feed(std::string_view piece);

    // Returns what was held back, at the end of generation.
    std::vector<Span> finish();

    Channel channel() const { return channel_; }
    bool thinking_was_closed() const { return closed_; }

private:
    void emit(std::vector<Span> & out, Channel channel, std::string text);

    Channel channel_;
    bool closed_ = false;
    bool answer_started_ = false;
    std::string pending_;
};

// Whole-text convenience over ThinkingSplitter.
struct SplitText {
    std::string thinking;
    std::string answer;
    bool thinking_closed = false;
};
SplitText split_thinking(std::string_view output, bool starts_in_thinking);

} // namespace r1tune::text
