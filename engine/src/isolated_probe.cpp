#include "scorefield/isolated_probe.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "scorefield/error.hpp"

// Set by AddressSanitizer builds (weak: absent elsewhere). A fuzzing parent installs a callback that
// records the running input as a crash; the child's crash is expected and reported by its status.
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace scorefield {

void probe_isolated(const std::function<void()>& probe, const std::string& what) {
  const char* skip = std::getenv("SCOREFIELD_HDF5_IN_PROCESS");
  if (skip && std::strcmp(skip, "1") == 0) return;
  const pid_t child = fork();
  if (child < 0) return;  // no process to spare: read unprotected rather than refuse the file
  if (child == 0) {
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(nullptr);
    try {
      probe();
    } catch (...) {
      // A clean error: the parent's own read raises it with its message.
    }
    _exit(0);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) return;  // the child cannot be waited for (SIGCHLD ignored): read in process
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  const std::string how = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                              : "exit status " + std::to_string(WEXITSTATUS(status));
  fail(ErrorKind::BadData, what + " is damaged: reading it crashed the HDF5 library in a separate process (" + how +
                               "); restore the file from its source or write it again");
}

}  // namespace scorefield
