#include "verify/verdict.h"

namespace r1tune::verify {

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
    case Outcome::kPass: return "pass";
    case Outcome::kFail: return "fail";
    case Outcome::kUnknown: return "unknown";
    }
    return "unknown";
}

} // namespace r1tune::verify
