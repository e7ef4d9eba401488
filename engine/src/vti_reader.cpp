#include "scorefield/vti_reader.hpp"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "scorefield/error.hpp"

namespace scorefield {

namespace {

struct Element {
  std::string tag;  // "DataArray", ...
  std::string attrs;
  std::size_t body_begin = 0, body_end = 0;  // inline content (for DataArray)
};

std::string attribute(const std::string& attrs, const std::string& key) {
  std::smatch m;
  if (std::regex_search(attrs, m, std::regex("(^|\\s)" + key + "=\"([^\"]*)\""))) return m[2];
  return {};
}

// The XML part ends where appended binary data begins; we scan only tags of interest.
std::vector<Element> elements(const std::string& text, std::size_t end) {
  std::vector<Element> out;
  std::size_t pos = 0;
  while ((pos = text.find('<', pos)) != std::string::npos && pos < end) {
    const std::size_t close = text.find('>', pos);
    if (close == std::string::npos) break;
    std::string inner = text.substr(pos + 1, close - pos - 1);
    const bool self_closing = !inner.empty() && inner.back() == '/';
    if (self_closing) inner.pop_back();
    const std::size_t space = inner.find_first_of(" \t\r\n");
    Element e{inner.substr(0, space), space == std::string::npos ? "" : inner.substr(space), close + 1, close + 1};
    if (e.tag == "DataArray" && !self_closing) {
      e.body_end = text.find("</DataArray>", close);
      if (e.body_end == std::string::npos) e.body_end = close + 1;
    }
    out.push_back(e);
    pos = close + 1;
  }
  return out;
}

std::string base64_decode(const char* s, std::size_t n) {
  static const std::string table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  unsigned value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (c == '=') {  // padding ends a chunk; VTK may start another right after
      bits = 0;
      value = 0;
      continue;
    }
    const auto p = table.find(c);
    if (p == std::string::npos) continue;  // whitespace
    value = (value << 6) | static_cast<unsigned>(p);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((value >> bits) & 0xFF));
    }
  }
  return out;
}

std::string strip(const std::string& s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(c);
  return out;
}

struct Format {
  std::size_t word = 8;  // header word size
  bool compressed = false;
  std::string where;
};

std::uint64_t word_at(const std::string& b, std::size_t index, std::size_t word) {
  if (b.size() < (index + 1) * word) fail(ErrorKind::BadData, "truncated data block");
  if (word == 4) {
    std::uint32_t v;
    std::memcpy(&v, b.data() + index * word, 4);
    return v;
  }
  std::uint64_t v;
  std::memcpy(&v, b.data() + index * word, 8);
  return v;
}

// Decodes one binary block starting at `data` (raw bytes) into its payload.
std::string decode_raw_block(const char* data, std::size_t available, const Format& f) {
  std::string head(data, std::min<std::size_t>(available, 3 * f.word));
  if (!f.compressed) {
    const auto n = word_at(head, 0, f.word);
    if (available < f.word + n) fail(ErrorKind::BadData, f.where + ": data block is truncated");
    return std::string(data + f.word, n);
  }
  const auto blocks = word_at(head, 0, f.word), block_size = word_at(head, 1, f.word),
             last_size = word_at(head, 2, f.word);
  const std::size_t header_bytes = (3 + blocks) * f.word;
  if (available < header_bytes) fail(ErrorKind::BadData, f.where + ": compressed header is truncated");
  std::string header(data, header_bytes);
  std::string out;
  std::size_t pos = header_bytes;
  for (std::uint64_t b = 0; b < blocks; ++b) {
    const auto csize = word_at(header, 3 + b, f.word);
    const auto usize = (b + 1 == blocks && last_size > 0) ? last_size : block_size;
    if (available < pos + csize) fail(ErrorKind::BadData, f.where + ": compressed block is truncated");
    std::string chunk(usize, '\0');
    uLongf len = usize;
    if (uncompress(reinterpret_cast<Bytef*>(chunk.data()), &len, reinterpret_cast<const Bytef*>(data + pos), csize) !=
            Z_OK ||
        len != usize)
      fail(ErrorKind::BadData, f.where + ": a zlib block does not decompress (corrupt file)");
    out += chunk;
    pos += csize;
  }
  return out;
}

