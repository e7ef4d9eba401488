// The noise chosen from the data, for a configuration that leaves noise.alpha or levels.sigma_max
// out (docs/configuration.md, "Choosing the noise").
//
// Every sampler starts from N(0, sigma_max^2 C); the start-law check (start_law_check.hpp) says in
// nats how far that is from the data diffused to sigma_max. A user with new data would otherwise
// sweep alpha and sigma_max by hand until the check passes. The sweep here tries sigma_max from
// small to large, and at each the smoothest noise first (alpha from large to small): the smallest
// start that covers the data keeps the J levels dense where the data live, and the smoothest noise
// that covers the data's small scales stays far from white noise (alpha > 1 keeps it trace class
// on a 2-D grid). The first pair within kStartLawWarningNats wins. Each try only rescales the
// data's mode energies, so the sweep costs a few milliseconds however large the data set.
#pragma once

#include <functional>
#include <vector>

#include "scorefield/config.hpp"
#include "scorefield/start_law_check.hpp"

namespace scorefield {

// The values tried, in the order they are tried.
const std::vector<double>& noise_alpha_candidates();      // 3.0, 2.5, 2.0, 1.5, 1.25
const std::vector<double>& noise_sigma_max_candidates();  // 10, 20, 40, ..., 1280

struct NoiseChoice {
  double alpha = 0, sigma_max = 0;
  double amplitude = 0;      // unit_variance_amplitude of the chosen noise
  StartLawMismatch mismatch;  // of the chosen pair
  // The chosen pair passes the check. When no pair does, the choice is the pair closest to the
  // start law, and the caller warns (start_law_warning).
  bool passed = false;
  int tried = 0;  // pairs evaluated
};

// Sweeps the keys marked free (the others keep `model`'s values; sigma_max candidates not above
// levels.sigma_min are skipped). `mismatch` evaluates one candidate model configuration (its noise
// amplitude already set to unit variance) against the data.
NoiseChoice choose_noise(const ModelConfig& model, bool free_alpha, bool free_sigma_max,
                         const std::function<StartLawMismatch(const ModelConfig&)>& mismatch);

}  // namespace scorefield
