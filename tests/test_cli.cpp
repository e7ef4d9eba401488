// The command-line tool end to end, and its answers to bad input: a clear message naming the
// problem, a non-zero exit, and no output file left behind.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "scorefield/device.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/vti_reader.hpp"
#include "scorefield/vti_writer.hpp"

using namespace scorefield;
namespace fs = std::filesystem;

namespace {

struct Result {
  int status;
  std::string output;  // stdout and stderr together
};

Result run(const std::string& args) {
  const std::string cmd = std::string(SCOREFIELD_CLI) + " " + args + " 2>&1";
  Result r{0, ""};
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (size_t k = fread(buf, 1, sizeof buf, p)) r.output.append(buf, k);
  r.status = pclose(p);
  return r;
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("sf_cli_" + std::to_string(::getpid()));
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }

  // A tiny model trained for a few steps: enough to exercise every command.
  void make_model() {
    ASSERT_EQ(run("datagen grf --resolution 16 --count 16 --seed 1 --out " + path("d.h5")).status, 0);
    std::ofstream(path("c.toml")) << "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
                                  << "[training]\ndata = \"d.h5\"\noutput = \"m.sfm\"\nsteps = 5\nbatch_size = 4\n";
    auto r = run("train --config " + path("c.toml"));
    ASSERT_EQ(r.status, 0) << r.output;
  }
  fs::path dir;
};

void expect_failure(const Result& r, const std::string& phrase) {
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(phrase), std::string::npos) << "expected '" << phrase << "' in: " << r.output;
  EXPECT_EQ(r.output.find("internal error"), std::string::npos) << r.output;
}

}  // namespace

TEST_F(Cli, TrainSampleEvalInfoEndToEnd) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK (SCOREFIELD_WITH_VTK_IO=OFF)";
  make_model();
  auto s = run("sample --model " + path("m.sfm") + " --resolution 32 --count 3 --steps 4 --seed 9 --vti --out " +
               path("s.h5"));
  ASSERT_EQ(s.status, 0) << s.output;
  EXPECT_TRUE(fs::exists(path("s_0002.vti")));
  auto samples = read_fields(path("s.h5"));
  EXPECT_EQ(samples.fields.sizes(), (std::vector<int64_t>{3, 32, 32}));
  // Same seed, same file: identical samples (eval reports zero distance).
  ASSERT_EQ(
      run("sample --model " + path("m.sfm") + " --resolution 32 --count 3 --steps 4 --seed 9 --out " + path("t.h5"))
          .status,
      0);
  EXPECT_TRUE(torch::equal(samples.fields, read_fields(path("t.h5")).fields));
  auto e = run("eval --samples " + path("s.h5") + " --reference " + path("t.h5") + " --json " + path("r.json"));
  ASSERT_EQ(e.status, 0) << e.output;
  auto report = nlohmann::json::parse(std::ifstream(path("r.json")));
  EXPECT_EQ(report["wasserstein1"].get<double>(), 0.0);
  auto i = run("info --model " + path("m.sfm"));
  ASSERT_EQ(i.status, 0) << i.output;
  EXPECT_NE(i.output.find("fine grids     16"), std::string::npos) << i.output;
  EXPECT_NE(i.output.find("task           unconditional"), std::string::npos) << i.output;
  auto j = run("info --json --model " + path("m.sfm"));
  ASSERT_EQ(j.status, 0) << j.output;
  EXPECT_NE(j.output.find("\"training_resolution\": 16"), std::string::npos) << j.output;
  // The model file names its data relative to itself, never by an absolute path of this machine.
  EXPECT_NE(j.output.find("\"data\": \"d.h5\""), std::string::npos) << j.output;
  EXPECT_EQ(j.output.find(dir.string()), std::string::npos) << j.output;
  EXPECT_TRUE(fs::exists(path("m.sfm.log.jsonl")));
}

// Data rougher than the noise (alpha 1.5 against 3) with a small sigma_max: the samplers' start
// law would not stand for the diffused data. `train --check-noise` refuses the configuration and
// names both fixes, `train` warns and records the estimate, and the fixed configuration passes.
TEST_F(Cli, NoiseSmootherThanTheDataIsReportedBeforeTraining) {
  ASSERT_EQ(run("datagen grf --resolution 16 --count 64 --alpha 1.5 --tau 3 --seed 2 --out " + path("rough.h5")).status,
            0);
  auto config = [&](const std::string& name, double alpha, double sigma_max) {
    std::ofstream(path(name)) << "[noise]\nalpha = " << alpha << "\n[levels]\nsigma_max = " << sigma_max
                              << "\n[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
                              << "[training]\ndata = \"rough.h5\"\noutput = \"m.sfm\"\nsteps = 2\nbatch_size = 4\n";
  };
  config("smooth.toml", 3.0, 2.0);
  auto check = run("train --check-noise --config " + path("smooth.toml"));
  expect_failure(check, "noise.alpha");
  EXPECT_NE(check.output.find("sigma_max"), std::string::npos) << check.output;
  EXPECT_FALSE(fs::exists(path("m.sfm"))) << "--check-noise trained";
  auto trained = run("train --config " + path("smooth.toml"));
  ASSERT_EQ(trained.status, 0) << trained.output;
  EXPECT_NE(trained.output.find("warning: the samplers' start law"), std::string::npos) << trained.output;
  std::ifstream log(path("m.sfm.log.jsonl"));
  std::string first;
  std::getline(log, first);
  EXPECT_GT(nlohmann::json::parse(first).at("start_law").at("kl_nats").get<double>(), 0.005) << first;
  config("rough.toml", 1.2, 50.0);
  auto fixed = run("train --check-noise --config " + path("rough.toml"));
  EXPECT_EQ(fixed.status, 0) << fixed.output;
  EXPECT_NE(fixed.output.find("start law: KL"), std::string::npos) << fixed.output;
}

