// The data's own spectrum as the prior of the score network's shrinkage S_sigma (network.
// spectral_prior, score_network.hpp).
//
// For data that were Gaussian and diagonal in Fourier with per-mode energy E_k (the measured
// E|a_k|^2 of start_law_check.hpp), the exact score shrinks mode k of x by
//   S_sigma(k) = sigma^2 lambda_k / (E_k + sigma^2 lambda_k) = sigmoid(log s^2 - phi(k)),
//   phi(k) = log(E_k v_C / lambda_k),   s^2 = sigma^2 v_C.
// The table holds that phi per shell |k| = 0, 1, ... of the finest training grid, so the network
// learns only a correction to it. Without it the learned phi must travel from its start to
// log(E_k v_C / lambda_k), which on the dissipation range of a resolved flow falls by about 9 per
// octave: too far for small learning rates on a few thousand fine-grid batches, and wherever it
// falls short the flow leaves 10^2-10^4 times the true energy on those shells.
#pragma once

#include <torch/torch.h>

#include "scorefield/gaussian_measure.hpp"

namespace scorefield {

// Shells |k| = 0 .. round(sqrt(2) N / 2) of an N grid: every mode of the grid, corners included.
int64_t prior_shell_count(int64_t n);

// phi per shell [prior_shell_count(N)], float64, from per-mode energies [N, N/2+1] (a mean over
// the data): the energy is averaged over the modes whose rounded |k| is the shell (Nyquist modes
// excluded), and floored at 1e-30 of the total, so that shells the data leave empty (the mean of
// standardised data, say) shrink completely instead of giving log 0.
torch::Tensor spectral_prior_table(const torch::Tensor& mode_energy, const GaussianMeasure& noise,
                                   double noise_point_variance);

// log E per shell [prior_shell_count(N)], float64: the shell means of per-mode energies [N, N/2+1]
// that spectral_prior_table turns into phi (same shells, same floor).
torch::Tensor shell_log_energy(const torch::Tensor& mode_energy);

// Conditional prior (network.conditional_prior): for coarse fields y brought to an n grid
// ([B, n, n], standardised like the data) from a coarse grid of size `coarse`, the per-sample
// shift of phi, [B, n, n/2+1] in y's dtype. On the top octave of the coarse grid, shells
// kc/2 .. kc-1 (kc = coarse/2, all inside the coarse grid), r(k) = log E_y(k) - log E(k) against
// the table's log energies; a least-squares line r = d + b log(k / kc) is fitted per sample, and
// the shift is d + b log(max(|k|, kc) / kc): the data's shell spectrum moved to the level and
// slope of this field's resolved small scales, extrapolated in log |k| above its Nyquist. The
// slope is clamped to |b| <= 8 (the training fields' top octaves span -7 .. 3; a coarse field of
// noise would otherwise send it anywhere), and is 0 where the octave holds fewer than 4 shells
// (coarse grids under 16^2). The modes the coarse grid holds are fixed by y itself, so the shift matters only
// above kc.
// With fit_slope = false (network.conditional_slope) the shift is the octave's mean residual alone.
torch::Tensor conditional_prior_shift(const torch::Tensor& y, int64_t coarse, const torch::Tensor& log_energy,
                                      bool fit_slope = true);

// The table at every mode of an n grid, [n, n/2+1] in opts' dtype: linear in |k| between the
// shells, the last shell's value beyond it.
torch::Tensor spectral_prior_at_modes(const torch::Tensor& table, int64_t n, const torch::TensorOptions& opts);

}  // namespace scorefield
