// A Navier-Stokes simulation instrumented for in-situ analysis: the 2-D vorticity solver of
// ScoreField (serial or slab-decomposed over MPI ranks) hands its vorticity to Catalyst after
// every time step through the ScoreField adaptor; the Catalyst scripts given decide what runs
// when (for example: super-resolve the vorticity 4x every 50 steps and write the result).
//
//   mpirun -np 2 scorefield_ns_insitu --initial state.h5 --end-time 2 --script pipelines/catalyst_superres_extracts.py
//
// The initial state is field --index of an HDF5 data set written by `scorefield datagen ns`
// (/fields, [count, N, N]); the grid size is the file's. Prints, and writes as JSON with
// --summary, the simulated time, the steps, and the wall time of the solver and of Catalyst.
// --timeout S limits each piece of in-situ work to S seconds (the adaptor's watchdog): a script
// that hangs in a collective stops the run with a message naming the step and the script.
#include <hdf5.h>
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "scorefield/mpi/mpi_slab_transform.hpp"
#include "scorefield/mpi/rank_agreement.hpp"
#include "scorefield/navier_stokes.hpp"
#include "scorefield_catalyst.hpp"

namespace {

struct Options {
  std::string initial, summary;
  int index = 0;
  double end_time = 1.0, nu = 1e-4, cfl = 0.25, dt = 0.0;
  double timeout = -1.0;  // negative: the adaptor's default (SCOREFIELD_CATALYST_TIMEOUT, else none)
  std::vector<std::string> scripts;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "error: %s\nusage: scorefield_ns_insitu --initial FILE.h5 [--index I] [--end-time T] [--nu NU] "
               "[--dt DT | --cfl C] --script CATALYST.py [--script ...] [--summary FILE.json] [--timeout SECONDS]\n",
               why);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--initial") o.initial = value();
    else if (a == "--index") o.index = std::stoi(value());
    else if (a == "--end-time") o.end_time = std::stod(value());
    else if (a == "--nu") o.nu = std::stod(value());
    else if (a == "--cfl") o.cfl = std::stod(value());
    else if (a == "--dt") o.dt = std::stod(value());
    else if (a == "--script") o.scripts.push_back(value());
    else if (a == "--summary") o.summary = value();
    else if (a == "--timeout") o.timeout = std::stod(value());
    else usage(("unknown option " + a).c_str());
  }
  if (o.initial.empty()) usage("--initial is required");
  if (o.scripts.empty()) usage("give at least one --script");
  if (!(o.end_time > 0)) usage("--end-time must be positive");
  return o;
}

// Field `index` of /fields in an HDF5 file written by the engine ([count, N, N], row-major). Empty
// with a message in `error` when the file cannot serve it.
std::vector<double> read_field(const std::string& path, int index, int& n, std::string& error) {
  std::vector<double> out;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // our own messages instead of HDF5's stack dumps
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    error = "cannot open '" + path + "' as HDF5 (write it with `scorefield datagen ns`)";
    return out;
  }
  const hid_t set = H5Dopen2(file, "fields", H5P_DEFAULT);
  hsize_t dims[3] = {0, 0, 0};
  const hid_t space = set >= 0 ? H5Dget_space(set) : -1;
  if (space < 0 || H5Sget_simple_extent_ndims(space) != 3) {
    error = "'" + path + "' has no /fields data set of shape [count, N, N]";
  } else {
    H5Sget_simple_extent_dims(space, dims, nullptr);
    if (dims[1] != dims[2] || index < 0 || static_cast<hsize_t>(index) >= dims[0]) {
      error = "'" + path + "' holds " + std::to_string(dims[0]) + " fields of " + std::to_string(dims[1]) + " x " +
              std::to_string(dims[2]) + "; --index " + std::to_string(index) + " is not one of them";
    } else {
      n = static_cast<int>(dims[1]);
      out.resize(static_cast<size_t>(n) * n);
      const hsize_t start[3] = {static_cast<hsize_t>(index), 0, 0}, count[3] = {1, dims[1], dims[2]};
      H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr);
      const hid_t memory = H5Screate_simple(3, count, nullptr);
      if (H5Dread(set, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, out.data()) < 0) {
        error = "cannot read field " + std::to_string(index) + " of '" + path + "' (corrupt file?)";
        out.clear();
      }
      H5Sclose(memory);
    }
  }
  if (space >= 0) H5Sclose(space);
  if (set >= 0) H5Dclose(set);
  H5Fclose(file);
  return out;
}

// Every rank brings its own problem (empty when fine); all return the same verdict, which rank 0
// prints: the lowest failing rank's problem.
bool all_ok(const std::string& problem, int rank) {
  const auto verdict = scorefield::mpi::agree_across_ranks(MPI_COMM_WORLD, problem.empty() ? nullptr : &problem);
  if (!verdict.ok() && rank == 0) std::fprintf(stderr, "error: %s\n", verdict.message.c_str());
  return verdict.ok();
}

