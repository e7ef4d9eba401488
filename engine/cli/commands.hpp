// Each subcommand of the `scorefield` tool registers itself on the CLI11 application.
#pragma once

#include <CLI/CLI.hpp>

namespace scorefield::cli {

void add_train_command(CLI::App& app);
void add_sample_command(CLI::App& app);
void add_superres_command(CLI::App& app);
void add_condition_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_datagen_command(CLI::App& app);
void add_dataset_command(CLI::App& app);

}  // namespace scorefield::cli
