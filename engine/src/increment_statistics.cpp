#include "scorefield/increment_statistics.hpp"

#include <nlohmann/json.hpp>

#include "scorefield/error.hpp"
#include "scorefield/metrics.hpp"  // wasserstein1

namespace scorefield {

namespace {

constexpr double kTwoPi = 6.283185307179586;
// The gradient PDFs' range in standard deviations: wide enough for the tails of intermittent
// vorticity (a Gaussian puts 1e-32 of its mass beyond 12), with bins of a quarter deviation.
constexpr double kPdfRange = 12.0;
constexpr int64_t kPdfBins = 96;

std::vector<double> to_vector(const torch::Tensor& t) {
  auto c = t.to(torch::kFloat64).contiguous().flatten();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

// Median over every dimension after the first: [count, ...] -> [count].
torch::Tensor median_per_field(const torch::Tensor& t) {
  return t.dim() == 1 ? t : std::get<0>(t.reshape({t.size(0), -1}).median(1));
}

double median_of(const torch::Tensor& t) { return t.flatten().median().item<double>(); }

// Density of `values` over kPdfBins bins of [-kPdfRange, kPdfRange] (values beyond fall out).
std::vector<double> density(const torch::Tensor& values) {
  const double width = 2.0 * kPdfRange / static_cast<double>(kPdfBins);
  auto counts = torch::histc(values.flatten(), kPdfBins, -kPdfRange, kPdfRange);
  return to_vector(counts / (static_cast<double>(values.numel()) * width));
}

}  // namespace

std::vector<int64_t> band_separations(int64_t n, int64_t m) {
  require(m >= 2 && m <= n && n % m == 0, "separations need a coarse grid that divides the fine one");
  std::vector<int64_t> r;
  for (int64_t s = 1; s < n / m; s *= 2) r.push_back(s);
  r.push_back(n / m);
  return r;
}

std::pair<torch::Tensor, torch::Tensor> structure_functions(const torch::Tensor& fields, int64_t r) {
  auto x = fields.to(torch::kFloat64);
  auto dx = torch::roll(x, {-r}, {-1}) - x, dy = torch::roll(x, {-r}, {-2}) - x;
  auto moment = [&](int p) { return 0.5 * (dx.pow(p).mean({-2, -1}) + dy.pow(p).mean({-2, -1})); };
  return {moment(2), moment(4)};
}

torch::Tensor spectral_gradient(const torch::Tensor& fields) {
  const int64_t n = fields.size(-1);
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto ky = torch::fft::fftfreq(n, 1.0 / static_cast<double>(n), opts).view({n, 1});
  auto kx = torch::arange(n / 2 + 1, opts).view({1, n / 2 + 1});
  // The Nyquist rows have no sign: their derivative is zeroed, as a real field's must be.
  if (n % 2 == 0) {
    ky = ky.masked_fill(ky.abs() == n / 2, 0.0);
    kx = kx.masked_fill(kx == n / 2, 0.0);
  }
  auto wh = torch::fft::rfft2(fields.to(torch::kFloat64));
  const auto i2pi = c10::complex<double>(0.0, kTwoPi);
  auto gx = torch::fft::irfft2(wh * kx * i2pi, std::vector<int64_t>{n, n});
  auto gy = torch::fft::irfft2(wh * ky * i2pi, std::vector<int64_t>{n, n});
  return torch::stack({gx, gy}, -3);
}

nlohmann::json increment_report(const torch::Tensor& samples, const torch::Tensor& oracle, const torch::Tensor& truth,
                                int64_t m) {
  require(samples.dim() == 4 && oracle.sizes() == samples.sizes() && truth.dim() == 3 &&
              truth.size(0) == samples.size(0) && truth.size(-1) == samples.size(-1),
          "increment statistics need samples and oracle draws [count, K, N, N] of truths [count, N, N]");
  const int64_t n = truth.size(-1), count = truth.size(0), k = samples.size(1);
  const auto separations = band_separations(n, m);

  auto structure = [&](const torch::Tensor& fields) {
    std::vector<double> s2, s4, flatness;
    for (int64_t r : separations) {
      auto [a, b] = structure_functions(fields, r);
      s2.push_back(median_of(a));
      s4.push_back(median_of(b));
      flatness.push_back(median_of(b / (a * a).clamp_min(1e-300)));
    }
    return nlohmann::json{{"s2_median", s2}, {"s4_median", s4}, {"flatness_median", flatness}};
  };

  // Gradients: the truth's per field [count, 2, N, N] with its standard deviation per field.
  auto g_truth = spectral_gradient(truth);
  auto sd_truth = g_truth.reshape({count, -1}).std(1).clamp_min(1e-300);
  auto g_samples = spectral_gradient(samples), g_oracle = spectral_gradient(oracle);
  auto w1_per_field = [&](const torch::Tensor& g) {
    auto w = torch::empty({count, k}, torch::kFloat64);
    for (int64_t i = 0; i < count; ++i)
      for (int64_t j = 0; j < k; ++j) w[i][j] = wasserstein1(g[i][j], g_truth[i]) / sd_truth[i].item<double>();
    return median_per_field(w);
  };
  auto w_samples = w1_per_field(g_samples), w_oracle = w1_per_field(g_oracle);
  const double pooled_sd = g_truth.std().clamp_min(1e-300).item<double>();
  std::vector<double> edges;
  for (int64_t b = 0; b <= kPdfBins; ++b) edges.push_back(-kPdfRange + 2.0 * kPdfRange * b / kPdfBins);

  return {{"separations", separations},
          {"truth", structure(truth)},
          {"samples", structure(samples)},
          {"gaussian_oracle", structure(oracle)},
          {"gradient_w1",
           {{"units", "the truth's gradient standard deviation, per field"},
            {"samples_median", median_of(w_samples)},
            {"gaussian_oracle_median", median_of(w_oracle)},
            {"samples_per_field", to_vector(w_samples)},
            {"gaussian_oracle_per_field", to_vector(w_oracle)}}},
          {"gradient_pdf",
           {{"units", "the truths' pooled gradient standard deviation"},
            {"bin_edges", edges},
            {"truth", density(g_truth / pooled_sd)},
            {"samples", density(g_samples / pooled_sd)},
            {"gaussian_oracle", density(g_oracle / pooled_sd)}}}};
}

}  // namespace scorefield
