// Where `datagen ns` runs: one process, or MPI ranks that each hold a slab of the grid and
// gather whole snapshots on rank 0, which alone writes files and shows progress.
#pragma once

#include <memory>
#include <vector>

#include "scorefield/navier_stokes.hpp"

namespace scorefield::cli {

class NsRuntime {
 public:
  virtual ~NsRuntime() = default;
  virtual std::unique_ptr<NavierStokes2D> make_solver(const NavierStokesConfig& cfg) = 0;
  // The whole field of `solver` on the writer; an empty vector elsewhere.
  virtual std::vector<double> gather(const NavierStokes2D& solver) = 0;
  virtual bool is_writer() const { return true; }
  virtual bool any_failed(bool local_failed) { return local_failed; }  // collective under MPI
};

std::unique_ptr<NsRuntime> make_serial_ns_runtime();
// Initialises MPI (finalised at exit); fails clearly when this build has no MPI.
std::unique_ptr<NsRuntime> make_mpi_ns_runtime();

}  // namespace scorefield::cli
