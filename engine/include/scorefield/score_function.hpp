// What a sampler needs of a score model: F(x, sigma) = sigma^2 C grad log p_sigma(x) = -E[xi | x]
// on fields x [B, N, N]. A trained network and the closed-form Gaussian score both provide it.
#pragma once

#include <functional>
#include <vector>

#include <torch/torch.h>

#include "scorefield/gaussian_measure.hpp"

namespace scorefield {

using ScoreFn = std::function<torch::Tensor(const torch::Tensor& x, double sigma)>;

// The optimal F for data mu = N(0, C1), both C1 and the noise C diagonal in Fourier:
// F*(x) = -sigma^2 C (C1 + sigma^2 C)^(-1) x, mode by mode. Used to check samplers exactly.
ScoreFn exact_gaussian_score(const GaussianMeasure& data, const GaussianMeasure& noise);

// One component of a Gaussian mixture: weight w, law mean + N(0, C_law), the mean a constant field.
struct GaussianComponent {
  GaussianMeasure law;
  double mean = 0.0;
  double weight = 1.0;
};

// The optimal F for a mixture of Gaussian laws (each diagonal in Fourier, like the noise): the
// responsibility-weighted sum of the components' Gaussian scores,
//   F*(x) = sum_i r_i(x) F_i(x),  F_i(x) = -sigma^2 C (C_i + sigma^2 C)^(-1) (x - m_i),
//   r_i(x) proportional to w_i N(x; m_i, C_i + sigma^2 C) on the modes below the Nyquist modes.
// Its samplers' outputs must fall into the components at their weights: the check that a sampler
// can make the discrete choice a mixture asks for, separately from what a network learns.
ScoreFn exact_gaussian_mixture_score(const std::vector<GaussianComponent>& data, const GaussianMeasure& noise);

// Log density of each field under each component convolved with N(0, sigma^2 C), up to a constant
// common to all components: [B, K] for fields [B, N, N]. sigma = 0 gives the Bayes classifier.
torch::Tensor mixture_log_likelihoods(const std::vector<GaussianComponent>& data, const GaussianMeasure& noise,
                                      const torch::Tensor& x, double sigma);

}  // namespace scorefield
