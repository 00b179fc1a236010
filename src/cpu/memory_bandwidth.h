// Memory read bandwidth, measured: decoding one token reads every weight once, so on a CPU the
// decode speed of a model is bounded by bandwidth ÷ model bytes. This measures what the
// machine gives now (shared machines give less than the data sheet), with one reader thread per
// physical core, the way llama.cpp reads the weights.
#pragma once

#include <cstddef>

namespace r1tune::cpu {

struct BandwidthOptions {
    std::size_t buffer_bytes = std::size_t{256} << 20; // far larger than any cache
    int threads = 1;
    int passes = 3; // the best pass counts: the others were disturbed
};

// Bytes per second read; 0 if the buffer could not be allocated.
double measure_read_bandwidth(const BandwidthOptions & options);

} // namespace r1tune::cpu
