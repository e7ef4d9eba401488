// Statistics of super-resolved fields that depend on the Fourier phases above the coarse grid's
// Nyquist wavenumber. The band spectrum error and the coverage see second-order statistics only:
// a Gaussian field with the truth's own spectrum and random phases there (the "Gaussian oracle")
// scores perfectly on them while it has none of a flow's filaments. These statistics tell the two
// apart (docs/results.md, "Phase statistics").
#pragma once

#include <cstdint>

#include <nlohmann/json_fwd.hpp>
#include <torch/torch.h>

namespace scorefield {

// The part of fields [..., N, N] outside the coarse box |kx|, |ky| < M/2: what super-resolution
// from an M x M grid has to draw.
torch::Tensor high_pass(const torch::Tensor& fields, int64_t m);

// Flatness <w'^4> / <w'^2>^2 of each field's high-pass w' (mean removed): 3 for a Gaussian field,
// larger when the small scales are intermittent (filaments, fronts). [..., N, N] -> [...].
torch::Tensor high_pass_flatness(const torch::Tensor& fields, int64_t m);

// Localisation of the small scales on the coarse field's gradients: the Pearson correlation over
// the grid between |w'|^2 smoothed over the coarse spacing (a Gaussian of standard deviation 1/M)
// and |grad y|^2 of the coarse field y (zero-padded to N). Near 0 for random phases.
// fields [..., N, N], coarse [..., M, M] broadcastable to them -> [...].
torch::Tensor high_pass_localisation(const torch::Tensor& fields, const torch::Tensor& coarse);

// The truth with every phase outside the coarse box replaced by a random one (from the Fourier
// transform of white noise, so the result stays real): the same per-mode energy, the same coarse
// part, no structure above. [..., N, N].
torch::Tensor gaussian_oracle(const torch::Tensor& truth, int64_t m, torch::Generator& generator);

// Medians over fields (and samples) of the flatness and localisation of the truth [count, N, N],
// the samples [count, K, N, N] and one Gaussian oracle draw per sample, with the per-field values;
// under "increments", the structure functions and gradient statistics of all three
// (increment_statistics.hpp), under "increments_high_pass" the same of their high-passes.
nlohmann::json phase_report(const torch::Tensor& samples, const torch::Tensor& coarse, const torch::Tensor& truth,
                            uint64_t seed = 0);

}  // namespace scorefield
