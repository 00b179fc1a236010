// Which thread settings the sweep measures: every thread count from 1 up, each once left to the
// scheduler and once pinned one thread per physical core, so the table shows both what the
// count and what the pinning buys on this machine.
#pragma once

#include <string>
#include <vector>

namespace r1tune::bench {

struct SweepPoint {
    int threads = 1;
    std::vector<int> cpus; // thread i on cpus[i]; empty = not pinned

    std::string label() const; // "2 threads, pinned to CPUs 0-1", "1 thread, not pinned"
};

// For 1..max_threads threads: not pinned, then pinned to the first `threads` entries of
// `core_cpus` (one logical CPU per physical core, see core_cpus.h). A count larger than the
// number of cores gets no pinned point: one core per thread is not possible there.
std::vector<SweepPoint> plan_sweep(const std::vector<int> & core_cpus, int max_threads);

} // namespace r1tune::bench
