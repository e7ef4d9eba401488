#include <cmath>

#include "scorefield/sampler.hpp"

namespace scorefield {

torch::Tensor langevin_sampler(const ScoreFn& score, const GaussianMeasure& noise, const LevelsConfig& levels,
                               const SamplerOptions& options, torch::Tensor x, at::Generator gen) {
  auto sigmas = geometric_levels(levels);
  const int64_t j_count = sigmas.size(0), t_count = options.steps, n = x.size(-1);
  const double eps = options.epsilon;
  int64_t done = 0;
  for (int64_t j = j_count - 1; j >= 0; --j) {
    const double sigma = sigmas[j].item<double>();
    for (int64_t t = 0; t < t_count; ++t) {
      auto z = torch::randn(x.sizes(), gen, x.options());
      // sqrt(2 eps) sigma C^(1/2) z with z white noise on the grid (point variance N^2).
      auto kick = noise.apply_sqrt(z * (std::sqrt(2.0 * eps) * sigma * static_cast<double>(n)));
      x = x + eps * score(x, sigma) + kick;
      report_progress(options, ++done, j_count * t_count);
    }
  }
  return x;
}

}  // namespace scorefield
