#include <cstdio>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "scorefield/score_model.hpp"

namespace scorefield::cli {

void add_info_command(CLI::App& app) {
  auto model = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("info", "Print a model file's configuration and provenance");
  cmd->add_option("--model", *model, "Model file")->required();
  cmd->callback([model] {
    auto c = read_container(*model);
    auto m = ScoreModel::load(*model);  // proves the weights load, not only the header
    int64_t params = 0;
    for (const auto& p : m.network()->parameters()) params += p.numel();
    c.header["parameters"] = params;
    std::printf("%s\n", c.header.dump(2).c_str());
  });
}

}  // namespace scorefield::cli
