#include "scorefield/precision.hpp"

#include <ATen/Context.h>

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

void check_precision(Precision p, const torch::Device& device) {
  if (p == Precision::TF32 && !device.is_cuda())
    fail(ErrorKind::Unsupported,
         "tf32 precision applies to NVIDIA GPUs only (device is " + device.str() + "); use fp32 or bf16 on the CPU");
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
