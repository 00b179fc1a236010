// Status: the result of an operation that can fail for a reason the user must be told.
// Errors carry a kind (which decides the command line's exit code) and one readable sentence.
#pragma once

#include <string>
#include <utility>

namespace r1tune {

enum class ErrorKind {
    kNone = 0,
    kUsage,   // the command line was wrong: exit 2
    kModel,   // the model file is missing, unreadable or not a usable GGUF: exit 3
    kInput,   // the question or another input is unusable: exit 4
    kIo,      // a download, a disk write or another outside resource failed: exit 5
    kInternal, // llama.cpp refused something it should not have: exit 70
    kCancelled // whoever asked stopped waiting (a server's client hung up): exit 130
};

class [[nodiscard]] Status {
public:
    Status() = default;
    static Status ok() { return Status(); }
    static Status usage(std::string m) { return Status(ErrorKind::kUsage, std::move(m)); }
    static Status model(std::string m) { return Status(ErrorKind::kModel, std::move(m)); }
    static Status input(std::string m) { return Status(ErrorKind::kInput, std::move(m)); }
    static Status io(std::string m) { return Status(ErrorKind::kIo, std::move(m)); }
    static Status internal(std::string m) { return Status(ErrorKind::kInternal, std::move(m)); }
    static Status cancelled(std::string m) { return Status(ErrorKind::kCancelled, std::move(m)); }

    bool is_ok() const { return kind_ == ErrorKind::kNone; }
    explicit operator bool() const { return is_ok(); }
    ErrorKind kind() const { return kind_; }
    const std::string & message() const { return message_; }
    // The same error, its sentence led by where it happened ("item 7: ").
    Status prefixed(const std::string & context) const { return Status(kind_, context + message_); }

private:
    Status(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
    ErrorKind kind_ = ErrorKind::kNone;
    std::string message_;
};

} // namespace r1tune
