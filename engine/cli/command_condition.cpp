#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "ensemble_output.hpp"
#include "progress_bar.hpp"
#include "sampler_args.hpp"
#include "scorefield/atomic_file.hpp"
#include "scorefield/conditioning.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/observation_csv.hpp"
#include "scorefield/score_model.hpp"
#include "scorefield/vti_writer.hpp"

namespace fs = std::filesystem;

namespace scorefield::cli {

void add_condition_command(CLI::App& app) {
  struct Args {
    std::string model, observations, out;
    int resolution = 0, samples = 4, count = 0;  // 4 samples: the plugin's default too
    double fraction = 0.05, domain = 1.0;
    std::uint64_t mask_seed = 0;
    SamplerArgs sampling;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("condition", "Samples of the full field given values at scattered points");
  cmd->add_option("--model", a->model, "Model file trained with task \"observations\"")->required();
  cmd->add_option("--observations", a->observations,
                  "CSV of x,y,value on the unit square, or an HDF5 data set of full fields to observe at random "
                  "points (--fraction, --mask-seed)")
      ->required();
  cmd->add_option("--resolution", a->resolution, "Grid size N of the samples for a CSV (default: the training size)");
  cmd->add_option("--domain", a->domain, "CSV input: side length of the square domain the coordinates lie in");
  cmd->add_option("--fraction", a->fraction, "HDF5 input: fraction of the grid points observed");
  cmd->add_option("--mask-seed", a->mask_seed, "HDF5 input: seed of the observed points");
  cmd->add_option("--count", a->count, "HDF5 input: use only the first COUNT fields (0: all)");
  cmd->add_option("--samples", a->samples, "Samples per set of observations");
  cmd->add_option("--out", a->out, "Output .vti (CSV input) or .h5")->required();
  a->sampling.add_to(cmd);
  cmd->callback([a] {
    a->sampling.apply_threads();
    require(a->samples >= 1, "--samples must be >= 1");
    const fs::path in = a->observations, out = a->out;
    const bool csv = in.extension() == ".csv", vti_out = out.extension() == ".vti";
    require(csv || in.extension() == ".h5", "--observations must be a .csv or .h5 file");
    require(vti_out || out.extension() == ".h5", "--out must end in .vti or .h5");
    require(!(vti_out && !csv), "an HDF5 input of many fields writes an .h5 output; use --out FILE.h5");
    check_writable(out);
    auto model = ScoreModel::load(a->model, parse_device(a->sampling.device));
    torch::Tensor values, mask;
    if (csv) {
      const int64_t n = a->resolution > 0 ? a->resolution : model.config().training_resolution;
      require(n >= 4, "--resolution must be >= 4");
      auto observed = read_observation_csv(in, n, a->domain);
      values = observed.values.unsqueeze(0);
      mask = observed.mask.unsqueeze(0);
    } else {
      require(a->fraction > 0 && a->fraction <= 1, "--fraction must be in (0, 1]");
      auto truth = read_fields(in).fields;
      if (a->count > 0) truth = truth.slice(0, 0, std::min<int64_t>(a->count, truth.size(0)));
      auto gen = make_generator(torch::kCPU, a->mask_seed);
      mask = random_observation_mask(truth.size(0), truth.size(-1), a->fraction, a->fraction, gen, truth.options());
      values = truth * mask;
    }
    const int64_t count = values.size(0), n = values.size(-1);
    ProgressBar bar(fmt::format("condition {}x{}", n, n), count * a->sampling.steps);
    SamplerOptions opts = a->sampling.options();
    std::vector<torch::Tensor> parts;
    for (int64_t i = 0; i < count; ++i) {
      opts.progress = [&bar, i, a](int64_t done, int64_t total) {
        bar.update(i * a->sampling.steps + a->sampling.steps * done / total);
        return true;
      };
      parts.push_back(model
                          .condition_on_observations(values[i], mask[i], a->samples, opts,
                                                     a->sampling.seed + static_cast<std::uint64_t>(i))
                          .cpu());
    }
    bar.finish();
    auto samples = torch::stack(parts);
    if (vti_out) {
      auto arrays = ensemble_arrays(samples[0]);
      arrays.emplace_back("observed_mask", mask[0]);
      write_vti(out, arrays, torus_geometry(n));
    } else {
      FieldSet set = ensemble_set(samples);
      set.extra["observed"] = values;
      set.extra["mask"] = mask;
      set.attributes.insert({{"seed", static_cast<double>(a->sampling.seed)},
                             {"steps", a->sampling.steps},
                             {"mask_seed", static_cast<double>(a->mask_seed)}});
      write_fields(out, set);
    }
    std::printf("wrote %lld x %d samples of %lldx%lld (%.1f%% of points observed) to %s\n", (long long)count,
                a->samples, (long long)n, (long long)n, 100.0 * mask.mean().item<double>(), out.c_str());
  });
}

}  // namespace scorefield::cli
