// End-to-end throughput of the engine, printed as JSON lines that pipelines/benchmark_vs_pytorch.sh
// sets beside the PyTorch reference (tests/bench/reference_fno.py), which runs the same network,
// loss and samplers with the same sizes, counts of network evaluations and threads:
//   sample   B samples per sampler at each N: ODE (Heun, 16 steps), SDE (32 steps), annealed
//            Langevin (16 levels x 2 steps): 32 network evaluations each;
//   train    denoising score matching steps (L2 loss, Adam) at N = 64, batch 8;
//   scaling  one sample with 8 ODE steps at N = 32 .. 256 (cost against resolution);
//   forward  one network forward of a batch at each N (for the achieved FLOP rate);
//   peak     a 2048 x 2048 float matrix product through the same BLAS (the machine's attainable rate);
//   memory   the process's peak resident memory.
// With --precision bf16|tf32 the samplers and the forward run in that precision (precision.hpp)
// and their lines say so in "detail"; training stays float32.
// Usage: scorefield_bench_e2e [--threads T] [--device cpu|cuda[:K]] [--precision fp32|tf32|bf16] [--quick]
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "scorefield/cpu_runtime.hpp"
#include "scorefield/config.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/sampler.hpp"
#include "scorefield/score_network.hpp"

namespace sf = scorefield;

