#include <cstdio>

#include "commands.h"

namespace r1tune::cli {

int exit_code_for(const Status & status) {
    switch (status.kind()) {
        case ErrorKind::kNone: return 0;
        case ErrorKind::kUsage: return 2;
        case ErrorKind::kModel: return 3;
        case ErrorKind::kInput: return 4;
        case ErrorKind::kIo: return 5;
        case ErrorKind::kInternal: return 70; // not 1: `check` exits 1 for a failed check
        case ErrorKind::kCancelled: return 130; // as a shell reports a command stopped by Ctrl-C
    }
    return 70;
}

int report_error(const Status & status) {
    std::fprintf(stderr, "r1tune: %s\n", status.message().c_str());
    return exit_code_for(status);
}

} // namespace r1tune::cli
