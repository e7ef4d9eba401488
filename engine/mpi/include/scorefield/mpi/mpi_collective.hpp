// Collective operations over an MPI communicator (see scorefield/collective.hpp).
#pragma once

#include <mpi.h>

#include "scorefield/collective.hpp"

namespace scorefield {

class MpiCollective final : public Collective {
 public:
  explicit MpiCollective(MPI_Comm comm);
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void sum(float* data, std::size_t n) const override;
  void sum(double* data, std::size_t n) const override;
  void gather(const std::vector<float>& mine, std::vector<float>& all) const override;
  void agree(const Error* local_error) const override;
  MPI_Comm comm() const { return comm_; }

 private:
  MPI_Comm comm_;
  int rank_ = 0, size_ = 1;
};

// Initialises MPI once per process (finalised at exit) and returns the collective over
// MPI_COMM_WORLD.
const MpiCollective& world_collective();

}  // namespace scorefield
