// Non-periodic fields through their even extension (boundary_extension.hpp): the extension and its
// projection are exact, the mirror noise is the cosine-basis Gaussian with the torus' eigenvalues,
// a mirror model's samples restrict to their coarse field, and the seam test tells a field with
// walls from a periodic one.
#include <gtest/gtest.h>

#include <cmath>

#include "scorefield/boundary_extension.hpp"
#include "scorefield/conditioning.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/score_model.hpp"

using namespace scorefield;

namespace {
double max_abs(const torch::Tensor& t) { return t.abs().max().item<double>(); }

// cos(pi a x) cos(pi b y) on the N points of [0, 1]^2, boundary points included.
torch::Tensor cosine_mode(int64_t n, int a, int b) {
  auto x = torch::linspace(0, 1, n, torch::kFloat64);
  return torch::outer(torch::cos(M_PI * b * x), torch::cos(M_PI * a * x));  // rows: y
}
}  // namespace

TEST(BoundaryExtension, ExtensionIsSymmetricAndCropsBack) {
  torch::manual_seed(1);
  auto u = torch::randn({3, 17, 17}, torch::kFloat64);
  auto e = mirror_extend(u);
  ASSERT_EQ(e.size(-1), 32);
  EXPECT_EQ(max_abs(mirror_crop(e) - u), 0.0);
  // Symmetric about index 0 (and 16) along both axes: the projection leaves it as it is.
  EXPECT_LT(max_abs(mirror_symmetrize(e) - e), 1e-15);
  // No jump at the seam: the extension continues the last row into its neighbour's value.
  EXPECT_EQ(max_abs(e.select(-1, 31).narrow(-1, 0, 17) - u.select(-1, 1)), 0.0);
}

TEST(BoundaryExtension, SymmetrizeIsAnOrthogonalProjection) {
  torch::manual_seed(2);
  auto x = torch::randn({2, 24, 24}, torch::kFloat64), y = torch::randn({2, 24, 24}, torch::kFloat64);
  auto px = mirror_symmetrize(x);
  EXPECT_LT(max_abs(mirror_symmetrize(px) - px), 1e-14);  // idempotent
  // Self-adjoint: <P x, y> = <x, P y>.
  EXPECT_NEAR((px * y).sum().item<double>(), (x * mirror_symmetrize(y)).sum().item<double>(), 1e-10);
}

TEST(BoundaryExtension, RestrictionSamplesCosineModesAtTheCoarsePoints) {
  // A field of a few cosines is band-limited on the extension: restricting it to the coarse
  // points (every 4th fine point) gives its values there to round-off, walls included.
  auto u = cosine_mode(33, 1, 0) + 0.5 * cosine_mode(33, 2, 3) - 0.25 * cosine_mode(33, 3, 1);
  auto coarse = mirror_restrict(u, 9);
  auto picked = u.index({torch::indexing::Slice(0, 33, 4), torch::indexing::Slice(0, 33, 4)});
  EXPECT_LT(max_abs(coarse - picked), 1e-12);
  EXPECT_THROW(mirror_restrict(u, 8), Error);  // 32 cells are not a multiple of 7
}

TEST(BoundaryExtension, MirrorNoiseIsTheCosineGaussianWithTheTorusEigenvalues) {
  // An off-axis Fourier coefficient of 2 P n averages four independent ones of n, doubled:
  // E|a_k|^2 = 4 lambda_k / 4 = lambda_k, the variance of the cosine mode's coefficient. Each
  // |a_k|^2 is exponential (relative std 1), so over S = 4000 samples the mean has relative std
  // 1/sqrt(4000) = 1.6%; the bound, 8%, is 5 of them.
  NoiseConfig cfg;
  cfg.alpha = 2.0;
  cfg.tau = 3.0;
  const GaussianMeasure mirror(cfg, true);
  const int64_t l = 32, s = 4000;
  auto x = mirror.sample(s, l, 1.0, make_generator(torch::kCPU, 7), torch::kFloat64);
  EXPECT_LT(max_abs(mirror_symmetrize(x) - x), 1e-12);  // on the symmetric fields
  auto a = torch::fft::rfft2(x) / static_cast<double>(l * l);
  auto lambda = mirror.eigenvalues(l);
  for (auto [kx, ky] : {std::pair{1, 1}, {2, 3}, {5, 2}, {7, 6}}) {
    const double measured = a.select(-2, ky).select(-1, kx).abs().pow(2).mean().item<double>();
    const double expected = lambda[ky][kx].item<double>();
    EXPECT_NEAR(measured / expected, 1.0, 0.08) << "mode (" << kx << ", " << ky << ")";
  }
}

