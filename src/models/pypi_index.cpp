#include "models/pypi_index.h"

#include <cctype>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "models/download.h"
#include "models/sha256.h"

namespace r1tune::models {

Status parse_pinned_package(std::string_view text, PinnedPackage & out) {
    const std::size_t at = text.find("==");
    if (at == std::string_view::npos || at == 0 || at + 2 == text.size() ||
        text.find_first_of(" <>!~=", at + 2) != std::string_view::npos) {
        return Status::internal("the model catalog names the package '" + std::string(text) +
                                "', which is not pinned as NAME==VERSION");
    }
    out = {std::string(text.substr(0, at)), std::string(text.substr(at + 2))};
    return Status::ok();
}

std::string normalized_package_name(std::string_view name) {
    std::string out;
    for (const char c : name) {
        const bool separator = c == '-' || c == '_' || c == '.';
        if (separator) {
            if (out.empty() || out.back() != '-') out += '-';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

Status find_wheel(std::string_view index_json, const PinnedPackage & package, WheelFile & out) {
    const std::string label = package.name + "==" + package.version;
    const nlohmann::json page = nlohmann::json::parse(index_json, nullptr, /*allow_exceptions=*/false);
    if (!page.is_object() || !page.contains("files") || !page["files"].is_array()) {
        return Status::io("the package index did not answer with a list of files for " + label);
    }
    // Wheel names replace the separators of the name with '_' (PEP 427).
    std::string wheel_name = normalized_package_name(package.name);
    for (char & c : wheel_name) c = c == '-' ? '_' : c;
    const std::string prefix = wheel_name + "-" + package.version + "-";
    for (const nlohmann::json & file : page["files"]) {
        if (!file.is_object() || !file.contains("filename") || !file["filename"].is_string()) continue;
        const std::string filename = file["filename"].get<std::string>();
        std::string lowered = filename;
        for (char & c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!lowered.starts_with(prefix) || !lowered.ends_with(".whl")) continue;
        if (!file.contains("url") || !file["url"].is_string()) continue;
        const auto hashes = file.find("hashes");
        std::optional<std::string> sha256;
        if (hashes != file.end() && hashes->is_object() && hashes->contains("sha256") && (*hashes)["sha256"].is_string()) {
            sha256 = normalize_sha256_hex((*hashes)["sha256"].get<std::string>());
        }
        if (!sha256) return Status::io("the package index gives no sha256 for " + filename + "; it is not fetched unchecked");
        out.filename = filename;
        out.url = file["url"].get<std::string>();
        out.sha256 = *sha256;
        out.size = file.contains("size") && file["size"].is_number_unsigned() ? file["size"].get<std::uint64_t>() : 0;
        if (out.filename.find('/') != std::string::npos) return Status::io("the package index names a wheel '" + filename + "'");
        return Status::ok();
    }
    return Status::io("the package index has no wheel of " + label);
}

std::string package_index_url() {
    const char * index = std::getenv("R1TUNE_PYPI_INDEX");
    std::string url = index != nullptr && *index != '\0' ? index : "https://pypi.org/simple";
    while (url.ends_with('/')) url.pop_back();
    return url;
}

Status locate_wheel(const PinnedPackage & package, WheelFile & out) {
    const std::string page_url = package_index_url() + "/" + normalized_package_name(package.name) + "/";
    std::string page;
    if (Status s = fetch_text(page_url, "application/vnd.pypi.simple.v1+json", page); !s) return s;
    if (Status s = find_wheel(page, package, out); !s) return s;
    // A relative URL is relative to the page.
    if (out.url.find("://") == std::string::npos) {
        out.url = out.url.starts_with('/') ? page_url.substr(0, page_url.find('/', page_url.find("://") + 3)) + out.url
                                           : page_url + out.url;
    }
    return Status::ok();
}

} // namespace r1tune::models
