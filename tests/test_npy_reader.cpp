// NumPy .npy files as numpy.save writes them (the header built here byte for byte as numpy does:
// magic, version, little-endian length, a dict padded to 64 bytes), and damaged ones.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "scorefield/error.hpp"
#include "scorefield/npy_reader.hpp"

using namespace scorefield;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const auto dir = fs::temp_directory_path() / "scorefield_npy_test";
  fs::create_directories(dir);
  return dir / name;
}

// numpy.save's layout, version 1: the dict then spaces and '\n' so data starts at a multiple of 64.
std::string npy_bytes(const std::string& dict, const void* data, std::size_t bytes) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(static_cast<const char*>(data), bytes);
  return out;
}

fs::path write(const std::string& name, const std::string& bytes) {
  const auto p = scratch(name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

void expect_refused(const fs::path& p, const std::string& phrase) {
  try {
    read_npy(p);
    ADD_FAILURE() << p << " was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(phrase), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(NpyReader, COrderFloat64KeepsShapeAndValues) {
  auto a = torch::arange(24, torch::kFloat64).reshape({2, 3, 4}) / 7.0;
  auto p = write("c.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 4), }", a.data_ptr(),
                                    24 * sizeof(double)));
  auto t = read_npy(p);
  EXPECT_EQ(t.sizes(), a.sizes());
  EXPECT_EQ(t.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::equal(t, a.to(torch::kFloat32)));
}

// A Fortran-ordered array means what numpy.load gives: element [i, j, k] is the same as in C order.
TEST(NpyReader, FortranOrderIsTransposedBack) {
  auto a = torch::arange(24, torch::kFloat32).reshape({2, 3, 4});
  auto column_major = a.permute({2, 1, 0}).contiguous();  // i fastest in memory
  auto p = write("f.npy", npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }",
                                    column_major.data_ptr(), 24 * sizeof(float)));
  EXPECT_TRUE(torch::equal(read_npy(p), a));
}

TEST(NpyReader, IntegersAreRead) {
  int32_t v[4] = {1, -2, 3, 40000};
  auto p = write("i.npy", npy_bytes("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", v, sizeof(v)));
  EXPECT_TRUE(torch::equal(read_npy(p), torch::tensor({1.f, -2.f, 3.f, 40000.f})));
}

TEST(NpyReader, DamagedFilesAreRefusedWithTheirReason) {
  float v[6] = {0, 1, 2, 3, 4, 5};
  const std::string ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  const auto good = npy_bytes(ok, v, sizeof(v));
  expect_refused(write("truncated.npy", good.substr(0, good.size() - 4)), "truncated or damaged");
  expect_refused(write("long.npy", good + "xxxx"), "truncated or damaged");
  expect_refused(write("magic.npy", "PK\x03\x04" + good), "magic string");
  expect_refused(
      write("big.npy", npy_bytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", v, sizeof(v))),
      "not little-endian");
  expect_refused(
      write("object.npy", npy_bytes("{'descr': '|O', 'fortran_order': False, 'shape': (6,), }", v, sizeof(v))),
      "dtype");
  expect_refused(write("shape.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': 6, }", v, sizeof(v))),
                 "not a tuple");
  expect_refused(write("huge.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, "
                                             "99999999999), }",
                                             v, sizeof(v))),
                 "more values");
  expect_refused(write("nokey.npy", npy_bytes("{'descr': '<f4', 'shape': (2, 3), }", v, sizeof(v))), "fortran_order");
  // A header length past the end of the file.
  auto lying = good;
  lying[8] = '\xff';
  lying[9] = '\x7f';
  expect_refused(write("lying.npy", lying), "header length");
  expect_refused(scratch("absent.npy"), "does not exist");
}
