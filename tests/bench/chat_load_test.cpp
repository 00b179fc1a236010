#include "bench/chat_load.h"

#include <gtest/gtest.h>

namespace r1tune::bench {
namespace {

TEST(ChatLoad, AStreamIsReadAsItArrivesInPieces) {
    const std::string stream =
        "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
        "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"Let me\"}}]}\n\n"
        "data: {\"choices\":[{\"delta\":{\"content\":\"4\"},\"finish_reason\":\"stop\"}]}\n\n"
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}\n\n"
        "data: [DONE]\n\n";
    StreamReading reading;
    std::string buffer;
    // The opening chunk alone carries no text.
    const std::size_t opening = stream.find("\n\n") + 2;
    buffer = stream.substr(0, opening - 1);
    read_stream_events(buffer, reading);
    EXPECT_FALSE(reading.text_seen);
    buffer += stream.substr(opening - 1, 1);
    read_stream_events(buffer, reading);
    EXPECT_FALSE(reading.text_seen);
    EXPECT_TRUE(buffer.empty());
    // Then the rest, cut in the middle of an event.
    const std::size_t cut = opening + 20;
    buffer += stream.substr(opening, cut - opening);
    read_stream_events(buffer, reading);
    EXPECT_FALSE(reading.text_seen);
    buffer += stream.substr(cut);
    read_stream_events(buffer, reading);
    EXPECT_TRUE(reading.text_seen);
    EXPECT_EQ(reading.completion_tokens, 12);
    EXPECT_TRUE(reading.error.empty());
}

TEST(ChatLoad, AnErrorEventAndAMissingUsageAreNoticed) {
    StreamReading reading;
    std::string buffer = "data: {\"error\":{\"message\":\"the prompt is too long\"}}\n\ndata: [DONE]\n\n";
    read_stream_events(buffer, reading);
    EXPECT_EQ(reading.error, "the prompt is too long");
    EXPECT_EQ(reading.completion_tokens, -1);
    EXPECT_FALSE(reading.text_seen);
}

} // namespace
} // namespace r1tune::bench