// The whole run; returns the exit status. Its solver objects hold MPI communicators, so it ends
// before MPI_Finalize.
int simulate(const Options& opt) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  int n = 0;
  std::string error;
  const auto initial = read_field(opt.initial, opt.index, n, error);
  if (!all_ok(error, rank)) return 1;

  scorefield::NavierStokesConfig cfg;
  cfg.n = n;
  cfg.nu = opt.nu;
  scorefield::NavierStokes2D solver(cfg, scorefield::make_mpi_slab_transform(n, MPI_COMM_WORLD));
  const int64_t row0 = solver.row0(), rows = solver.rows();
  solver.set_vorticity(std::vector<double>(initial.begin() + row0 * n, initial.begin() + (row0 + rows) * n));
  // A fixed time step from the CFL condition at the start (the flow is statistically steady).
  const double dt = opt.dt > 0 ? opt.dt : std::min(1e-3, opt.cfl / (n * solver.max_speed()));
  cfg.dt = dt;
  scorefield::NavierStokes2D run(cfg, scorefield::make_mpi_slab_transform(n, MPI_COMM_WORLD));
  run.set_vorticity(solver.vorticity());
  const long long steps = static_cast<long long>(std::ceil(opt.end_time / dt - 1e-9));

  namespace insitu = scorefield::catalyst;
  std::unique_ptr<insitu::Adaptor> catalyst;
  try {
    if (opt.timeout >= 0) insitu::Adaptor::set_timeout(opt.timeout);
    catalyst = std::make_unique<insitu::Adaptor>(opt.scripts, std::vector<std::string>{"vorticity"});
  } catch (const insitu::Error& e) {
    if (rank == 0) std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  if (rank == 0)
    std::printf("Navier-Stokes %dx%d, nu %g, dt %.3g, %lld steps to t = %g on %d rank(s); Catalyst: %zu script(s)\n",
                n, n, opt.nu, dt, steps, steps * dt, size, opt.scripts.size());

  // The solver's local slab holds rows [row0, row0 + rows) of [N][N], the column index fastest:
  // columns are the grid's i, rows its j; the domain is the unit torus.
  const double h = 1.0 / n;
  const insitu::Grid grid{{0, n - 1, 0, n - 1, 0, 0},
                          {0, n - 1, static_cast<int>(row0), static_cast<int>(row0 + rows - 1), 0, 0},
                          {0.0, 0.0, 0.0},
                          {h, h, h}};

  double solver_seconds = 0.0;
  int status = 0;
  std::vector<double> w = run.vorticity();
  for (long long step = 0; step <= steps && status == 0; ++step) {
    if (step > 0) {
      const auto start = std::chrono::steady_clock::now();
      run.advance(1);
      w = run.vorticity();
      solver_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const bool finite = std::all_of(w.begin(), w.end(), [](double v) { return std::isfinite(v); });
      if (!all_ok(finite ? "" : "the solver became unstable at step " + std::to_string(step) + "; lower --cfl", rank)) {
        status = 1;
        break;
      }
    }
    try {
      catalyst->execute(step, step * dt, grid, {{"vorticity", &w}});
    } catch (const insitu::Error& e) {
      if (rank == 0) std::fprintf(stderr, "error: %s\n", e.what());
      status = 1;
    }
    if (rank == 0 && step % std::max(1LL, steps / 10) == 0)
      std::printf("  step %lld/%lld  t = %.3f\n", step, steps, step * dt), std::fflush(stdout);
  }
  const double insitu_local = catalyst->seconds();
  catalyst.reset();  // finalises Catalyst

  // The slowest rank sets both costs.
  double solver_max = 0, insitu_max = 0;
  MPI_Reduce(&solver_seconds, &solver_max, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  MPI_Reduce(&insitu_local, &insitu_max, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  if (rank == 0 && status == 0) {
    std::printf("simulated t = %.3f in %lld steps: solver %.2f s, in situ %.2f s (%.1f%% of the solver's time)\n",
                steps * dt, steps, solver_max, insitu_max, 100.0 * insitu_max / std::max(solver_max, 1e-12));
    if (!opt.summary.empty()) {
      const std::string tmp = opt.summary + ".part";
      std::ofstream f(tmp);
      f << "{\n  \"resolution\": " << n << ",\n  \"ranks\": " << size << ",\n  \"nu\": " << opt.nu
        << ",\n  \"dt\": " << dt << ",\n  \"steps\": " << steps << ",\n  \"simulated_time\": " << steps * dt
        << ",\n  \"solver_seconds\": " << solver_max << ",\n  \"insitu_seconds\": " << insitu_max
        << ",\n  \"insitu_fraction_of_solver\": " << insitu_max / std::max(solver_max, 1e-12) << "\n}\n";
      f.close();
      std::rename(tmp.c_str(), opt.summary.c_str());
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  const int status = simulate(parse(argc, argv));
  MPI_Finalize();
  return status;
}
