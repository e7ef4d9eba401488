// Symmetries of a data law, used to augment training: if the law of the fields is invariant under
// a group of maps g (mu o g^-1 = mu), every training field u gives the equally likely fields g(u),
// which the network does not get for free (its per-mode spectral weights and coordinate channels
// are not equivariant under rotations and reflections). Groups by name (training.symmetry):
//   "none"      the identity only;
//   "d4"        the 8 rotations and reflections of the square grid: laws that are isotropic, e.g.
//               the Gaussian random fields with a radial spectrum;
//   "ns-forced" 2-D Navier-Stokes vorticity with the FNO forcing f = 0.1 (sin 2pi(x+y) +
//               cos 2pi(x+y)) and an isotropic zero-mean initial law: the maps that keep the
//               forcing, 4 N of them on an N grid (N divisible by 4): the identity, the point
//               reflection with a quarter shift, the diagonal reflection with a half shift (it
//               reverses orientation, so it negates the vorticity), and both; each followed by one of
//               the N grid translations along the anti-diagonal, (i, j) -> (i + r, j - r).
#pragma once

#include <string>

#include <torch/torch.h>

namespace scorefield {

// Number of elements of the named group on an N x N grid; throws InvalidArgument for an unknown
// name or a grid the group cannot act on (ns-forced needs N % 4 == 0).
int64_t symmetry_group_size(const std::string& group, int64_t n);

// Throws InvalidArgument unless `group` names a group above (configuration check, any grid).
void require_symmetry_group(const std::string& group);

// Element `element` (0 = identity) of the named group applied to fields u [..., N, N] holding raw
// values (a sign-reversing map negates them, so apply it before any normalisation that subtracts a
// mean).
torch::Tensor apply_symmetry(const std::string& group, int64_t element, const torch::Tensor& u);

}  // namespace scorefield
