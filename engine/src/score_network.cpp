#include "scorefield/score_network.hpp"

#include <cmath>

#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/spectral_prior.hpp"

namespace scorefield {

namespace F = torch::nn::functional;

namespace {
constexpr int64_t kCoordChannels = 4;  // cos/sin of 2 pi x and 2 pi y: periodic, resolution-free

torch::Tensor coordinate_channels(int64_t b, int64_t n, const torch::TensorOptions& opts) {
  auto t = torch::arange(n, opts) * (2.0 * M_PI / static_cast<double>(n));
  auto gx = t.view({n, 1}).expand({n, n});
  auto gy = t.view({1, n}).expand({n, n});
  return torch::stack({torch::cos(gx), torch::sin(gx), torch::cos(gy), torch::sin(gy)})
      .unsqueeze(0)
      .expand({b, kCoordChannels, n, n});
}

// Sinusoidal features of log sigma at geometric frequencies 1 .. 2^5.
torch::Tensor level_features(const torch::Tensor& sigma, int64_t dim) {
  const int64_t half = dim / 2;
  auto freqs = torch::pow(2.0, torch::linspace(0.0, 5.0, half, sigma.options()));
  auto arg = torch::log(sigma).unsqueeze(1) * freqs.unsqueeze(0) * 0.25;
  return torch::cat({torch::cos(arg), torch::sin(arg)}, 1);
}

torch::nn::Conv2d pointwise_conv(int64_t in, int64_t out) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1));
}
}  // namespace

ScoreNetworkImpl::ScoreNetworkImpl(const NetworkConfig& c, double v_c) : cfg(c), noise_point_variance(v_c) {
  require(v_c > 0 && std::isfinite(v_c), "noise point variance must be finite and > 0");
  const int64_t w = cfg.width;
  embed1 = register_module("embed1", torch::nn::Linear(cfg.embed_dim, 2 * cfg.embed_dim));
  embed2 = register_module("embed2", torch::nn::Linear(2 * cfg.embed_dim, 2 * cfg.embed_dim));
  lift = register_module("lift", pointwise_conv(1 + kCoordChannels + cfg.cond_channels, w));
  spectral = register_module("spectral", torch::nn::ModuleList());
  pointwise = register_module("pointwise", torch::nn::ModuleList());
  level_bias = register_module("level_bias", torch::nn::ModuleList());
  for (int l = 0; l < cfg.layers; ++l) {
    spectral->push_back(SpectralConv2d(w, w, cfg.modes));
    pointwise->push_back(pointwise_conv(w, w));
    level_bias->push_back(torch::nn::Linear(2 * cfg.embed_dim, 2 * w));
  }
  if (cfg.radial_filters) {  // registered only when used, so older model files keep their layout
    radial_in = register_module("radial_in", torch::nn::ModuleList());
    radial_out = register_module("radial_out", torch::nn::ModuleList());
    for (int l = 0; l < cfg.layers; ++l) {
      radial_in->push_back(torch::nn::Linear(1, 16));
      radial_out->push_back(torch::nn::Linear(16, w));
    }
  }
  require(cfg.prior_shells >= 0, "network.prior_shells must be >= 0");
  if (cfg.prior_shells > 0) log_prior = register_buffer("log_prior", torch::zeros({cfg.prior_shells}));
  require(!cfg.conditional_prior || cfg.cond_channels == 1,
          "network.conditional_prior needs a super-resolution model (model.task = \"superres\")");
  if (cfg.conditional_prior && cfg.prior_shells > 0)
    log_energy = register_buffer("log_energy", torch::zeros({cfg.prior_shells}));
  shrink1 = register_module("shrink1", torch::nn::Linear(1, 16));
  shrink2 = register_module("shrink2", torch::nn::Linear(16, 1));
  project1 = register_module("project1", pointwise_conv(w, 2 * w));
  project2 = register_module("project2", pointwise_conv(2 * w, 1));
}

