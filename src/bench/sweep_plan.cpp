#include "bench/sweep_plan.h"

#include "cpu/cpu_list.h"

namespace r1tune::bench {

std::string SweepPoint::label() const {
    std::string text = std::to_string(threads) + (threads == 1 ? " thread, " : " threads, ");
    if (cpus.empty()) return text + "not pinned";
    return text + (cpus.size() == 1 ? "pinned to CPU " : "pinned to CPUs ") + cpu::format_cpu_list(cpus);
}

std::vector<SweepPoint> plan_sweep(const std::vector<int> & core_cpus, int max_threads) {
    std::vector<SweepPoint> points;
    for (int threads = 1; threads <= max_threads; ++threads) {
        points.push_back({threads, {}});
        if (threads <= static_cast<int>(core_cpus.size())) {
            points.push_back({threads, std::vector<int>(core_cpus.begin(), core_cpus.begin() + threads)});
        }
    }
    return points;
}

} // namespace r1tune::bench
