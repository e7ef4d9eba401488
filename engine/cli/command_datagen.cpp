#include <cstdio>

#include "commands.hpp"
#include "scorefield/atomic_file.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/gaussian_measure.hpp"

namespace scorefield::cli {

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
}

}  // namespace scorefield::cli
