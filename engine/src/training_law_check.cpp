#include "scorefield/training_law_check.hpp"

#include <sstream>

namespace scorefield {

namespace {
constexpr double kMaxMeanOffset = 3.0;  // in pooled training standard deviations
constexpr double kMaxStdFactor = 5.0;
}  // namespace

std::string unlike_training_data(const ModelConfig& config, const torch::Tensor& fields) {
  auto x = fields.to(torch::kFloat64);
  if (x.dim() == 2) x = x.unsqueeze(0);
  x = (x - config.normalisation.mean) / config.normalisation.std;
  auto mean = x.mean({-2, -1}), std = x.std(c10::IntArrayRef{-2, -1}, /*unbiased=*/false);
  auto off = (mean.abs() > kMaxMeanOffset) | (std > kMaxStdFactor) | (std < 1.0 / kMaxStdFactor);
  const int64_t bad = off.sum().item<int64_t>();
  if (bad == 0) return {};
  const int64_t first = off.nonzero()[0][0].item<int64_t>();
  const double n_std = config.normalisation.std, n_mean = config.normalisation.mean;
  std::ostringstream m;
  m.precision(3);
  m << bad << " of " << x.size(0) << " input field(s) are unlike the model's training data (field " << first
    << ": mean " << mean[first].item<double>() * n_std + n_mean << ", std " << std[first].item<double>() * n_std
    << ", where the training data have mean " << n_mean << ", std " << n_std
    << "): the samples will look plausible but mean nothing. Check that the array, its units and the simulation "
       "match what the model was trained on (`scorefield info --model FILE`), or train a model on your own data "
       "(`scorefield dataset`)";
  return m.str();
}

}  // namespace scorefield
