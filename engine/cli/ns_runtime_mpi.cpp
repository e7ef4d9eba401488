#include <mpi.h>

#include "ns_runtime.hpp"
#include "scorefield/error.hpp"
#include "scorefield/mpi/mpi_collective.hpp"
#include "scorefield/mpi/mpi_slab_transform.hpp"

namespace scorefield::cli {

namespace {

class MpiRuntime final : public NsRuntime {
 public:
  MpiRuntime() {
    world_collective();  // initialises MPI once per process
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }

  std::unique_ptr<NavierStokes2D> make_solver(const NavierStokesConfig& cfg) override {
    return std::make_unique<NavierStokes2D>(cfg, make_mpi_slab_transform(cfg.n, MPI_COMM_WORLD));
  }

  std::vector<double> gather(const NavierStokes2D& solver) override {
    const auto local = solver.vorticity();
    const int count = static_cast<int>(local.size());
    std::vector<int> counts(static_cast<size_t>(size_)), offsets(static_cast<size_t>(size_));
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size_; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
    std::vector<double> global(rank_ == 0 ? static_cast<size_t>(solver.config().n) * solver.config().n : 0);
    MPI_Gatherv(local.data(), count, MPI_DOUBLE, global.data(), counts.data(), offsets.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    return global;
  }

  bool is_writer() const override { return rank_ == 0; }

  bool any_failed(bool local_failed) override {
    int mine = local_failed ? 1 : 0, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any != 0;
  }

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace

std::unique_ptr<NsRuntime> make_mpi_ns_runtime() { return std::make_unique<MpiRuntime>(); }

}  // namespace scorefield::cli
