// The command-line tool end to end, and its answers to bad input: a clear message naming the
// problem, a non-zero exit, and no output file left behind.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "scorefield/device.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/gaussian_measure.hpp"

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
  EXPECT_NE(i.output.find("\"training_resolution\": 16"), std::string::npos) << i.output;
  EXPECT_TRUE(fs::exists(path("m.sfm.log.jsonl")));
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
  expect_failure(run("sample --model " + path("m.sfm") + " --out /nonexistent-dir/o.h5"), "does not exist");
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
