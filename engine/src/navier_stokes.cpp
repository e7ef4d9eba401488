#include "scorefield/navier_stokes.hpp"

#include <fftw3.h>

#include <cmath>
#include <mutex>

#include <torch/torch.h>

#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/gaussian_measure.hpp"

namespace scorefield {

namespace {
// FFTW's planner is not thread-safe; plan creation and destruction take this lock.
std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

// Owns the FFTW plans and their aligned work buffers; destroyed with the solver.
struct NavierStokes2D::Plans {
  int n;
  double* real = nullptr;
  fftw_complex* spec = nullptr;
  fftw_plan forward = nullptr, backward = nullptr;

  Plans(int n_, int threads) : n(n_) {
    std::lock_guard<std::mutex> lock(planner_mutex());
    static const bool threads_ready = fftw_init_threads() != 0;
    if (threads_ready) fftw_plan_with_nthreads(std::max(1, threads));
    real = fftw_alloc_real(static_cast<size_t>(n) * n);
    spec = fftw_alloc_complex(static_cast<size_t>(n) * (n / 2 + 1));
    forward = fftw_plan_dft_r2c_2d(n, n, real, spec, FFTW_MEASURE);
    backward = fftw_plan_dft_c2r_2d(n, n, spec, real, FFTW_MEASURE);
    if (!real || !spec || !forward || !backward)
      fail(ErrorKind::Internal, "FFTW could not plan a " + std::to_string(n) + "^2 transform");
  }
  ~Plans() {
    std::lock_guard<std::mutex> lock(planner_mutex());
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
    fftw_free(real);
    fftw_free(spec);
  }
};

NavierStokes2D::NavierStokes2D(const NavierStokesConfig& cfg) : cfg_(cfg) {
  require(cfg.n >= 4 && cfg.n % 2 == 0,
          "Navier-Stokes grid size must be even and >= 4 (got " + std::to_string(cfg.n) + ")");
  require(cfg.nu > 0 && cfg.dt > 0, "viscosity and time step must be > 0");
  plans_ = std::make_unique<Plans>(cfg.n, cfg.threads);
  const int n = cfg.n, nc = n / 2 + 1;
  const size_t ns = static_cast<size_t>(n) * nc;
  kx_.resize(ns);
  ky_.resize(ns);
  lap_.resize(ns);
  dealias_.resize(ns);
  const double cut = (2.0 / 3.0) * (n / 2.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < nc; ++j) {
      const size_t idx = static_cast<size_t>(i) * nc + j;
      const double kx = i <= n / 2 ? i : i - n, ky = j;
      // First derivatives of a Nyquist mode are not representable on the grid: set to zero.
      kx_[idx] = i == n / 2 ? 0.0 : kx;
      ky_[idx] = j == n / 2 ? 0.0 : ky;
      lap_[idx] = 4.0 * M_PI * M_PI * (kx * kx + ky * ky);
      dealias_[idx] = (std::abs(kx) <= cut && std::abs(ky) <= cut) ? 1.0 : 0.0;
    }
  std::vector<double> f(static_cast<size_t>(n) * n, 0.0);
  if (cfg.forced)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const double s = 2.0 * M_PI * (static_cast<double>(i) / n + static_cast<double>(j) / n);
        f[static_cast<size_t>(i) * n + j] = 0.1 * (std::sin(s) + std::cos(s));
      }
  transform_forward(f, f_hat_);
  w_hat_.assign(ns, 0.0);
}

NavierStokes2D::~NavierStokes2D() = default;

void NavierStokes2D::transform_forward(const std::vector<double>& in, std::vector<std::complex<double>>& out) const {
  const size_t nr = static_cast<size_t>(cfg_.n) * cfg_.n, nsp = static_cast<size_t>(cfg_.n) * (cfg_.n / 2 + 1);
  std::copy(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(nr), plans_->real);
  fftw_execute(plans_->forward);
  out.resize(nsp);
  const auto* s = reinterpret_cast<const std::complex<double>*>(plans_->spec);
  std::copy(s, s + nsp, out.begin());
}

void NavierStokes2D::transform_backward(const std::vector<std::complex<double>>& in, std::vector<double>& out) const {
  const size_t nr = static_cast<size_t>(cfg_.n) * cfg_.n;
  auto* s = reinterpret_cast<std::complex<double>*>(plans_->spec);
  std::copy(in.begin(), in.end(), s);
  fftw_execute(plans_->backward);  // unnormalised: divide by n^2
  out.resize(nr);
  const double scale = 1.0 / static_cast<double>(nr);
  for (size_t i = 0; i < nr; ++i) out[i] = plans_->real[i] * scale;
}

void NavierStokes2D::set_vorticity(const std::vector<double>& w) {
  require(w.size() == static_cast<size_t>(cfg_.n) * cfg_.n, "vorticity has " + std::to_string(w.size()) +
                                                                " values; the solver's grid needs " +
                                                                std::to_string(cfg_.n * cfg_.n));
  for (double v : w) require(std::isfinite(v), "initial vorticity holds NaN or Inf");
  transform_forward(w, w_hat_);
  time_ = 0;
}

std::vector<double> NavierStokes2D::vorticity() const {
  std::vector<double> w;
  transform_backward(w_hat_, w);
  return w;
}

void NavierStokes2D::advance(int64_t steps) {
  const size_t ns = w_hat_.size();
  const double dt = cfg_.dt, nu = cfg_.nu;
  const std::complex<double> two_pi_i(0.0, 2.0 * M_PI);
  std::vector<std::complex<double>> tmp(ns), n_hat;
  std::vector<double> u, v, wx, wy, nonlinear(static_cast<size_t>(cfg_.n) * cfg_.n);
  for (int64_t s = 0; s < steps; ++s) {
    // Velocity from the stream function psi_hat = w_hat / lap: u = d psi / dy, v = -d psi / dx.
    for (size_t i = 0; i < ns; ++i) tmp[i] = lap_[i] > 0 ? two_pi_i * ky_[i] * w_hat_[i] / lap_[i] : 0.0;
    transform_backward(tmp, u);
    for (size_t i = 0; i < ns; ++i) tmp[i] = lap_[i] > 0 ? -two_pi_i * kx_[i] * w_hat_[i] / lap_[i] : 0.0;
    transform_backward(tmp, v);
    for (size_t i = 0; i < ns; ++i) tmp[i] = two_pi_i * kx_[i] * w_hat_[i];
    transform_backward(tmp, wx);
    for (size_t i = 0; i < ns; ++i) tmp[i] = two_pi_i * ky_[i] * w_hat_[i];
    transform_backward(tmp, wy);
    for (size_t i = 0; i < nonlinear.size(); ++i) nonlinear[i] = u[i] * wx[i] + v[i] * wy[i];
    transform_forward(nonlinear, n_hat);
    for (size_t i = 0; i < ns; ++i) {
      const double half = 0.5 * dt * nu * lap_[i];
      w_hat_[i] = (-dt * n_hat[i] * dealias_[i] + dt * f_hat_[i] + (1.0 - half) * w_hat_[i]) / (1.0 + half);
    }
    time_ += dt;
  }
}

double NavierStokes2D::max_speed() const {
  const std::complex<double> two_pi_i(0.0, 2.0 * M_PI);
  std::vector<std::complex<double>> tmp(w_hat_.size());
  std::vector<double> u, v;
  for (size_t i = 0; i < tmp.size(); ++i) tmp[i] = lap_[i] > 0 ? two_pi_i * ky_[i] * w_hat_[i] / lap_[i] : 0.0;
  transform_backward(tmp, u);
  for (size_t i = 0; i < tmp.size(); ++i) tmp[i] = lap_[i] > 0 ? -two_pi_i * kx_[i] * w_hat_[i] / lap_[i] : 0.0;
  transform_backward(tmp, v);
  double m = 0;
  for (size_t i = 0; i < u.size(); ++i) m = std::max(m, std::hypot(u[i], v[i]));
  return m;
}

std::vector<double> ns_initial_vorticity(int n, std::uint64_t seed) {
  GaussianMeasure g(NoiseConfig{2.5, 7.0, std::pow(7.0, 1.5)});
  auto w = g.sample(1, n, 1.0, make_generator(torch::kCPU, seed), torch::kFloat64)[0];
  w = w - w.mean();  // zero mean mode
  w = w.contiguous();
  return std::vector<double>(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
}

}  // namespace scorefield
