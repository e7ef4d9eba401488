// The Navier-Stokes solver against analytic answers, an independent implementation and the
// expected order of its time discretisation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "scorefield/navier_stokes.hpp"

using namespace scorefield;

namespace {

std::vector<double> field(int n, double (*f)(double, double)) {
  std::vector<double> w(static_cast<size_t>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      w[static_cast<size_t>(i) * n + j] = f(static_cast<double>(i) / n, static_cast<double>(j) / n);
  return w;
}

// The analytic field of tests/reference/ns_reference.py.
double reference_initial(double x, double y) {
  return std::sin(2 * M_PI * x) * std::cos(4 * M_PI * y) + 0.5 * std::cos(2 * M_PI * (x + 3 * y)) +
         0.3 * std::sin(6 * M_PI * x) + 0.2 * std::cos(2 * M_PI * 5 * y);
}

double rel_l2(const std::vector<double>& a, const std::vector<double>& b) {
  double num = 0, den = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    num += (a[i] - b[i]) * (a[i] - b[i]);
    den += b[i] * b[i];
  }
  return std::sqrt(num / den);
}

std::vector<double> run(const std::vector<double>& w0, int n, double dt, double t_end, bool forced) {
  NavierStokes2D ns({n, 1e-3, dt, forced, 1});
  ns.set_vorticity(w0);
  ns.advance(std::llround(t_end / dt));
  return ns.vorticity();
}

}  // namespace

// A single Fourier mode is an exact steady solution of the inviscid part (u . grad w = 0 since psi
// is proportional to w), so unforced it only decays: by ((1 - h)/(1 + h))^steps with
// h = dt nu lap / 2 for Crank-Nicolson, which approaches exp(-nu lap t) to O(dt^2).
TEST(NavierStokes, SingleModeDecaysAsCrankNicolsonPredicts) {
  const int n = 32;
  const double dt = 1e-2, nu = 1e-3, lap = 4 * M_PI * M_PI * 5;  // k = (2, 1)
  auto w0 = field(n, [](double x, double y) { return std::cos(2 * M_PI * (2 * x + y)); });
  NavierStokes2D ns({n, nu, dt, false, 1});
  ns.set_vorticity(w0);
  const int steps = 500;
  ns.advance(steps);
  const double h = 0.5 * dt * nu * lap, factor = std::pow((1 - h) / (1 + h), steps);
  auto w = ns.vorticity();
  double worst = 0;
  for (size_t i = 0; i < w.size(); ++i) worst = std::max(worst, std::abs(w[i] - factor * w0[i]));
  EXPECT_LT(worst, 1e-12);
  EXPECT_NEAR(factor, std::exp(-nu * lap * ns.time()), 1e-5);
  EXPECT_NEAR(ns.time(), steps * dt, 1e-9);
}

// Acceptance: the same scheme written independently in NumPy agrees to 1e-5 relative L2 after one
// time unit at 64^2 with dt = 1e-3 (both in float64; what remains is FFT rounding).
TEST(NavierStokes, AgreesWithIndependentNumpyImplementation) {
  const int n = 64;
  const auto out = std::filesystem::temp_directory_path() / ("ns_ref_" + std::to_string(::getpid()) + ".bin");
  const std::string cmd = std::string(PYTHON3) + " " + NS_REFERENCE_SCRIPT + " 64 1e-3 1000 1e-3 1 " + out.string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::vector<double> ref(static_cast<size_t>(n) * n);
  std::ifstream(out, std::ios::binary)
      .read(reinterpret_cast<char*>(ref.data()), static_cast<std::streamsize>(ref.size() * 8));
  std::filesystem::remove(out);
  auto w = run(field(n, reference_initial), n, 1e-3, 1.0, true);
  const double err = rel_l2(w, ref);
  std::printf("relative L2 difference to NumPy: %.3e\n", err);
  EXPECT_LT(err, 1e-5);
}

// Explicit Euler on the nonlinear term makes the scheme first order in time: halving dt halves
// the error against a fine-step solution. Measured ratios must lie in [1.7, 2.3] (2 +- 15%,
// leaving room for the O(dt^2) terms at these step sizes).
TEST(NavierStokes, FirstOrderInTime) {
  const int n = 32;
  const auto w0 = ns_initial_vorticity(n, 4);
  const double t = 0.5;
  auto fine = run(w0, n, 1.25e-4, t, true);
  const double e1 = rel_l2(run(w0, n, 4e-3, t, true), fine);
  const double e2 = rel_l2(run(w0, n, 2e-3, t, true), fine);
  const double e3 = rel_l2(run(w0, n, 1e-3, t, true), fine);
  std::printf("errors %.3e %.3e %.3e, ratios %.3f %.3f\n", e1, e2, e3, e1 / e2, e2 / e3);
  EXPECT_GT(e1 / e2, 1.7);
  EXPECT_LT(e1 / e2, 2.3);
  EXPECT_GT(e2 / e3, 1.7);
  EXPECT_LT(e2 / e3, 2.3);
}

// Energy budget without forcing: kinetic energy and enstrophy can only be dissipated.
TEST(NavierStokes, UnforcedFlowDissipates) {
  const int n = 64;
  NavierStokes2D ns({n, 1e-3, 1e-3, false, 1});
  ns.set_vorticity(ns_initial_vorticity(n, 9));
  auto enstrophy = [&] {
    double s = 0;
    for (double v : ns.vorticity()) s += v * v;
    return s;
  };
  double last = enstrophy();
  for (int k = 0; k < 10; ++k) {
    ns.advance(50);
    const double now = enstrophy();
    EXPECT_LT(now, last) << "step block " << k;
    last = now;
  }
}

TEST(NavierStokes, InitialFieldHasZeroMeanAndTheFnoScale) {
  auto w = ns_initial_vorticity(64, 1);
  double mean = 0;
  for (double v : w) mean += v;
  EXPECT_NEAR(mean / w.size(), 0.0, 1e-12);
  EXPECT_THROW(NavierStokes2D({7, 1e-3, 1e-3, true, 1}), std::exception);
  NavierStokes2D ns({16, 1e-3, 1e-3, true, 1});
  EXPECT_THROW(ns.set_vorticity(std::vector<double>(10)), std::exception);
}
