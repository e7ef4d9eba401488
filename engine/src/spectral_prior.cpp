#include "scorefield/spectral_prior.hpp"

#include <cmath>

#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"

namespace scorefield {

int64_t prior_shell_count(int64_t n) {
  return static_cast<int64_t>(std::lround(std::sqrt(2.0) * static_cast<double>(n / 2))) + 1;
}

torch::Tensor spectral_prior_table(const torch::Tensor& mode_energy, const GaussianMeasure& noise,
                                   double noise_point_variance) {
  const int64_t n = mode_energy.size(0);
  require(mode_energy.dim() == 2 && mode_energy.size(1) == n / 2 + 1, "mode energies must be [N, N/2+1]");
  require(noise_point_variance > 0, "noise point variance must be > 0");
  auto energy = mode_energy.to(torch::kCPU, torch::kFloat64);
  auto counted = non_nyquist_mask(n, torch::kFloat64);
  auto shell = torch::sqrt(wavenumber_squared(n, torch::kFloat64)).round().to(torch::kLong);
  const int64_t shells = prior_shell_count(n);
  auto sums = torch::zeros({shells}, torch::kFloat64).index_add_(0, shell.flatten(), (energy * counted).flatten());
  auto counts = torch::zeros({shells}, torch::kFloat64).index_add_(0, shell.flatten(), counted.flatten());
  const double floor = 1e-30 * std::max(energy.sum().item<double>(), 1e-300);
  auto mean = (sums / counts.clamp_min(1.0)).clamp_min(floor);
  // lambda at |k| = shell, the noise's own radial law (gaussian_measure.hpp).
  const auto& c = noise.config();
  auto k = torch::arange(shells, torch::kFloat64);
  auto lam = torch::pow(4.0 * M_PI * M_PI * k * k + c.tau * c.tau, -c.alpha) * (c.amplitude * c.amplitude);
  return torch::log(mean * noise_point_variance / lam);
}

torch::Tensor spectral_prior_at_modes(const torch::Tensor& table, int64_t n, const torch::TensorOptions& opts) {
  const int64_t last = table.size(0) - 1;
  auto k = torch::sqrt(wavenumber_squared(n, torch::TensorOptions().dtype(torch::kFloat64).device(table.device())));
  auto below = k.floor().clamp_max(static_cast<double>(last));
  auto w = (k - below).clamp_max(1.0);
  auto i0 = below.to(torch::kLong);
  auto i1 = (i0 + 1).clamp_max(last);
  auto t = table.to(torch::kFloat64);
  auto v = t.index({i0}) * (1.0 - w) + t.index({i1}) * w;
  return v.to(opts);
}

}  // namespace scorefield
