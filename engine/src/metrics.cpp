#include "scorefield/metrics.hpp"

#include <nlohmann/json.hpp>

#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"

namespace scorefield {

torch::Tensor shell_sum(const torch::Tensor& per_mode, int64_t n) {
  const int64_t kmax = n / 2;
  auto weight = torch::full_like(per_mode, 2.0);  // the half plane stands for both +k and -k
  weight.select(1, 0).fill_(1.0);
  if (n % 2 == 0) weight.select(1, n / 2).fill_(1.0);
  auto shell = torch::round(torch::sqrt(wavenumber_squared(n, torch::kFloat64))).to(torch::kLong);
  auto keep = shell < kmax;
  auto spec = torch::zeros({kmax}, per_mode.options());
  spec.index_add_(0, shell.masked_select(keep), (per_mode * weight).masked_select(keep));
  return spec;
}

torch::Tensor energy_spectrum(const torch::Tensor& fields) {
  require(fields.dim() == 3 && fields.size(1) == fields.size(2), "fields must be [count, N, N]");
  const int64_t n = fields.size(-1);
  auto f = fields.to(torch::kCPU, torch::kFloat64);
  auto power = torch::fft::rfft2(f).abs().pow(2).mean(0) / static_cast<double>(n * n) / static_cast<double>(n * n);
  return shell_sum(power, n);
}

namespace {
// torch::quantile takes at most 2^24 values: thin larger sets with an even stride.
torch::Tensor value_sample(const torch::Tensor& t) {
  auto flat = t.flatten().to(torch::kFloat64);
  const int64_t limit = int64_t{1} << 24;
  if (flat.numel() <= limit) return flat;
  const int64_t stride = (flat.numel() + limit - 1) / limit;
  return flat.index({torch::indexing::Slice(0, torch::indexing::None, stride)});
}
}  // namespace

double wasserstein1(const torch::Tensor& a, const torch::Tensor& b) {
  // W1 = integral over q in (0,1) of |F_a^-1(q) - F_b^-1(q)|, on a common grid of quantiles.
  const int64_t q = 2048;
  auto probs = (torch::arange(q, torch::kFloat64) + 0.5) / static_cast<double>(q);
  auto qa = torch::quantile(value_sample(a), probs);
  auto qb = torch::quantile(value_sample(b), probs);
  return (qa - qb).abs().mean().item<double>();
}

torch::Tensor relative_spectrum_error(const torch::Tensor& sa, const torch::Tensor& sb) {
  const int64_t k = std::min(sa.size(0), sb.size(0));
  using torch::indexing::Slice;
  auto a = sa.index({Slice(1, k)}), b = sb.index({Slice(1, k)});
  return (a - b).abs() / b.clamp_min(1e-300);
}

std::vector<BandError> band_errors(const torch::Tensor& rel) {
  std::vector<BandError> out;
  const int kmax = static_cast<int>(rel.size(0)) + 1;  // rel[i] is shell i + 1
  for (int lo = 1; lo < kmax; lo *= 2) {
    const int hi = std::min(2 * lo, kmax);
    auto seg = rel.index({torch::indexing::Slice(lo - 1, hi - 1)});
    out.push_back({lo, hi, seg.mean().item<double>(), seg.max().item<double>()});
  }
  return out;
}

nlohmann::json compare_fields(const torch::Tensor& samples, const torch::Tensor& reference) {
  auto sa = energy_spectrum(samples), sb = energy_spectrum(reference);
  auto rel = relative_spectrum_error(sa, sb);
  nlohmann::json j;
  auto vec = [](const torch::Tensor& t) {
    auto c = t.contiguous().to(torch::kFloat64);
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
  };
  j["resolution"] = {{"samples", samples.size(-1)}, {"reference", reference.size(-1)}};
  j["count"] = {{"samples", samples.size(0)}, {"reference", reference.size(0)}};
  j["spectrum"] = {{"samples", vec(sa)}, {"reference", vec(sb)}, {"relative_error", vec(rel)}};
  j["moments"] = {
      {"samples", {{"mean", samples.mean().item<double>()}, {"variance", samples.var().item<double>()}}},
      {"reference", {{"mean", reference.mean().item<double>()}, {"variance", reference.var().item<double>()}}}};
  // Mean and variance fields (per grid point across the ensemble), compared in relative L2.
  if (samples.size(-1) == reference.size(-1)) {
    auto ms = samples.mean(0), mr = reference.mean(0), vs = samples.var(0), vr = reference.var(0);
    j["variance_field_relative_l2"] = ((vs - vr).norm() / vr.norm()).item<double>();
    j["mean_field_rms_difference"] = (ms - mr).pow(2).mean().sqrt().item<double>();
  }
  j["wasserstein1"] = wasserstein1(samples, reference);
  j["wasserstein1_relative_to_std"] = j["wasserstein1"].get<double>() / std::sqrt(reference.var().item<double>());
  nlohmann::json bands = nlohmann::json::array();
  // Each band's share of the reference's energy: where it is at the float32 rounding floor the
  // relative error divides by rounding noise and means nothing (`eval` says so instead of a number).
  const double total = sb.sum().item<double>();
  for (const auto& b : band_errors(rel)) {
    using torch::indexing::Slice;
    const double share = total > 0 ? sb.index({Slice(b.k_lo, std::min<int64_t>(b.k_hi, sb.size(0)))}).sum().item<double>() / total : 0.0;
    bands.push_back({{"k_lo", b.k_lo},
                     {"k_hi", b.k_hi},
                     {"mean_error", b.mean_error},
                     {"max_error", b.max_error},
                     {"reference_energy_fraction", share}});
  }
  j["band_errors"] = bands;
  j["mean_spectrum_error"] = rel.mean().item<double>();
  return j;
}

}  // namespace scorefield
