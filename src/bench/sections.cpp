#include "bench/sections.h"

#include <algorithm>
#include <string>

namespace r1tune::bench {

namespace {

constexpr Section kAll[] = {Section::kSingle, Section::kBatched, Section::kSweep, Section::kPrefix, Section::kServe, Section::kSpec};

} // namespace

std::string_view section_name(Section section) {
    switch (section) {
        case Section::kSingle: return "single";
        case Section::kBatched: return "batched";
        case Section::kSweep: return "sweep";
        case Section::kPrefix: return "prefix";
        case Section::kServe: return "serve";
        case Section::kSpec: return "spec";
    }
    return "";
}

Status parse_sections(std::string_view list, std::vector<Section> & out) {
    std::string known;
    for (Section s : kAll) known += (known.empty() ? "" : ", ") + std::string(section_name(s));
    std::vector<Section> sections;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = list.find(',', start);
        const std::string_view name = list.substr(start, comma == std::string_view::npos ? list.npos : comma - start);
        const auto match = std::find_if(std::begin(kAll), std::end(kAll), [&](Section s) { return section_name(s) == name; });
        if (match == std::end(kAll)) {
            return Status::usage(name.empty() ? "--sections has an empty entry (known: " + known + ")"
                                              : "unknown section '" + std::string(name) + "' (known: " + known + ")");
        }
        if (std::find(sections.begin(), sections.end(), *match) == sections.end()) sections.push_back(*match);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    out = std::move(sections);
    return Status::ok();
}

} // namespace r1tune::bench
