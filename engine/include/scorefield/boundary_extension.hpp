// Fields that are not periodic (walls, inflow and outflow) through an engine built on the torus.
//
// A model with `boundary = "mirror"` sees a field u on the N x N points of a closed square, the
// boundary points included (the layout of VTK point data: N - 1 cells), through its even
// extension across every side: a (2N - 2)-periodic field E u, symmetric about the first and the
// last row and column. On the extended torus E u is as smooth as u (no jump at the seam), and
// the Fourier modes of the symmetric fields are the cosines cos(pi k x / L): the cosine basis in
// which Lim, Kovachki, Baptista et al. draw their noise for non-periodic data. Everything else
// (noise, restriction, conditioning, network, samplers) runs unchanged on the extension:
// - the noise is projected on the symmetric fields (mirror_symmetrize) and doubled, so that its
//   law is the cosine-basis Gaussian with the torus' eigenvalues and the same grid-value variance
//   away from the boundary (the projection averages four independent values);
// - grids keep their nesting: a coarse grid of M points over the same square (N - 1 = f (M - 1))
//   extends to 2M - 2 = (2N - 2) / f, and spectral truncation of a symmetric field is symmetric,
//   so the restriction of the extension is the extension of a coarse field (mirror_restrict);
// - samples are projected and the first N x N block is returned (mirror_crop).
#pragma once

#include <string>

#include <torch/torch.h>

namespace scorefield {

// "periodic" (the torus, the default) or "mirror" (the even extension above).
bool is_mirror_boundary(const std::string& boundary);

// Refuses anything but "periodic" and "mirror", naming both. `key` is the setting's name.
void check_boundary_kind(const std::string& boundary, const std::string& key);

// The extension of fields [..., N, N] (N >= 2) to [..., 2N - 2, 2N - 2].
torch::Tensor mirror_extend(const torch::Tensor& x);

// The first [..., N, N] block of extended fields [..., 2N - 2, 2N - 2].
torch::Tensor mirror_crop(const torch::Tensor& x);

// The orthogonal projection of periodic fields [..., L, L] (L even) on those symmetric about
// index 0 (and so about L / 2) along both axes: the mean of the four reflections.
torch::Tensor mirror_symmetrize(const torch::Tensor& x);

// Extended sizes: 2N - 2 for N points, and back.
int64_t mirror_extended_size(int64_t points);
int64_t mirror_points(int64_t extended);

// The coarse M x M field of fine fields [..., N, N] on the same square, by the model's own
// restriction: spectral truncation of the extension. Needs (N - 1) a multiple of (M - 1).
torch::Tensor mirror_restrict(const torch::Tensor& x, int64_t m);

// How far fields [..., N, N] are from periodic: the root-mean-square jump across the seam (last
// row and column against the first) over the root-mean-square difference of neighbouring
// interior rows and columns. About 1 for a field sampled on the torus, which continues across
// the seam as anywhere else; far above 1 for a field with different values on opposite sides.
double seam_jump_ratio(const torch::Tensor& x);

// A warning, or empty: a periodic model given fields whose seam jumps (ratio above 4), or a
// mirror model given fields that continue across the seam like periodic ones (ratio below 1.5).
std::string boundary_mismatch(const std::string& model_boundary, const torch::Tensor& fields);

}  // namespace scorefield
