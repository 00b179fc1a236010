#include "process/temporary_folder.h"

#include <cerrno>
#include <cstring>
#include <stdlib.h>

namespace fs = std::filesystem;

namespace r1tune::process {

TemporaryFolder::TemporaryFolder(const fs::path & root, const std::string & prefix) {
    std::string pattern = (root / (prefix + "XXXXXX")).string();
    if (::mkdtemp(pattern.data()) != nullptr) {
        path_ = pattern;
        return;
    }
    const int error = errno; // before anything else may set it
    error_ = "cannot create a temporary folder in " + root.string() + ": " + std::strerror(error);
}

TemporaryFolder::~TemporaryFolder() {
    if (!path_.empty()) remove_tree(path_);
}

void remove_tree(const fs::path & dir) {
    std::error_code ec;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->symlink_status(ec).type() == fs::file_type::directory) remove_tree(it->path());
    }
    fs::remove_all(dir, ec);
}

} // namespace r1tune::process
