#include "scorefield/navier_stokes.hpp"

#include <cmath>

#include "scorefield/error.hpp"

namespace scorefield {

NavierStokes2D::NavierStokes2D(const NavierStokesConfig& cfg)
    : NavierStokes2D(cfg, cfg.n >= 4 && cfg.n % 2 == 0 ? make_serial_transform(cfg.n, cfg.threads) : nullptr) {}

NavierStokes2D::NavierStokes2D(const NavierStokesConfig& cfg, std::unique_ptr<SlabTransform> transform)
    : cfg_(cfg), fft_(std::move(transform)) {
  require(cfg.n >= 4 && cfg.n % 2 == 0,
          "Navier-Stokes grid size must be even and >= 4 (got " + std::to_string(cfg.n) + ")");
  require(cfg.nu > 0 && cfg.dt > 0, "viscosity and time step must be > 0");
  require(fft_ && fft_->n() == cfg.n, "the slab transform does not match the grid size");
  const int n = cfg.n, nc = n / 2 + 1;
  const int64_t rows = fft_->rows(), row0 = fft_->row0();
  const size_t ns = static_cast<size_t>(rows) * nc;
  kx_.resize(ns);
  ky_.resize(ns);
  lap_.resize(ns);
  dealias_.resize(ns);
  const double cut = (2.0 / 3.0) * (n / 2.0);
  for (int64_t r = 0; r < rows; ++r)
    for (int j = 0; j < nc; ++j) {
      const int64_t i = row0 + r;
      const size_t idx = static_cast<size_t>(r) * nc + j;
      const double kx = static_cast<double>(i <= n / 2 ? i : i - n), ky = j;
      // First derivatives of a Nyquist mode are not representable on the grid: set to zero.
      kx_[idx] = i == n / 2 ? 0.0 : kx;
      ky_[idx] = j == n / 2 ? 0.0 : ky;
      lap_[idx] = 4.0 * M_PI * M_PI * (kx * kx + ky * ky);
      dealias_[idx] = (std::abs(kx) <= cut && std::abs(ky) <= cut) ? 1.0 : 0.0;
    }
  std::vector<double> f(static_cast<size_t>(rows) * n, 0.0);
  if (cfg.forced)
    for (int64_t r = 0; r < rows; ++r)
      for (int j = 0; j < n; ++j) {
        const double s = 2.0 * M_PI * (static_cast<double>(row0 + r) / n + static_cast<double>(j) / n);
        f[static_cast<size_t>(r) * n + j] = 0.1 * (std::sin(s) + std::cos(s));
      }
  f_hat_.resize(ns);
  fft_->forward(f.data(), f_hat_.data());
  w_hat_.assign(ns, 0.0);
}

std::vector<double> NavierStokes2D::to_real(const std::vector<std::complex<double>>& spectrum) const {
  std::vector<double> out(static_cast<size_t>(fft_->rows()) * cfg_.n);
  fft_->backward(spectrum.data(), out.data());
  return out;
}

void NavierStokes2D::set_vorticity(const std::vector<double>& w) {
  const size_t expected = static_cast<size_t>(fft_->rows()) * cfg_.n;
  require(w.size() == expected, "vorticity has " + std::to_string(w.size()) + " values; this slab of the grid needs " +
                                    std::to_string(expected));
  for (double v : w) require(std::isfinite(v), "initial vorticity holds NaN or Inf");
  fft_->forward(w.data(), w_hat_.data());
  time_ = 0;
}

std::vector<double> NavierStokes2D::vorticity() const { return to_real(w_hat_); }

// Spectrum of u = d psi / dy (x_component) or v = -d psi / dx, psi_hat = w_hat / lap.
std::vector<std::complex<double>> NavierStokes2D::velocity_spectrum(bool x_component) const {
  const std::complex<double> two_pi_i(0.0, 2.0 * M_PI);
  std::vector<std::complex<double>> out(w_hat_.size());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = lap_[i] > 0 ? (x_component ? ky_[i] : -kx_[i]) * two_pi_i * w_hat_[i] / lap_[i] : 0.0;
  return out;
}

void NavierStokes2D::advance(int64_t steps) {
  const size_t ns = w_hat_.size();
  const double dt = cfg_.dt, nu = cfg_.nu;
  const std::complex<double> two_pi_i(0.0, 2.0 * M_PI);
  std::vector<std::complex<double>> grad(ns), n_hat(ns);
  std::vector<double> nonlinear(static_cast<size_t>(fft_->rows()) * cfg_.n);
  for (int64_t s = 0; s < steps; ++s) {
    const auto u = to_real(velocity_spectrum(true)), v = to_real(velocity_spectrum(false));
    for (size_t i = 0; i < ns; ++i) grad[i] = two_pi_i * kx_[i] * w_hat_[i];
    const auto wx = to_real(grad);
    for (size_t i = 0; i < ns; ++i) grad[i] = two_pi_i * ky_[i] * w_hat_[i];
    const auto wy = to_real(grad);
    for (size_t i = 0; i < nonlinear.size(); ++i) nonlinear[i] = u[i] * wx[i] + v[i] * wy[i];
    fft_->forward(nonlinear.data(), n_hat.data());
    for (size_t i = 0; i < ns; ++i) {
      const double half = 0.5 * dt * nu * lap_[i];
      w_hat_[i] = (-dt * n_hat[i] * dealias_[i] + dt * f_hat_[i] + (1.0 - half) * w_hat_[i]) / (1.0 + half);
    }
    time_ += dt;
  }
}

double NavierStokes2D::max_speed() const {
  const auto u = to_real(velocity_spectrum(true)), v = to_real(velocity_spectrum(false));
  double m = 0;
  for (size_t i = 0; i < u.size(); ++i) m = std::max(m, std::hypot(u[i], v[i]));
  return fft_->global_max(m);
}

}  // namespace scorefield