// The same rough data with the noise left out of the configuration: `--check-noise` says what
// training would choose and passes, `train` prints and logs the choice, and the model holds it.
TEST_F(Cli, NoiseLeftOutIsChosenFromTheData) {
  ASSERT_EQ(run("datagen grf --resolution 16 --count 64 --alpha 1.5 --tau 3 --seed 2 --out " + path("rough.h5")).status,
            0);
  std::ofstream(path("auto.toml")) << "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
                                   << "[training]\ndata = \"rough.h5\"\noutput = \"m.sfm\"\nsteps = 2\nbatch_size = 4\n";
  auto check = run("train --check-noise --config " + path("auto.toml"));
  ASSERT_EQ(check.status, 0) << check.output;
  EXPECT_NE(check.output.find("noise chosen from the data"), std::string::npos) << check.output;
  auto trained = run("train --config " + path("auto.toml"));
  ASSERT_EQ(trained.status, 0) << trained.output;
  EXPECT_EQ(trained.output.find("warning"), std::string::npos) << trained.output;
  const auto said = trained.output.find("noise.alpha = ");
  ASSERT_NE(said, std::string::npos) << trained.output;
  std::ifstream log(path("m.sfm.log.jsonl"));
  std::string first, second;
  std::getline(log, first);
  std::getline(log, second);
  const auto choice = nlohmann::json::parse(first).at("noise_choice");
  EXPECT_EQ(choice.at("from"), "data") << first;
  EXPECT_LE(nlohmann::json::parse(second).at("start_law").at("kl_nats").get<double>(), 0.005) << second;
  const double alpha = choice.at("alpha").get<double>(), sigma_max = choice.at("sigma_max").get<double>();
  EXPECT_EQ(trained.output.substr(said, 14 + fmt::format("{}", alpha).size()), "noise.alpha = " + fmt::format("{}", alpha));
  auto info = run("info --model " + path("m.sfm"));
  EXPECT_NE(info.output.find(fmt::format("alpha {}, tau 3", alpha)), std::string::npos) << info.output;
  EXPECT_NE(info.output.find(fmt::format("to {}", sigma_max)), std::string::npos) << info.output;
  // The card also holds the data's spectrum: a 16^2 grid holds the band of shells 1-3 whole.
  EXPECT_NE(info.output.find("data spectrum  energy per octave of |k| 1-3: "), std::string::npos) << info.output;
}

