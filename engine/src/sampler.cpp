#include "scorefield/sampler.hpp"

#include <cmath>

#include "scorefield/error.hpp"

namespace scorefield {

SamplerKind parse_sampler(const std::string& name) {
  if (name == "langevin") return SamplerKind::Langevin;
  if (name == "sde") return SamplerKind::Sde;
  if (name == "ode") return SamplerKind::Ode;
  if (name == "ode2m") return SamplerKind::MultistepOde;
  fail(ErrorKind::InvalidArgument, "unknown sampler '" + name + "' (choose langevin, sde, ode or ode2m)");
}

std::string to_string(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::Langevin:
      return "langevin";
    case SamplerKind::Sde:
      return "sde";
    case SamplerKind::Ode:
      return "ode";
    case SamplerKind::MultistepOde:
      return "ode2m";
  }
  return "?";
}

torch::Tensor geometric_levels(const LevelsConfig& levels) {
  return torch::exp(
      torch::linspace(std::log(levels.sigma_min), std::log(levels.sigma_max), levels.count, torch::kFloat64));
}

double ode_level(const LevelsConfig& levels, int64_t steps, int64_t i) {
  constexpr double rho = 7.0;
  const double a = std::pow(levels.sigma_max, 1.0 / rho), b = std::pow(levels.sigma_min, 1.0 / rho);
  return std::pow(a + (b - a) * static_cast<double>(i) / static_cast<double>(steps), rho);
}

void report_progress(const SamplerOptions& options, int64_t done, int64_t total) {
  if (options.progress && !options.progress(done, total)) fail(ErrorKind::Cancelled, "sampling cancelled");
}

torch::Tensor run_sampler(const ScoreFn& score, const GaussianMeasure& noise, const LevelsConfig& levels,
                          const SamplerOptions& options, int64_t count, int64_t n, at::Generator gen,
                          const torch::TensorOptions& opts) {
  require(count > 0, "sample count must be > 0 (got " + std::to_string(count) + ")");
  require(n >= 4, "resolution must be >= 4 (got " + std::to_string(n) + ")");
  require(options.steps > 0, "sampler steps must be > 0 (got " + std::to_string(options.steps) + ")");
  require(options.epsilon > 0 && options.epsilon < 1, "Langevin step size must be in (0, 1)");
  torch::NoGradGuard no_grad;
  // Every sampler runs on the levels from `top` down; a start below sigma_max shortens them.
  LevelsConfig run = levels;
  if (options.start_sigma > 0) {
    require(options.start_mean.defined(),
            "a start below the top noise level needs a field to start from; it is offered for super-resolution");
    require(options.start_sigma > levels.sigma_min && options.start_sigma <= levels.sigma_max,
            "the start level must lie in (" + std::to_string(levels.sigma_min) + ", " +
                std::to_string(levels.sigma_max) + "], the model's noise levels (got " +
                std::to_string(options.start_sigma) + ")");
    run.sigma_max = options.start_sigma;
  }
  auto x = noise.sample(count, n, run.sigma_max, gen, opts);
  if (options.start_sigma > 0) x = x + options.start_mean.to(x.options());
  switch (options.kind) {
    case SamplerKind::Langevin:
      x = langevin_sampler(score, noise, run, options, x, gen);
      break;
    case SamplerKind::Sde:
      x = reverse_sde_sampler(score, noise, run, options, x, gen);
      break;
    case SamplerKind::Ode:
      x = probability_flow_sampler(score, run, options, x);
      break;
    case SamplerKind::MultistepOde:
      x = multistep_ode_sampler(score, run, options, x);
      break;
  }
  if (options.final_denoise || levels.final_denoise) x = x + score(x, levels.sigma_min);
  return x;
}

}  // namespace scorefield
