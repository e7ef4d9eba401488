// Data sets of fields in HDF5. Layout:
//   /fields   float32 [count, N, N], row-major, fields[i, a, b] = u_i(a/N, b/N) on the unit torus
//             attributes: "resolution" (int N), "domain" = "unit torus [0,1)^2",
//                         plus any numeric attributes the writer adds (generator parameters)
//   /labels   int32 [count] (optional): component labels of a mixture
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <torch/torch.h>

namespace scorefield {

struct FieldSet {
  torch::Tensor fields;  // float32 [count, N, N] on the CPU
  torch::Tensor labels;  // int32 [count] or undefined
  std::map<std::string, double> attributes;
};

// Reads a data set; fails clearly on a missing file, missing /fields, a non-square shape or NaN/Inf.
FieldSet read_fields(const std::filesystem::path& path);

// Writes atomically (the file appears complete or not at all).
void write_fields(const std::filesystem::path& path, const FieldSet& set);

}  // namespace scorefield
