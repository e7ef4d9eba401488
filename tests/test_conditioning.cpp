// Conditioning: the coarse modes are fixed exactly, observation masks have the asked size, and the
// baselines the super-resolution report compares against behave as interpolants.
#include <gtest/gtest.h>

#include "scorefield/conditioning.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/score_model.hpp"
#include "scorefield/superres_metrics.hpp"

using namespace scorefield;

namespace {
ModelConfig tiny(const std::string& task) {
  ModelConfig c;
  c.task = task;
  c.network = {8, 4, 2, 8, condition_channels(task)};
  c.training_resolution = 32;
  c.normalisation = {0.3, 1.7};
  if (task == "superres") c.coarse_factors = {4, 8};
  return c;
}

double relative_l2(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).norm() / b.norm()).item<double>();
}
}  // namespace

TEST(Conditioning, MaskHoldsExactlyTheModesSpectralResizeKeeps) {
  // P_M then zero-padding back equals multiplying by the mask, for every (N, M) pair.
  torch::manual_seed(1);
  for (auto [n, m] : {std::pair{64, 16}, {64, 8}, {32, 16}, {128, 32}}) {
    auto u = torch::randn({3, n, n}, torch::kFloat64);
    auto via_resize = spectral_resize(spectral_resize(u, m), n);
    auto via_mask = apply_multiplier(u, coarse_mode_mask(n, m, u.options()));
    EXPECT_LT((via_resize - via_mask).abs().max().item<double>(), 1e-12) << n << " " << m;
  }
}

TEST(Conditioning, EverySampleRestrictsToTheCoarseField) {
  // With the exact low-mode score, even an untrained network gives samples whose coarse modes are
  // y up to sigma_min / sigma_max of the initial offset: 0.01 / 10 = 1e-3 relative, so 1e-2 is
  // a bound a wrong mask or a wrong sign (errors of order 1) cannot meet.
  torch::manual_seed(2);
  ScoreModel model(tiny("superres"));
  // A coarse field as the data sets hold it: the truncation of a finer field (no Nyquist modes).
  auto y = spectral_resize(torch::randn({32, 32}) * 2.0, 8) + 0.3;
  SamplerOptions o;
  o.steps = 8;
  auto x = model.superresolve(y, 32, 4, o, 5);
  ASSERT_EQ(x.sizes(), (std::vector<int64_t>{4, 32, 32}));
  auto restricted = spectral_resize(x.to(torch::kFloat64), 8);
  for (int i = 0; i < 4; ++i) EXPECT_LT(relative_l2(restricted[i], y.to(torch::kFloat64)), 1e-2);
  EXPECT_GT(relative_l2(x[0], x[1]), 1e-3);  // and the samples differ from each other
}

TEST(Conditioning, FactorsTheModelCannotHonourAreRefused) {
  ScoreModel model(tiny("superres"));
  SamplerOptions o;
  o.steps = 1;
  auto expect_kind = [&](int64_t m, int64_t n, ErrorKind kind) {
    try {
      model.superresolve(torch::zeros({m, m}), n, 1, o, 0);
      ADD_FAILURE() << m << " -> " << n << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), kind) << e.what();
    }
  };
  expect_kind(8, 128, ErrorKind::Unsupported);     // factor 16 > 8, the largest trained
  expect_kind(8, 20, ErrorKind::InvalidArgument);  // not an integer factor
  expect_kind(8, 8, ErrorKind::InvalidArgument);   // not larger
  expect_kind(7, 28, ErrorKind::InvalidArgument);  // odd coarse grid
  ScoreModel unconditional(tiny("unconditional"));
  EXPECT_THROW(unconditional.superresolve(torch::zeros({8, 8}), 32, 1, o, 0), Error);
}

TEST(Conditioning, ObservationMasksHaveTheAskedSize) {
  auto gen = make_generator(torch::kCPU, 3);
  auto m = random_observation_mask(50, 64, 0.05, 0.05, gen, torch::TensorOptions().dtype(torch::kFloat32));
  const double want = std::round(0.05 * 64 * 64);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(m[i].sum().item<double>(), want);
  EXPECT_TRUE(((m == 0) | (m == 1)).all().item<bool>());
  // Positions are uniform: each of the 4096 points is observed with probability 0.05, so over 50
  // masks its count is Binomial(50, 0.05); the mean over points is 2.5 with a standard error of
  // sqrt(50 * 0.05 * 0.95 / 4096) = 0.024, and a bias to one region would show in the quadrants.
  auto per_point = m.sum(0);
  for (auto q : {per_point.slice(0, 0, 32).slice(1, 0, 32), per_point.slice(0, 32, 64).slice(1, 32, 64)})
    EXPECT_NEAR(q.mean().item<double>(), 2.5, 5 * std::sqrt(50 * 0.05 * 0.95 / 1024));
}

