#include "world.hpp"

#include <cstdlib>
#include <string>

#include "scorefield/error.hpp"

#ifdef SCOREFIELD_CLI_WITH_MPI
#include "scorefield/mpi/mpi_collective.hpp"
#endif

namespace scorefield::cli {

namespace {
int launcher_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS"}) {
    if (const char* v = std::getenv(name)) {
      if (std::string(name) == "SLURM_NTASKS" && !std::getenv("SLURM_PROCID")) continue;  // an allocation, not a step
      return std::atoi(v);
    }
  }
  return 1;
}
}  // namespace

const Collective& command_world(bool use_mpi) {
  if (!use_mpi) {
    const int ranks = launcher_size();
    if (ranks > 1)
      fail(ErrorKind::InvalidArgument, "started as one of " + std::to_string(ranks) +
                                           " MPI ranks but without --mpi: pass --mpi to share the work "
                                           "(or run a single process)");
    return single_process();
  }
#ifdef SCOREFIELD_CLI_WITH_MPI
  return world_collective();
#else
  fail(ErrorKind::Unsupported, "this scorefield was built without MPI (configure with -DSCOREFIELD_WITH_MPI=ON)");
#endif
}

torch::Tensor gather_rows(const Collective& world, const torch::Tensor& mine) {
  auto local = mine.to(torch::kCPU, torch::kFloat32).contiguous();
  std::vector<float> values(local.data_ptr<float>(), local.data_ptr<float>() + local.numel()), all;
  world.gather(values, all);
  if (world.rank() != 0) return {};
  auto shape = local.sizes().vec();
  int64_t row = 1;
  for (std::size_t d = 1; d < shape.size(); ++d) row *= shape[d];
  shape[0] = static_cast<int64_t>(all.size()) / std::max<int64_t>(1, row);
  return torch::from_blob(all.data(), shape, torch::kFloat32).clone();
}

}  // namespace scorefield::cli
