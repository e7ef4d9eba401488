#include "scorefield/superres_metrics.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "scorefield/conditioning.hpp"
#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/metrics.hpp"

namespace scorefield {

namespace {

double keys_kernel(double d) {
  constexpr double a = -0.5;
  d = std::abs(d);
  if (d <= 1) return (a + 2) * d * d * d - (a + 3) * d * d + 1;
  if (d < 2) return a * d * d * d - 5 * a * d * d + 8 * a * d - 4 * a;
  return 0;
}

// Interpolation matrix [N, M] of periodic cubic convolution.
torch::Tensor bicubic_matrix(int64_t n, int64_t m) {
  auto w = torch::zeros({n, m}, torch::kFloat64);
  auto acc = w.accessor<double, 2>();
  for (int64_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) * static_cast<double>(m) / static_cast<double>(n);
    const auto j0 = static_cast<int64_t>(std::floor(t));
    for (int64_t j = j0 - 1; j <= j0 + 2; ++j) acc[i][((j % m) + m) % m] += keys_kernel(t - static_cast<double>(j));
  }
  return w;
}

// Per-field ||a - b|| / ||b||, averaged.
double mean_relative_l2(const torch::Tensor& a, const torch::Tensor& b) {
  auto d = (a - b).flatten(1).norm(2, 1) / b.flatten(1).norm(2, 1).clamp_min(1e-30);
  return d.mean().item<double>();
}

// Mean relative shell error over shells [k_lo, k_hi) where the truth holds energy above the
// float32 rounding floor.
double band_error(const torch::Tensor& fields, const torch::Tensor& truth_spectrum, int64_t k_lo, int64_t k_hi) {
  auto spec = energy_spectrum(fields.to(torch::kFloat64));
  const double floor = 1e-10 * truth_spectrum.sum().item<double>();
  double sum = 0;
  int count = 0;
  for (int64_t k = k_lo; k < std::min<int64_t>(k_hi, truth_spectrum.size(0)); ++k) {
    const double t = truth_spectrum[k].item<double>();
    if (t <= floor) continue;
    sum += std::abs(spec[k].item<double>() - t) / t;
    ++count;
  }
  return count ? sum / count : std::nan("");
}

// The band's shells judged shell by shell: [k_lo, last] where the truth holds energy above the
// float32 rounding floor. Reports the last judged shell, the worst factor between the samples'
// and the truth's energy on a judged shell (>= 1), and, above the last judged shell, the samples'
// summed energy over the truth's (where a resolved flow holds almost nothing, and a model that
// invents small scales puts orders of magnitude too much).
nlohmann::json band_shells(const torch::Tensor& fields, const torch::Tensor& truth_spectrum, int64_t k_lo,
                           int64_t k_hi) {
  auto spec = energy_spectrum(fields.to(torch::kFloat64));
  const double floor = 1e-10 * truth_spectrum.sum().item<double>();
  const int64_t top = std::min<int64_t>(k_hi, truth_spectrum.size(0));
  int64_t last = -1;
  for (int64_t k = k_lo; k < top; ++k)
    if (truth_spectrum[k].item<double>() > floor) last = k;
  nlohmann::json r{{"last_judged_shell", last}};
  if (last < 0) return r;
  double worst = 1.0;
  for (int64_t k = k_lo; k <= last; ++k) {
    const double t = truth_spectrum[k].item<double>(), e = spec[k].item<double>();
    if (t <= floor) continue;
    worst = std::max(worst, e > 0 ? std::max(e / t, t / e) : HUGE_VAL);
  }
  r["worst_shell_factor"] = worst;
  if (last + 1 < top) {
    double se = 0, st = 0;
    for (int64_t k = last + 1; k < top; ++k) {
      se += spec[k].item<double>();
      st += truth_spectrum[k].item<double>();
    }
    r["energy_above_over_truth"] = st > 0 ? se / st : HUGE_VAL;
  }
  return r;
}

std::vector<double> to_vector(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kFloat64).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

}  // namespace

torch::Tensor bicubic_upsample(const torch::Tensor& coarse, int64_t n) {
  const int64_t m = coarse.size(-1);
  require(coarse.size(-2) == m && n % m == 0, "bicubic_upsample needs square fields and N a multiple of M");
  auto w = bicubic_matrix(n, m).to(coarse.options());
  return torch::matmul(torch::matmul(w, coarse), w.t());
}

torch::Tensor nearest_observation_fill(const torch::Tensor& values, const torch::Tensor& mask) {
  const int64_t b = values.size(0), n = values.size(-1);
  auto out = torch::empty_like(values);
  auto idx = torch::arange(n, values.options());
  auto gx = idx.view({n, 1}).expand({n, n}).reshape({-1});
  auto gy = idx.view({1, n}).expand({n, n}).reshape({-1});
  for (int64_t i = 0; i < b; ++i) {
    auto where = mask[i].reshape({-1}).nonzero().squeeze(1);
    require(where.numel() > 0, "field " + std::to_string(i) + " has no observations");
    auto ox = gx.index_select(0, where), oy = gy.index_select(0, where);
    // Periodic distance on the torus, in grid units.
    auto dx = (gx.unsqueeze(1) - ox.unsqueeze(0)).abs();
    auto dy = (gy.unsqueeze(1) - oy.unsqueeze(0)).abs();
    dx = torch::minimum(dx, n - dx);
    dy = torch::minimum(dy, n - dy);
    auto nearest = (dx * dx + dy * dy).argmin(1);
    out[i] = values[i].reshape({-1}).index_select(0, where).index_select(0, nearest).view({n, n});
  }
  return out;
}

