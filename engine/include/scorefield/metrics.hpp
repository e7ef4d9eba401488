// Statistics by which generated fields are judged against reference fields.
#pragma once

#include <vector>

#include <torch/torch.h>
#include <nlohmann/json_fwd.hpp>

namespace scorefield {

// Sums a per-mode quantity given in rfft2 layout [N, N/2+1] over the full Fourier plane (each
// ky > 0 column stands for itself and its conjugate) by shells round(|k|) = 0 .. N/2 - 1.
torch::Tensor shell_sum(const torch::Tensor& per_mode, int64_t n);

// Shell-summed energy spectrum E(k), k = 0 .. N/2 - 1 (shell k holds round(|k|) = k), averaged
// over the batch: E(k) = sum over the shell of |u_hat|^2 with u_hat the Fourier coefficients of the
// function (rfft2 / N^2), so sum_k E(k) = mean of u^2 over the torus (Parseval). fields [B, N, N].
torch::Tensor energy_spectrum(const torch::Tensor& fields);

// Wasserstein-1 distance between the one-point value distributions of two sets of fields.
double wasserstein1(const torch::Tensor& a, const torch::Tensor& b);

// |E_a(k) - E_b(k)| / E_b(k) for each shell k = 1 .. K-1 (K the shorter spectrum's length).
torch::Tensor relative_spectrum_error(const torch::Tensor& spec_a, const torch::Tensor& spec_b);

struct BandError {
  int k_lo, k_hi;  // shells k_lo <= k < k_hi
  double mean_error, max_error;
};
// Octave bands [1,2), [2,4), [4,8), ... of relative_spectrum_error.
std::vector<BandError> band_errors(const torch::Tensor& rel_error);

// The full comparison report used by `scorefield eval`.
nlohmann::json compare_fields(const torch::Tensor& samples, const torch::Tensor& reference);

}  // namespace scorefield
