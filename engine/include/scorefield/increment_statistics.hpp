// Statistics of a field's increments and gradients, the usual measures of small-scale
// intermittency in turbulence, for judging super-resolved fields beyond their spectrum:
// structure functions S_p(r) = <(w(x + r) - w(x))^p> at separations across the band that
// super-resolution draws, their flatness S_4 / S_2^2 (3 for a Gaussian field at every r, growing
// toward small r when the small scales are intermittent), and the distribution of the vorticity
// gradient's components, compared by the Wasserstein-1 distance (docs/theory.md, "Judging the
// small scales").
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include <torch/torch.h>
#include <nlohmann/json_fwd.hpp>

namespace scorefield {

// Separations in fine grid points across the band above a coarse grid of M points: 1, 2, 4, ...
// up to the coarse spacing N / M, which is included.
std::vector<int64_t> band_separations(int64_t n, int64_t m);

// S_2 and S_4 of fields [..., N, N] at a separation of r grid points: the increments along x and
// along y over the periodic grid, pooled. Each [...].
std::pair<torch::Tensor, torch::Tensor> structure_functions(const torch::Tensor& fields, int64_t r);

// d/dx and d/dy of periodic fields [..., N, N] on the unit square, by spectral differentiation:
// [..., 2, N, N].
torch::Tensor spectral_gradient(const torch::Tensor& fields);

// For samples and Gaussian-oracle draws [count, K, N, N] of truths [count, N, N] super-resolved
// from an M x M grid: medians over fields (and samples) of S_2, S_4 and their flatness at every
// band separation; per field, the W1 distance between each draw's gradient components and the
// truth's, in units of the truth's gradient standard deviation (median over the K draws); and
// the pooled gradient PDFs in units of the truths' pooled gradient standard deviation.
nlohmann::json increment_report(const torch::Tensor& samples, const torch::Tensor& oracle, const torch::Tensor& truth,
                                int64_t m);

}  // namespace scorefield
