#include <cstdio>

#include <fmt/format.h>

#include "commands.hpp"
#include "progress_bar.hpp"
#include "world.hpp"
#include "scorefield/config.hpp"
#include "scorefield/trainer.hpp"

namespace scorefield::cli {

void add_train_command(CLI::App& app) {
  struct Args {
    std::string config, device;
    bool resume = false, mpi = false;
    int stop_after = 0, threads = 0;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("train", "Train a score model by denoising score matching");
  cmd->add_option("--config", args->config, "TOML configuration (see data/configs/)")->required();
  cmd->add_flag("--resume", args->resume, "Continue from <output>.ckpt exactly where it stopped");
  cmd->add_option("--stop-after", args->stop_after, "Stop at this step with a checkpoint (job time limits)");
  cmd->add_option("--device", args->device, "Override training.device (cpu, cuda, cuda:K)");
  cmd->add_option("--threads", args->threads, "Override training.threads");
  cmd->add_flag("--mpi", args->mpi,
                "Data-parallel over the MPI ranks (under mpirun): each reads its shard, the global batch is "
                "ranks x training.batch_size, rank 0 writes");
  cmd->callback([args] {
    const Collective& world = command_world(args->mpi);
    auto rc = load_run_config(args->config);
    if (!args->device.empty()) rc.training.device = args->device;
    if (args->threads > 0) rc.training.threads = args->threads;
    ProgressBar bar(world.size() > 1 ? fmt::format("train ({} ranks)", world.size()) : "train", rc.training.steps);
    TrainOptions opts;
    opts.collective = &world;
    opts.resume = args->resume;
    opts.stop_after = args->stop_after;
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
