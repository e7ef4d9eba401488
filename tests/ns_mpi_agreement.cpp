// The slab-decomposed Navier-Stokes solver on P ranks reproduces the single-process solver.
// Run with mpirun -np P; rank 0 gathers the slabs and compares. Prints "all checks passed".
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "scorefield/mpi/mpi_slab_transform.hpp"
#include "scorefield/navier_stokes.hpp"

using namespace scorefield;

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int failures = 0;
  try {
    const NavierStokesConfig cfg{64, 1e-3, 1e-3, true, 1};
    const auto w0 = ns_initial_vorticity(cfg.n, 3);  // the same on every rank
    NavierStokes2D dist(cfg, make_mpi_slab_transform(cfg.n, MPI_COMM_WORLD));
    const int64_t row0 = dist.row0(), rows = dist.rows();
    dist.set_vorticity(std::vector<double>(w0.begin() + row0 * cfg.n, w0.begin() + (row0 + rows) * cfg.n));
    const double speed = dist.max_speed();
    dist.advance(300);
    const auto local = dist.vorticity();

    // Gather the slabs in row order on rank 0.
    const int count = static_cast<int>(local.size());
    std::vector<int> counts(size), offsets(size);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
    std::vector<double> global(static_cast<size_t>(cfg.n) * cfg.n);
    MPI_Gatherv(local.data(), count, MPI_DOUBLE, global.data(), counts.data(), offsets.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0) {
      NavierStokes2D serial(cfg);
      serial.set_vorticity(w0);
      const double serial_speed = serial.max_speed();
      serial.advance(300);
      const auto ref = serial.vorticity();
      double num = 0, den = 0;
      for (size_t i = 0; i < ref.size(); ++i) {
        num += (global[i] - ref[i]) * (global[i] - ref[i]);
        den += ref[i] * ref[i];
      }
      const double rel = std::sqrt(num / den);
      std::printf("%d ranks: relative L2 difference to one process after 300 steps: %.3e\n", size, rel);
      // Acceptance bound 1e-10: both run the same arithmetic; only the FFT's summation order differs.
      if (!(rel < 1e-10)) ++failures;
      if (std::abs(speed - serial_speed) > 1e-12 * serial_speed) ++failures;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rank %d: %s\n", rank, e.what());
    failures = 1;
  }
  int total = 0;
  MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) std::printf("%s\n", total ? "FAILED" : "all checks passed");
  MPI_Finalize();
  return total ? 1 : 0;
}
