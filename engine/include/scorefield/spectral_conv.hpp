// Spectral convolution of a Fourier neural operator: multiply the lowest `modes` Fourier modes
// by learned complex matrices (channels in -> out), drop the rest. Its weights are indexed by
// wavenumber, not by grid index, so the same layer acts on any resolution; on a grid too small
// to hold all `modes`, only the wavenumbers the grid holds are used.
#pragma once

#include <torch/torch.h>

namespace scorefield {

struct SpectralConv2dImpl : torch::nn::Module {
  SpectralConv2dImpl(int64_t in_channels, int64_t out_channels, int64_t modes);
  torch::Tensor forward(const torch::Tensor& x);  // [B, Cin, N, N] -> [B, Cout, N, N]

  int64_t in_channels, out_channels, modes;
  // Real storage of complex weights [Cin, Cout, modes, modes, 2] (optimisers treat them as real).
  // positive: kx = 0..modes-1, negative: kx = -modes..-1; ky = 0..modes-1 (rfft half plane).
  torch::Tensor w_positive, w_negative;
};
TORCH_MODULE(SpectralConv2d);

}  // namespace scorefield
