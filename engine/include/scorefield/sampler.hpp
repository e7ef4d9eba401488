// Samplers of the reverse diffusion. All start from x ~ N(0, sigma_max^2 C) at the requested
// resolution (or lower, SamplerOptions::start_sigma) and draw every random number from the
// caller's generator: same seed, same device, same sample.
//   langevin: annealed preconditioned Langevin over the J geometric levels, `steps` per level,
//             x <- x + eps F(x, sigma_j) + sqrt(2 eps) sigma_j C^(1/2) z;
//   sde:      Euler-Maruyama on the reverse-time variance-exploding SDE, `steps` steps on a
//             geometric sigma grid;
//   ode:      Heun on the probability-flow ODE dx/dsigma = -F(x, sigma)/sigma, `steps` intervals
//             on the rho = 7 grid of Karras et al. (2 * steps - 1 score evaluations);
//   ode2m:    DPM-Solver++(2M), a second-order multistep solver of the same ODE on the same grid,
//             one score evaluation per step (`steps` evaluations).
#pragma once

#include <functional>
#include <string>

#include <torch/torch.h>

#include "scorefield/config.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/precision.hpp"
#include "scorefield/score_function.hpp"

namespace scorefield {

enum class SamplerKind { Langevin, Sde, Ode, MultistepOde };

SamplerKind parse_sampler(const std::string& name);  // "langevin" | "sde" | "ode" | "ode2m"
std::string to_string(SamplerKind kind);

// Called after each step with (done, total); return false to abort (throws ErrorKind::Cancelled).
using ProgressFn = std::function<bool(int64_t done, int64_t total)>;

struct SamplerOptions {
  SamplerKind kind = SamplerKind::Ode;
  int steps = 32;              // see the header comment for each sampler's meaning
  double epsilon = 0.05;       // Langevin step size (dimensionless thanks to the preconditioning)
  bool final_denoise = false;  // end with x + F(x, sigma_min) (Tweedie's posterior mean)
  Precision precision = Precision::Float32;  // of the network (precision.hpp); used by ScoreModel
  // A start below the top level (0: from pure noise at sigma_max). With start_sigma > 0 the
  // samplers run from start_sigma down, from x = start_mean + start_sigma C^(1/2) z: the forward
  // process at that level, with the clean field replaced by start_mean. For super-resolution
  // start_mean is the zero-padded coarse field (ScoreModel sets it), which is exact on the coarse
  // modes; above them it leaves out the true small scales, which is a fair start only where the
  // noise at start_sigma outweighs them (docs/results.md, "A start below the top level").
  double start_sigma = 0.0;
  torch::Tensor start_mean;
  ProgressFn progress;
};

// Geometric levels sigma_1 < ... < sigma_J.
torch::Tensor geometric_levels(const LevelsConfig& levels);

// The ODE samplers' level i of `steps` (i = 0: sigma_max, i = steps: sigma_min) on the grid of
// Karras et al., sigma_i = (smax^(1/7) + i/S (smin^(1/7) - smax^(1/7)))^7: steps cluster at small
// sigma, where the solution changes fastest relative to its size.
double ode_level(const LevelsConfig& levels, int64_t steps, int64_t i);

// Draws `count` samples on an N x N grid with the given score; result [count, N, N].
torch::Tensor run_sampler(const ScoreFn& score, const GaussianMeasure& noise, const LevelsConfig& levels,
                          const SamplerOptions& options, int64_t count, int64_t n, at::Generator gen,
                          const torch::TensorOptions& opts);

// The individual samplers (run_sampler dispatches to them), x0 ~ N(0, sigma_max^2 C) given.
torch::Tensor langevin_sampler(const ScoreFn& score, const GaussianMeasure& noise, const LevelsConfig& levels,
                               const SamplerOptions& options, torch::Tensor x, at::Generator gen);
torch::Tensor reverse_sde_sampler(const ScoreFn& score, const GaussianMeasure& noise, const LevelsConfig& levels,
                                  const SamplerOptions& options, torch::Tensor x, at::Generator gen);
torch::Tensor probability_flow_sampler(const ScoreFn& score, const LevelsConfig& levels, const SamplerOptions& options,
                                       torch::Tensor x);
torch::Tensor multistep_ode_sampler(const ScoreFn& score, const LevelsConfig& levels, const SamplerOptions& options,
                                    torch::Tensor x);

// Reports progress; throws Error(Cancelled) when the callback asks to stop.
void report_progress(const SamplerOptions& options, int64_t done, int64_t total);

}  // namespace scorefield
