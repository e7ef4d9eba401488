// The noise chosen from the data (noise_choice.hpp): the sweep's order, what it keeps fixed, what
// it answers when nothing passes, and the configuration keys that switch it on. Whether the chosen
// noise then samples the data law right is in test_exact_mixture_sampling.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "scorefield/gaussian_measure.hpp"
#include "scorefield/noise_choice.hpp"
#include "scorefield/score_model.hpp"

using namespace scorefield;
namespace fs = std::filesystem;

namespace {

// The exact mode energies of a standardised Gaussian random field of regularity `alpha` on an n
// grid: the law's eigenvalues scaled to unit pointwise variance, as the trainer measures data.
torch::Tensor field_energy(double alpha, int64_t n) {
  const GaussianMeasure law(NoiseConfig{alpha, 5.0, 1.0});
  return law.eigenvalues(n, torch::kFloat64) / law.pointwise_variance(n);
}

ModelConfig model_at(int n) {
  ModelConfig mc;
  mc.training_resolution = n;
  return mc;
}

// The check of one candidate against `energy`, recording every pair it is asked about.
auto recorder(const torch::Tensor& energy, std::vector<std::pair<double, double>>& asked) {
  return [&energy, &asked](const ModelConfig& c) {
    asked.emplace_back(c.noise.alpha, c.levels.sigma_max);
    EXPECT_NEAR(GaussianMeasure(c.noise).pointwise_variance(64), 1.0, 1e-9) << "candidate not at unit variance";
    return start_law_mismatch(energy, GaussianMeasure(c.noise), c.levels.sigma_max);
  };
}

}  // namespace

// Rough data (alpha 1.4, 64^2): the sweep walks sigma_max upwards and, at each, alpha downwards,
// and stops at the first pair within the limit; every pair before it fails the check. The order
// is the documented one, so a user can predict the choice from --check-noise.
TEST(NoiseChoice, FirstPassingPairInTheDocumentedOrder) {
  const auto energy = field_energy(1.4, 64);
  std::vector<std::pair<double, double>> asked;
  const auto choice = choose_noise(model_at(64), true, true, recorder(energy, asked));
  ASSERT_TRUE(choice.passed);
  EXPECT_LE(choice.mismatch.kl_nats, kStartLawWarningNats);
  ASSERT_EQ(static_cast<size_t>(choice.tried), asked.size());
  EXPECT_EQ(asked.back(), std::make_pair(choice.alpha, choice.sigma_max));
  const auto& alphas = noise_alpha_candidates();
  const auto& sigmas = noise_sigma_max_candidates();
  for (size_t i = 0; i < asked.size(); ++i) {
    EXPECT_EQ(asked[i].first, alphas[i % alphas.size()]) << "pair " << i;
    EXPECT_EQ(asked[i].second, sigmas[i / alphas.size()]) << "pair " << i;
  }
  for (size_t i = 0; i + 1 < asked.size(); ++i) {
    ModelConfig c = model_at(64);
    c.noise.alpha = asked[i].first;
    c.noise.amplitude = unit_variance_amplitude(c);
    EXPECT_GT(start_law_mismatch(energy, GaussianMeasure(c.noise), asked[i].second).kl_nats, kStartLawWarningNats)
        << "an earlier pair passes: alpha " << asked[i].first << ", sigma_max " << asked[i].second;
  }
  // The data are rough: the smoothest noise at the smallest sigma_max does not cover them, so the
  // case exercises the sweep rather than its first guess.
  EXPECT_GT(choice.tried, 1);
}

// A key the configuration sets is not swept: with alpha fixed only sigma_max moves, and the other
// way round.
TEST(NoiseChoice, KeysTheConfigurationSetsStay) {
  const auto energy = field_energy(1.4, 64);
  std::vector<std::pair<double, double>> asked;
  ModelConfig mc = model_at(64);
  mc.noise.alpha = 1.25;
  const auto by_sigma = choose_noise(mc, false, true, recorder(energy, asked));
  EXPECT_TRUE(by_sigma.passed);
  for (const auto& [alpha, sigma] : asked) EXPECT_EQ(alpha, 1.25);
  asked.clear();
  mc.levels.sigma_max = 1280.0;
  const auto by_alpha = choose_noise(mc, true, false, recorder(energy, asked));
  EXPECT_TRUE(by_alpha.passed);
  for (const auto& [alpha, sigma] : asked) EXPECT_EQ(sigma, 1280.0);
  EXPECT_EQ(by_alpha.sigma_max, 1280.0);
}

// Data no candidate covers (white noise: energy flat to the Nyquist, so every trace-class noise
// falls below it on the small scales) with sigma_max fixed small: the answer says it did not pass
// and is the closest pair tried.
TEST(NoiseChoice, NoPassingPairGivesTheClosestAndSaysSo) {
  const int64_t n = 64;
  const auto energy = torch::full({n, n / 2 + 1}, 1.0 / (n * n), torch::kFloat64);
  std::vector<std::pair<double, double>> asked;
  ModelConfig mc = model_at(64);
  mc.levels.sigma_max = 2.0;
  const auto choice = choose_noise(mc, true, false, recorder(energy, asked));
  EXPECT_FALSE(choice.passed);
  EXPECT_EQ(static_cast<size_t>(choice.tried), noise_alpha_candidates().size());
  for (const auto& [alpha, sigma] : asked) {
    ModelConfig c = model_at(64);
    c.noise.alpha = alpha;
    c.noise.amplitude = unit_variance_amplitude(c);
    EXPECT_GE(start_law_mismatch(energy, GaussianMeasure(c.noise), sigma).kl_nats, choice.mismatch.kl_nats);
  }
}

// Leaving noise.alpha or levels.sigma_max out of the file asks for the choice; writing them keeps them.
TEST(NoiseChoice, ConfigurationKeysLeftOutAreChosen) {
  const auto dir = fs::temp_directory_path() / ("sf_noise_choice_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "none.toml") << "[training]\ndata = \"d.h5\"\noutput = \"m.sfm\"\n";
  std::ofstream(dir / "alpha.toml") << "[noise]\nalpha = 2.5\n[training]\ndata = \"d.h5\"\noutput = \"m.sfm\"\n";
  std::ofstream(dir / "both.toml") << "[noise]\nalpha = 2.5\n[levels]\nsigma_max = 30\n[training]\ndata = \"d.h5\"\noutput = \"m.sfm\"\n";
  const auto none = load_run_config(dir / "none.toml").noise_from_data;
  EXPECT_TRUE(none.alpha && none.sigma_max);
  const auto alpha = load_run_config(dir / "alpha.toml").noise_from_data;
  EXPECT_TRUE(!alpha.alpha && alpha.sigma_max);
  EXPECT_FALSE(load_run_config(dir / "both.toml").noise_from_data.any());
  EXPECT_FALSE(RunConfig{}.noise_from_data.any()) << "a configuration built in code chooses nothing";
  fs::remove_all(dir);
}
