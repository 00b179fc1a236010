#include "cpu/core_cpus.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "cpu/cpu_list.h"
#include "cpu/machine.h"

namespace r1tune::cpu {

std::vector<int> parse_core_cpus(std::string_view cpuinfo) { return parse_cpuinfo(cpuinfo).core_cpus; }

std::vector<int> read_core_cpus() {
    std::ifstream in("/proc/cpuinfo");
    std::ostringstream text;
    text << in.rdbuf();
    const std::vector<int> allowed = allowed_cpus();
    std::vector<int> cpus;
    for (int cpu : parse_core_cpus(text.str())) {
        if (std::binary_search(allowed.begin(), allowed.end(), cpu)) cpus.push_back(cpu);
    }
    return cpus;
}

} // namespace r1tune::cpu
