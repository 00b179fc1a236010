#include "notebook/search_terms.h"

#include <algorithm>
#include <array>
#include <set>

#include "text/characters.h"

namespace r1tune::notebook {

namespace {

// Words every English question has: matching on them says nothing about the problem.
constexpr std::array<std::string_view, 40> kFunctionWords = {
    "a",    "an",   "and",  "are",  "as",   "at",   "be",   "by",   "does", "each", "for",  "from", "has", "have",
    "he",   "her",  "his",  "how",  "if",   "in",   "is",   "it",   "its",  "many", "much", "of",   "on",  "or",
    "she",  "that", "the",  "then", "there", "they", "this", "to",   "was",  "what", "with", "you"};

bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

} // namespace

std::vector<std::string> search_terms(std::string_view text) {
    std::vector<std::string> terms;
    std::set<std::string> seen;
    const auto keep = [&](std::string term) {
        if (seen.insert(term).second) terms.push_back(std::move(term));
    };
    std::string word;
    const auto end_word = [&] {
        if (word.size() >= 2 && std::find(kFunctionWords.begin(), kFunctionWords.end(), word) == kFunctionWords.end()) {
            keep(word);
        }
        word.clear();
    };
    std::string_view previous_ideograph; // the ideograph just before, while a run lasts
    bool run_had_pair = false;
    const auto end_run = [&] {
        if (!previous_ideograph.empty() && !run_had_pair) keep(std::string(previous_ideograph)); // a run of one
        previous_ideograph = {};
        run_had_pair = false;
    };
    for (std::size_t i = 0; i < text.size();) {
        const text::Character c = text::character_at(text, i);
        const std::string_view bytes = text.substr(i, c.length);
        if (is_ascii_letter(c.code_point)) {
            end_run();
            word += static_cast<char>(c.code_point | 0x20); // lowercase
        } else if (text::is_cjk_ideograph(c.code_point)) {
            end_word();
            if (!previous_ideograph.empty()) {
                keep(std::string(previous_ideograph) + std::string(bytes));
                run_had_pair = true;
            }
            previous_ideograph = bytes;
        } else {
            end_word();
            end_run();
        }
        i += c.length;
    }
    end_word();
    end_run();
    return terms;
}

std::string indexed_text(std::string_view text) {
    std::string out;
    for (const std::string & term : search_terms(text)) {
        if (!out.empty()) out += ' ';
        out += term;
    }
    return out;
}

} // namespace r1tune::notebook
