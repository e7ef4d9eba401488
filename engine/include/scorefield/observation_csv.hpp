// Point observations from a CSV file, placed on an N x N grid for conditional sampling.
#pragma once

#include <filesystem>

#include <torch/torch.h>

namespace scorefield {

struct GridObservations {
  torch::Tensor values;  // float32 [N, N], row = y, column = x; 0 where not observed
  torch::Tensor mask;    // float32 [N, N], 1 where observed
};

// Rows "x,y,value" (commas, semicolons, tabs or spaces; a header line and '#' comments are
// skipped), x and y in [0, domain] on the periodic square of that side (1 and 0 are one point):
// each point goes to the nearest grid point. Fails naming the line on a malformed row, NaN/Inf, a
// coordinate outside the domain, two points on one grid point, or no points at all.
GridObservations read_observation_csv(const std::filesystem::path& path, int64_t n, double domain = 1.0);

}  // namespace scorefield
