// A trained score model: configuration, network and noise measure together; what the model file
// holds and what the CLI, the C API, the plugin and the adaptor load.
//
// Model file layout (little-endian):
//   "SCOREFIELD\x00MODEL\x00" (16 bytes magic) | uint32 format version |
//   uint64 n | n bytes of JSON {"config": ModelConfig, "kind": "model"|"checkpoint", ...} |
//   uint64 m | m bytes of a torch archive (weights, and training state for checkpoints) |
//   uint32 CRC-32 of everything after the magic and version.
// A missing, truncated, foreign or corrupted file is reported as such.
#pragma once

#include <filesystem>
#include <string>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "scorefield/config.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/sampler.hpp"
#include "scorefield/score_network.hpp"

namespace scorefield {

class ScoreModel {
 public:
  ScoreModel(ModelConfig cfg, torch::Device device = torch::kCPU);

  const ModelConfig& config() const { return cfg_; }
  ScoreNetwork& network() { return net_; }
  const ScoreNetwork& network() const { return net_; }
  const GaussianMeasure& noise() const { return noise_; }
  torch::Device device() const { return device_; }
  void to(torch::Device device);

  // F(x, sigma) in standardised units, conditioning y [B, C, N, N] bound if the model takes it,
  // evaluated in `precision` (precision.hpp).
  ScoreFn score_fn(torch::Tensor cond = {}, Precision precision = Precision::Float32);

  // Unconditional samples in data units on an N x N grid: [count, N, N].
  torch::Tensor sample(int64_t n, int64_t count, const SamplerOptions& options, std::uint64_t seed);

  // Samples of the fine field on an N x N grid given the coarse field y [M, M] (data units),
  // for models trained with task "superres": y is brought to the N grid by spectral zero-padding
  // and fixes the modes the coarse grid holds (conditioning.hpp). A mirror model takes both on a
  // closed square, boundary points included, and runs on their extensions (boundary_extension.hpp).
  torch::Tensor superresolve(const torch::Tensor& coarse, int64_t n, int64_t count, const SamplerOptions& options,
                             std::uint64_t seed);

  // Samples of the field on an N x N grid given values at some of its points: values and mask
  // [N, N] (mask 1 where observed), for models trained with task "observations".
  torch::Tensor condition_on_observations(const torch::Tensor& values, const torch::Tensor& mask, int64_t count,
                                          const SamplerOptions& options, std::uint64_t seed);

  // Throws a clear error unless this model can super-resolve an M x M grid to N x N. A model with
  // boundary "mirror" counts points on a closed square: N = f (M - 1) + 1 for a factor f.
  void check_superres_grid(int64_t m, int64_t n) const;

  // Model file I/O. save() writes atomically; `extra` is merged into the JSON header.
  void save(const std::filesystem::path& path, const nlohmann::json& extra = {}) const;
  static ScoreModel load(const std::filesystem::path& path, torch::Device device = torch::kCPU);

 private:
  // A bfloat16 copy of the network for its trunk when `precision` asks for it, else empty; fails
  // when the precision cannot run on this model's device.
  ScoreNetwork reduced_network(Precision precision) const;
  // The grid the samplers run on for a user's N x N grid (the extension's for a mirror model),
  // and samples on it back to the user's grid in data units.
  int64_t sampling_size(int64_t n) const;
  torch::Tensor to_user_grid(const torch::Tensor& x) const;
  void check_extended_superres_grid(int64_t m, int64_t n) const;

  ModelConfig cfg_;
  GaussianMeasure noise_;
  ScoreNetwork net_;
  torch::Device device_;
};

// v_C used by the network's preconditioning: the grid-value variance of N(0, C) at the training
// resolution (at least 64, so that the value is the converged one for trace-class C).
double reference_noise_variance(const ModelConfig& cfg);

// The noise amplitude that gives N(0, C) unit grid-value variance at that reference resolution.
double unit_variance_amplitude(const ModelConfig& cfg);

// Raw container I/O shared by model files and training checkpoints.
struct ModelContainer {
  nlohmann::json header;
  std::string archive;  // bytes of a torch::serialize archive
};
void write_container(const std::filesystem::path& path, const ModelContainer& c);
ModelContainer read_container(const std::filesystem::path& path);

}  // namespace scorefield
