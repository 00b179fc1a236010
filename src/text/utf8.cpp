#include "text/utf8.h"

namespace r1tune::text {

namespace {

// Number of bytes a sequence starting with `lead` has, or 0 if `lead` cannot start one.
int sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0; // continuation byte, overlong lead (C0, C1) or beyond U+10FFFF
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Checks the second byte's range, which rules out overlong forms, surrogates and > U+10FFFF.
bool second_byte_ok(unsigned char lead, unsigned char second) {
    switch (lead) {
        case 0xE0: return second >= 0xA0 && second <= 0xBF;
        case 0xED: return second >= 0x80 && second <= 0x9F;
        case 0xF0: return second >= 0x90 && second <= 0xBF;
        case 0xF4: return second >= 0x80 && second <= 0x8F;
        default: return is_continuation(second);
    }
}

// Length of the valid sequence at s[i], or 0 when the bytes there do not form one.
int valid_sequence_at(std::string_view s, std::size_t i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const int len = sequence_length(lead);
    if (len == 0 || i + len > s.size()) return 0;
    if (len > 1 && !second_byte_ok(lead, static_cast<unsigned char>(s[i + 1]))) return 0;
    for (int k = 2; k < len; ++k) {
        if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return 0;
    }
    return len;
}

} // namespace

bool is_valid_utf8(std::string_view s, std::size_t * bad_offset) {
    for (std::size_t i = 0; i < s.size();) {
        const int len = valid_sequence_at(s, i);
        if (len == 0) {
            if (bad_offset) *bad_offset = i;
            return false;
        }
        i += static_cast<std::size_t>(len);
    }
    return true;
}

std::string sanitize_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const int len = valid_sequence_at(s, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER, one per bad byte
            ++i;
        } else {
            out.append(s.substr(i, static_cast<std::size_t>(len)));
            i += static_cast<std::size_t>(len);
        }
    }
    return out;
}

std::size_t complete_utf8_prefix(std::string_view s) {
    // Walk back over at most three continuation bytes to the last lead byte.
    std::size_t n = s.size();
    std::size_t back = 0;
    while (back < 3 && back < n && is_continuation(static_cast<unsigned char>(s[n - 1 - back]))) ++back;
    if (back == n) return n; // only continuation bytes: nothing to wait for, pass them on
    const auto lead = static_cast<unsigned char>(s[n - 1 - back]);
    const int len = sequence_length(lead);
    if (len > 1 && static_cast<std::size_t>(len) > back + 1) return n - 1 - back; // incomplete
    return n;
}

} // namespace r1tune::text
