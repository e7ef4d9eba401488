#include <cstdio>

#include "commands.hpp"
#include "ns_runtime.hpp"
#include "progress_bar.hpp"
#include "scorefield/atomic_file.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/idx_reader.hpp"
#include "scorefield/navier_stokes.hpp"

#include <fmt/format.h>
#include <cmath>
#include <filesystem>

namespace scorefield::cli {

namespace {

// Navier-Stokes trajectories: solved at the highest resolution, restricted by spectral truncation
// to every lower resolution asked for; file k of every resolution holds the same snapshots in the
// same order, so each coarse field has its true fine partner.
void add_ns_datagen(CLI::App& datagen) {
  struct NsArgs {
    int resolution = 256, trajectories = 4, snapshots = 50, threads = 2;
    std::vector<int> save{64, 32, 16};
    // nu and spinup of the shipped Navier-Stokes models' law (data/models/*/README.md), so that data
    // made with the defaults can be judged against them.
    double spinup = 25.0, interval = 1.0, dt = 0.0, nu = 1e-4, cfl = 0.25;
    std::uint64_t seed = 0;
    std::string out, initial;
    bool mpi = false;
  };
  auto a = std::make_shared<NsArgs>();
  auto* ns = datagen.add_subcommand("ns", "2-D Navier-Stokes vorticity snapshots from the statistically steady regime");
  ns->add_option("--resolution", a->resolution, "Solver grid size (even)");
  ns->add_option("--save", a->save, "Lower resolutions to store too (spectral truncation)")->delimiter(',');
  ns->add_option("--trajectories", a->trajectories, "Independent trajectories (seeded initial fields)");
  ns->add_option("--snapshots", a->snapshots, "Snapshots per trajectory");
  ns->add_option("--spinup", a->spinup,
                 "Time before the first snapshot; the small scales are statistically steady from about t = 20 at "
                 "nu = 1e-4 (the shipped models' regime starts at 25)");
  ns->add_option("--interval", a->interval, "Time between snapshots");
  ns->add_option("--dt", a->dt, "Time step (0: chosen from the CFL number and the initial speed)");
  ns->add_option("--cfl", a->cfl, "CFL number for the automatic time step");
  ns->add_option("--nu", a->nu, "Viscosity (the shipped models were trained at 1e-4)");
  ns->add_option("--threads", a->threads, "FFTW threads");
  ns->add_option("--seed", a->seed, "Seed of the first trajectory's initial field (trajectory t uses seed + t)");
  ns->add_option("--out", a->out, "Output folder: ns_<N>.h5 for every resolution")->required();
  ns->add_option("--initial", a->initial,
                 "Restart: HDF5 data set whose fields are the initial vorticities (one trajectory each, "
                 "brought to --resolution spectrally); default: seeded random fields");
  ns->add_flag("--mpi", a->mpi, "Distribute each solve over the MPI ranks (run under mpirun); rank 0 writes");
  ns->callback([a] {
    require(a->trajectories > 0 && a->snapshots > 0, "--trajectories and --snapshots must be > 0");
    require(a->interval > 0 && a->spinup >= 0, "--interval must be > 0 and --spinup >= 0");
    for (int m : a->save)
      require(m >= 4 && m < a->resolution,
              "--save resolution " + std::to_string(m) + " must be in [4, " + std::to_string(a->resolution) + ")");
    const std::filesystem::path dir = a->out;
    check_writable(dir / "ns.h5");
    // Initial fields: trajectory t starts from field t of --initial, or from the seeded random law.
    torch::Tensor given;
    if (!a->initial.empty()) {
      given = spectral_resize(read_fields(a->initial).fields.to(torch::kFloat64), a->resolution).contiguous();
      a->trajectories = static_cast<int>(given.size(0));
    }
    auto initial_field = [&](int t) {
      if (!given.defined()) return ns_initial_vorticity(a->resolution, a->seed + static_cast<std::uint64_t>(t));
      return std::vector<double>(given[t].data_ptr<double>(), given[t].data_ptr<double>() + given[t].numel());
    };
    auto runtime = a->mpi ? make_mpi_ns_runtime() : make_serial_ns_runtime();
    const bool writer = runtime->is_writer();
    const int n = a->resolution;
    std::vector<int> all{n};
    all.insert(all.end(), a->save.begin(), a->save.end());
    std::vector<std::vector<torch::Tensor>> fields(all.size());
    std::vector<int32_t> labels;
    // One time step for the whole data set: from the CFL number and the fastest initial field.
    // Speeds in the forced steady regime stay of the order of the initial ones; the floor 1.0
    // covers growth during spin-up.
    double dt = a->dt;
    if (dt <= 0) {
      double speed = 1.0;
      for (int t = 0; t < a->trajectories; ++t) {
        NavierStokes2D probe({n, a->nu, 1.0, true, a->threads});
        probe.set_vorticity(initial_field(t));
        speed = std::max(speed, probe.max_speed());
      }
      dt = std::min(1e-3, a->cfl / (n * speed));
      dt = a->interval / std::ceil(a->interval / dt);  // snapshots fall exactly on steps
    }
    for (int t = 0; t < a->trajectories; ++t) {
      const auto w0 = initial_field(t);
      auto solver = runtime->make_solver({n, a->nu, dt, true, a->threads});
      const auto first = w0.begin() + solver->row0() * n;
      solver->set_vorticity(std::vector<double>(first, first + solver->rows() * n));
      const int64_t per_interval = std::llround(a->interval / dt);
      const int64_t spin = std::llround(a->spinup / dt);
      ProgressBar bar(fmt::format("trajectory {}/{} ({}^2, dt {:.2e})", t + 1, a->trajectories, n, dt),
                      spin + per_interval * (a->snapshots - 1));
      auto show = [&](int64_t done) {
        if (writer) bar.update(done);
      };
      for (int64_t done = 0; done < spin; done += per_interval) {
        solver->advance(std::min(per_interval, spin - done));
        show(std::min(spin, done + per_interval));
      }
      for (int s = 0; s < a->snapshots; ++s) {
        if (s > 0) solver->advance(per_interval);
        show(spin + per_interval * s);
        auto w = runtime->gather(*solver);  // the whole field on the writer, empty elsewhere
        bool finite = true;
        for (double v : w) finite = finite && std::isfinite(v);
        if (runtime->any_failed(!finite))
          fail(ErrorKind::BadData, "the solver became unstable (NaN); lower --dt or --cfl");
        if (!writer) continue;
        auto fine = torch::from_blob(w.data(), {1, n, n}, torch::kFloat64).clone();
        for (size_t r = 0; r < all.size(); ++r) fields[r].push_back(spectral_resize(fine, all[r]).to(torch::kFloat32));
        labels.push_back(t);
      }
      if (writer) bar.finish();
    }
    if (!writer) return;
    for (size_t r = 0; r < all.size(); ++r) {
      FieldSet set;
      set.fields = torch::cat(fields[r]);
      set.labels = torch::tensor(labels, torch::kInt32);
      set.attributes = {{"nu", a->nu},
                        {"dt", dt},
                        {"spinup", a->spinup},
                        {"interval", a->interval},
                        {"seed", static_cast<double>(a->seed)},
                        {"solver_resolution", n},
                        {"trajectories", a->trajectories}};
      const auto path = dir / fmt::format("ns_{}.h5", all[r]);
      write_fields(path, set);
      std::printf("wrote %lld snapshots of %dx%d to %s\n", static_cast<long long>(set.fields.size(0)), all[r], all[r],
                  path.c_str());
    }
  });
}

void add_fashion_mnist_datagen(CLI::App& datagen) {
  struct Args {
    std::string dir = "/usr/share/datasets/fashion-mnist", split = "train", out;
    int resolution = 64, count = 0;
  };
  auto a = std::make_shared<Args>();
  auto* fm = datagen.add_subcommand("fashion-mnist", "Fashion-MNIST images as fields in [0, 1] at any resolution");
  fm->add_option("--dir", a->dir, "Folder of the IDX .gz files (Debian's dataset-fashion-mnist)");
  fm->add_option("--split", a->split, "train or test");
  fm->add_option("--resolution", a->resolution, "Grid size N (bicubic up, area-average down from 28)");
  fm->add_option("--count", a->count, "Number of images (0: all)");
  fm->add_option("--out", a->out, "Output HDF5 file (labels in /labels)")->required();
  fm->callback([a] {
    require(a->count >= 0, "--count must be >= 0");
    check_writable(a->out);
    auto data = fashion_mnist_fields(a->dir, a->split, a->resolution, a->count);
    FieldSet set;
    set.fields = data.fields;
    set.labels = data.labels;
    set.attributes = {{"value_min", 0.0}, {"value_max", 1.0}};
    write_fields(a->out, set);
    std::printf("wrote %lld Fashion-MNIST images of %dx%d to %s\n", static_cast<long long>(set.fields.size(0)),
                a->resolution, a->resolution, a->out.c_str());
  });
}

// A mixture of Gaussian measures: component c has weight w_c and law mean_c + N(0, scale_c^2
// (tau_c^2 - Laplacian)^(-alpha_c)); the component of every field is stored in /labels.
void add_grf_mixture_datagen(CLI::App& datagen) {
  struct Args {
    int resolution = 32, count = 512;
    std::vector<std::string> components{"2.5,8,1,0,0.5", "2.0,4,0.3,0.02,0.5"};
    std::uint64_t seed = 0;
    std::string out;
  };
  auto a = std::make_shared<Args>();
  auto* mix = datagen.add_subcommand("grf-mixture", "Samples of a mixture of Gaussian random fields, labelled");
  mix->add_option("--resolution", a->resolution, "Grid size N");
  mix->add_option("--count", a->count, "Number of fields");
  mix->add_option("--component", a->components, "alpha,tau,scale,mean,weight (repeat for each component)");
  mix->add_option("--seed", a->seed, "Random seed");
  mix->add_option("--out", a->out, "Output HDF5 file")->required();
  mix->callback([a] {
    require(a->count > 0 && a->resolution >= 4, "--count must be > 0 and --resolution >= 4");
    check_writable(a->out);
    struct Component {
      NoiseConfig law;
      double scale, mean, weight;
    };
    std::vector<Component> comps;
    for (const auto& text : a->components) {
      double v[5];
      if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf,%lf", &v[0], &v[1], &v[2], &v[3], &v[4]) != 5 || !(v[4] > 0) ||
          !(v[1] > 0) || !(v[0] >= 0))
        fail(ErrorKind::InvalidArgument,
             "--component '" + text + "' must be alpha,tau,scale,mean,weight with tau > 0, weight > 0");
      comps.push_back({NoiseConfig{v[0], v[1], 1.0}, v[2], v[3], v[4]});
    }
    auto gen = make_generator(torch::kCPU, a->seed);
    auto weights = torch::empty({static_cast<int64_t>(comps.size())}, torch::kFloat64);
    for (size_t c = 0; c < comps.size(); ++c) weights[static_cast<int64_t>(c)] = comps[c].weight;
    auto labels = torch::multinomial(weights, a->count, true, gen).to(torch::kInt32);
    FieldSet set;
    set.fields = torch::empty({a->count, a->resolution, a->resolution});
    for (size_t c = 0; c < comps.size(); ++c) {
      auto idx = (labels == static_cast<int>(c)).nonzero().squeeze(1);
      if (idx.numel() == 0) continue;
      auto x = GaussianMeasure(comps[c].law).sample(idx.numel(), a->resolution, comps[c].scale, gen) + comps[c].mean;
      set.fields.index_copy_(0, idx, x);
      const std::string p = "component" + std::to_string(c) + "_";
      set.attributes[p + "alpha"] = comps[c].law.alpha;
      set.attributes[p + "tau"] = comps[c].law.tau;
      set.attributes[p + "scale"] = comps[c].scale;
      set.attributes[p + "mean"] = comps[c].mean;
      set.attributes[p + "weight"] = comps[c].weight;
    }
    set.labels = labels;
    set.attributes["seed"] = static_cast<double>(a->seed);
    write_fields(a->out, set);
    std::printf("wrote %d fields of a %zu-component Gaussian mixture to %s\n", a->count, comps.size(), a->out.c_str());
  });
}

}  // namespace

