#include "ns_runtime.hpp"

#include "scorefield/error.hpp"

namespace scorefield::cli {

namespace {
class SerialRuntime final : public NsRuntime {
 public:
  std::unique_ptr<NavierStokes2D> make_solver(const NavierStokesConfig& cfg) override {
    return std::make_unique<NavierStokes2D>(cfg);
  }
  std::vector<double> gather(const NavierStokes2D& solver) override { return solver.vorticity(); }
};
}  // namespace

std::unique_ptr<NsRuntime> make_serial_ns_runtime() { return std::make_unique<SerialRuntime>(); }

#ifndef SCOREFIELD_CLI_WITH_MPI
std::unique_ptr<NsRuntime> make_mpi_ns_runtime() {
  fail(ErrorKind::Unsupported, "this scorefield was built without MPI (configure with -DSCOREFIELD_WITH_MPI=ON)");
}
#endif

}  // namespace scorefield::cli
