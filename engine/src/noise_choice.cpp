#include "scorefield/noise_choice.hpp"

#include "scorefield/error.hpp"
#include "scorefield/score_model.hpp"

namespace scorefield {

const std::vector<double>& noise_alpha_candidates() {
  // The shipped models use 1.5 to 2.5; 3 is as smooth as noise gets before it misses the small
  // scales of any field rougher than a C^1 one.
  static const std::vector<double> values{3.0, 2.5, 2.0, 1.5, 1.25};
  return values;
}

const std::vector<double>& noise_sigma_max_candidates() {
  // In units of the standardised data (the noise has unit pointwise variance): 10 standard
  // deviations at least, doubling up to the largest the shipped models needed (160) and three
  // doublings more for data rougher than any of them.
  static const std::vector<double> values{10, 20, 40, 80, 160, 320, 640, 1280};
  return values;
}

NoiseChoice choose_noise(const ModelConfig& model, bool free_alpha, bool free_sigma_max,
                         const std::function<StartLawMismatch(const ModelConfig&)>& mismatch) {
  const std::vector<double> alphas = free_alpha ? noise_alpha_candidates() : std::vector<double>{model.noise.alpha};
  std::vector<double> sigmas;
  if (free_sigma_max) {
    for (double s : noise_sigma_max_candidates())
      if (s > model.levels.sigma_min) sigmas.push_back(s);
  } else {
    sigmas.push_back(model.levels.sigma_max);
  }
  require(!sigmas.empty(), "levels.sigma_min is above every sigma_max the noise choice tries; set levels.sigma_max");
  NoiseChoice best;
  for (double sigma_max : sigmas) {
    for (double alpha : alphas) {
      ModelConfig candidate = model;
      candidate.noise.alpha = alpha;
      candidate.levels.sigma_max = sigma_max;
      candidate.noise.amplitude = unit_variance_amplitude(candidate);
      const auto m = mismatch(candidate);
      ++best.tried;
      const bool passes = m.kl_nats <= kStartLawWarningNats;
      if (best.tried == 1 || passes || m.kl_nats < best.mismatch.kl_nats) {
        best.alpha = alpha;
        best.sigma_max = sigma_max;
        best.amplitude = candidate.noise.amplitude;
        best.mismatch = m;
      }
      if (passes) {
        best.passed = true;
        return best;
      }
    }
  }
  return best;
}

}  // namespace scorefield
