// A throw-away folder for what a child process writes (the code sandbox's program, bench's
// servers and their logs), removed with everything in it when the object goes.
#pragma once

#include <filesystem>
#include <string>

namespace r1tune::process {

class TemporaryFolder {
public:
    // Makes "<root>/<prefix>XXXXXX"; on failure path() is empty and error() says why.
    TemporaryFolder(const std::filesystem::path & root, const std::string & prefix);
    TemporaryFolder(const TemporaryFolder &) = delete;
    TemporaryFolder & operator=(const TemporaryFolder &) = delete;
    ~TemporaryFolder();

    const std::filesystem::path & path() const { return path_; }
    const std::string & error() const { return error_; }

private:
    std::filesystem::path path_;
    std::string error_;
};

// Removes a tree, even one whose programs took their own permissions away.
void remove_tree(const std::filesystem::path & dir);

} // namespace r1tune::process
