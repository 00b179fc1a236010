// Whether this process may make a user namespace: the sandbox's isolation needs one. Asked in a
// child, which then just exits, so the test process itself stays where it is.
#pragma once

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

namespace r1tune::testing_support {

inline bool user_namespaces_allowed() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(::unshare(CLONE_NEWUSER) == 0 ? 0 : 1);
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace r1tune::testing_support
