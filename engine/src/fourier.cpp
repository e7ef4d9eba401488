#include "scorefield/fourier.hpp"

#include "scorefield/error.hpp"

namespace scorefield {

namespace {
// Signed integer wavenumbers along a full axis of length n: 0, 1, ..., -1.
torch::Tensor full_axis(int64_t n, const torch::TensorOptions& opts) {
  auto k = torch::arange(n, opts);
  return torch::where(k >= (n + 1) / 2, k - n, k);
}
}  // namespace

torch::Tensor wavenumber_squared(int64_t n, const torch::TensorOptions& opts) {
  auto kx = full_axis(n, opts).unsqueeze(1);
  auto ky = torch::arange(n / 2 + 1, opts).unsqueeze(0);
  return kx * kx + ky * ky;
}

torch::Tensor non_nyquist_mask(int64_t n, const torch::TensorOptions& opts) {
  auto kx = full_axis(n, opts).abs().unsqueeze(1);
  auto ky = torch::arange(n / 2 + 1, opts).unsqueeze(0);
  const double half = static_cast<double>(n) / 2.0;
  return ((kx < half) & (ky < half)).to(opts.dtype());
}

torch::Tensor half_spectrum_weights(int64_t n) {
  auto w = non_nyquist_mask(n, torch::kFloat64);
  w.select(1, 0).mul_(0.5);
  return w;
}

torch::Tensor apply_multiplier(const torch::Tensor& x, const torch::Tensor& m) {
  const int64_t n = x.size(-1);
  auto xh = torch::fft::rfft2(x);
  return torch::fft::irfft2(xh * m, std::vector<int64_t>{n, n});
}

torch::Tensor spectral_resize(const torch::Tensor& x, int64_t m) {
  const int64_t n = x.size(-1);
  require(x.size(-2) == n, "spectral_resize needs square fields");
  require(m >= 2, "target resolution must be >= 2");
  if (m == n) return x;
  auto xh = torch::fft::rfft2(x);
  const int64_t keep = std::min((n + 1) / 2, (m + 1) / 2);  // |k| < keep on both grids, no Nyquist
  auto sizes = xh.sizes().vec();
  sizes[sizes.size() - 2] = m;
  sizes[sizes.size() - 1] = m / 2 + 1;
  auto out = torch::zeros(sizes, xh.options());
  using torch::indexing::Ellipsis;
  using torch::indexing::Slice;
  out.index_put_({Ellipsis, Slice(0, keep), Slice(0, keep)}, xh.index({Ellipsis, Slice(0, keep), Slice(0, keep)}));
  if (keep > 1)
    out.index_put_({Ellipsis, Slice(m - keep + 1, m), Slice(0, keep)},
                   xh.index({Ellipsis, Slice(n - keep + 1, n), Slice(0, keep)}));
  // rfft2 is unnormalised forward; rescale so grid values of the same function are kept.
  const double scale = static_cast<double>(m * m) / static_cast<double>(n * n);
  return torch::fft::irfft2(out * scale, std::vector<int64_t>{m, m});
}

}  // namespace scorefield
