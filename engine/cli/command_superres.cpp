#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "commands.hpp"
#include "ensemble_output.hpp"
#include "progress_bar.hpp"
#include "world.hpp"
#include "sampler_args.hpp"
#include "scorefield/atomic_file.hpp"
#include "scorefield/boundary_extension.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/score_model.hpp"
#include "scorefield/training_law_check.hpp"
#include "scorefield/vti_reader.hpp"
#include "scorefield/vti_writer.hpp"

namespace fs = std::filesystem;

namespace scorefield::cli {

namespace {

bool has_extension(const fs::path& p, const char* ext) { return p.extension() == ext; }

// Super-resolves fields [count, M, M] to [count, K, N, N]; field i uses seed + i, so the result
// does not depend on how many ranks share the fields (each takes a contiguous block); rank 0
// gets them all, other ranks an undefined tensor.
torch::Tensor superresolve_all(ScoreModel& model, const torch::Tensor& coarse, int64_t n, int samples,
                               const SamplerArgs& args, const Collective& world) {
  const int64_t count = coarse.size(0), m = coarse.size(-1);
  const int64_t first = shard_begin(count, world.size(), world.rank());
  const int64_t last = shard_begin(count, world.size(), world.rank() + 1);
  ProgressBar bar(fmt::format("superres {}->{}", m, n) + (world.size() > 1 ? " (rank 0)" : ""),
                  std::max<int64_t>(1, (last - first) * args.steps));
  SamplerOptions opts = args.options();
  std::vector<torch::Tensor> out{torch::empty({0, samples, n, n})};
  for (int64_t i = first; i < last; ++i) {
    opts.progress = [&bar, i, first, &args, &world](int64_t done, int64_t total) {
      if (world.rank() == 0) bar.update((i - first) * args.steps + args.steps * done / total);
      return true;
    };
    out.push_back(
        model.superresolve(coarse[i], n, samples, opts, args.seed + static_cast<std::uint64_t>(i)).cpu().unsqueeze(0));
  }
  auto all = gather_rows(world, torch::cat(out));
  if (world.rank() == 0) bar.finish();
  return all;
}

}  // namespace

void add_superres_command(CLI::App& app) {
  struct Args {
    std::string model, input, array, out;
    int factor = 0, resolution = 0, samples = 4, count = 0;  // 4 samples: the plugin's default too
    SamplerArgs sampling;
    bool mpi = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("superres", "Samples of the fine field given a coarse field, with ensemble mean and std");
  cmd->add_option("--model", a->model, "Model file trained with task \"superres\"")->required();
  cmd->add_option("--input", a->input, "Coarse field: a 2-D .vti (point or cell data) or an HDF5 data set")
      ->required();
  cmd->add_option("--array", a->array, "Array of the .vti input (default: its first scalar array)");
  cmd->add_option("--factor", a->factor, "Upscale factor F (fine size = F x coarse size); default 4");
  cmd->add_option("--resolution", a->resolution, "Fine grid size N instead of --factor");
  cmd->add_option("--samples", a->samples, "Samples per coarse field");
  cmd->add_option("--count", a->count, "HDF5 input: super-resolve only the first COUNT fields (0: all)");
  cmd->add_option("--out", a->out, "Output .vti (for a .vti input) or .h5")->required();
  a->sampling.add_to(cmd);
  cmd->add_flag("--mpi", a->mpi,
                "Split the fields of an HDF5 input over the MPI ranks (under mpirun); rank 0 writes; same result "
                "for any rank count");
  cmd->callback([a] {
    a->sampling.apply_threads();
    const Collective& world = command_world(a->mpi);
    require(a->samples >= 1, "--samples must be >= 1 (got " + std::to_string(a->samples) + ")");
    require(!(a->factor > 0 && a->resolution > 0), "give --factor or --resolution, not both");
    const fs::path in = a->input, out = a->out;
    // A .pvti (a Catalyst extract) is read whole, its pieces assembled, and written out as one .vti.
    const bool vti_in = has_extension(in, ".vti") || has_extension(in, ".pvti"), vti_out = has_extension(out, ".vti");
    require(vti_in || has_extension(in, ".h5"), "--input must be a .vti, .pvti or .h5 file (got '" + a->input + "')");
    require(vti_out || has_extension(out, ".h5"), "--out must end in .vti or .h5 (got '" + a->out + "')");
    require(!(vti_out && !vti_in), "an HDF5 input of many fields writes an .h5 output; use --out FILE.h5");
    if (world.rank() == 0) check_writable(out);
    torch::Tensor coarse;
    VtiField vti;
    if (vti_in) {
      vti = read_vti(in, a->array);
      require(vti.values.size(0) == vti.values.size(1),
              "'" + a->input + "' is " + std::to_string(vti.values.size(1)) + " x " +
                  std::to_string(vti.values.size(0)) + "; the model takes square periodic grids (crop or resample it)");
      coarse = vti.values.unsqueeze(0);
    } else {
      require(a->array.empty() || a->array == "fields", "HDF5 inputs hold their fields in /fields; drop --array");
      coarse = read_fields(in).fields;
      if (a->count > 0) coarse = coarse.slice(0, 0, std::min<int64_t>(a->count, coarse.size(0)));
    }
    if (!torch::isfinite(coarse).all().item<bool>())
      fail(ErrorKind::BadData, "the coarse field in '" + a->input + "' holds NaN or Inf values; fill or mask them first");
    const int64_t m = coarse.size(-1);
    auto model = ScoreModel::load(a->model, parse_device(a->sampling.device));
    // A mirror model counts points with the boundary: a factor F refines M - 1 cells into F (M - 1).
    const bool mirror = is_mirror_boundary(model.config().boundary);
    const int64_t factor = a->factor > 0 ? a->factor : 4;
    const int64_t n = a->resolution > 0 ? a->resolution : mirror ? factor * (m - 1) + 1 : m * factor;
    require(!(mirror && vti_in && vti.cell_data),
            "'" + a->input + "' holds cell data, but this model takes point data with the boundary points "
            "(model.boundary = \"mirror\"): apply ParaView's Cell Data to Point Data first");
    model.check_superres_grid(m, n);  // before any work
    if (world.rank() == 0) {
      for (const auto& warning : {unlike_training_data(model.config(), coarse),
                                  boundary_mismatch(model.config().boundary, coarse)})
        if (!warning.empty()) std::fprintf(stderr, "scorefield: warning: %s\n", warning.c_str());
    }
    auto samples = superresolve_all(model, coarse, n, a->samples, a->sampling, world);
    if (world.rank() != 0) return;
    if (vti_out) {
      // Same domain: the first point (or cell corner) stays where it was, spacing shrinks by F.
      ImageGeometry g = vti.geometry;
      const double f = mirror ? static_cast<double>(n - 1) / static_cast<double>(m - 1)
                              : static_cast<double>(n) / static_cast<double>(m);
      for (int d = 0; d < 2; ++d) {
        g.origin[d] += static_cast<double>(vti.whole_extent[2 * d]) * g.spacing[d];
        g.spacing[d] /= f;
      }
      write_vti(out, ensemble_arrays(samples[0]), g, vti.cell_data);
    } else {
      FieldSet set = ensemble_set(samples);
      set.extra["coarse"] = coarse;
      set.attributes.insert({{"seed", static_cast<double>(a->sampling.seed)},
                             {"steps", a->sampling.steps},
                             {"coarse_resolution", static_cast<double>(m)},
                             {"training_resolution", static_cast<double>(model.config().training_resolution)}});
      write_fields(out, set);
    }
    std::printf("wrote %lld x %d samples of %lldx%lld (from %lldx%lld) with mean and std to %s\n",
                (long long)coarse.size(0), a->samples, (long long)n, (long long)n, (long long)m, (long long)m,
                out.c_str());
  });
}

}  // namespace scorefield::cli
