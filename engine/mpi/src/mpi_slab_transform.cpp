#include "scorefield/mpi/mpi_slab_transform.hpp"

#include <fftw3-mpi.h>

#include <algorithm>
#include <string>

#include "scorefield/error.hpp"

namespace scorefield {

namespace {

// FFTW's MPI r2c transforms keep rows distributed as given (no transposed output) and need the
// real rows padded to 2 (N/2 + 1) values; this class hides both.
class MpiSlabTransform final : public SlabTransform {
 public:
  MpiSlabTransform(int n, MPI_Comm comm, ptrdiff_t alloc, ptrdiff_t rows, ptrdiff_t row0)
      : SlabTransform(n, row0, rows), comm_(comm) {
    real_ = fftw_alloc_real(static_cast<size_t>(2 * alloc));
    spec_ = fftw_alloc_complex(static_cast<size_t>(alloc));
    forward_ = fftw_mpi_plan_dft_r2c_2d(n, n, real_, spec_, comm, FFTW_MEASURE);
    backward_ = fftw_mpi_plan_dft_c2r_2d(n, n, spec_, real_, comm, FFTW_MEASURE);
    if (!real_ || !spec_ || !forward_ || !backward_)
      fail(ErrorKind::Internal, "FFTW-MPI could not plan a " + std::to_string(n) + "^2 transform");
  }
  ~MpiSlabTransform() override {
    if (forward_) fftw_destroy_plan(forward_);
    if (backward_) fftw_destroy_plan(backward_);
    fftw_free(real_);
    fftw_free(spec_);
  }

  void forward(const double* real, std::complex<double>* spectrum) override {
    const int64_t n = this->n(), padded = 2 * (n / 2 + 1), ns = rows() * (n / 2 + 1);
    for (int64_t r = 0; r < rows(); ++r) std::copy(real + r * n, real + (r + 1) * n, real_ + r * padded);
    fftw_execute(forward_);
    std::copy(reinterpret_cast<const std::complex<double>*>(spec_),
              reinterpret_cast<const std::complex<double>*>(spec_) + ns, spectrum);
  }

  void backward(const std::complex<double>* spectrum, double* real) override {
    const int64_t n = this->n(), padded = 2 * (n / 2 + 1), ns = rows() * (n / 2 + 1);
    std::copy(spectrum, spectrum + ns, reinterpret_cast<std::complex<double>*>(spec_));
    fftw_execute(backward_);
    const double scale = 1.0 / (static_cast<double>(n) * static_cast<double>(n));
    for (int64_t r = 0; r < rows(); ++r)
      for (int64_t j = 0; j < n; ++j) real[r * n + j] = real_[r * padded + j] * scale;
  }

  double global_max(double local) const override {
    double global = local;
    MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, comm_);
    return global;
  }

 private:
  MPI_Comm comm_;
  double* real_ = nullptr;
  fftw_complex* spec_ = nullptr;
  fftw_plan forward_ = nullptr, backward_ = nullptr;
};

}  // namespace

std::unique_ptr<SlabTransform> make_mpi_slab_transform(int n, MPI_Comm comm) {
  static const bool initialised = (fftw_mpi_init(), true);
  (void)initialised;
  require(n >= 4 && n % 2 == 0, "grid size must be even and >= 4");
  ptrdiff_t rows = 0, row0 = 0;
  const ptrdiff_t alloc = fftw_mpi_local_size_2d(n, n / 2 + 1, comm, &rows, &row0);
  return std::make_unique<MpiSlabTransform>(n, comm, std::max<ptrdiff_t>(alloc, 1), rows, row0);
}

}  // namespace scorefield
