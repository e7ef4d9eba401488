// .vti through VTK's own XML writer (vtkXMLImageDataWriter), see vti_reader.cpp for why this VTK.
#include "scorefield/vti_writer.hpp"

#include <vtkCellData.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkXMLImageDataWriter.h>

#include "scorefield/atomic_file.hpp"
#include "scorefield/error.hpp"
#include "vtk_messages.hpp"

namespace scorefield {

// Arrays are written inline as base64 ("binary" data mode, no compression). Not appended data:
// inline data is what every VTK reader since 5.x reads, and a text-safe file survives tools that
// treat .vti as text.
void write_vti(const std::filesystem::path& path, const std::vector<std::pair<std::string, torch::Tensor>>& arrays,
               const ImageGeometry& g, bool cell_data) {
  require(!arrays.empty(), "nothing to write to '" + path.string() + "'");
  const int64_t ny = arrays.front().second.size(0), nx = arrays.front().second.size(1);
  // VTK's writer puts names into XML attributes unescaped: such a file would not parse.
  for (const auto& [name, t] : arrays)
    require(!name.empty() && name.find_first_of("<>&\"'") == std::string::npos,
            "array name '" + name + "' cannot be written to '" + path.string() +
                "': VTK's writer does not escape the characters < > & \" ' in names; rename the array");
  for (const auto& [name, t] : arrays)
    require(t.dim() == 2 && t.size(0) == ny && t.size(1) == nx,
            "array '" + name + "' does not match the grid of the first array");
  vtkNew<vtkImageData> image;
  const int64_t extra = cell_data ? 1 : 0;  // cell data: the grid has one point more per side
  image->SetDimensions(static_cast<int>(nx + extra), static_cast<int>(ny + extra), 1);
  image->SetOrigin(g.origin.data());
  image->SetSpacing(g.spacing.data());
  vtkDataSetAttributes* attributes = cell_data ? static_cast<vtkDataSetAttributes*>(image->GetCellData())
                                               : static_cast<vtkDataSetAttributes*>(image->GetPointData());
  for (const auto& [name, t] : arrays) {
    const auto values = t.to(torch::kCPU, torch::kFloat32).contiguous();
    vtkNew<vtkFloatArray> a;
    a->SetName(name.c_str());
    a->SetNumberOfValues(nx * ny);
    std::copy_n(values.data_ptr<float>(), nx * ny, a->GetPointer(0));
    attributes->AddArray(a);
  }
  attributes->SetActiveScalars(arrays.front().first.c_str());
  write_atomically(path, [&](const std::filesystem::path& tmp) {
    VtkMessages messages;
    vtkNew<vtkXMLImageDataWriter> writer;
    writer->SetFileName(tmp.c_str());
    writer->SetInputData(image);
    writer->SetDataModeToBinary();
    writer->SetCompressorTypeToNone();
    writer->SetHeaderTypeToUInt64();
    if (writer->Write() != 1 || messages.has_errors())
      fail(ErrorKind::Io, "failed writing '" + path.string() + "' (disk full?): " + messages.errors());
  });
}

}  // namespace scorefield
