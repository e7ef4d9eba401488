// The score operator F_theta(x, sigma[, y]): a Fourier neural operator with a noise-level
// embedding and optional conditioning channels. No parameter depends on the grid size.
//
// Preconditioning (after Karras et al., carried to function space): with s^2 = sigma^2 v_C the
// variance of one grid value of the noise and data standardised to unit variance,
//   F(x, sigma) = -s^2/(1+s^2) x + s/sqrt(1+s^2) * G(x/sqrt(1+s^2), log sigma, y),
// so that G's inputs and its training target are O(1) at every noise level.
#pragma once

#include <torch/torch.h>

#include "scorefield/config.hpp"
#include "scorefield/spectral_conv.hpp"

namespace scorefield {

struct ScoreNetworkImpl : torch::nn::Module {
  // noise_point_variance: v_C, the grid-value variance of N(0, C) (GaussianMeasure).
  ScoreNetworkImpl(const NetworkConfig& cfg, double noise_point_variance);

  // x: [B, N, N]; sigma: [B]; cond: [B, cond_channels, N, N] or undefined. Returns [B, N, N].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& sigma,
                        const torch::Tensor& cond = {});

  NetworkConfig cfg;
  double noise_point_variance;
  torch::nn::Linear embed1{nullptr}, embed2{nullptr};
  torch::nn::Conv2d lift{nullptr}, project1{nullptr}, project2{nullptr};
  torch::nn::ModuleList spectral, pointwise, level_bias;
};
TORCH_MODULE(ScoreNetwork);

// A new network with the same configuration and a copy of `net`'s parameters on `device`.
ScoreNetwork copy_network(const ScoreNetwork& net, torch::Device device);

}  // namespace scorefield
