#include "cpu_option.h"

#include "cpu/cpu_list.h"

namespace r1tune::cli {

void add_cpus_option(CLI::App & command, std::string & cpus) {
    command.add_option("--cpus", cpus,
                       "pin the compute threads to these logical CPUs, one each (e.g. 0-3 or 0,2,4,6; see `r1tune "
                       "doctor` for one per physical core); the thread count defaults to their number");
}

Status apply_cpus_option(const std::string & cpus, engine::ContextOptions & context) {
    if (cpus.empty()) return Status::ok();
    if (Status s = cpu::parse_cpu_list(cpus, context.cpus); !s) return Status::usage("--cpus: " + s.message());
    return Status::ok();
}

} // namespace r1tune::cli
