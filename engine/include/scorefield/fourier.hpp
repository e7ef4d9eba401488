// Fourier-space helpers on the periodic unit square sampled on an N x N grid.
// Fields are real tensors [..., N, N]; their spectra use torch's rfft2 layout [..., N, N/2+1].
#pragma once

#include <torch/torch.h>

namespace scorefield {

// |k|^2 for integer wavenumbers k = (kx, ky) in rfft2 layout.
torch::Tensor wavenumber_squared(int64_t n, const torch::TensorOptions& opts);

// 1 on modes with |kx|, |ky| < N/2, 0 on the Nyquist row and column of an even grid.
// Dropping Nyquist makes a grid of size N hold exactly the modes every finer grid shares with it.
torch::Tensor non_nyquist_mask(int64_t n, const torch::TensorOptions& opts);

// Weights that turn a sum over rfft2 coefficients into half the sum over the whole spectrum:
// columns 1..N/2-1 stand for a mode and its conjugate (weight 1), column 0 holds both members of
// its pairs (weight 1/2); Nyquist modes 0. Summing a per-pair quantity with them counts each
// conjugate pair once and each real mode (k = 0) half, as Gaussian log densities need. Float64.
torch::Tensor half_spectrum_weights(int64_t n);

// Applies a real Fourier multiplier m (shape [N, N/2+1]) to real fields: irfft2(m * rfft2(x)).
torch::Tensor apply_multiplier(const torch::Tensor& x, const torch::Tensor& m);

// Brings fields [..., N, N] to [..., M, M] by spectral truncation (M < N) or zero-padding (M > N),
// keeping the function: grid values of the band-limited interpolant. Nyquist modes are dropped.
torch::Tensor spectral_resize(const torch::Tensor& x, int64_t m);

}  // namespace scorefield
