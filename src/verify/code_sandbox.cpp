#include "verify/code_sandbox.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "process/temporary_folder.h"
#include "text/ascii_text.h"

namespace r1tune::verify {

namespace {

namespace fs = std::filesystem;

using text::Language;

rlim_t cpu_seconds(const CodeRunLimits & limits) {
    return static_cast<rlim_t>((limits.time_limit.count() + 999) / 1000) + 1;
}

std::string errno_text(int error) { return std::strerror(error); }

// Runs `args` isolated and limited as the header says: the process launcher does the isolating.
// With `require_isolation`, a child that did not get it stops before it runs anything.
Status run_sandboxed(const std::vector<std::string> & args, const std::optional<std::vector<std::string>> & env,
                     const std::string & cwd, const CodeRunLimits & limits, bool require_isolation,
                     process::ChildResult & out) {
    process::ChildOptions options;
    options.argv = args;
    options.environment = env;
    options.working_directory = cwd;
    options.isolate = true;
    options.require_isolation = require_isolation;
    // The CPU limit is a backstop for the wall clock: SIGXCPU one second later, then SIGKILL.
    const rlim_t cpu = cpu_seconds(limits);
    options.limits = {
        {RLIMIT_AS, {limits.memory_limit, limits.memory_limit}},
        {RLIMIT_CPU, {cpu, cpu + 1}},
        {RLIMIT_FSIZE, {limits.file_size_limit, limits.file_size_limit}},
        {RLIMIT_CORE, {0, 0}},
    };
    options.time_limit = limits.time_limit;
    options.cancel = limits.cancel;
    options.output_limit = limits.output_limit;
    return process::run_child(options, out);
}

bool write_file(const fs::path & path, std::string_view content) {
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return static_cast<bool>(out);
}

std::optional<std::string> read_file(const fs::path & path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::optional<std::string> find_executable(const std::string & name) {
    const auto runnable = [](const std::string & path) {
        struct stat st{};
        return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
    };
    if (name.find('/') != std::string::npos) {
        if (runnable(name)) return name;
        return std::nullopt;
    }
    const char * path = std::getenv("PATH");
    const std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    for (std::size_t pos = 0; pos <= dirs.size();) {
        const std::size_t end = std::min(dirs.find(':', pos), dirs.size());
        const std::string_view dir = dirs.substr(pos, end - pos);
        const std::string candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + name;
        if (runnable(candidate)) return candidate;
        pos = end + 1;
    }
    return std::nullopt;
}

// Whether a run got the isolation the header promises: no network, every file system read-only
// but its folder, its processes in a namespace of their own. Model-written code runs only where
// it does.
bool isolated(const process::ChildResult & run) {
    return run.network != process::Network::kShared && run.files_read_only && run.processes_contained;
}

// The interpreter behind a PATH entry. Version-manager shims are shell scripts that need the
// user's environment, which the sandbox does not pass on; asking Python for sys.executable once,
// with that environment, gives the binary the sandbox then runs directly. The same probe shows
// whether the sandbox can isolate anything here, before any model-written code runs.
struct Resolved {
    std::string path;      // empty when the interpreter did not start
    std::string problem;   // what happened instead
    bool isolated = false; // the probe got the sandbox's isolation
};

Resolved resolve_interpreter(const std::string & found, const fs::path & cwd, const CodeRunLimits & limits) {
    static std::mutex mutex;
    static std::map<std::string, Resolved> cache; // by the PATH entry found
    {
        std::lock_guard lock(mutex);
        if (const auto it = cache.find(found); it != cache.end()) return it->second;
    }
    // With the user's environment: a shim needs it to find its interpreter.
    process::ChildResult probe;
    const Status started = run_sandboxed({found, "-I", "-c", "import sys; sys.stdout.write(sys.executable)"},
                                         std::nullopt, cwd.string(), limits, /*require_isolation=*/false, probe);
    if (!started || !probe.succeeded()) {
        std::string problem = !started ? started.message() : std::string(text::trim(probe.err));
        if (problem.empty()) problem = "it did not answer the sys.executable probe";
        return {{}, problem, false};
    }
    const std::string executable(text::trim(probe.out));
    const Resolved resolved{find_executable(executable).value_or(found), {}, isolated(probe)};
    std::lock_guard lock(mutex);
    cache.emplace(found, resolved);
    return resolved;
}

} // namespace

SandboxRun run_in_sandbox(const std::vector<std::pair<std::string_view, std::string_view>> & files,
                          std::string_view script, std::string_view report_file, Language language,
                          const CodeRunLimits & limits, std::size_t offset, const std::string & verifier) {
    SandboxRun out;
    const std::optional<std::string> found = find_executable(limits.interpreter);
    if (!found) {
        const bool bare = limits.interpreter.find('/') == std::string::npos;
        out.could_not_run = make_verdict(verifier,
                                         Outcome::kUnknown,
                                         bare ? text::in_language(language, limits.interpreter + " was not found on PATH, so the code could not be run.",
                                             "在 PATH 中找不到 " + limits.interpreter + "，无法运行代码。")
                                             : text::in_language(language, limits.interpreter + " was not found, so the code could not be run.",
                                             "找不到 " + limits.interpreter + "，无法运行代码。"),
                                         "no executable " + limits.interpreter,
                                         offset);
        return out;
    }
    const auto cannot_run = [&](const std::string & why) {
        out.could_not_run = make_verdict(verifier,
                                         Outcome::kUnknown,
                                         text::in_language(language, "The code could not be run: " + why + ".", "无法运行代码：" + why + "。"),
                                         why,
                                         offset);
        return out;
    };
    std::error_code ec;
    const fs::path root = limits.temp_root.empty() ? fs::temp_directory_path(ec) : limits.temp_root;
    if (ec) return cannot_run("no temporary directory (" + ec.message() + ")");
    const process::TemporaryFolder dir(root, "r1tune-code-");
    if (dir.path().empty()) return cannot_run(dir.error());

    const Resolved interpreter = resolve_interpreter(*found, dir.path(), limits);
    if (interpreter.path.empty()) {
        out.could_not_run = make_verdict(verifier,
                                         Outcome::kUnknown,
                                         text::in_language(language, limits.interpreter + " did not start Python, so the code could not be run.",
                                             limits.interpreter + " 无法启动 Python，无法运行代码。"),
                                         interpreter.problem,
                                         offset);
        return out;
    }
    // Code a model wrote is never run with the network and the files open to it: where the kernel
    // refuses the namespaces, the check or the tool goes without the run.
    if (!interpreter.isolated) {
        out.could_not_run = make_verdict(
            verifier, Outcome::kUnknown,
            text::in_language(language, "The sandbox cannot cut the network off or keep the files read-only here, so the code was not run.",
                              "这里的沙箱无法断开网络或保护文件，因此没有运行代码。"),
            "the interpreter's probe got no user, network and mount namespaces", offset);
        return out;
    }
    for (const auto & [name, content] : files) {
        if (!write_file(dir.path() / name, content)) return cannot_run("writing to " + dir.path().string() + " failed");
    }
    const std::string home = dir.path().string();
    if (Status s = run_sandboxed({interpreter.path, "-I", "-X", "utf8", std::string(script)},
                                 std::vector<std::string>{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home,
                                                          "TMPDIR=" + home, "LANG=C.UTF-8"},
                                 home, limits, /*require_isolation=*/true, out.run);
        !s) {
        // The probe's isolation is no promise for this run (a namespace limit reached meanwhile):
        // then the child stopped before the code ran, and the message says so.
        return cannot_run(s.message());
    }
    if (out.run.end == process::ChildResult::End::kCancelled) {
        out.could_not_run = make_verdict(verifier, Outcome::kUnknown,
                                         text::in_language(language, "The code's run was stopped: the request was cancelled.",
                                                           "代码的运行已停止：请求被取消。"),
                                         "cancelled", offset);
        return out;
    }
    if (!report_file.empty()) out.report = read_file(dir.path() / report_file);
    return out;
}

std::string sandbox_text(const process::ChildResult & child, const CodeRunLimits & limits) {
    std::string network;
    switch (child.network) {
    case process::Network::kUserAndNetNamespaces: network = "no network (new user and network namespaces)"; break;
    case process::Network::kNetNamespace:
        network = "no network (new network namespace; user namespaces refused: " + errno_text(child.network_errno) + ")";
        break;
    case process::Network::kShared:
        network = "network not isolated (unshare of user and network namespaces failed: " + errno_text(child.network_errno) + ")";
        break;
    }
    const std::string files = child.files_read_only ? "files read-only outside its folder" : "files not isolated";
    const std::string processes =
        child.processes_contained ? "its processes end with it (PID namespace)" : "processes outside its group may outlive it";
    return "sandbox: " + network + "; " + files + "; " + processes + "; " + seconds_text(limits.time_limit) + " s wall clock, " +
           std::to_string(cpu_seconds(limits)) + " s CPU, " + mib_text(limits.memory_limit) + " MiB address space, " +
           mib_text(limits.file_size_limit) + " MiB per file";
}

std::string seconds_text(std::chrono::milliseconds ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(ms.count()) / 1000.0);
    return buffer;
}

std::string mib_text(std::size_t bytes) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(bytes) / (1 << 20));
    return buffer;
}

} // namespace r1tune::verify
