// .vti through VTK's own XML reader (vtkXMLImageDataReader of the VTK that ParaView ships), so
// that every file ParaView writes reads here too: ascii, inline or appended binary, raw or base64,
// UInt32 or UInt64 headers, zlib, lz4 or lzma compression, either byte order, several pieces.
// A .pvti (a Catalyst extract or a parallel writer's output: one header naming a .vti per piece)
// goes through vtkXMLPImageDataReader, which assembles the pieces into the whole extent; each
// piece gets the same block-header check as a .vti before any payload is read.
// VTK's IO libraries do not pull in ParaView's remoting (whose protobuf clashes with libtorch's,
// docs/paraview.md, "How it is built"), so they link beside libtorch in the CLI. The C API does not use them.
#include "scorefield/vti_reader.hpp"

#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkDataArraySelection.h>
#include <vtkDataSetAttributes.h>
#include <vtkImageData.h>
#include <vtkInformation.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkSmartPointer.h>
#include <vtkStreamingDemandDrivenPipeline.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLDataParser.h>
#include <vtkXMLImageDataReader.h>
#include <vtkXMLPImageDataReader.h>

#include <algorithm>
#include <fstream>

#include "scorefield/error.hpp"
#include "vti_block_check.hpp"
#include "vtk_messages.hpp"

namespace scorefield {

namespace {

// Larger grids than this (a 32768^2 field, 4 GiB as float32) are refused before VTK allocates
// them: a corrupt WholeExtent must give an error, not exhaust memory.
constexpr int64_t kMaxValues = int64_t{1} << 30;

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

bool is_parallel(const std::filesystem::path& p) { return p.extension() == ".pvti"; }

// A reader whose header (extent, geometry, array names) has been parsed, payloads not yet read.
struct OpenedVti {
  vtkSmartPointer<vtkXMLReader> reader;
  std::array<int64_t, 6> whole_extent{};
};

// The piece files a .pvti names (<PImageData><Piece Source="..."/>), relative to its folder.
std::vector<std::filesystem::path> pvti_pieces(const std::filesystem::path& path) {
  vtkNew<vtkXMLDataParser> parser;
  parser->SetFileName(path.c_str());
  VtkMessages messages;
  if (parser->Parse() == 0 || !parser->GetRootElement())
    fail(ErrorKind::BadData, quoted(path) + " is not a readable XML file");
  vtkXMLDataElement* image = parser->GetRootElement()->FindNestedElementWithName("PImageData");
  if (!image) fail(ErrorKind::BadData, quoted(path) + " is not a parallel image data file (no PImageData)");
  std::vector<std::filesystem::path> pieces;
  for (int i = 0; i < image->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* e = image->GetNestedElement(i);
    if (std::string(e->GetName()) != "Piece") continue;
    const char* source = e->GetAttribute("Source");
    if (!source) fail(ErrorKind::BadData, quoted(path) + ": piece " + std::to_string(i) + " names no Source file");
    const std::filesystem::path piece = path.parent_path() / source;
    std::error_code ec;
    if (!std::filesystem::exists(piece, ec))
      fail(ErrorKind::Io, quoted(path) + ": its piece " + quoted(piece) +
                              " does not exist (copy the .pvti together with its folder of pieces)");
    pieces.push_back(piece);
  }
  if (pieces.empty()) fail(ErrorKind::BadData, quoted(path) + " names no pieces");
  return pieces;
}

void open_header(OpenedVti& v, const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(ErrorKind::Io, "input " + quoted(path) + " does not exist (check the path)");
  if (!std::ifstream(path, std::ios::binary))
    fail(ErrorKind::Io, "cannot open " + quoted(path) + " (check its permissions)");
  if (is_parallel(path)) {
    v.reader = vtkSmartPointer<vtkXMLPImageDataReader>::New();
  } else {
    v.reader = vtkSmartPointer<vtkXMLImageDataReader>::New();
  }
  VtkMessages messages;
  if (!v.reader->CanReadFile(path.c_str()))
    fail(ErrorKind::BadData,
         quoted(path) + " is not a VTK XML image data file (" + (is_parallel(path) ? ".pvti" : ".vti") + ")");
  v.reader->SetFileName(path.c_str());
  try {
    v.reader->UpdateInformation();
  } catch (const std::exception& e) {
    fail(ErrorKind::BadData, quoted(path) + " is not a readable .vti file: " + e.what());
  }
  if (messages.has_errors())
    fail(ErrorKind::BadData, quoted(path) + " is not a readable .vti file: " + messages.errors());
  int e[6];
  v.reader->GetOutputInformation(0)->Get(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), e);
  for (int i = 0; i < 6; ++i) v.whole_extent[i] = e[i];
}

std::vector<std::string> names_of(vtkXMLReader* r, bool cells) {
  std::vector<std::string> names;
  const int count = cells ? r->GetNumberOfCellArrays() : r->GetNumberOfPointArrays();
  for (int i = 0; i < count; ++i) {
    const char* n = cells ? r->GetCellArrayName(i) : r->GetPointArrayName(i);
    names.emplace_back(n ? n : "");
  }
  return names;
}

std::string listing(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return list.empty() ? "none" : list;
}

}  // namespace

bool vti_supported() { return true; }

std::vector<std::string> vti_array_names(const std::filesystem::path& path) {
  OpenedVti v;
  open_header(v, path);
  auto names = names_of(v.reader, false);
  for (auto& n : names_of(v.reader, true)) names.push_back(n);
  return names;
}

