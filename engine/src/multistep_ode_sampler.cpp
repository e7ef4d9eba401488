#include <cmath>

#include "scorefield/sampler.hpp"

namespace scorefield {

// DPM-Solver++(2M) (Lu et al. 2022) on the probability-flow ODE dx/dsigma = -F(x, sigma)/sigma,
// in its data-prediction form. D(x, sigma) = x + F(x, sigma) is the posterior mean of the clean
// field (Tweedie), and in lambda = -log sigma the ODE is dx/dlambda = D - x, whose exact solution
// over a step from sigma_i to sigma_{i+1} with D held fixed is
//   x_{i+1} = (sigma_{i+1}/sigma_i) x_i + (1 - sigma_{i+1}/sigma_i) D.
// The second-order multistep form replaces D by its linear extrapolation in lambda from the
// previous step's evaluation, (1 + 1/(2r)) D_i - 1/(2r) D_{i-1} with r = h_{i-1}/h_i, so every
// step costs one score evaluation (Heun: two). Every update is a combination of x and D, operators
// on the whole field, so it works on any grid and keeps the modes a conditional model pins. Same
// levels as the Heun sampler (ode_level); below 15 steps the last step is first order, as in the
// reference implementation, since the extrapolation over the longest step in lambda is least
// accurate there.
torch::Tensor multistep_ode_sampler(const ScoreFn& score, const LevelsConfig& levels, const SamplerOptions& options,
                                    torch::Tensor x) {
  const int64_t steps = options.steps;
  auto sigma_at = [&](int64_t i) { return ode_level(levels, steps, i); };
  torch::Tensor previous;
  double previous_h = 0.0;
  for (int64_t i = 0; i < steps; ++i) {
    const double s0 = sigma_at(i), s1 = sigma_at(i + 1), h = std::log(s0 / s1);
    auto d = x + score(x, s0);
    const bool first_order = i == 0 || (i == steps - 1 && steps < 15);
    torch::Tensor extrapolated = d;
    if (!first_order) {
      const double c = 0.5 * h / previous_h;  // 1/(2r)
      extrapolated = (1.0 + c) * d - c * previous;
    }
    x = (s1 / s0) * x + (1.0 - s1 / s0) * extrapolated;
    previous = d;
    previous_h = h;
    report_progress(options, i + 1, steps);
  }
  return x;
}

}  // namespace scorefield