TEST(Conditioning, ObservationModelSamplesAtAnyGrid) {
  torch::manual_seed(4);
  ScoreModel model(tiny("observations"));
  auto values = torch::randn({32, 32});
  auto mask = (torch::rand({32, 32}) < 0.05).to(torch::kFloat32);
  SamplerOptions o;
  o.steps = 2;
  EXPECT_EQ(model.condition_on_observations(values, mask, 3, o, 1).sizes(), (std::vector<int64_t>{3, 32, 32}));
  // Models made before the interpolant channels (two point channels) still load and sample.
  auto legacy_config = tiny("observations");
  legacy_config.network.cond_channels = 2;
  ScoreModel legacy(legacy_config);
  EXPECT_EQ(legacy.condition_on_observations(values, mask, 2, o, 1).sizes(), (std::vector<int64_t>{2, 32, 32}));
  legacy_config.network.cond_channels = 3;
  EXPECT_THROW(ScoreModel{legacy_config}, Error);
  EXPECT_THROW(model.condition_on_observations(values, torch::zeros({32, 32}), 1, o, 1), Error);  // none observed
  auto nan_values = values.clone();
  nan_values.masked_fill_(mask > 0, std::nan(""));
  EXPECT_THROW(model.condition_on_observations(nan_values, mask, 1, o, 1), Error);
}

TEST(Baselines, BicubicInterpolatesAndIsExactForConstants) {
  torch::manual_seed(5);
  auto y = torch::randn({2, 16, 16}, torch::kFloat64);
  auto up = bicubic_upsample(y, 64);
  // Fine point 4 i lies on coarse point i: cubic convolution interpolates.
  EXPECT_LT((up.slice(1, 0, 64, 4).slice(2, 0, 64, 4) - y).abs().max().item<double>(), 1e-12);
  auto c = torch::full({1, 8, 8}, 2.5, torch::kFloat64);
  EXPECT_LT((bicubic_upsample(c, 32) - 2.5).abs().max().item<double>(), 1e-12);
  // A smooth function is reproduced to the scheme's O(h^3) accuracy: sin(2 pi x) on 16 points.
  auto x = torch::arange(16, torch::kFloat64) / 16.0;
  auto s = torch::sin(2 * M_PI * x).view({16, 1}).expand({16, 16}).unsqueeze(0);
  auto xf = torch::arange(64, torch::kFloat64) / 64.0;
  auto sf = torch::sin(2 * M_PI * xf).view({64, 1}).expand({64, 64});
  EXPECT_LT((bicubic_upsample(s, 64)[0] - sf).abs().max().item<double>(), 5e-3);
}

TEST(Baselines, NearestObservationFillKeepsObservedValues) {
  torch::manual_seed(6);
  auto v = torch::randn({2, 16, 16}, torch::kFloat64);
  auto mask = (torch::rand({2, 16, 16}) < 0.2).to(torch::kFloat64);
  auto filled = nearest_observation_fill(v * mask, mask);
  EXPECT_LT(((filled - v) * mask).abs().max().item<double>(), 1e-15);
  // Across the periodic boundary: one observation at (0, 0) fills the whole torus.
  auto one = torch::zeros({1, 8, 8}, torch::kFloat64);
  one[0][0][0] = 1;
  EXPECT_EQ(nearest_observation_fill(one * 3.0, one).min().item<double>(), 3.0);
}

