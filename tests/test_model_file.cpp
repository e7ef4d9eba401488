// The model file: self-contained, checked, and every kind of bad file reported as such.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scorefield/error.hpp"
#include "scorefield/score_model.hpp"

using namespace scorefield;
namespace fs = std::filesystem;

namespace {
ModelConfig tiny() {
  ModelConfig c;
  c.network.width = 8;
  c.network.modes = 4;
  c.network.layers = 2;
  c.network.embed_dim = 8;
  c.training_resolution = 16;
  c.normalisation = {0.5, 2.0};
  return c;
}

fs::path temp_dir() {
  auto d = fs::temp_directory_path() / ("sf_model_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

ErrorKind load_error(const fs::path& p) {
  try {
    ScoreModel::load(p);
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::Internal;
}
}  // namespace

TEST(ModelFile, RoundTripGivesIdenticalSamples) {
  torch::manual_seed(0);
  ScoreModel m(tiny());
  const auto path = temp_dir() / "m.sfm";
  m.save(path);
  auto loaded = ScoreModel::load(path);
  EXPECT_EQ(nlohmann::json(loaded.config()), nlohmann::json(m.config()));
  SamplerOptions o;
  o.steps = 3;
  EXPECT_TRUE(torch::equal(m.sample(16, 2, o, 7), loaded.sample(16, 2, o, 7)));
  EXPECT_FALSE(torch::equal(m.sample(16, 2, o, 7), m.sample(16, 2, o, 8)));
}

// network.conditional_slope travels with the model, and a model written before the key existed
// reads back as the slope it was trained with (true), so its samples do not change.
TEST(ModelFile, ConditionalSlopeRoundTripsAndDefaultsToTheSlope) {
  auto c = tiny();
  c.network.conditional_slope = false;
  nlohmann::json j = c;
  EXPECT_FALSE(j.get<ModelConfig>().network.conditional_slope);
  j["network"].erase("conditional_slope");
  EXPECT_TRUE(j.get<ModelConfig>().network.conditional_slope);
}

TEST(ModelFile, BadFilesAreReportedNotCrashed) {
  torch::manual_seed(0);
  const auto dir = temp_dir();
  ScoreModel(tiny()).save(dir / "good.sfm");
  std::ifstream in(dir / "good.sfm", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  EXPECT_EQ(load_error(dir / "missing.sfm"), ErrorKind::BadModel);
  std::ofstream(dir / "truncated.sfm", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_EQ(load_error(dir / "truncated.sfm"), ErrorKind::BadModel);
  std::ofstream(dir / "foreign.sfm", std::ios::binary) << "PK\x03\x04 this is a zip, not a model";
  EXPECT_EQ(load_error(dir / "foreign.sfm"), ErrorKind::BadModel);
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x5a;
  std::ofstream(dir / "corrupt.sfm", std::ios::binary) << flipped;
  EXPECT_EQ(load_error(dir / "corrupt.sfm"), ErrorKind::BadModel);
  fs::remove_all(dir);
}

TEST(ModelFile, UnconditionalModelRefusesSuperResolution) {
  ScoreModel m(tiny());
  SamplerOptions o;
  try {
    m.superresolve(torch::zeros({8, 8}), 32, 1, o, 0);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  }
}

TEST(ModelFile, ConditionalModelSuperResolvesAndRejectsNaN) {
  auto c = tiny();
  c.task = "superres";
  c.network.cond_channels = 1;
  ScoreModel m(c);
  SamplerOptions o;
  o.steps = 2;
  auto out = m.superresolve(torch::randn({8, 8}), 32, 3, o, 1);
  EXPECT_EQ(out.sizes(), (std::vector<int64_t>{3, 32, 32}));
  auto bad = torch::randn({8, 8});
  bad[2][3] = std::nan("");
  EXPECT_THROW(m.superresolve(bad, 32, 1, o, 1), Error);
  EXPECT_THROW(m.superresolve(torch::randn({8, 6}), 32, 1, o, 1), Error);
}

TEST(ModelFile, InvalidRequestsAreRejected) {
  ScoreModel m(tiny());
  SamplerOptions o;
  EXPECT_THROW(m.sample(16, -1, o, 0), Error);
  EXPECT_THROW(m.sample(2, 1, o, 0), Error);
  o.steps = 0;
  EXPECT_THROW(m.sample(16, 1, o, 0), Error);
}
