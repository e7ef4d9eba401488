// The .vti (or .pvti) files of one simulation run, in time order: a single file, a folder of them
// (sorted by name, as ParaView groups a numbered series), or a ParaView collection (.pvd).
#pragma once

#include <filesystem>
#include <vector>

namespace scorefield {

// Fails clearly on a missing input, an empty folder, a damaged .pvd, a collection entry that is
// not a .vti or .pvti file or does not exist, and in a build without VTK (vti_supported() is false).
std::vector<std::filesystem::path> vti_series_files(const std::filesystem::path& input);

}  // namespace scorefield
