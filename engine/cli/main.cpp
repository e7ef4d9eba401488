// scorefield: train, sample and evaluate function-space score-based diffusion models.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "scorefield/cpu_runtime.hpp"
#include "scorefield/error.hpp"
#include "version_text.hpp"

int main(int argc, char** argv) {
  scorefield::configure_cpu_runtime();
  CLI::App app{"ScoreField: score-based diffusion in function space for simulation fields"};
  // Every option's default shows in --help (subcommands inherit this when they are added).
  app.option_defaults()->always_capture_default();
  app.set_version_flag("--version", [] { return scorefield::cli::version_text(); },
                       "Print the engine and LibTorch versions, whether CUDA is compiled in, the visible devices");
  app.require_subcommand(0, 1);
  scorefield::cli::add_train_command(app);
  scorefield::cli::add_sample_command(app);
  scorefield::cli::add_superres_command(app);
  scorefield::cli::add_condition_command(app);
  scorefield::cli::add_eval_command(app);
  scorefield::cli::add_info_command(app);
  scorefield::cli::add_datagen_command(app);
  scorefield::cli::add_dataset_command(app);
  try {
    app.parse(argc, argv);
    // Bare `scorefield`: the overview of commands is the answer, not an error.
    if (app.get_subcommands().empty()) std::printf("%s", app.help().c_str());
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const scorefield::Error& e) {
    std::fprintf(stderr, "\nscorefield: error: %s\n", e.what());
    return 1 + static_cast<int>(e.kind());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "\nscorefield: internal error: %s\n", scorefield::first_line(e.what()).c_str());
    return 10;
  }
  return 0;
}
