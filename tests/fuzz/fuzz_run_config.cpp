// The TOML run configuration reader (`scorefield train --config`).
#include <nlohmann/json.hpp>

#include "fuzz_input.hpp"
#include "scorefield/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return scorefield::fuzz::load_file(data, size, ".toml", [](const std::filesystem::path& p) {
    auto run = scorefield::load_run_config(p);
    nlohmann::json j;
    scorefield::to_json(j, run.model);  // what a model file would record
    scorefield::ModelConfig back;
    scorefield::from_json(j, back);
  });
}
