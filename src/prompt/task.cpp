#include "prompt/task.h"

namespace r1tune::prompt {

std::string_view to_string(Task task) {
    switch (task) {
        case Task::kProof: return "proof";
        case Task::kCode: return "code";
        case Task::kMath: return "math";
        case Task::kLogic: return "logic";
        case Task::kCreative: return "creative";
        case Task::kChat: return "chat";
    }
    return "chat";
}

std::optional<Task> parse_task(std::string_view name) {
    for (Task task : kAllTasks) {
        if (to_string(task) == name) return task;
    }
    return std::nullopt;
}

} // namespace r1tune::prompt
