#include "scorefield/slab_transform.hpp"

#include <fftw3.h>

#include <algorithm>
#include <mutex>
#include <string>

#include "scorefield/error.hpp"

namespace scorefield {

namespace {

// FFTW's planner is not thread-safe; plan creation and destruction take this lock.
std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

// Owns FFTW plans and their aligned work buffers.
class SerialTransform final : public SlabTransform {
 public:
  SerialTransform(int n, int threads) : SlabTransform(n, 0, n) {
    std::lock_guard<std::mutex> lock(planner_mutex());
    static const bool threads_ready = fftw_init_threads() != 0;
    if (threads_ready) fftw_plan_with_nthreads(std::max(1, threads));
    real_ = fftw_alloc_real(static_cast<size_t>(n) * n);
    spec_ = fftw_alloc_complex(static_cast<size_t>(n) * (n / 2 + 1));
    forward_ = fftw_plan_dft_r2c_2d(n, n, real_, spec_, FFTW_MEASURE);
    backward_ = fftw_plan_dft_c2r_2d(n, n, spec_, real_, FFTW_MEASURE);
    if (!real_ || !spec_ || !forward_ || !backward_)
      fail(ErrorKind::Internal, "FFTW could not plan a " + std::to_string(n) + "^2 transform");
  }
  ~SerialTransform() override {
    std::lock_guard<std::mutex> lock(planner_mutex());
    if (forward_) fftw_destroy_plan(forward_);
    if (backward_) fftw_destroy_plan(backward_);
    fftw_free(real_);
    fftw_free(spec_);
  }

  void forward(const double* real, std::complex<double>* spectrum) override {
    const size_t nr = static_cast<size_t>(n()) * n(), ns = static_cast<size_t>(n()) * (n() / 2 + 1);
    std::copy(real, real + nr, real_);
    fftw_execute(forward_);
    std::copy(reinterpret_cast<const std::complex<double>*>(spec_),
              reinterpret_cast<const std::complex<double>*>(spec_) + ns, spectrum);
  }

  void backward(const std::complex<double>* spectrum, double* real) override {
    const size_t nr = static_cast<size_t>(n()) * n(), ns = static_cast<size_t>(n()) * (n() / 2 + 1);
    std::copy(spectrum, spectrum + ns, reinterpret_cast<std::complex<double>*>(spec_));
    fftw_execute(backward_);  // destroys its input, hence the copy above
    const double scale = 1.0 / static_cast<double>(nr);
    for (size_t i = 0; i < nr; ++i) real[i] = real_[i] * scale;
  }

 private:
  double* real_ = nullptr;
  fftw_complex* spec_ = nullptr;
  fftw_plan forward_ = nullptr, backward_ = nullptr;
};

}  // namespace

std::unique_ptr<SlabTransform> make_serial_transform(int n, int threads) {
  return std::make_unique<SerialTransform>(n, threads);
}

}  // namespace scorefield
