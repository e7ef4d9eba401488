// Does an input look like the data a model was trained on? A model meeting fields of another law
// (another simulation, another variable, other units) still returns samples, and they look
// plausible while they mean nothing; this check names the mismatch before the user studies them.
#pragma once

#include <string>

#include <torch/torch.h>

#include "scorefield/config.hpp"

namespace scorefield {

// Empty when every field of `fields` [count, M, M] (or one [M, M]) is within reach of the model's
// training data; otherwise a warning naming the fields, how far off they are and what to check.
// The test, per field, after the model's own standardisation (training data: mean 0, std 1 over
// all grid values): |mean| <= 3 and 1/5 <= std <= 5. Fields of the training law scatter far less
// (per-field std within about +-40% of the pooled one for the shipped flows, a coarse field
// losing only its small scales' share); a factor 5 in std or a mean three pooled stds away is
// another law or other units.
std::string unlike_training_data(const ModelConfig& config, const torch::Tensor& fields);

}  // namespace scorefield