torch::Tensor ScoreNetworkImpl::trunk(const torch::Tensor& x_in, const torch::Tensor& sigma, const torch::Tensor& cond) {
  const int64_t b = x_in.size(0), n = x_in.size(-1);
  const auto dtype = lift->weight.scalar_type();
  // Coordinates and level features are made in the caller's dtype (bfloat16 cannot count to n).
  std::vector<torch::Tensor> inputs{x_in.unsqueeze(1), coordinate_channels(b, n, x_in.options())};
  if (cfg.cond_channels > 0) inputs.push_back(cond);
  auto h = lift(torch::cat(inputs, 1).to(dtype));
  auto e = F::gelu(embed1(level_features(sigma, cfg.embed_dim).to(dtype)));
  e = F::gelu(embed2(e));
  for (int l = 0; l < cfg.layers; ++l) {
    // Feature-wise modulation by the noise level: a scale and a shift per channel.
    auto film = level_bias[l]->as<torch::nn::Linear>()->forward(e).unsqueeze(-1).unsqueeze(-1).chunk(2, 1);
    auto z = spectral[l]->as<SpectralConv2d>()->forward(h) + pointwise[l]->as<torch::nn::Conv2d>()->forward(h);
    if (cfg.radial_filters) z = z + radial_filter(l, h);
    h = z;
    h = torch::addcmul(film[1], h, 1.0 + film[0]);  // h (1 + scale) + shift in one pass
    if (l + 1 < cfg.layers) h = F::gelu(h);
  }
  return project2(F::gelu(project1(h))).squeeze(1);
}

torch::Tensor ScoreNetworkImpl::radial_filter(int l, const torch::Tensor& h) {
  const int64_t n = h.size(-1);
  // Filter values in h's dtype; the FFT in float32 at least (no bfloat16 FFT on the CPU).
  auto fft_dtype = h.scalar_type() == torch::kDouble ? torch::kDouble : torch::kFloat;
  auto log_k = torch::log1p(torch::sqrt(wavenumber_squared(n, h.options().dtype(fft_dtype)))).unsqueeze(-1);
  auto r = radial_out[l]->as<torch::nn::Linear>()->forward(
      F::gelu(radial_in[l]->as<torch::nn::Linear>()->forward(log_k.to(h.scalar_type()))));
  auto spectrum = torch::fft::rfft2(h.to(fft_dtype)) * r.permute({2, 0, 1}).to(fft_dtype);
  return torch::fft::irfft2(spectrum, std::vector<int64_t>{n, n}).to(h.scalar_type());
}

torch::Tensor ScoreNetworkImpl::forward(const torch::Tensor& x, const torch::Tensor& sigma, const torch::Tensor& cond,
                                        ScoreNetworkImpl* trunk_net, int64_t coarse) {
  const int64_t b = x.size(0), n = x.size(-1);
  auto s2 = (sigma * sigma * noise_point_variance).view({b, 1, 1});
  auto c_in = torch::rsqrt(1.0 + s2);
  auto g = (trunk_net ? trunk_net : this)->trunk(x * c_in, sigma, cond).to(x.scalar_type());
  // Spectral skip S_sigma (see the header), applied in Fourier space.
  auto log_k = torch::log1p(torch::sqrt(wavenumber_squared(n, x.options()))).unsqueeze(-1);
  auto phi = shrink2(F::gelu(shrink1(log_k))).squeeze(-1);
  if (cfg.prior_shells > 0) phi = phi + spectral_prior_at_modes(log_prior, n, x.options());
  phi = phi.unsqueeze(0);
  if (log_energy.defined() && coarse > 0)
    phi = phi + conditional_prior_shift(cond.select(1, 0), coarse, log_energy, cfg.conditional_slope);
  auto log_ratio = torch::log(s2) - phi;
  auto skip = torch::fft::irfft2(torch::fft::rfft2(x) * torch::sigmoid(log_ratio), std::vector<int64_t>{n, n});
  if (cfg.gated_trunk) {
    // sqrt(1 - S) = sqrt(sigmoid(-log_ratio)), exact where S rounds to 1. A mode buried in noise
    // (S -> 1) must be driven by -S x alone: on the fine shells of a smooth field the noise
    // outweighs the data over most of the levels, and a relative error d in F there compounds
    // along the flow into a factor (sigma_max / sigma_freeze)^(2d) in the sample's energy.
    auto gate = torch::sqrt(torch::sigmoid(-log_ratio));
    g = torch::fft::irfft2(torch::fft::rfft2(g) * gate, std::vector<int64_t>{n, n});
  }
  return -skip + torch::sqrt(s2) * c_in * g;
}

ScoreNetwork copy_network(const ScoreNetwork& net, torch::Device device) {
  ScoreNetwork copy(net->cfg, net->noise_point_variance);
  copy->to(device);
  torch::NoGradGuard no_grad;
  auto src = net->parameters();
  auto dst = copy->parameters();
  for (size_t i = 0; i < src.size(); ++i) dst[i].copy_(src[i]);
  auto src_buffers = net->buffers();
  auto dst_buffers = copy->buffers();
  for (size_t i = 0; i < src_buffers.size(); ++i) dst_buffers[i].copy_(src_buffers[i]);
  return copy;
}

}  // namespace scorefield
