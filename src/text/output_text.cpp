#include "text/output_text.h"

#include "text/utf8.h"

namespace r1tune::text {

OutputText::OutputText(bool starts_in_thinking, std::vector<std::string> stops)
    : splitter_(starts_in_thinking), stops_(std::move(stops)) {}

void OutputText::keep(std::vector<Span> & out, Channel channel, std::string text) {
    if (text.empty()) return;
    (channel == Channel::kThinking ? thinking_ : answer_) += text;
    out.push_back(Span{channel, std::move(text)});
}

std::vector<Span> OutputText::feed(std::string_view bytes) {
    std::vector<Span> out;
    if (stopped()) return out;
    utf8_pending_ += bytes;
    const std::size_t complete = complete_utf8_prefix(utf8_pending_);
    const std::string ready = sanitize_utf8(std::string_view(utf8_pending_).substr(0, complete));
    utf8_pending_.erase(0, complete);
    for (auto & span : splitter_.feed(ready)) {
        if (span.channel == Channel::kThinking) {
            keep(out, span.channel, std::move(span.text));
            continue;
        }
        keep(out, span.channel, stops_.feed(span.text));
        if (stopped()) break; // what follows the stop string is not part of the answer
    }
    return out;
}

std::vector<Span> OutputText::finish() {
    std::vector<Span> out;
    if (stopped()) return out;
    std::string rest = sanitize_utf8(utf8_pending_);
    utf8_pending_.clear();
    auto spans = splitter_.feed(rest);
    for (auto & span : splitter_.finish()) spans.push_back(std::move(span));
    for (auto & span : spans) {
        keep(out, span.channel, span.channel == Channel::kAnswer ? stops_.feed(span.text) : std::move(span.text));
    }
    keep(out, Channel::kAnswer, stops_.finish());
    return out;
}

} // namespace r1tune::text
