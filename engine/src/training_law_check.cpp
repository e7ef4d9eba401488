#include "scorefield/training_law_check.hpp"

#include <cmath>
#include <sstream>

#include "scorefield/boundary_extension.hpp"
#include "scorefield/fourier.hpp"

namespace scorefield {

namespace {
constexpr double kMaxMeanOffset = 3.0;  // in pooled training standard deviations
constexpr double kMaxStdFactor = 5.0;
constexpr double kBandStds = 4.0;       // training standard deviations of a band's log energy
const double kBandFloor = std::log(3.0);  // the least distance flagged, in log energy

// The first band of the first field whose energy is out of the training fields' range (above),
// as a sentence; empty when every band of every field is within it.
std::string unlike_training_spectrum(const ModelConfig& config, const torch::Tensor& x) {
  if (config.data_spectrum.empty() || is_mirror_boundary(config.boundary)) return {};
  const int64_t m = x.size(-1);
  std::vector<std::pair<int, int>> bands;
  std::vector<SpectrumBand> trained;
  for (const auto& b : config.data_spectrum)
    if (b.hi <= m / 2) {
      bands.emplace_back(b.lo, b.hi);
      trained.push_back(b);
    }
  if (bands.empty()) return {};
  const auto logs = band_log_energies(x, bands);
  int64_t flagged = 0, first_field = -1, first_band = 0;
  for (int64_t f = 0; f < logs.size(0); ++f) {
    bool off = false;
    for (size_t i = 0; i < bands.size(); ++i) {
      const double d = logs[f][static_cast<int64_t>(i)].item<double>() - trained[i].mean_log;
      if (std::abs(d) > std::max(kBandStds * trained[i].std_log, kBandFloor) && !off) {
        off = true;
        if (first_field < 0) {
          first_field = f;
          first_band = static_cast<int64_t>(i);
        }
      }
    }
    flagged += off;
  }
  if (flagged == 0) return {};
  const auto& b = trained[static_cast<size_t>(first_band)];
  const double ratio = std::exp(logs[first_field][first_band].item<double>() - b.mean_log);
  std::ostringstream s;
  s.precision(3);
  s << flagged << " of " << x.size(0) << " input field(s) have a spectrum unlike the model's training data (field "
    << first_field << ": " << ratio << " times the training fields' mean energy on the shells " << b.lo
    << " <= |k| < " << b.hi << ", where they scatter by a factor " << std::exp(b.std_log)
    << "): the samples will look plausible but mean nothing. Check that the simulation, its resolution and its "
       "regime match what the model was trained on (`scorefield info --model FILE`), or train a model on your own "
       "data (`scorefield dataset`)";
  return s.str();
}
}  // namespace

std::vector<std::pair<int, int>> octave_bands(int64_t n) {
  // The first band takes shells 1 to 3 together: shell 1 alone holds 4 independent complex modes,
  // whose energy a field of the training law puts 4 standard deviations below its mean about once
  // in 500 fields; shells 1-3 hold about 14.
  std::vector<std::pair<int, int>> bands;
  if (n / 2 >= 4) bands.emplace_back(1, 4);
  for (int lo = 4; 2 * lo <= n / 2; lo *= 2) bands.emplace_back(lo, 2 * lo);
  return bands;
}

torch::Tensor band_log_energies(const torch::Tensor& fields, const std::vector<std::pair<int, int>>& bands) {
  auto x = fields.to(torch::kCPU, torch::kFloat64);
  if (x.dim() == 2) x = x.unsqueeze(0);
  const int64_t n = x.size(-1);
  // 2 x the half-spectrum weights: each conjugate pair twice, a real mode once, Nyquist never.
  auto energy = torch::fft::rfft2(x).abs().pow(2) / static_cast<double>(n * n * n * n) * (2.0 * half_spectrum_weights(n));
  const auto shell = torch::sqrt(wavenumber_squared(n, torch::kFloat64)).round();
  auto out = torch::empty({x.size(0), static_cast<int64_t>(bands.size())}, torch::kFloat64);
  for (size_t i = 0; i < bands.size(); ++i) {
    auto in = ((shell >= bands[i].first) & (shell < bands[i].second)).to(torch::kFloat64);
    // The floor keeps a band without energy (a constant field) finite: 1e-30 is far below any
    // field's band energy in standardised units, so it reads as "far too little".
    out.select(1, static_cast<int64_t>(i)).copy_(torch::log((energy * in).sum({-2, -1}) + 1e-30));
  }
  return out;
}

std::string unlike_training_data(const ModelConfig& config, const torch::Tensor& fields) {
  auto x = fields.to(torch::kFloat64);
  if (x.dim() == 2) x = x.unsqueeze(0);
  x = (x - config.normalisation.mean) / config.normalisation.std;
  auto mean = x.mean({-2, -1}), std = x.std(c10::IntArrayRef{-2, -1}, /*unbiased=*/false);
  auto off = (mean.abs() > kMaxMeanOffset) | (std > kMaxStdFactor) | (std < 1.0 / kMaxStdFactor);
  const int64_t bad = off.sum().item<int64_t>();
  if (bad == 0) return unlike_training_spectrum(config, x);
  const int64_t first = off.nonzero()[0][0].item<int64_t>();
  const double n_std = config.normalisation.std, n_mean = config.normalisation.mean;
  std::ostringstream m;
  m.precision(3);
  m << bad << " of " << x.size(0) << " input field(s) are unlike the model's training data (field " << first
    << ": mean " << mean[first].item<double>() * n_std + n_mean << ", std " << std[first].item<double>() * n_std
    << ", where the training data have mean " << n_mean << ", std " << n_std
    << "): the samples will look plausible but mean nothing. Check that the array, its units and the simulation "
       "match what the model was trained on (`scorefield info --model FILE`), or train a model on your own data "
       "(`scorefield dataset`)";
  return m.str();
}

}  // namespace scorefield