TEST_F(Cli, MissingTruncatedAndForeignModels) {
  expect_failure(run("sample --model " + path("none.sfm") + " --out " + path("o.h5")), "does not exist");
  make_model();
  std::ifstream in(path("m.sfm"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(path("cut.sfm"), std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  expect_failure(run("sample --model " + path("cut.sfm") + " --out " + path("o.h5")), "truncated");
  std::ofstream(path("foreign.sfm")) << "{\"weights\": []}";
  expect_failure(run("info --model " + path("foreign.sfm")), "not a ScoreField model");
  EXPECT_FALSE(fs::exists(path("o.h5")));
}

TEST_F(Cli, UnsupportedResolutionAndNegativeCount) {
  make_model();
  expect_failure(run("sample --model " + path("m.sfm") + " --resolution 2 --out " + path("o.h5")), "resolution");
  expect_failure(run("sample --model " + path("m.sfm") + " --count -3 --out " + path("o.h5")), "--count");
  expect_failure(run("sample --model " + path("m.sfm") + " --sampler euler --out " + path("o.h5")), "unknown sampler");
  expect_failure(run("sample --model " + path("m.sfm") + " --device cuda --out " + path("o.h5")), "cuda");
  EXPECT_FALSE(fs::exists(path("o.h5")));
}

TEST_F(Cli, NaNInTrainingDataIsRefused) {
  FieldSet s;
  s.fields = GaussianMeasure(NoiseConfig{2.0, 3.0}).sample(8, 16, 1.0, make_generator(torch::kCPU, 0));
  s.fields[5][3][3] = std::nan("");
  write_fields(path("nan.h5"), s);
  std::ofstream(path("c.toml")) << "[training]\ndata = \"nan.h5\"\noutput = \"m.sfm\"\nsteps = 5\n";
  expect_failure(run("train --config " + path("c.toml")), "NaN");
  EXPECT_FALSE(fs::exists(path("m.sfm")));
}

TEST_F(Cli, UnwritableOutputFailsBeforeWorkAndLeavesNothing) {
  make_model();
  // A folder that cannot be made (a file is in the way) is refused before any work...
  std::ofstream(path("a-file")) << "x";
  expect_failure(run("sample --model " + path("m.sfm") + " --out " + path("a-file/o.h5")), "cannot be created");
  // ...and one that does not exist yet is made, as `mkdir -p` would.
  auto made = run("sample --model " + path("m.sfm") + " --resolution 8 --count 1 --steps 2 --out " +
                  path("new/deeper/o.h5"));
  EXPECT_EQ(made.status, 0) << made.output;
  EXPECT_TRUE(fs::exists(path("new/deeper/o.h5")));
  fs::create_directories(path("ro"));
  fs::permissions(path("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  if (::geteuid() != 0) {  // root ignores permission bits
    expect_failure(run("sample --model " + path("m.sfm") + " --out " + path("ro/o.h5")), "not writable");
  }
  std::ofstream(path("bad.toml")) << "[training\nsteps = ";
  expect_failure(run("train --config " + path("bad.toml")), "cannot read configuration");
  EXPECT_TRUE(fs::is_empty(path("ro")));
}

// Data generators: outputs have the documented shapes, partners line up across resolutions,
// labels are stored, and bad requests are refused without output.
TEST_F(Cli, DatagenNavierStokesMixtureAndFashionMnist) {
  auto ns =
      run("datagen ns --resolution 32 --save 16,8 --trajectories 2 --snapshots 2 --spinup 0.05 --interval 0.05 --out " +
          dir.string());
  ASSERT_EQ(ns.status, 0) << ns.output;
  auto fine = read_fields(path("ns_32.h5")), coarse = read_fields(path("ns_8.h5"));
  EXPECT_EQ(fine.fields.sizes(), (std::vector<int64_t>{4, 32, 32}));
  EXPECT_EQ(coarse.fields.sizes(), (std::vector<int64_t>{4, 8, 8}));
  EXPECT_TRUE(torch::equal(fine.labels, torch::tensor({0, 0, 1, 1}, torch::kInt32)));
  // Every coarse field is the spectral truncation of its fine partner (float32 rounding only).
  auto restricted = spectral_resize(fine.fields.to(torch::kFloat64), 8).to(torch::kFloat32);
  EXPECT_LT((restricted - coarse.fields).abs().max().item<double>(), 1e-5);

  auto mix =
      run("datagen grf-mixture --resolution 16 --count 400 --component 2.5,8,1,0,3 --component 2,4,1,5,1 --seed 2 "
          "--out " +
          path("mix.h5"));
  ASSERT_EQ(mix.status, 0) << mix.output;
  auto m = read_fields(path("mix.h5"));
  // Weights 3:1, so about 300 of 400 in component 0: binomial sd sqrt(400 * 0.75 * 0.25) = 8.7; allow 4 sd.
  const auto n0 = (m.labels == 0).sum().item<int64_t>();
  EXPECT_NEAR(static_cast<double>(n0), 300.0, 35.0);
  // Component 1 has mean 5, component 0 mean 0: field means separate the labels.
  auto means = m.fields.mean({1, 2});
  EXPECT_GT(means.index({m.labels == 1}).min().item<double>(), 2.5);
  EXPECT_LT(means.index({m.labels == 0}).max().item<double>(), 2.5);

  if (fs::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")) {
    auto fm = run("datagen fashion-mnist --split test --resolution 64 --count 10 --out " + path("fm.h5"));
    ASSERT_EQ(fm.status, 0) << fm.output;
    auto f = read_fields(path("fm.h5"));
    EXPECT_EQ(f.fields.sizes(), (std::vector<int64_t>{10, 64, 64}));
    EXPECT_GE(f.fields.min().item<double>(), 0.0);
    EXPECT_LE(f.fields.max().item<double>(), 1.0);
    EXPECT_GT(f.fields.max().item<double>(), 0.5);  // real images, not blanks
    EXPECT_EQ(f.labels.size(0), 10);
  }
  expect_failure(run("datagen fashion-mnist --dir " + path("nowhere") + " --out " + path("x.h5")), "does not exist");
  expect_failure(run("datagen ns --resolution 31 --save 16 --out " + dir.string()), "even");
  expect_failure(run("datagen grf-mixture --component 1,2 --out " + path("x.h5")), "alpha,tau,scale,mean,weight");
  expect_failure(run("datagen nonsense --out " + path("x.h5")), "");
  EXPECT_FALSE(fs::exists(path("x.h5")));
}

// Restart: a run started from a stored snapshot continues the trajectory. The snapshot is stored in
// float32 (relative rounding 6e-8) and the flow over 0.1 time units is smooth, so the restarted
// field matches the uninterrupted one to well within 1e-5 relative L2.
TEST_F(Cli, DatagenNavierStokesRestartsFromAFieldFile) {
  fs::create_directories(path("a"));
  fs::create_directories(path("b"));
  ASSERT_EQ(run("datagen ns --resolution 32 --save 16 --trajectories 1 --snapshots 3 --spinup 0 --interval 0.1 "
                "--seed 4 --out " +
                path("a"))
                .status,
            0);
  auto r = run("datagen ns --resolution 32 --save 16 --snapshots 1 --spinup 0.1 --interval 0.1 --initial " +
               path("a/ns_32.h5") + " --out " + path("b"));
  ASSERT_EQ(r.status, 0) << r.output;
  auto a = read_fields(path("a/ns_32.h5")).fields, b = read_fields(path("b/ns_32.h5")).fields;
  ASSERT_EQ(b.size(0), 3);  // one trajectory per field of the initial file
  const double rel = ((b[1] - a[2]).norm() / a[2].norm()).item<double>();
  EXPECT_LT(rel, 1e-5);
  EXPECT_GT(((b[0] - a[2]).norm() / a[2].norm()).item<double>(), 1e-3);  // a different start differs
}

namespace {
// A tiny super-resolution model NAME.sfm (configuration NAME.toml) trained for a few steps on
// `data`, with `model_keys` added under [model]: enough to exercise every command.
void train_tiny_superres(const std::function<std::string(const std::string&)>& path, const std::string& name,
                         const std::string& data, const std::string& factors, const std::string& model_keys,
                         int steps) {
  std::ofstream(path(name + ".toml")) << "[model]\ntask = \"superres\"\n"
                                      << model_keys << "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
                                      << "[training]\ndata = \"" << data << "\"\noutput = \"" << name
                                      << ".sfm\"\nsteps = " << steps << "\nbatch_size = 4\ncoarse_factors = ["
                                      << factors << "]\n";
  auto r = run("train --config " + path(name + ".toml"));
  ASSERT_EQ(r.status, 0) << r.output;
}

// A tiny super-resolution model on 32^2 GRF data, trained with factors 2 and 4.
void make_superres_model(const std::function<std::string(const std::string&)>& path) {
  ASSERT_EQ(run("datagen grf --resolution 32 --count 16 --seed 1 --out " + path("d32.h5")).status, 0);
  train_tiny_superres(path, "sr", "d32.h5", "2, 4", "", 3);
}
}  // namespace

TEST_F(Cli, SuperresVtiKeepsGeometryAndMatchesHdf5Path) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK (SCOREFIELD_WITH_VTK_IO=OFF)";
  make_superres_model([this](const std::string& n) { return path(n); });
  // An 8^2 coarse field with ParaView-like geometry: origin (2, 3), spacing 0.5, extent from 0.
  auto coarse = spectral_resize(torch::randn({32, 32}), 8);
  ImageGeometry g;
  g.origin = {2.0, 3.0, 0.0};
  g.spacing = {0.5, 0.5, 1.0};
  write_vti(path("coarse.vti"), {{"vorticity", coarse}}, g);
  auto r = run("superres --model " + path("sr.sfm") + " --input " + path("coarse.vti") +
               " --array vorticity --factor 4 --samples 3 --steps 4 --seed 5 --out " + path("fine.vti"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(vti_array_names(path("fine.vti")),
            (std::vector<std::string>{"sample_0", "sample_1", "sample_2", "mean", "std"}));
  auto mean = read_vti(path("fine.vti"), "mean");
  EXPECT_EQ(mean.values.sizes(), (std::vector<int64_t>{32, 32}));
  EXPECT_EQ(mean.geometry.origin, g.origin);
  EXPECT_DOUBLE_EQ(mean.geometry.spacing[0], 0.125);
  // The same coarse field through an HDF5 file with the same seed gives the same samples.
  FieldSet set;
  set.fields = coarse.unsqueeze(0);
  write_fields(path("coarse.h5"), set);
  ASSERT_EQ(run("superres --model " + path("sr.sfm") + " --input " + path("coarse.h5") +
                " --factor 4 --samples 3 --steps 4 --seed 5 --out " + path("fine.h5"))
                .status,
            0);
  auto h5 = read_fields(path("fine.h5"));
  EXPECT_TRUE(torch::allclose(h5.fields[1], read_vti(path("fine.vti"), "sample_1").values, 1e-6, 1e-6));
  EXPECT_TRUE(torch::allclose(read_array(path("fine.h5"), "mean")[0], mean.values, 1e-5, 1e-5));
  auto e = run("eval --samples " + path("fine.h5") + " --reference " + path("fine.h5") + " --json " + path("e.json"));
  EXPECT_NE(e.output.find("restriction error"), std::string::npos) << e.output;
  EXPECT_NE(e.output.find("increment flatness S4/S2^2 at r = 1"), std::string::npos) << e.output;
  EXPECT_NE(e.output.find("high-pass gradient PDF: W1"), std::string::npos) << e.output;
  // The increment statistics reach the report and plot (pipelines/plot_increments.py).
  auto report = nlohmann::json::parse(std::ifstream(path("e.json")));
  const auto& inc = report["superres"]["phase_statistics"]["increments"];
  EXPECT_EQ(inc["separations"], (std::vector<int64_t>{1, 2, 4}));
  EXPECT_EQ(report["superres"]["phase_statistics"]["increments_high_pass"]["separations"], inc["separations"]);
  const std::string plot = std::string("/usr/bin/python3 ") + PIPELINES_DIR + "/plot_increments.py " + path("e.json") +
                           " " + path("increments.png") + " 2>&1";
  ASSERT_EQ(std::system(plot.c_str()), 0) << plot;
  EXPECT_GT(fs::file_size(path("increments.png")), 10000u);
  // A report without them is refused with the reason, not plotted.
  std::ofstream(path("empty.json")) << "{}";
  const std::string refused = std::string("/usr/bin/python3 ") + PIPELINES_DIR + "/plot_increments.py " +
                              path("empty.json") + " " + path("none.png") + " > /dev/null 2>&1";
  EXPECT_NE(std::system(refused.c_str()), 0);
  EXPECT_FALSE(fs::exists(path("none.png")));
}

// The shipped multi-resolution model (fine grids 64, 128, 256; factors 4 and 8) refuses, before
// sampling and without output, a target finer than its finest grid (it never saw those
// wavenumbers) and a factor it was not trained for, each message naming the fix; a trained pair
// on the same input runs.
TEST_F(Cli, MultiResolutionModelRefusesUntrainedGridsAndFactors) {
  const std::string model = std::string(SHIPPED_MODELS_DIR) + "/ns-superres.sfm";
  FieldSet coarse;
  coarse.fields = GaussianMeasure(NoiseConfig{2.5, 7.0}).sample(1, 64, 1.0, make_generator(torch::kCPU, 3));
  write_fields(path("c64.h5"), coarse);
  const std::string base = "superres --model " + model + " --input " + path("c64.h5") + " --steps 2 --out ";
  expect_failure(run(base + path("o.h5") + " --factor 8"), "finer than the finest grid the model was trained on");
  expect_failure(run(base + path("o.h5") + " --factor 2"), "factor 2 is not one the model was trained for");
  EXPECT_FALSE(fs::exists(path("o.h5")));
  coarse.fields = spectral_resize(coarse.fields, 16);
  write_fields(path("c16.h5"), coarse);
  auto ok = run("superres --model " + model + " --input " + path("c16.h5") + " --factor 4 --steps 2 --out " +
                path("ok.h5"));
  EXPECT_EQ(ok.status, 0) << ok.output;
}

TEST_F(Cli, SuperresBadInputLeavesNothing) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK (SCOREFIELD_WITH_VTK_IO=OFF)";
  make_superres_model([this](const std::string& n) { return path(n); });
  auto ok = spectral_resize(torch::randn({32, 32}), 8);
  write_vti(path("c.vti"), {{"u", ok}}, torus_geometry(8));
  auto nan = ok.clone();
  nan[1][2] = std::nan("");
  write_vti(path("nan.vti"), {{"u", nan}}, torus_geometry(8));
  write_vti(path("rect.vti"), {{"u", torch::zeros({8, 12})}}, torus_geometry(8));
  std::ofstream(path("cube.vti")) << R"(<VTKFile type="ImageData" version="1.0" byte_order="LittleEndian">
<ImageData WholeExtent="0 1 0 1 0 1" Origin="0 0 0" Spacing="1 1 1"><Piece Extent="0 1 0 1 0 1">
<PointData><DataArray type="Float32" Name="u" format="ascii">0 1 2 3 4 5 6 7</DataArray></PointData>
</Piece></ImageData></VTKFile>)";
  const std::string base = "superres --model " + path("sr.sfm") + " --steps 2 --out " + path("o.vti") + " --input ";
  expect_failure(run(base + path("nan.vti")), "NaN");
  expect_failure(run(base + path("c.vti") + " --array pressure"), "no array named 'pressure'");
  expect_failure(run(base + path("c.vti") + " --factor 8"), "largest the model was trained for");
  expect_failure(run(base + path("c.vti") + " --resolution 20"), "integer multiple");
  expect_failure(run(base + path("rect.vti")), "square");
  expect_failure(run(base + path("cube.vti")), "3-D");
  expect_failure(run(base + path("absent.vti")), "does not exist");
  expect_failure(run("superres --model " + path("m_missing.sfm") + " --input " + path("c.vti") + " --out " +
                     path("o.vti")),
                 "does not exist");
  EXPECT_FALSE(fs::exists(path("o.vti")));
}

TEST_F(Cli, ConditionFromCsvAndFromRandomPoints) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK (SCOREFIELD_WITH_VTK_IO=OFF)";
  ASSERT_EQ(run("datagen grf --resolution 16 --count 16 --seed 1 --out " + path("d.h5")).status, 0);
  std::ofstream(path("o.toml")) << "[model]\ntask = \"observations\"\n"
                                << "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
                                << "[training]\ndata = \"d.h5\"\noutput = \"o.sfm\"\nsteps = 3\nbatch_size = 4\n";
  ASSERT_EQ(run("train --config " + path("o.toml")).status, 0);
  std::ofstream(path("obs.csv")) << "x,y,value\n0.0,0.0,1.5\n0.5,0.25,-0.5\n0.75,0.5,0.25\n";
  auto r = run("condition --model " + path("o.sfm") + " --observations " + path("obs.csv") +
               " --resolution 16 --samples 2 --steps 3 --out " + path("c.vti"));
  ASSERT_EQ(r.status, 0) << r.output;
  auto mask = read_vti(path("c.vti"), "observed_mask").values;
  EXPECT_EQ(mask.sum().item<double>(), 3.0);
  EXPECT_EQ(mask[4][8].item<double>(), 1.0);  // (x 0.5, y 0.25) -> column 8, row 4
  auto h = run("condition --model " + path("o.sfm") + " --observations " + path("d.h5") +
               " --fraction 0.1 --count 2 --samples 2 --steps 3 --out " + path("c.h5"));
  ASSERT_EQ(h.status, 0) << h.output;
  auto e = run("eval --samples " + path("c.h5") + " --reference " + path("d.h5"));
  EXPECT_NE(e.output.find("nearest-observation"), std::string::npos) << e.output;
  std::ofstream(path("twice.csv")) << "0.1,0.1,1\n0.1,0.1,2\n";
  expect_failure(run("condition --model " + path("o.sfm") + " --observations " + path("twice.csv") +
                     " --resolution 16 --out " + path("x.vti")),
                 "second observation");
  expect_failure(run("condition --model " + path("o.sfm") + " --observations " + path("obs.csv") +
                     " --resolution 16 --out " + path("x.vti") + " --samples 0"),
                 "--samples");
  // Coordinates in metres on a 2 m square: refused on the unit square, placed right with --domain.
  std::ofstream(path("metres.csv")) << "x,y,value\n1.0,0.5,1.5\n1.5,1.0,-0.5\n";
  expect_failure(run("condition --model " + path("o.sfm") + " --observations " + path("metres.csv") +
                     " --resolution 16 --out " + path("x.vti")),
                 "outside the domain [0, 1");
  auto metres = run("condition --model " + path("o.sfm") + " --observations " + path("metres.csv") +
                    " --domain 2 --resolution 16 --samples 1 --steps 2 --out " + path("m.vti"));
  ASSERT_EQ(metres.status, 0) << metres.output;
  EXPECT_EQ(read_vti(path("m.vti"), "observed_mask").values[4][8].item<double>(), 1.0);  // (1.0, 0.5) m
  EXPECT_FALSE(fs::exists(path("x.vti")));
}

TEST_F(Cli, TrainingInitStartsFromAModelOfTheSameNetwork) {
  make_model();  // m.sfm: width 8, unconditional, trained 5 steps
  std::ofstream(path("ft.toml")) << "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
                                 << "[training]\ndata = \"d.h5\"\ninit = \"m.sfm\"\noutput = \"ft.sfm\"\nsteps = 1\n"
                                 << "batch_size = 4\nlearning_rate = 1e-12\nwarmup_steps = 1\n";
  ASSERT_EQ(run("train --config " + path("ft.toml")).status, 0);
  // One step at a negligible learning rate: the weights are (almost) those of the init model, so
  // the same seed gives (almost) the same samples; a fresh network would give unrelated ones.
  ASSERT_EQ(run("sample --model " + path("m.sfm") + " --count 2 --steps 3 --seed 1 --out " + path("a.h5")).status, 0);
  ASSERT_EQ(run("sample --model " + path("ft.sfm") + " --count 2 --steps 3 --seed 1 --out " + path("b.h5")).status, 0);
  auto a = read_fields(path("a.h5")).fields, b = read_fields(path("b.h5")).fields;
  EXPECT_LT(((a - b).norm() / a.norm()).item<double>(), 1e-3);
  // Radial filters may be added to the init model's network: they start at zero, so again the
  // samples are (almost) the init model's.
  std::ofstream(path("rf.toml"))
      << "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\nradial_filters = true\n"
      << "[training]\ndata = \"d.h5\"\ninit = \"m.sfm\"\noutput = \"rf.sfm\"\nsteps = 1\n"
      << "batch_size = 4\nlearning_rate = 1e-12\nwarmup_steps = 1\n";
  ASSERT_EQ(run("train --config " + path("rf.toml")).status, 0);
  ASSERT_EQ(run("sample --model " + path("rf.sfm") + " --count 2 --steps 3 --seed 1 --out " + path("r.h5")).status, 0);
  EXPECT_LT(((a - read_fields(path("r.h5")).fields).norm() / a.norm()).item<double>(), 1e-3);
  std::ofstream(path("bad.toml")) << "[network]\nwidth = 12\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
                                  << "[training]\ndata = \"d.h5\"\ninit = \"m.sfm\"\noutput = \"bad.sfm\"\nsteps = 1\n";
  expect_failure(run("train --config " + path("bad.toml")), "another network or task");
  EXPECT_FALSE(fs::exists(path("bad.sfm")));
}

// What a first-time user types: a bare command, --version, --help, a misspelt configuration key,
// a resume under changed settings.
TEST_F(Cli, FirstStepsAreAnsweredPlainly) {
  auto bare = run("");
  EXPECT_EQ(bare.status, 0) << bare.output;
  EXPECT_NE(bare.output.find("superres"), std::string::npos) << bare.output;
  auto version = run("--version");
  EXPECT_EQ(version.status, 0) << version.output;
  EXPECT_NE(version.output.find("LibTorch "), std::string::npos) << version.output;
  EXPECT_NE(version.output.find("CUDA: "), std::string::npos) << version.output;
  EXPECT_NE(version.output.find("devices: cpu"), std::string::npos) << version.output;
  // Defaults are shown (CLI11 prints "TYPE=default"), and they are the plugin's: 4 samples, the ODE.
  auto help = run("superres --help");
  EXPECT_NE(help.output.find("--samples INT=4 "), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("--sampler TEXT=ode "), std::string::npos) << help.output;

  ASSERT_EQ(run("datagen grf --resolution 16 --count 16 --seed 1 --out " + path("d.h5")).status, 0);
  std::ofstream(path("typo.toml")) << "[training]\ndata = \"d.h5\"\noutput = \"m.sfm\"\nstep = 5\n";
  expect_failure(run("train --config " + path("typo.toml")), "did you mean 'training.steps'?");
  EXPECT_FALSE(fs::exists(path("m.sfm")));

  // A run stopped at step 2 refuses to resume under another learning rate unless told.
  const std::string body = "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
                           "[training]\ndata = \"d.h5\"\noutput = \"m.sfm\"\nsteps = 4\nbatch_size = 4\n"
                           "checkpoint_every = 2\n";
  std::ofstream(path("a.toml")) << body << "learning_rate = 1e-3\n";
  std::ofstream(path("b.toml")) << body << "learning_rate = 2e-3\n";
  ASSERT_EQ(run("train --stop-after 2 --config " + path("a.toml")).status, 0);
  expect_failure(run("train --resume --config " + path("b.toml")), "training.learning_rate (was 0.001, now 0.002)");
  auto accepted = run("train --resume-with-changes --config " + path("b.toml"));
  EXPECT_EQ(accepted.status, 0) << accepted.output;
  EXPECT_NE(accepted.output.find("step 4 of 4"), std::string::npos) << accepted.output;
}

// A reference whose top octave is float32 rounding (a very smooth law) is not divided by: eval
// says n/a there instead of printing errors of 1e12 %.
TEST_F(Cli, EvalSaysWhereTheReferenceHoldsNothingToJudge) {
  ASSERT_EQ(run("datagen grf --resolution 64 --count 8 --alpha 2 --tau 3 --seed 1 --out " + path("rough.h5")).status, 0);
  ASSERT_EQ(run("datagen grf --resolution 64 --count 8 --alpha 8 --tau 3 --seed 2 --out " + path("smooth.h5")).status, 0);
  auto e = run("eval --samples " + path("rough.h5") + " --reference " + path("smooth.h5"));
  ASSERT_EQ(e.status, 0) << e.output;
  EXPECT_NE(e.output.find("[ 16, 32)  n/a: the reference holds"), std::string::npos) << e.output;
  // The low octaves still get numbers.
  EXPECT_NE(e.output.find("[  1,  2)  "), std::string::npos) << e.output;
  EXPECT_EQ(e.output.find("[  1,  2)  n/a"), std::string::npos) << e.output;
}

// `dataset`: a user's own .vti runs (a folder, a .pvd collection listed out of time order, a
// single file) become train/held-out HDF5 sets with coarse partners by spectral truncation, run
// labels and a summary; each bad input is refused before anything is written.
TEST_F(Cli, DatasetFromOwnVtiRuns) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK (SCOREFIELD_WITH_VTK_IO=OFF)";
  torch::manual_seed(3);
  std::vector<torch::Tensor> made;
  auto field = [&](const fs::path& p, int64_t nx, int64_t ny) {
    auto u = torch::randn({ny, nx}, torch::kFloat32);
    write_vti(p, {{"u", u}, {"v", 2 * u}}, torus_geometry(nx));
    return u;
  };
  fs::create_directories(dir / "runA");
  for (int i = 0; i < 3; ++i) made.push_back(field(dir / "runA" / ("step_" + std::to_string(i) + ".vti"), 32, 32));
  auto b0 = field(dir / "b0.vti", 32, 32), b1 = field(dir / "b1.vti", 32, 32);
  made.push_back(b0);
  made.push_back(b1);
  // Listed with the later time step first: the collection's timesteps decide the order.
  std::ofstream(path("runB.pvd")) << "<?xml version=\"1.0\"?>\n<VTKFile type=\"Collection\" version=\"0.1\">\n"
                                  << "<Collection>\n<DataSet timestep=\"2\" part=\"0\" file=\"b1.vti\"/>\n"
                                  << "<DataSet timestep=\"1\" part=\"0\" file=\"b0.vti\"/>\n</Collection>\n</VTKFile>\n";
  auto c = field(dir / "runC.vti", 32, 32);
  const std::string runs = path("runA") + " " + path("runB.pvd") + " " + path("runC.vti");
  auto r = run("dataset " + runs + " --array u --save 16,8 --heldout 1 --out " + path("set"));
  ASSERT_EQ(r.status, 0) << r.output;
  auto train = read_fields(path("set/train_32.h5"));
  ASSERT_EQ(train.fields.size(0), 5);
  EXPECT_TRUE(torch::equal(train.fields, torch::stack(made)));
  EXPECT_TRUE(torch::equal(train.labels, torch::tensor({0, 0, 0, 1, 1}, torch::kInt32)));
  // The coarse partners are the model's restriction of each fine field (float32 rounding).
  auto coarse = read_fields(path("set/train_16.h5")).fields;
  auto expected = spectral_resize(torch::stack(made).to(torch::kFloat64), 16).to(torch::kFloat32);
  EXPECT_LT((coarse - expected).abs().max().item<float>(), 1e-5);
  EXPECT_EQ(read_fields(path("set/train_8.h5")).fields.size(-1), 8);
  auto held = read_fields(path("set/heldout_32.h5"));
  EXPECT_TRUE(torch::equal(held.fields, c.unsqueeze(0)));
  auto summary = nlohmann::json::parse(std::ifstream(path("set/summary.json")));
  EXPECT_EQ(summary["grid"], 32);
  EXPECT_EQ(summary["files"]["train_32.h5"]["count"], 5);
  int lines = 0;
  std::ifstream spectrum(path("set/spectrum.csv"));
  for (std::string line; std::getline(spectrum, line);) ++lines;
  EXPECT_EQ(lines, 1 + 16);  // header and shells 0 .. N/2 - 1

  // An HDF5 run stored as [x, y, t] (a Fortran-ordered writer): with --axes xyt the set holds the
  // same fields as the .vti runs, [t, y, x].
  FieldSet h5run;
  h5run.fields = torch::zeros({1, 8, 8});
  h5run.extra["vort"] = torch::stack(made).permute({2, 1, 0}).contiguous();
  write_fields(dir / "run.h5", h5run);
  auto h = run("dataset " + path("run.h5") + " --array vort --axes xyt --out " + path("set_h5"));
  ASSERT_EQ(h.status, 0) << h.output;
  EXPECT_TRUE(torch::equal(read_fields(path("set_h5/train_32.h5")).fields, torch::stack(made)));

  // Bad runs: each refused with its reason, and no data set written.
  auto refused = [&](const std::string& args, const std::string& phrase) {
    fs::remove_all(dir / "bad");
    expect_failure(run("dataset " + args + " --out " + path("bad")), phrase);
    EXPECT_FALSE(fs::exists(dir / "bad" / "train_32.h5")) << args;
  };
  auto nan = torch::randn({32, 32});
  nan[3][4] = std::nanf("");
  write_vti(dir / "nan.vti", {{"u", nan}}, torus_geometry(32));
  refused(path("runA") + " " + path("nan.vti") + " --array u", "NaN or Inf");
  field(dir / "small.vti", 16, 16);
  refused(path("runA") + " " + path("small.vti") + " --array u", "a training set holds one grid");
  write_vti(dir / "constant.vti", {{"u", torch::full({32, 32}, 1.5f)}}, torus_geometry(32));
  refused(path("runA") + " " + path("constant.vti") + " --array u", "is constant");
  field(dir / "wide.vti", 48, 32);
  refused(path("wide.vti"), "the models take square grids");
  refused(path("runA") + " --array w", "has no array named 'w'");
  refused(path("runA") + " " + path("runC.vti") + " --heldout 2", "leaves no run to train on");
  std::ofstream(path("broken.pvd")) << "<VTKFile type=\"Collection\"><Collection><DataSet file=\"gone.vti\"/>";
  refused(path("broken.pvd"), "broken.pvd");
  refused(path("run.h5") + " --array vort --axes tyz", "must order the letters t, y and x");
  refused(path("run.h5") + " --array nothing", "has no array '/nothing'");
}

// A run as a parallel writer leaves it (.pvti headers, each naming its pieces, as Catalyst writes
// extracts) and as a NumPy array in Fortran order: the set holds the same fields. --split time
// holds out the last snapshots of every run; spectrum.svg plots the train and held-out spectra.
TEST_F(Cli, DatasetFromPvtiPiecesNpyArraysAndATimeSplit) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK (SCOREFIELD_WITH_VTK_IO=OFF)";
  torch::manual_seed(5);
  const int64_t n = 16, steps = 4;
  auto made = torch::randn({steps, n, n}, torch::kFloat32);
  // Each snapshot in two pieces, written as ASCII .vti by hand: rows 0-8 and 8-15, sharing row 8
  // as point-data pieces do (so that every cell lies in one piece).
  auto piece = [&](const fs::path& p, const torch::Tensor& rows, int64_t y0) {
    std::ofstream f(p);
    const auto extent = fmt::format("0 {} {} {} 0 0", n - 1, y0, y0 + rows.size(0) - 1);
    f << "<?xml version=\"1.0\"?>\n<VTKFile type=\"ImageData\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
      << "<ImageData WholeExtent=\"" << extent << "\" Origin=\"0 0 0\" Spacing=\"1 1 1\">\n<Piece Extent=\"" << extent
      << "\">\n<PointData Scalars=\"u\">\n<DataArray type=\"Float32\" Name=\"u\" format=\"ascii\">\n";
    auto c = rows.contiguous();
    for (int64_t i = 0; i < c.numel(); ++i) f << fmt::format("{:.9g} ", c.data_ptr<float>()[i]);
    f << "\n</DataArray>\n</PointData>\n</Piece>\n</ImageData>\n</VTKFile>\n";
  };
  fs::create_directories(dir / "pvti" / "pieces");
  for (int64_t t = 0; t < steps; ++t) {
    const auto stem = fmt::format("field_{}", t);
    piece(dir / "pvti" / "pieces" / (stem + "_0.vti"), made[t].slice(0, 0, 9), 0);
    piece(dir / "pvti" / "pieces" / (stem + "_1.vti"), made[t].slice(0, 8, 16), 8);
    std::ofstream(dir / "pvti" / (stem + ".pvti"))
        << "<?xml version=\"1.0\"?>\n<VTKFile type=\"PImageData\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
        << fmt::format("<PImageData WholeExtent=\"0 {} 0 {} 0 0\" GhostLevel=\"0\" Origin=\"0 0 0\" ", n - 1, n - 1)
        << "Spacing=\"1 1 1\">\n<PPointData Scalars=\"u\">\n<PDataArray type=\"Float32\" Name=\"u\"/>\n"
        << "</PPointData>\n"
        << fmt::format("<Piece Extent=\"0 {} 0 8 0 0\" Source=\"pieces/{}_0.vti\"/>\n", n - 1, stem)
        << fmt::format("<Piece Extent=\"0 {} 8 {} 0 0\" Source=\"pieces/{}_1.vti\"/>\n", n - 1, n - 1, stem)
        << "</PImageData>\n</VTKFile>\n";
  }
  auto r = run("dataset " + path("pvti") + " --split time --heldout 1 --save 8 --out " + path("set"));
  ASSERT_EQ(r.status, 0) << r.output;
  auto train = read_fields(path("set/train_16.h5"));
  EXPECT_TRUE(torch::equal(train.fields, made.slice(0, 0, steps - 1)));
  EXPECT_TRUE(torch::equal(read_fields(path("set/heldout_16.h5")).fields, made.slice(0, steps - 1)));
  EXPECT_TRUE(torch::equal(train.labels, torch::zeros({steps - 1}, torch::kInt32)));
  std::ifstream svg(path("set/spectrum.svg"));
  const std::string plot((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
  EXPECT_NE(plot.find("<svg"), std::string::npos);
  int curves = 0;
  for (auto at = plot.find("<polyline"); at != std::string::npos; at = plot.find("<polyline", at + 1)) ++curves;
  EXPECT_EQ(curves, 2);  // train and held out
  EXPECT_NE(plot.find("heldout (1 fields)"), std::string::npos) << plot.substr(0, 400);
  // superres reads a .pvti like a .vti.
  const std::string model = std::string(SHIPPED_MODELS_DIR) + "/ns-superres.sfm";
  auto s = run("superres --model " + model + " --input " + path("pvti/field_0.pvti") +
               " --factor 4 --samples 1 --steps 2 --out " + path("up.vti"));
  EXPECT_EQ(s.status, 0) << s.output;
  EXPECT_EQ(read_vti(path("up.vti"), "mean").values.size(0), 4 * n);

  // The same snapshots as numpy.save writes a Fortran-ordered [x, y, t] array: memory order x
  // fastest, then y, then t, which is the [t, y, x] tensor's own C order.
  std::string header = fmt::format("{{'descr': '<f4', 'fortran_order': True, 'shape': ({}, {}, {}), }}", n, n, steps);
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  {
    std::ofstream f(path("run.npy"), std::ios::binary);
    f << std::string("\x93NUMPY\x01\x00", 8) << static_cast<char>(header.size() & 0xff)
      << static_cast<char>(header.size() >> 8) << header;
    f.write(reinterpret_cast<const char*>(made.data_ptr<float>()), made.numel() * sizeof(float));
  }
  auto np = run("dataset " + path("run.npy") + " --axes xyt --out " + path("set_npy"));
  ASSERT_EQ(np.status, 0) << np.output;
  EXPECT_TRUE(torch::equal(read_fields(path("set_npy/train_16.h5")).fields, made));

  // Refusals, nothing written: a missing piece, a time split that leaves nothing, a bad split.
  auto refused = [&](const std::string& args, const std::string& phrase) {
    fs::remove_all(dir / "bad");
    expect_failure(run("dataset " + args + " --out " + path("bad")), phrase);
    EXPECT_FALSE(fs::exists(dir / "bad" / "train_16.h5")) << args;
  };
  fs::remove(dir / "pvti" / "pieces" / "field_2_1.vti");
  refused(path("pvti"), "does not exist (copy the .pvti together with its folder of pieces)");
  refused(path("run.npy") + " --axes xyt --split time --heldout 4", "leaves nothing of");
  refused(path("run.npy") + " --axes xyt --split random", "--split must be 'runs' or 'time'");
  refused(path("run.npy") + " --array u", "drop --array");
}

// An input unlike the model's training data (ParaView's Wavelet: values around 150, the shipped
// flow's vorticity: mean 0, std 1.6-1.9) is super-resolved but warned about, naming the field and
// the fix; a held-out field of the training law is not.
TEST_F(Cli, SuperresWarnsOnAnInputUnlikeTheTrainingData) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK (SCOREFIELD_WITH_VTK_IO=OFF)";
  const std::string model = std::string(SHIPPED_MODELS_DIR) + "/ns-superres.sfm";
  torch::manual_seed(4);
  write_vti(dir / "wavelet_like.vti", {{"RTData", 150.0 + 40.0 * torch::randn({32, 32})}}, torus_geometry(32));
  auto r = run("superres --model " + model + " --input " + path("wavelet_like.vti") +
               " --factor 4 --samples 1 --steps 2 --out " + path("w.vti"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("warning: 1 of 1 input field(s) are unlike the model's training data"), std::string::npos)
      << r.output;
  EXPECT_TRUE(fs::exists(path("w.vti")));
  const std::string example = std::string(SHIPPED_MODELS_DIR) + "/../examples/ns_coarse_32.vti";
  auto ok = run("superres --model " + model + " --input " + example + " --factor 4 --samples 1 --steps 2 --out " +
                path("ns.vti"));
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_EQ(ok.output.find("warning"), std::string::npos) << ok.output;
}

// Fields with walls (model.boundary = "mirror"): a set with its partners by the model's own
// restriction, a model trained on it, samples on f (M - 1) + 1 points, and the refusals and
// warnings that keep a periodic tool away from such fields and the other way round.
TEST_F(Cli, MirrorBoundaryFromDatasetToSamples) {
  // Windows of half the period of fields on the torus: different values on opposite sides.
  NoiseConfig law;
  law.alpha = 2.5;
  auto torus = GaussianMeasure(law).sample(24, 32, 1.0, make_generator(torch::kCPU, 3), torch::kFloat64);
  using torch::indexing::Slice;
  FieldSet walls;
  walls.fields = torus.index({Slice(), Slice(0, 17), Slice(0, 17)}).to(torch::kFloat32).contiguous();
  write_fields(path("walls.h5"), walls);

  // A periodic set refuses the odd grid and names the option; a save grid that is not a subset
  // of the points is refused; both leave nothing.
  expect_failure(run("dataset " + path("walls.h5") + " --out " + path("p")), "--boundary mirror");
  expect_failure(run("dataset " + path("walls.h5") + " --boundary mirror --save 6 --out " + path("bad")),
                 "every f-th of the 17 points");
  EXPECT_FALSE(fs::exists(dir / "p" / "train_17.h5") || fs::exists(dir / "bad" / "train_17.h5"));
  auto d = run("dataset " + path("walls.h5") + " --boundary mirror --save 5 --out " + path("set"));
  ASSERT_EQ(d.status, 0) << d.output;
  EXPECT_NE(d.output.find("model.boundary = \"mirror\""), std::string::npos) << d.output;
  // The coarse partner holds the values at every 4th point up to the truncation of the
  // extension's modes above 4: the fields' small-scale share there (alpha 2.5: a few percent).
  auto fine = read_fields(path("set/train_17.h5")).fields, coarse = read_fields(path("set/train_5.h5")).fields;
  auto picked = fine.index({Slice(), Slice(0, 17, 4), Slice(0, 17, 4)});
  EXPECT_LT(((coarse - picked).norm() / picked.norm()).item<double>(), 0.2);

  train_tiny_superres([this](const std::string& name) { return path(name); }, "walls", "set/train_17.h5", "4",
                      "boundary = \"mirror\"\n", 5);
  auto info = run("info --model " + path("walls.sfm"));
  EXPECT_NE(info.output.find("boundary       mirror"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("5 -> 17 points"), std::string::npos) << info.output;

  auto s = run("superres --model " + path("walls.sfm") + " --input " + path("set/train_5.h5") +
               " --count 2 --samples 2 --steps 2 --out " + path("s.h5"));
  ASSERT_EQ(s.status, 0) << s.output;
  EXPECT_EQ(s.output.find("warning"), std::string::npos) << s.output;
  EXPECT_EQ(read_fields(path("s.h5")).fields.sizes(), (std::vector<int64_t>{4, 17, 17}));
  // eval's report is the torus': refused with the reason rather than judged wrongly.
  expect_failure(run("eval --samples " + path("s.h5") + " --reference " + path("set/train_17.h5")),
                 "judges periodic fields only");
  // A grid that does not nest as points, and a periodic-looking input, each named.
  expect_failure(run("superres --model " + path("walls.sfm") + " --input " + path("set/train_5.h5") +
                     " --resolution 16 --out " + path("x.h5")),
                 "f (M - 1) + 1 points");
  EXPECT_FALSE(fs::exists(path("x.h5")));
  // A whole period on 5 points, the first point repeated at the end: continues across the seam.
  auto period = spectral_resize(torus.index({Slice(0, 1)}), 4);
  period = torch::cat({period, period.index({Slice(), Slice(), Slice(0, 1)})}, -1);
  period = torch::cat({period, period.index({Slice(), Slice(0, 1), Slice()})}, -2);
  FieldSet closed;
  closed.fields = period.to(torch::kFloat32).contiguous();
  write_fields(path("closed5.h5"), closed);
  auto c = run("superres --model " + path("walls.sfm") + " --input " + path("closed5.h5") +
               " --samples 1 --steps 2 --out " + path("c.h5"));
  EXPECT_EQ(c.status, 0) << c.output;
  EXPECT_NE(c.output.find("warning: the input looks periodic"), std::string::npos) << c.output;
  // The periodic NS model on a field with walls: warned, the samples still written.
  const std::string ns = std::string(SHIPPED_MODELS_DIR) + "/ns-superres-64.sfm";
  FieldSet walls16;
  walls16.fields = torus.index({Slice(0, 1), Slice(0, 16), Slice(0, 16)}).to(torch::kFloat32).contiguous();
  write_fields(path("walls16.h5"), walls16);
  auto w = run("superres --model " + ns + " --input " + path("walls16.h5") + " --samples 1 --steps 2 --out " +
               path("w.h5"));
  EXPECT_EQ(w.status, 0) << w.output;
  EXPECT_NE(w.output.find("warning: the input is not periodic"), std::string::npos) << w.output;
}
