// HDF5 data sets: round trip, attributes, and refusal of bad data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/vti_reader.hpp"
#include "scorefield/vti_writer.hpp"

using namespace scorefield;
namespace fs = std::filesystem;

namespace {
fs::path temp_dir() {
  auto d = fs::temp_directory_path() / ("sf_data_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}
}  // namespace

TEST(FieldDataset, RoundTripKeepsValuesLabelsAndAttributes) {
  const auto dir = temp_dir();
  FieldSet s;
  s.fields = torch::randn({3, 8, 8});
  s.labels = torch::tensor({0, 2, 1}, torch::kInt32);
  s.attributes = {{"alpha", 2.5}};
  write_fields(dir / "a.h5", s);
  auto r = read_fields(dir / "a.h5");
  EXPECT_TRUE(torch::equal(r.fields, s.fields));
  EXPECT_TRUE(torch::equal(r.labels, s.labels));
  EXPECT_DOUBLE_EQ(r.attributes.at("alpha"), 2.5);
  EXPECT_DOUBLE_EQ(r.attributes.at("resolution"), 8.0);
  fs::remove_all(dir);
}

TEST(FieldDataset, NaNIsRefusedWithItsLocation) {
  const auto dir = temp_dir();
  FieldSet s;
  s.fields = torch::randn({4, 8, 8});
  s.fields[2][1][1] = std::nan("");
  write_fields(dir / "nan.h5", s);
  try {
    read_fields(dir / "nan.h5");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadData);
    EXPECT_NE(std::string(e.what()).find("field 2"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

// A folder that cannot be made (a file of that name is in the way) fails before anything is
// written; a folder that does not exist yet is made.
TEST(FieldDataset, UnwritableOutputLeavesNothing) {
  FieldSet s;
  s.fields = torch::randn({1, 8, 8});
  const auto dir = temp_dir();
  std::ofstream(dir / "a-file") << "x";
  EXPECT_THROW(write_fields(dir / "a-file" / "x.h5", s), Error);
  EXPECT_FALSE(fs::exists(dir / "a-file" / "x.h5"));
  write_fields(dir / "new" / "x.h5", s);
  EXPECT_TRUE(fs::exists(dir / "new" / "x.h5"));
  fs::remove_all(dir);
}

TEST(FieldDataset, NonHdf5FileIsReported) {
  const auto dir = temp_dir();
  std::ofstream(dir / "text.h5") << "not hdf5";
  EXPECT_THROW(read_fields(dir / "text.h5"), Error);
  EXPECT_THROW(read_fields(dir / "absent.h5"), Error);
  fs::remove_all(dir);
}

TEST(VtiWriter, WritesAHeaderParaViewReads) {
  const auto dir = temp_dir();
  write_vti(dir / "f.vti", {{"u", torch::ones({4, 6})}}, torus_geometry(4));
  std::ifstream in(dir / "f.vti", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("WholeExtent=\"0 5 0 3 0 0\""), std::string::npos);
  EXPECT_NE(text.find("Name=\"u\""), std::string::npos);
  // Inline base64, never appended data, which this platform's ParaView cannot read past 4 KiB
  // (paraview_plugin_filters reads a 64^2 five-array output with ParaView's own reader).
  EXPECT_NE(text.find("format=\"binary\""), std::string::npos);
  EXPECT_EQ(text.find("AppendedData"), std::string::npos);
  EXPECT_NE(text.find("</VTKFile>"), std::string::npos);
  EXPECT_EQ(read_vti(dir / "f.vti", "u").values.sum().item<double>(), 24.0);
  fs::remove_all(dir);
}
