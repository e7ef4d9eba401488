// The .vti reader: round trip with the writer for point and cell data, and clear errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scorefield/error.hpp"
#include "scorefield/vti_reader.hpp"

using namespace scorefield;
namespace fs = std::filesystem;

namespace {
fs::path temp_file(const std::string& name) {
  auto d = fs::temp_directory_path() / ("sf_vti_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d / name;
}
}  // namespace

TEST(VtiReader, RoundTripsPointAndCellData) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK";
  torch::manual_seed(0);
  auto a = torch::randn({12, 12}), b = torch::randn({12, 12});
  ImageGeometry g;
  g.origin = {1.5, -2.0, 0.0};
  g.spacing = {0.25, 0.25, 1.0};
  for (bool cells : {false, true}) {
    const auto p = temp_file(cells ? "cells.vti" : "points.vti");
    write_vti(p, {{"a", a}, {"b", b}}, g, cells);
    auto f = read_vti(p, "b");
    EXPECT_TRUE(torch::equal(f.values, b));
    EXPECT_EQ(f.cell_data, cells);
    EXPECT_EQ(f.geometry.origin, g.origin);
    EXPECT_EQ(f.geometry.spacing[0], 0.25);
    EXPECT_TRUE(torch::equal(read_vti(p).values, a));  // default: the first scalar array
    EXPECT_EQ(vti_array_names(p), (std::vector<std::string>{"a", "b"}));
  }
}

TEST(VtiReader, ReadsAsciiInlineData) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK";
  const auto p = temp_file("ascii.vti");
  std::ofstream(p) << R"(<?xml version="1.0"?>
<VTKFile type="ImageData" version="0.1" byte_order="LittleEndian">
  <ImageData WholeExtent="0 2 0 1 0 0" Origin="0 0 0" Spacing="1 1 1">
    <Piece Extent="0 2 0 1 0 0">
      <PointData><DataArray type="Float64" Name="t" format="ascii">0 1 2 3 4 5</DataArray></PointData>
    </Piece>
  </ImageData>
</VTKFile>
)";
  auto f = read_vti(p, "t");
  ASSERT_EQ(f.values.sizes(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(f.values[1][0].item<float>(), 3.0f);  // row = y, column = x
}

TEST(VtiReader, BadInputIsNamed) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK";
  const auto p = temp_file("named.vti");
  write_vti(p, {{"vorticity", torch::zeros({4, 4})}}, torus_geometry(4));
  try {
    read_vti(p, "pressure");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("vorticity"), std::string::npos) << e.what();  // lists what is there
  }
  EXPECT_THROW(read_vti(temp_file("missing.vti")), Error);
  std::ofstream(temp_file("junk.vti")) << "not xml";
  EXPECT_THROW(read_vti(temp_file("junk.vti")), Error);
  // Truncated inside the payload.
  std::ifstream in(p, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(temp_file("cut.vti"), std::ios::binary) << bytes.substr(0, bytes.find("</DataArray>") - 20);
  EXPECT_THROW(read_vti(temp_file("cut.vti")), Error);
}

TEST(VtiReader, CorruptFilesGiveOneErrorQuotingVtk) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK";
  const auto p = temp_file("whole.vti");
  write_vti(p, {{"u", torch::ones({8, 8})}}, torus_geometry(8));
  std::ifstream in(p, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Cut in the XML after the payload: VTK's parser error is in the message.
  std::ofstream(temp_file("cut_xml.vti"), std::ios::binary) << bytes.substr(0, bytes.size() - 30);
  try {
    read_vti(temp_file("cut_xml.vti"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a readable .vti file"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("XML"), std::string::npos) << e.what();
  }
  // A WholeExtent far beyond any real field is refused before VTK allocates it.
  std::ofstream(temp_file("huge.vti")) << R"(<?xml version="1.0"?>
<VTKFile type="ImageData" version="1.0" byte_order="LittleEndian">
  <ImageData WholeExtent="0 999999 0 999999 0 0" Origin="0 0 0" Spacing="1 1 1">
    <Piece Extent="0 999999 0 999999 0 0">
      <PointData><DataArray type="Float32" Name="t" format="ascii">0 1</DataArray></PointData>
    </Piece>
  </ImageData>
</VTKFile>
)";
  EXPECT_THROW(read_vti(temp_file("huge.vti")), Error);
  // Two components: the error says to extract one.
  std::ofstream(temp_file("vector.vti")) << R"(<?xml version="1.0"?>
<VTKFile type="ImageData" version="1.0" byte_order="LittleEndian">
  <ImageData WholeExtent="0 1 0 0 0 0" Origin="0 0 0" Spacing="1 1 1">
    <Piece Extent="0 1 0 0 0 0">
      <PointData><DataArray type="Float32" Name="v" NumberOfComponents="2" format="ascii">0 1 2 3</DataArray></PointData>
    </Piece>
  </ImageData>
</VTKFile>
)";
  try {
    read_vti(temp_file("vector.vti"), "v");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("2 components"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_vti(temp_file("vector.vti")), Error);  // no scalar array to default to
}

TEST(VtiReader, NamesVtkCannotWriteAreRefused) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK";
  // VTK's writer does not escape attribute values; such a name would make a file nothing reads.
  const auto p = temp_file("names.vti");
  try {
    write_vti(p, {{"w<\"a&b\">", torch::zeros({4, 4})}}, torus_geometry(4));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("rename the array"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(p));
  const std::string name = "vorticity (1/s) [t=0.5]";  // what is allowed round-trips
  write_vti(p, {{name, torch::full({4, 4}, 2.0f)}}, torus_geometry(4));
  EXPECT_EQ(vti_array_names(p), std::vector<std::string>{name});
  EXPECT_EQ(read_vti(p, name).values.sum().item<float>(), 32.0f);
}
