#include "scorefield/ensemble_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

#include "scorefield/error.hpp"
#include "scorefield/metrics.hpp"

namespace scorefield {

namespace {

struct Spread {
  double median, lowest, highest;
};

Spread spread_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  return {median, v.front(), v.back()};
}

// Energy above shell k_lo of each field [B, N, N]: the sum of its spectrum from k_lo on.
torch::Tensor band_energy(const torch::Tensor& fields, int64_t k_lo) {
  std::vector<double> out;
  for (int64_t i = 0; i < fields.size(0); ++i)
    out.push_back(energy_spectrum(fields[i].unsqueeze(0)).slice(0, k_lo).sum().item<double>());
  return torch::tensor(out, torch::kFloat64);
}

}  // namespace

nlohmann::json per_field_shells(const torch::Tensor& samples, const torch::Tensor& truth, int64_t k_lo, int64_t k_hi) {
  require(samples.dim() == 4 && truth.dim() == 3 && samples.size(0) == truth.size(0),
          "per_field_shells: samples [count, K, N, N] and truth [count, N, N] expected");
  const int64_t count = samples.size(0);
  std::vector<std::vector<double>> ratios_by_shell(static_cast<std::size_t>(std::max<int64_t>(k_hi, 0)));
  std::vector<double> worst, band;
  for (int64_t f = 0; f < count; ++f) {
    auto t = energy_spectrum(truth[f].unsqueeze(0).to(torch::kFloat64));
    auto s = energy_spectrum(samples[f].to(torch::kFloat64));  // the mean over the field's samples
    const double floor = 1e-10 * t.sum().item<double>();
    double w = 1, sum = 0;
    int judged = 0;
    for (int64_t k = k_lo; k < std::min<int64_t>(k_hi, t.size(0)); ++k) {
      const double tk = t[k].item<double>(), sk = s[k].item<double>();
      if (tk <= floor) continue;
      const double r = sk / tk;
      ratios_by_shell[static_cast<std::size_t>(k)].push_back(r);
      w = std::max(w, r > 0 ? std::max(r, 1 / r) : HUGE_VAL);
      sum += std::abs(r - 1);
      ++judged;
    }
    if (judged == 0) continue;  // nothing above the floor in this field's band
    worst.push_back(w);
    band.push_back(sum / judged);
  }
  nlohmann::json r{{"fields_judged", worst.size()}};
  if (worst.empty()) return r;
  const auto w = spread_of(worst), b = spread_of(band);
  r["worst_shell_factor"] = {{"median", w.median}, {"worst", w.highest}, {"per_field", worst}};
  r["band_spectrum_error"] = {{"median", b.median}, {"worst", b.highest}, {"per_field", band}};
  nlohmann::json shells = nlohmann::json::array();
  for (int64_t k = k_lo; k < static_cast<int64_t>(ratios_by_shell.size()); ++k) {
    const auto& v = ratios_by_shell[static_cast<std::size_t>(k)];
    if (v.empty()) continue;
    const auto s = spread_of(v);
    shells.push_back(
        {{"k", k}, {"fields", v.size()}, {"median", s.median}, {"lowest", s.lowest}, {"highest", s.highest}});
  }
  r["shell_ratio"] = shells;
  return r;
}

double fair_crps(const torch::Tensor& samples, const torch::Tensor& truth) {
  const int64_t k = samples.size(1);
  require(k >= 2, "the CRPS of an ensemble needs at least 2 samples per field");
  auto s = samples.to(torch::kFloat64), y = truth.to(torch::kFloat64).unsqueeze(1);
  auto skill = (s - y).abs().mean(1);
  auto pairs = torch::zeros_like(skill);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = i + 1; j < k; ++j) pairs += (s.select(1, i) - s.select(1, j)).abs();
  // sum over ordered pairs i != j is twice the sum over i < j.
  return (skill - pairs / static_cast<double>(k * (k - 1))).mean().item<double>();
}

nlohmann::json calibration_report(const torch::Tensor& samples, const torch::Tensor& truth, int64_t k_lo) {
  require(samples.dim() == 4 && truth.dim() == 3 && samples.size(0) == truth.size(0),
          "calibration_report: samples [count, K, N, N] and truth [count, N, N] expected");
  const int64_t count = samples.size(0), k = samples.size(1);
  nlohmann::json r{{"samples_per_field", k}};
  if (k < 2) {
    r["note"] = "one sample per field: no spread to calibrate";
    return r;
  }
  auto s = samples.to(torch::kFloat64), y = truth.to(torch::kFloat64);
  // Rank of each field's true band energy among its samples' (ties, impossible for continuous
  // fields, would count as below).
  std::vector<int64_t> histogram(static_cast<std::size_t>(k + 1), 0);
  auto truth_band = band_energy(y, k_lo);
  int64_t outside = 0;
  for (int64_t f = 0; f < count; ++f) {
    auto sample_band = band_energy(s[f], k_lo);
    const auto rank = (sample_band < truth_band[f]).sum().item<int64_t>();
    ++histogram[static_cast<std::size_t>(rank)];
    if (rank == 0 || rank == k) ++outside;
  }
  auto mean = s.mean(1);
  const double mse = (mean - y).pow(2).mean().item<double>();
  const double variance = s.var(1).mean().item<double>();  // unbiased over the K members
  const double spread_skill =
      variance > 0 ? std::sqrt(mse / ((1.0 + 1.0 / static_cast<double>(k)) * variance)) : HUGE_VAL;
  r["band_energy_rank_histogram"] = histogram;
  r["fields_outside_the_ensemble"] = static_cast<double>(outside) / static_cast<double>(count);
  r["fields_outside_expected"] = 2.0 / static_cast<double>(k + 1);
  r["spread_skill_ratio"] = spread_skill;
  r["crps"] = fair_crps(s, y);
  r["ensemble_mean_mae"] = (mean - y).abs().mean().item<double>();
  r["truth_std"] = y.std().item<double>();
  return r;
}

}  // namespace scorefield
