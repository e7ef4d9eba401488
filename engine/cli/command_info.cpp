#include <cstdio>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "scorefield/model_card.hpp"
#include "scorefield/score_model.hpp"

namespace scorefield::cli {

void add_info_command(CLI::App& app) {
  auto model = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("info", "Print what a model file was trained for (--json: its whole header)");
  cmd->add_option("--model", *model, "Model file")->required();
  cmd->add_flag("--json", *json, "Print the model file's header as JSON (configuration and provenance)");
  cmd->callback([model, json] {
    auto c = read_container(*model);
    auto m = ScoreModel::load(*model);  // proves the weights load, not only the header
    int64_t params = 0;
    for (const auto& p : m.network()->parameters()) params += p.numel();
    c.header["parameters"] = params;
    if (*json)
      std::printf("%s\n", c.header.dump(2).c_str());
    else
      std::printf("%s", model_card(c.header).c_str());
  });
}

}  // namespace scorefield::cli
