#include <cmath>

#include "scorefield/sampler.hpp"

namespace scorefield {

// dx/dsigma = -F(x, sigma)/sigma, integrated with Heun's method from sigma_max down to sigma_min
// on the levels of ode_level (sampler.hpp).
torch::Tensor probability_flow_sampler(const ScoreFn& score, const LevelsConfig& levels, const SamplerOptions& options,
                                       torch::Tensor x) {
  const int64_t steps = options.steps;
  auto sigma_at = [&](int64_t i) { return ode_level(levels, steps, i); };
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
