// The .npy format: the 6 bytes "\x93NUMPY", a major and a minor version byte, the header's length
// (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3), then the header, a Python
// dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (10, 64, 64), }, padded
// with spaces to a multiple of 64 bytes, and the raw data. The header is parsed for those three
// keys only, with every length checked against the file, so a damaged file gives an error and
// never an allocation the file cannot fill.
#include "scorefield/npy_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "scorefield/error.hpp"

namespace scorefield {

namespace {

// numpy writes headers of a few hundred bytes; anything past this is not a .npy header.
constexpr uint32_t kMaxHeader = 1u << 16;
// The same bound as a .vti: 2^30 values (4 GiB as float32).
constexpr int64_t kMaxValues = int64_t{1} << 30;

[[noreturn]] void bad(const std::filesystem::path& path, const std::string& what) {
  fail(ErrorKind::BadData, "'" + path.string() + "' is not a usable .npy file: " + what);
}

// The value of `key` in the header dict, up to the next top-level ',' or '}' (a tuple kept whole).
std::string dict_value(const std::string& header, const std::string& key, const std::filesystem::path& path) {
  std::size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) at = header.find("\"" + key + "\"");
  if (at == std::string::npos) bad(path, "its header has no '" + key + "'");
  at = header.find(':', at);
  if (at == std::string::npos) bad(path, "its header is damaged near '" + key + "'");
  std::size_t end = at + 1;
  int depth = 0;
  for (; end < header.size(); ++end) {
    const char c = header[end];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && (c == ',' || c == '}')) break;
    if (depth < 0) bad(path, "its header is damaged near '" + key + "'");
  }
  std::string v = header.substr(at + 1, end - at - 1);
  const auto first = v.find_first_not_of(" \t"), last = v.find_last_not_of(" \t");
  return first == std::string::npos ? std::string() : v.substr(first, last - first + 1);
}

std::vector<int64_t> parse_shape(const std::string& text, const std::filesystem::path& path) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    bad(path, "its shape '" + text + "' is not a tuple");
  std::vector<int64_t> shape;
  std::string number;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (number.size() >= 12) bad(path, "its shape '" + text + "' holds an implausible size");
      number += c;
    } else if (c == ',' || c == ')') {
      if (!number.empty()) shape.push_back(std::stoll(number));
      number.clear();
    } else if (c != ' ' && c != 'L') {
      bad(path, "its shape '" + text + "' is not a tuple of sizes");
    }
  }
  return shape;
}

}  // namespace

torch::Tensor read_npy(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    fail(ErrorKind::Io, "'" + path.string() + "' does not exist (check the path)");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(ErrorKind::Io, "cannot open '" + path.string() + "' (check its permissions)");
  const auto file_size = static_cast<uint64_t>(std::filesystem::file_size(path, ec));
  unsigned char lead[10];
  if (!in.read(reinterpret_cast<char*>(lead), 8) || std::memcmp(lead, "\x93NUMPY", 6) != 0)
    bad(path, "it does not start with the NumPy magic string (save it with numpy.save)");
  const int major = lead[6];
  uint32_t header_len = 0;
  std::size_t prefix = 0;
  if (major == 1) {
    if (!in.read(reinterpret_cast<char*>(lead + 8), 2)) bad(path, "it is truncated in its header");
    header_len = uint32_t{lead[8]} | (uint32_t{lead[9]} << 8);
    prefix = 10;
  } else if (major == 2 || major == 3) {
    unsigned char b[4];
    if (!in.read(reinterpret_cast<char*>(b), 4)) bad(path, "it is truncated in its header");
    header_len = uint32_t{b[0]} | (uint32_t{b[1]} << 8) | (uint32_t{b[2]} << 16) | (uint32_t{b[3]} << 24);
    prefix = 12;
  } else {
    bad(path, "format version " + std::to_string(major) + " is not one of 1, 2, 3");
  }
  if (header_len > kMaxHeader || prefix + header_len > file_size) bad(path, "its header length is damaged");
  std::string header(header_len, '\0');
  if (!in.read(header.data(), header_len)) bad(path, "it is truncated in its header");

  const std::string descr = dict_value(header, "descr", path);
  const std::string order = dict_value(header, "fortran_order", path);
  const auto shape = parse_shape(dict_value(header, "shape", path), path);
  const std::string type = descr.size() >= 2 ? descr.substr(1, descr.size() - 2) : "";
  torch::ScalarType scalar;
  if (type == "<f4") {
    scalar = torch::kFloat32;
  } else if (type == "<f8") {
    scalar = torch::kFloat64;
  } else if (type == "<i4") {
    scalar = torch::kInt32;
  } else if (type == "<i8") {
    scalar = torch::kInt64;
  } else {
    bad(path, "its dtype " + descr +
                  " is not little-endian float32, float64, int32 or int64 (convert it: array.astype('<f4'))");
  }
  if (order != "False" && order != "True") bad(path, "its fortran_order '" + order + "' is neither True nor False");
  if (shape.empty() || shape.size() > 4) bad(path, "it has " + std::to_string(shape.size()) + " axes; 1 to 4 are read");
  int64_t count = 1;
  for (int64_t s : shape) {
    if (s < 1) bad(path, "it is empty (an axis of size 0)");
    if (s > kMaxValues || count > kMaxValues / s) bad(path, "it holds more values than ScoreField reads (2^30)");
    count *= s;
  }
  const uint64_t bytes = static_cast<uint64_t>(count) * torch::elementSize(scalar);
  if (file_size - prefix - header_len != bytes)
    bad(path, "its data holds " + std::to_string(file_size - prefix - header_len) + " bytes, its header says " +
                  std::to_string(bytes) + " (truncated or damaged)");
  const bool fortran = order == "True";
  // A Fortran-ordered array is the C-ordered array of the reversed shape, transposed.
  std::vector<int64_t> stored(shape.begin(), shape.end());
  if (fortran) std::reverse(stored.begin(), stored.end());
  auto raw = torch::empty(stored, scalar);
  if (!in.read(static_cast<char*>(raw.data_ptr()), static_cast<std::streamsize>(bytes)))
    bad(path, "it is truncated in its data");
  if (fortran) {
    std::vector<int64_t> reverse(stored.size());
    for (std::size_t i = 0; i < reverse.size(); ++i) reverse[i] = static_cast<int64_t>(reverse.size() - 1 - i);
    raw = raw.permute(reverse);
  }
  return raw.to(torch::kFloat32).contiguous();
}

}  // namespace scorefield
