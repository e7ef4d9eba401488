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

namespace {

// Standard base64 (RFC 4648) with padding.
std::string base64_encode(const unsigned char* p, std::size_t n) {
  static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  for (std::size_t i = 0; i < n; i += 3) {
    const unsigned v = (unsigned(p[i]) << 16) | (i + 1 < n ? unsigned(p[i + 1]) << 8 : 0u) | (i + 2 < n ? p[i + 2] : 0u);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += i + 1 < n ? table[(v >> 6) & 63] : '=';
    out += i + 2 < n ? table[v & 63] : '=';
  }
  return out;
}

}  // namespace

// Arrays are written inline as base64 ("binary" format, the header encoded separately from the
// data, as VTK does). Not appended data: VTK 9.2's reader, with the expat of Debian 12 (which
// defers re-parsing of partial buffers), cannot read appended data of files over 4 KiB, so
// ParaView here could not open them.
void write_vti(const std::filesystem::path& path, const std::vector<std::pair<std::string, torch::Tensor>>& arrays,
               const ImageGeometry& g, bool cell_data) {
  require(!arrays.empty(), "nothing to write to '" + path.string() + "'");
  const int64_t ny = arrays.front().second.size(0), nx = arrays.front().second.size(1);
  for (const auto& [name, t] : arrays)
    require(t.dim() == 2 && t.size(0) == ny && t.size(1) == nx,
            "array '" + name + "' does not match the grid of the first array");
  std::ostringstream xml;
  xml.precision(17);
  const int64_t last = cell_data ? 0 : 1;  // cell data: the last point index equals the cell count
  const std::string extent =
      "0 " + std::to_string(nx - last) + " 0 " + std::to_string(ny - last) + " 0 0";
  const char* attribute = cell_data ? "CellData" : "PointData";
  xml << "<?xml version=\"1.0\"?>\n"
      << "<VTKFile type=\"ImageData\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">\n"
      << "  <ImageData WholeExtent=\"" << extent << "\" Origin=\"" << g.origin[0] << ' ' << g.origin[1] << ' '
      << g.origin[2] << "\" Spacing=\"" << g.spacing[0] << ' ' << g.spacing[1] << ' ' << g.spacing[2] << "\">\n"
      << "    <Piece Extent=\"" << extent << "\">\n"
      << "      <" << attribute << " Scalars=\"" << arrays.front().first << "\">\n";
  const std::uint64_t bytes = static_cast<std::uint64_t>(nx * ny) * sizeof(float);
  for (const auto& [name, t] : arrays) {
    const auto values = t.to(torch::kCPU, torch::kFloat32).contiguous();
    xml << "        <DataArray type=\"Float32\" Name=\"" << name << "\" format=\"binary\">\n          "
        << base64_encode(reinterpret_cast<const unsigned char*>(&bytes), sizeof bytes)
        << base64_encode(reinterpret_cast<const unsigned char*>(values.data_ptr<float>()), bytes)
        << "\n        </DataArray>\n";
  }
  xml << "      </" << attribute << ">\n    </Piece>\n  </ImageData>\n</VTKFile>\n";
  write_atomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream f(tmp, std::ios::binary);
    const std::string text = xml.str();
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.close();
    if (!f) fail(ErrorKind::Io, "failed writing '" + path.string() + "' (disk full?)");
  });
}

}  // namespace scorefield
