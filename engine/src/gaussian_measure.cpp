#include "scorefield/gaussian_measure.hpp"

#include <cmath>

#include "scorefield/boundary_extension.hpp"
#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"

namespace scorefield {

GaussianMeasure::GaussianMeasure(NoiseConfig cfg, bool mirror) : cfg_(cfg), mirror_(mirror) {
  require(cfg_.alpha >= 0, "noise alpha must be >= 0");
  require(cfg_.tau > 0, "noise tau must be > 0");
  require(cfg_.amplitude > 0, "noise amplitude must be > 0");
}

torch::Tensor GaussianMeasure::eigenvalues(int64_t n, const torch::TensorOptions& opts) const {
  auto k2 = wavenumber_squared(n, opts.dtype(torch::kFloat64));
  auto lam = torch::pow(4.0 * M_PI * M_PI * k2 + cfg_.tau * cfg_.tau, -cfg_.alpha) * (cfg_.amplitude * cfg_.amplitude);
  return lam.to(opts);
}

torch::Tensor GaussianMeasure::multiplier(int64_t n, double p, const torch::TensorOptions& opts) const {
  // Computed in double, then cast: lambda spans many decades for large alpha.
  auto lam = eigenvalues(n, torch::kFloat64);
  auto m = torch::pow(lam, p) * non_nyquist_mask(n, torch::kFloat64);
  return m.to(opts);
}

torch::Tensor GaussianMeasure::apply_power(const torch::Tensor& x, double p) const {
  const int64_t n = x.size(-1);
  require(x.dim() >= 2 && x.size(-2) == n, "fields must be square [..., N, N]");
  auto y = apply_multiplier(x, multiplier(n, p, x.options()));
  // P commutes with C (lambda depends on |k| alone), so (4 P C)^p = 4^p P C^p.
  return mirror_ ? std::pow(4.0, p) * mirror_symmetrize(y) : y;
}

torch::Tensor GaussianMeasure::sample(int64_t count, int64_t n, double sigma, at::Generator gen,
                                      const torch::TensorOptions& opts) const {
  require(count >= 0, "sample count must be >= 0");
  require(n >= 2, "resolution must be >= 2");
  // Grid white noise on the unit torus has point variance 1/h^2 = N^2; then
  // irfft2(sqrt(lambda) rfft2(N z)) = sum_k sqrt(lambda_k) Zhat_k e_k with E|Zhat_k|^2 = 1.
  auto z = torch::randn({count, n, n}, gen, opts);
  return apply_sqrt(z * (static_cast<double>(n) * sigma));
}

double GaussianMeasure::pointwise_variance(int64_t n) const {
  // Sum over the full (not half) spectrum of the kept modes.
  auto lam = eigenvalues(n, torch::kFloat64) * non_nyquist_mask(n, torch::kFloat64);
  auto weight = torch::full_like(lam, 2.0);
  weight.select(1, 0).fill_(1.0);  // ky = 0 column appears once in the full spectrum
  return (lam * weight).sum().item<double>();
}

}  // namespace scorefield
