#include <cmath>

#include "scorefield/sampler.hpp"

namespace scorefield {

// dx/dsigma = -F(x, sigma)/sigma, integrated with Heun's method from sigma_max down to sigma_min
// on sigma_i = (smax^(1/rho) + i/S (smin^(1/rho) - smax^(1/rho)))^rho, rho = 7: steps cluster at
// small sigma, where the solution changes fastest relative to its size.
torch::Tensor probability_flow_sampler(const ScoreFn& score, const LevelsConfig& levels, const SamplerOptions& options,
                                       torch::Tensor x) {
  constexpr double rho = 7.0;
  const int64_t steps = options.steps;
  const double a = std::pow(levels.sigma_max, 1.0 / rho), b = std::pow(levels.sigma_min, 1.0 / rho);
  auto sigma_at = [&](int64_t i) { return std::pow(a + (b - a) * static_cast<double>(i) / steps, rho); };
  auto slope = [&](const torch::Tensor& y, double s) { return score(y, s) * (-1.0 / s); };
  for (int64_t i = 0; i < steps; ++i) {
    const double s0 = sigma_at(i), s1 = sigma_at(i + 1), h = s1 - s0;
    auto d0 = slope(x, s0);
    auto predictor = x + h * d0;
    x = x + (0.5 * h) * (d0 + slope(predictor, s1));
    report_progress(options, i + 1, steps);
  }
  return x;
}

}  // namespace scorefield
