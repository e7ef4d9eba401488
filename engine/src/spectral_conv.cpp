#include "scorefield/spectral_conv.hpp"

#include <cmath>

namespace scorefield {

using torch::indexing::Slice;

SpectralConv2dImpl::SpectralConv2dImpl(int64_t in, int64_t out, int64_t m)
    : in_channels(in), out_channels(out), modes(m) {
  const double scale = 1.0 / static_cast<double>(in * out);
  w_positive = register_parameter("w_positive", scale * torch::rand({in, out, m, m, 2}));
  w_negative = register_parameter("w_negative", scale * torch::rand({in, out, m, m, 2}));
}

namespace {

// cos and sin of 2 pi k j / n for the wavenumbers k (rows) and grid indices j (columns), with
// the phase reduced modulo n in integers so that large n loses no accuracy.
std::pair<torch::Tensor, torch::Tensor> phases(const torch::Tensor& k, int64_t n) {
  auto j = torch::arange(n, torch::kInt64);
  auto angle = torch::remainder(k.view({-1, 1}) * j.view({1, -1}), n).to(torch::kFloat64) * (2.0 * M_PI / n);
  return {torch::cos(angle), torch::sin(angle)};
}

TruncatedDft make_dft(int64_t n, int64_t modes, const torch::TensorOptions& options) {
  TruncatedDft d;
  // Wavenumbers strictly below the grid's Nyquist: |kx|, ky < n/2.
  const int64_t half = (n + 1) / 2;  // count of k in 0..half-1 with k < n/2
  d.mp = std::min(modes, half);
  d.mn = std::min(modes, half - 1);
  auto ky = torch::arange(d.mp, torch::kInt64);
  auto kx = torch::cat({ky, torch::arange(n - d.mn, n, torch::kInt64)});  // 0..mp-1, -mn..-1
  auto [cy, sy] = phases(ky, n);  // [mp, n]
  auto [cx, sx] = phases(kx, n);  // [M, n]
  d.forward_y = torch::cat({cy, -sy}).t().contiguous();
  d.forward_x = torch::cat({cx, sx}).t().contiguous();
  d.inverse_x = torch::cat({cx, sx});
  // irfft's Hermitian weights: ky = 0 once (its imaginary part ignored), every other ky twice;
  // no kept ky is the Nyquist one. 1/n^2 is the inverse transform's normalisation.
  auto weight = torch::full({d.mp, 1}, 2.0 / static_cast<double>(n * n), torch::kFloat64);
  weight[0] = 1.0 / static_cast<double>(n * n);
  d.inverse_y = torch::cat({cy * weight, -sy * weight});
  for (auto* t : {&d.forward_y, &d.forward_x, &d.inverse_x, &d.inverse_y}) *t = t->to(options);
  return d;
}

}  // namespace

const TruncatedDft& SpectralConv2dImpl::dft(int64_t n, const torch::TensorOptions& options) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto key = std::make_tuple(n, static_cast<int>(options.dtype().toScalarType()), options.device().str());
  auto it = dft_cache_.find(key);
  if (it == dft_cache_.end()) {
    // Ordinary tensors even when first asked for in inference mode: training saves them for backward.
    c10::InferenceMode not_inference(false);
    torch::NoGradGuard no_grad;
    it = dft_cache_.emplace(key, make_dft(n, modes, options)).first;
  }
  return it->second;
}

// [mp M, Ci, 2 Co]: for each kept mode (ky, kx), the complex matrix Ci -> Co with columns (re, im).
torch::Tensor SpectralConv2dImpl::mode_weights(int64_t mp, int64_t mn) {
  auto build = [&] {
    auto w = torch::cat({w_positive.index({Slice(), Slice(), Slice(0, mp), Slice(0, mp)}),
                         w_negative.index({Slice(), Slice(), Slice(modes - mn, modes), Slice(0, mp)})},
                        2);  // [Ci, Co, M, mp, 2]
    return w.permute({3, 2, 0, 4, 1}).reshape({mp * (mp + mn), in_channels, 2 * out_channels});
  };
  // Training: part of the graph. Parameters made in inference mode have no version counter.
  if (is_training() || torch::GradMode::is_enabled() || w_positive.is_inference()) return build();
  std::lock_guard<std::mutex> lock(mutex_);
  auto key = std::make_tuple(mp, mn, w_positive._version(), w_negative._version(), w_positive.data_ptr());
  if (!mode_weights_.defined() || key != mode_weights_key_) {
    mode_weights_ = build();
    mode_weights_key_ = key;
  }
  return mode_weights_;
}

void SpectralConv2dImpl::train(bool on) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    mode_weights_ = torch::Tensor();
  }
  torch::nn::Module::train(on);
}

// All in real arithmetic (re and im as separate blocks), and every product has the batched data
// on the left, contiguous, and a DFT matrix on the right, which libtorch folds into one matrix
// product (a transposed left operand makes it loop over small matrices instead):
//   forward: A = x Fy (along y: [.., n, 2mp]), G = A^T Fx^T (along x: [.., 2mp, 2M]), from which
//            X = Xr + i Xi on the kept modes, [.., ky, kx];
//   mixing:  O[b, o, k] = sum_i X[b, i, k] W[i, o, k], one real batched product over the modes;
//   inverse: the mirror image, x direction then y direction with irfft's weights.
torch::Tensor SpectralConv2dImpl::forward(const torch::Tensor& x) {
  const int64_t b = x.size(0), n = x.size(-1), ci = in_channels, co = out_channels;
  const auto& d = dft(n, x.options());
  const int64_t mp = d.mp, mn = d.mn, m = mp + mn;

  auto g = torch::matmul(torch::matmul(x, d.forward_y).transpose(-1, -2).contiguous(), d.forward_x);  // [B, Ci, 2mp, 2M]
  auto re_cos = g.narrow(-2, 0, mp).narrow(-1, 0, m), im_cos = g.narrow(-2, mp, mp).narrow(-1, 0, m);
  auto re_sin = g.narrow(-2, 0, mp).narrow(-1, m, m), im_sin = g.narrow(-2, mp, mp).narrow(-1, m, m);
  // Rows: (re, im) x batch; one product then gives Xr Wr, Xr Wi, Xi Wr, Xi Wi.
  auto xs = torch::stack({re_cos + im_sin, im_cos - re_sin})  // [2, B, Ci, mp, M]
                .permute({3, 4, 0, 1, 2})
                .reshape({mp * m, 2 * b, ci});
  auto p = torch::bmm(xs, mode_weights(mp, mn)).view({mp, m, 2, b, 2, co});
  auto out_r = (p.select(2, 0).select(3, 0) - p.select(2, 1).select(3, 1)).permute({2, 3, 0, 1});  // [B, Co, mp, M]
  auto out_i = (p.select(2, 0).select(3, 1) + p.select(2, 1).select(3, 0)).permute({2, 3, 0, 1});
  // [[Or, -Oi], [Oi, Or]] so that one product along x yields (Br ; Bi).
  auto o = torch::cat({torch::cat({out_r, -out_i}, -1), torch::cat({out_i, out_r}, -1)}, -2);  // [B, Co, 2mp, 2M]
  return torch::matmul(torch::matmul(o, d.inverse_x).transpose(-1, -2).contiguous(), d.inverse_y);
}

}  // namespace scorefield
