#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "commands.hpp"
#include "progress_bar.hpp"
#include "sampler_args.hpp"
#include "world.hpp"
#include "scorefield/atomic_file.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/score_model.hpp"
#include "scorefield/vti_writer.hpp"

namespace fs = std::filesystem;

namespace scorefield::cli {

void add_sample_command(CLI::App& app) {
  struct Args {
    std::string model, out;
    int resolution = 0, count = 1, batch = 16;
    bool vti = false, mpi = false;
    SamplerArgs sampling;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("sample", "Draw unconditional samples at any resolution");
  cmd->add_option("--model", a->model, "Model file")->required();
  cmd->add_option("--resolution", a->resolution, "Grid size N (samples are N x N); default: the training size");
  cmd->add_option("--count", a->count, "Number of samples");
  a->sampling.add_to(cmd);
  cmd->add_option("--batch", a->batch, "Samples generated at once (memory vs speed)");
  cmd->add_option("--out", a->out, "Output FILE.h5, or a folder (samples.h5 inside)")->required();
  cmd->add_flag("--vti", a->vti, "Also write one .vti per sample beside the HDF5 file");
  cmd->add_flag("--mpi", a->mpi,
                "Split the batches over the MPI ranks (under mpirun); rank 0 writes; same result for any rank count");
  cmd->callback([a] {
    require(a->count > 0, "--count must be > 0 (got " + std::to_string(a->count) + ")");
    require(a->batch > 0, "--batch must be > 0");
    const Collective& world = command_world(a->mpi);
    a->sampling.apply_threads();
    const bool writer = world.rank() == 0;
    fs::path out = a->out;
    if (out.extension() != ".h5") out /= "samples.h5";
    if (writer) check_writable(out);  // fail before any work
    auto model = ScoreModel::load(a->model, parse_device(a->sampling.device));
    const int n = a->resolution > 0 ? a->resolution : model.config().training_resolution;
    require(n >= 4, "--resolution must be >= 4 (got " + std::to_string(n) + ")");
    SamplerOptions opts = a->sampling.options();
    // Batch b draws from its own generator seeded with seed + first index: the output is fixed by
    // (seed, batch), both recorded in the file, whatever the number of ranks sharing the batches
    // (each takes a contiguous block of them).
    const int batches = (a->count + a->batch - 1) / a->batch;
    const int first = static_cast<int>(shard_begin(batches, world.size(), world.rank()));
    const int last = static_cast<int>(shard_begin(batches, world.size(), world.rank() + 1));
    const int mine = std::min(a->count, last * a->batch) - first * a->batch;
    ProgressBar bar(fmt::format("sample {}x{}", n, n) + (world.size() > 1 ? " (rank 0)" : ""), std::max(mine, 1));
    std::vector<torch::Tensor> parts{torch::empty({0, n, n})};
    for (int b = first; b < last; ++b) {
      const int start = b * a->batch, k = std::min(a->batch, a->count - start);
      opts.progress = [&bar, start, k, first, a, writer](int64_t done, int64_t total) {
        if (writer) bar.update(start - first * a->batch + k * done / total);
        return true;
      };
      parts.push_back(model.sample(n, k, opts, a->sampling.seed + static_cast<std::uint64_t>(start)).cpu());
    }
    auto all = gather_rows(world, torch::cat(parts));
    if (!writer) return;
    bar.finish();
    FieldSet set;
    set.fields = all;
    set.attributes = {
        {"seed", static_cast<double>(a->sampling.seed)}, {"steps", a->sampling.steps}, {"batch", a->batch}};
    write_fields(out, set);
    std::printf("wrote %d samples of %dx%d to %s\n", a->count, n, n, out.c_str());
    if (a->vti) {
      for (int i = 0; i < a->count; ++i) {
        const fs::path p = out.parent_path() / fmt::format("{}_{:04d}.vti", out.stem().string(), i);
        write_vti(p, {{"sample", set.fields[i]}}, torus_geometry(n));
      }
      std::printf("wrote %d .vti files beside it\n", a->count);
    }
  });
}

}  // namespace scorefield::cli
