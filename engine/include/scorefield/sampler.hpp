// Samplers of the reverse diffusion. All start from x ~ N(0, sigma_max^2 C) at the requested
// resolution and draw every random number from the caller's generator: same seed, same device,
// same sample.
//   langevin: annealed preconditioned Langevin over the J geometric levels, `steps` per level,
//             x <- x + eps F(x, sigma_j) + sqrt(2 eps) sigma_j C^(1/2) z;
//   sde:      Euler-Maruyama on the reverse-time variance-exploding SDE, `steps` steps on a
//             geometric sigma grid;
//   ode:      Heun on the probability-flow ODE dx/dsigma = -F(x, sigma)/sigma, `steps` intervals
//             on the rho = 7 grid of Karras et al. (2 * steps - 1 score evaluations).
#pragma once

#include <functional>
#include <string>

#include <torch/torch.h>

#include "scorefield/config.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/precision.hpp"
#include "scorefield/score_function.hpp"

namespace scorefield {

enum class SamplerKind { Langevin, Sde, Ode };

SamplerKind parse_sampler(const std::string& name);  // "langevin" | "sde" | "ode"
std::string to_string(SamplerKind kind);

// Called after each step with (done, total); return false to abort (throws ErrorKind::Cancelled).
using ProgressFn = std::function<bool(int64_t done, int64_t total)>;

struct SamplerOptions {
  SamplerKind kind = SamplerKind::Ode;
  int steps = 32;              // see the header comment for each sampler's meaning
  double epsilon = 0.05;       // Langevin step size (dimensionless thanks to the preconditioning)
  bool final_denoise = false;  // end with x + F(x, sigma_min) (Tweedie's posterior mean)
  Precision precision = Precision::Float32;  // of the network (precision.hpp); used by ScoreModel
  ProgressFn progress;
};

// Geometric levels sigma_1 < ... < sigma_J.
torch::Tensor geometric_levels(const LevelsConfig& levels);

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

// Reports progress; throws Error(Cancelled) when the callback asks to stop.
void report_progress(const SamplerOptions& options, int64_t done, int64_t total);

}  // namespace scorefield
