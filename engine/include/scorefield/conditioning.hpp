// Conditioning of the score operator on a coarse field or on sparse point observations.
//
// Super-resolution: the coarse field y on an M x M grid is a function, the spectral truncation
// P_M u of the fine field u. It enters the network on the sample's N x N grid by spectral
// zero-padding, so one model takes any M and any factor N/M. The modes the coarse grid holds
// (|kx|, |ky| < M/2) are fixed by y under mu(u | y), so there the conditional score is known in
// closed form: F = -E[xi | x] = -(x - y) mode by mode. The model uses that exact value on those
// modes and the network's output on the others; the network only has to learn what lies above
// the coarse Nyquist wavenumber, and every sample restricts to y.
//
// Sparse observations: values at a subset of grid points, given to the network as four channels:
// the values where observed (0 elsewhere), the 0/1 mask, and two smooth functions of them that do
// not depend on the grid: a normalised-convolution interpolant of the values (Gaussian kernel half
// as wide as the mean spacing of the observations) and the local density of observations. The point
// channels alone leave the network to carry each value to its neighbours through its few Fourier
// modes, which a small model does not learn; the interpolant hands it that, and the network
// learns the correction and the spread. Models made with the two point channels only still load.
#pragma once

#include <torch/torch.h>

namespace scorefield {

// Conditioning channels of new models per task: "unconditional" 0, "superres" 1, "observations" 4
// (2 for observation models made before the interpolant channels).
int condition_channels(const std::string& task);

// The coarse field y [..., M, M] brought to the fine grid: [..., N, N] by spectral zero-padding.
torch::Tensor coarse_condition(const torch::Tensor& coarse, int64_t n);

// 1 on the rfft2 modes of an N grid that an M grid holds (|kx|, |ky| < M/2), 0 elsewhere.
torch::Tensor coarse_mode_mask(int64_t n, int64_t m, const torch::TensorOptions& opts);

// F = F_net on the modes above the coarse grid, -(x - y_fine) on the ones it holds.
torch::Tensor compose_superres_score(const torch::Tensor& f_net, const torch::Tensor& x, const torch::Tensor& y_fine,
                                     const torch::Tensor& mask);

// Observation channels [B, channels, N, N] from values [B, N, N] and a 0/1 mask [B, N, N]:
// values * mask and mask, then (channels = 4) the interpolant and density below.
torch::Tensor observation_condition(const torch::Tensor& values, const torch::Tensor& mask, int channels);

// [B, 2, N, N]: the normalised convolution sum_p g(x - p) v_p / sum_p g(x - p) of the observed
// values v_p with a periodic Gaussian g of width ell = 1 / (2 sqrt(observation count)) (unit
// square), and the density sum_p exp(-|x - p|^2 / (2 ell^2)): pi / 2 on average, 0 far from all
// observations.
torch::Tensor observation_interpolant(const torch::Tensor& values, const torch::Tensor& mask);

// Random masks [B, N, N]: each batch member observes a fraction drawn uniformly from
// [fraction_min, fraction_max] of its points (at least one), at distinct random positions.
torch::Tensor random_observation_mask(int64_t batch, int64_t n, double fraction_min, double fraction_max,
                                      at::Generator gen, const torch::TensorOptions& opts);

}  // namespace scorefield
