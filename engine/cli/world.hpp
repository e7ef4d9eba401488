// The ranks a command runs on: this process alone, or MPI_COMM_WORLD with --mpi (under mpirun).
#pragma once

#include <vector>

#include <torch/torch.h>

#include "scorefield/collective.hpp"

namespace scorefield::cli {

// Fails clearly if --mpi is asked of a build without MPI, or if the process was started by
// mpirun with several ranks but without --mpi (every rank would write the same files).
const Collective& command_world(bool use_mpi);

// Stacks per-rank tensors [k_r, ...] (same trailing shape) into [sum k_r, ...] on rank 0, in rank
// order; other ranks get an undefined tensor.
torch::Tensor gather_rows(const Collective& world, const torch::Tensor& mine);

}  // namespace scorefield::cli
