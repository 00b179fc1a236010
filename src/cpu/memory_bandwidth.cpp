#include "cpu/memory_bandwidth.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <new>
#include <thread>
#include <vector>

namespace r1tune::cpu {

namespace {

// Sums a slice so the compiler cannot drop the reads; 64-bit words, the way a streaming read goes.
std::uint64_t sum_slice(const std::uint64_t * begin, const std::uint64_t * end) {
    std::uint64_t a = 0, b = 0, c = 0, d = 0;
    const std::uint64_t * p = begin;
    for (; p + 4 <= end; p += 4) {
        a += p[0];
        b += p[1];
        c += p[2];
        d += p[3];
    }
    for (; p < end; ++p) a += *p;
    return a + b + c + d;
}

} // namespace

double measure_read_bandwidth(const BandwidthOptions & options) {
    const std::size_t words = options.buffer_bytes / sizeof(std::uint64_t);
    const int threads = std::max(1, options.threads);
    if (words < static_cast<std::size_t>(threads)) return 0;
    std::vector<std::uint64_t> buffer;
    try {
        buffer.assign(words, 1); // touches every page, so the timing sees no page faults
    } catch (const std::bad_alloc &) {
        return 0;
    }
    double best = 0;
    std::vector<std::uint64_t> sums(static_cast<std::size_t>(threads));
    for (int pass = 0; pass < std::max(1, options.passes); ++pass) {
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> readers;
        for (int t = 0; t < threads; ++t) {
            const std::size_t from = words * t / threads, to = words * (t + 1) / threads;
            readers.emplace_back([&, t, from, to] { sums[t] = sum_slice(buffer.data() + from, buffer.data() + to); });
        }
        for (auto & r : readers) r.join();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::uint64_t total = 0;
        for (auto s : sums) total += s;
        if (total != words) return 0; // every word is 1: anything else means the reads went wrong
        if (seconds > 0) best = std::max(best, static_cast<double>(words * sizeof(std::uint64_t)) / seconds);
    }
    return best;
}

} // namespace r1tune::cpu
