#include "models/catalog.h"

#include <set>

#include <nlohmann/json.hpp>

#include "models/sha256.h"

namespace r1tune::models {

namespace {

using nlohmann::json;

Status malformed(const std::string & what) {
    return Status::internal("the model catalog is malformed: " + what);
}

// Where an entry's problem is, for error messages: its name once that is known.
std::string entry_label(std::size_t index, const std::string & name) {
    return name.empty() ? "model #" + std::to_string(index + 1) : "model '" + name + "'";
}

Status read_required_string(const json & object, const char * key, const std::string & where,
                            std::string & out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string() || it->get_ref<const std::string &>().empty()) {
        return malformed(where + " needs a non-empty string \"" + key + "\"");
    }
    out = it->get<std::string>();
    return Status::ok();
}

// A field that may be absent or null.
Status read_optional_string(const json & object, const char * key, const std::string & where,
                            std::optional<std::string> & out) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return Status::ok();
    if (!it->is_string()) return malformed(where + ": \"" + key + "\" must be a string or null");
    out = it->get<std::string>();
    return Status::ok();
}

Status parse_entry(const json & object, std::size_t index, ModelEntry & entry) {
    if (!object.is_object()) return malformed(entry_label(index, "") + " is not an object");
    if (Status s = read_required_string(object, "name", entry_label(index, ""), entry.name); !s) {
        return s;
    }
    const std::string where = entry_label(index, entry.name);

    if (Status s = read_required_string(object, "file", where, entry.file); !s) return s;
    // The file name is joined to the cache folder, so it must not climb out of it.
    if (entry.file.find('/') != std::string::npos || entry.file == "." || entry.file == "..") {
        return malformed(where + ": \"file\" must be a plain file name");
    }

    const auto bytes = object.find("bytes");
    if (bytes == object.end() || !bytes->is_number_unsigned() || bytes->get<std::uint64_t>() == 0) {
        return malformed(where + " needs a positive integer \"bytes\"");
    }
    entry.bytes = bytes->get<std::uint64_t>();

    std::optional<std::string> sha256;
    if (Status s = read_optional_string(object, "sha256", where, sha256); !s) return s;
    if (sha256) {
        entry.sha256 = normalize_sha256_hex(*sha256);
        if (!entry.sha256) return malformed(where + ": \"sha256\" must be 64 hex digits");
    }

    if (Status s = read_optional_string(object, "url", where, entry.url); !s) return s;
    if (entry.url && !entry.url->starts_with("https://") && !entry.url->starts_with("http://")) {
        return malformed(where + ": \"url\" must start with http:// or https://");
    }

    if (const auto pypi = object.find("pypi"); pypi != object.end()) {
        if (!pypi->is_array()) return malformed(where + ": \"pypi\" must be a list of packages");
        for (const json & package : *pypi) {
            if (!package.is_string()) return malformed(where + ": \"pypi\" must list strings");
            entry.pypi.push_back(package.get<std::string>());
        }
    }
    if (!entry.url && entry.pypi.empty()) {
        return malformed(where + " has neither a \"url\" nor \"pypi\" packages to get it from");
    }

    std::optional<std::string> description;
    if (Status s = read_optional_string(object, "description", where, description); !s) return s;
    entry.description = description.value_or("");
    return Status::ok();
}

} // namespace

Status Catalog::parse(std::string_view json_text, Catalog & catalog) {
    const json root = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) return malformed("it is not valid JSON");
    if (!root.is_object()) return malformed("the top level must be an object");

    const auto models = root.find("models");
    if (models == root.end() || !models->is_array() || models->empty()) {
        return malformed("\"models\" must be a non-empty list");
    }
    Catalog parsed;
    std::set<std::string> names;
    for (std::size_t i = 0; i < models->size(); ++i) {
        ModelEntry entry;
        if (Status s = parse_entry((*models)[i], i, entry); !s) return s;
        if (!names.insert(entry.name).second) {
            return malformed("the name '" + entry.name + "' is used twice");
        }
        parsed.models_.push_back(std::move(entry));
    }

    std::string default_name;
    if (Status s = read_required_string(root, "default", "the catalog", default_name); !s) return s;
    const ModelEntry * default_entry = parsed.find(default_name);
    if (default_entry == nullptr) {
        return malformed("the default '" + default_name + "' is not one of its models");
    }
    parsed.default_index_ = static_cast<std::size_t>(default_entry - parsed.models_.data());

    catalog = std::move(parsed);
    return Status::ok();
}

const ModelEntry * Catalog::find(std::string_view name) const {
    for (const ModelEntry & entry : models_) {
        if (entry.name == name) return &entry;
    }
    return nullptr;
}

Status load_embedded_catalog(Catalog & catalog) {
    return Catalog::parse(embedded_catalog_json(), catalog);
}

} // namespace r1tune::models
