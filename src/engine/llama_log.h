// llama.cpp reports problems (a truncated tensor, an unknown architecture) only through its log.
// r1tune keeps that log quiet and remembers the last error lines, so a failure can be told to
// the user as one sentence with llama.cpp's own reason in it.
#pragma once

#include <string>

namespace r1tune::engine {

// Initialises llama.cpp's backends once per process and routes its log through r1tune.
// With `verbose`, llama.cpp's log goes to stderr as well.
void init_llama_backend(bool verbose);

// The most recent error (or warning) llama.cpp logged, without its trailing newline; empty if none.
std::string last_llama_error();
void clear_llama_error();

} // namespace r1tune::engine
