// The code in a model's answer: its fenced blocks, the program a code check runs, and the
// program-and-output pairs that models trained on tool use write (and small ones invent the
// output of).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace r1tune::verify {

struct FencedBlock {
    std::string info;          // the first word after the opening fence, lowercased
    std::string_view content;
    std::size_t offset = 0;    // of the content in the answer
};

// Whether a block's info word marks Python: python, py or python3.
bool is_python(std::string_view info);

// The complete fenced blocks of `text`, in order. A block the answer never closed was cut off,
// and running half a program says nothing about the model's solution, so it is left out.
std::vector<FencedBlock> complete_fenced_blocks(std::string_view text);

// The block a code check runs: the last complete one marked python, py or python3 (R1 distills
// often write a draft, then a corrected version), else the last complete unmarked one. A later
// block that defines nothing (no `def` or `class`, e.g. an "example usage" snippet) does not
// displace an earlier one that does. Nothing when no block qualifies.
std::optional<FencedBlock> find_code(std::string_view answer);
// The same block's text.
std::optional<std::string> extract_code(std::string_view answer_text);

// A program and the output the answer says it printed: the last complete ```output block and
// the Python block right before it (models trained on tool use write such pairs, and small ones
// invent what is in the output). Only that block runs: one that uses what an earlier block
// defined raises NameError alone, which refutes nothing.
struct ProgramAndOutput {
    FencedBlock program;
    FencedBlock output;
};
std::optional<ProgramAndOutput> program_and_output(std::string_view answer);
// Every such pair, in order (an output block right after a non-empty Python block).
std::vector<ProgramAndOutput> programs_and_outputs(std::string_view answer);
// Whether the answer shows such a pair (what check_program_output reruns).
bool shows_program_output(std::string_view answer_text);

} // namespace r1tune::verify
