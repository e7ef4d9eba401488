#include "vti_block_check.hpp"

#include <vtkBase64Utilities.h>
#include <vtkNew.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLDataParser.h>

#include <cstdint>
#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "scorefield/error.hpp"
#include "vtk_messages.hpp"

namespace scorefield {

namespace {

// Uncompressed blocks declared by a compressed array may not exceed this in total (8 GiB: twice
// the largest grid read_vti accepts, in float64).
constexpr std::uint64_t kMaxUncompressed = std::uint64_t{1} << 33;

struct Layout {
  std::size_t word = 4;  // header word size: UInt32 unless header_type says UInt64
  bool big_endian = false;
  bool compressed = false;
  std::uint64_t file_size = 0;
  std::string file;
};

std::uint64_t word_at(const std::vector<unsigned char>& bytes, std::size_t index, const Layout& l) {
  std::uint64_t v = 0;
  for (std::size_t b = 0; b < l.word; ++b) {
    const unsigned char byte = bytes[index * l.word + (l.big_endian ? l.word - 1 - b : b)];
    v |= static_cast<std::uint64_t>(byte) << (8 * b);
  }
  return v;
}

// Decodes the first `bytes` bytes of a base64 text (whitespace skipped); fewer if it is shorter.
std::vector<unsigned char> base64_prefix(const char* text, std::size_t length, std::size_t bytes) {
  std::string compact;
  const std::size_t wanted = 4 * ((bytes + 2) / 3);
  for (std::size_t i = 0; i < length && compact.size() < wanted; ++i)
    if (!std::isspace(static_cast<unsigned char>(text[i]))) compact.push_back(text[i]);
  if (compact.empty()) return {};
  std::vector<unsigned char> out(compact.size());
  out.resize(vtkBase64Utilities::DecodeSafely(reinterpret_cast<const unsigned char*>(compact.data()), compact.size(),
                                              out.data(), out.size()));
  return out;
}

// The header of one array: its first word, then (compressed) the rest of it.
class HeaderSource {
 public:
  virtual ~HeaderSource() = default;
  virtual std::vector<unsigned char> bytes(std::size_t count) = 0;
};

// Inline data is read the way VTK's reader finds it: from the element's byte index in the file,
// past the first '>' (the end of the start tag), the base64 text up to the next '<'.
class InlineHeader : public HeaderSource {
 public:
  InlineHeader(const std::filesystem::path& path, std::uint64_t element_start) {
    std::ifstream f(path, std::ios::binary);
    f.seekg(static_cast<std::streamoff>(element_start));
    char c = 0;
    while (f.get(c) && c != '>') {
    }
    // Enough base64 text for the largest header check_array reads, bounded by the file anyway.
    while (f.get(c) && c != '<' && text_.size() < kMaxHeaderText) text_.push_back(c);
  }
  std::vector<unsigned char> bytes(std::size_t count) override {
    return base64_prefix(text_.data(), text_.size(), count);
  }

 private:
  static constexpr std::size_t kMaxHeaderText = std::size_t{1} << 26;
  std::string text_;
};

class AppendedHeader : public HeaderSource {
 public:
  AppendedHeader(const std::filesystem::path& path, std::uint64_t position, bool base64)
      : path_(path), position_(position), base64_(base64) {}
  std::vector<unsigned char> bytes(std::size_t count) override {
    std::ifstream f(path_, std::ios::binary);
    f.seekg(static_cast<std::streamoff>(position_));
    std::string raw(base64_ ? 4 * ((count + 2) / 3) : count, '\0');
    f.read(raw.data(), static_cast<std::streamsize>(raw.size()));
    raw.resize(static_cast<std::size_t>(std::max<std::streamsize>(f.gcount(), 0)));
    if (!base64_) return {raw.begin(), raw.end()};
    return base64_prefix(raw.data(), raw.size(), count);
  }

