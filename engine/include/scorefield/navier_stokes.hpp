// 2-D incompressible Navier-Stokes in vorticity form on the unit torus, the set-up of the Fourier
// Neural Operator papers:
//   w_t + u . grad w = nu Laplacian w + f,  f = 0.1 (sin 2 pi (x+y) + cos 2 pi (x+y)),
// pseudo-spectral in space: psi_hat = w_hat / (4 pi^2 |k|^2), u = (d psi/dy, -d psi/dx), the
// nonlinear term formed in physical space and dealiased by the 2/3 rule; in time, Crank-Nicolson on
// the viscous term and explicit Euler on the nonlinear term and the forcing:
//   w_hat <- (-dt N_hat + dt f_hat + (1 - dt nu lap/2) w_hat) / (1 + dt nu lap/2), lap = 4 pi^2 |k|^2.
// Fields are row-major [N][N] with w[i][j] = w(x_i, y_j), x_i = i/N, y_j = j/N. First derivatives
// of Nyquist modes are taken as zero (the usual convention; the 2/3 rule removes them anyway).
#pragma once

#include <complex>
#include <cstdint>
#include <memory>
#include <vector>

#include "scorefield/slab_transform.hpp"

namespace scorefield {

struct NavierStokesConfig {
  int n = 64;          // grid points per side
  double nu = 1e-3;    // viscosity
  double dt = 1e-4;    // time step
  bool forced = true;  // include the FNO forcing f
  int threads = 1;     // FFTW threads
};

// The solver on a slab of rows [row0, row0 + rows) of the grid: the whole grid in one process, or
// one MPI rank's share (see scorefield/mpi/navier_stokes_mpi.hpp). Fields passed in and out are
// the local slab, row-major [rows][N].
class NavierStokes2D {
 public:
  explicit NavierStokes2D(const NavierStokesConfig& cfg);
  NavierStokes2D(const NavierStokesConfig& cfg, std::unique_ptr<SlabTransform> transform);

  void set_vorticity(const std::vector<double>& w);  // rows*N values; time is reset to 0
  std::vector<double> vorticity() const;
  void advance(int64_t steps);
  double time() const { return time_; }
  double max_speed() const;  // max over the whole grid of |u|, for choosing a stable time step
  const NavierStokesConfig& config() const { return cfg_; }
  int64_t row0() const { return fft_->row0(); }  // first global row (x index) of the local slab
  int64_t rows() const { return fft_->rows(); }  // rows in the local slab

 private:
  std::vector<double> to_real(const std::vector<std::complex<double>>& spectrum) const;
  std::vector<std::complex<double>> velocity_spectrum(bool x_component) const;

  NavierStokesConfig cfg_;
  std::unique_ptr<SlabTransform> fft_;
  std::vector<std::complex<double>> w_hat_, f_hat_;
  std::vector<double> kx_, ky_, lap_, dealias_;
  double time_ = 0;
};

// The FNO papers' initial law: N(0, 7^3 (49 I - Laplacian)^(-2.5)) with the mean mode removed,
// i.e. amplitude 7^(3/2) multiplying the square root of (49 - Laplacian)^(-2.5) in the engine's
// Karhunen-Loeve normalisation (gaussian_measure.hpp). Returns n*n values.
std::vector<double> ns_initial_vorticity(int n, std::uint64_t seed);

}  // namespace scorefield
