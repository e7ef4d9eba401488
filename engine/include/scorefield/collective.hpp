// The collective operations data-parallel training and distributed generation need, behind an
// interface so that the engine itself never links MPI: one process is the default; the MPI
// implementation lives in engine/mpi (mpi_collective.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "scorefield/error.hpp"

namespace scorefield {

class Collective {
 public:
  virtual ~Collective() = default;
  virtual int rank() const { return 0; }
  virtual int size() const { return 1; }
  // In-place sums across ranks (every rank gets the total).
  virtual void sum(float*, std::size_t) const {}
  virtual void sum(double*, std::size_t) const {}
  // Concatenation of every rank's values, in rank order, on rank 0 (`all` untouched elsewhere).
  virtual void gather(const std::vector<float>& mine, std::vector<float>& all) const { all = mine; }
  // Collective error check: if any rank passes an error, every rank throws one naming the first
  // failing rank and its message, so no rank is left waiting in a later collective.
  virtual void agree(const Error* local_error) const {
    if (local_error) throw *local_error;
  }
};

// The one-process collective.
const Collective& single_process();

// The first row of rank r's shard when `count` items are split over `size` ranks in contiguous,
// near-equal blocks; rank r holds [shard_begin(r), shard_begin(r + 1)).
inline long long shard_begin(long long count, int size, int r) { return count * r / size; }

}  // namespace scorefield
