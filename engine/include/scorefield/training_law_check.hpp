// Does an input look like the data a model was trained on? A model meeting fields of another law
// (another simulation, another variable, other units) still returns samples, and they look
// plausible while they mean nothing; this check names the mismatch before the user studies them.
#pragma once

#include <string>
#include <utility>
#include <vector>

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
//
// A model whose card holds the training data's spectrum (config.data_spectrum) also compares each
// field's energy per octave of shells (octave_bands below) that its grid holds whole: a band more
// than max(4 training standard deviations, a factor 3) from the training fields' mean log energy
// there is named. Values can match while the spectrum does not (another simulation rescaled to
// the same variance, a rougher or smoother field); 4 standard deviations of the training fields'
// own scatter leave a field of the training law unflagged except by chance (< 1e-4 per band for
// a normal scatter), and the factor 3 floor keeps bands where the training fields barely scatter
// from flagging a field for its sampling noise alone.
std::string unlike_training_data(const ModelConfig& config, const torch::Tensor& fields);

// The bands of shells [1, 4), [4, 8), [8, 16), ... whole on an n grid (hi <= n / 2).
std::vector<std::pair<int, int>> octave_bands(int64_t n);

// log of each field's energy in each band, [count, bands] float64, for fields [count, n, n]
// already standardised by the model's normalisation.
torch::Tensor band_log_energies(const torch::Tensor& fields, const std::vector<std::pair<int, int>>& bands);

}  // namespace scorefield
