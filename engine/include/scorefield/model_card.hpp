// A model's card: what it was trained for (task, grids and factors, noise, network, data), in a
// few plain lines, from its file's header. One text for `scorefield info`, the C API
// (sf_model_card) and so the ParaView plugin's field data.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace scorefield {

// `header`: a model file's JSON header ({"config": ..., "data", "trained_steps", "seed", and
// "parameters" when known}); missing provenance is printed as unknown.
std::string model_card(const nlohmann::json& header);

}  // namespace scorefield
