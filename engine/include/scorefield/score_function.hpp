// What a sampler needs of a score model: F(x, sigma) = sigma^2 C grad log p_sigma(x) = -E[xi | x]
// on fields x [B, N, N]. A trained network and the closed-form Gaussian score both provide it.
#pragma once

#include <functional>

#include <torch/torch.h>

#include "scorefield/gaussian_measure.hpp"

namespace scorefield {

using ScoreFn = std::function<torch::Tensor(const torch::Tensor& x, double sigma)>;

// The optimal F for data mu = N(0, C1), both C1 and the noise C diagonal in Fourier:
// F*(x) = -sigma^2 C (C1 + sigma^2 C)^(-1) x, mode by mode. Used to check samplers exactly.
ScoreFn exact_gaussian_score(const GaussianMeasure& data, const GaussianMeasure& noise);

}  // namespace scorefield
