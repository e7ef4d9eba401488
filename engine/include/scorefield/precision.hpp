// Arithmetic precision of the network during sampling (training is always float32).
//   fp32: float32 throughout (the default).
//   tf32: float32 storage, TensorFloat-32 matrix products and convolutions on NVIDIA GPUs
//         (Ampere and later); CUDA devices only.
//   bf16: the network's trunk (lift, Fourier layers, projection) in bfloat16 with float32
//         accumulation inside matrix products; its input and output, the spectral skip S_sigma
//         and the sampler's state stay float32, so the noise, the conditioning and the
//         restriction to a coarse field keep full precision. Runs on the CPU and on GPUs; it is
//         meant for GPUs (on the reference CPU it is not faster: docs/benchmarks.md).
// Either reduced precision changes samples by rounding only; tests compare their statistics with
// float32's (tests/test_precision.cpp).
#pragma once

#include <string>

#include <torch/torch.h>

namespace scorefield {

enum class Precision { Float32, TF32, BFloat16 };

Precision parse_precision(const std::string& name);  // "fp32" | "tf32" | "bf16"
std::string to_string(Precision p);

// Fails with a clear message when `p` cannot run on `device`: tf32 off CUDA, and bf16 on a CPU
// without native bfloat16 arithmetic, where LibTorch emulates it: measured on an AVX2 CPU, 16%
// off float32 on a shell of the ensemble spectrum against 1.9% with AVX512-BF16, and slower.
void check_precision(Precision p, const torch::Device& device);

// True when this CPU has native bfloat16 arithmetic (AVX512-BF16 or AMX-BF16).
bool cpu_has_native_bf16();

// Turns TF32 on for cuBLAS and cuDNN for its lifetime when `p` is tf32, and restores the
// previous settings after.
class PrecisionScope {
 public:
  explicit PrecisionScope(Precision p);
  ~PrecisionScope();
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  bool active_ = false, cublas_ = false, cudnn_ = false;
};

}  // namespace scorefield