void add_datagen_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("datagen", "Generate data sets of fields");
  cmd->require_subcommand(1);
  struct GrfArgs {
    int resolution = 64, count = 256;
    double alpha = 2.5, tau = 5.0, scale = 1.0, mean = 0.0;
    std::uint64_t seed = 0;
    std::string out;
  };
  auto a = std::make_shared<GrfArgs>();
  auto* grf = cmd->add_subcommand("grf", "Samples of mean + N(0, scale^2 (tau^2 - Laplacian)^(-alpha))");
  grf->add_option("--resolution", a->resolution, "Grid size N");
  grf->add_option("--count", a->count, "Number of fields");
  grf->add_option("--alpha", a->alpha, "Smoothness exponent alpha (> 1 for a trace-class covariance)");
  grf->add_option("--tau", a->tau, "Inverse length scale tau");
  grf->add_option("--scale", a->scale, "Standard-deviation scale");
  grf->add_option("--mean", a->mean, "Constant mean");
  grf->add_option("--seed", a->seed, "Random seed");
  grf->add_option("--out", a->out, "Output HDF5 file")->required();
  grf->callback([a] {
    require(a->count > 0, "--count must be > 0");
    require(a->resolution >= 4, "--resolution must be >= 4");
    check_writable(a->out);
    GaussianMeasure g(NoiseConfig{a->alpha, a->tau});
    auto gen = make_generator(torch::kCPU, a->seed);
    FieldSet set;
    set.fields = g.sample(a->count, a->resolution, a->scale, gen) + a->mean;
    set.attributes = {{"alpha", a->alpha},
                      {"tau", a->tau},
                      {"scale", a->scale},
                      {"mean", a->mean},
                      {"seed", static_cast<double>(a->seed)}};
    write_fields(a->out, set);
    std::printf("wrote %d Gaussian random fields of %dx%d to %s\n", a->count, a->resolution, a->resolution,
                a->out.c_str());
  });
  add_ns_datagen(*cmd);
  add_grf_mixture_datagen(*cmd);
  add_fashion_mnist_datagen(*cmd);
}

}  // namespace scorefield::cli
