#include <cstdio>

#include <fmt/format.h>

#include "commands.hpp"
#include "progress_bar.hpp"
#include "world.hpp"
#include "scorefield/config.hpp"
#include "scorefield/error.hpp"
#include "scorefield/trainer.hpp"

namespace scorefield::cli {

void add_train_command(CLI::App& app) {
  struct Args {
    std::string config, device;
    bool resume = false, resume_with_changes = false, mpi = false, check_noise = false;
    int stop_after = 0, threads = 0;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("train", "Train a score model by denoising score matching");
  cmd->add_option("--config", args->config, "TOML configuration (see data/configs/)")->required();
  cmd->add_flag("--resume", args->resume, "Continue from <output>.ckpt exactly where it stopped");
  cmd->add_flag("--resume-with-changes", args->resume_with_changes,
                "Resume although training settings (learning rate, steps, seed, ...) differ from the checkpoint's");
  cmd->add_option("--stop-after", args->stop_after, "Stop at this step with a checkpoint (job time limits)");
  cmd->add_option("--device", args->device, "Override training.device (cpu, cuda, cuda:K)");
  cmd->add_option("--threads", args->threads, "Override training.threads");
  cmd->add_flag("--mpi", args->mpi,
                "Data-parallel over the MPI ranks (under mpirun): each reads its shard, the global batch is "
                "ranks x training.batch_size, rank 0 writes");
  cmd->add_flag("--check-noise", args->check_noise,
                "Only measure whether the noise and sigma_max suit the data (docs/configuration.md, 'Choosing the noise') and "
                "exit: status 0 when they do, 2 with the reason when they do not; for a configuration that leaves "
                "noise.alpha or levels.sigma_max out, also say what training would choose");
  cmd->callback([args] {
    if (args->check_noise) {
      const auto check = check_start_law(load_run_config(args->config));
      const auto& m = check.mismatch;
      if (!check.noise_choice.empty()) std::printf("%s\n", check.noise_choice.c_str());
      std::printf(
          "start law: KL %.3g nats (limit %.3g); largest data/noise energy ratio %.3g on the shell "
          "|k| = %lld\n",
          m.kl_nats, kStartLawWarningNats, m.worst_ratio, static_cast<long long>(m.worst_shell));
      if (!check.warning.empty()) fail(ErrorKind::InvalidArgument, check.warning);
      return;
    }
    const Collective& world = command_world(args->mpi);
    auto rc = load_run_config(args->config);
    if (!args->device.empty()) rc.training.device = args->device;
    if (args->threads > 0) rc.training.threads = args->threads;
    ProgressBar bar(world.size() > 1 ? fmt::format("train ({} ranks)", world.size()) : "train", rc.training.steps);
    TrainOptions opts;
    opts.collective = &world;
    opts.resume = args->resume || args->resume_with_changes;
    opts.accept_changed_settings = args->resume_with_changes;
    opts.stop_after = args->stop_after;
    opts.on_warning = [](const std::string& text) { std::fprintf(stderr, "warning: %s\n", text.c_str()); };
    opts.on_note = [](const std::string& text) {
      std::printf("%s\n", text.c_str());
      std::fflush(stdout);
    };
    if (world.rank() == 0)
      opts.on_progress = [&bar](const TrainProgress& p) {
        bar.update(p.step, fmt::format("loss {:.4f} lr {:.2e}", p.loss, p.learning_rate));
      };
    const int step = train(rc, opts);
    if (world.rank() != 0) return;
    bar.finish();
    std::printf("model: %s (step %d of %d)\nlog:   %s\n", rc.training.output.c_str(), step, rc.training.steps,
                log_path(rc.training.output).c_str());
  });
}

}  // namespace scorefield::cli
