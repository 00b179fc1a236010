#include "tools/python_tool.h"

#include <chrono>

#include "text/ascii_text.h"
#include "text/characters.h"
#include "text/utf8.h"
#include "verify/code_blocks.h"

namespace r1tune::tools {

namespace {

using Clock = std::chrono::steady_clock;

// The output as the model reads it: stdout of a clean run; else stdout so far and the last line
// of stderr (the exception), or what stopped the program. Cut on a character boundary, and made
// valid UTF-8 (a program may print any bytes).
std::string shown_output(const process::ChildResult & run, const PythonToolOptions & options) {
    std::string shown = run.out;
    if (!shown.empty() && shown.back() != '\n' && !run.succeeded()) shown += '\n';
    if (run.end == process::ChildResult::End::kTimedOut) {
        shown += text::in_language(options.language, "(stopped: no result within the time limit)",
                                   "（已停止：超过时间限制仍未结束）");
    } else if (!run.succeeded()) {
        std::string_view err = text::trim(run.err);
        if (const std::size_t newline = err.find_last_of('\n'); newline != std::string_view::npos) {
            err.remove_prefix(newline + 1);
        }
        shown += err.empty() ? run.failure() : std::string(err);
    }
    shown = text::sanitize_utf8(shown);
    if (shown.size() > options.output_bytes) shown = std::string(text::cut_to_bytes(shown, options.output_bytes)) + "…";
    if (!shown.empty() && shown.back() != '\n') shown += '\n';
    return shown;
}

} // namespace

std::optional<std::string> program_before_output(std::string_view text) {
    // The output fence's line, just written: "```output" and its line break.
    std::string_view rest = text;
    if (rest.ends_with("\r\n")) rest.remove_suffix(2);
    else if (rest.ends_with('\n')) rest.remove_suffix(1);
    else return std::nullopt;
    const std::size_t line_start = rest.find_last_of('\n') + 1; // npos + 1 = 0: the first line
    if (text::trim(rest.substr(line_start)) != "```output") return std::nullopt;
    const std::string_view before = text.substr(0, line_start);
    const std::vector<verify::FencedBlock> blocks = verify::complete_fenced_blocks(before);
    if (blocks.empty() || !verify::is_python(blocks.back().info)) return std::nullopt;
    const verify::FencedBlock & program = blocks.back();
    // Only the closing fence and blank lines between the program and its output block.
    const std::size_t closing = before.find('\n', program.offset + program.content.size());
    if (closing == std::string_view::npos || !text::trim(before.substr(closing)).empty()) return std::nullopt;
    if (text::trim(program.content).empty()) return std::nullopt;
    return std::string(program.content);
}

std::string PythonTool::after(std::string_view text) {
    if (!text.ends_with('\n')) return {}; // cheap: the fence's line ends with a line break
    const std::optional<std::string> program = program_before_output(text);
    if (!program) return {};
    // The limit first: a model that loops on one program must stop getting its output too.
    if (static_cast<int>(verify::programs_and_outputs(text).size()) >= options_.max_runs) return {};
    if (const auto known = ran_.find(*program); known != ran_.end()) return known->second.output + "```\n";
    ToolRun run;
    run.program = *program;
    const auto start = Clock::now();
    const verify::SandboxRun sandboxed =
        verify::run_in_sandbox({{"program.py", *program}}, "program.py", "", options_.language, options_.limits, 0, "tool");
    run.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (sandboxed.could_not_run) {
        // Not kept as the program's result: the next text may find Python or a temporary folder.
        run.note = sandboxed.could_not_run->sentence;
        not_run_[*program] = std::move(run);
        return {};
    }
    ++executions_;
    run.output = shown_output(sandboxed.run, options_);
    std::string written = run.output + "```\n";
    ran_.emplace(*program, std::move(run));
    return written;
}

std::vector<ToolRun> PythonTool::runs_in(std::string_view text) const {
    std::vector<ToolRun> out;
    const std::vector<verify::ProgramAndOutput> pairs = verify::programs_and_outputs(text);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const std::string program(pairs[i].program.content);
        if (static_cast<int>(i) >= options_.max_runs) {
            ToolRun refused;
            refused.program = program;
            refused.note = text::in_language(options_.language,
                                             "This answer had used its program runs; the model went on without one.",
                                             "这个回答的程序运行次数已用完，模型在没有运行结果的情况下继续。");
            out.push_back(std::move(refused));
        } else if (const auto ran = ran_.find(program); ran != ran_.end()) {
            out.push_back(ran->second);
        } else if (const auto failed = not_run_.find(program); failed != not_run_.end()) {
            out.push_back(failed->second);
        }
    }
    return out;
}

} // namespace r1tune::tools
