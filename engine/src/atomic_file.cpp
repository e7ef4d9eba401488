#include "scorefield/atomic_file.hpp"

#include <unistd.h>

#include <fstream>
#include <random>

#include "scorefield/error.hpp"

namespace fs = std::filesystem;

namespace scorefield {

void check_writable(const fs::path& path) {
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    fail(ErrorKind::Io,
         "cannot write '" + path.string() + "': folder '" + dir.string() + "' does not exist (create it first)");
  if (::access(dir.c_str(), W_OK) != 0)
    fail(ErrorKind::Io, "cannot write '" + path.string() + "': folder '" + dir.string() +
                            "' is not writable (choose another output path)");
}

void write_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  check_writable(path);
  std::random_device rd;
  const fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp" + std::to_string(rd()));
  try {
    write(tmp);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) fail(ErrorKind::Io, "cannot move finished output into place at '" + path.string() + "': " + ec.message());
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace scorefield
