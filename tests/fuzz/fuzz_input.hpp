// Shared by the fuzz targets: the loaders under test take paths, so each input is written to a
// file of this process first. A loader may reject an input only by throwing scorefield::Error;
// any other exception escapes to libFuzzer, which reports it as a defect, like a crash, a hang or
// a sanitizer report.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "scorefield/error.hpp"

namespace scorefield::fuzz {

// One file per process and suffix (libFuzzer's -jobs runs several processes side by side).
inline std::filesystem::path input_file(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
  static const auto dir = std::filesystem::temp_directory_path();
  const auto path = dir / ("scorefield_fuzz_" + std::to_string(::getpid()) + suffix);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();  // the harness itself is broken, not the code under test
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

// Runs `load` on the input's file; a scorefield::Error is the expected way to reject it.
template <class Load>
int load_file(const std::uint8_t* data, std::size_t size, const std::string& suffix, Load&& load) {
  const auto path = input_file(data, size, suffix);
  try {
    load(path);
  } catch (const scorefield::Error&) {
  }
  return 0;
}

}  // namespace scorefield::fuzz