 private:
  std::filesystem::path path_;
  std::uint64_t position_;
  bool base64_;
};

void check_array(HeaderSource& source, const Layout& l, const std::string& where) {
  auto first = source.bytes(l.word);
  if (first.size() < l.word) fail(ErrorKind::BadData, where + " has a truncated data header");
  const std::uint64_t w0 = word_at(first, 0, l);
  if (!l.compressed) {
    if (w0 > l.file_size)
      fail(ErrorKind::BadData, where + " declares " + std::to_string(w0) + " bytes of data in a file of " +
                                   std::to_string(l.file_size) + " (corrupt file)");
    return;
  }
  // Compressed: [blocks, block size, last block size, compressed size of each block].
  if (w0 > l.file_size / l.word)
    fail(ErrorKind::BadData, where + " declares " + std::to_string(w0) + " compressed blocks, more than the file has room for (corrupt file)");
  const auto header = source.bytes((3 + w0) * l.word);
  if (header.size() < (3 + w0) * l.word) fail(ErrorKind::BadData, where + " has a truncated compression header");
  const std::uint64_t block_size = word_at(header, 1, l), last_size = word_at(header, 2, l);
  // VTK's reader takes blocks x block size, less one block plus the last block's size, as the
  // data's length and divides by the block size: no blocks must mean no last block either (the
  // length would wrap around), and blocks need a size, or it divides by zero.
  if (w0 == 0 ? last_size != 0 : (block_size == 0 || block_size > kMaxUncompressed / w0 || last_size > block_size))
    fail(ErrorKind::BadData, where + " declares " + std::to_string(w0) + " blocks of " + std::to_string(block_size) +
                                 " bytes, the last of " + std::to_string(last_size) + " (corrupt file)");
  for (std::uint64_t b = 0; b < w0; ++b)
    if (word_at(header, 3 + b, l) > l.file_size)
      fail(ErrorKind::BadData, where + " declares a compressed block larger than the file (corrupt file)");
}

void visit(vtkXMLDataElement* e, const std::filesystem::path& path, const Layout& l, vtkXMLDataParser* parser,
           vtkXMLDataElement* appended, int depth) {
  if (!e || depth > 64) return;  // a .vti nests 5 deep; deeper is not a VTK file
  if (e->GetName() && std::strcmp(e->GetName(), "DataArray") == 0) {
    const char* format = e->GetAttribute("format");
    const char* name = e->GetAttribute("Name");
    const std::string where = "array '" + std::string(name ? name : "") + "' of " + l.file;
    // Decided as VTK's reader decides: an offset attribute means appended data, whatever the
    // format says; otherwise anything but ascii is read as inline binary.
    const char* offset = e->GetAttribute("offset");
    if (offset) {
      const std::uint64_t start = static_cast<std::uint64_t>(std::max<vtkTypeInt64>(parser->GetAppendedDataPosition(), 0));
      std::uint64_t off = 0;
      try {
        off = std::stoull(offset);
      } catch (const std::exception&) {
        fail(ErrorKind::BadData, where + " has an invalid offset '" + std::string(offset) + "'");
      }
      if (!appended || off >= l.file_size || start + off >= l.file_size)
        fail(ErrorKind::BadData, where + " points past the end of the file (truncated)");
      const char* encoding = appended->GetAttribute("encoding");
      AppendedHeader h(path, start + off, encoding && std::strcmp(encoding, "base64") == 0);
      check_array(h, l, where);
    } else if (!(format && std::strcmp(format, "ascii") == 0)) {
      InlineHeader h(path, static_cast<std::uint64_t>(std::max<vtkTypeInt64>(e->GetXMLByteIndex(), 0)));
      check_array(h, l, where);
    }
  }
  for (int i = 0; i < e->GetNumberOfNestedElements(); ++i)
    visit(e->GetNestedElement(i), path, l, parser, appended, depth + 1);
}

vtkXMLDataElement* find(vtkXMLDataElement* e, const char* name, int depth) {
  if (!e || depth > 64) return nullptr;
  if (e->GetName() && std::strcmp(e->GetName(), name) == 0) return e;
  for (int i = 0; i < e->GetNumberOfNestedElements(); ++i)
    if (auto* f = find(e->GetNestedElement(i), name, depth + 1)) return f;
  return nullptr;
}

}  // namespace

void check_vti_block_headers(const std::filesystem::path& path) {
  Layout l;
  l.file = "'" + path.string() + "'";
  std::error_code ec;
  l.file_size = std::filesystem::file_size(path, ec);
  if (ec) fail(ErrorKind::Io, "cannot read " + l.file + ": " + ec.message());
  VtkMessages messages;
  vtkNew<vtkXMLDataParser> parser;
  parser->SetFileName(path.c_str());
  if (!parser->Parse() || !parser->GetRootElement())
    fail(ErrorKind::BadData, l.file + " is not a readable .vti file: " + messages.errors());
  vtkXMLDataElement* root = parser->GetRootElement();
  const char* header_type = root->GetAttribute("header_type");
  const char* byte_order = root->GetAttribute("byte_order");
  l.word = header_type && std::strcmp(header_type, "UInt64") == 0 ? 8 : 4;
  l.big_endian = byte_order && std::strcmp(byte_order, "BigEndian") == 0;
  l.compressed = root->GetAttribute("compressor") != nullptr;
  visit(root, path, l, parser, find(root, "AppendedData", 0), 0);
}

}  // namespace scorefield
