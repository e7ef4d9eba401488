// The score operator F_theta(x, sigma[, y]): a Fourier neural operator with a noise-level
// embedding and optional conditioning channels. No parameter depends on the grid size.
//
// Preconditioning (after Karras et al., carried to function space): with s^2 = sigma^2 v_C the
// variance of one grid value of the noise and data standardised to unit variance,
//   F(x, sigma) = -S_sigma x + s/sqrt(1+s^2) * G(x/sqrt(1+s^2), log sigma, y),
// so that G's inputs and its training target are O(1) at every noise level. S_sigma is a learned
// Fourier multiplier, a function of the physical wavenumber |k| and sigma:
//   S_sigma(k) = sigmoid(log s^2 - phi(log(1 + |k|))), phi a small MLP,
// the form of the exact Gaussian shrinkage sigma^2 lambda_k / (c1_k + sigma^2 lambda_k). It carries
// the mode-by-mode part of the score at every wavenumber, including those above the spectral
// layers' cut-off and above the training grid's Nyquist (where it extrapolates smoothly in log|k|).
//
// With network.spectral_prior, phi is the data's exact Gaussian shrinkage (spectral_prior.hpp) plus
// the learned MLP, which then starts from and learns only a correction to it.
//
// With network.gated_trunk the trunk enters as s/sqrt(1+s^2) * sqrt(1 - S_sigma) G (the product
// taken mode by mode): sqrt(1 - S_sigma(k)) is the Gaussian posterior standard deviation of mode k
// relative to its noise, the scale of what the data can add to the shrinkage there. Modes the noise
// buries are then moved by -S_sigma x alone, a function that extrapolates smoothly in |k|, instead
// of by whatever the trunk's pointwise layers put on wavenumbers it was never trained on.
//
// Each layer of G is spectral convolution (lowest `modes`) + pointwise convolution, and with
// network.radial_filters also a per-channel radial filter on all modes: a function of the physical
// |k| (so resolution-free, like S_sigma) that lets the hidden channels act on the wavenumbers
// between the spectral convolution's cut-off and the grid's Nyquist, where the pointwise
// convolution alone cannot select a band.
#pragma once

#include <torch/torch.h>

#include "scorefield/config.hpp"
#include "scorefield/spectral_conv.hpp"

namespace scorefield {

struct ScoreNetworkImpl : torch::nn::Module {
  // noise_point_variance: v_C, the grid-value variance of N(0, C) (GaussianMeasure).
  ScoreNetworkImpl(const NetworkConfig& cfg, double noise_point_variance);

  // x: [B, N, N]; sigma: [B]; cond: [B, cond_channels, N, N] or undefined. Returns [B, N, N].
  // With `trunk_net` (a copy of this network in another dtype, e.g. bfloat16), G is evaluated by
  // that copy in its dtype while the preconditioning and S_sigma stay in x's dtype.
  // `coarse`: the coarse grid size of a super-resolution condition (network.conditional_prior).
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& sigma, const torch::Tensor& cond = {},
                        ScoreNetworkImpl* trunk_net = nullptr, int64_t coarse = 0);

  // G(x_in, log sigma, y) of the header, computed in this network's parameter dtype; returns
  // [B, N, N] in that dtype.
  torch::Tensor trunk(const torch::Tensor& x_in, const torch::Tensor& sigma, const torch::Tensor& cond);

  // Layer l's radial filter applied to hidden channels h [B, width, N, N].
  torch::Tensor radial_filter(int l, const torch::Tensor& h);

  NetworkConfig cfg;
  double noise_point_variance;
  torch::nn::Linear embed1{nullptr}, embed2{nullptr}, shrink1{nullptr}, shrink2{nullptr};
  torch::nn::Conv2d lift{nullptr}, project1{nullptr}, project2{nullptr};
  torch::nn::ModuleList spectral, pointwise, level_bias;
  // network.radial_filters: per layer, r(|k|) = radial_out(gelu(radial_in(log(1 + |k|)))), one
  // value per channel and wavenumber magnitude, applied to all the modes of the grid.
  torch::nn::ModuleList radial_in, radial_out;
  // network.spectral_prior: phi of the data's spectrum per shell (spectral_prior.hpp), added to
  // the learned phi; a buffer, measured by the trainer, not a parameter.
  torch::Tensor log_prior;
  // network.conditional_prior: the data's log energy per shell, the reference the coarse field's
  // spectrum is measured against; a buffer, measured by the trainer with the table.
  torch::Tensor log_energy;
};
TORCH_MODULE(ScoreNetwork);

// A new network with the same configuration and a copy of `net`'s parameters on `device`.
ScoreNetwork copy_network(const ScoreNetwork& net, torch::Device device);

}  // namespace scorefield
