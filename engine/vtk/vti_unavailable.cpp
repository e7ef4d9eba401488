// A build without VTK (SCOREFIELD_WITH_VTK_IO=OFF, e.g. a GPU machine without ParaView): .vti
// input and output are refused with the way to get them; fields go through HDF5 instead.
#include "scorefield/error.hpp"
#include "scorefield/vti_reader.hpp"
#include "scorefield/vti_series.hpp"

namespace scorefield {

namespace {
[[noreturn]] void no_vti(const std::filesystem::path& path) {
  fail(ErrorKind::Unsupported, "'" + path.string() +
                                   "': this build of ScoreField has no .vti support; rebuild with "
                                   "-DSCOREFIELD_WITH_VTK_IO=ON (needs ParaView's VTK, Debian package paraview-dev), "
                                   "or use .h5 files");
}
}  // namespace

bool vti_supported() { return false; }

std::vector<std::string> vti_array_names(const std::filesystem::path& path) { no_vti(path); }
VtiField read_vti(const std::filesystem::path& path, const std::string&) { no_vti(path); }
std::vector<std::filesystem::path> vti_series_files(const std::filesystem::path& input) { no_vti(input); }
void write_vti(const std::filesystem::path& path, const std::vector<std::pair<std::string, torch::Tensor>>&,
               const ImageGeometry&, bool) {
  no_vti(path);
}

}  // namespace scorefield
