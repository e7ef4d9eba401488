// Write-then-rename: an output file either appears complete or not at all.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace scorefield {

// Calls write(tmp_path) with a temporary path beside `path`, then renames it over `path`.
// If write throws, the temporary file is removed and nothing is left at `path`.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& tmp)>& write);

// Makes the folder of `path` when it does not exist yet, and fails with a clear message when it
// cannot be made or is not writable, so that long computations do not run only to fail at the end.
void check_writable(const std::filesystem::path& path);

}  // namespace scorefield
