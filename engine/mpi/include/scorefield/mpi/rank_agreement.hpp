// One verdict for all MPI ranks, so that every rank takes the same branch and none waits in a
// collective the others have left: each rank brings its own verdict (a failure with a message and
// a code, or none) and all return the lowest failing rank's. Collective over `comm`. Header-only,
// on MPI's C interface alone, so that the engine, the torch-free Catalyst adaptor and the
// mini-app a simulation developer copies share it.
#pragma once

#include <mpi.h>

#include <string>

namespace scorefield::mpi {

struct RankVerdict {
  int rank = -1;        // the lowest failing rank; -1 when every rank is fine
  int code = 0;         // its code (for example an error kind)
  std::string message;  // its message
  bool ok() const { return rank < 0; }
};

// `failure`: this rank's message, or nullptr when this rank is fine.
inline RankVerdict agree_across_ranks(MPI_Comm comm, const std::string* failure, int code = 0) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  int mine = failure ? rank : size, first = size;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
  RankVerdict verdict;
  if (first == size) return verdict;
  verdict.rank = first;
  verdict.code = failure ? code : 0;
  verdict.message = failure ? *failure : std::string();
  int length = static_cast<int>(verdict.message.size());
  MPI_Bcast(&verdict.code, 1, MPI_INT, first, comm);
  MPI_Bcast(&length, 1, MPI_INT, first, comm);
  verdict.message.resize(static_cast<std::size_t>(length));
  MPI_Bcast(verdict.message.data(), length, MPI_CHAR, first, comm);
  return verdict;
}

}  // namespace scorefield::mpi
