// Helpers for statistical tests: per-mode power of fields and averages over octave bands.
#pragma once

#include <cmath>
#include <vector>

#include <torch/torch.h>

#include "scorefield/fourier.hpp"

namespace scorefield::stats {

// E|u_hat_k|^2 over the batch, rfft2 layout, with u_hat the coefficients of the function (rfft2 / N^2).
inline torch::Tensor mode_power(const torch::Tensor& fields) {
  const double n = static_cast<double>(fields.size(-1));
  return torch::fft::rfft2(fields.to(torch::kFloat64)).abs().pow(2).mean(0) / (n * n * n * n);
}

struct Band {
  int lo, hi;          // shells lo <= round|k| < hi
  double ratio;        // mean over the band's modes of measured / expected
  double independent;  // independent complex modes in the band per sample (half of the full plane)
};

// Compares measured and expected per-mode power band by band, over non-Nyquist modes with k != 0.
inline std::vector<Band> band_ratios(const torch::Tensor& measured, const torch::Tensor& expected, int64_t n) {
  auto shell = torch::round(torch::sqrt(wavenumber_squared(n, torch::kFloat64)));
  auto valid = (non_nyquist_mask(n, torch::kFloat64) > 0) & (shell > 0) & (expected > 0);
  // Weight 2 for ky > 0 columns: each stands for itself and its conjugate in the full plane.
  auto weight = torch::full_like(measured, 2.0);
  weight.select(1, 0).fill_(1.0);
  std::vector<Band> out;
  for (int lo = 1; lo < n / 2; lo *= 2) {
    const int hi = std::min<int>(2 * lo, static_cast<int>(n / 2));
    auto in = valid & (shell >= lo) & (shell < hi);
    auto w = weight.masked_select(in);
    auto r = (measured / expected.clamp_min(1e-300)).masked_select(in);
    out.push_back({lo, hi, ((r * w).sum() / w.sum()).item<double>(), w.sum().item<double>() / 2.0});
  }
  return out;
}

}  // namespace scorefield::stats
