#include "scorefield/spectral_conv.hpp"

namespace scorefield {

using torch::indexing::Slice;

SpectralConv2dImpl::SpectralConv2dImpl(int64_t in, int64_t out, int64_t m)
    : in_channels(in), out_channels(out), modes(m) {
  const double scale = 1.0 / static_cast<double>(in * out);
  w_positive = register_parameter("w_positive", scale * torch::rand({in, out, m, m, 2}));
  w_negative = register_parameter("w_negative", scale * torch::rand({in, out, m, m, 2}));
}

namespace {
// [B, Cin, X, Y] x [Cin, Cout, X, Y] -> [B, Cout, X, Y] as one batched matrix product over modes.
torch::Tensor mix_channels(const torch::Tensor& x, const torch::Tensor& w) {
  const auto b = x.size(0), ci = x.size(1), nx = x.size(2), ny = x.size(3), co = w.size(1);
  auto xm = x.permute({2, 3, 0, 1}).reshape({nx * ny, b, ci});
  auto wm = w.permute({2, 3, 0, 1}).reshape({nx * ny, ci, co});
  return torch::bmm(xm, wm).reshape({nx, ny, b, co}).permute({2, 3, 0, 1});
}
}  // namespace

// Only the kept modes are transformed in the second direction: the 2-D FFT is a real FFT along y
// (all rows) followed by a complex FFT along x of the mp kept ky columns only, and the inverse
// mirrors it (irfft zero-pads the ky columns it is not given). Same result as rfft2/irfft2 of
// the full spectrum, with the x-direction passes on mp instead of N/2 + 1 columns.
torch::Tensor SpectralConv2dImpl::forward(const torch::Tensor& x) {
  const int64_t n = x.size(-1);
  // Wavenumbers strictly below the grid's Nyquist: |kx|, ky < n/2.
  const int64_t half = (n + 1) / 2;              // count of kx in 0..half-1 with kx < n/2
  const int64_t mp = std::min(modes, half);      // positive kx (and ky) kept
  const int64_t mn = std::min(modes, half - 1);  // negative kx kept: -mn..-1
  auto xh = torch::fft::fft(torch::fft::rfft(x, c10::nullopt, -1).narrow(-1, 0, mp), c10::nullopt, -2);
  auto out = torch::zeros({x.size(0), out_channels, n, mp}, xh.options());
  auto wp = torch::view_as_complex(w_positive.index({Slice(), Slice(), Slice(0, mp), Slice(0, mp)}).contiguous());
  out.narrow(-2, 0, mp).copy_(mix_channels(xh.narrow(-2, 0, mp), wp));
  if (mn > 0) {
    auto wn = torch::view_as_complex(
        w_negative.index({Slice(), Slice(), Slice(modes - mn, modes), Slice(0, mp)}).contiguous());
    out.narrow(-2, n - mn, mn).copy_(mix_channels(xh.narrow(-2, n - mn, mn), wn));
  }
  return torch::fft::irfft(torch::fft::ifft(out, c10::nullopt, -2), n, -1);
}

}  // namespace scorefield
