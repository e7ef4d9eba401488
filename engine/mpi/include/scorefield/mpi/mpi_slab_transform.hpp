// Slab-decomposed real 2-D FFTs over MPI ranks (FFTW's MPI interface): each rank holds a block of
// rows of the grid and the same rows of its spectrum. With it, NavierStokes2D runs distributed and
// gives the single-process result to rounding.
#pragma once

#include <mpi.h>

#include <memory>

#include "scorefield/slab_transform.hpp"

namespace scorefield {

// Collective over `comm`. Calls fftw_mpi_init once per process. Ranks may hold zero rows when
// there are more ranks than rows.
std::unique_ptr<SlabTransform> make_mpi_slab_transform(int n, MPI_Comm comm);

}  // namespace scorefield
