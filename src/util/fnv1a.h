// FNV-1a, 64 bits: a stable digest (the same on every build and machine, unlike std::hash) for
// noticing that bytes changed, whether damaged on disk or edited between runs. Not a defence
// against tampering.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace r1tune {

class Fnv1a {
public:
    void add(const void * data, std::size_t size) {
        const auto * bytes = static_cast<const std::uint8_t *>(data);
        for (std::size_t i = 0; i < size; ++i) hash_ = (hash_ ^ bytes[i]) * 0x100000001b3ull;
    }
    void add(std::string_view text) { add(text.data(), text.size()); }
    std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

} // namespace r1tune
