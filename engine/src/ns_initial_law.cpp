// The FNO papers' initial law of the Navier-Stokes vorticity, drawn with the engine's Gaussian
// measure (LibTorch); kept apart from the solver so that the solver builds without LibTorch.
#include <cmath>

#include <torch/torch.h>

#include "scorefield/device.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/navier_stokes.hpp"

namespace scorefield {

std::vector<double> ns_initial_vorticity(int n, std::uint64_t seed) {
  GaussianMeasure g(NoiseConfig{2.5, 7.0, std::pow(7.0, 1.5)});
  auto w = g.sample(1, n, 1.0, make_generator(torch::kCPU, seed), torch::kFloat64)[0];
  w = w - w.mean();  // zero mean mode
  w = w.contiguous();
  return std::vector<double>(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
}

}  // namespace scorefield
