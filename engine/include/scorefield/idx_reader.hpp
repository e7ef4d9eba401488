// Reader of the IDX format of (Fashion-)MNIST, gzip-compressed as Debian ships it
// (/usr/share/datasets/fashion-mnist/*-idx?-ubyte.gz, package dataset-fashion-mnist).
#pragma once

#include <filesystem>

#include <torch/torch.h>

namespace scorefield {

// Images: uint8 [count, rows, cols]. Labels: int32 [count]. Fail clearly on missing or malformed files.
torch::Tensor read_idx_images(const std::filesystem::path& gz_path);
torch::Tensor read_idx_labels(const std::filesystem::path& gz_path);

// Fashion-MNIST images of one split ("train" or "test") as fields in [0, 1] (pixel / 255) on an
// N x N grid (bicubic resampling, clamped to [0, 1]); image row r is the first index. count <= 0: all.
struct LabelledFields {
  torch::Tensor fields;  // float32 [count, N, N]
  torch::Tensor labels;  // int32 [count]
};
LabelledFields fashion_mnist_fields(const std::filesystem::path& dir, const std::string& split, int64_t n,
                                    int64_t count);

}  // namespace scorefield
