#include "scorefield/idx_reader.hpp"

#include <zlib.h>

#include <cstdint>
#include <memory>

#include "scorefield/error.hpp"

namespace scorefield {

namespace {

struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

GzFile open_gz(const std::filesystem::path& p) {
  std::error_code ec;
  if (!std::filesystem::exists(p, ec))
    fail(ErrorKind::Io, "'" + p.string() + "' does not exist (install Debian's dataset-fashion-mnist, or pass --dir)");
  GzFile f(gzopen(p.c_str(), "rb"));
  if (!f) fail(ErrorKind::Io, "cannot open '" + p.string() + "'");
  return f;
}

uint32_t read_be32(gzFile_s* f, const std::filesystem::path& p) {
  unsigned char b[4];
  if (gzread(f, b, 4) != 4) fail(ErrorKind::BadData, "'" + p.string() + "' is truncated (IDX header)");
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

void read_bytes(gzFile_s* f, void* dst, size_t n, const std::filesystem::path& p) {
  auto* out = static_cast<char*>(dst);
  while (n > 0) {
    const unsigned chunk = static_cast<unsigned>(std::min<size_t>(n, 1u << 30));
    const int got = gzread(f, out, chunk);
    if (got <= 0) fail(ErrorKind::BadData, "'" + p.string() + "' is truncated or not gzip-compressed IDX data");
    out += got;
    n -= static_cast<size_t>(got);
  }
}

}  // namespace

torch::Tensor read_idx_images(const std::filesystem::path& p) {
  auto f = open_gz(p);
  if (read_be32(f.get(), p) != 0x00000803) fail(ErrorKind::BadData, "'" + p.string() + "' is not an IDX image file");
  const int64_t count = read_be32(f.get(), p), rows = read_be32(f.get(), p), cols = read_be32(f.get(), p);
  if (rows < 1 || cols < 1 || rows > 4096 || cols > 4096)
    fail(ErrorKind::BadData, "'" + p.string() + "' has an implausible image size");
  auto t = torch::empty({count, rows, cols}, torch::kUInt8);
  read_bytes(f.get(), t.data_ptr(), static_cast<size_t>(t.numel()), p);
  return t;
}

torch::Tensor read_idx_labels(const std::filesystem::path& p) {
  auto f = open_gz(p);
  if (read_be32(f.get(), p) != 0x00000801) fail(ErrorKind::BadData, "'" + p.string() + "' is not an IDX label file");
  const int64_t count = read_be32(f.get(), p);
  auto t = torch::empty({count}, torch::kUInt8);
  read_bytes(f.get(), t.data_ptr(), static_cast<size_t>(count), p);
  return t.to(torch::kInt32);
}

LabelledFields fashion_mnist_fields(const std::filesystem::path& dir, const std::string& split, int64_t n,
                                    int64_t count) {
  require(split == "train" || split == "test", "split must be 'train' or 'test' (got '" + split + "')");
  require(n >= 4, "resolution must be >= 4");
  const std::string prefix = split == "train" ? "train" : "t10k";
  auto images = read_idx_images(dir / (prefix + "-images-idx3-ubyte.gz"));
  auto labels = read_idx_labels(dir / (prefix + "-labels-idx1-ubyte.gz"));
  if (images.size(0) != labels.size(0))
    fail(ErrorKind::BadData, "Fashion-MNIST images and labels of split '" + split + "' differ in count");
  if (count > 0 && count < images.size(0)) {
    images = images.slice(0, 0, count);
    labels = labels.slice(0, 0, count);
  }
  auto x = images.to(torch::kFloat32).div(255.0).unsqueeze(1);
  namespace F = torch::nn::functional;
  auto opts = F::InterpolateFuncOptions().size(std::vector<int64_t>{n, n});
  if (n >= images.size(-1))
    opts = opts.mode(torch::kBicubic).align_corners(false);
  else
    opts = opts.mode(torch::kArea);
  x = F::interpolate(x, opts).clamp(0.0, 1.0).squeeze(1).contiguous();
  return {x, labels};
}

}  // namespace scorefield
