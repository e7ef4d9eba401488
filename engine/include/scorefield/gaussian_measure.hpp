// The trace-class Gaussian measure N(0, sigma^2 C), C = a^2 (tau^2 I - Laplacian)^(-alpha), on the torus.
//
// Normalisation: a sample on an N grid is the point evaluation of the truncated Karhunen-Loeve
// series u(x) = sum_k sqrt(lambda_k) Z_k exp(2 pi i k.x) over |kx|, |ky| < N/2 with E|Z_k|^2 = 1.
// Hence the variance of a grid value is sum_k lambda_k (which converges as N grows when
// alpha > 1) and the modes of a 2N sample that an N grid holds have the law of an N sample.
// White noise (alpha = 0) is the same formula with lambda_k = 1: its grid variance grows like N^2.
#pragma once

#include <torch/torch.h>

#include "scorefield/config.hpp"

namespace scorefield {

class GaussianMeasure {
 public:
  // `mirror`: the law on fields symmetric about the axes of an even extension (boundary_extension.hpp),
  // C_mirror = 4 P C with P the projection on those fields: the cosine-basis Gaussian with the same
  // eigenvalues, and the torus' grid-value variance away from the axes (P alone averages four
  // independent values, a quarter of it). eigenvalues() and pointwise_variance() stay the torus'.
  explicit GaussianMeasure(NoiseConfig cfg, bool mirror = false);

  const NoiseConfig& config() const { return cfg_; }

  // lambda_k = a^2 (4 pi^2 |k|^2 + tau^2)^(-alpha) in rfft2 layout [N, N/2+1] (Nyquist modes included).
  torch::Tensor eigenvalues(int64_t n, const torch::TensorOptions& opts = torch::kFloat64) const;

  // C^p applied to real fields [..., N, N] as a Fourier multiplier (p = 1/2, -1/2, 1, ...).
  torch::Tensor apply_power(const torch::Tensor& x, double p) const;
  torch::Tensor apply_sqrt(const torch::Tensor& x) const { return apply_power(x, 0.5); }
  torch::Tensor apply_inv_sqrt(const torch::Tensor& x) const { return apply_power(x, -0.5); }

  // `count` samples of N(0, sigma^2 C) on an N x N grid, shape [count, N, N], drawn from `gen`.
  torch::Tensor sample(int64_t count, int64_t n, double sigma, at::Generator gen,
                       const torch::TensorOptions& opts = torch::kFloat32) const;

  // Variance of one grid value of a sample with sigma = 1 on an N grid: sum of the kept lambda_k.
  double pointwise_variance(int64_t n) const;

 private:
  torch::Tensor multiplier(int64_t n, double p, const torch::TensorOptions& opts) const;
  NoiseConfig cfg_;
  bool mirror_ = false;
};

}  // namespace scorefield
