// Micro-benchmarks of the engine's hot path (Google Benchmark), at N = 64, 128, 256:
// noise sampling, one spectral convolution, the score network forward (inference) and
// forward + backward (training), and one probability-flow ODE step (two network evaluations).
// The network is the default one (width 32, 12 modes, 4 layers), batch 4.
//   build/bin/scorefield_bench_micro [--benchmark_filter=...] [--threads T]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>

#include <torch/torch.h>

#include "scorefield/cpu_runtime.hpp"
#include "scorefield/config.hpp"
#include "scorefield/device.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/sampler.hpp"
#include "scorefield/score_network.hpp"
#include "scorefield/spectral_conv.hpp"

namespace {

constexpr int64_t kBatch = 4;

scorefield::ScoreNetwork make_network() {
  torch::manual_seed(0);
  return scorefield::ScoreNetwork(scorefield::NetworkConfig{}, 1.0);
}

void noise_sampling(benchmark::State& state) {
  const int64_t n = state.range(0);
  scorefield::GaussianMeasure noise(scorefield::NoiseConfig{});
  auto gen = scorefield::make_generator(torch::kCPU, 1);
  for (auto _ : state) benchmark::DoNotOptimize(noise.sample(kBatch, n, 1.0, gen, torch::kFloat32));
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void spectral_convolution(benchmark::State& state) {
  const int64_t n = state.range(0);
  scorefield::SpectralConv2d conv(32, 32, 12);  // parameters made outside inference, as when loaded
  conv->eval();
  torch::InferenceMode guard;
  auto x = torch::randn({kBatch, 32, n, n});
  for (auto _ : state) benchmark::DoNotOptimize(conv->forward(x));
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void pointwise_convolution(benchmark::State& state) {
  const int64_t n = state.range(0);
  torch::InferenceMode guard;
  torch::nn::Conv2d conv(torch::nn::Conv2dOptions(32, 32, 1));
  auto x = torch::randn({kBatch, 32, n, n});
  for (auto _ : state) benchmark::DoNotOptimize(conv->forward(x));
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void network_forward(benchmark::State& state) {
  const int64_t n = state.range(0);
  auto net = make_network();
  net->eval();  // as the samplers run it
  torch::InferenceMode guard;
  auto x = torch::randn({kBatch, n, n});
  auto sigma = torch::full({kBatch}, 0.5);
  for (auto _ : state) benchmark::DoNotOptimize(net->forward(x, sigma));
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void network_forward_backward(benchmark::State& state) {
  const int64_t n = state.range(0);
  auto net = make_network();
  auto x = torch::randn({kBatch, n, n});
  auto sigma = torch::full({kBatch}, 0.5);
  for (auto _ : state) {
    net->zero_grad();
    auto loss = net->forward(x, sigma).pow(2).mean();
    loss.backward();
    benchmark::DoNotOptimize(loss);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void ode_sampler_step(benchmark::State& state) {
  const int64_t n = state.range(0);
  auto net = make_network();
  net->eval();  // as the samplers run it
  torch::InferenceMode guard;
  scorefield::ScoreFn score = [&net](const torch::Tensor& x, double s) {
    return net->forward(x, torch::full({x.size(0)}, s));
  };
  scorefield::SamplerOptions options;
  options.kind = scorefield::SamplerKind::Ode;
  options.steps = 1;
  scorefield::GaussianMeasure noise(scorefield::NoiseConfig{});
  auto gen = scorefield::make_generator(torch::kCPU, 2);
  for (auto _ : state)
    benchmark::DoNotOptimize(scorefield::run_sampler(score, noise, scorefield::LevelsConfig{}, options, kBatch, n, gen,
                                                     torch::kFloat32));
  state.SetItemsProcessed(state.iterations() * kBatch);
}

}  // namespace

BENCHMARK(noise_sampling)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(spectral_convolution)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(pointwise_convolution)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(network_forward)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(network_forward_backward)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(ode_sampler_step)->Arg(64)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  // --threads T (ours, removed before Google Benchmark parses the rest): libtorch's threads.
  scorefield::configure_cpu_runtime();  // BLAS threads and allocator, as the engine's tools run
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      scorefield::configure_cpu_runtime(std::atoi(argv[++i]));
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
