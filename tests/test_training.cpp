// Training: a small FNO learns Gaussian random fields of known covariance well enough that its
// samples have the right spectrum at the training resolution and at twice it; training resumes
// exactly; multi-resolution training restricts the data as the data generator does and draws
// its grids by weight.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/metrics.hpp"
#include "scorefield/score_model.hpp"
#include "scorefield/trainer.hpp"
#include "spectral_stats.hpp"

using namespace scorefield;
namespace fs = std::filesystem;

namespace {

const NoiseConfig kDataLaw{2.5, 8.0};  // C1 of the training data

fs::path temp_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / ("sf_train_" + name + "_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

// Exact shell spectrum of N(0, C1) on an N grid, in the convention of energy_spectrum().
torch::Tensor exact_spectrum(int64_t n) {
  return shell_sum(GaussianMeasure(kDataLaw).eigenvalues(n) * non_nyquist_mask(n, torch::kFloat64), n);
}

RunConfig learning_config(const fs::path& dir) {
  RunConfig rc;
  rc.model.noise = {2.5, 3.0, 1.0};  // same regularity as the data, other length scale
  rc.model.levels = {0.01, 40.0, 16};
  rc.model.network.width = 16;
  rc.model.network.modes = 8;
  rc.model.network.layers = 3;
  rc.model.network.embed_dim = 16;
  rc.training.data = dir / "grf.h5";
  rc.training.output = dir / "grf.sfm";
  rc.training.steps = 1500;
  rc.training.batch_size = 16;
  rc.training.learning_rate = 3e-3;
  rc.training.checkpoint_every = 0;
  rc.training.log_every = 100;
  rc.training.seed = 3;
  return rc;
}

// Largest per-shell relative error of the samples' spectrum against the exact one, shells 1..K-1.
double worst_shell_error(const torch::Tensor& samples, int64_t shells) {
  auto rel = relative_spectrum_error(energy_spectrum(samples), exact_spectrum(samples.size(-1)));
  return rel.index({torch::indexing::Slice(0, shells - 1)}).max().item<double>();
}

}  // namespace

// Bound 25% per shell (the acceptance criterion). Statistical error of a measured shell energy:
// the sparsest shell (k = 1) holds 2 independent complex modes, so with M samples its relative
// standard error is 1/sqrt(2M): 4.4% at M = 256, 6.3% at M = 128; a 25% bound is 4 standard
// errors away from a perfect model. At 2N the shells up to the training grid's Nyquist are
// checked: those are the ones the data determined.
TEST(Training, LearnsGaussianFieldSpectrumAtTrainingAndDoubleResolution) {
  const auto dir = temp_dir("learn");
  auto rc = learning_config(dir);
  FieldSet data;
  data.fields = GaussianMeasure(kDataLaw).sample(512, 32, 1.0, make_generator(torch::kCPU, 1));
  write_fields(rc.training.data, data);
  TrainOptions opts;
  train(rc, opts);
  auto model = ScoreModel::load(rc.training.output);
  SamplerOptions so;
  so.kind = SamplerKind::Ode;
  so.steps = 32;
  const double err32 = worst_shell_error(model.sample(32, 256, so, 11), 16);
  const double err64 = worst_shell_error(model.sample(64, 128, so, 12), 16);
  std::printf("worst shell error: trained %.3f at 32, %.3f at 64\n", err32, err64);
  EXPECT_LE(err32, 0.25);
  EXPECT_LE(err64, 0.25);

  // The same architecture untrained (same normalisation) is far off: learning did the work.
  ModelConfig untrained_cfg = model.config();
  torch::manual_seed(3);
  ScoreModel untrained(untrained_cfg);
  const double err_untrained = worst_shell_error(untrained.sample(32, 256, so, 11), 16);
  std::printf("worst shell error: untrained %.3f at 32\n", err_untrained);
  EXPECT_GT(err_untrained, 3 * std::max(err32, 0.1));
  fs::remove_all(dir);
}

// Stopping at step 20 and resuming to 30 gives bit-identical weights to 30 steps in one go:
// optimizer moments, EMA, step counter and the data/noise generator are all restored.
TEST(Training, ResumeReproducesAnUninterruptedRun) {
  const auto dir = temp_dir("resume");
  FieldSet data;
  data.fields = GaussianMeasure(kDataLaw).sample(32, 16, 1.0, make_generator(torch::kCPU, 2));
  write_fields(dir / "d.h5", data);
  RunConfig rc;
  rc.model.network = {8, 4, 2, 8, 0};
  rc.training.data = dir / "d.h5";
  rc.training.steps = 30;
  rc.training.batch_size = 4;
  rc.training.checkpoint_every = 10;
  rc.training.warmup_steps = 5;
  rc.training.seed = 5;

  rc.training.output = dir / "straight.sfm";
  EXPECT_EQ(train(rc, {}), 30);
  rc.training.output = dir / "resumed.sfm";
  TrainOptions first;
  first.stop_after = 20;
  EXPECT_EQ(train(rc, first), 20);
  TrainOptions second;
  second.resume = true;
  EXPECT_EQ(train(rc, second), 30);

  auto a = ScoreModel::load(dir / "straight.sfm"), b = ScoreModel::load(dir / "resumed.sfm");
  auto pa = a.network()->parameters(), pb = b.network()->parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (size_t i = 0; i < pa.size(); ++i) EXPECT_TRUE(torch::equal(pa[i], pb[i])) << "parameter " << i;
  // And the check is not vacuous: training moved the weights away from initialisation.
  torch::manual_seed(5);
  ScoreModel init(a.config());
  EXPECT_FALSE(torch::equal(init.network()->parameters()[0], pa[0]));
  fs::remove_all(dir);
}

namespace {

// A small super-resolution configuration on the 32^2 fields of `data`.
// `count` fields of the data law at 32^2 written to `path`, returned for tests that derive others.
FieldSet write_gaussian_fields(const fs::path& path, int64_t count, uint64_t seed) {
  FieldSet fine;
  fine.fields = GaussianMeasure(kDataLaw).sample(count, 32, 1.0, make_generator(torch::kCPU, seed));
  write_fields(path, fine);
  return fine;
}

RunConfig multires_config(const fs::path& dir, const fs::path& data, const std::string& output) {
  RunConfig rc;
  rc.model.task = "superres";
  rc.model.network = {8, 4, 2, 8, 1};
  rc.training.data = data;
  rc.training.output = dir / output;
  rc.training.steps = 12;
  rc.training.batch_size = 4;
  rc.training.checkpoint_every = 0;
  rc.training.warmup_steps = 4;
  rc.training.coarse_factors = {2, 4};
  rc.training.seed = 9;
  return rc;
}

}  // namespace

// training.fine_resolutions restricts the data inside training: a model trained on 32^2 fields
// with fine_resolutions = [16] is the model trained on the same fields restricted to 16^2
// beforehand (spectral truncation in float64, as `datagen ns --save` does), weight for weight.
// The two runs share every random draw (one grid: no draw of a grid), so any difference would be
// in the restriction, the normalisation or the grid the noise and loss are computed on.
TEST(Training, FineResolutionRestrictsTheDataAsDatagenDoes) {
  const auto dir = temp_dir("restrict");
  const FieldSet fine = write_gaussian_fields(dir / "f32.h5", 16, 4);
  FieldSet coarse;
  coarse.fields = spectral_resize(fine.fields.to(torch::kFloat64), 16).to(torch::kFloat32);
  write_fields(dir / "f16.h5", coarse);
  auto a = multires_config(dir, dir / "f32.h5", "a.sfm");
  a.training.fine_resolutions = {16};
  auto b = multires_config(dir, dir / "f16.h5", "b.sfm");
  EXPECT_EQ(train(a, {}), 12);
  EXPECT_EQ(train(b, {}), 12);
  auto ma = ScoreModel::load(dir / "a.sfm"), mb = ScoreModel::load(dir / "b.sfm");
  EXPECT_EQ(ma.config().fine_resolutions, std::vector<int>{16});
  EXPECT_EQ(ma.config().training_resolution, 16);
  EXPECT_DOUBLE_EQ(ma.config().normalisation.std, mb.config().normalisation.std);
  auto pa = ma.network()->parameters(), pb = mb.network()->parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (size_t i = 0; i < pa.size(); ++i) EXPECT_TRUE(torch::equal(pa[i], pb[i])) << "parameter " << i;
  // Not vacuous: the unrestricted data give another model.
  auto c = multires_config(dir, dir / "f32.h5", "c.sfm");
  EXPECT_EQ(train(c, {}), 12);
  EXPECT_FALSE(torch::equal(ScoreModel::load(dir / "c.sfm").network()->parameters()[0], pa[0]));
  fs::remove_all(dir);
}

// Every batch draws its fine grid with the configured weights: over 400 batches with weights
// 3 : 1 the 16^2 grid gets 300 +- 8.7 (binomial standard deviation sqrt(400 * 0.75 * 0.25));
// 4.5 deviations (+- 39) bound a correct draw with probability 1 - 7e-6 and exclude equal weights
// (200). The model records its grids and refuses targets beyond them and untrained factors.
TEST(Training, EveryBatchDrawsAFineGridByWeight) {
  const auto dir = temp_dir("multires");
  write_gaussian_fields(dir / "f32.h5", 16, 6);
  auto rc = multires_config(dir, dir / "f32.h5", "m.sfm");
  rc.model.network = {4, 2, 1, 4, 1};
  rc.training.fine_resolutions = {16, 32};
  rc.training.resolution_weights = {3.0, 1.0};
  rc.training.steps = 400;
  rc.training.batch_size = 1;
  rc.training.log_every = 400;
  EXPECT_EQ(train(rc, {}), 400);
  std::ifstream log(log_path(rc.training.output));
  nlohmann::json last;
  for (std::string line; std::getline(log, line);) last = nlohmann::json::parse(line);
  const int at16 = last.at("batches_by_resolution").at("16").get<int>();
  EXPECT_EQ(at16 + last.at("batches_by_resolution").at("32").get<int>(), 400);
  EXPECT_NEAR(at16, 300, 39);

  auto model = ScoreModel::load(rc.training.output);
  EXPECT_EQ(model.config().fine_resolutions, (std::vector<int>{16, 32}));
  EXPECT_EQ(model.config().training_resolution, 32);
  EXPECT_NO_THROW(model.check_superres_grid(8, 32));
  EXPECT_NO_THROW(model.check_superres_grid(4, 16));
  EXPECT_THROW(model.check_superres_grid(16, 64), Error);  // finer than the finest trained grid
  EXPECT_THROW(model.check_superres_grid(4, 24), Error);   // factor 6 never trained
  EXPECT_THROW(model.check_superres_grid(4, 32), Error);   // factor 8 beyond the largest
  fs::remove_all(dir);
}

// Configurations the data cannot serve fail before the first step, and write nothing.
TEST(Training, FineResolutionsTheDataCannotServeAreRefused) {
  const auto dir = temp_dir("multires_bad");
  write_gaussian_fields(dir / "f32.h5", 4, 7);
  auto expect_refused = [&](RunConfig rc, const std::string& words) {
    try {
      train(rc, {});
      ADD_FAILURE() << "trained despite: " << words;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(rc.training.output));
    EXPECT_FALSE(fs::exists(checkpoint_path(rc.training.output)));
  };
  auto finer = multires_config(dir, dir / "f32.h5", "finer.sfm");
  finer.training.fine_resolutions = {32, 64};
  expect_refused(finer, "asks for 64^2 fields, but data set");
  auto indivisible = multires_config(dir, dir / "f32.h5", "indivisible.sfm");
  indivisible.training.fine_resolutions = {12, 32};
  indivisible.training.coarse_factors = {4};
  expect_refused(indivisible, "does not divide the fine resolution 12");
  fs::remove_all(dir);
}
