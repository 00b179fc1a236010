#include "text/thinking_split.h"

#include <algorithm>

namespace r1tune::text {

namespace {

constexpr std::string_view kThinkOpen = "<think>";
constexpr std::string_view kThinkClose = "</think>";

// Length of the longest suffix of `s` that is a proper prefix of `tag`.
std::size_t partial_tag_suffix(std::string_view s, std::string_view tag) {
    for (std::size_t len = std::min(s.size(), tag.size() - 1); len > 0; --len) {
        if (s.substr(s.size() - len) == tag.substr(0, len)) return len;
    }
    return 0;
}

} // namespace

ThinkingSplitter::ThinkingSplitter(bool starts_in_thinking)
    : channel_(starts_in_thinking ? Channel::kThinking : Channel::kAnswer) {}

void ThinkingSplitter::emit(std::vector<Span> & out, Channel channel, std::string text) {
    if (channel == Channel::kAnswer && !answer_started_) {
        const std::size_t first = text.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return;
        text.erase(0, first);
        answer_started_ = true;
    }
    if (text.empty()) return;
    if (!out.empty() && out.back().channel == channel) {
        out.back().text += text;
    } else {
        out.push_back({channel, std::move(text)});
    }
}

std::vector<Span> ThinkingSplitter::feed(std::string_view piece) {
    std::vector<Span> out;
    pending_.append(piece);
    for (;;) {
        // Inside the block we wait for its end; before any answer text (and before the block
        // was ever closed) we watch for a block the model opens itself; otherwise no tags matter.
        const bool watch_open = channel_ == Channel::kAnswer && !answer_started_ && !closed_;
        if (channel_ == Channel::kAnswer && !watch_open) {
            emit(out, Channel::kAnswer, std::move(pending_));
            pending_.clear();
            return out;
        }
        const std::string_view tag = channel_ == Channel::kThinking ? kThinkClose : kThinkOpen;
        const std::size_t at = pending_.find(tag);
        if (at == std::string::npos) {
            const std::size_t hold = partial_tag_suffix(pending_, tag);
            std::string ready = pending_.substr(0, pending_.size() - hold);
            if (watch_open && ready.find_first_not_of(" \t\r\n") == std::string::npos) {
                return out; // only whitespace so far: it may still precede <think>
            }
            pending_.erase(0, ready.size());
            emit(out, channel_, std::move(ready));
            if (channel_ == Channel::kAnswer && answer_started_) continue; // flush the held rest
            return out;
        }
        std::string before = pending_.substr(0, at);
        pending_.erase(0, at + tag.size());
        if (channel_ == Channel::kThinking) {
            emit(out, Channel::kThinking, std::move(before));
            channel_ = Channel::kAnswer;
            closed_ = true;
        } else if (before.find_first_not_of(" \t\r\n") == std::string::npos) {
            channel_ = Channel::kThinking;
        } else {
            // Answer text came first, so this <think> is part of the answer.
            emit(out, Channel::kAnswer, before + std::string(tag));
        }
    }
}

std::vector<Span> ThinkingSplitter::finish() {
    std::vector<Span> out;
    emit(out, channel_, std::move(pending_));
    pending_.clear();
    return out;
}

SplitText split_thinking(std::string_view output, bool starts_in_thinking) {
    ThinkingSplitter splitter(starts_in_thinking);
    SplitText result;
    auto take = [&](std::vector<Span> spans) {
        for (auto & span : spans) {
            (span.channel == Channel::kThinking ? result.thinking : result.answer) += span.text;
        }
    };
    take(splitter.feed(output));
    take(splitter.finish());
    result.thinking_closed = splitter.thinking_was_closed();
    return result;
}

} // namespace r1tune::text
