#include "scorefield/vti_series.hpp"

#include <vtkNew.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLDataParser.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>

#include "scorefield/error.hpp"

namespace scorefield {

namespace fs = std::filesystem;

namespace {

// .pvti (a parallel writer's or Catalyst's output) reads like a .vti, its pieces assembled.
bool is_vti(const fs::path& p) { return p.extension() == ".vti" || p.extension() == ".pvti"; }

// A .pvd collection: <VTKFile type="Collection"><Collection><DataSet timestep=".." file=".."/>...
// read with VTK's own XML parser. Entries are ordered by timestep (stable for equal ones); a
// collection with several parts per timestep is refused, since one field per time is what a
// training set holds.
std::vector<fs::path> collection_files(const fs::path& pvd) {
  const std::string where = "collection '" + pvd.string() + "'";
  vtkNew<vtkXMLDataParser> parser;
  parser->SetFileName(pvd.c_str());
  if (parser->Parse() == 0 || !parser->GetRootElement())
    fail(ErrorKind::BadData, where + " is not a readable XML file");
  vtkXMLDataElement* root = parser->GetRootElement();
  const char* type = root->GetAttribute("type");
  vtkXMLDataElement* collection = root->FindNestedElementWithName("Collection");
  if (!type || std::string(type) != "Collection" || !collection)
    fail(ErrorKind::BadData, where + " is not a ParaView collection (VTKFile type=\"Collection\")");
  std::vector<std::pair<double, fs::path>> entries;
  for (int i = 0; i < collection->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* e = collection->GetNestedElement(i);
    if (std::string(e->GetName()) != "DataSet") continue;
    const char* file = e->GetAttribute("file");
    if (!file) fail(ErrorKind::BadData, where + ": entry " + std::to_string(i) + " names no file");
    const char* part = e->GetAttribute("part");
    if (part && std::string(part) != "0")
      fail(ErrorKind::Unsupported, where + " has several parts per time step; give one .vti per time step "
                                           "(merge the parts first, e.g. with ParaView's Merge Blocks)");
    const char* step = e->GetAttribute("timestep");
    const double t = step ? std::strtod(step, nullptr) : static_cast<double>(i);
    fs::path p = fs::path(file).is_absolute() ? fs::path(file) : pvd.parent_path() / file;
    if (!is_vti(p))
      fail(ErrorKind::Unsupported, where + ": entry '" + std::string(file) +
                                       "' is not a .vti or .pvti file; save the series as image data (.vti)");
    if (!fs::exists(p)) fail(ErrorKind::Io, where + ": entry '" + p.string() + "' does not exist");
    entries.emplace_back(t, std::move(p));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<fs::path> out;
  for (auto& e : entries) out.push_back(std::move(e.second));
  if (out.empty()) fail(ErrorKind::BadData, where + " lists no data sets");
  return out;
}

}  // namespace

std::vector<fs::path> vti_series_files(const fs::path& input) {
  std::error_code ec;
  if (!fs::exists(input, ec)) fail(ErrorKind::Io, "'" + input.string() + "' does not exist (check the path)");
  if (fs::is_directory(input, ec)) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(input))
      if (e.is_regular_file() && is_vti(e.path())) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    if (out.empty()) fail(ErrorKind::BadData, "folder '" + input.string() + "' holds no .vti or .pvti files");
    return out;
  }
  if (input.extension() == ".pvd") return collection_files(input);
  if (is_vti(input)) return {input};
  fail(ErrorKind::Unsupported,
       "'" + input.string() + "' is not a .vti or .pvti file, a folder of them or a .pvd collection");
}

}  // namespace scorefield
