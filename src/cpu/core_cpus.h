// One logical CPU of every physical core. Pinning one thread to each of these never puts two
// threads on the hyperthreads of one core, which share its SIMD units and would halve each
// other's speed on a compute-bound prompt.
#pragma once

#include <string_view>
#include <vector>

namespace r1tune::cpu {

// From the text of /proc/cpuinfo: the first processor listed for each (physical id, core id)
// pair, in the order they first appear. A file without those lines (some VMs and ARM kernels)
// makes every processor its own core, as cpu::parse_cpuinfo counts them.
std::vector<int> parse_core_cpus(std::string_view cpuinfo);

// This machine's, limited to the CPUs this process may run on (taskset, cgroups).
std::vector<int> read_core_cpus();

} // namespace r1tune::cpu
