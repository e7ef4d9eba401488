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

torch::Tensor mixture_log_likelihoods(const std::vector<GaussianComponent>& data, const GaussianMeasure& noise,
                                      const torch::Tensor& x, double sigma) {
  const int64_t n = x.size(-1);
  // a_k = rfft2(x) / N^2 has E|a_k|^2 = lambda_k under the Karhunen-Loeve normalisation.
  auto a = torch::fft::rfft2(x.to(torch::kFloat64)) / static_cast<double>(n * n);
  auto w = half_spectrum_weights(n);
  auto lam = noise.eigenvalues(n, torch::kFloat64) * (sigma * sigma);
  std::vector<torch::Tensor> out;
  for (const auto& c : data) {
    auto v = c.law.eigenvalues(n, torch::kFloat64) + lam;
    auto centred = a.clone();
    centred.select(-1, 0).select(-1, 0).sub_(c.mean);
    auto terms = -(centred.abs().pow(2) / v + v.log()) * w;
    out.push_back(terms.sum({-2, -1}) + std::log(c.weight));
  }
  return torch::stack(out, -1);
}

ScoreFn exact_gaussian_mixture_score(const std::vector<GaussianComponent>& data, const GaussianMeasure& noise) {
  return [data, noise](const torch::Tensor& x, double sigma) {
    const int64_t n = x.size(-1);
    auto r = torch::softmax(mixture_log_likelihoods(data, noise, x, sigma), -1);
    auto lam = noise.eigenvalues(n, torch::kFloat64) * (sigma * sigma);
    auto keep = non_nyquist_mask(n, torch::kFloat64);
    auto x64 = x.to(torch::kFloat64);
    auto f = torch::zeros_like(x64);
    for (size_t i = 0; i < data.size(); ++i) {
      auto m = -(lam / (data[i].law.eigenvalues(n, torch::kFloat64) + lam)) * keep;
      auto fi = apply_multiplier(x64 - data[i].mean, m);
      f += r.select(-1, static_cast<int64_t>(i)).view({-1, 1, 1}) * fi;
    }
    return f.to(x.options());
  };
}

}  // namespace scorefield
