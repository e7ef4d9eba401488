// The Catalyst adaptor on 1 or more MPI ranks: zero copy (the pipeline writes into the
// simulation's memory through a numpy view, see catalyst_probe.py) and wrong grid descriptions,
// each refused on every rank with the same message and without a hang.
// Usage: mpirun -np P catalyst_adaptor_test catalyst_probe.py
#include <mpi.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "scorefield_catalyst.h"

namespace {

int rank = 0, size = 1, failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) ++failures;
  if (rank == 0 || !ok) std::printf("%s [rank %d] %s\n", ok ? "ok  " : "FAIL", rank, what.c_str());
}

// Every rank failed with a message containing `text`, and all ranks got the same message.
void expect_error(int status, const char* text, const std::string& what) {
  const std::string message = sfc_last_error();
  int mine = status != 0 && message.find(text) != std::string::npos ? 1 : 0, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  unsigned long length = message.size(), longest = 0, shortest = 0;
  MPI_Allreduce(&length, &longest, 1, MPI_UNSIGNED_LONG, MPI_MAX, MPI_COMM_WORLD);
  MPI_Allreduce(&length, &shortest, 1, MPI_UNSIGNED_LONG, MPI_MIN, MPI_COMM_WORLD);
  check(all == 1 && longest == shortest, what + ": \"" + message + "\"");
}

// Rows [row0, row0 + rows) of a 16 x 12 grid for this rank: a slab decomposition.
struct Slab {
  int row0, rows;
};
Slab slab(int r) {
  const int base = 12 / size, extra = 12 % size;
  return {r * base + std::min(r, extra), base + (r < extra ? 1 : 0)};
}

sfc_grid grid_of(const Slab& s) {
  sfc_grid g{};
  const int global[6] = {0, 15, 0, 11, 0, 0};
  const int local[6] = {0, 15, s.row0, s.row0 + s.rows - 1, 0, 0};
  std::memcpy(g.global_extent, global, sizeof global);
  std::memcpy(g.local_extent, local, sizeof local);
  for (int d = 0; d < 3; ++d) g.spacing[d] = 1.0 / 16;
  return g;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (argc != 2) {
    if (rank == 0) std::fprintf(stderr, "usage: catalyst_adaptor_test catalyst_probe.py\n");
    MPI_Finalize();
    return 2;
  }
  const int world = MPI_Comm_c2f(MPI_COMM_WORLD);
  const char* names[] = {"u"};
  const Slab mine = slab(rank);
  std::vector<double> u(16 * static_cast<size_t>(mine.rows), 1.0);
  sfc_field field{"u", u.data(), u.size()};
  sfc_grid grid = grid_of(mine);

  expect_error(sfc_execute(0, 0.0, &grid, &field, 1), "before sfc_initialize", "execute before initialize refused");
  const char* missing[] = {"/nonexistent/script.py"};
  expect_error(sfc_initialize(missing, 1, names, 1, world), "cannot load the Catalyst script", "missing script refused");
  const char* scripts[] = {argv[1]};
  const char* duplicate[] = {"u", "u"};
  expect_error(sfc_initialize(scripts, 1, duplicate, 2, world), "distinct", "duplicate field names refused");
  const bool started = sfc_initialize(scripts, 1, names, 1, world) == 0;
  check(started, std::string("initialised ") + sfc_last_error());

  // Zero copy: the probe writes step + 1000 into the piece's first value.
  const bool stepped = sfc_execute(7, 0.7, &grid, &field, 1) == 0;
  check(stepped && u[0] == 1007.0, "the pipeline sees the simulation's memory (u[0] = " + std::to_string(u[0]) + ")");

  // Wrong grid descriptions.
  sfc_grid bad = grid;
  bad.local_extent[3] += 1;  // one row too many: overlaps the next rank, or leaves the grid on the last
  expect_error(sfc_execute(8, 0.8, &bad, &field, 1), "", "a piece overlapping another or leaving the grid refused");
  bad = grid;
  if (rank == 0) bad.local_extent[3] -= (mine.rows > 1 ? 1 : 0);  // rank 0 leaves a row to nobody
  std::vector<double> fewer(16 * static_cast<size_t>(bad.local_extent[3] - bad.local_extent[2] + 1), 0.0);
  sfc_field fewer_field{"u", fewer.data(), fewer.size()};
  expect_error(sfc_execute(8, 0.8, &bad, &fewer_field, 1), "belong to no rank", "a gap between pieces refused");
  bad = grid;
  bad.global_extent[1] = 31;  // pieces no longer cover the global extent
  expect_error(sfc_execute(8, 0.8, &bad, &field, 1), "belong to no rank", "pieces not covering the global extent refused");

  // Field problems on the last rank only: every rank still returns the error.
  sfc_field short_field = field;
  if (rank == size - 1) short_field.count -= 1;
  expect_error(sfc_execute(9, 0.9, &grid, &short_field, 1), "points", "a field of the wrong size (last rank) refused");
  sfc_field unknown{"v", u.data(), u.size()};
  expect_error(sfc_execute(9, 0.9, &grid, &unknown, 1), "unknown field 'v'", "an undeclared field refused");
  expect_error(sfc_execute(9, 0.9, &grid, nullptr, 0), "declared field 'u' is missing", "a missing field refused");

  // After all that, a good step still runs.
  check(sfc_execute(10, 1.0, &grid, &field, 1) == 0 && u[0] == 1010.0, "a good step after the errors runs");
  check(sfc_finalize() == 0, "finalised");

  int total = 0;
  MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) std::printf("%s on %d rank(s)\n", total ? "FAILED" : "all checks passed", size);
  MPI_Finalize();
  return total ? 1 : 0;
}
