// The command-line tool end to end, and its answers to bad input: a clear message naming the
// problem, a non-zero exit, and no output file left behind.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "scorefield/device.hpp"
#include "scorefield/field_dataset.hpp"
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
