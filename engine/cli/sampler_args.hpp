// The sampler options shared by `sample`, `superres` and `condition`.
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include <torch/torch.h>

#include "scorefield/cpu_runtime.hpp"
#include "scorefield/sampler.hpp"

namespace scorefield::cli {

struct SamplerArgs {
  std::string sampler = "ode", device = "cpu", precision = "fp32";
  int steps = 32, threads = 0;
  double epsilon = 0.05, start_sigma = 0.0;
  bool denoise = false;
  std::uint64_t seed = 0;

  void add_to(CLI::App* cmd) {
    cmd->add_option("--sampler", sampler, "langevin | sde | ode (Heun) | ode2m (multistep, one evaluation per step)");
    cmd->add_option("--steps", steps, "Steps per level (langevin) or in total (sde, ode)");
    cmd->add_option("--epsilon", epsilon, "Langevin step size");
    cmd->add_option("--start-sigma", start_sigma,
                    "superres: start the reverse process at this noise level from the noised coarse field instead "
                    "of pure noise at the top level (0); fewer steps for the same accuracy where the noise there "
                    "outweighs the true small scales");
    cmd->add_flag("--denoise", denoise, "Finish with one denoising step at the smallest level");
    cmd->add_option("--seed", seed, "Random seed (same seed, same device: same samples)");
    cmd->add_option("--device", device, "cpu, cuda or cuda:K");
    cmd->add_option("--precision", precision, "Network arithmetic: fp32, tf32 (NVIDIA GPUs) or bf16");
    cmd->add_option("--threads", threads, "CPU threads per process (0: libtorch's default; under MPI: cores / ranks)");
  }

  // Applies --threads; call before any work.
  void apply_threads() const {
    configure_cpu_runtime(threads);
  }

  SamplerOptions options() const {
    SamplerOptions o;
    o.kind = parse_sampler(sampler);
    o.steps = steps;
    o.epsilon = epsilon;
    o.final_denoise = denoise;
    o.start_sigma = start_sigma;
    o.precision = parse_precision(precision);
    return o;
  }
};

}  // namespace scorefield::cli
