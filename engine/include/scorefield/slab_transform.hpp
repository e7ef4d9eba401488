// Real 2-D FFTs of an N x N grid held as a slab of rows [row0, row0 + rows) (all of it on one
// process, or one rank's share under MPI). The spectrum of a slab holds the same rows of kx and
// all N/2 + 1 columns of ky, so per-mode arithmetic stays local.
#pragma once

#include <complex>
#include <cstdint>
#include <memory>

namespace scorefield {

class SlabTransform {
 public:
  virtual ~SlabTransform() = default;
  int n() const { return n_; }
  int64_t row0() const { return row0_; }
  int64_t rows() const { return rows_; }

  // real [rows][N] -> spectrum [rows][N/2+1], unnormalised.
  virtual void forward(const double* real, std::complex<double>* spectrum) = 0;
  // spectrum [rows][N/2+1] -> real [rows][N], divided by N^2 (the inverse of forward).
  virtual void backward(const std::complex<double>* spectrum, double* real) = 0;
  // The maximum of a per-rank value over every rank holding part of the grid.
  virtual double global_max(double local) const { return local; }

 protected:
  SlabTransform(int n, int64_t row0, int64_t rows) : n_(n), row0_(row0), rows_(rows) {}

 private:
  int n_;
  int64_t row0_, rows_;
};

// The whole grid in this process, FFTW with `threads` threads.
std::unique_ptr<SlabTransform> make_serial_transform(int n, int threads);

}  // namespace scorefield
