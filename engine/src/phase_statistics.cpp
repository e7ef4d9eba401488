#include "scorefield/phase_statistics.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/increment_statistics.hpp"

namespace scorefield {

namespace {

constexpr double kTwoPi = 6.283185307179586;

std::vector<double> to_vector(const torch::Tensor& t) {
  auto c = t.to(torch::kFloat64).contiguous().flatten();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

double median_of(const torch::Tensor& t) {
  auto v = t.to(torch::kFloat64).flatten().sort();
  const auto values = std::get<0>(v);
  const int64_t n = values.numel();
  require(n > 0, "a median needs values");
  return n % 2 ? values[n / 2].item<double>() : 0.5 * (values[n / 2 - 1] + values[n / 2]).item<double>();
}

// Integer wavenumbers of the rfft2 layout: ky along dim -2 (0..N/2, -N/2+1..-1), kx along dim -1.
std::pair<torch::Tensor, torch::Tensor> wavenumbers(int64_t n, const torch::TensorOptions& opts) {
  auto ky = torch::fft::fftfreq(n, 1.0 / static_cast<double>(n), opts).view({n, 1});
  auto kx = torch::arange(n / 2 + 1, opts).view({1, n / 2 + 1});
  return {ky, kx};
}

}  // namespace

torch::Tensor high_pass(const torch::Tensor& fields, int64_t m) {
  const int64_t n = fields.size(-1);
  require(m >= 2 && m <= n, "the coarse grid must be at most the fine one");
  auto x = fields.to(torch::kFloat64);
  return x - spectral_resize(spectral_resize(x, m), n);
}

torch::Tensor high_pass_flatness(const torch::Tensor& fields, int64_t m) {
  auto w = high_pass(fields, m);
  w = w - w.mean({-2, -1}, true);
  auto second = w.pow(2).mean({-2, -1});
  return w.pow(4).mean({-2, -1}) / (second * second).clamp_min(1e-300);
}

torch::Tensor high_pass_localisation(const torch::Tensor& fields, const torch::Tensor& coarse) {
  const int64_t n = fields.size(-1), m = coarse.size(-1);
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto [ky, kx] = wavenumbers(n, opts);
  // |w'|^2 smoothed by a Gaussian of standard deviation 1/M (multiplier exp(-2 pi^2 |k|^2 / M^2)).
  auto smoothing = torch::exp(-0.5 * kTwoPi * kTwoPi * (kx * kx + ky * ky) / static_cast<double>(m * m));
  auto energy = apply_multiplier(high_pass(fields, m).pow(2), smoothing);
  // |grad y|^2 of the coarse field on the fine grid, by spectral differentiation.
  auto yh = torch::fft::rfft2(spectral_resize(coarse.to(torch::kFloat64), n));
  auto i2pi = c10::complex<double>(0.0, kTwoPi);
  auto gx = torch::fft::irfft2(yh * kx * i2pi, std::vector<int64_t>{n, n});
  auto gy = torch::fft::irfft2(yh * ky * i2pi, std::vector<int64_t>{n, n});
  auto gradient = (gx * gx + gy * gy).expand_as(energy);
  auto a = energy - energy.mean({-2, -1}, true), b = gradient - gradient.mean({-2, -1}, true);
  auto denominator = (a.pow(2).sum({-2, -1}) * b.pow(2).sum({-2, -1})).sqrt().clamp_min(1e-300);
  return (a * b).sum({-2, -1}) / denominator;
}

torch::Tensor gaussian_oracle(const torch::Tensor& truth, int64_t m, torch::Generator& generator) {
  const int64_t n = truth.size(-1);
  auto x = truth.to(torch::kFloat64);
  auto xh = torch::fft::rfft2(x);
  auto noise = torch::fft::rfft2(torch::randn(x.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat64)));
  auto phase = noise / noise.abs().clamp_min(1e-300);
  // The coarse box keeps the truth's own coefficients; outside it only the magnitudes are kept.
  // Inside it the high part is zero, so only the modes outside get new phases.
  auto low = torch::fft::rfft2(spectral_resize(spectral_resize(x, m), n));
  return torch::fft::irfft2(low + (xh - low).abs() * phase, std::vector<int64_t>{n, n});
}

nlohmann::json phase_report(const torch::Tensor& samples, const torch::Tensor& coarse, const torch::Tensor& truth,
                            uint64_t seed) {
  require(samples.dim() == 4 && truth.dim() == 3 && coarse.dim() == 3 && samples.size(0) == truth.size(0),
          "phase statistics need samples [count, K, N, N], coarse [count, M, M] and truth [count, N, N]");
  const int64_t m = coarse.size(-1), k = samples.size(1);
  auto generator = make_generator(torch::kCPU, seed);
  auto oracle = gaussian_oracle(truth.unsqueeze(1).expand_as(samples).contiguous(), m, generator);
  auto coarse_k = coarse.unsqueeze(1);
  auto summarise = [&](const torch::Tensor& fields, const torch::Tensor& y) {
    auto flat = high_pass_flatness(fields, m), local = high_pass_localisation(fields, y);
    return nlohmann::json{{"flatness_median", median_of(flat)},
                          {"localisation_median", median_of(local)},
                          {"flatness_per_field", to_vector(flat.dim() > 1 ? std::get<0>(flat.median(1)) : flat)},
                          {"localisation_per_field", to_vector(local.dim() > 1 ? std::get<0>(local.median(1)) : local)}};
  };
  return {{"coarse_resolution", m},
          {"samples_per_field", k},
          {"truth", summarise(truth, coarse)},
          {"samples", summarise(samples, coarse_k)},
          {"gaussian_oracle", summarise(oracle, coarse_k)},
          {"increments", increment_report(samples, oracle, truth, m)},
          // The same of the drawn band alone: where the band holds little of the gradient (a fine
          // grid deep in the dissipation range), the whole field's statistics are the coarse part's.
          {"increments_high_pass",
           increment_report(high_pass(samples, m), high_pass(oracle, m), high_pass(truth, m), m)}};
}

}  // namespace scorefield
