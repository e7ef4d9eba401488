#include "scorefield/spectral_prior.hpp"

#include <cmath>

#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"

namespace scorefield {

int64_t prior_shell_count(int64_t n) {
  return static_cast<int64_t>(std::lround(std::sqrt(2.0) * static_cast<double>(n / 2))) + 1;
}

torch::Tensor shell_log_energy(const torch::Tensor& mode_energy) {
  const int64_t n = mode_energy.size(0);
  require(mode_energy.dim() == 2 && mode_energy.size(1) == n / 2 + 1, "mode energies must be [N, N/2+1]");
  auto energy = mode_energy.to(torch::kCPU, torch::kFloat64);
  auto counted = non_nyquist_mask(n, torch::kFloat64);
  auto shell = torch::sqrt(wavenumber_squared(n, torch::kFloat64)).round().to(torch::kLong);
  const int64_t shells = prior_shell_count(n);
  auto sums = torch::zeros({shells}, torch::kFloat64).index_add_(0, shell.flatten(), (energy * counted).flatten());
  auto counts = torch::zeros({shells}, torch::kFloat64).index_add_(0, shell.flatten(), counted.flatten());
  const double floor = 1e-30 * std::max(energy.sum().item<double>(), 1e-300);
  return torch::log((sums / counts.clamp_min(1.0)).clamp_min(floor));
}

torch::Tensor spectral_prior_table(const torch::Tensor& mode_energy, const GaussianMeasure& noise,
                                   double noise_point_variance) {
  require(noise_point_variance > 0, "noise point variance must be > 0");
  auto log_energy = shell_log_energy(mode_energy);
  // lambda at |k| = shell, the noise's own radial law (gaussian_measure.hpp).
  const auto& c = noise.config();
  auto k = torch::arange(log_energy.size(0), torch::kFloat64);
  auto lam = torch::pow(4.0 * M_PI * M_PI * k * k + c.tau * c.tau, -c.alpha) * (c.amplitude * c.amplitude);
  return log_energy + std::log(noise_point_variance) - torch::log(lam);
}

torch::Tensor conditional_prior_shift(const torch::Tensor& y, int64_t coarse, const torch::Tensor& log_energy,
                                      bool fit_slope) {
  const int64_t b = y.size(0), n = y.size(-1), kc = coarse / 2, lo = std::max<int64_t>(kc / 2, 1);
  require(coarse >= 4 && coarse <= n && kc - 1 <= log_energy.size(0) - 1,
          "conditional prior: coarse grid " + std::to_string(coarse) + " does not fit the fine grid or the table");
  auto f64 = torch::TensorOptions().dtype(torch::kFloat64).device(y.device());
  auto a = torch::fft::rfft2(y.to(torch::kFloat64)) / static_cast<double>(n * n);
  auto energy = a.abs().pow(2);                      // [B, n, n/2+1]
  auto k = torch::sqrt(wavenumber_squared(n, f64));  // [n, n/2+1]
  auto shell = k.round();
  auto counted = (non_nyquist_mask(n, f64) > 0) & (shell >= lo) & (shell <= kc - 1);
  auto index = (shell.clamp(lo, kc - 1) - lo).to(torch::kLong).masked_select(counted);
  const int64_t shells = kc - lo;
  auto sums = torch::zeros({b, shells}, f64)
                  .index_add_(1, index, energy.masked_select(counted.expand_as(energy)).view({b, -1}));
  auto counts = torch::zeros({shells}, f64).index_add_(0, index, torch::ones_like(index, f64));
  const double tiny = 1e-300;
  auto r =
      torch::log((sums / counts).clamp_min(tiny)) - log_energy.to(f64).slice(0, lo, kc).unsqueeze(0);  // [B, shells]
  auto t = torch::log(torch::arange(lo, kc, f64) / static_cast<double>(kc));                           // [shells]
  auto t0 = t - t.mean();
  // A slope from fewer than 4 shells (coarse grids under 16^2) swings by several units from field
  // to field and, extrapolated over the 2-3 octaves of an 8x target, by factors of 100 in energy:
  // there the level alone is used.
  auto slope = fit_slope && shells >= 4 ? ((r * t0).sum(1) / t0.pow(2).sum().clamp_min(tiny)).clamp(-8.0, 8.0)
                                        : torch::zeros({b}, f64);
  auto level = r.mean(1) - slope * t.mean();
  auto above = torch::log(k.clamp_min(static_cast<double>(kc)) / static_cast<double>(kc));
  return (level.view({b, 1, 1}) + slope.view({b, 1, 1}) * above.unsqueeze(0)).to(y.scalar_type());
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
