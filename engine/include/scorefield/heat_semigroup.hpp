// The heat semigroup exp(t Laplacian) on the torus: smooths data that are not in the
// Cameron-Martin space of the noise (images with sharp edges); the identity at t = 0.
#pragma once

#include <torch/torch.h>

namespace scorefield {

// exp(t Laplacian) applied to real fields [..., N, N]; t >= 0.
torch::Tensor heat_semigroup(const torch::Tensor& x, double t);

}  // namespace scorefield

namespace scorefield {

// Per-field times: x [B, N, N], t [B] (each >= 0); field b is smoothed by exp(t_b Laplacian).
torch::Tensor heat_semigroup(const torch::Tensor& x, const torch::Tensor& t);

}  // namespace scorefield
