// The check that an input looks like the model's training data (training_law_check.hpp): values
// and, for models whose card holds it, the spectrum by octave.
#include <gtest/gtest.h>

#include "scorefield/device.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/training_law_check.hpp"

using namespace scorefield;

namespace {

torch::Tensor draws(double alpha, int64_t count, int64_t n, uint64_t seed) {
  return GaussianMeasure(NoiseConfig{alpha, 5.0, 1.0}).sample(count, n, 1.0, make_generator(torch::kCPU, seed),
                                                             torch::kFloat64);
}

// A model card as the trainer writes it for `training` [count, n, n]: pooled normalisation, then
// each octave's mean and standard deviation of the standardised fields' log energy.
ModelConfig card_of(const torch::Tensor& training) {
  ModelConfig mc;
  mc.normalisation = {training.mean().item<double>(), training.std().item<double>()};
  const auto bands = octave_bands(training.size(-1));
  const auto logs = band_log_energies((training - mc.normalisation.mean) / mc.normalisation.std, bands);
  const auto mean = logs.mean(0), std = logs.std(0, /*unbiased=*/false);
  for (size_t i = 0; i < bands.size(); ++i)
    mc.data_spectrum.push_back({bands[i].first, bands[i].second, mean[static_cast<int64_t>(i)].item<double>(),
                                std[static_cast<int64_t>(i)].item<double>()});
  return mc;
}

}  // namespace

// The bands tile the shells a grid holds whole, the first one 1-3, then octaves.
TEST(TrainingLawCheck, BandsTileTheWholeShells) {
  EXPECT_TRUE(octave_bands(4).empty());
  EXPECT_EQ(octave_bands(8), (std::vector<std::pair<int, int>>{{1, 4}}));
  EXPECT_EQ(octave_bands(64), (std::vector<std::pair<int, int>>{{1, 4}, {4, 8}, {8, 16}, {16, 32}}));
  // Band energies of a plane wave of amplitude 1 on shell 5: all of its energy 1/2 in [4, 8).
  const int64_t n = 32;
  auto i = torch::arange(n, torch::kFloat64) / static_cast<double>(n);
  auto wave = torch::cos(2 * M_PI * (3 * i.unsqueeze(1) + 4 * i.unsqueeze(0)));
  auto e = torch::exp(band_log_energies(wave, octave_bands(n)));
  EXPECT_NEAR(e[0][1].item<double>(), 0.5, 1e-12);
  EXPECT_LT(e[0][0].item<double>(), 1e-20);
  EXPECT_LT(e[0][2].item<double>(), 1e-20);
}

// 256 training fields of a Gaussian law (alpha 2.5) at 32^2. Fresh fields of that law, on the
// training grid and restricted to 16^2 as a super-resolution input is, pass: each band's bound is
// 4 of the training fields' own standard deviations, so a field of the law is flagged in a band
// about once in 1e4 (normal scatter; the first band holds about 14 complex modes, whose log energy
// is close enough to normal there). Rougher fields (alpha 1.2) rescaled to the training data's
// mean and standard deviation pass the value check but not the spectrum's, and the warning names
// the band; a card without a spectrum (models made before it) checks values only.
TEST(TrainingLawCheck, SpectrumOfAnotherLawIsNamedWhereValuesMatch) {
  const auto training = draws(2.5, 256, 32, 1);
  const auto card = card_of(training);
  ASSERT_EQ(card.data_spectrum.size(), 3u);
  const auto fresh = draws(2.5, 64, 32, 2);
  EXPECT_EQ(unlike_training_data(card, fresh), "");
  EXPECT_EQ(unlike_training_data(card, spectral_resize(fresh, 16)), "");

  auto rough = draws(1.2, 64, 32, 3);
  rough = (rough - rough.mean()) / rough.std() * card.normalisation.std + card.normalisation.mean;
  ModelConfig values_only = card;
  values_only.data_spectrum.clear();
  EXPECT_EQ(unlike_training_data(values_only, rough), "") << "the values alone tell the rough fields apart";
  const auto warning = unlike_training_data(card, rough);
  EXPECT_NE(warning.find("spectrum unlike the model's training data"), std::string::npos) << warning;
  EXPECT_NE(warning.find("64 of 64"), std::string::npos) << warning;
  EXPECT_NE(warning.find("<= |k| <"), std::string::npos) << warning;
}
