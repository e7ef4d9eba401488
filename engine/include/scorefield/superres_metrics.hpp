// How super-resolved and observation-conditioned ensembles are judged against the true fine
// fields, and the classical reconstructions they must beat.
#pragma once

#include <torch/torch.h>
#include <nlohmann/json_fwd.hpp>

namespace scorefield {

// Periodic bicubic (Keys, a = -1/2) interpolation of fields [..., M, M] to [..., N, N], N a
// multiple of M; fine point i sits at coarse coordinate i M / N (the grids share their origin).
torch::Tensor bicubic_upsample(const torch::Tensor& coarse, int64_t n);

// Nearest observed point on the torus for every grid point: values and mask [B, N, N].
torch::Tensor nearest_observation_fill(const torch::Tensor& values, const torch::Tensor& mask);

// Report for ensembles samples [count, K, N, N] of fields given their coarse versions
// coarse [count, M, M], against the truth [count, N, N]:
//   band_spectrum_error: mean over the shells M/2 <= k < N/2 (where the truth's shell energy is
//     above 1e-10 of its total, i.e. above float32 storage rounding) of |E_s(k) - E_t(k)| / E_t(k);
//   band_shells: the last band shell where the truth holds that much energy, the worst factor
//     between the samples' and the truth's energy on a judged shell, and above the last judged
//     shell the samples' summed energy over the truth's;
//   restriction_error: mean over samples of ||P_M sample - y|| / ||y||;
//   mean_relative_l2: mean over fields of ||ensemble mean - truth|| / ||truth||;
//   coverage: fraction of grid points with |truth - mean| <= 2 std;
// and the band spectrum error and relative L2 of spectral zero-padding and bicubic interpolation.
// With the model's training resolution T < N, the band is also split at T/2: shells the model saw
// in training (trained_band_spectrum_error) and shells above its training grid's Nyquist, where it
// extrapolates (extrapolated_band_spectrum_error).
nlohmann::json superres_report(const torch::Tensor& samples, const torch::Tensor& coarse, const torch::Tensor& truth,
                               int64_t training_resolution = 0);

// Report for ensembles given point observations (observed values and masks [count, N, N]):
// relative L2 of the ensemble mean and of nearest-observation interpolation, coverage, spectrum
// error over all shells, and the misfit at the observed points.
nlohmann::json observation_report(const torch::Tensor& samples, const torch::Tensor& observed,
                                  const torch::Tensor& mask, const torch::Tensor& truth);

}  // namespace scorefield
