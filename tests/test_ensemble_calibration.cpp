// The per-field and calibration statistics on ensembles whose answer is known: members and truth
// drawn from one law (calibrated), members too alike (too narrow), samples twice the truth (each
// shell 4 times its energy), and a point ensemble (CRPS = mean absolute error).
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "scorefield/device.hpp"
#include "scorefield/ensemble_calibration.hpp"
#include "scorefield/gaussian_measure.hpp"

using namespace scorefield;

namespace {

// count fields of 16^2 from a smooth Gaussian law: the truth, then K members per field.
struct Draw {
  torch::Tensor truth, members;
};

Draw exchangeable(int64_t count, int64_t k, uint64_t seed) {
  NoiseConfig smooth;
  smooth.alpha = 2.5;
  GaussianMeasure law(smooth);
  auto all = law.sample(count * (k + 1), 16, 1.0, make_generator(torch::kCPU, seed), torch::kFloat64)
                 .view({count, k + 1, 16, 16});
  return {all.select(1, 0).contiguous(), all.slice(1, 1).contiguous()};
}

}  // namespace

// Members and truth exchangeable: the truth's rank among K = 4 members is uniform on 0..4. With
// 500 fields each bin expects 100, binomial std sqrt(500 * 0.2 * 0.8) = 8.9; the bound 45 is five
// of them. The spread-skill ratio is 1 up to its sampling error: over 500 x 256 points (correlated
// in space over a few cells, so some thousands of independent values) a few percent; bound 0.1.
TEST(EnsembleCalibration, CalibratedEnsembleHasAFlatRankHistogramAndUnitSpreadSkill) {
  auto d = exchangeable(500, 4, 1);
  auto r = calibration_report(d.members, d.truth, 4);
  for (const auto& bin : r["band_energy_rank_histogram"]) EXPECT_NEAR(bin.get<double>(), 100.0, 45.0) << r.dump();
  EXPECT_NEAR(r["spread_skill_ratio"].get<double>(), 1.0, 0.1) << r.dump();
  // Outside the 4 members: 2/5 of the fields expected; binomial std 0.022, bound 0.1.
  EXPECT_NEAR(r["fields_outside_the_ensemble"].get<double>(), 0.4, 0.1);
  // A calibrated ensemble's CRPS is below its own mean's absolute error (it rewards the spread).
  EXPECT_LT(r["crps"].get<double>(), r["ensemble_mean_mae"].get<double>());
}

// Members that share most of one draw (a narrow ensemble around a wrong centre): the truth is
// outside them in more fields than 2/(K+1) and the spread-skill ratio is far above 1 (here sqrt(1 + 1 /
// (0.1^2 (1 + 1/K))) ~ 9 in expectation); a fail-safe bound 3.
TEST(EnsembleCalibration, NarrowEnsembleIsFlagged) {
  auto d = exchangeable(200, 4, 2);
  auto centre = d.members.select(1, 0).unsqueeze(1);
  auto narrow = centre + 0.1 * (d.members - centre);
  auto r = calibration_report(narrow, d.truth, 4);
  EXPECT_GT(r["spread_skill_ratio"].get<double>(), 3.0) << r.dump();
  // A scalar energy spreads less than the fields shrink (its spread is linear in the deviation),
  // so not every field falls outside: measured 0.725. Calibrated gives 0.4 with binomial std
  // 0.035 over 200 fields; 0.6 is five of them above.
  EXPECT_GT(r["fields_outside_the_ensemble"].get<double>(), 0.6) << r.dump();
}

// Samples twice the truth: every judged shell of every field holds 4 times the energy, exactly.
TEST(EnsembleCalibration, PerFieldShellRatiosAreExact) {
  auto d = exchangeable(6, 2, 3);
  auto twice = 2 * d.truth.unsqueeze(1).expand({6, 2, 16, 16});
  auto r = per_field_shells(twice, d.truth, 4, 8);
  EXPECT_EQ(r["fields_judged"], 6);
  EXPECT_NEAR(r["worst_shell_factor"]["median"].get<double>(), 4.0, 1e-9);
  EXPECT_NEAR(r["worst_shell_factor"]["worst"].get<double>(), 4.0, 1e-9);
  EXPECT_NEAR(r["band_spectrum_error"]["median"].get<double>(), 3.0, 1e-9);
  for (const auto& s : r["shell_ratio"]) EXPECT_NEAR(s["lowest"].get<double>(), 4.0, 1e-9);
  // One field's samples right, the others twice: the median stays 4, the lowest on a shell is 1.
  auto mixed = twice.clone();
  mixed[0] = d.truth[0].unsqueeze(0).expand({2, 16, 16});
  auto m = per_field_shells(mixed, d.truth, 4, 8);
  EXPECT_NEAR(m["worst_shell_factor"]["median"].get<double>(), 4.0, 1e-9);
  EXPECT_NEAR(m["shell_ratio"][0]["lowest"].get<double>(), 1.0, 1e-9);
}

// Identical members: the fair CRPS is the mean absolute error of that one value, exactly.
TEST(EnsembleCalibration, PointEnsembleCrpsIsTheMeanAbsoluteError) {
  auto d = exchangeable(3, 3, 4);
  auto point = d.members.select(1, 0).unsqueeze(1).expand({3, 3, 16, 16});
  const double mae = (d.members.select(1, 0) - d.truth).abs().mean().item<double>();
  EXPECT_NEAR(fair_crps(point, d.truth), mae, 1e-12);
}