// Base64 blocks: VTK encodes the header and the data separately; decode the header first to
// learn where the data's encoding starts.
std::string decode_base64_block(const std::string& text, const Format& f) {
  auto encoded_length = [](std::size_t bytes) { return 4 * ((bytes + 2) / 3); };
  const std::string first = base64_decode(text.data(), std::min(text.size(), encoded_length(f.word)));
  const auto w0 = word_at(first, 0, f.word);
  const std::size_t header_bytes = f.compressed ? (3 + w0) * f.word : f.word;
  const std::size_t split = encoded_length(header_bytes);
  if (text.size() < split) fail(ErrorKind::BadData, f.where + ": base64 header is truncated");
  std::string header = base64_decode(text.data(), split);
  std::string body = base64_decode(text.data() + split, text.size() - split);
  std::string joined = header.substr(0, header_bytes) + body;
  if (!f.compressed && body.size() != w0) {  // header and data encoded together
    joined = base64_decode(text.data(), text.size());
  }
  return decode_raw_block(joined.data(), joined.size(), f);
}

torch::Tensor to_tensor(const std::string& bytes, const std::string& type, int64_t count, const std::string& where) {
  static const std::map<std::string, std::pair<torch::ScalarType, std::size_t>> types{
      {"Float32", {torch::kFloat32, 4}}, {"Float64", {torch::kFloat64, 8}}, {"Int8", {torch::kInt8, 1}},
      {"UInt8", {torch::kUInt8, 1}},     {"Int16", {torch::kInt16, 2}},     {"Int32", {torch::kInt32, 4}},
      {"Int64", {torch::kInt64, 8}}};
  const auto it = types.find(type);
  if (it == types.end())
    fail(ErrorKind::BadData, where + " has type '" + type + "', which is not supported; convert it to Float32");
  const auto [scalar, size] = it->second;
  if (bytes.size() != static_cast<std::size_t>(count) * size)
    fail(ErrorKind::BadData, where + " holds " + std::to_string(bytes.size()) + " bytes, expected " +
                                 std::to_string(count * static_cast<int64_t>(size)) + " (corrupt or truncated file)");
  return torch::from_blob(const_cast<char*>(bytes.data()), {count}, scalar).clone().to(torch::kFloat32);
}

std::array<double, 3> triple(const std::string& s, std::array<double, 3> fallback) {
  std::istringstream is(s);
  std::array<double, 3> v{};
  if (!(is >> v[0] >> v[1] >> v[2])) return fallback;
  return v;
}

struct Parsed {
  std::string text;
  std::size_t appended = std::string::npos;  // index of the '_' that starts appended data
  std::vector<Element> elems;
};

Parsed parse(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    fail(ErrorKind::Io, "input '" + path.string() + "' does not exist (check the path)");
  std::ifstream f(path, std::ios::binary);
  if (!f) fail(ErrorKind::Io, "cannot open '" + path.string() + "' (check its permissions)");
  Parsed p;
  p.text.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  const auto app = p.text.find("<AppendedData");
  if (app != std::string::npos) p.appended = p.text.find('_', p.text.find('>', app));
  p.elems = elements(p.text, app == std::string::npos ? p.text.size() : app + 1);
  if (p.text.find("<VTKFile") == std::string::npos || p.text.find("type=\"ImageData\"") == std::string::npos)
    fail(ErrorKind::BadData, "'" + path.string() + "' is not a VTK XML image data file (.vti)");
  return p;
}

}  // namespace

std::vector<std::string> vti_array_names(const std::filesystem::path& path) {
  const auto p = parse(path);
  std::vector<std::string> names;
  for (const auto& e : p.elems)
    if (e.tag == "DataArray") names.push_back(attribute(e.attrs, "Name"));
  return names;
}

