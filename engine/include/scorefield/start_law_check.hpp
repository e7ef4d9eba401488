// Does N(0, sigma_max^2 C), where every sampler starts, stand for the data diffused to sigma_max?
//
// The reverse diffusion is only right if p_sigma_max = mu * N(0, sigma_max^2 C) is close to the
// start law. Pointwise variance is not the test: data rougher than the noise (energy decaying more
// slowly in |k| than lambda_k) stand out of the noise on the small scales at every sigma_max, and
// the samplers then start where the data never are. For a mixture this biases the choice of the
// component even with the exact score (tests/test_exact_mixture_sampling.cpp).
//
// The estimate treats the data as Gaussian and diagonal in Fourier with the measured per-mode
// energy E_k = E|a_k|^2 (a_k = rfft2(u)_k / N^2, the Karhunen-Loeve coefficient of
// gaussian_measure.hpp): with rho_k = E_k / (sigma_max^2 lambda_k), KL(p_sigma_max || start) = sum
// over the modes of rho_k - log(1 + rho_k) (half that for the real modes), in nats. With
// smoothing (docs/theory.md, "Loss") the data enter as A_sigma_max u, so the trainer damps E_k by it first.
#pragma once

#include <torch/torch.h>

#include "scorefield/gaussian_measure.hpp"

namespace scorefield {

struct StartLawMismatch {
  double kl_nats = 0;       // the Gaussian estimate above, over the modes below the Nyquist modes
  double worst_ratio = 0;   // largest shell mean of rho_k
  int64_t worst_shell = 0;  // its |k| (rounded)
};

// Sum over fields [B, N, N] of |a_k|^2, [N, N/2+1] float64 (summed, so ranks can add theirs).
torch::Tensor summed_mode_energy(const torch::Tensor& fields);

// The mismatch for per-mode energies E_k [N, N/2+1] (a mean over the data) against the noise at
// sigma_max, over the modes where `counted` [N, N/2+1] is 1 (undefined: all). A super-resolution
// model counts only the modes above its coarsest grid: the sampler pins the others to the coarse
// field whatever it starts from (conditioning.hpp).
StartLawMismatch start_law_mismatch(const torch::Tensor& mode_energy, const GaussianMeasure& noise, double sigma_max,
                                    const torch::Tensor& counted = {});

// The samplers map the start law to their output, and no map increases total variation, so any
// event (a sample falling in a mixture component, say) can change its probability by up to
// TV <= sqrt(KL / 2) (Pinsker). 0.005 nats keeps that within 5 points. The flow does use such
// room: the mixture of tests/test_exact_mixture_sampling.cpp with noise smoother than one of its
// components starts 0.16 nats off and the exact score draws the rough component 31% of the time,
// not 50%.
constexpr double kStartLawWarningNats = 0.005;

}  // namespace scorefield
