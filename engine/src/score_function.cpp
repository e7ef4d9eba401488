#include "scorefield/score_function.hpp"

#include "scorefield/fourier.hpp"

namespace scorefield {

ScoreFn exact_gaussian_score(const GaussianMeasure& data, const GaussianMeasure& noise) {
  return [data, noise](const torch::Tensor& x, double sigma) {
    const int64_t n = x.size(-1);
    auto c1 = data.eigenvalues(n, torch::kFloat64);
    auto lam = noise.eigenvalues(n, torch::kFloat64) * (sigma * sigma);
    auto m = -(lam / (c1 + lam)) * non_nyquist_mask(n, torch::kFloat64);
    return apply_multiplier(x, m.to(x.options()));
  };
}

}  // namespace scorefield
