// Code execution while the model reasons (tool-integrated reasoning). Models trained on tool use
// (Qwen2.5-Math and -Coder) write a Python block and then open an ```output block for its
// result; left alone, a small model invents that result. Here the sequence is stopped right
// after the output block opens, the program runs in the sandbox (verify/code_sandbox: no
// network, time, memory and file limits, a throw-away folder), and its real output (stdout, or
// the error's last line; cut to a bound) is written into that sequence with the closing fence
// (engine's GenerationOptions::write_after), so the model goes on from what the program printed.
//
// Nothing is written, and the model goes on as it would have, when Python is missing, when the
// sandbox cannot cut the network off or keep the file systems read-only outside its folder
// (model-written code is then not run at all), or when the text has used its runs; each such
// case leaves a note in the run's record.
//
// The tool keeps no per-sequence state: a text's runs are its output blocks, so it serves any
// number of sequences (vote samples, beams that fork and die, a restarted trace) alike, and a
// program that one of them already ran is not run again (beams often share their programs).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/language.h"
#include "tools/tool_run.h"
#include "verify/code_sandbox.h"

namespace r1tune::tools {

struct PythonToolOptions {
    verify::CodeRunLimits limits;      // the sandbox's, per run
    int max_runs = 4;                  // per text: a model that loops on its code stops running it
    // Of the output written back (a tail would hide the first lines); with the closing fence it
    // stays within one decode call of the default batch even at a token per byte.
    std::size_t output_bytes = 400;
    text::Language language = text::Language::kEnglish;
};

class PythonTool {
public:
    explicit PythonTool(PythonToolOptions options) : options_(std::move(options)) {}

    // For write_after: when `text` (a sequence's answer, or its thinking while it has no answer)
    // has just opened an output block after a complete Python block, runs that program (or takes
    // its earlier run) and returns its output and the closing fence; otherwise empty.
    std::string after(std::string_view text);

    // The runs behind `text`'s program-and-output pairs, in order: what the trace shows of an
    // answer. A pair whose program the tool never saw (an answer written without it) is left out.
    std::vector<ToolRun> runs_in(std::string_view text) const;

    // Programs run in the sandbox so far, over every text: what execution cost the answer, a
    // vote's unchosen samples included. A program taken from an earlier run is not counted.
    int programs_run() const { return executions_; }

private:
    PythonToolOptions options_;
    std::map<std::string, ToolRun> ran_;     // by program: what it printed
    std::map<std::string, ToolRun> not_run_; // by program: why it could not run, the last time
    int executions_ = 0;
};

// The program whose ```output block `text` has just opened: `text` ends with the output fence's
// line, and the block before it (with only blank lines between) is a complete Python block.
std::optional<std::string> program_before_output(std::string_view text);

} // namespace r1tune::tools
