// The text one generated sequence has produced so far, built as its tokens' bytes arrive: UTF-8
// reassembled across tokens (invalid bytes become U+FFFD), split into thinking and answer, and
// the answer cut at the first stop string.
//
// It is a plain value: a beam that forks copies its parent's text state with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/stop_strings.h"
#include "text/thinking_split.h"

namespace r1tune::text {

class OutputText {
public:
    OutputText(bool starts_in_thinking, std::vector<std::string> stops);

    // Appends one token's bytes. Returns the text that became final with it, per channel, for
    // streaming; bytes that may belong to a tag, a stop string or a split character wait.
    std::vector<Span> feed(std::string_view bytes);

    // Flushes whatever was held back, once generation has ended for a reason other than a stop
    // string (after a stop string, the held-back text is the stop itself and is dropped).
    std::vector<Span> finish();

    bool stopped() const { return stops_.stopped(); } // a stop string ended the answer
    Channel channel() const { return splitter_.channel(); }
    bool thinking_closed() const { return splitter_.thinking_was_closed(); }
    const std::string & thinking() const { return thinking_; }
    const std::string & answer() const { return answer_; }

private:
    void keep(std::vector<Span> & out, Channel channel, std::string text);

    std::string utf8_pending_; // bytes of a character split across tokens
    ThinkingSplitter splitter_;
    StopStringMatcher stops_;
    std::string thinking_;
    std::string answer_;
};

} // namespace r1tune::text
