#include "scorefield/vti_writer.hpp"

#include <fstream>
#include <sstream>

#include "scorefield/atomic_file.hpp"
#include "scorefield/error.hpp"

namespace scorefield {

ImageGeometry torus_geometry(int64_t n) {
  ImageGeometry g;
  const double h = 1.0 / static_cast<double>(n);
  g.spacing = {h, h, h};
  return g;
}

void write_vti(const std::filesystem::path& path, const std::vector<std::pair<std::string, torch::Tensor>>& arrays,
               const ImageGeometry& g, bool cell_data) {
  require(!arrays.empty(), "nothing to write to '" + path.string() + "'");
  const int64_t ny = arrays.front().second.size(0), nx = arrays.front().second.size(1);
  std::vector<torch::Tensor> data;
  for (const auto& [name, t] : arrays) {
    require(t.dim() == 2 && t.size(0) == ny && t.size(1) == nx,
            "array '" + name + "' does not match the grid of the first array");
    data.push_back(t.to(torch::kCPU, torch::kFloat32).contiguous());
  }
  std::ostringstream xml;
  xml.precision(17);
  const int64_t last = cell_data ? 0 : 1;  // cell data: the last point index equals the cell count
  const std::string extent =
      "0 " + std::to_string(nx - last) + " 0 " + std::to_string(ny - last) + " 0 0";
  xml << "<?xml version=\"1.0\"?>\n"
      << "<VTKFile type=\"ImageData\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">\n"
      << "  <ImageData WholeExtent=\"" << extent << "\" Origin=\"" << g.origin[0] << ' ' << g.origin[1] << ' '
      << g.origin[2] << "\" Spacing=\"" << g.spacing[0] << ' ' << g.spacing[1] << ' ' << g.spacing[2] << "\">\n"
      << "    <Piece Extent=\"" << extent << "\">\n"
      << "      <" << (cell_data ? "CellData" : "PointData") << " Scalars=\"" << arrays.front().first << "\">\n";
  std::uint64_t offset = 0;
  const std::uint64_t bytes = static_cast<std::uint64_t>(nx * ny) * sizeof(float);
  for (const auto& a : arrays) {
    xml << "        <DataArray type=\"Float32\" Name=\"" << a.first << "\" format=\"appended\" offset=\"" << offset
        << "\"/>\n";
    offset += sizeof(std::uint64_t) + bytes;
  }
  xml << "      </" << (cell_data ? "CellData" : "PointData") << ">\n    </Piece>\n  </ImageData>\n  <AppendedData encoding=\"raw\">\n   _";
  write_atomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream f(tmp, std::ios::binary);
    const std::string head = xml.str();
    f.write(head.data(), static_cast<std::streamsize>(head.size()));
    for (const auto& t : data) {
      f.write(reinterpret_cast<const char*>(&bytes), sizeof bytes);
      f.write(reinterpret_cast<const char*>(t.data_ptr<float>()), static_cast<std::streamsize>(bytes));
    }
    f << "\n  </AppendedData>\n</VTKFile>\n";
    f.close();
    if (!f) fail(ErrorKind::Io, "failed writing '" + path.string() + "' (disk full?)");
  });
}

}  // namespace scorefield
