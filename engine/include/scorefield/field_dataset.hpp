// Data sets of fields in HDF5. Layout:
//   /fields   float32 [count, N, N], row-major, fields[i, a, b] = u_i(a/N, b/N) on the unit torus
//             attributes: "resolution" (int N), "domain" = "unit torus [0,1)^2",
//                         plus the numeric attributes ScoreField's commands add (generator
//                         parameters; field_dataset.cpp lists them: others are not read)
//   /labels   int32 [count] (optional): component labels of a mixture
//   further float32 arrays (optional), e.g. the outputs of `superres` and `condition`:
//   /mean, /std [count, N, N], /coarse [count, M, M], /observed, /mask [count, N, N]
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
  std::map<std::string, torch::Tensor> extra;  // further float32 arrays by name
  int64_t total_count = 0;                      // fields in the file (all of them, not just those read)
};

// A float32 array of any rank by name; undefined if the file has no such data set.
torch::Tensor read_array(const std::filesystem::path& path, const std::string& name);

// Reads a data set; fails clearly on a missing file, missing /fields, a non-square shape or NaN/Inf.
FieldSet read_fields(const std::filesystem::path& path);
// Only the fields [begin, end) (end < 0: to the last), e.g. one MPI rank's shard.
FieldSet read_fields(const std::filesystem::path& path, int64_t begin, int64_t end);

// Writes atomically (the file appears complete or not at all).
void write_fields(const std::filesystem::path& path, const FieldSet& set);

}  // namespace scorefield
