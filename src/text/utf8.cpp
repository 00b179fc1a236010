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

} // namespace

bool is_valid_utf8(std::string_view s, std::size_t * bad_offset) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const int len = sequence_length(lead);
        bool ok = len > 0 && i + len <= s.size();
        if (ok && len > 1) {
            ok = second_byte_ok(lead, static_cast<unsigned char>(s[i + 1]));
            for (int k = 2; ok && k < len; ++k) ok = is_continuation(static_cast<unsigned char>(s[i + k]));
        }
        if (!ok) {
            if (bad_offset) *bad_offset = i;
            return false;
        }
        i += len;
    }
    return true;
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
