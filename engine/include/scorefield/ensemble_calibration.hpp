// Per-field and probabilistic judgements of super-resolved ensembles. The summed-spectrum band
// error can be right on average while each field is wrong (one field's samples too rough, the
// next too smooth), and the coverage can be right while the spread is in the wrong place; these
// say how the model does field by field and whether its spread means what it claims.
#pragma once

#include <cstdint>

#include <torch/torch.h>
#include <nlohmann/json_fwd.hpp>

namespace scorefield {

// Each field's samples [count, K, N, N] against its own truth [count, N, N] on the shells
// k_lo <= k < k_hi where that field's truth holds more than 1e-10 of its energy: the ratio of the
// samples' mean shell energy to the truth's on every judged shell, with its median, lowest and
// highest over fields per shell; each field's worst factor (>= 1) and band error (mean |ratio - 1|),
// with their medians and worst over fields.
nlohmann::json per_field_shells(const torch::Tensor& samples, const torch::Tensor& truth, int64_t k_lo, int64_t k_hi);

// Calibration of ensembles [count, K, N, N] against the truth [count, N, N] (K >= 2):
//  - rank histogram of each field's true energy above shell k_lo among its samples' (K + 1 bins;
//    uniform for an ensemble drawn from the right law, U-shaped when it is too narrow, humped when
//    too wide), and the fraction of fields outside the samples' range (2 / (K + 1) when calibrated);
//  - spread-skill ratio: the ensemble mean's RMS error over the RMS spread, the spread scaled by
//    sqrt(1 + 1/K) so that the ratio is 1 for a calibrated ensemble of K members, > 1 when too narrow;
//  - CRPS of the point values (the fair, unbiased-for-K estimator), and that of the ensemble mean
//    taken as a point forecast (its mean absolute error), so the two compare directly.
nlohmann::json calibration_report(const torch::Tensor& samples, const torch::Tensor& truth, int64_t k_lo);

// The fair CRPS of each point: mean |X_i - y| - sum_{i,j} |X_i - X_j| / (2 K (K - 1)), averaged.
double fair_crps(const torch::Tensor& samples, const torch::Tensor& truth);

}  // namespace scorefield