VtiField read_vti(const std::filesystem::path& path, const std::string& array) {
  const auto p = parse(path);
  const std::string file = "'" + path.string() + "'";
  Format fmt;
  std::string header_type, compressor, byte_order;
  VtiField out;
  bool in_cells = false, found = false;
  const Element* arr = nullptr;
  std::vector<std::string> names;
  int pieces = 0;
  for (const auto& e : p.elems) {
    if (e.tag == "VTKFile") {
      header_type = attribute(e.attrs, "header_type");
      compressor = attribute(e.attrs, "compressor");
      byte_order = attribute(e.attrs, "byte_order");
    } else if (e.tag == "ImageData") {
      std::istringstream is(attribute(e.attrs, "WholeExtent"));
      for (auto& v : out.whole_extent)
        if (!(is >> v)) fail(ErrorKind::BadData, file + " has no valid WholeExtent");
      out.geometry.origin = triple(attribute(e.attrs, "Origin"), {0, 0, 0});
      out.geometry.spacing = triple(attribute(e.attrs, "Spacing"), {1, 1, 1});
    } else if (e.tag == "Piece") {
      ++pieces;
    } else if (e.tag == "CellData") {
      in_cells = true;
    } else if (e.tag == "/CellData") {
      in_cells = false;
    } else if (e.tag == "DataArray") {
      const auto name = attribute(e.attrs, "Name");
      names.push_back(name);
      if (!found && (array.empty() ? attribute(e.attrs, "NumberOfComponents").empty() ||
                                         attribute(e.attrs, "NumberOfComponents") == "1"
                                   : name == array)) {
        arr = &e;
        out.cell_data = in_cells;
        out.name = name;
        found = true;
      }
    }
  }
  if (!found) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    fail(ErrorKind::InvalidArgument, array.empty() ? file + " has no scalar array"
                                                    : file + " has no array named '" + array +
                                                          "'; it has: " + (list.empty() ? "none" : list) +
                                                          " (pass one of them with --array)");
  }
  if (pieces != 1) fail(ErrorKind::Unsupported, file + " has " + std::to_string(pieces) + " pieces; save it as one piece");
  if (byte_order == "BigEndian") fail(ErrorKind::Unsupported, file + " is big-endian; save it little-endian");
  fmt.word = header_type == "UInt32" ? 4 : 8;
  fmt.compressed = !compressor.empty();
  if (fmt.compressed && compressor != "vtkZLibDataCompressor")
    fail(ErrorKind::Unsupported, file + " is compressed with " + compressor + "; save it with zlib or no compression");
  fmt.where = "array '" + out.name + "' of " + file;
  const auto& we = out.whole_extent;
  int64_t dims[3];
  for (int d = 0; d < 3; ++d) dims[d] = we[2 * d + 1] - we[2 * d] + (out.cell_data ? 0 : 1);
  if (out.cell_data)
    for (auto& d : dims) d = std::max<int64_t>(d, 1);
  int flat = 0;
  for (int64_t d : dims) flat += d == 1;
  if (flat < 1 || dims[0] < 1 || dims[1] < 1)
    fail(ErrorKind::Unsupported, file + " is a 3-D grid (" + std::to_string(dims[0]) + " x " + std::to_string(dims[1]) +
                                     " x " + std::to_string(dims[2]) + "); take a 2-D slice first");
  if (dims[2] != 1)
    fail(ErrorKind::Unsupported, file + " is 2-D but not in the x-y plane; reorient it to the x-y plane");
  const auto comps = attribute(arr->attrs, "NumberOfComponents");
  if (!comps.empty() && comps != "1")
    fail(ErrorKind::Unsupported, fmt.where + " has " + comps + " components; extract one component first");
  const int64_t count = dims[0] * dims[1];
  const std::string type = attribute(arr->attrs, "type"), format = attribute(arr->attrs, "format");
  std::string bytes;
  if (format == "ascii") {
    std::istringstream is(p.text.substr(arr->body_begin, arr->body_end - arr->body_begin));
    std::vector<float> v;
    double x;
    while (is >> x) v.push_back(static_cast<float>(x));
    if (static_cast<int64_t>(v.size()) != count)
      fail(ErrorKind::BadData, fmt.where + " has " + std::to_string(v.size()) + " values, expected " +
                                   std::to_string(count));
    out.values = torch::from_blob(v.data(), {count}, torch::kFloat32).clone();
  } else {
    if (format == "binary") {
      bytes = decode_base64_block(strip(p.text.substr(arr->body_begin, arr->body_end - arr->body_begin)), fmt);
    } else if (format == "appended") {
      if (p.appended == std::string::npos) fail(ErrorKind::BadData, fmt.where + " refers to missing appended data");
      const std::size_t start = p.appended + 1 + std::stoull(attribute(arr->attrs, "offset"));
      const auto app = p.text.find("<AppendedData");
      const bool base64 = attribute(p.text.substr(app, p.text.find('>', app) - app), "encoding") == "base64";
      if (start >= p.text.size()) fail(ErrorKind::BadData, fmt.where + " points past the end of the file (truncated)");
      if (base64) {
        const auto stop = p.text.find_first_of("_<\n ", start);
        bytes = decode_base64_block(p.text.substr(start, stop - start), fmt);
      } else {
        bytes = decode_raw_block(p.text.data() + start, p.text.size() - start, fmt);
      }
    } else {
      fail(ErrorKind::BadData, fmt.where + " has unknown format '" + format + "'");
    }
    out.values = to_tensor(bytes, type, count, fmt.where);
  }
  out.values = out.values.view({dims[1], dims[0]});
  return out;
}

}  // namespace scorefield
