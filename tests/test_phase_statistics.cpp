// The phase statistics of `scorefield eval`: the Gaussian oracle keeps the truth's per-mode energy
// and coarse part exactly and has a Gaussian's flatness; flatness and localisation separate an
// intermittent field whose small scales sit on the coarse gradients from that oracle.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "scorefield/device.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/phase_statistics.hpp"

using namespace scorefield;

namespace {

constexpr int64_t kN = 128, kM = 32;
constexpr double kTwoPi = 6.283185307179586;

// A smooth coarse field (modes below 4) and, above the coarse box, white noise modulated by the
// coarse field's gradient magnitude: small scales that are intermittent and sit on the fronts.
torch::Tensor fronts(uint64_t seed) {
  auto gen = make_generator(torch::kCPU, seed);
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto x = torch::linspace(0, 1, kN + 1, opts).slice(0, 0, kN);
  auto xx = x.view({1, kN}), yy = x.view({kN, 1});
  const double phase = torch::rand({1}, gen, opts).item<double>() * kTwoPi;
  auto coarse = torch::sin(kTwoPi * xx + phase) + 0.7 * torch::cos(kTwoPi * 2 * yy) + 0.5 * torch::sin(kTwoPi * (xx + yy));
  auto gx = torch::cos(kTwoPi * xx + phase) + 0.5 * torch::cos(kTwoPi * (xx + yy));
  auto gy = -1.4 * torch::sin(kTwoPi * 2 * yy) + 0.5 * torch::cos(kTwoPi * (xx + yy));
  auto gradient = (gx * gx + gy * gy).pow(2);  // sharply peaked on the steepest fronts
  auto small = high_pass(torch::randn({kN, kN}, gen, opts) * gradient, kM);
  return coarse + 0.3 * small;
}

}  // namespace

TEST(PhaseStatistics, OracleKeepsEnergyAndCoarsePartAndIsGaussian) {
  auto truth = torch::stack({fronts(1), fronts(2)});
  auto gen = make_generator(torch::kCPU, 7);
  auto oracle = gaussian_oracle(truth, kM, gen);
  // Per-mode magnitudes and the coarse part, to float64 rounding.
  auto a = torch::fft::rfft2(oracle).abs(), b = torch::fft::rfft2(truth).abs();
  EXPECT_LT(((a - b).abs().max() / b.max()).item<double>(), 1e-10);
  auto coarse_diff = spectral_resize(oracle, kM) - spectral_resize(truth, kM);
  EXPECT_LT(coarse_diff.abs().max().item<double>(), 1e-10);
  // The phases above the box are new: the high-passes are uncorrelated with the truth's.
  auto ho = high_pass(oracle, kM), ht = high_pass(truth, kM);
  const double corr = ((ho * ht).sum() / (ho.norm() * ht.norm())).item<double>();
  EXPECT_LT(std::abs(corr), 0.05);  // about 15000 independent modes: the correlation's std is ~0.01
  // A Gaussian field's flatness is 3. Its estimate over the grid has a standard deviation of about
  // sqrt(24 / n_eff); with n_eff of a few thousand effectively independent points (the high-pass
  // spectrum is broad) that is below 0.1, so 3 +- 0.5 is over 5 standard deviations.
  auto flat = high_pass_flatness(oracle, kM);
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(flat[i].item<double>(), 3.0, 0.5) << i;
}

TEST(PhaseStatistics, IntermittentFrontsAreToldFromTheOracle) {
  auto truth = torch::stack({fronts(3), fronts(4), fronts(5)});
  auto coarse = spectral_resize(truth, kM);
  // The fronts' small scales: white noise times a field peaked on a few fronts, so their flatness
  // is far above 3 (about 9 and more for this modulation), and their energy follows the gradient.
  auto flat = high_pass_flatness(truth, kM);
  auto local = high_pass_localisation(truth, coarse);
  auto gen = make_generator(torch::kCPU, 11);
  auto oracle = gaussian_oracle(truth, kM, gen);
  auto oracle_flat = high_pass_flatness(oracle, kM);
  auto oracle_local = high_pass_localisation(oracle, coarse);
  for (int i = 0; i < 3; ++i) {
    EXPECT_GT(flat[i].item<double>(), 6.0) << i;
    EXPECT_NEAR(oracle_flat[i].item<double>(), 3.0, 0.5) << i;
    EXPECT_GT(local[i].item<double>(), 0.5) << i;
    // Random phases spread the energy evenly: a correlation with the gradient over about M^2 = 1024
    // smoothing windows has a standard deviation near 1/sqrt(1024) = 0.03; 0.15 is 5 of them.
    EXPECT_LT(std::abs(oracle_local[i].item<double>()), 0.15) << i;
  }
  // The report: medians of truth, samples (here: the truth itself, 2 per field) and oracle.
  auto samples = truth.unsqueeze(1).expand({3, 2, kN, kN}).contiguous();
  auto report = phase_report(samples, coarse, truth, 5);
  EXPECT_DOUBLE_EQ(report["samples"]["flatness_median"].get<double>(), report["truth"]["flatness_median"].get<double>());
  EXPECT_LT(report["gaussian_oracle"]["flatness_median"].get<double>(), 3.5);
  EXPECT_EQ(report["truth"]["flatness_per_field"].size(), 3u);
}
