// The FNO score network: one set of parameters for every grid size.
#include <gtest/gtest.h>

#include "scorefield/fourier.hpp"
#include "scorefield/score_network.hpp"

using namespace scorefield;

namespace {
NetworkConfig small_config(int cond = 0, bool radial = false) {
  NetworkConfig c;
  c.radial_filters = radial;
  c.width = 8;
  c.modes = 6;
  c.layers = 2;
  c.embed_dim = 8;
  c.cond_channels = cond;
  return c;
}
}  // namespace

TEST(ScoreNetwork, RunsOnAnyResolutionIncludingBelowModeCount) {
  for (bool radial : {false, true}) {
    torch::manual_seed(0);
    ScoreNetwork net(small_config(0, radial), 1.0);
    const auto params = net->parameters().size();
    for (int64_t n : {4, 8, 12, 16, 33, 64}) {  // 4 and 8 hold fewer than 6 modes per direction
      auto x = torch::randn({2, n, n});
      auto out = net->forward(x, torch::full({2}, 0.5));
      EXPECT_EQ(out.sizes(), x.sizes()) << "N=" << n << " radial " << radial;
      EXPECT_TRUE(torch::isfinite(out).all().item<bool>()) << "N=" << n << " radial " << radial;
    }
    EXPECT_EQ(net->parameters().size(), params);
  }
}

// The truncated-DFT spectral convolution against its definition through the FFT: rfft2, the
// kept modes (kx in 0..mp-1 and -mn..-1, ky in 0..mp-1, all below the Nyquist wavenumber)
// multiplied by the complex weights, irfft2. In float64 the two agree to rounding (1e-10 of the
// output's scale, a bound far above double rounding of sums of a few thousand terms and far below
// any modelling error), at even and odd sizes, below the mode count and above it.
TEST(SpectralConv, EqualsTheFftDefinition) {
  torch::manual_seed(3);
  const int64_t modes = 6, ci = 3, co = 4;
  SpectralConv2d conv(ci, co, modes);
  conv->to(torch::kFloat64);
  for (int64_t n : {1, 4, 5, 8, 13, 32, 64}) {
    auto x = torch::randn({2, ci, n, n}, torch::kFloat64);
    const int64_t half = (n + 1) / 2, mp = std::min(modes, half), mn = std::min(modes, half - 1);
    auto xh = torch::fft::rfft2(x);
    auto spectrum = torch::zeros({2, co, n, n / 2 + 1}, xh.options());
    auto wp = torch::view_as_complex(conv->w_positive.detach().contiguous());
    auto wn = torch::view_as_complex(conv->w_negative.detach().contiguous());
    for (int64_t kx = -mn; kx < mp; ++kx) {
      for (int64_t ky = 0; ky < mp; ++ky) {
        auto w = kx >= 0 ? wp.index({torch::indexing::Slice(), torch::indexing::Slice(), kx, ky})
                         : wn.index({torch::indexing::Slice(), torch::indexing::Slice(), modes + kx, ky});
        const int64_t row = (kx + n) % n;
        auto xin = xh.index({torch::indexing::Slice(), torch::indexing::Slice(), row, ky});  // [2, Ci]
        spectrum.index_put_({torch::indexing::Slice(), torch::indexing::Slice(), row, ky}, torch::matmul(xin, w));
      }
    }
    auto expected = torch::fft::irfft2(spectrum, std::vector<int64_t>{n, n});
    auto got = conv->forward(x);
    ASSERT_EQ(got.sizes(), expected.sizes()) << "N=" << n;
    const double scale = expected.abs().max().item<double>() + 1e-300;
    EXPECT_LT((got - expected).abs().max().item<double>(), 1e-10 * std::max(scale, 1.0)) << "N=" << n;
  }
}

