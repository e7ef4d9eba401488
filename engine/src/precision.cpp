#include "scorefield/precision.hpp"

#include <ATen/Context.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "scorefield/error.hpp"

namespace scorefield {

Precision parse_precision(const std::string& name) {
  if (name == "fp32" || name == "float32") return Precision::Float32;
  if (name == "tf32") return Precision::TF32;
  if (name == "bf16" || name == "bfloat16") return Precision::BFloat16;
  fail(ErrorKind::InvalidArgument, "unknown precision '" + name + "'; use fp32, tf32 or bf16");
}

std::string to_string(Precision p) {
  switch (p) {
    case Precision::Float32: return "fp32";
    case Precision::TF32: return "tf32";
    case Precision::BFloat16: return "bf16";
  }
  return "fp32";
}

bool cpu_has_native_bf16() {
#if defined(__x86_64__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  // AVX512-BF16: CPUID leaf 7 sub-leaf 1, EAX bit 5. AMX-BF16: leaf 7 sub-leaf 0, EDX bit 22.
  const bool avx512_bf16 = __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) && (eax & (1u << 5));
  const bool amx_bf16 = __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (edx & (1u << 22));
  return avx512_bf16 || amx_bf16;
#else
  return false;
#endif
}

void check_precision(Precision p, const torch::Device& device) {
  if (p == Precision::TF32 && !device.is_cuda())
    fail(ErrorKind::Unsupported,
         "tf32 precision applies to NVIDIA GPUs only (device is " + device.str() + "); use fp32" +
             (cpu_has_native_bf16() ? " or bf16" : "") + " on the CPU");
  if (p == Precision::BFloat16 && device.is_cpu() && !cpu_has_native_bf16())
    fail(ErrorKind::Unsupported,
         "bf16 precision needs a CPU with native bfloat16 arithmetic (AVX512-BF16 or AMX) or a GPU; this CPU "
         "emulates it, with errors several times larger (docs/benchmarks.md, 'Reduced precision') and no speed "
         "gain: use fp32 here");
}

PrecisionScope::PrecisionScope(Precision p) : active_(p == Precision::TF32) {
  if (!active_) return;
  auto& ctx = at::globalContext();
  cublas_ = ctx.allowTF32CuBLAS();
  cudnn_ = ctx.allowTF32CuDNN();
  ctx.setAllowTF32CuBLAS(true);
  ctx.setAllowTF32CuDNN(true);
}

PrecisionScope::~PrecisionScope() {
  if (!active_) return;
  auto& ctx = at::globalContext();
  ctx.setAllowTF32CuBLAS(cublas_);
  ctx.setAllowTF32CuDNN(cudnn_);
}

}  // namespace scorefield
