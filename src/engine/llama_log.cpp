#include "engine/llama_log.h"

#include <cstdio>
#include <mutex>

#include "llama.h"

namespace r1tune::engine {

namespace {

std::mutex g_log_mutex;
std::string g_last_error;
std::string g_partial_line; // llama.cpp sometimes logs one line in several calls
bool g_verbose = false;

void on_llama_log(ggml_log_level level, const char * text, void * /*user_data*/) {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    if (g_verbose) std::fputs(text, stderr);
    if (level == GGML_LOG_LEVEL_CONT) {
        g_partial_line += text;
    } else {
        g_partial_line = text;
    }
    if (level == GGML_LOG_LEVEL_ERROR || level == GGML_LOG_LEVEL_WARN ||
        (level == GGML_LOG_LEVEL_CONT && !g_last_error.empty())) {
        std::string line = g_partial_line;
        while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) g_last_error = line;
    }
}

} // namespace

void init_llama_backend(bool verbose) {
    static std::once_flag once;
    {
        std::lock_guard<std::mutex> lock(g_log_mutex);
        g_verbose = verbose;
    }
    std::call_once(once, [] {
        llama_log_set(on_llama_log, nullptr);
        llama_backend_init();
    });
}

std::string last_llama_error() {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    return g_last_error;
}

void clear_llama_error() {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    g_last_error.clear();
}

} // namespace r1tune::engine
