#include "scorefield/start_law_check.hpp"

#include <cmath>

#include "scorefield/fourier.hpp"

namespace scorefield {

torch::Tensor summed_mode_energy(const torch::Tensor& fields) {
  const int64_t n = fields.size(-1);
  auto a = torch::fft::rfft2(fields.to(torch::kCPU, torch::kFloat64)) / static_cast<double>(n * n);
  return a.abs().pow(2).reshape({-1, n, n / 2 + 1}).sum(0);
}

StartLawMismatch start_law_mismatch(const torch::Tensor& mode_energy, const GaussianMeasure& noise, double sigma_max,
                                    const torch::Tensor& counted) {
  const int64_t n = mode_energy.size(0);
  auto rho = mode_energy.to(torch::kFloat64) / (noise.eigenvalues(n, torch::kFloat64) * (sigma_max * sigma_max));
  auto weight = half_spectrum_weights(n);
  if (counted.defined()) weight = weight * counted.to(torch::kCPU, torch::kFloat64);
  StartLawMismatch m;
  m.kl_nats = ((rho - torch::log1p(rho)) * weight).sum().item<double>();
  auto shell = torch::sqrt(wavenumber_squared(n, torch::kFloat64)).round().to(torch::kLong);
  for (int64_t s = 0; s < n / 2; ++s) {
    auto in = (shell == s) & (weight > 0);
    if (!in.any().item<bool>()) continue;
    const double r = rho.masked_select(in).mean().item<double>();
    if (r > m.worst_ratio) {
      m.worst_ratio = r;
      m.worst_shell = s;
    }
  }
  return m;
}

}  // namespace scorefield
