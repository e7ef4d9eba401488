// Denoising score matching in function space (docs/theory.md, "Loss"):
//   L(theta) = E_sigma E_u E_xi || xi + F_theta(A_sigma u + xi, sigma) ||^2 / sigma^2,
// in the L^2 norm, the Cameron-Martin norm ||C^(-1/2) .|| or their sum (training.loss_norm),
//   xi ~ N(0, sigma^2 C), log sigma uniform on [log sigma_min, log sigma_max].
// The weight 1/sigma^2 makes every level contribute on the same scale: the optimal residual at a
// level is the posterior variance of xi/sigma, which lies between 0 and tr C at every sigma.
// Continuous log-uniform levels contain the J geometric levels the Langevin sampler visits and
// the continuum that the SDE and ODE samplers need.
// Norms are means over grid points (or modes), so the loss does not depend on N.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "scorefield/collective.hpp"
#include "scorefield/config.hpp"
#include "scorefield/noise_choice.hpp"
#include "scorefield/start_law_check.hpp"

namespace scorefield {

struct TrainProgress {
  int step = 0, total = 0;
  double loss = 0;  // mean loss over the steps since the last report
  double learning_rate = 0;
  double steps_per_second = 0;
  double elapsed_seconds = 0;
};

struct TrainOptions {
  bool resume = false;  // continue from <output>.ckpt, reproducing an uninterrupted run exactly
  // Resume even when the training settings that shape the result (learning rate, batch size,
  // steps, seed, ...) differ from the checkpoint's; without it such a resume is refused.
  bool accept_changed_settings = false;
  int stop_after = 0;   // > 0: stop (with a checkpoint) once this step is reached, e.g. for job time limits
  std::function<void(const TrainProgress&)> on_progress;
  // Told (on the writing rank) about a configuration that trains but cannot sample the data law
  // right, such as noise smoother than the data (start_law_check.hpp).
  std::function<void(const std::string&)> on_warning;
  // Told (on the writing rank) what training decided for the user, such as the noise it chose
  // from the data for a configuration that leaves it out (noise_choice.hpp).
  std::function<void(const std::string&)> on_note;
  // Data-parallel training over these ranks (null: one process). Every rank reads its shard of the
  // data set; the global batch is size() x training.batch_size; rank 0 writes the model, the
  // checkpoint and the log. The result does not depend on the number of ranks beyond rounding,
  // and a checkpoint resumes on any number of ranks.
  const Collective* collective = nullptr;
};

// Paths written next to the model file.
std::filesystem::path checkpoint_path(const std::filesystem::path& model);
std::filesystem::path log_path(const std::filesystem::path& model);

// The start-law check of a configuration on its whole data set, without training: what `train`
// records and warns about before its first step. `warning` is empty when the check passes.
// For a configuration that leaves the noise out, `noise_choice` says what training would choose
// (noise_choice.hpp) and the check is that of the chosen noise.
struct StartLawCheck {
  StartLawMismatch mismatch;
  std::string warning;
  std::string noise_choice;
};
StartLawCheck check_start_law(const RunConfig& config);

// Trains and writes the model file (EMA weights) at each checkpoint and at the end.
// Returns the last step reached.
int train(const RunConfig& config, const TrainOptions& options);

}  // namespace scorefield