nlohmann::json superres_report(const torch::Tensor& samples, const torch::Tensor& coarse, const torch::Tensor& truth,
                               int64_t training_resolution) {
  require(samples.dim() == 4 && truth.dim() == 3 && coarse.dim() == 3, "superres_report: unexpected shapes");
  const int64_t count = samples.size(0), k = samples.size(1), n = samples.size(-1), m = coarse.size(-1);
  require(truth.size(0) == count && coarse.size(0) == count,
          "the samples, coarse fields and truth hold different numbers of fields (" + std::to_string(count) + ", " +
              std::to_string(coarse.size(0)) + ", " + std::to_string(truth.size(0)) + "); pass matching files");
  require(truth.size(-1) == n, "the truth is " + std::to_string(truth.size(-1)) + "^2 but the samples are " +
                                   std::to_string(n) + "^2; pass the truth at the samples' resolution");
  auto s = samples.to(torch::kFloat64), y = coarse.to(torch::kFloat64), u = truth.to(torch::kFloat64);
  auto flat = s.reshape({count * k, n, n});
  auto truth_spec = energy_spectrum(u);
  auto mean = s.mean(1);
  auto std = k > 1 ? s.std(1) : torch::zeros_like(mean);
  auto zero_pad = spectral_resize(y, n), bicubic = bicubic_upsample(y, n);
  auto restricted = spectral_resize(flat, m);
  auto y_rep = y.unsqueeze(1).expand({count, k, m, m}).reshape({count * k, m, m});
  const double coverage = ((u - mean).abs() <= 2 * std).to(torch::kFloat64).mean().item<double>();
  const int64_t k_lo = m / 2, k_hi = n / 2;
  nlohmann::json r{
      {"fields", count},
      {"samples_per_field", k},
      {"coarse_resolution", m},
      {"resolution", n},
      {"band", {k_lo, k_hi}},
      {"band_spectrum_error", band_error(flat, truth_spec, k_lo, k_hi)},
      {"band_shells", band_shells(flat, truth_spec, k_lo, k_hi)},
      {"restriction_error", mean_relative_l2(restricted, y_rep)},
      {"mean_relative_l2", mean_relative_l2(mean, u)},
      {"coverage_2std", coverage},
      {"mean_std", std.mean().item<double>()},
      {"baselines",
       {{"spectral_zero_padding",
         {{"band_spectrum_error", band_error(zero_pad, truth_spec, k_lo, k_hi)},
          {"relative_l2", mean_relative_l2(zero_pad, u)}}},
        {"bicubic",
         {{"band_spectrum_error", band_error(bicubic, truth_spec, k_lo, k_hi)},
          {"relative_l2", mean_relative_l2(bicubic, u)},
          {"restriction_error", mean_relative_l2(spectral_resize(bicubic, m), y)}}}}},
      {"spectrum",
       {{"truth", to_vector(truth_spec)},
        {"samples", to_vector(energy_spectrum(flat))},
        {"spectral_zero_padding", to_vector(energy_spectrum(zero_pad))},
        {"bicubic", to_vector(energy_spectrum(bicubic))}}},
  };
  const int64_t k_trained = training_resolution / 2;
  if (k_trained > k_lo && k_trained < k_hi) {
    r["training_resolution"] = training_resolution;
    r["trained_band_spectrum_error"] = band_error(flat, truth_spec, k_lo, k_trained);
    r["extrapolated_band_spectrum_error"] = band_error(flat, truth_spec, k_trained, k_hi);
  }
  return r;
}

nlohmann::json observation_report(const torch::Tensor& samples, const torch::Tensor& observed,
                                  const torch::Tensor& mask, const torch::Tensor& truth) {
  require(samples.dim() == 4 && truth.dim() == 3, "observation_report: unexpected shapes");
  const int64_t count = samples.size(0), k = samples.size(1), n = samples.size(-1);
  require(truth.size(0) == count && truth.size(-1) == n && observed.sizes() == truth.sizes() &&
              mask.sizes() == truth.sizes(),
          "the samples, observations and truth do not match in number or size; pass matching files");
  auto s = samples.to(torch::kFloat64), u = truth.to(torch::kFloat64);
  auto mean = s.mean(1);
  auto std = k > 1 ? s.std(1) : torch::zeros_like(mean);
  auto nearest = nearest_observation_fill(observed.to(torch::kFloat64), mask.to(torch::kFloat64));
  auto smooth = observation_interpolant(observed.to(torch::kFloat64), mask.to(torch::kFloat64)).select(1, 0);
  auto m = mask.to(torch::kFloat64);
  auto truth_spec = energy_spectrum(u);
  const double misfit = ((mean - u) * m).pow(2).sum().item<double>() / (u * m).pow(2).sum().item<double>();
  return {
      {"fields", count},
      {"samples_per_field", k},
      {"resolution", n},
      {"observed_fraction", m.mean().item<double>()},
      {"mean_relative_l2", mean_relative_l2(mean, u)},
      {"coverage_2std", ((u - mean).abs() <= 2 * std).to(torch::kFloat64).mean().item<double>()},
      {"spectrum_error", band_error(s.reshape({count * k, n, n}), truth_spec, 1, n / 2)},
      {"observed_point_relative_misfit", std::sqrt(misfit)},
      {"baselines",
       {{"nearest_observation",
         {{"relative_l2", mean_relative_l2(nearest, u)},
          {"spectrum_error", band_error(nearest, truth_spec, 1, n / 2)}}},
        {"gaussian_interpolant",
         {{"relative_l2", mean_relative_l2(smooth, u)},
          {"spectrum_error", band_error(smooth, truth_spec, 1, n / 2)}}}}},
  };
}

}  // namespace scorefield
