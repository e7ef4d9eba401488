// The noise measure N(0, sigma^2 C): spectrum, resolution consistency, operators.
#include <gtest/gtest.h>

#include <cmath>

#include "scorefield/device.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/heat_semigroup.hpp"
#include "spectral_stats.hpp"

using namespace scorefield;

namespace {
const NoiseConfig kTraceClass{2.0, 5.0};
}

// Each kept mode of a sample is sqrt(lambda_k) Z_k with E|Z_k|^2 = 1, so measured/expected power
// averages to 1 in every band. A band with n independent complex modes per sample, over M samples,
// averages n M unit-mean exponential variables: standard error 1/sqrt(n M); we allow 5 of them.
TEST(GaussianMeasure, PerShellVarianceMatchesEigenvalues) {
  GaussianMeasure g(kTraceClass);
  for (int64_t n : {32, 64, 128}) {
    const int64_t m = 2000 * 32 * 32 / (n * n) + 50;
    auto gen = make_generator(torch::kCPU, 11 + n);
    auto x = g.sample(m, n, 1.0, gen);
    auto bands = stats::band_ratios(stats::mode_power(x), g.eigenvalues(n), n);
    for (const auto& b : bands) {
      const double tol = 5.0 / std::sqrt(b.independent * m);
      EXPECT_NEAR(b.ratio, 1.0, tol) << "N=" << n << " band [" << b.lo << "," << b.hi << ")";
    }
  }
}

// The grid-value variance must converge with N for trace-class C: the exact values at 32, 64, 128
// differ by < 1%, and each measurement agrees with its exact value within 5 standard errors
// (standard error from the spread of per-field mean squares, the fields being independent).
TEST(GaussianMeasure, PointVarianceIsResolutionConsistent) {
  GaussianMeasure g(kTraceClass);
  const double v32 = g.pointwise_variance(32), v128 = g.pointwise_variance(128);
  EXPECT_LT(std::abs(v128 / v32 - 1.0), 0.01);
  for (int64_t n : {32, 64, 128}) {
    auto gen = make_generator(torch::kCPU, 5 + n);
    auto x = g.sample(400, n, 1.0, gen).to(torch::kFloat64);
    auto per_field = x.pow(2).mean({1, 2});
    const double mean = per_field.mean().item<double>();
    const double se = per_field.std().item<double>() / std::sqrt(400.0);
    EXPECT_NEAR(mean, g.pointwise_variance(n), 5 * se) << "N=" << n;
    EXPECT_NEAR(mean / v128, 1.0, 0.05) << "N=" << n;
  }
}

// White noise (alpha = 0) is not trace class: the grid-value variance is the number of kept modes,
// (N-1)^2, so doubling N multiplies it by about 4. Every grid value is a sum of (N-1)^2 unit
// terms; the measured ratio is within 2% of the exact one with hundreds of fields.
TEST(GaussianMeasure, WhiteNoiseVarianceGrowsWithResolution) {
  GaussianMeasure white(NoiseConfig{0.0, 1.0});
  auto gen = make_generator(torch::kCPU, 3);
  const double v32 = white.sample(200, 32, 1.0, gen).var().item<double>();
  const double v64 = white.sample(200, 64, 1.0, gen).var().item<double>();
  EXPECT_NEAR(v32, 31.0 * 31.0, 0.02 * 31 * 31);
  EXPECT_NEAR(v64 / v32, (63.0 * 63.0) / (31.0 * 31.0), 0.1);
  EXPECT_GT(v64 / v32, 3.5);  // whereas a trace-class C keeps it constant (test above)
}

// The low modes of a 2N sample have the law of an N sample: restricting 2N samples to N gives the
// N-grid spectrum (same statistical bound as the per-shell test).
TEST(GaussianMeasure, RestrictionOfFineSampleHasCoarseLaw) {
  GaussianMeasure g(kTraceClass);
  auto gen = make_generator(torch::kCPU, 21);
  const int64_t m = 1500;
  auto fine = g.sample(m, 64, 1.0, gen);
  auto restricted = spectral_resize(fine, 32);
  for (const auto& b : stats::band_ratios(stats::mode_power(restricted), g.eigenvalues(32), 32))
    EXPECT_NEAR(b.ratio, 1.0, 5.0 / std::sqrt(b.independent * m)) << "band [" << b.lo << "," << b.hi << ")";
}

TEST(GaussianMeasure, SqrtAndInverseSqrtAreInverses) {
  GaussianMeasure g(kTraceClass);
  auto gen = make_generator(torch::kCPU, 1);
  auto x = g.sample(4, 32, 1.0, gen, torch::kFloat64);  // no Nyquist content
  auto back = g.apply_sqrt(g.apply_inv_sqrt(x));
  EXPECT_LT(((back - x).norm() / x.norm()).item<double>(), 1e-10);
  auto c = g.apply_power(x, 1.0), cc = g.apply_sqrt(g.apply_sqrt(x));
  EXPECT_LT(((c - cc).norm() / c.norm()).item<double>(), 1e-10);
}

TEST(GaussianMeasure, SamplingIsSeeded) {
  GaussianMeasure g(kTraceClass);
  auto a = g.sample(2, 32, 1.0, make_generator(torch::kCPU, 9));
  auto b = g.sample(2, 32, 1.0, make_generator(torch::kCPU, 9));
  auto c = g.sample(2, 32, 1.0, make_generator(torch::kCPU, 10));
  EXPECT_TRUE(torch::equal(a, b));
  EXPECT_FALSE(torch::equal(a, c));
}

// exp(t Laplacian) multiplies sin(2 pi k x) by exp(-4 pi^2 k^2 t): checked to float64 rounding.
TEST(HeatSemigroup, DecaysEachModeExactly) {
  const int64_t n = 32;
  auto x = torch::arange(n, torch::kFloat64) / static_cast<double>(n);
  auto f = torch::sin(2 * M_PI * 3 * x).view({1, n}).expand({n, n}).contiguous();
  const double t = 1e-3;
  auto out = heat_semigroup(f, t);
  auto expect = f * std::exp(-4 * M_PI * M_PI * 9 * t);
  EXPECT_LT((out - expect).abs().max().item<double>(), 1e-12);
  EXPECT_TRUE(torch::allclose(heat_semigroup(f, 0.0), f));
  auto batched = heat_semigroup(torch::stack({f, f}), torch::tensor({t, 0.0}, torch::kFloat64));
  EXPECT_LT((batched[0] - expect).abs().max().item<double>(), 1e-12);
}

// Zero-padding then truncating returns the field; upsampling keeps grid values of the function.
TEST(Fourier, SpectralResizeKeepsTheFunction) {
  GaussianMeasure g(kTraceClass);
  auto x = g.sample(3, 16, 1.0, make_generator(torch::kCPU, 2), torch::kFloat64);
  auto up = spectral_resize(x, 64);
  using torch::indexing::Slice;
  EXPECT_LT((up.index({Slice(), Slice(0, 64, 4), Slice(0, 64, 4)}) - x).abs().max().item<double>(), 1e-12);
  EXPECT_LT((spectral_resize(up, 16) - x).abs().max().item<double>(), 1e-12);
}
