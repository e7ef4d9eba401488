#include "scorefield/heat_semigroup.hpp"

#include <cmath>

#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"

namespace scorefield {

torch::Tensor heat_semigroup(const torch::Tensor& x, double t) {
  require(t >= 0, "heat semigroup time must be >= 0");
  if (t == 0) return x;
  const int64_t n = x.size(-1);
  auto k2 = wavenumber_squared(n, x.options().dtype(torch::kFloat64));
  auto m = torch::exp(-t * 4.0 * M_PI * M_PI * k2).to(x.options());
  return apply_multiplier(x, m);
}

}  // namespace scorefield

namespace scorefield {

torch::Tensor heat_semigroup(const torch::Tensor& x, const torch::Tensor& t) {
  const int64_t n = x.size(-1);
  auto k2 = wavenumber_squared(n, x.options());
  auto m = torch::exp(-(4.0 * M_PI * M_PI) * t.view({-1, 1, 1}) * k2.unsqueeze(0));
  return apply_multiplier(x, m);
}

}  // namespace scorefield
