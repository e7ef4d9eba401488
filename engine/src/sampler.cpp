#include "scorefield/sampler.hpp"

#include <cmath>

#include "scorefield/error.hpp"

namespace scorefield {

SamplerKind parse_sampler(const std::string& name) {
  if (name == "langevin") return SamplerKind::Langevin;
  if (name == "sde") return SamplerKind::Sde;
  if (name == "ode") return SamplerKind::Ode;
  fail(ErrorKind::InvalidArgument, "unknown sampler '" + name + "' (choose langevin, sde or ode)");
}

std::string to_string(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::Langevin:
      return "langevin";
    case SamplerKind::Sde:
      return "sde";
    case SamplerKind::Ode:
      return "ode";
  }
  return "?";
}

torch::Tensor geometric_levels(const LevelsConfig& levels) {
  return torch::exp(
      torch::linspace(std::log(levels.sigma_min), std::log(levels.sigma_max), levels.count, torch::kFloat64));
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
  auto x = noise.sample(count, n, levels.sigma_max, gen, opts);
  switch (options.kind) {
    case SamplerKind::Langevin:
      x = langevin_sampler(score, noise, levels, options, x, gen);
      break;
    case SamplerKind::Sde:
      x = reverse_sde_sampler(score, noise, levels, options, x, gen);
      break;
    case SamplerKind::Ode:
      x = probability_flow_sampler(score, levels, options, x);
      break;
  }
  if (options.final_denoise || levels.final_denoise) x = x + score(x, levels.sigma_min);
  return x;
}

}  // namespace scorefield
