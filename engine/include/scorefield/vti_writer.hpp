// Writes 2-D fields as VTK XML image data (.vti) that ParaView opens directly, through VTK's own
// writer (engine/vtk/; scorefield_vti library).
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

namespace scorefield {

struct ImageGeometry {
  std::array<double, 3> origin{0.0, 0.0, 0.0};
  std::array<double, 3> spacing{1.0, 1.0, 1.0};  // the unit torus: set to 1/N by default_geometry
};

// Geometry of the unit torus sampled at N points per side: origin 0, spacing 1/N.
inline ImageGeometry torus_geometry(int64_t n) {
  const double h = 1.0 / static_cast<double>(n);
  return ImageGeometry{{0.0, 0.0, 0.0}, {h, h, h}};
}

// Writes arrays (each [Ny, Nx], row index = y, column index = x) atomically, as point data, or
// as cell data (the grid then has Nx+1 x Ny+1 points). Field data: named strings recorded beside.
// Format: XML ImageData with inline base64 float32 data and UInt64 headers. Fails with
// ErrorKind::Unsupported in a build without VTK (vti_supported()).
void write_vti(const std::filesystem::path& path, const std::vector<std::pair<std::string, torch::Tensor>>& arrays,
               const ImageGeometry& geometry, bool cell_data = false);

}  // namespace scorefield
