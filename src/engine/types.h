// Small value types shared by the engine's headers, so that code above the engine never needs
// llama.h.
#pragma once

#include <cstdint>

namespace r1tune::engine {

using Token = std::int32_t;   // same width as llama_token
using SequenceId = std::int32_t; // same width as llama_seq_id

} // namespace r1tune::engine
