// `scorefield dataset`: a training set from a user's own simulation output. Each input (a .vti
// file, a folder of them or a .pvd collection) is one run, a trajectory; every field is checked,
// then the fields are written as HDF5 data sets at the simulation's grid and at each coarser grid
// asked for, by the spectral truncation the models condition on, so every coarse field has its
// true fine partner. Whole trajectories can be held out for evaluation.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "progress_bar.hpp"
#include "scorefield/atomic_file.hpp"
#include "scorefield/boundary_extension.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/metrics.hpp"
#include "scorefield/npy_reader.hpp"
#include "scorefield/vti_reader.hpp"
#include "scorefield/vti_series.hpp"
#include "spectrum_plot.hpp"

namespace scorefield::cli {

namespace fs = std::filesystem;

namespace {

struct DatasetArgs {
  std::vector<std::string> inputs;
  std::string array;
  std::string axes = "tyx";
  std::vector<int> save;
  int heldout = 0;
  std::string split = "runs";
  std::string boundary = "periodic";
  std::string out;
};

// One field read from a .vti and checked against the first one of the set.
struct Field {
  torch::Tensor values;  // float32 [N, N], as `superres` hands a .vti to the model (row = y)
  int trajectory = 0;
};

std::string describe(const fs::path& file) { return "'" + file.string() + "'"; }

// The checks a training set needs, each naming the file and the fix.
void check_field(const VtiField& f, const fs::path& file, const VtiField* first, const fs::path& first_file,
                 bool mirror) {
  const auto ny = f.values.size(0), nx = f.values.size(1);
  if (nx != ny)
    fail(ErrorKind::Unsupported, describe(file) + " is " + std::to_string(nx) + " x " + std::to_string(ny) +
                                     "; the models take square grids: crop the fields to a square "
                                     "(ParaView's Extract Subset) before making the set");
  if (!mirror && (nx % 2 != 0 || nx < 8))
    fail(ErrorKind::Unsupported, describe(file) + " is " + std::to_string(nx) + " x " + std::to_string(nx) +
                                     "; a periodic grid must be even and at least 8 x 8 (a field with walls: "
                                     "--boundary mirror)");
  if (mirror && nx < 5)
    fail(ErrorKind::Unsupported, describe(file) + " is " + std::to_string(nx) + " x " + std::to_string(nx) +
                                     "; the grid must have at least 5 x 5 points");
  if (mirror && f.cell_data)
    fail(ErrorKind::Unsupported, describe(file) + " holds cell data; --boundary mirror takes point data, the "
                                     "boundary points included (ParaView's Cell Data to Point Data first)");
  if (first && (first->values.sizes() != f.values.sizes()))
    fail(ErrorKind::BadData, describe(file) + " is " + std::to_string(nx) + " x " + std::to_string(ny) + " but " +
                                 describe(first_file) + " is " + std::to_string(first->values.size(1)) + " x " +
                                 std::to_string(first->values.size(0)) +
                                 "; a training set holds one grid: resample the runs to a common one");
  if (first && first->cell_data != f.cell_data)
    fail(ErrorKind::BadData, describe(file) + " holds " + (f.cell_data ? "cell" : "point") + " data and " +
                                 describe(first_file) + " " + (first->cell_data ? "cell" : "point") +
                                 " data; give every field the same kind");
  const auto finite = torch::isfinite(f.values);
  if (!finite.all().item<bool>())
    fail(ErrorKind::BadData, describe(file) + " holds " + std::to_string((~finite).sum().item<int64_t>()) +
                                 " NaN or Inf values in '" + f.name + "'; fill or drop that field first");
  const double spread = (f.values.max() - f.values.min()).item<double>();
  const double scale = f.values.abs().max().item<double>();
  if (!(spread > 1e-6 * std::max(scale, 1e-30)))
    fail(ErrorKind::BadData, describe(file) + ": '" + f.name +
                                 "' is constant; a constant field has no structure to learn: drop it (often the "
                                 "first time step of a run, before the flow starts)");
}

FieldSet make_set(const std::vector<Field>& fields, int64_t n, bool mirror) {
  FieldSet set;
  std::vector<torch::Tensor> values;
  std::vector<int32_t> labels;
  for (const auto& f : fields) {
    values.push_back(f.values);
    labels.push_back(f.trajectory);
  }
  auto all = torch::stack(values).to(torch::kFloat64);
  const int64_t source_n = all.size(-1);
  // The model's own restriction: of the fields on the torus, or of their even extensions.
  auto restricted = n == source_n ? all : mirror ? mirror_restrict(all, n) : spectral_resize(all, n);
  set.fields = restricted.to(torch::kFloat32).contiguous();
  set.labels = torch::tensor(labels, torch::kInt32);
  set.attributes = {{"solver_resolution", static_cast<double>(source_n)},
                    {"trajectories", static_cast<double>(labels.empty() ? 0 : labels.back() + 1)}};
  return set;
}

nlohmann::json value_summary(const torch::Tensor& fields) {
  return {{"count", fields.size(0)},
          {"min", fields.min().item<double>()},
          {"max", fields.max().item<double>()},
          {"mean", fields.mean().item<double>()},
          {"std", fields.std().item<double>()}};
}

void write_text(const fs::path& path, const std::string& text) {
  write_atomically(path, [&](const fs::path& tmp) {
    std::ofstream f(tmp);
    f << text;
    if (!f.flush()) fail(ErrorKind::Io, "cannot write '" + path.string() + "' (disk full?)");
  });
}

// One run's fields: .vti files read one at a time, or the snapshots of one array of an HDF5 file
// or of a NumPy .npy file, brought to [time, y, x] from the axis order the user states (a NumPy
// array of a VTK image is [t, ny, nx]: "tyx"; a Fortran or MATLAB writer often gives "txy" or "xyt").
struct RunSource {
  std::vector<fs::path> vti;
  fs::path h5;
  torch::Tensor snapshots;  // [t, y, x] for an HDF5 run