// Sampling (evaluation, inference mode) and training share a network in one process, as in a
// trainer that samples between steps: what the spectral layers keep between calls must not leak
// inference-only tensors into training's graph, and the weights kept for sampling must follow an
// optimiser step (which libtorch makes without bumping version counters).
TEST(SpectralConv, InferenceThenTrainingThenInference) {
  torch::manual_seed(4);
  SpectralConv2d conv(2, 2, 4);
  auto x = torch::randn({1, 2, 16, 16});
  torch::Tensor before;
  {
    conv->eval();
    torch::InferenceMode guard;
    before = conv->forward(x).clone();
  }
  conv->train();
  auto loss = conv->forward(x).pow(2).sum();
  ASSERT_NO_THROW(loss.backward());
  torch::optim::SGD sgd(conv->parameters(), 0.1);
  sgd.step();
  torch::Tensor after, fresh;
  {
    conv->eval();
    torch::InferenceMode guard;
    after = conv->forward(x);
  }
  {
    torch::NoGradGuard no_grad;
    SpectralConv2d copy(2, 2, 4);
    copy->w_positive.copy_(conv->w_positive);
    copy->w_negative.copy_(conv->w_negative);
    fresh = copy->forward(x);
  }
  EXPECT_GT((after - before).abs().max().item<double>(), 1e-6);  // the step changed the layer
  EXPECT_LT((after - fresh).abs().max().item<double>(), 1e-6);    // and sampling follows it
}

// The operator acts on functions: a band-limited field given on a 32 grid and on a 64 grid
// (the same function) gives outputs whose low modes agree. The pointwise nonlinearity creates
// harmonics a coarse grid aliases, so the agreement is close, not exact: relative 5%.
// The radial filters are functions of the physical |k|, so they keep that property.
TEST(ScoreNetwork, OutputIsConsistentAcrossResolutions) {
  for (bool radial : {false, true}) {
    torch::manual_seed(1);
    ScoreNetwork net(small_config(0, radial), 1.0);
    auto coarse = spectral_resize(torch::randn({1, 8, 8}, torch::kFloat64), 32).to(torch::kFloat32);
    auto fine = spectral_resize(coarse, 64);
    auto s = torch::full({1}, 0.3);
    torch::NoGradGuard ng;
    auto oc = spectral_resize(net->forward(coarse, s), 8);
    auto of = spectral_resize(net->forward(fine, s), 8);
    EXPECT_LT(((oc - of).norm() / of.norm()).item<double>(), 0.05) << "radial " << radial;
  }
}

TEST(ScoreNetwork, ConditioningChannelsChangeTheOutput) {
  torch::manual_seed(2);
  ScoreNetwork net(small_config(1), 1.0);
  auto x = torch::randn({1, 16, 16});
  auto s = torch::full({1}, 1.0);
  torch::NoGradGuard ng;
  auto a = net->forward(x, s, torch::zeros({1, 1, 16, 16}));
  auto b = net->forward(x, s, torch::ones({1, 1, 16, 16}));
  EXPECT_GT((a - b).abs().max().item<double>(), 1e-6);
}

TEST(ScoreNetwork, GradientsReachEveryParameter) {
  for (bool radial : {false, true}) {
    torch::manual_seed(3);
    ScoreNetwork net(small_config(0, radial), 1.0);
    auto out = net->forward(torch::randn({2, 16, 16}), torch::tensor({0.1f, 2.0f}));
    out.pow(2).sum().backward();
    for (const auto& p : net->named_parameters())
      EXPECT_GT(p.value().grad().abs().sum().item<double>(), 0.0) << p.key() << " radial " << radial;
  }
}

// With s^2 = sigma^2 v_C large the preconditioned form makes F(x) -> -x: all noise is removed.
TEST(ScoreNetwork, LargeNoiseLimitRemovesTheInput) {
  torch::manual_seed(4);
  ScoreNetwork net(small_config(), 1.0);
  auto x = torch::randn({1, 16, 16}) * 1e4;
  torch::NoGradGuard ng;
  auto f = net->forward(x, torch::full({1}, 1e4));
  EXPECT_LT(((f + x).norm() / x.norm()).item<double>(), 1e-2);
}
