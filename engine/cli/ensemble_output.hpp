// How `superres` and `condition` store an ensemble: every sample, the mean and the standard
// deviation, as named .vti arrays or as HDF5 data sets (layout in field_dataset.hpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "scorefield/field_dataset.hpp"
#include "scorefield.h"  // the ensemble's array names

namespace scorefield::cli {

// Arrays sample_0 .. sample_{K-1}, mean, std of one field's ensemble [K, N, N].
inline std::vector<std::pair<std::string, torch::Tensor>> ensemble_arrays(const torch::Tensor& samples) {
  std::vector<std::pair<std::string, torch::Tensor>> arrays;
  for (int64_t k = 0; k < samples.size(0); ++k) arrays.emplace_back(SF_SAMPLE_ARRAY_PREFIX + std::to_string(k), samples[k]);
  arrays.emplace_back(SF_MEAN_ARRAY, samples.mean(0));
  arrays.emplace_back(SF_STD_ARRAY, samples.size(0) > 1 ? samples.std(0) : torch::zeros_like(samples[0]));
  return arrays;
}

// /fields (field i's K samples in rows iK .. iK+K-1), /mean, /std of ensembles [count, K, N, N].
inline FieldSet ensemble_set(const torch::Tensor& samples) {
  const int64_t k = samples.size(1), n = samples.size(-1);
  FieldSet set;
  set.fields = samples.reshape({-1, n, n});
  set.extra = {{SF_MEAN_ARRAY, samples.mean(1)}, {SF_STD_ARRAY, k > 1 ? samples.std(1) : torch::zeros_like(samples.select(1, 0))}};
  set.attributes = {{"samples_per_field", static_cast<double>(k)}};
  return set;
}

}  // namespace scorefield::cli