TEST(BoundaryExtension, MirrorModelSamplesRestrictToTheirCoarseField) {
  ModelConfig c;
  c.task = "superres";
  c.boundary = "mirror";
  c.network = {8, 4, 2, 8, condition_channels("superres")};
  c.training_resolution = 32;
  c.coarse_factors = {4};
  c.normalisation = {0.3, 1.7};
  torch::manual_seed(3);
  ScoreModel model(c);
  auto coarse = 0.3 + 1.7 * (cosine_mode(5, 1, 1) + 0.4 * cosine_mode(5, 0, 2));
  SamplerOptions so;
  so.kind = SamplerKind::Ode;
  so.steps = 4;
  auto samples = model.superresolve(coarse.to(torch::kFloat32), 17, 3, so, 5);
  ASSERT_EQ(samples.size(-1), 17);
  ASSERT_TRUE(torch::isfinite(samples).all().item<bool>());
  // The coarse modes of the extension are pinned up to sigma_min / sigma_max of the start, as on
  // the torus (test_conditioning.cpp): 1e-2 relative is a bound a wrong extension cannot meet.
  for (int64_t i = 0; i < 3; ++i) {
    auto r = mirror_restrict(samples[i].to(torch::kFloat64), 5);
    EXPECT_LT(((r - coarse).norm() / coarse.norm()).item<double>(), 1e-2) << "sample " << i;
  }
  EXPECT_GT(max_abs(samples[0] - samples[1]), 1e-3);  // and the samples differ
  // Grids must nest as points on the closed square: 16 cells do not refine 5 points' 4 by 2.5.
  EXPECT_THROW(model.check_superres_grid(5, 16), Error);
  EXPECT_THROW(model.check_superres_grid(5, 41), Error);  // factor 10: above the trained 4
}

TEST(BoundaryExtension, SeamTestTellsWallsFromTheTorus) {
  NoiseConfig cfg;
  cfg.alpha = 2.0;
  const GaussianMeasure law(cfg);
  auto torus = law.sample(16, 64, 1.0, make_generator(torch::kCPU, 11), torch::kFloat64);
  // A field on the torus continues across the seam like anywhere else: the seam is one of the
  // 64 neighbour pairs per axis with the same law, so the ratio is 1 up to the scatter of a mean
  // square over 16 fields x 2 seams x 64 points, values correlated over about 8 points (alpha 2):
  // about 256 independent terms, a relative scatter near 1 / sqrt(256) = 6% in the ratio; the
  // bounds 0.7 and 1.4 are 5 of those.
  const double periodic = seam_jump_ratio(torus);
  EXPECT_GT(periodic, 0.7);
  EXPECT_LT(periodic, 1.4);
  // A window of half the period differs on its opposite sides by the field's own scale: the two
  // sides are half a period apart, nearly independent, so the jump's RMS is about sqrt(2) field
  // stds, while neighbours 1/64 of the period apart differ by a small fraction of one: the ratio
  // is an order of magnitude above 1, and 4 (the warning's threshold) is far below it.
  auto window = torus.index({torch::indexing::Ellipsis, torch::indexing::Slice(0, 33), torch::indexing::Slice(0, 33)});
  EXPECT_GT(seam_jump_ratio(window), 4.0);
  EXPECT_TRUE(boundary_mismatch("periodic", torus).empty());
  EXPECT_NE(boundary_mismatch("periodic", window).find("not periodic"), std::string::npos);
  EXPECT_TRUE(boundary_mismatch("mirror", window).empty());
  EXPECT_NE(boundary_mismatch("mirror", torus).find("looks periodic"), std::string::npos);
}