  int64_t count() const { return snapshots.defined() ? snapshots.size(0) : static_cast<int64_t>(vti.size()); }

  VtiField field(int64_t i, const std::string& array, fs::path& file) const {
    if (!snapshots.defined()) {
      file = vti[static_cast<std::size_t>(i)];
      return read_vti(file, array);
    }
    file = h5.string() + "[" + std::to_string(i) + "]";
    VtiField f;
    f.values = snapshots[i];
    f.geometry = torus_geometry(snapshots.size(-1));
    f.name = array.empty() ? "fields" : array;
    return f;
  }
};

RunSource open_run(const std::string& input, const DatasetArgs& a) {
  RunSource run;
  const fs::path path = input;
  const bool npy = path.extension() == ".npy";
  if (!npy && path.extension() != ".h5" && path.extension() != ".hdf5") {
    run.vti = vti_series_files(path);
    return run;
  }
  const std::string name = npy ? path.stem().string() : a.array.empty() ? "fields" : a.array;
  torch::Tensor values;
  if (npy) {
    require(a.array.empty(), "'" + input + "' is a NumPy file of one array: drop --array");
    values = read_npy(path);
  } else {
    values = read_array(path, name);
    if (!values.defined())
      fail(ErrorKind::InvalidArgument, "'" + input + "' has no array '/" + name + "'; name it with --array");
  }
  if (values.dim() != 3)
    fail(ErrorKind::Unsupported, "'" + input + "': " + (npy ? "its array" : "/" + name) + " has " +
                                     std::to_string(values.dim()) +
                                     " axes; a run is one 3-D array of snapshots (time and two space axes)");
  const std::string& axes = a.axes;
  std::string sorted = axes;
  std::sort(sorted.begin(), sorted.end());
  if (sorted != "txy")
    fail(ErrorKind::InvalidArgument, "--axes '" + axes + "' must order the letters t, y and x (e.g. tyx, txy, xyt)");
  // Permute to [t, y, x]: dims[k] is where that axis sits in the stored array.
  run.snapshots = values.permute({static_cast<int64_t>(axes.find('t')), static_cast<int64_t>(axes.find('y')),
                                  static_cast<int64_t>(axes.find('x'))})
                      .contiguous();
  run.h5 = path;
  return run;
}

void run_dataset(const DatasetArgs& a) {
  require(!a.inputs.empty(),
          "give at least one run: a .vti file, a folder of .vti files, a .pvd collection, an HDF5 or a .npy file");
  require(a.split == "runs" || a.split == "time", "--split must be 'runs' or 'time' (got '" + a.split + "')");
  const bool by_time = a.split == "time";
  const bool mirror = is_mirror_boundary(a.boundary);
  require(a.heldout >= 0, "--heldout must be >= 0");
  require(by_time || a.heldout < static_cast<int>(a.inputs.size()),
          "--heldout " + std::to_string(a.heldout) + " leaves no run to train on: " + std::to_string(a.inputs.size()) +
              " run(s) given (each input is one run; --split time holds out the "
              "last snapshots of every run instead)");
  const fs::path dir = a.out;
  check_writable(dir / "summary.json");
  // Every file is listed and checked before anything is written.
  std::vector<RunSource> runs;
  int64_t total = 0;
  for (const auto& in : a.inputs) {
    runs.push_back(open_run(in, a));
    total += runs.back().count();
    if (by_time && runs.back().count() <= a.heldout)
      fail(ErrorKind::InvalidArgument, "--split time --heldout " + std::to_string(a.heldout) + " leaves nothing of '" +
                                           in + "' to train on: it holds " + std::to_string(runs.back().count()) +
                                           " snapshot(s)");
  }
  std::vector<Field> train, heldout;
  VtiField first;
  fs::path first_file;
  ProgressBar bar("reading", total);
  int64_t done = 0;
  // Split by runs: the last K runs are held out, labelled 0.. in each set. By time: the last K
  // snapshots of every run, labelled by their run in both sets.
  const int train_runs = by_time ? static_cast<int>(runs.size()) : static_cast<int>(runs.size()) - a.heldout;
  for (int r = 0; r < static_cast<int>(runs.size()); ++r) {
    for (int64_t i = 0; i < runs[r].count(); ++i) {
      // After the first file, the array it gave (named or the first scalar one) is the set's.
      fs::path file;
      VtiField f = runs[r].field(i, first_file.empty() ? a.array : first.name, file);
      check_field(f, file, first_file.empty() ? nullptr : &first, first_file, mirror);
      if (first_file.empty()) {
        first = f;
        first_file = file;
      }
      const bool held = by_time ? i >= runs[r].count() - a.heldout : r >= train_runs;
      auto& to = held ? heldout : train;
      to.push_back({f.values.to(torch::kFloat32).contiguous(), by_time || r < train_runs ? r : r - train_runs});
      bar.update(++done);
    }
  }
  bar.finish();
  const int64_t n = first.values.size(0);
  std::vector<int64_t> grids{n};
  for (int m : a.save) {
    if (mirror)
      require(m >= 3 && m < n && (n - 1) % (m - 1) == 0,
              "--save " + std::to_string(m) + " must be a grid whose points are every f-th of the " +
                  std::to_string(n) + " points (f (M - 1) = " + std::to_string(n - 1) + ", e.g. " +
                  std::to_string((n - 1) / 2 + 1) + ")");
    else
      require(m >= 4 && m < n && m % 2 == 0,
              "--save " + std::to_string(m) + " must be an even grid in [4, " + std::to_string(n) + ")");
    grids.push_back(m);
  }
  nlohmann::json summary = {{"array", first.name},
                            {"grid", n},
                            {"cell_data", first.cell_data},
                            {"spacing", {first.geometry.spacing[0], first.geometry.spacing[1]}},
                            {"runs", a.inputs},
                            {"split", a.split},
                            {"boundary", a.boundary},
                            {"heldout", a.heldout},
                            {"files", nlohmann::json::object()}};
  std::vector<SpectrumCurve> curves;
  for (const auto& [name, fields] : {std::pair{"train", &train}, std::pair{"heldout", &heldout}}) {
    if (fields->empty()) continue;
    for (int64_t m : grids) {
      const auto path = dir / fmt::format("{}_{}.h5", name, m);
      auto set = make_set(*fields, m, mirror);
      write_fields(path, set);
      summary["files"][path.filename().string()] = value_summary(set.fields);
      if (m != n) continue;
      // The mean shell spectrum at the simulation's grid: what the noise must dominate (scorefield
      // train --check-noise) and what the samples are judged against; the held-out one beside it
      // shows at a glance whether the two sets come from the same law.
      auto spectrum = energy_spectrum(set.fields.to(torch::kFloat64)).contiguous();
      const double* e = spectrum.data_ptr<double>();
      curves.push_back(
          {fmt::format("{} ({} fields)", name, set.fields.size(0)), std::vector<double>(e, e + spectrum.size(0))});
      if (std::string(name) != "train") continue;
      std::string csv = "k,energy\n";
      for (int64_t k = 0; k < spectrum.size(0); ++k) csv += fmt::format("{},{:.9g}\n", k, e[k]);
      write_text(dir / "spectrum.csv", csv);
    }
  }
  write_text(dir / "spectrum.svg",
             spectrum_svg(curves, fmt::format("mean energy spectrum of '{}' on {} x {}", first.name, n, n)));
  write_text(dir / "summary.json", summary.dump(2) + "\n");
  std::printf("%lld fields of '%s' on %lld x %lld from %zu run(s): %zu for training, %zu held out (%s)\n",
              static_cast<long long>(total), first.name.c_str(), static_cast<long long>(n), static_cast<long long>(n),
              runs.size(), train.size(), heldout.size(),
              (by_time ? "the last " + std::to_string(a.heldout) + " snapshot(s) of every run"
                       : std::to_string(a.heldout) + " run(s)")
                  .c_str());
  for (const auto& [file, s] : summary["files"].items())
    std::printf("  %s: %lld fields, values in [%.4g, %.4g], mean %.4g, std %.4g\n", file.c_str(),
                s["count"].get<long long>(), s["min"].get<double>(), s["max"].get<double>(), s["mean"].get<double>(),
                s["std"].get<double>());
  std::printf("wrote %s (spectrum.csv and spectrum.svg: the mean shell spectrum; summary.json)\n", dir.c_str());
  std::printf("next: set training.data = \"%s\"%s in a configuration (docs/configuration.md), then run "
              "`scorefield train --config FILE --check-noise` to choose the noise\n",
              (dir / fmt::format("train_{}.h5", n)).c_str(), mirror ? " and model.boundary = \"mirror\"" : "");
}

}  // namespace

void add_dataset_command(CLI::App& app) {
  auto a = std::make_shared<DatasetArgs>();
  auto* cmd =
      app.add_subcommand("dataset", "Make a training set from your own simulation's output (each input is one run)");
  cmd->add_option("inputs", a->inputs,
                  "Runs: a .vti or .pvti file, a folder of them (name order), a .pvd collection, or an HDF5 (--array) "
                  "or NumPy .npy array of snapshots (--axes)")
      ->required();
  cmd->add_option("--array", a->array,
                  "Scalar array to take (default: the first scalar array of the first .vti; /fields of an HDF5 run)");
  cmd->add_option("--axes", a->axes,
                  "HDF5 and .npy runs: the stored array's axis order, t (snapshots), y and x; a NumPy array of VTK "
                  "images is tyx");
  cmd->add_option("--save", a->save, "Coarser grids to store too, by spectral truncation (the model's restriction)")
      ->delimiter(',');
  cmd->add_option("--heldout", a->heldout,
                  "Hold out the last K runs (--split runs) or the last K snapshots of every run (--split time) for "
                  "evaluation (heldout_<N>.h5)");
  cmd->add_option("--split", a->split,
                  "runs: held-out data from runs never trained on (the honest test); time: from later times of the "
                  "training runs (when there is one run)");
  cmd->add_option("--boundary", a->boundary,
                  "periodic: fields on the torus; mirror: fields with walls or inflow, the boundary points included, "
                  "restricted through their even extension (--save M with N - 1 a multiple of M - 1)")
      ->check(CLI::IsMember({"periodic", "mirror"}));
  cmd->add_option("--out", a->out, "Output folder: train_<N>.h5 per grid, summary.json, spectrum.csv, spectrum.svg")
      ->required();
  cmd->callback([a] { run_dataset(*a); });
}

}  // namespace scorefield::cli
