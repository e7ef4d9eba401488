// Reads one scalar array of a 2-D VTK XML image data file (.vti) through VTK's own XML reader
// (engine/vtk/; scorefield_vti library): every encoding, compressor and numeric type ParaView
// writes; point or cell data.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "scorefield/vti_writer.hpp"

namespace scorefield {

struct VtiField {
  torch::Tensor values;  // float32 [ny, nx], row index = y
  ImageGeometry geometry;
  std::array<int64_t, 6> whole_extent{};
  bool cell_data = false;
  std::string name;
};

// False in a build without VTK (SCOREFIELD_WITH_VTK_IO=OFF), where the functions below fail with
// ErrorKind::Unsupported naming the fix.
bool vti_supported();

// Names of the arrays in the file (point data first, then cell data).
std::vector<std::string> vti_array_names(const std::filesystem::path& path);

// Reads `array` (empty: the first scalar array). Fails clearly on a missing file, a missing array
// (listing the ones there are), a 3-D grid, several components or a corrupt payload.
VtiField read_vti(const std::filesystem::path& path, const std::string& array = {});

}  // namespace scorefield