namespace {

// Best of `repeats` timed runs after one warm-up run (first-call costs: allocations, FFT plans).
double best_seconds(int repeats, const std::function<void()>& run) {
  run();
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

void emit(const std::string& what, const std::string& detail, int64_t n, double seconds, double per_second) {
  std::printf("{\"impl\": \"libtorch-cpp\", \"what\": \"%s\", \"detail\": \"%s\", \"n\": %lld, \"seconds\": %.6g, "
              "\"per_second\": %.6g}\n",
              what.c_str(), detail.c_str(), static_cast<long long>(n), seconds, per_second);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  scorefield::configure_cpu_runtime();  // BLAS threads and allocator, as the engine's tools run
  bool quick = false;
  std::string device_name = "cpu", precision_name = "fp32";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) scorefield::configure_cpu_runtime(std::atoi(argv[++i]));
    else if (std::strcmp(argv[i], "--device") == 0 && i + 1 < argc) device_name = argv[++i];
    else if (std::strcmp(argv[i], "--precision") == 0 && i + 1 < argc) precision_name = argv[++i];
    else if (std::strcmp(argv[i], "--quick") == 0) quick = true;
  }
  torch::Device device = torch::kCPU;
  sf::Precision precision = sf::Precision::Float32;
  try {
    device = sf::parse_device(device_name);
    precision = sf::parse_precision(precision_name);
    sf::check_precision(precision, device);
  } catch (const sf::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  // GPU work is asynchronous: a timed run ends when the device has finished.
  auto sync = [&] {
    if (device.is_cuda()) torch::cuda::synchronize();
  };
  const sf::NoiseConfig noise_cfg{};
  const sf::GaussianMeasure noise(noise_cfg);
  torch::manual_seed(0);
  sf::ScoreNetwork net(sf::NetworkConfig{}, noise.pointwise_variance(64));
  net->to(device);
  const sf::LevelsConfig levels{};
  auto gen = sf::make_generator(device, 3);
  // bf16: the trunk runs in a bfloat16 copy, as ScoreModel does it.
  sf::ScoreNetwork low{nullptr};
  if (precision == sf::Precision::BFloat16) {
    low = sf::copy_network(net, device);
    low->to(torch::kBFloat16);
    low->eval();
  }
  sf::ScoreNetworkImpl* trunk = low.is_empty() ? nullptr : low.get();
  const std::string suffix = precision == sf::Precision::Float32 ? "" : " " + sf::to_string(precision);
  sf::ScoreFn score = [&net, &f32, trunk](const torch::Tensor& x, double s) {
    return net->forward(x, torch::full({x.size(0)}, s, f32), {}, trunk);
  };
  const std::vector<int64_t> sizes = quick ? std::vector<int64_t>{32} : std::vector<int64_t>{64, 128, 256};
  const int64_t batch = 4;
  const int repeats = quick ? 1 : 2;

  {
    torch::InferenceMode guard;
    sf::PrecisionScope precision_scope(precision);
    net->eval();
    struct Kind {
      const char* name;
      sf::SamplerKind kind;
      int steps;
    };
    const Kind kinds[] = {{"ode", sf::SamplerKind::Ode, 16}, {"sde", sf::SamplerKind::Sde, 32},
                          {"langevin", sf::SamplerKind::Langevin, 2}};
    for (int64_t n : sizes) {
      for (const auto& k : kinds) {
        sf::SamplerOptions options;
        options.kind = k.kind;
        options.steps = quick ? 1 : k.steps;
        sf::LevelsConfig lv = levels;
        if (quick) lv.count = 2;
        const double t = best_seconds(repeats, [&] {
          sf::run_sampler(score, noise, lv, options, batch, n, gen, f32);
          sync();
        });
        emit("sample", std::string(k.name) + suffix, n, t, batch / t);
      }
      auto x = torch::randn({batch, n, n}, f32);
      auto sigma = torch::full({batch}, 0.5, f32);
      const double t = best_seconds(quick ? 1 : 3, [&] {
        net->forward(x, sigma, {}, trunk);
        sync();
      });
      emit("forward", "batch 4" + suffix, n, t, batch / t);
    }
    for (int64_t n : quick ? std::vector<int64_t>{32} : std::vector<int64_t>{32, 64, 128, 256}) {
      sf::SamplerOptions options;
      options.steps = quick ? 1 : 8;
      const double t = best_seconds(repeats, [&] {
        sf::run_sampler(score, noise, levels, options, 1, n, gen, f32);
        sync();
      });
      emit("scaling", "ode 8 steps, 1 sample" + suffix, n, t, 1.0 / t);
    }
    // The BLAS on all of the run's threads: the machine's attainable rate, not the engine's setting.
    auto a = torch::randn({2048, 2048}, f32), b = torch::randn({2048, 2048}, f32);
    const bool openblas = sf::set_blas_threads(torch::get_num_threads());
    const double t = best_seconds(quick ? 1 : 3, [&] {
      torch::mm(a, b);
      sync();
    });
    if (openblas && std::getenv("OPENBLAS_NUM_THREADS") == nullptr) sf::set_blas_threads(1);
    emit("peak", "matmul 2048", 2048, t, 2.0 * 2048.0 * 2048.0 * 2048.0 / t);
  }

  // Training: denoising score matching in the L2 norm with Adam, batch 8 at N = 64.
  net->train();
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-3));
  const int64_t n = quick ? 32 : 64, train_batch = 8, steps = quick ? 1 : 10;
  auto data = noise.sample(64, n, 1.0, gen, f32);
  int64_t cursor = 0;
  auto step = [&] {
    auto u = data.narrow(0, (cursor++ * train_batch) % 64, train_batch);
    auto sigma = torch::exp(std::log(levels.sigma_min) +
                            (std::log(levels.sigma_max) - std::log(levels.sigma_min)) * torch::rand({train_batch}, gen, f32));
    auto xi = noise.sample(train_batch, n, 1.0, gen, f32) * sigma.view({-1, 1, 1});
    auto loss = ((xi + net->forward(u + xi, sigma)) / sigma.view({-1, 1, 1})).pow(2).mean();
    adam.zero_grad();
    loss.backward();
    adam.step();
  };
  const double t = best_seconds(1, [&] {
    for (int64_t i = 0; i < steps; ++i) step();
    sync();
  });
  emit("train", "batch 8, Adam", n, t / steps, steps / t);

  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  emit("memory", "peak resident MiB", 0, 0, usage.ru_maxrss / 1024.0);
  return 0;
}
