#include "prompt/scaffold_template.h"

#include <algorithm>
#include <optional>

#include "text/ascii_text.h"

namespace r1tune::prompt {

namespace {

constexpr std::string_view kKnownPlaceholders = "{{question}}, {{notebook}}, {{feedback}}";

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}


// One piece of a line: literal text, or a tag with its sigil taken off.
struct Token {
    enum class Kind { kText, kComment, kOpen, kClose, kValue };
    Kind kind = Kind::kText;
    std::string_view text; // the literal, the comment, or the placeholder's name
};

// Cuts a line into tokens; false when a {{ is not closed on it.
bool tokenize_line(std::string_view line, std::vector<Token> & tokens) {
    tokens.clear();
    for (std::size_t pos = 0; pos < line.size();) {
        const std::size_t open = line.find("{{", pos);
        if (open == std::string_view::npos) {
            tokens.push_back({Token::Kind::kText, line.substr(pos)});
            break;
        }
        if (open > pos) tokens.push_back({Token::Kind::kText, line.substr(pos, open - pos)});
        const std::size_t close = line.find("}}", open + 2);
        if (close == std::string_view::npos) return false;
        const std::string_view tag = text::trim(line.substr(open + 2, close - open - 2));
        const char sigil = tag.empty() ? '\0' : tag.front();
        const Token::Kind kind = sigil == '!' ? Token::Kind::kComment
                               : sigil == '#' ? Token::Kind::kOpen
                               : sigil == '/' ? Token::Kind::kClose
                                              : Token::Kind::kValue;
        tokens.push_back({kind, text::trim(kind == Token::Kind::kValue ? tag : tag.substr(1))});
        pos = close + 2;
    }
    return true;
}

// A line holding nothing but one section or comment tag vanishes with the tag, so that
// sections and comments do not leave blank lines behind.
bool is_standalone(const std::vector<Token> & tokens) {
    std::size_t tags = 0;
    for (const Token & token : tokens) {
        if (token.kind == Token::Kind::kValue) return false;
        if (token.kind == Token::Kind::kText) {
            if (!is_blank(token.text)) return false;
        } else {
            ++tags;
        }
    }
    return tags == 1;
}

} // namespace

