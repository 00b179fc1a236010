#include "notebook/retrieval.h"

#include <algorithm>
#include <set>

#include "notebook/notebook_text.h"
#include "notebook/search_terms.h"
#include "prompt/scaffold_library.h"

namespace r1tune::notebook {

namespace {

// What the router's agreement is worth next to the text's rank (1 for the closest, falling as
// 1 / rank): the same problem family says more than any shared word, the same task a little.
constexpr double kSameFamily = 2.0;
constexpr double kSameTask = 0.5;
constexpr double kSameLanguage = 0.25;

int shared_terms(const std::set<std::string> & question_terms, const Entry & e) {
    int n = 0;
    for (const std::string & term : search_terms(e.question)) n += question_terms.contains(term);
    return n;
}

} // namespace

double utility(const Entry & e) {
    const int shown = e.shown_right + e.shown_failed;
    return (e.shown_right + 1.0) / (shown + 2.0);
}

Status retrieve(NotebookStore & store, const RetrievalQuery & query, const RetrievalOptions & options,
                const std::function<int(std::string_view)> & count_tokens, std::vector<Retrieved> & out) {
    out.clear();
    if (options.max_entries <= 0 || options.token_budget <= 0) return Status::ok();
    std::vector<Hit> hits;
    if (Status s = store.search(query.question + " " + query.family, options.candidates, hits); !s) return s;
    const std::vector<std::string> terms = search_terms(query.question);
    const std::set<std::string> question_terms(terms.begin(), terms.end());
    const std::string language(prompt::language_code(query.language));

    std::vector<Retrieved> ranked;
    for (std::size_t rank = 0; rank < hits.size(); ++rank) {
        const Entry & e = hits[rank].entry;
        Retrieved r{e, 1.0 / static_cast<double>(rank + 1), ""};
        r.why = std::to_string(shared_terms(question_terms, e)) + " shared words";
        if (!query.family.empty() && e.family == query.family) {
            r.score += kSameFamily;
            r.why += ", same family " + e.family;
        }
        if (e.task == query.task) {
            r.score += kSameTask;
            r.why += ", same task";
        }
        if (e.language == language) r.score += kSameLanguage;
        // Even odds leave the score as it is; an entry that kept failing loses most of it.
        r.score *= 2.0 * utility(e);
        if (e.shown_right + e.shown_failed > 0) {
            r.why += ", shown " + std::to_string(e.shown_right + e.shown_failed) + " times, " +
                     std::to_string(e.shown_right) + " right";
        }
        ranked.push_back(std::move(r));
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Retrieved & a, const Retrieved & b) { return a.score > b.score; });

    std::set<std::string> questions, corrections;
    int tokens = 0;
    for (Retrieved & r : ranked) {
        if (static_cast<int>(out.size()) == options.max_entries) break;
        if (questions.contains(r.entry.question) || corrections.contains(r.entry.correction)) continue;
        // Counted as the model will read it, with the blank line that separates entries.
        const int cost = count_tokens(entry_text(r.entry, query.language) + "\n\n");
        if (tokens + cost > options.token_budget) continue; // a shorter one further down may fit
        tokens += cost;
        questions.insert(r.entry.question);
        corrections.insert(r.entry.correction);
        out.push_back(std::move(r));
    }
    return Status::ok();
}

} // namespace r1tune::notebook
