#include "verify/code_blocks.h"

#include <algorithm>

#include "text/ascii_text.h"

namespace r1tune::verify {

namespace {

constexpr std::size_t npos = std::string_view::npos;

// A top-level def or class: the block is a solution rather than an example call of one.
bool defines_something(std::string_view code) {
    for (std::size_t pos = 0; pos < code.size();) {
        const std::size_t end = std::min(code.find('\n', pos), code.size());
        const std::string_view line = code.substr(pos, end - pos);
        if (line.starts_with("def ") || line.starts_with("class ") || line.starts_with("async def ")) {
            return true;
        }
        pos = end + 1;
    }
    return false;
}

const FencedBlock * pick(const std::vector<const FencedBlock *> & candidates) {
    if (candidates.empty()) return nullptr;
    for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
        if (defines_something((*it)->content)) return *it;
    }
    return candidates.back();
}

} // namespace

std::vector<FencedBlock> complete_fenced_blocks(std::string_view text) {
    std::vector<FencedBlock> blocks;
    std::size_t fence = 0; // backticks of the open fence; 0 outside a block
    FencedBlock open;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, end - pos);
        const std::size_t next = end < text.size() ? end + 1 : end;
        const std::size_t indent = line.find_first_not_of(' ');
        if (indent != npos && indent <= 3 && line[indent] == '`') {
            const std::size_t ticks = std::min(line.find_first_not_of('`', indent), line.size()) - indent;
            const std::string_view rest = text::trim(line.substr(indent + ticks));
            if (fence == 0 && ticks >= 3 && rest.find('`') == npos) {
                fence = ticks;
                open.info = text::lower_ascii(rest.substr(0, std::min(rest.find_first_of(" \t{"), rest.size())));
                open.offset = next;
            } else if (fence != 0 && ticks >= fence && rest.empty()) {
                open.content = text.substr(open.offset, pos - open.offset);
                blocks.push_back(open);
                fence = 0;
            }
        }
        pos = next;
    }
    return blocks;
}

bool is_python(std::string_view info) { return info == "python" || info == "py" || info == "python3"; }

std::optional<FencedBlock> find_code(std::string_view answer) {
    const std::vector<FencedBlock> blocks = complete_fenced_blocks(answer);
    std::vector<const FencedBlock *> python, unmarked;
    for (const FencedBlock & block : blocks) {
        if (is_python(block.info)) {
            python.push_back(&block);
        } else if (block.info.empty()) {
            unmarked.push_back(&block);
        }
    }
    const FencedBlock * chosen = python.empty() ? pick(unmarked) : pick(python);
    if (chosen == nullptr || text::trim(chosen->content).empty()) return std::nullopt;
    return *chosen;
}

std::optional<std::string> extract_code(std::string_view answer_text) {
    if (const auto block = find_code(answer_text)) return std::string(block->content);
    return std::nullopt;
}

std::vector<ProgramAndOutput> programs_and_outputs(std::string_view answer) {
    const std::vector<FencedBlock> blocks = complete_fenced_blocks(answer);
    std::vector<ProgramAndOutput> pairs;
    for (std::size_t i = 1; i < blocks.size(); ++i) {
        const FencedBlock & before = blocks[i - 1];
        if (blocks[i].info == "output" && is_python(before.info) && !text::trim(before.content).empty()) {
            pairs.push_back(ProgramAndOutput{before, blocks[i]});
        }
    }
    return pairs;
}

std::optional<ProgramAndOutput> program_and_output(std::string_view answer) {
    std::vector<ProgramAndOutput> pairs = programs_and_outputs(answer);
    if (pairs.empty()) return std::nullopt;
    return std::move(pairs.back());
}

bool shows_program_output(std::string_view answer_text) { return program_and_output(answer_text).has_value(); }

} // namespace r1tune::verify
