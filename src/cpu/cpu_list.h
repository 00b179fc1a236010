// CPU lists as people write them for taskset and /sys ("0-3", "0,2,4-5"), and the CPUs this
// process may run on. A session pins its compute threads to such a list (ContextOptions::cpus).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace r1tune::cpu {

// Beyond any machine r1tune runs on; also keeps a typo such as "0-100000" from becoming a
// hundred thousand entries.
inline constexpr int kMaxCpuNumber = 1023;

// Parses comma-separated CPU numbers and inclusive ranges into `out`, sorted and without
// duplicates ("3,0-1,1" gives 0,1,3). An empty list or entry, a reversed range, a negative
// number, one above kMaxCpuNumber or anything else is a usage error naming the bad entry, and
// leaves `out` untouched.
Status parse_cpu_list(std::string_view text, std::vector<int> & out);

// The compact form of a sorted list without duplicates: runs become ranges ("0-3,5,7-8").
std::string format_cpu_list(const std::vector<int> & cpus);

// The logical CPUs this process may run on (its affinity mask, which taskset and cgroups
// narrow), sorted.
std::vector<int> allowed_cpus();

} // namespace r1tune::cpu
