#include "scorefield/mpi/mpi_collective.hpp"
#include "scorefield/mpi/rank_agreement.hpp"

#include <climits>
#include <cstdlib>
#include <vector>

namespace scorefield {

MpiCollective::MpiCollective(MPI_Comm comm) : comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

namespace {
// MPI counts are int: large buffers go in chunks.
template <typename T>
void allreduce_chunks(T* data, std::size_t n, MPI_Datatype type, MPI_Comm comm) {
  constexpr std::size_t chunk = INT_MAX / 2;
  for (std::size_t at = 0; at < n; at += chunk)
    MPI_Allreduce(MPI_IN_PLACE, data + at, static_cast<int>(std::min(chunk, n - at)), type, MPI_SUM, comm);
}
}  // namespace

void MpiCollective::sum(float* data, std::size_t n) const { allreduce_chunks(data, n, MPI_FLOAT, comm_); }
void MpiCollective::sum(double* data, std::size_t n) const { allreduce_chunks(data, n, MPI_DOUBLE, comm_); }

void MpiCollective::gather(const std::vector<float>& mine, std::vector<float>& all) const {
  const int count = static_cast<int>(mine.size());
  std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
  MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm_);
  long long total = 0;
  for (int r = 0; r < size_; ++r) {
    offsets[r] = static_cast<int>(total);
    total += counts[r];
  }
  if (rank_ == 0) {
    if (total > INT_MAX) throw Error(ErrorKind::Unsupported, "gathered output exceeds 2^31 values; use fewer samples per run");
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(mine.data(), count, MPI_FLOAT, rank_ == 0 ? all.data() : nullptr, counts.data(), offsets.data(),
              MPI_FLOAT, 0, comm_);
}

void MpiCollective::agree(const Error* local_error) const {
  // The lowest failing rank speaks for all: its kind and message go to every rank.
  const std::string message = local_error ? local_error->what() : "";
  const auto verdict = mpi::agree_across_ranks(comm_, local_error ? &message : nullptr,
                                               local_error ? static_cast<int>(local_error->kind()) : 0);
  if (verdict.ok()) return;
  throw Error(static_cast<ErrorKind>(verdict.code),
              "rank " + std::to_string(verdict.rank) + " of " + std::to_string(size_) + ": " + verdict.message);
}

const MpiCollective& world_collective() {
  static const MpiCollective* world = [] {
    int ready = 0;
    MPI_Initialized(&ready);
    if (!ready) {
      MPI_Init(nullptr, nullptr);
      std::atexit([] {
        int done = 0;
        MPI_Finalized(&done);
        if (!done) MPI_Finalize();
      });
    }
    return new MpiCollective(MPI_COMM_WORLD);
  }();
  return *world;
}

}  // namespace scorefield