Status ScaffoldTemplate::parse(std::string_view text, const std::string & origin, ScaffoldTemplate & out) {
    auto slot_of = [](std::string_view name) -> std::optional<Slot> {
        if (name == "question") return Slot::kQuestion;
        if (name == "notebook") return Slot::kNotebook;
        if (name == "feedback") return Slot::kFeedback;
        return std::nullopt;
    };
    auto at_line = [&origin](int line) { return origin + " line " + std::to_string(line); };

    ScaffoldTemplate parsed;
    std::vector<std::string> unknown; // every unknown name once, in order, to report them together
    bool has_question = false;
    Slot open_slot = Slot::kQuestion;
    std::string_view open_name; // empty while no section is open
    int open_line = 0;
    std::vector<Token> tokens;
    int line_number = 0;
    // A blank line right before a question's line goes with it when the question is a paragraph
    // of its own (the line after it ends the paragraph: blank, a section or comment tag, the
    // end), so that the paragraphs around it stay one blank line apart without it.
    std::optional<std::size_t> blank_line_piece; // the piece of the line before, when that line was blank
    std::optional<std::size_t> blank_before_question; // such a piece, until the next line decides
    for (std::size_t start = 0; start < text.size();) {
        ++line_number;
        const std::size_t newline = text.find('\n', start);
        const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
        const std::string_view line = text.substr(start, end - start);
        start = end;
        if (!tokenize_line(line, tokens)) {
            return Status::input(at_line(line_number) + ": a {{ is not closed by }} on the same line");
        }

        const bool standalone = is_standalone(tokens);
        const bool blank = tokens.size() == 1 && tokens.front().kind == Token::Kind::kText && is_blank(tokens.front().text);
        if (blank_before_question && (blank || standalone)) parsed.pieces_[*blank_before_question].on_question_line = true;
        blank_before_question.reset();
        const std::size_t first_piece_of_line = parsed.pieces_.size();
        bool on_question_line = false;
        for (const Token & token : tokens) {
            if (token.kind == Token::Kind::kText) {
                if (!standalone) parsed.pieces_.push_back({PieceKind::kText, std::string(token.text)});
                continue;
            }
            if (token.kind == Token::Kind::kComment) {
                if (parsed.description_.empty()) parsed.description_ = std::string(token.text);
                continue;
            }
            const std::optional<Slot> slot = slot_of(token.text);
            if (!slot) {
                const std::string shown = "{{" + std::string(token.text) + "}}";
                if (std::find(unknown.begin(), unknown.end(), shown) == unknown.end()) unknown.push_back(shown);
                continue;
            }
            Piece piece{PieceKind::kValue, {}, *slot};
            if (token.kind == Token::Kind::kOpen) {
                if (!open_name.empty()) {
                    return Status::input(at_line(line_number) + ": {{#" + std::string(token.text) +
                                         "}} opens a section inside {{#" + std::string(open_name) +
                                         "}}, and sections cannot nest");
                }
                open_slot = *slot;
                open_name = token.text;
                open_line = line_number;
                piece.kind = PieceKind::kOpenSection;
            } else if (token.kind == Token::Kind::kClose) {
                if (open_name.empty() || open_slot != *slot) {
                    return Status::input(at_line(line_number) + ": {{/" + std::string(token.text) +
                                         "}} closes no open {{#" + std::string(token.text) + "}} section");
                }
                open_name = {};
                piece.kind = PieceKind::kCloseSection;
            } else if (*slot == Slot::kQuestion) {
                has_question = on_question_line = true;
            }
            parsed.pieces_.push_back(std::move(piece));
        }
        for (std::size_t i = first_piece_of_line; i < parsed.pieces_.size(); ++i) {
            parsed.pieces_[i].on_question_line = on_question_line;
        }
        if (on_question_line) blank_before_question = blank_line_piece;
        blank_line_piece = blank ? std::optional<std::size_t>(first_piece_of_line) : std::nullopt;
    }
    if (blank_before_question) parsed.pieces_[*blank_before_question].on_question_line = true;

    if (!unknown.empty()) {
        std::string names;
        for (const std::string & name : unknown) {
            if (!names.empty()) names += ", ";
            names += name;
        }
        return Status::input(origin + (unknown.size() == 1 ? " uses an unknown placeholder " : " uses unknown placeholders ") +
                             names + " (known: " + std::string(kKnownPlaceholders) + ")");
    }
    if (!open_name.empty()) {
        return Status::input(at_line(open_line) + ": {{#" + std::string(open_name) + "}} is never closed by {{/" +
                             std::string(open_name) + "}}");
    }
    if (!has_question) {
        return Status::input(origin + " has no {{question}} placeholder, so the question would never reach the model");
    }
    out = std::move(parsed);
    return Status::ok();
}

std::string ScaffoldTemplate::render(const ScaffoldInputs & inputs) const { return render(inputs, false); }

std::string ScaffoldTemplate::render_without_question(const ScaffoldInputs & inputs) const {
    return render(inputs, true);
}

std::string ScaffoldTemplate::render(const ScaffoldInputs & inputs, bool without_question) const {
    auto value_of = [&inputs](Slot slot) {
        switch (slot) {
            case Slot::kQuestion: return inputs.question;
            case Slot::kNotebook: return inputs.notebook;
            case Slot::kFeedback: return inputs.feedback;
        }
        return std::string_view();
    };
    std::string out;
    bool skipping = false;
    for (const Piece & piece : pieces_) {
        switch (piece.kind) {
            case PieceKind::kOpenSection: skipping = value_of(piece.slot).empty(); break;
            case PieceKind::kCloseSection: skipping = false; break;
            case PieceKind::kText:
            case PieceKind::kValue:
                if (skipping || (without_question && piece.on_question_line)) break;
                out += piece.kind == PieceKind::kText ? std::string_view(piece.text) : value_of(piece.slot);
                break;
        }
    }
    const std::size_t first = out.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const std::size_t last = out.find_last_not_of(" \t\r\n");
    return out.substr(first, last - first + 1);
}

bool ScaffoldTemplate::takes_notebook(bool without_question) const {
    return std::any_of(pieces_.begin(), pieces_.end(), [without_question](const Piece & p) {
        return p.kind == PieceKind::kValue && p.slot == Slot::kNotebook && !(without_question && p.on_question_line);
    });
}

} // namespace r1tune::prompt
