// The parts of `r1tune bench`, as --sections names them.
#pragma once

#include <string_view>
#include <vector>

#include "util/status.h"

namespace r1tune::bench {

enum class Section {
    kSingle,  // one sequence: prompt, decode, time to first token, peak memory (llama-bench)
    kBatched, // 1, 2, 4, 8 sequences sharing a prompt (llama-batched-bench)
    kSweep,   // thread counts, pinned and not (llama-bench)
    kPrefix,  // first token behind a shared prefix: cold, kept, restored from disk (llama-server)
    kServe,   // r1tune serve and llama-server under 1, 2, 4 clients: throughput, first text
    kSpec,    // speculative decoding on real answers, each side's against its plain decoding (llama-server)
};

std::string_view section_name(Section section);

// A comma-separated list such as "single,sweep", in the order given, without repeats; an empty
// or unknown name is a usage error that lists the known ones.
Status parse_sections(std::string_view list, std::vector<Section> & out);

} // namespace r1tune::bench
