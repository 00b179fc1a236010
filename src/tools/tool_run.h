// One program the model ran while it reasoned (tools/python_tool), as the trace shows it.
#pragma once

#include <string>

namespace r1tune::tools {

struct ToolRun {
    std::string program;
    std::string output; // what was written into the sequence, without the closing fence
    double ms = 0;      // the run in the sandbox
    std::string note;   // why nothing ran or nothing was written, when that happened
};

} // namespace r1tune::tools
