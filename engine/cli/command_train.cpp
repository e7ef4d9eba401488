#include <cstdio>

#include <fmt/format.h>

#include "commands.hpp"
#include "progress_bar.hpp"
#include "scorefield/config.hpp"
#include "scorefield/trainer.hpp"

namespace scorefield::cli {

void add_train_command(CLI::App& app) {
  struct Args {
    std::string config, device;
    bool resume = false;
    int stop_after = 0, threads = 0;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("train", "Train a score model by denoising score matching");
  cmd->add_option("--config", args->config, "TOML configuration (see data/configs/)")->required();
  cmd->add_flag("--resume", args->resume, "Continue from <output>.ckpt exactly where it stopped");
  cmd->add_option("--stop-after", args->stop_after, "Stop at this step with a checkpoint (job time limits)");
  cmd->add_option("--device", args->device, "Override training.device (cpu, cuda, cuda:K)");
  cmd->add_option("--threads", args->threads, "Override training.threads");
  cmd->callback([args] {
    auto rc = load_run_config(args->config);
    if (!args->device.empty()) rc.training.device = args->device;
    if (args->threads > 0) rc.training.threads = args->threads;
    ProgressBar bar("train", rc.training.steps);
    TrainOptions opts;
    opts.resume = args->resume;
    opts.stop_after = args->stop_after;
    opts.on_progress = [&bar](const TrainProgress& p) {
      bar.update(p.step, fmt::format("loss {:.4f} lr {:.2e}", p.loss, p.learning_rate));
    };
    const int step = train(rc, opts);
    bar.finish();
    std::printf("model: %s (step %d of %d)\nlog:   %s\n", rc.training.output.c_str(), step, rc.training.steps,
                log_path(rc.training.output).c_str());
  });
}

}  // namespace scorefield::cli
