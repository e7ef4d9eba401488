#include <cmath>

#include "scorefield/sampler.hpp"

namespace scorefield {

// Reverse of du = sqrt(d sigma^2/dt) dW_C: with C grad log p = F / sigma^2, one Euler-Maruyama
// step from sigma_i to sigma_{i+1} < sigma_i is
//   x <- x + (sigma_i^2 - sigma_{i+1}^2) F(x, sigma_i) / sigma_i^2 + sqrt(sigma_i^2 - sigma_{i+1}^2) C^(1/2) z.
torch::Tensor reverse_sde_sampler(const ScoreFn& score, const GaussianMeasure& noise, const LevelsConfig& levels,
                                  const SamplerOptions& options, torch::Tensor x, at::Generator gen) {
  const int64_t steps = options.steps, n = x.size(-1);
  auto grid =
      torch::exp(torch::linspace(std::log(levels.sigma_max), std::log(levels.sigma_min), steps + 1, torch::kFloat64));
  for (int64_t i = 0; i < steps; ++i) {
    const double s0 = grid[i].item<double>(), s1 = grid[i + 1].item<double>();
    const double dvar = s0 * s0 - s1 * s1;
    auto z = torch::randn(x.sizes(), gen, x.options());
    x = x + (dvar / (s0 * s0)) * score(x, s0) + noise.apply_sqrt(z * (std::sqrt(dvar) * static_cast<double>(n)));
    report_progress(options, i + 1, steps);
  }
  return x;
}

}  // namespace scorefield
