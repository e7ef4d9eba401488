// Spectral convolution of a Fourier neural operator: multiply the lowest `modes` Fourier modes
// by learned complex matrices (channels in -> out), drop the rest. Its weights are indexed by
// wavenumber, not by grid index, so the same layer acts on any resolution; on a grid too small
// to hold all `modes`, only the wavenumbers the grid holds are used.
//
// The transforms to and from the kept modes are truncated DFTs done as real matrix products
// (see spectral_conv.cpp): with a fixed number of modes they cost O(modes) per grid point, run at
// matrix-product speed, and avoid complex batched products, which libtorch's CPU backend runs
// one small matrix at a time.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include <torch/torch.h>

namespace scorefield {

// Real DFT matrices between an n x n grid and its kept modes (kx in 0..mp-1 and -mn..-1, ky in
// 0..mp-1), in the dtype and on the device they are used with.
struct TruncatedDft {
  int64_t mp = 0, mn = 0;
  torch::Tensor forward_y;  // [n, 2 mp]: (cos | -sin) of 2 pi ky y / n
  torch::Tensor forward_x;  // [n, 2 M]: (cos | sin) of 2 pi kx x / n, M = mp + mn kept kx
  torch::Tensor inverse_x;  // [2 M, n]: (cos ; sin) of 2 pi kx x / n
  torch::Tensor inverse_y;  // [2 mp, n]: Hermitian-weighted (cos ; -sin) of 2 pi ky y / n, / n^2
};

struct SpectralConv2dImpl : torch::nn::Module {
  SpectralConv2dImpl(int64_t in_channels, int64_t out_channels, int64_t modes);
  torch::Tensor forward(const torch::Tensor& x);  // [B, Cin, N, N] -> [B, Cout, N, N]
  // Switching between training and evaluation drops the weights kept for sampling.
  void train(bool on = true) override;

  int64_t in_channels, out_channels, modes;
  // Real storage of complex weights [Cin, Cout, modes, modes, 2] (optimisers treat them as real).
  // positive: kx = 0..modes-1, negative: kx = -modes..-1; ky = 0..modes-1 (rfft half plane).
  torch::Tensor w_positive, w_negative;

 private:
  const TruncatedDft& dft(int64_t n, const torch::TensorOptions& options);
  torch::Tensor mode_weights(int64_t mp, int64_t mn);
  std::mutex mutex_;
  std::map<std::tuple<int64_t, int, std::string>, TruncatedDft> dft_cache_;
  // The weights in the layout of the mode-wise product, kept between calls in evaluation mode
  // without autograd (sampling), and rebuilt when mp, mn or the parameters' storage or version
  // change. libtorch's optimisers update parameters without bumping their version counters, which
  // is why the cache also ends at every train()/eval() switch and is never used in training mode.
  torch::Tensor mode_weights_;
  std::tuple<int64_t, int64_t, uint32_t, uint32_t, const void*> mode_weights_key_{};
};
TORCH_MODULE(SpectralConv2d);

}  // namespace scorefield
