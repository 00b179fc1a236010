// The kinds of question the router tells apart. Each has its own profile (scaffold, sampling,
// strategy, verifiers), because what helps a proof hurts a poem.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace r1tune::prompt {

enum class Task { kProof, kCode, kMath, kLogic, kCreative, kChat };

inline constexpr std::array<Task, 6> kAllTasks = {Task::kProof, Task::kCode,     Task::kMath,
                                                  Task::kLogic, Task::kCreative, Task::kChat};

// "proof", "code", "math", "logic", "creative", "chat": the names used in profile tables.
std::string_view to_string(Task task);
std::optional<Task> parse_task(std::string_view name);

} // namespace r1tune::prompt
