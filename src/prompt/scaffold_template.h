// A scaffold's text with its placeholders: {{question}}, {{notebook}} (mistakes noted earlier)
// and {{feedback}} (what a failed check said). A section {{#notebook}}…{{/notebook}} is left
// out whole while its value is empty, so a scaffold can carry a heading for the notebook that
// disappears until there is something under it. {{! … }} is a comment; the first one is the
// scaffold's one-line description. A tag alone on its line takes the line with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace r1tune::prompt {

struct ScaffoldInputs {
    std::string_view question;
    std::string_view notebook; // empty until the notebook has entries
    std::string_view feedback; // empty on a first attempt
};

class ScaffoldTemplate {
public:
    // Input errors name `origin` (a path, or the built-in file): an unknown placeholder (all of
    // them at once), no {{question}}, a section left open, closed twice or nested, a tag not
    // closed on its line.
    static Status parse(std::string_view text, const std::string & origin, ScaffoldTemplate & out);

    // The whole scaffold, for the user turn; leading and trailing blank space trimmed.
    std::string render(const ScaffoldInputs & inputs) const;

    // The scaffold without the lines that hold {{question}} (and a blank line right before one),
    // for a system turn: the question then travels alone in the user turn.
    std::string render_without_question(const ScaffoldInputs & inputs) const;

    const std::string & description() const { return description_; }

    // Whether it has a {{notebook}} slot that shows: without one, notebook entries must go
    // elsewhere. `without_question`: as render_without_question shows it, which drops a slot on
    // the question's line.
    bool takes_notebook(bool without_question = false) const;

private:
    enum class Slot { kQuestion, kNotebook, kFeedback };
    enum class PieceKind { kText, kValue, kOpenSection, kCloseSection };
    struct Piece {
        PieceKind kind = PieceKind::kText;
        std::string text; // kText only
        Slot slot = Slot::kQuestion;
        bool on_question_line = false;
    };

    std::string render(const ScaffoldInputs & inputs, bool without_question) const;

    std::vector<Piece> pieces_;
    std::string description_;
};

} // namespace r1tune::prompt