TEST(ObservationInterpolant, ReproducesConstantsAndIsTheSameFunctionOnEveryGrid) {
  // A constant observed anywhere is interpolated to that constant everywhere the density is not
  // round-off (normalised convolution is an average). 40 points on the unit square: ell = 0.08.
  torch::manual_seed(8);
  auto pick = [](int64_t n, const torch::Tensor& ij) {
    auto m = torch::zeros({1, n, n}, torch::kFloat64);
    for (int64_t p = 0; p < ij.size(0); ++p)
      m[0][ij[p][0].item<int64_t>() * n / 32][ij[p][1].item<int64_t>() * n / 32] = 1;
    return m;
  };
  auto ij = torch::randint(32, {40, 2}, torch::kLong);
  auto m32 = pick(32, ij);
  auto c = observation_interpolant(m32 * 1.75, m32);
  auto covered = c.select(1, 1) > 1e-3;
  EXPECT_GT(covered.to(torch::kFloat64).mean().item<double>(), 0.9);
  EXPECT_LT((c.select(1, 0) - 1.75).masked_select(covered).abs().max().item<double>(), 1e-9);
  // The density counts observations near x: its mean over the square is count * 2 pi ell^2 =
  // pi / 2 exactly (the kernel's mode 0 is 1), whatever the positions.
  EXPECT_NEAR(c.select(1, 1).mean().item<double>(), M_PI / 2, 1e-9);
  // The same observations on a 4x finer grid (points at the same places) give the same function:
  // the 32^2 grid values of the 128^2 result match the 32^2 result. The kernel's multiplier is
  // exp(-2 pi^2 ell^2 k^2) < 1e-13 at the 32^2 grid's Nyquist, so both grids hold it exactly.
  auto values = torch::randn({40}, torch::kFloat64);
  auto v32 = torch::zeros({1, 32, 32}, torch::kFloat64), v128 = torch::zeros({1, 128, 128}, torch::kFloat64);
  for (int64_t p = 0; p < 40; ++p) {
    v32[0][ij[p][0].item<int64_t>()][ij[p][1].item<int64_t>()] = values[p];
    v128[0][ij[p][0].item<int64_t>() * 4][ij[p][1].item<int64_t>() * 4] = values[p];
  }
  auto m128 = pick(128, ij);
  auto coarse = observation_interpolant(v32, m32), fine = observation_interpolant(v128, m128);
  auto on_coarse = fine.slice(2, 0, 128, 4).slice(3, 0, 128, 4);
  EXPECT_LT((on_coarse - coarse).abs().max().item<double>(), 1e-9);
}

TEST(SuperresReport, ZeroPaddingBaselineHasNoEnergyAboveTheCoarseNyquist) {
  // Fed with the truth itself as "samples" the report must give zero errors and full coverage;
  // the zero-padding baseline must miss the whole unseen band (error 1 on shells above ~M/sqrt 2).
  torch::manual_seed(7);
  auto truth = torch::randn({3, 32, 32}, torch::kFloat64);
  auto coarse = spectral_resize(truth, 8);
  auto r = superres_report(truth.unsqueeze(1).expand({3, 2, 32, 32}), coarse, truth);
  EXPECT_LT(r["band_spectrum_error"].get<double>(), 1e-9);
  EXPECT_LT(r["mean_relative_l2"].get<double>(), 1e-9);
  EXPECT_LT(r["restriction_error"].get<double>(), 1e-9);
  EXPECT_GT(r["baselines"]["spectral_zero_padding"]["band_spectrum_error"].get<double>(), 0.8);
}

TEST(SuperresReport, BandShellsJudgeUpToTheLastEnergeticShellAndWeighWhatLiesAbove) {
  // A truth whose spectrum falls below 1e-10 of its energy above k = 10 (modes there scaled by
  // 1e-6, so their shells hold ~1e-12 of it): the judged band ends at k = 10. Samples equal to the
  // truth give factor 1 and ratio 1 above; samples with the upper modes 10^2 times too large give
  // ratio 1e4 above, and the band's worst factor is unchanged.
  torch::manual_seed(8);
  const int64_t n = 32;
  auto k2 = wavenumber_squared(n, torch::kFloat64);
  auto spectrum = torch::fft::rfft2(torch::randn({2, n, n}, torch::kFloat64));
  auto damp = torch::where(k2 > 10.5 * 10.5, torch::full_like(k2, 1e-6), torch::ones_like(k2));
  auto truth = torch::fft::irfft2(spectrum * damp, std::vector<int64_t>{n, n});
  auto coarse = spectral_resize(truth, 8);
  auto same = superres_report(truth.unsqueeze(1), coarse, truth)["band_shells"];
  EXPECT_EQ(same["last_judged_shell"].get<int64_t>(), 10);
  EXPECT_NEAR(same["worst_shell_factor"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(same["energy_above_over_truth"].get<double>(), 1.0, 1e-9);
  auto loud = torch::fft::irfft2(
      spectrum * damp * torch::where(k2 > 10.5 * 10.5, torch::full_like(k2, 100.0), torch::ones_like(k2)),
      std::vector<int64_t>{n, n});
  auto off = superres_report(loud.unsqueeze(1), coarse, truth)["band_shells"];
  EXPECT_NEAR(off["worst_shell_factor"].get<double>(), 1.0, 1e-6);
  EXPECT_NEAR(off["energy_above_over_truth"].get<double>(), 1e4, 1.0);
}