VtiField read_vti(const std::filesystem::path& path, const std::string& array) {
  OpenedVti v;
  open_header(v, path);
  const std::string file = quoted(path);
  const auto points = names_of(v.reader, false), cells = names_of(v.reader, true);
  auto all = points;
  all.insert(all.end(), cells.begin(), cells.end());

  const auto& we = v.whole_extent;
  int64_t point_dims[3];
  for (int d = 0; d < 3; ++d) point_dims[d] = we[2 * d + 1] - we[2 * d] + 1;
  if (point_dims[0] < 1 || point_dims[1] < 1 || point_dims[2] < 1)
    fail(ErrorKind::BadData, file + " has an empty or inverted WholeExtent");
  if (point_dims[2] != 1) {
    const bool planar = point_dims[0] == 1 || point_dims[1] == 1;
    fail(ErrorKind::Unsupported,
         planar ? file + " is 2-D but not in the x-y plane; reorient it to the x-y plane"
                : file + " is a 3-D grid (" + std::to_string(point_dims[0]) + " x " + std::to_string(point_dims[1]) +
                      " x " + std::to_string(point_dims[2]) + "); take a 2-D slice first");
  }
  if (point_dims[0] > kMaxValues / point_dims[1])
    fail(ErrorKind::Unsupported, file + " declares a " + std::to_string(point_dims[0]) + " x " +
                                     std::to_string(point_dims[1]) + " grid, larger than ScoreField reads");

  VtiField out;
  out.whole_extent = we;
  const bool named = !array.empty();
  if (named) {
    const bool in_points = std::find(points.begin(), points.end(), array) != points.end();
    if (!in_points && std::find(cells.begin(), cells.end(), array) == cells.end())
      fail(ErrorKind::InvalidArgument, file + " has no array named '" + array + "'; it has: " + listing(all) +
                                           " (pass one of them with --array)");
    out.name = array;
    out.cell_data = !in_points;
    // Read only the chosen array.
    v.reader->GetPointDataArraySelection()->DisableAllArrays();
    v.reader->GetCellDataArraySelection()->DisableAllArrays();
    (out.cell_data ? v.reader->GetCellDataArraySelection() : v.reader->GetPointDataArraySelection())
        ->EnableArray(array.c_str());
  } else if (all.empty()) {
    fail(ErrorKind::InvalidArgument, file + " has no data arrays");
  }
  if (is_parallel(path)) {
    for (const auto& piece : pvti_pieces(path)) check_vti_block_headers(piece);
  } else {
    check_vti_block_headers(path);
  }
  {
    VtkMessages messages;
    try {  // VTK's reader lets standard exceptions (a vector sized from a corrupt header) escape
      v.reader->Update();
    } catch (const std::exception& e) {
      fail(ErrorKind::BadData, file + " cannot be read (corrupt file): " + e.what());
    }
    if (messages.has_errors())
      fail(ErrorKind::BadData, file + " cannot be read (corrupt or truncated file): " + messages.errors());
  }
  vtkImageData* image = vtkImageData::SafeDownCast(v.reader->GetOutputDataObject(0));
  if (!image) fail(ErrorKind::BadData, file + " gave no image data (corrupt file)");
  vtkDataArray* data = nullptr;
  if (named) {
    data = out.cell_data ? image->GetCellData()->GetArray(array.c_str()) : image->GetPointData()->GetArray(array.c_str());
  } else {  // the first scalar array, point data before cell data
    for (bool cell : {false, true}) {
      vtkDataSetAttributes* attributes = cell ? static_cast<vtkDataSetAttributes*>(image->GetCellData())
                                              : static_cast<vtkDataSetAttributes*>(image->GetPointData());
      for (int i = 0; !data && i < attributes->GetNumberOfArrays(); ++i) {
        vtkDataArray* a = attributes->GetArray(i);
        if (a && a->GetNumberOfComponents() == 1) {
          data = a;
          out.cell_data = cell;
          out.name = a->GetName() ? a->GetName() : "";
        }
      }
    }
    if (!data) fail(ErrorKind::InvalidArgument, file + " has no scalar array (it has: " + listing(all) + ")");
  }
  const std::string where = "array '" + out.name + "' of " + file;
  if (!data) fail(ErrorKind::BadData, where + " is not a numeric array (or the file is corrupt)");
  if (data->GetNumberOfComponents() != 1)
    fail(ErrorKind::Unsupported, where + " has " + std::to_string(data->GetNumberOfComponents()) +
                                     " components; extract one component first");
  const int64_t nx = out.cell_data ? std::max<int64_t>(point_dims[0] - 1, 1) : point_dims[0];
  const int64_t ny = out.cell_data ? std::max<int64_t>(point_dims[1] - 1, 1) : point_dims[1];
  if (data->GetNumberOfTuples() != nx * ny)
    fail(ErrorKind::BadData, where + " holds " + std::to_string(data->GetNumberOfTuples()) + " values, expected " +
                                 std::to_string(nx * ny) + " (corrupt or truncated file)");
  out.values = torch::empty({ny, nx}, torch::kFloat32);
  float* dst = out.values.data_ptr<float>();
  for (int64_t i = 0; i < nx * ny; ++i) dst[i] = static_cast<float>(data->GetComponent(i, 0));  // x fastest: row = y
  double origin[3], spacing[3];
  image->GetOrigin(origin);
  image->GetSpacing(spacing);
  for (int d = 0; d < 3; ++d) {
    out.geometry.origin[d] = origin[d];
    out.geometry.spacing[d] = spacing[d];
  }
  return out;
}

}  // namespace scorefield
