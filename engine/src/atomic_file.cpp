#include "scorefield/atomic_file.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include <fstream>
#include <random>

#include "scorefield/error.hpp"

namespace fs = std::filesystem;

namespace scorefield {

void check_writable(const fs::path& path) {
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  // An output folder that does not exist yet is made, as `mkdir -p` would: users name the folder
  // of a new run on the command line and expect it to appear.
  if (!fs::exists(dir, ec)) fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec))
    fail(ErrorKind::Io, "cannot write '" + path.string() + "': folder '" + dir.string() +
                            "' cannot be created (a file of that name is in the way, or its parent is read-only)");
  if (::access(dir.c_str(), W_OK) != 0)
    fail(ErrorKind::Io, "cannot write '" + path.string() + "': folder '" + dir.string() +
                            "' is not writable (choose another output path)");
}

namespace {

// Fault injection for the kill-and-resume tests (tests/train_kill_resume.py):
// SCOREFIELD_FAULT_STOP_AT_WRITE="N:in" stops this process (SIGSTOP) during its N-th atomic write,
// with the temporary file complete and not yet renamed; "N:after" stops it just after the rename.
// The test then kills the stopped process, so each kill lands at a moment it chose, however fast
// or loaded the machine. Unset (always, outside those tests) it costs one getenv per process.
void stop_here_if_asked(const char* moment) {
  static int writes = 0;
  static const char* wanted = std::getenv("SCOREFIELD_FAULT_STOP_AT_WRITE");
  if (!wanted) return;
  const std::string spec(wanted);
  const auto colon = spec.find(':');
  if (colon == std::string::npos) return;
  if (std::string(moment) == "in") ++writes;
  if (std::atoi(spec.c_str()) == writes && spec.substr(colon + 1) == moment) std::raise(SIGSTOP);
}

}  // namespace

void write_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  check_writable(path);
  std::random_device rd;
  const fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp" + std::to_string(rd()));
  try {
    write(tmp);
    stop_here_if_asked("in");
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) fail(ErrorKind::Io, "cannot move finished output into place at '" + path.string() + "': " + ec.message());
    stop_here_if_asked("after");
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace scorefield
